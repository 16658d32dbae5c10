"""REFI-QDA import: Reader → qdpx → Reader is exact, and projects written the way other
tools write them (names, folders, colours, CRLF counted either way) come in with every
coding on its words."""

import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from reader.core.formats import Item, LeftOut, read_file
from reader.store.project import Project

SEEDS = sorted((Path(__file__).resolve().parent.parent.parent / "seeds").glob("*.txt"))
NS = "urn:QDA-XML:project:1.0"


def _coded_project(path):
    project = Project.open(path)
    project.import_files(SEEDS[:3])
    top = project.add_tag("Crisis", colour="#aa0000", description="Talk of crisis")
    child = project.add_tag("Blame", parent=top.id)
    for s in project.documents():
        doc = project.load(s.id)
        project.add_annotation(s.id, 10, 40, [top.id], "why this matters", coder="Ann")
        if doc.comments:
            c = doc.comments[-1]
            project.add_annotation(s.id, c.start, c.start + 15, [child.id, top.id], coder="Bob")
    return project


def _state(project):
    docs = [(s.title, project.load(s.id).text, s.comment_count) for s in project.documents()]
    tags = [(t.id, t.name, t.colour, t.description, t.parent) for t in project.tags()]
    notes = sorted(
        (a.id, a.start, a.end, a.exact, a.note, a.tags, a.coder) for a in project.annotations()
    )
    return docs, tags, notes


def test_reader_to_qdpx_to_reader_is_exact(tmp_path):
    with _coded_project(tmp_path / "a.reader") as first:
        first.export("qdpx", tmp_path / "out.qdpx")
        before = _state(first)
    with Project.open(tmp_path / "b.reader") as second:
        outcomes = second.import_files([tmp_path / "out.qdpx"])
        assert {o.status for o in outcomes} == {"imported"}
        assert _state(second) == before
        # Importing it again adds nothing.
        second.import_files([tmp_path / "out.qdpx"])
        assert _state(second) == before
    # The codings alone, onto the documents of a project that has them.
    with Project.open(tmp_path / "c.reader") as third:
        third.import_files(SEEDS[:3])
        result = third.import_qdpx_annotations(tmp_path / "out.qdpx")
        assert result.annotations_added == len(before[2])
        assert _state(third)[2] == before[2]


def _el(parent, element, /, **attrs):
    return ET.SubElement(parent, f"{{{NS}}}{element}", attrs)


def _other_tool_qdpx(path, crlf_as_two):
    """A project shaped as NVivo/MAXQDA/ATLAS.ti write them, made with ElementTree."""
    text = "Interview one\r\n\r\nQ: What happened?\r\nA: The ferry stopped running in May.\r\n"
    quote = "The ferry stopped running"
    start = text.index(quote) if crlf_as_two else text.replace("\r\n", "\n").index(quote)
    root = ET.Element(f"{{{NS}}}Project", {"name": "Study", "origin": "Another tool 1.0"})
    users = _el(root, "Users")
    _el(users, "User", guid="u1", name="Ann")
    _el(users, "User", guid="u2", name="Bob")
    codes = _el(_el(root, "CodeBook"), "Codes")
    parent = _el(codes, "Code", guid="c-parent", name="Transport", isCodable="true",
                 color="#FF3366CC")  # fmt: skip
    _el(parent, "Code", guid="c-child", name="Ferry", isCodable="true", color="#0a0")
    memo = _el(codes, "Code", guid="c-rgb", name="Harbour", isCodable="true", color="255,0,0")
    _el(memo, "NoteRef", targetGUID="n2")
    variables = _el(root, "Variables")
    _el(variables, "Variable", guid="v1", name="Age", typeOfVariable="Integer")
    sources = _el(root, "Sources")
    src = _el(sources, "TextSource", guid="s1", name="interview1.txt",
              plainTextPath="internal://s1.txt")  # fmt: skip
    sel = _el(src, "PlainTextSelection", guid="sel1", name=quote, startPosition=str(start),
              endPosition=str(start + len(quote)), creatingUser="u2")  # fmt: skip
    coding = _el(sel, "Coding", guid="k1")
    _el(coding, "CodeRef", targetGUID="c-child")
    _el(coding, "NoteRef", targetGUID="n3")
    _el(sel, "NoteRef", targetGUID="n1")
    vv = _el(src, "VariableValue")
    _el(vv, "VariableRef", targetGUID="v1")
    _el(vv, "IntegerValue").text = "42"
    inline = _el(sources, "TextSource", guid="s2", name="inline note")
    _el(inline, "PlainTextContent").text = "A short typed source about the harbour."
    pdf = _el(sources, "PDFSource", guid="s3", name="report.pdf", path="internal://s3.pdf")
    sel = _el(pdf, "PDFSelection", guid="sel3", firstX="1", firstY="1", secondX="2",
              secondY="2", page="1")  # fmt: skip
    _el(_el(sel, "Coding", guid="k3"), "CodeRef", targetGUID="c-parent")
    note = _el(_el(root, "Notes"), "Note", guid="n1", name="memo")
    _el(note, "PlainTextContent").text = "Service cut after the budget vote."
    for guid, words in (("n2", "Anything about the port."), ("n3", "Bob's note on the coding.")):
        _el(_el(root.find(f"{{{NS}}}Notes"), "Note", guid=guid), "PlainTextContent").text = words
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("Study Export.qde", ET.tostring(root, xml_declaration=True, encoding="utf-8"))
        z.writestr("Sources/s1.txt", text.encode("utf-8"))
        z.writestr("Sources/s3.pdf", b"%PDF-1.4 not read")


