"""Documents in the project: import, update, summaries, loading and corpus search.

A document's row is written in one way by every import: :func:`row_values` (what goes
in it), :func:`insert_row`, :func:`keep_decoding` (how its bytes were read) and
:func:`looks_like_html` (which parser its bytes call for); the pooled folder import
(``folder_import.py``) uses them too, and a file of many documents (``items_import.py``)
writes its documents' :class:`ItemRow` a batch at a time with :func:`store_rows`."""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import parser_version as versions
from reader.core.model import Document
from reader.core.records import DocumentSummary, ImportOutcome
from reader.core.source import (
    is_html_path,
    is_saved_page_asset,
    read_bytes,
    source_from_bytes,
)
from reader.core.textio import UnreadableFile
from reader.store import annotations, corrections_store, page_urls
from reader.store.schema import write
from reader.store.structure_json import StructureMismatch, document_from_json, document_to_json

if TYPE_CHECKING:
    from reader.core import formats


Progress = Callable[[int, int, str], bool]


def parser_version(kind: str = "text") -> str:
    """What read a document: ``text:<parser version>`` for a scrape (a stored structure
    from another version is parsed again from the text), ``html`` for a saved page, or
    ``kept:<reader>`` for other structures that came from a file's form (records of a
    comment dataset, a web archive's pages, a news export's metadata): those are kept as
    read, since the file itself is not stored."""
    if kind == "text":
        return f"text:{versions.PARSER_VERSION}"
    return "html" if kind == "html" else f"kept:{kind}"


def _kept_as_read(version: str) -> bool:
    return not version.startswith("text:")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


_SUMMARY_COLUMNS = (
    "id, title, source_path, site, date, comment_count, declared_comment_count,"
    " (SELECT encoding FROM document_decoding WHERE document_id = documents.id),"
    " (SELECT problem FROM document_decoding WHERE document_id = documents.id)"
)


def summaries(conn: sqlite3.Connection) -> list[DocumentSummary]:
    rows = conn.execute(f"SELECT {_SUMMARY_COLUMNS} FROM documents ORDER BY id").fetchall()
    return [DocumentSummary(*row) for row in rows]


