"""Exports: each format read back and compared with the project; the REFI-QDA files
validated against the published schemas; formula injection; atomic writes."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from reader.app import main
from reader.store.export import ExportCancelled, ExportError, report
from reader.store.export.refi import read_qdc, read_qdpx
from reader.store.export.rows import COLUMNS, FORMULA_STARTS, neutralise, restore, row
from reader.store.retrieval import tag_paths
from tests.store.coded import build

DATA = Path(__file__).parent / "data"


@pytest.fixture
def coded(tmp_path, project):
    """The coded corpus, on each engine (``conftest.project``)."""
    return build(tmp_path, project)


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / name)))


# ---- csv -------------------------------------------------------------------------------


def test_csv_round_trip_with_bom_and_neutralised_formulas(coded, tmp_path):
    p = coded.project
    out = tmp_path / "segments.csv"
    result = p.export("csv", out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(lines[0]) == COLUMNS
    expected = [row(s) for s in p.coded_segments(untagged=True)]
    assert result.items == len(expected) == len(lines) - 1
    back = [
        [int(c) if COLUMNS[i] in ("start", "end") else restore(c) for i, c in enumerate(r)]
        for r in lines[1:]
    ]
    assert back == expected
    for r in lines[1:]:
        for cell in r:
            assert not cell.startswith(FORMULA_STARTS), cell
    quotes = {r[COLUMNS.index("quote")] for r in lines[1:]}
    assert "'=1+1 is how spreadsheets get you" in quotes
    notes = {r[COLUMNS.index("note")] for r in lines[1:]}
    assert {"'+ formula-looking note", "'@ only a note"} <= notes
    assert data.count(b"\r\n") >= len(lines)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5 dead", "'-5 dead"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("'quoted", "'quoted"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_formula_injection_cases(cell, written):
    assert neutralise(cell) == written
    assert restore(written) == cell


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab "), max_size=8) | st.text(max_size=8))
def test_neutralise_is_safe_and_lossless(cell):
    out = neutralise(cell)
    assert not out.startswith(FORMULA_STARTS)
    assert restore(out) == cell


# ---- xlsx ------------------------------------------------------------------------------


def test_xlsx_rows_frequencies_and_codebook(coded, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    p = coded.project
    out = tmp_path / "segments.xlsx"
    p.export("xlsx", out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Coded segments", "Tag frequencies", "Codebook"]
    sheet = book["Coded segments"]
    rows = [[c.value if c.value is not None else "" for c in r] for r in sheet.iter_rows()]
    assert tuple(rows[0]) == COLUMNS
    assert rows[1:] == [row(s) for s in p.coded_segments(untagged=True)]
    formula = next(
        c for r in sheet.iter_rows() for c in r if c.value == "=1+1 is how spreadsheets get you"
    )
    assert formula.data_type == "s"  # a string, never a formula
    f = p.tag_frequencies()
    freq = [[c.value for c in r] for r in book["Tag frequencies"].iter_rows()]
    paths = tag_paths(p.tags())
    assert freq[0] == ["document", "title", *(paths[t.id] for t in f.tags)]
    assert freq[1][2:] == list(f.counts[0])
    assert freq[-2] == ["all documents", "", *f.totals]
    codebook = [[c.value for c in r] for r in book["Codebook"].iter_rows()]
    assert [r[0] for r in codebook[1:]] == [paths[t.id] for t in p.tags()]
    assert codebook[1][2] == "#336699" and codebook[1][3] == "What sources assert"


# ---- REFI-QDA ----------------------------------------------------------------------------


def test_qdpx_validates_and_reads_back(coded, tmp_path):
    p = coded.project
    out = tmp_path / "project.qdpx"
    result = p.export("qdpx", out, creator="Ana")
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        qde = z.read("project.qde")
    assert names[-1] == "project.qde"
    assert all(n.startswith("sources/") and n.endswith(".txt") for n in names[:-1])
    assert qde.startswith(b'<?xml version="1.0" encoding="utf-8"?>')  # no BOM before it
    schema = _schema("Project.xsd")
    assert schema.validate(etree.fromstring(qde)), schema.error_log
    assert b'color="#336699"' in qde or b'color="#336699"'.upper() in qde.upper()

    back = read_qdpx(out)
    tags = p.tags()
    assert [(c.guid, c.name, c.colour, c.description) for c in back.codes] == [
        (t.id, t.name, t.colour, t.description) for t in tags
    ]
    assert [c.parent for c in back.codes] == [t.parent for t in tags]
    texts = {s.description: s.text for s in back.sources}  # Description: the source path
    for summary in p.documents():
        assert texts[summary.source_path] == p.load(summary.id).text
    placed = [a for a in p.annotations() if not a.orphan]
    assert result.items == len(placed) == len(back.selections)
    assert result.left_out and "1 passages" in result.left_out[0]
    by_source = {s.guid: s for s in back.sources}
    for a, sel in zip(placed, back.selections, strict=True):
        assert sel.guid == a.id
        assert by_source[sel.source].text[sel.start : sel.end] == a.exact  # code points
        assert sel.codes == a.tags
        assert sel.description == a.note
        assert sel.created == a.created
    # comments as cases: the reply carries its own id and its parent's
    doc = p.load(coded.tricky)
    reply = doc.comments[1]
    [case] = [c for c in back.cases if ("Comment id", reply.id) in c.variables]
    assert ("Parent comment id", doc.comments[0].id) in case.variables
    [in_reply] = [a for a in placed if a.comment_id == reply.id]
    span, *coded_in_it = case.selections
    assert coded_in_it == [in_reply.id]
    assert span not in {sel.guid for sel in back.selections}  # the case's text, not a passage
    [(source, start, end)] = case.spans
    assert case.sources == (source,)
    text = next(x for x in back.sources if x.guid == source).text
    assert text[start:end] == doc.text[reply.start : reply.end]
    source_vars = dict(back.sources[0].variables)
    assert source_vars["Source path"].endswith("tricky.txt")


def test_qdpx_with_emoji_counts_code_points(coded, tmp_path):
    p = coded.project
    out = tmp_path / "p.qdpx"
    p.export("qdpx", out)
    back = read_qdpx(out)
    first = p.annotations(coded.tricky)[1]  # after "Goris 🚀": an emoji before it
    [sel] = [s for s in back.selections if s.guid == first.id]
    text = next(x for x in back.sources if x.guid == sel.source).text
    assert text[sel.start : sel.end] == first.exact == "3 people died 👩‍👩‍👧"


def test_qdpx_of_a_project_without_tags_is_valid(tmp_path, seeds):
    from reader.store.project import Project

    with Project.open(tmp_path / "x.reader", backup_dir=tmp_path / "b") as p:
        p.import_files(seeds[:1])
        p.export("qdpx", tmp_path / "x.qdpx")
        with zipfile.ZipFile(tmp_path / "x.qdpx") as z:
            qde = etree.fromstring(z.read("project.qde"))
        assert _schema("Project.xsd").validate(qde)
        with pytest.raises(ExportError, match="codebook is empty"):
            p.export("qdc", tmp_path / "x.qdc")


def test_qdc_validates_and_reads_back(coded, tmp_path):
    p = coded.project
    out = tmp_path / "codebook.qdc"
    assert p.export("qdc", out).items == 3
    data = out.read_bytes()
    schema = _schema("Codebook.xsd")
    assert schema.validate(etree.fromstring(data)), schema.error_log
    codes = read_qdc(data)
    assert [(c.guid, c.name, c.parent, c.colour) for c in codes] == [
        (t.id, t.name, t.parent, t.colour) for t in p.tags()
    ]


def test_reading_is_liberal(tmp_path):
    qde = (
        '<?xml version="1.0"?><Project name="x"><CodeBook><Codes>'
        '<Code guid="{6F1C7F0E-5D0B-4C53-9A43-2B1F3D0C9E51}" name="A" isCodable="1" color="F00"/>'
        '</Codes></CodeBook><Sources><TextSource guid="1" name="s" plainTextPath="internal://s.txt">'
        '<PlainTextSelection guid="2" startPosition="0" endPosition="2"/></TextSource></Sources>'
        "</Project>"
    )
    with zipfile.ZipFile(tmp_path / "x.qdpx", "w") as z:
        z.writestr("Some Name.qde", qde)
        z.writestr("Sources/s.txt", "\ufeffhello")
    back = read_qdpx(tmp_path / "x.qdpx")
    assert back.codes[0].colour == "#ff0000"
    assert back.sources[0].text == "hello"
    assert back.selections[0].end == 2


# ---- w3c, md, html -------------------------------------------------------------------------


def test_w3c_through_the_export_api(coded, tmp_path):
    p = coded.project
    out = tmp_path / "a.jsonld"
    p.export("w3c", out)
    assert json.loads(out.read_text("utf-8")) == json.loads(json.dumps(p.export_w3c()))
    one = tmp_path / "one.jsonld"
    result = p.export("w3c", one, document_id=coded.plain)
    assert result.items == len(p.annotations(coded.plain))


def test_markdown_report_escapes_and_lists_every_passage(coded, tmp_path):
    p = coded.project
    out = tmp_path / "r.md"
    p.export("md", out, document_id=coded.tricky)
    text = out.read_text("utf-8")
    assert text.startswith("# Shelling near Goris 🚀 leaves \\<b\\>three\\</b\\> dead & many hurt")
    assert "\\<script\\>alert('x')\\</script\\>" in text and "<script>" not in text
    # touching passages make one bold run, each numbered where it ends
    assert "**3 people died 👩‍👩‍👧<sup>2</sup> in the shelling**<sup>3</sup>" in text
    assert "**Goris 🚀**<sup>1</sup>" in text  # a passage in the title shows the title
    for a in p.annotations(coded.tricky):
        assert report.md_escape(" ".join(a.exact.split())) in text
    assert "*Claims / Casualty figure*" in text
    assert "Note: The ministry's count. Second line: =HYPERLINK" in text
    assert "> **Comment" in text  # the reply is indented


def test_html_report_escapes_everything_and_marks_passages(coded, tmp_path):
    p = coded.project
    out = tmp_path / "r.html"
    result = p.export("html", out)
    assert result.documents == 2
    text = out.read_text("utf-8")
    tree = lxml_html.fromstring(text)
    assert tree.xpath("//script") == []
    assert tree.xpath("//b[text()='three']") == []
    doc = p.load(coded.tricky)
    article = tree.xpath("//article[@id=$i]", i=f"d{coded.tricky}")[0]
    paragraphs = article.xpath(".//p[contains(@class,'text')]")
    shown = [b for b in doc.blocks if b.kind.value != "boilerplate"]  # title: annotated
    bodies = [
        "".join(t for t in par.xpath(".//text()[not(ancestor::sup)]"))
        for par in paragraphs[: len(shown)]
    ]
    assert bodies == [b.text for b in shown]
    marked = "".join(article.xpath(".//mark//text()"))
    assert "3 people died 👩‍👩‍👧 in the shelling" in marked
    assert "<script>alert('x')</script>" in marked
    items = article.xpath(".//ol[@class='passages']/li")
    assert len(items) == len([a for a in p.annotations(coded.tricky) if not a.orphan])
    plain = tree.xpath("//article[@id=$i]", i=f"d{coded.plain}")[0]
    assert "Not found again" in plain.text_content()


# ---- safety ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "qdpx", "md", "html"])
def test_a_cancelled_export_leaves_the_previous_file(coded, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(b"previous good file")
    with pytest.raises(ExportCancelled):
        coded.project.export(fmt, out, progress=lambda done, total: done < 1)
    assert out.read_bytes() == b"previous good file"
    assert [f.name for f in tmp_path.iterdir() if f.name.endswith(".part")] == []


def test_a_failing_export_leaves_the_previous_file(coded, tmp_path, monkeypatch):
    from reader.store.export import refi

    out = tmp_path / "out.qdpx"
    out.write_bytes(b"previous good file")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(refi, "project_qde", broken)
    with pytest.raises(ExportError, match="No space left"):
        coded.project.export("qdpx", out)
    assert out.read_bytes() == b"previous good file"
    assert [f.name for f in tmp_path.iterdir() if f.name.endswith(".part")] == []


def test_progress_counts_documents(coded, tmp_path):
    seen = []
    coded.project.export("qdpx", tmp_path / "x.qdpx", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_unknown_format_and_document(coded, tmp_path):
    with pytest.raises(ExportError, match="cannot export"):
        coded.project.export("pdf", tmp_path / "x.pdf")
    with pytest.raises(ExportError, match="no document"):
        coded.project.export("md", tmp_path / "x.md", document_id=999)
    with pytest.raises(ExportError, match="whole project"):
        coded.project.export("qdc", tmp_path / "x.qdc", document_id=coded.plain)


# ---- the command -------------------------------------------------------------------------------


def test_reader_export_formats(coded, tmp_path, capsys):
    path = coded.project.location  # a file, or a shared project's database
    for fmt in ("csv", "xlsx", "qdpx", "qdc", "md", "html", "w3c"):
        out = tmp_path / f"cli.{fmt}"
        assert main(["export", path, "--format", fmt, "-o", str(out)]) == 0, fmt
        assert out.stat().st_size > 0
    said = capsys.readouterr().out
    assert "left out: 1 passages" in said
    assert main(["export", path, "--format", "md", "--document", "plain.txt", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# Talks resume in Moscow")
    assert main(["export", path, "--format", "qdpx", "--crlf", "-o", str(tmp_path / "m.qdpx")]) == 0
    assert main(["export", path, "--format", "xlsx", "-o", "-"]) == 2
    assert main(["export", path, "--format", "md", "--document", "nope", "-o", "-"]) == 2


def test_rows_as_a_view_shows_them(coded, tmp_path):
    from reader.store.export import export_rows

    openpyxl = pytest.importorskip("openpyxl")
    rows = list(reversed(coded.project.coded_segments(coded.claims)))
    export_rows(rows, tmp_path / "v.csv")
    lines = list(csv.reader(io.StringIO((tmp_path / "v.csv").read_text("utf-8-sig"))))
    assert [r[COLUMNS.index("annotation id")] for r in lines[1:]] == [r.annotation_id for r in rows]
    export_rows(rows, tmp_path / "v.xlsx", "xlsx")
    book = openpyxl.load_workbook(tmp_path / "v.xlsx")
    assert book.sheetnames == ["Coded segments"] and book.active.max_row == len(rows) + 1
    with pytest.raises(ExportError):
        export_rows(rows, tmp_path / "v.md", "md")


def test_qdpx_with_crlf_line_ends_counts_them(tmp_path, seeds):
    from reader.store.project import Project

    with Project.open(tmp_path / "x.reader", backup_dir=tmp_path / "b") as p:
        [outcome] = p.import_files(seeds[1:2])
        doc = p.load(outcome.document_id)
        last = doc.comments[-1]
        a = p.add_annotation(outcome.document_id, last.start, last.end, note="late")
        p.export("qdpx", tmp_path / "crlf.qdpx", crlf=True)
        with zipfile.ZipFile(tmp_path / "crlf.qdpx") as z:
            assert _schema("Project.xsd").validate(etree.fromstring(z.read("project.qde")))
        back = read_qdpx(tmp_path / "crlf.qdpx")
        [sel] = back.selections
        text = back.sources[0].text
        assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
        assert text[sel.start : sel.end] == a.exact.replace("\n", "\r\n")
        assert sel.start > a.start