def test_a_project_from_another_tool_comes_in_liberally(tmp_path):
    for crlf_as_two in (True, False):
        path = tmp_path / f"other-{crlf_as_two}.qdpx"
        _other_tool_qdpx(path, crlf_as_two)
        found = read_file(path)
        assert [f.label for f in found if isinstance(f, Item)] == ["interview1.txt", "inline note"]
        (left,) = [f for f in found if isinstance(f, LeftOut)]
        assert (
            left.label == "report.pdf" and "PDF" in left.reason and "1 coded passage" in left.reason
        )
        with Project.open(tmp_path / f"p-{crlf_as_two}.reader") as project:
            outcomes = project.import_files([path])
            assert [(o.status, o.item) for o in outcomes] == [
                ("imported", "interview1.txt"), ("imported", "inline note"),
                ("failed", "report.pdf"),
            ]  # fmt: skip
            tags = {t.name: t for t in project.tags()}
            assert tags["Transport"].colour == "#3366cc"
            assert (
                tags["Ferry"].colour == "#00aa00" and tags["Ferry"].parent == tags["Transport"].id
            )
            (annotation,) = project.annotations()
            assert annotation.exact == "The ferry stopped running"
            assert annotation.tags == (tags["Ferry"].id,)
            assert "Service cut after the budget vote." in annotation.note
            assert annotation.coder == "Bob"  # the coding's creatingUser
            assert "Bob's note on the coding." in annotation.note
            assert tags["Harbour"].colour == "#ff0000"
            assert tags["Harbour"].description == "Anything about the port."
            doc = project.load(outcomes[0].document_id)
            assert ("Age", "42") in doc.metadata


def test_the_cli_imports_a_qdpx_and_names_what_it_left_out(tmp_path):
    path = tmp_path / "other.qdpx"
    _other_tool_qdpx(path, True)
    result = subprocess.run(
        [sys.executable, "-m", "reader.app", "import", str(tmp_path / "p.reader"), str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"imported   {path} › interview1.txt"
    assert lines[2].startswith(f"failed     {path} › report.pdf: a PDF source")


def test_a_saved_page_comes_back_with_its_thread_while_its_file_is_there(tmp_path):
    page = Path(__file__).resolve().parent.parent / "core" / "html_fixtures" / "wordpress.html"
    with Project.open(tmp_path / "a.reader") as first:
        (outcome,) = first.import_files([page])
        doc = first.load(outcome.document_id)
        c = doc.comments[1]
        first.add_annotation(outcome.document_id, c.start, c.start + 10, note="on a reply")
        first.export("qdpx", tmp_path / "pages.qdpx")
    with Project.open(tmp_path / "b.reader") as second:
        (outcome,) = second.import_files([tmp_path / "pages.qdpx"])
        back = second.load(outcome.document_id)
        assert [(x.id, x.parent, x.author) for x in back.comments] == [
            (x.id, x.parent, x.author) for x in doc.comments
        ]
        (annotation,) = second.annotations()
        assert annotation.comment_id == c.id


def test_without_quoted_names_the_writing_tool_decides_how_crlf_counts():
    from reader.core.formats.qdpx import QdaSelection, position_map

    raw = "Line one\r\nLine two\r\n"
    sel = (QdaSelection("s", 10, 18, "", (), "", None),)  # no name to check against
    assert position_map(raw, sel, "ATLAS.ti 23.2")(10) == 10  # a CRLF counted once
    assert position_map(raw, sel, "MAXQDA 2024")(10) == 9  # twice: "Line two" starts at 9
