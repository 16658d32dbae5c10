"""A document's properties (issue 17): what a news database, a QDA project, a dataset or
a web archive says about a document is shown, searched with ``meta:`` and exported (CSV
and XLSX columns, a Documents sheet, REFI-QDA variables that come back on import)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reader.core.properties import described, matches, source_parts
from reader.core.query import QueryError, parse_query
from reader.core.records import SearchCount
from reader.store.project import Project
from tests.formats.test_documents import MAKERS, NEXIS

WARC = Path(__file__).parent.parent / "formats" / "data" / "example.warc.gz"


@pytest.fixture
def nexis_project(tmp_path):
    path = tmp_path / "nexis.docx"
    MAKERS["docx"](path, NEXIS)  # written by python-docx
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([path, WARC])
        assert [o.status for o in outcomes] == ["imported"] * 3
        yield project


def test_a_file_of_many_documents_names_its_file_and_the_item(nexis_project, tmp_path):
    summaries = nexis_project.documents()
    assert [source_parts(s.source_path) for s in summaries] == [
        (str(tmp_path / "nexis.docx"), "0001"),
        (str(tmp_path / "nexis.docx"), "0002"),
        (str(WARC.resolve()), "http://example.com/ 2017-03-06T04:02:06Z"),
    ]
    assert source_parts("/home/a/notes #3.txt") == ("/home/a/notes #3.txt", None)
    odd = tmp_path / "notes.txt#2.txt"  # a scrape whose own name holds "#"
    odd.write_text("A headline\n\nA paragraph.\n", encoding="utf-8")
    assert source_parts(str(odd)) == (str(odd), None)
    assert source_parts("/d/x#y.warc#http://a/#b c") == ("/d/x#y.warc", "http://a/#b c")


def test_the_source_properties_are_shown_once_each(nexis_project):
    first = nexis_project.load(nexis_project.documents()[0].id)
    assert described(first) == (
        ("Headline", "Ferry service to end in May"), ("Outlet", "The Island Times"),
        ("Date", "March 3, 2026 Tuesday"), ("Byline", "Jane Doe"), ("Length", "412 words"),
        ("Section", "NEWS; Pg. 3"), ("Database", "Nexis Uni"),
    )  # fmt: skip
    page = nexis_project.load(nexis_project.documents()[2].id)
    assert dict(described(page))["Captured"] == "2017-03-06T04:02:06Z"
    assert matches(described(page), "url", "EXAMPLE.com")
    assert not matches(described(page), "Outlet", "example")


def test_meta_filters_are_read_from_the_query():
    assert parse_query("ferry meta:Outlet=Times").meta == (("Outlet", "Times"),)
    assert parse_query('ferry meta:"Outlet=Island Times" meta:Jane').meta == (
        ("Outlet", "Island Times"), (None, "Jane"),
    )  # fmt: skip
    with pytest.raises(QueryError, match="needs a value"):
        parse_query("ferry meta:Outlet=")


def test_search_keeps_hits_in_documents_whose_properties_hold(nexis_project):
    assert {h.title for h in nexis_project.search("voted")} == {
        "Ferry service to end in May", "Council keeps the library open",
    }  # fmt: skip
    hits = nexis_project.search('voted meta:"Outlet=island times"')
    assert [h.title for h in hits] == ["Ferry service to end in May"]
    assert nexis_project.search_count('voted meta:"Outlet=island times"') == SearchCount(1, 1)
    assert nexis_project.search("voted meta:Length=230")[0].title == (
        "Council keeps the library open"
    )
    assert nexis_project.search("voted meta:Outlet=Nowhere") == []
    assert nexis_project.search_count("voted meta:Outlet=Nowhere") == SearchCount(0, 0)


def _tag_everything(project):
    tag = project.add_tag("Ferry")
    for s in project.documents():
        text = project.load(s.id).text
        project.add_annotation(s.id, 0, min(20, len(text)), [tag.id], "")


def test_csv_and_xlsx_carry_the_properties(nexis_project, tmp_path):
    import openpyxl

    _tag_everything(nexis_project)
    nexis_project.export("csv", tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["meta:Outlet"] for r in rows] == ["The Island Times", "The Mainland Gazette", ""]
    assert rows[2]["meta:URL"] == "http://example.com/" and rows[0]["meta:URL"] == ""
    nexis_project.export("xlsx", tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames[-1] == "Documents"
    sheet = book["Documents"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["document", "title"] and "Length" in header and "Captured" in header
    second = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert second["Outlet"] == "The Mainland Gazette" and second["Length"] == "230 words"
    segments = book["Coded segments"]
    seg_header = [c.value for c in segments[1]]
    assert seg_header.index("meta:Outlet") > seg_header.index("coder")


def test_refi_qda_variables_carry_the_properties_and_come_back(nexis_project, tmp_path):
    from reader.store.export.refi import read_qdpx

    _tag_everything(nexis_project)
    nexis_project.export("qdpx", tmp_path / "out.qdpx")
    exported = read_qdpx(tmp_path / "out.qdpx")
    names = {n for source in exported.sources for n, _v in source.variables}
    assert {"Outlet", "Length", "Captured", "URL"} <= names
    (tmp_path / "nexis.docx").rename(tmp_path / "moved.docx")  # read from the qdpx itself
    with Project.open(tmp_path / "other.reader") as other:
        other.import_files([tmp_path / "out.qdpx"])
        by_title = {s.title: other.load(s.id) for s in other.documents()}
        meta = dict(by_title["Council keeps the library open"].metadata)
        assert meta["Outlet"] == "The Mainland Gazette" and meta["Length"] == "230 words"
        assert other.search("voted meta:Outlet=Mainland")[0].title.startswith("Council")


def test_the_reports_head_each_document_with_its_properties(nexis_project, tmp_path):
    first = nexis_project.documents()[0].id
    nexis_project.export("md", tmp_path / "out.md", document_id=first)
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "Outlet: The Island Times  \nDate: March 3, 2026 Tuesday" in text
    nexis_project.export("html", tmp_path / "out.html")
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "Length: 230 words" in page and "Captured: 2017-03-06T04:02:06Z" in page
