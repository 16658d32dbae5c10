"""A coded project through ``.qdpx`` into QualCoder's importer (a faithful reproduction of
its reading, ``tests/store/qualcoder_refi.py``): every coding at its characters with its
memo exactly (CR, emoji, markup), the codebook's nesting and descriptions, note-only
passages as annotations, comment threads as cases with their text, and each source's
file copied under its name."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from reader.store.export.refi import safe_name
from tests.store.exchange_project import build
from tests.store.qualcoder_refi import QualCoderImport
from tests.store.test_export import _schema


@pytest.fixture
def exchange(tmp_path):
    e = build(tmp_path)
    yield e
    e.project.close()


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_a_project_arrives_in_qualcoder_as_coded(exchange, tmp_path, crlf):
    # crlf: the export for MAXQDA (CRLF line ends, counted as two); QualCoder reads such a
    # source as LF text with a space after each line end, so the positions hold there too.
    p = exchange.project
    out = tmp_path / "talks.qdpx"
    p.export("qdpx", out, creator="Ana", crlf=crlf)
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde")
    assert _schema("Project.xsd").validate(etree.fromstring(qde))
    assert b"\r" not in qde and b"&#13;" in qde  # a CR as a reference, never raw

    qc = QualCoderImport(out, tmp_path / "qualcoder")
    db = qc.conn
    assert qc.messages == []
    doc = p.load(exchange.doc)
    [(fid, name, fulltext)] = db.execute("select id, name, fulltext from source").fetchall()
    assert fulltext == (doc.text.replace("\n", "\n ") if crlf else doc.text)

    def at(offset: int) -> int:  # a position in Reader's text, in QualCoder's
        return offset + doc.text.count("\n", 0, offset) if crlf else offset

    assert (
        "/" not in name and (tmp_path / "qualcoder/project.qda/documents" / f"{name}.txt").is_file()
    )

    # the codebook: three deep, descriptions exact, no leftover codes for the cases
    colours = dict(db.execute("select name, color from code_name"))
    assert colours == {t.name: t.colour.upper() for t in p.tags()}
    codes = {r[0]: r[1:] for r in db.execute("select cid, name, memo, supercid from code_name")}
    by_name = {v[0]: (cid, v) for cid, v in codes.items()}
    tags = {t.id: t for t in p.tags()}
    assert set(by_name) == {t.name for t in tags.values()}
    for t in tags.values():
        cid, (name, memo, supercid) = by_name[t.name]
        assert memo == (t.description or "")
        parent = by_name[tags[t.parent].name][0] if t.parent else None
        assert supercid == parent
    assert db.execute("select count(*) from code_cat").fetchone()[0] == 0

    # every coding, at its characters, with the note as its memo (CR and all)
    got = sorted(
        db.execute(
            "select code_name.name, pos0, pos1, seltext, code_text.memo from code_text "
            "join code_name using (cid)"
        )
    )
    want = sorted(
        (tags[t].name, at(a.start), at(a.end), a.exact, a.note)
        for a in p.annotations()
        for t in a.tags
    )
    assert got == want
    assert any("\r\n" in r[4] for r in got) and any("\rCR" in r[4] for r in got)
    notes_only = [a for a in p.annotations() if not a.tags]
    assert sorted(db.execute("select pos0, pos1, memo from annotation")) == sorted(
        (at(a.start), at(a.end), a.note) for a in notes_only
    )

    # comment threads: a case per comment holding a passage, with the comment's text
    cases = dict(db.execute("select caseid, name from cases"))
    spans = {
        cases[caseid]: (pos0, pos1)
        for caseid, pos0, pos1 in db.execute("select caseid, pos0, pos1 from case_text")
    }
    commented = {a.comment_id for a in p.annotations() if a.comment_id}
    assert len(cases) == len(spans) == len(commented) == 4  # the reply to the reply too
    for comment_id in commented:
        c = doc.comment(comment_id)
        [(pos0, pos1)] = [v for k, v in spans.items() if k.startswith(f"Comment {c.id}")]
        assert (pos0, pos1) == (at(c.start), at(c.end))
        assert fulltext[pos0:pos1].replace("\n ", "\n") == doc.text[c.start : c.end]


def test_source_names_are_safe_and_unique():
    used: set[str] = set()
    names = [
        safe_name(t, used)
        for t in ("Yerevan/Baku", "Yerevan\\Baku", "a:b*c?", "CON. ", "", "yerevan-baku")
    ]
    assert names == [
        "Yerevan-Baku", "Yerevan-Baku (2)", "a-b-c-", "CON", "Untitled document",
        "yerevan-baku (3)",
    ]  # fmt: skip
    assert safe_name("x" * 500, set()) == "x" * 120


def test_two_documents_with_one_title_keep_their_own_files(tmp_path):
    from reader.store.project import Project

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Same/Title\n\nBody text of " + name + ".\n", "utf-8")
    with Project.open(tmp_path / "x.reader", backup_dir=tmp_path / "b") as p:
        p.import_files([tmp_path / "a.txt", tmp_path / "b.txt"])
        p.export("qdpx", tmp_path / "x.qdpx")
    qc = QualCoderImport(tmp_path / "x.qdpx", tmp_path / "qc")
    assert qc.messages == []
    names = [r[0] for r in qc.conn.execute("select name from source order by id")]
    assert names == ["Same-Title", "Same-Title (2)"]
    files = sorted(f.name for f in (tmp_path / "qc/project.qda/documents").iterdir())
    assert files == ["Same-Title (2).txt", "Same-Title.txt"]


def test_carriage_returns_and_c1_controls_come_back_from_the_xml(exchange, tmp_path):
    p = exchange.project
    [a, *_] = p.annotations()
    p.set_note(a.id, "tab\there, CR\rthere, NEL\x85 and DEL\x7f, BEL\x07 dropped")
    out = tmp_path / "x.qdpx"
    p.export("qdpx", out)
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde")
    assert b"&#13;" in qde and b"&#133;" in qde and b"&#127;" in qde
    root = etree.fromstring(qde)  # a conforming parser, as every reader uses
    ns = {"q": "urn:QDA-XML:project:1.0"}
    [description] = root.xpath(
        f'//q:PlainTextSelection[@guid="{a.id}"]/q:Description', namespaces=ns
    )
    assert description.text == "tab\there, CR\rthere, NEL\x85 and DEL\x7f, BEL dropped"
    qdc = tmp_path / "x.qdc"
    p.export("qdc", qdc)
    codes = etree.fromstring(qdc.read_bytes())
    described = codes.xpath("//c:Description/text()", namespaces={"c": "urn:QDA-XML:codebook:1.0"})
    assert "Who is blamed\r\nfor what" in described
