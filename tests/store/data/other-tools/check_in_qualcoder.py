"""Check that QualCoder reads a ``.qdpx`` Reader wrote: not run by the tests (it needs
QualCoder; see README.md beside it).

    QT_QPA_PLATFORM=offscreen /tmp/qc-venv/bin/python check_in_qualcoder.py \\
        /path/to/QualCoder/src FILE.qdpx

Imports FILE.qdpx with QualCoder's own importer (``refi.RefiImport(app, log, "qdpx")``,
the file dialog answered with FILE) into a new QualCoder project made as
``make_qualcoder.py`` makes one, then prints what QualCoder holds: its sources, codes
and codings, and for each coding whether the text QualCoder stored for it
(``code_text.seltext``) is the text its positions name in the source QualCoder stored
(``source.fulltext[pos0:pos1]``), and whether that is the passage's quote in the file
(its ``name``). Exit status 1 if any coding is off its words.
"""

import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from make_qualcoder import Log, new_project, start_qualcoder


def main(src: Path, qdpx: Path) -> int:
    said: list[str] = []
    QtWidgets, qt, refi, App = start_qualcoder(src, said)
    QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(qdpx), "qdpx"))
    app = new_project(App, src, Path("/tmp/qc-check"), "")
    refi.RefiImport(app, Log(said), "qdpx")
    cur = app.conn.cursor()
    sources = dict(cur.execute("SELECT id, fulltext FROM source"))
    codes = dict(cur.execute("SELECT cid, name FROM code_name"))
    with zipfile.ZipFile(qdpx) as z:
        root = ET.fromstring(z.read(next(n for n in z.namelist() if n.endswith(".qde"))))
    quotes = {
        (s.get("name"), int(s.get("startPosition")), int(s.get("endPosition")))
        for s in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")
    }
    print(f"QualCoder holds {len(sources)} sources, {len(codes)} codes", file=sys.stderr)
    off = 0
    rows = cur.execute("SELECT cid, fid, seltext, pos0, pos1, owner FROM code_text")
    for cid, fid, seltext, pos0, pos1, owner in rows.fetchall():
        placed = sources[fid][pos0:pos1]
        ok = placed == seltext and any(q[1:] == (pos0, pos1) for q in quotes)
        off += not ok
        print(f"{'ok ' if ok else 'OFF'} {codes[cid]!r:24} {owner:8} {placed[:50]!r}")
    notes = cur.execute("SELECT fid, pos0, pos1, memo FROM annotation").fetchall()
    for fid, pos0, pos1, memo in notes:
        print(f"note {sources[fid][pos0:pos1][:40]!r}: {memo[:40]!r}")
    cases = cur.execute("SELECT count(*) FROM cases").fetchone()[0]
    print(f"{len(notes)} annotations, {cases} cases", file=sys.stderr)
    print(f"{off} codings off their words" if off else "every coding on its words", file=sys.stderr)
    qt.quit()
    return 1 if off else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
