"""Make the QualCoder-written files in ``qualcoder/`` from Reader's seeds (not run by the
tests; see README.md beside it). This script holds none of QualCoder's code: it imports
QualCoder from a checkout outside this repository.

Run in a scratch environment, never Reader's (QualCoder is GPL-3.0 and not on PyPI)::

    python3 -m venv /tmp/qc-venv && /tmp/qc-venv/bin/pip install PyQt6 qtawesome pymupdf Pillow
    QT_QPA_PLATFORM=offscreen /tmp/qc-venv/bin/python make_qualcoder.py QUALCODER_SRC OUT_DIR

``QUALCODER_SRC`` is the ``src`` folder of a QualCoder checkout. The script

1. makes a QualCoder project folder (``seeds.qda``) and its database with QualCoder's
   own table-creating code: the ``CREATE TABLE`` statements are read, at run time, from
   ``MainWindow.new_project`` in QualCoder's ``__main__.py`` (the window itself needs the
   AI stack, which is not installed), then ``App.update_coder_names`` adds the coder
   table and views, and the ``project`` row is written as ``new_project`` writes it;
2. fills it as QualCoder's dialogs do: the five seeds as text sources (and copies in
   ``documents/``), codes in categories and sub-categories, a sub-code, colours, memos
   on codes, categories, sources and codings, codings by two coders (one passage coded
   twice), annotations, a case holding two sources with case and file attributes, a
   journal entry and a project memo;
3. runs QualCoder's REFI-QDA exporters, ``refi.RefiExport(app, log, "project")`` twice
   (the line-ending dialog answered "LF" then "CRLF for MAXQDA") and
   ``RefiExport(app, log, "codebook")``; then adds a picture source with a coded area
   and exports the project once more (``seeds-picture.qdpx``); its file dialogs are
   answered with ``OUT_DIR`` and its message boxes logged instead of shown (patched
   here, not in its code).
"""

import ast
import datetime
import os
import shutil
import sys
import types
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[4] / "seeds"
DATE = "2026-12-04 21:30:00"


def qualcoder_tables(src: Path) -> list[str]:
    """The CREATE TABLE statements of ``MainWindow.new_project``, as QualCoder runs them."""
    tree = ast.parse((src / "qualcoder" / "__main__.py").read_text(encoding="utf-8"))
    new_project = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "new_project"
    )
    found = []
    for node in ast.walk(new_project):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "execute"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and str(node.args[0].value).startswith("CREATE TABLE")
        ):
            found.append(node.args[0].value)
    return found


def start_qualcoder(src: Path, said: list[str]):
    """Import QualCoder from ``src`` with what it needs stood in for (see below), in a
    QApplication, its settings in a scratch home; its message boxes append their text
    to ``said``. Returns (QtWidgets, the QApplication, ``qualcoder.refi``, ``App``)."""
    home = Path("/tmp/qc-home")
    shutil.rmtree(home, ignore_errors=True)
    (home / ".qualcoder").mkdir(parents=True)  # as QualCoder's start-up makes it
    os.environ["HOME"] = str(home)  # QualCoder keeps its settings in ~/.qualcoder
    sys.path.insert(0, str(src))
    # QualCoder's App imports its AI module for two settings helpers; the AI stack
    # (langchain, torch) is not installed, so those two are given here.
    ai = types.ModuleType("qualcoder.ai_llm")
    ai.get_default_ai_models = lambda *a, **k: []
    ai.update_ai_models = lambda *a, **k: a[0] if a else []
    sys.modules["qualcoder.ai_llm"] = ai
    # Its media player (not used by an export of text sources) needs PulseAudio, which
    # this machine lacks: Qt's multimedia modules are stood in for.
    for name in ("PyQt6.QtMultimedia", "PyQt6.QtMultimediaWidgets"):
        stub = types.ModuleType(name)
        stub.__getattr__ = lambda attr: type(attr, (), {})
        sys.modules[name] = stub

    from PyQt6 import QtWidgets

    qt = QtWidgets.QApplication([])
    import builtins

    builtins.__dict__.setdefault("_", lambda s: s)
    from qualcoder import refi
    from qualcoder.app import App

    refi.Message.exec = lambda self: said.append(self.text()) or 0
    return QtWidgets, qt, refi, App


