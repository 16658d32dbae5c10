"""Nothing is read as what it is not: the reader is chosen by content as well as name,
and a file no reader understands is refused with what it is."""

import gzip
import io
import sqlite3
import zipfile

import pytest

from reader.core.formats import identify_file, read_file
from reader.core.formats.identify import identify
from reader.core.textio import UnreadableFile
from reader.store.project import Project


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


REFUSED = {
    "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
    "notes.gz": (gzip.compress(b"hello"), "gzip-compressed"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".doc"),
    "fake.docx": (b"just some words", "not a zip archive"),
    "bundle.zip": (_zip({"a.txt": b"x"}), "a zip archive"),
    "book.xlsx": (_zip({"xl/workbook.xml": b"<x/>"}), "Excel workbook"),
    "page.mhtml": (b"Just some words, not MIME at all.\n", "not MIME"),
    "clip.mp4": (b"\x00\x00\x00\x18ftypmp42" + bytes(100), "video"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_file_no_reader_understands_is_refused_with_what_it_is(tmp_path, name):
    data, words = REFUSED[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert identify_file(path).reader is None
    with pytest.raises(UnreadableFile, match=words):
        read_file(path)


def test_a_project_file_is_named_as_one(tmp_path):
    path = tmp_path / "other.reader"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(UnreadableFile, match="Open Project"):
        read_file(path)


def test_content_wins_over_the_name():
    assert identify(b"{\\rtf1\\ansi hello}", "scrape.txt").reader == "rtf"
    assert identify(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "crawl.txt").reader == "warc"
    mime = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n"
    assert identify(mime, "page.html").reader == "mhtml"
    assert identify(b"%PDF-1.7\n", "report.txt").reader == "pdf"
    assert identify(b'{"id": 1, "text": "hi"}\n{"id": 2, "text": "yo"}\n', "x.txt").reader == (
        "dataset"
    )
    # A scrape that merely opens with a bracket is still a scrape.
    assert identify(b"[Updated] The council voted on Tuesday.\n", "a.txt").reader == "text"


def test_a_folder_import_reports_each_refused_file_and_imports_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("A headline\n\nThe article's only paragraph.\n")
    (folder / "broken.pdf").write_bytes(b"not a pdf at all")
    (folder / "fake.docx").write_bytes(b"words")
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([folder])
        by_name = {o.shown: o for o in outcomes}
        assert by_name["story.txt"].status == "imported"
        assert by_name["broken.pdf"].status == "failed"
        assert "does not start with %PDF" in by_name["broken.pdf"].reason
        assert "not a zip archive" in by_name["fake.docx"].reason
        assert len(project.documents()) == 1