def summary(conn: sqlite3.Connection, doc_id: int) -> DocumentSummary:
    row = conn.execute(
        f"SELECT {_SUMMARY_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        raise KeyError(doc_id)
    return DocumentSummary(*row)


def insert_row(conn, values: tuple, source: str) -> int:
    """Insert a document's row (``row_values`` and its source path); its id."""
    return conn.execute(
        "INSERT INTO documents (title, text, content_hash, imported_at, parser_version,"
        " structure, site, date, comment_count, declared_comment_count, source_path)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, source),
    ).lastrowid


def row_values(doc: Document, path: Path, digest: str, kind: str) -> tuple:
    """A document's row in ``documents`` (title to declared comment count), as the
    inserts and updates of this module write it."""
    site, date, count, declared = _metadata(doc)
    return (
        _title(doc, path),
        doc.text,
        digest,
        now_iso(),
        parser_version(kind),
        pack_structure(doc),
        site,
        date,
        count,
        declared,
    )


def _metadata(doc: Document) -> tuple[str | None, str | None, int, int | None]:
    site = getattr(doc, "site", None)
    date = getattr(doc, "date", None)
    return site, date, len(doc.comments), doc.declared_comment_count


def load(conn: sqlite3.Connection, doc_id: int) -> tuple[Document, str]:
    """The document and its content hash; parsed again (and stored) when the stored
    structure came from another parser version or no longer fits the model."""
    row = conn.execute(
        "SELECT text, structure, parser_version, content_hash, source_path FROM documents"
        " WHERE id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        raise KeyError(doc_id)
    text, structure, version, digest, source = row
    if version == parser_version("text") or _kept_as_read(version):
        try:
            return unpack_structure(structure, text), digest
        except StructureMismatch:
            pass
    from reader.core.parse import parse_text  # the parser loads when a text needs it

    doc = parse_text(text)
    site, date, count, declared = _metadata(doc)
    try:
        with write(conn):
            conn.execute(
                "UPDATE documents SET structure = ?, parser_version = ?, title = ?, site = ?,"
                " date = ?, comment_count = ?, declared_comment_count = ?"
                " WHERE id = ? AND content_hash = ?",
                (
                    pack_structure(doc),
                    parser_version(),
                    _title(doc, Path(source)),
                    site,
                    date,
                    count,
                    declared,
                    doc_id,
                    digest,
                ),
            )
            corrections_store.follow(conn, doc_id, corrections_store.corrected(conn, doc_id, doc))
    except sqlite3.OperationalError:
        pass  # read-only or busy: the fresh parse still serves this session
    return doc, digest


def stale(conn: sqlite3.Connection) -> list[int]:
    """Documents an older version of the text parser read, to be parsed again."""
    rows = conn.execute(
        "SELECT id FROM documents WHERE parser_version LIKE 'text:%' AND parser_version != ?"
        " ORDER BY id",
        (parser_version("text"),),
    )
    return [r[0] for r in rows]


def current_hash(conn: sqlite3.Connection, doc_id: int) -> str | None:
    row = conn.execute("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return None if row is None else row[0]


def matching(conn: sqlite3.Connection, query: str) -> list[int]:
    """Ids of documents whose title or text contains ``query`` (case-insensitive)."""
    query = unicodedata.normalize("NFC", query)
    if not query.strip():
        return [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    if len(query) >= 3:
        # The trigram index answers a quoted phrase as a case-insensitive substring.
        phrase = '"' + query.replace('"', '""') + '"'
        sql = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid"
        return [r[0] for r in conn.execute(sql, (phrase,))]
    # One or two characters are shorter than a trigram: scan (ASCII case folding).
    needle = query.lower()
    sql = (
        "SELECT id FROM documents WHERE instr(lower(title), ?) > 0"
        " OR instr(lower(text), ?) > 0 ORDER BY id"
    )
    return [r[0] for r in conn.execute(sql, (needle, needle))]


def expand(paths: list[Path]) -> list[Path]:
    """Files named directly, plus the importable files inside folders (recursively,
    in name order, hidden files left out). Each file once."""
    from reader.core import formats  # (reading files: not needed to open a project)

    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if formats.suffix_of(p.name) in formats.IMPORTABLE_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not is_saved_page_asset(p)
            )
        else:
            inside = [path]
        for p in inside:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                found.append(p)
    return found


def _title(doc: Document, path: Path | None) -> str:
    title = doc.title.strip()
    if title:
        return title
    return path.stem if path is not None else "Untitled"


def import_one(
    conn: sqlite3.Connection, path: Path, encoding: str | None = None, *, again: bool = False
) -> ImportOutcome:
    """Import or update one file. ``encoding``: read it so (the user's pick), even when
    its bytes have not changed; otherwise a file whose encoding the user chose before
    keeps it, and any other is guessed. ``again``: read it even if unchanged, and with
    no ``encoding`` guess afresh (forgetting a pick: how a pick is undone)."""
    shown = str(path)
    try:
        data = read_bytes(path)
    except UnreadableFile as error:
        return ImportOutcome(shown, "failed", str(error), None)
    source = str(path.resolve())
    digest = hashlib.sha256(data).hexdigest()
    row = conn.execute(
        "SELECT id, content_hash, encoding, chosen FROM documents"
        " LEFT JOIN document_decoding ON document_id = id WHERE source_path = ?",
        (source,),
    ).fetchone()
    if (
        row is not None
        and row[1] == digest
        and not again
        and (encoding is None or encoding == row[2])
    ):
        return ImportOutcome(shown, "unchanged", None, row[0])
    if encoding is None and row is not None and row[3] and not again:
        encoding = row[2]
    try:
        read = source_from_bytes(data, path.name, folder=path.parent, encoding=encoding)
    except UnreadableFile as error:
        return ImportOutcome(shown, "failed", str(error), None)
    except Exception as error:  # a parser bug must not stop the rest of the import
        return ImportOutcome(
            shown, "failed", f"Reader could not read its structure ({error})", None
        )
    doc, problem = read.document, read.decoded.problem()
    kind = "html" if is_html_path(path) or looks_like_html(data) else "text"
    values = row_values(doc, path, digest, kind)
    decoding = (read.decoded.encoding, int(read.decoded.chosen), problem)
    with write(conn):
        # Look again inside the lock: another instance may have imported it meanwhile.
        row = conn.execute(
            "SELECT id, content_hash, encoding FROM documents"
            " LEFT JOIN document_decoding ON document_id = id WHERE source_path = ?",
            (source,),
        ).fetchone()
        if row is None:
            new_id = insert_row(conn, values, source)
            keep_decoding(conn, new_id, decoding)
            return ImportOutcome(shown, "imported", None, new_id, problem=problem)
        doc_id, old_hash, old_encoding = row
        if old_hash == digest and old_encoding == read.decoded.encoding:
            keep_decoding(conn, doc_id, decoding)  # the same reading, picked or not now
            return ImportOutcome(shown, "unchanged", None, doc_id, problem=problem)
        conn.execute(
            "UPDATE documents SET title = ?, text = ?, content_hash = ?, imported_at = ?,"
            " parser_version = ?, structure = ?, site = ?, date = ?, comment_count = ?,"
            " declared_comment_count = ? WHERE id = ?",
            (*values, doc_id),
        )
        keep_decoding(conn, doc_id, decoding)
        corrected, dropped = corrections_store.relocate_all(conn, doc_id, doc)
        moved, orphaned = annotations.reanchor(conn, doc_id, corrected)
        return ImportOutcome(
            shown, "updated", None, doc_id, moved, orphaned, dropped, problem=problem
        )


def decoding(conn: sqlite3.Connection, doc_id: int) -> tuple[str | None, bool]:
    row = conn.execute(
        "SELECT encoding, chosen FROM document_decoding WHERE document_id = ?", (doc_id,)
    ).fetchone()
    return (row[0], bool(row[1])) if row else (None, False)


def keep_decoding(conn: sqlite3.Connection, doc_id: int, decoding: tuple) -> None:
    """Record how a document's bytes were read: ``decoding`` is (encoding, chosen by the
    user 0/1, problem)."""
    conn.execute(
        "INSERT OR REPLACE INTO document_decoding (document_id, encoding, chosen, problem)"
        " VALUES (?, ?, ?, ?)",
        (doc_id, *decoding),
    )


def pack_structure(doc: Document) -> bytes:
    """The structure as stored: JSON (see ``structure_json``), zlib-compressed (it
    repeats much of the text). Level 1: a comment dataset's structure shrinks 2.4-fold
    instead of 2.8-fold (the project file grows by about 2 %), in a third of the time
    (level 6 took a tenth of a dataset's import); reading it back is as fast."""
    return zlib.compress(document_to_json(doc).encode("utf-8"), 1)


def unpack_structure(stored: bytes | str, text: str) -> Document:
    if isinstance(stored, bytes):
        try:
            stored = zlib.decompress(stored).decode("utf-8")
        except (zlib.error, UnicodeDecodeError) as error:
            raise StructureMismatch(f"unreadable structure: {error}") from error
    return document_from_json(stored, text)


def looks_like_html(data: bytes) -> bool:
    """Whether a file's first bytes open an HTML page (whatever its name)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml"))


def _item_digest(doc: Document) -> str:
    """What a document of a many-document file is, for telling a changed one."""
    h = hashlib.sha256(doc.text.encode("utf-8"))
    h.update(repr((doc.title, doc.site, doc.date, doc.byline, doc.metadata)).encode("utf-8"))
    h.update(str(len(doc.comments)).encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class ItemRow:
    """A document read from a file of many, ready to write (made by :func:`item_row`,
    in this process or in a worker): its unique ``source`` path (``file#key``), its
    row (``row_values``; None: the document is empty), what it is (``digest``), and
    the addresses to record for it (None: those the file itself declares)."""

    source: str
    label: str
    values: tuple | None
    digest: str
    problem: str | None = None
    urls: tuple[str, ...] | None = ()
    decoding: tuple | None = None  # (encoding, 1, problem): the user's pick, kept


def item_row(
    item: formats.Item, file_source: str, path: Path, kind: str, *, page: bool = False
) -> ItemRow:
    """The row of ``item``, a document of the file at ``path`` (``file_source``: its
    resolved path) read by the reader ``kind`` (stored as read when ``item.kept``, else
    parsed again from its text when the parser changes). A web archive's ``page`` has
    its own address (its "URL")."""
    doc = item.document
    source = f"{file_source}#{item.key}" if item.key else file_source
    label = item.label if item.key else ""
    digest = _item_digest(doc)
    values = row_values(doc, path, digest, kind if item.kept else "text")
    urls = tuple(v for k, v in doc.metadata if k == "URL") if page else ()
    return ItemRow(
        source, label, values if doc.text.strip() else None, digest, item.problem,
        urls if label else None,
    )  # fmt: skip


def store_rows(
    conn: sqlite3.Connection, shown: str, path: Path, rows: list[ItemRow], *, addresses: bool
) -> list[ImportOutcome]:
    """Insert or update the documents ``rows`` describe, in one transaction; with
    ``addresses``, record each written document's web addresses too (see ``ItemRow``)."""
    outcomes: list[ImportOutcome] = []
    written = [r for r in rows if r.values is not None]
    file_urls = (
        page_urls.declared(path) if addresses and any(r.urls is None for r in written) else ()
    )
    with write(conn):
        for r in rows:
            outcome = _store_row(conn, shown, r)
            outcomes.append(outcome)
            if outcome.document_id is None:
                continue
            if r.decoding is not None:
                keep_decoding(conn, outcome.document_id, r.decoding)
            if addresses and outcome.status != "unchanged":
                page_urls.replace(
                    conn, outcome.document_id, file_urls if r.urls is None else r.urls
                )
    return outcomes


def _store_row(conn: sqlite3.Connection, shown: str, r: ItemRow) -> ImportOutcome:
    """Insert or update one document inside the caller's transaction."""
    if r.values is None:
        return ImportOutcome(shown, "failed", "it is empty", None, item=r.label)
    # Looked up inside the lock: another instance may have imported it meanwhile.
    row = conn.execute(
        "SELECT id, content_hash FROM documents WHERE source_path = ?", (r.source,)
    ).fetchone()
    if row is None:
        new_id = insert_row(conn, r.values, r.source)
        return ImportOutcome(shown, "imported", None, new_id, problem=r.problem, item=r.label)
    doc_id, old_hash = row
    if old_hash == r.digest:
        return ImportOutcome(shown, "unchanged", None, doc_id, item=r.label)
    conn.execute(
        "UPDATE documents SET title = ?, text = ?, content_hash = ?, imported_at = ?,"
        " parser_version = ?, structure = ?, site = ?, date = ?, comment_count = ?,"
        " declared_comment_count = ? WHERE id = ?",
        (*r.values, doc_id),
    )
    doc = unpack_structure(r.values[5], r.values[1])
    corrected, dropped = corrections_store.relocate_all(conn, doc_id, doc)
    moved, orphaned = annotations.reanchor(conn, doc_id, corrected)
    return ImportOutcome(
        shown, "updated", None, doc_id, moved, orphaned, dropped, problem=r.problem,
        item=r.label,
    )  # fmt: skip


def store_item(
    conn: sqlite3.Connection, shown: str, source: str, path: Path, item: formats.Item, kind: str
) -> ImportOutcome:
    """Insert or update one document read from a file (``source``: its unique source
    path; ``kind``: what read it, see :func:`parser_version`), in a transaction of its
    own."""
    digest = _item_digest(item.document)
    values = row_values(item.document, path, digest, kind)
    row = ItemRow(
        source, item.label if item.key else "", values if item.document.text.strip() else None,
        digest, item.problem,
    )  # fmt: skip
    return store_rows(conn, shown, path, [row], addresses=False)[0]


def is_web_archive(path: Path) -> bool:
    from reader.core import formats  # (reading files: not needed to open a project)

    try:
        return formats.identify_file(path).reader == "warc"
    except UnreadableFile:
        return False


def is_qdpx(path: Path) -> bool:
    """A REFI-QDA project: imported with its codebook and codings (``imports.refi``)."""
    from reader.core import formats  # (reading files: not needed to open a project)

    try:
        return formats.identify_file(path).reader == "qdpx"
    except UnreadableFile:
        return False
