"""Web archives and single-file pages: each archived HTML page (status 200) read like a
saved page, with its URL and capture time; frames from inside the file; nothing fetched.
The files are written by the libraries that write these formats (warcio, email)."""

import io
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from reader.core.formats import Item, LeftOut, read_file
from reader.core.source import read_document
from reader.store.project import Project

FIXTURES = Path(__file__).resolve().parent.parent / "core" / "html_fixtures"


def _response(writer, url, body, status="200 OK", content_type="text/html; charset=utf-8"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers, length=len(body),
        warc_headers_dict={"WARC-Date": "2026-03-01T10:00:00Z"},
    )  # fmt: skip
    writer.write_record(record)


def write_warc(path, gzip=True):
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        _response(
            writer, "https://news.example/town/library", (FIXTURES / "wordpress.html").read_bytes()
        )
        _response(writer, "https://news.example/gone", b"<html>Not here</html>", "404 Not Found")
        _response(writer, "https://news.example/logo.png", b"\x89PNG....", content_type="image/png")
        _response(
            writer, "https://news.example/ferry", (FIXTURES / "framed_disqus.html").read_bytes()
        )
        frame = FIXTURES / "framed_disqus_files" / "disqus-embed.html"
        _response(
            writer, "https://news.example/framed_disqus_files/disqus-embed.html", frame.read_bytes()
        )


def test_each_archived_page_becomes_a_document_with_its_url_and_capture_time(tmp_path):
    for gzip in (True, False):
        path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
        write_warc(path, gzip)
        found = read_file(path)
        items = {f.key.split()[0]: f.document for f in found if isinstance(f, Item)}
        # The Disqus frame is part of the page that shows it, not a document of its own.
        assert set(items) == {"https://news.example/town/library", "https://news.example/ferry"}
        assert not [f for f in found if isinstance(f, LeftOut)]
        page = items["https://news.example/town/library"]
        saved = read_document(FIXTURES / "wordpress.html")
        assert [c.text for c in page.comments] == [c.text for c in saved.comments]
        assert page.site == "news.example"
        assert page.date == "2026-03-01T10:00:00Z"
        assert ("URL", "https://news.example/town/library") in page.metadata
        # The thread drawn in a frame is read from the frame the archive captured.
        framed = items["https://news.example/ferry"]
        assert len(framed.comments) == len(read_document(FIXTURES / "framed_disqus.html").comments)
        assert len(framed.comments) > 0


def test_a_page_saved_as_mhtml_reads_as_the_page_not_as_mime(tmp_path):
    html = (FIXTURES / "wordpress.html").read_bytes()
    message = EmailMessage(policy=default)
    message["Snapshot-Content-Location"] = "https://news.example/town/library"
    message["Subject"] = "The Town That Voted"
    message["MIME-Version"] = "1.0"
    message.make_related()
    page = EmailMessage(policy=default)
    page.set_content(html, maintype="text", subtype="html", cte="quoted-printable")
    page.replace_header("Content-Type", "text/html; charset=utf-8")
    page["Content-Location"] = "https://news.example/town/library"
    message.attach(page)
    image = EmailMessage(policy=default)
    image.set_content(b"\x89PNG\r\n\x1a\n" + bytes(64), maintype="image", subtype="png")
    image["Content-Location"] = "https://news.example/logo.png"
    message.attach(image)
    path = tmp_path / "library.mhtml"
    path.write_bytes(message.as_bytes())
    (item,) = read_file(path)
    saved = read_document(FIXTURES / "wordpress.html")
    assert [c.text for c in item.document.comments] == [c.text for c in saved.comments]
    assert item.document.title == saved.title
    assert "Content-Type" not in item.document.text
    with Project.open(tmp_path / "p.reader") as project:
        (outcome,) = project.import_files([path])
        assert outcome.status == "imported"
        assert project.summary(outcome.document_id).comment_count == len(saved.comments)


DATA = Path(__file__).resolve().parent / "data"


def test_archives_written_by_real_tools_read_their_pages(tmp_path):
    """WARC files from warcprox/webrecorder (chunked HTTP) and wget (target URI in angle
    brackets), published with warcio's tests (see data/README.md)."""
    expected = {
        "example.warc.gz": ("Example Domain", "example.com", "http://example.com/"),
        "example-wget-bad-target-uri.warc.gz": (
            "Example Domain", "example.com", "http://example.com/",
        ),
        "example-iana.org-chunked.warc": (
            "Internet Assigned Numbers Authority", "www.iana.org", "http://www.iana.org/",
        ),
    }  # fmt: skip
    for name, (title, site, url) in expected.items():
        (item,) = [f for f in read_file(DATA / name) if isinstance(f, Item)]
        assert item.document.title == title
        assert item.document.site == site
        assert ("URL", url) in item.document.metadata
        assert item.document.date and item.document.date.endswith("Z")
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([DATA / name for name in expected])
        assert sorted(o.status for o in outcomes) == ["imported"] * 3