def new_project(App, src: Path, work: Path, memo: str):
    """A new, empty QualCoder project ``work/seeds.qda`` made as ``new_project`` makes
    it; returns its ``App``."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    app = App()
    app.settings["codername"] = "ada"
    app.settings["directory"] = str(work)
    project = work / "seeds.qda"
    for sub in ("", "images", "audio", "video", "documents"):
        (project / sub).mkdir(exist_ok=True)
    app.create_connection(str(project))
    app.project_path = str(project)
    app.project_name = "seeds.qda"
    cur = app.conn.cursor()
    for statement in qualcoder_tables(src):
        cur.execute(statement)
    app.update_coder_names()
    cur.execute(
        "INSERT INTO project VALUES(?,?,?,?,?,?,?,?,null,null,null)",
        ("v17", DATE, memo, app.version, 0, 0, "ada", ""),
    )
    app.conn.commit()
    return app


class Log:
    """Stands for QualCoder's action log (a text box it appends to)."""

    def __init__(self, said: list[str]) -> None:
        self.said = said

    def append(self, text: str) -> None:
        self.said.append(text)


def main(src: Path, out: Path) -> None:
    said: list[str] = []
    QtWidgets, qt, refi, App = start_qualcoder(src, said)
    QtWidgets.QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: str(out))
    out.mkdir(parents=True, exist_ok=True)
    app = new_project(
        App, src, Path("/tmp/qc-work"), "Seeds coded in QualCoder for Reader's import tests."
    )
    project = Path(app.project_path)
    cur = app.conn.cursor()

    texts = {}
    for fid, seed in enumerate(sorted(SEEDS.glob("*.txt")), start=1):
        text = seed.read_text(encoding="utf-8")
        texts[fid] = text
        shutil.copyfile(seed, project / "documents" / seed.name)
        memo = "Armenian outlet; martial law declared." if fid == 1 else ""
        cur.execute(
            "INSERT INTO source (id, name, fulltext, mediapath, memo, owner, date) "
            "VALUES (?,?,?,?,?,?,?)",
            (fid, seed.name, text, None, memo, "ada", DATE),
        )

    cats = [  # catid, name, memo, supercatid
        (1, "Conflict", "Armed conflict, its events and actors.", None),
        (2, "Framing", "How the text frames the events.", None),
        (3, "Blame", "Who is made responsible.", 2),
    ]
    for catid, name, memo, sup in cats:
        cur.execute(
            "INSERT INTO code_cat (catid, name, owner, date, memo, supercatid) "
            "VALUES (?,?,?,?,?,?)",
            (catid, name, "ada", DATE, memo, sup),
        )
    codes = [  # cid, name, memo, catid, colour, supercid
        (1, "military", "Troops, weapons, strikes.", 1, "#F5A9A9", None),
        (2, "air strikes", "", None, "#FA5858", 1),  # a sub-code of military
        (
            3,
            "civilians",
            "What the fighting does to people who are not fighting.",
            1,
            "#81BEF7",
            None,
        ),
        (4, "victimhood", "", 2, "#F3E2A9", None),
        (5, "Azerbaijan blamed", "Blame laid on Azerbaijan's leaders.", 3, "#D0A9F5", None),
        (6, "État & société", "A name with accents and an ampersand.", None, "#A9F5A9", None),
    ]
    for cid, name, memo, catid, colour, sup in codes:
        cur.execute(
            "INSERT INTO code_name (cid, name, memo, catid, owner, date, color, supercid) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (cid, name, memo, catid, "ada", DATE, colour, sup),
        )

    def coding(cid, fid, phrase, owner="ada", memo="", nth=0):
        text = texts[fid]
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        end = start + len(phrase)
        cur.execute(
            "INSERT INTO code_text (cid, fid, seltext, pos0, pos1, owner, date, memo, "
            "important) VALUES (?,?,?,?,?,?,?,?,?)",
            (cid, fid, text[start:end], start, end, owner, DATE, memo, None),
        )
        return start, end

    coding(1, 1, "declared martial law")
    coding(1, 1, "large-scale attack along the entire Line of Contact", memo="Scale of the attack.")
    coding(2, 1, "Air strikes and artillery attacks")
    coding(4, 1, "We didn’t want war. The war was imposed on us")
    coding(
        4,
        1,
        "We didn’t want war. The war was imposed on us",
        owner="grace",
        memo="Grace: the same passage, coded blind.",
    )
    coding(5, 1, "the responsibility of this latest aggression on Azeri leadership", owner="grace")
    coding(3, 2, "civilian")
    coding(6, 3, "Azerbaijan")
    coding(1, 4, "war", owner="grace")
    coding(3, 5, "war", nth=1)
    ann = texts[1].index("Artsakh President Arayik Harutyunyan")
    cur.execute(
        "INSERT INTO annotation (fid, pos0, pos1, memo, owner, date) VALUES (?,?,?,?,?,?)",
        (
            1,
            ann,
            ann + len("Artsakh President Arayik Harutyunyan"),
            "Check the president's title in other outlets.",
            "ada",
            DATE,
        ),
    )
    ann2 = texts[2].index("civilian")
    cur.execute(
        "INSERT INTO annotation (fid, pos0, pos1, memo, owner, date) VALUES (?,?,?,?,?,?)",
        (2, ann2, ann2 + len("civilian"), "First mention of civilians.", "ada", DATE),
    )

    cur.execute(
        "INSERT INTO attribute_type VALUES (?,?,?,?,?,?)",
        ("Outlet", DATE, "ada", "Where the article appeared", "file", "character"),
    )
    cur.execute(
        "INSERT INTO attribute_type VALUES (?,?,?,?,?,?)",
        ("Year", DATE, "ada", "", "file", "numeric"),
    )
    cur.execute(
        "INSERT INTO attribute_type VALUES (?,?,?,?,?,?)",
        ("Region", DATE, "ada", "", "case", "character"),
    )
    for fid, outlet in ((1, "Asbarez"), (2, "Armenian Weekly"), (3, "Asbarez")):
        cur.execute(
            "INSERT INTO attribute (name, attr_type, value, id, date, owner) VALUES (?,?,?,?,?,?)",
            ("Outlet", "file", outlet, fid, DATE, "ada"),
        )
        cur.execute(
            "INSERT INTO attribute (name, attr_type, value, id, date, owner) VALUES (?,?,?,?,?,?)",
            ("Year", "file", "2020", fid, DATE, "ada"),
        )
    cur.execute(
        "INSERT INTO cases (caseid, name, memo, owner, date) VALUES (?,?,?,?,?)",
        (1, "Armenian press", "Articles from the Armenian diaspora press.", "ada", DATE),
    )
    cur.execute(
        "INSERT INTO attribute (name, attr_type, value, id, date, owner) VALUES (?,?,?,?,?,?)",
        ("Region", "case", "Diaspora", 1, DATE, "ada"),
    )
    for fid in (1, 2):
        cur.execute(
            "INSERT INTO case_text (caseid, fid, pos0, pos1, owner, date, memo) "
            "VALUES (?,?,?,?,?,?,?)",
            (1, fid, 0, 0, "ada", DATE, ""),
        )
    cur.execute(
        "INSERT INTO journal (name, jentry, date, owner) VALUES (?,?,?,?)",
        ("Coding log", "Started with the five seeds; codebook drafted.", DATE, "ada"),
    )
    app.conn.commit()
    app.update_coder_names()

    def export(kind: str, maxqda: bool, name: str) -> None:
        def answer(self):
            self.ui.radioButton_maxqda.setChecked(maxqda)
            return 1

        refi.RefiLineEndings.exec = answer
        refi.RefiExport(app, Log(said), kind)
        if kind == "project":
            (out / "seeds.qdpx").rename(out / name)

    for old in out.glob("*.qdpx"):
        old.unlink()
    export("project", False, "seeds.qdpx.tmp")
    export("project", True, "seeds-maxqda.qdpx")
    export("codebook", False, "")
    # A picture source with a coded area (its text sources as before): what Reader
    # cannot read is named with the reason, the rest comes in.
    from PIL import Image

    Image.new("RGB", (120, 80), (200, 60, 60)).save(project / "images" / "chart.png")
    cur.execute(
        "INSERT INTO source (id, name, fulltext, mediapath, memo, owner, date) "
        "VALUES (?,?,?,?,?,?,?)",
        (6, "chart.png", None, "/images/chart.png", "", "ada", DATE),
    )
    cur.execute(
        "INSERT INTO code_image (id, x1, y1, width, height, cid, memo, date, owner, "
        "important, pdf_page) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (6, 10, 10, 50, 30, 1, "A red chart.", DATE, "ada", None, None),
    )
    app.conn.commit()
    export("project", False, "seeds-picture.qdpx")
    (out / "seeds.qdpx.tmp").rename(out / "seeds.qdpx")
    print("\n".join(s for s in said if s), file=sys.stderr)
    print(f"written at {datetime.datetime.now():%Y-%m-%d %H:%M} by {app.version}", file=sys.stderr)
    qt.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
