"""The web addresses each saved page declares for itself, kept in ``document_urls``.

:func:`record_from_file` reads them from a page file's head (see
``reader.core.web_address.page_urls``) when the page is imported; the project calls it
after each import or update of a page. :func:`addresses` gives every document's, reading
them for pages imported before Reader kept them (when their file is still there).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.source import is_html_path
from reader.core.web_address import page_urls
from reader.store.schema import write

HEAD_BYTES = 262_144  # a page's addresses are in its head, near the top


def _read_head(path: Path) -> str | None:
    try:
        with Path(path).open("rb") as f:
            data = f.read(HEAD_BYTES)
    except OSError:
        return None
    if not is_html_path(path) and b"<html" not in data[:4096].lower():
        return None
    return data.decode("utf-8", errors="replace")


def declared(path: Path) -> tuple[str, ...]:
    """The addresses the page at ``path`` declares in its head; none for a file that is
    not a page."""
    head = _read_head(path)
    return page_urls(head) if head is not None else ()


def record_from_file(conn: sqlite3.Connection, doc_id: int, path: Path) -> tuple[str, ...]:
    """Record the addresses the page at ``path`` declares as ``doc_id``'s (replacing any
    recorded before); a file that is not a page records none."""
    return record(conn, doc_id, declared(path))


def record(conn: sqlite3.Connection, doc_id: int, urls: tuple[str, ...]) -> tuple[str, ...]:
    """Record ``urls`` as ``doc_id``'s addresses (a page of a web archive knows its own),
    replacing any recorded before."""
    with write(conn):
        replace(conn, doc_id, urls)
    return urls


def replace(conn: sqlite3.Connection, doc_id: int, urls: tuple[str, ...]) -> None:
    """:func:`record`, inside the caller's transaction."""
    conn.execute("DELETE FROM document_urls WHERE document_id = ?", (doc_id,))
    # A page that declares none gets an empty row: it has been looked at.
    conn.executemany(
        "INSERT OR IGNORE INTO document_urls (document_id, url) VALUES (?, ?)",
        [(doc_id, u) for u in urls or ("",)],
    )


def addresses(conn: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    """Every document's recorded addresses (by document id). A page imported before
    Reader kept them is read once, if its file is still there."""
    found: dict[int, list[str]] = {}
    rows = conn.execute("SELECT document_id, url FROM document_urls ORDER BY rowid")
    for doc_id, url in rows:
        if url:
            found.setdefault(doc_id, []).append(url)
    missing = conn.execute(
        "SELECT id, source_path FROM documents WHERE id NOT IN "
        "(SELECT document_id FROM document_urls)"
    ).fetchall()
    for doc_id, source in missing:
        if is_html_path(source) and Path(source).is_file():
            urls = record_from_file(conn, doc_id, Path(source))
            if urls:
                found[doc_id] = list(urls)
    return {k: tuple(v) for k, v in found.items()}
