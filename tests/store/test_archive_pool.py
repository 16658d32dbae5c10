"""A web archive's pages read in worker processes give the same documents as read one
by one here (frames captured in the archive included), with progress while the workers
are busy; a cancel keeps the pages read before it, and importing again brings the rest."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from reader.core.source import read_document
from reader.store import folder_import, page_urls
from reader.store.project import Project
from tests.benchmarks.bench_import import make_page

FIXTURES = Path(__file__).resolve().parent.parent / "core" / "html_fixtures"
PAGES = folder_import.POOL_AFTER + 6


def _response(writer, url: str, body: bytes, status: str = "200 OK") -> None:
    headers = StatusAndHeaders(
        status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
        warc_headers_dict={"WARC-Date": "2026-03-01T10:00:00Z"},
    )  # fmt: skip
    writer.write_record(record)


@pytest.fixture
def archive(tmp_path) -> Path:
    """PAGES generated pages; two pages whose thread is drawn in a captured frame, one
    framing it by a quoted address, one by a bare address with an entity in it."""
    path = tmp_path / "crawl.warc.gz"
    framed = (FIXTURES / "framed_disqus.html").read_text(encoding="utf-8")
    frame = (FIXTURES / "framed_disqus_files" / "disqus-embed.html").read_bytes()
    bare = framed.replace(
        'src="./framed_disqus_files/disqus-embed.html"',
        "src=./framed_disqus_files/disqus-embed.html?a=1&amp;b=2",
    )
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i in range(PAGES):
            _response(writer, f"https://news.example/page/{i}", make_page(i).encode("utf-8"))
            if i == 3:
                _response(writer, "https://news.example/ferry", framed.encode("utf-8"))
                _response(writer, "https://news.example/framed_disqus_files/disqus-embed.html",
                          frame)  # fmt: skip
            if i == 5:
                _response(writer, "https://news.example/bus/", bare.encode("utf-8"))
                _response(writer, "https://news.example/bus/framed_disqus_files/disqus-embed.html"
                          "?a=1&b=2", frame)  # fmt: skip
                _response(writer, "https://news.example/gone", b"<html>Gone</html>", "404 Gone")
    return path


def _import(tmp_path: Path, name: str, path: Path, workers: int, progress=None):
    project = Project.open(tmp_path / f"{name}.reader", backup_dir=tmp_path / "backups")
    project.import_workers = workers
    return project, project.import_files([path], progress=progress)


def _stored(project: Project) -> dict[str, tuple]:
    rows = project._conn.execute(
        "SELECT source_path, title, text, content_hash, parser_version, structure, site, date,"
        " comment_count FROM documents ORDER BY id"
    ).fetchall()
    return {row[0].rsplit("#", 1)[1]: row[1:] for row in rows}


def test_pages_read_in_workers_are_the_pages_read_here(tmp_path, archive) -> None:
    here, one = _import(tmp_path, "one", archive, workers=1)
    heard: list[str] = []
    pooled, two = _import(
        tmp_path, "two", archive, workers=2, progress=lambda d, t, p: heard.append(p) or True
    )
    try:
        assert [(o.status, o.item, o.document_id) for o in two] == [
            (o.status, o.item, o.document_id) for o in one
        ]
        assert len(one) == PAGES + 2 and {o.status for o in one} == {"imported"}
        assert _stored(pooled) == _stored(here)
        # Each page's address is its URL; the frames are parts of their pages.
        addresses = page_urls.addresses(pooled._conn)
        assert sorted(u for (u,) in addresses.values()) == sorted(
            [f"https://news.example/page/{i}" for i in range(PAGES)]
            + ["https://news.example/ferry", "https://news.example/bus/"]
        )
        # Both framed pages found their thread in the captured frame.
        saved = read_document(FIXTURES / "framed_disqus.html")
        framed = [
            s.comment_count for s in pooled.documents()
            if s.source_path.endswith(("/ferry 2026-03-01T10:00:00Z", "/bus/ 2026-03-01T10:00:00Z"))
        ]  # fmt: skip
        assert framed == [len(saved.comments)] * 2 and framed[0] > 0
        assert any(" pages" in p for p in heard)  # how far the archive is, while it is read
    finally:
        here.close()
        pooled.close()


def test_a_cancel_keeps_the_pages_read_before_it(tmp_path, archive) -> None:
    def cancel_after_some(done: int, total: int, label: str) -> bool:
        return not any(f"{n} pages" in label for n in range(10, PAGES + 3))

    project, outcomes = _import(tmp_path, "p", archive, workers=2, progress=cancel_after_some)
    kept = [o for o in outcomes if o.status == "imported"]
    assert outcomes[-1].status == "skipped" and outcomes[-1].reason == "the import was cancelled"
    assert 10 <= len(kept) < PAGES + 2
    assert {s.id for s in project.documents()} == {o.document_id for o in kept}
    project.import_workers = 2
    again = project.import_files([archive])
    statuses = [o.status for o in again]
    assert statuses.count("unchanged") == len(kept)
    assert statuses.count("imported") == PAGES + 2 - len(kept)
    project.close()


def test_a_file_stopped_by_an_error_keeps_what_was_read_before_it(
    tmp_path, archive, monkeypatch
) -> None:
    from reader.store import items_import

    real, calls = items_import.read_page, []

    def failing_on_the_fifth(*args):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("a reader bug")
        return real(*args)

    monkeypatch.setattr(items_import, "read_page", failing_on_the_fifth)
    project, outcomes = _import(tmp_path, "p", archive, workers=1)
    try:
        (outcome,) = outcomes
        assert outcome.status == "failed"
        assert outcome.reason == "Reader could not read its structure (a reader bug)"
        assert len(project.documents()) == 4  # the pages read before the error went in
    finally:
        project.close()
