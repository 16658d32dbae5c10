"""Documents in the project: import, update, summaries, loading and corpus search.

A document's row is written in one way by every import: :func:`row_values` (what goes
in it), :func:`insert_row`, :func:`keep_decoding` (how its bytes were read) and
:func:`looks_like_html` (which parser its bytes call for); the pooled folder import
(``folder_import.py``) uses them too."""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from reader.core import formats
from reader.core import parser_version as versions
from reader.core.formats.identify import suffix_of
from reader.core.model import Document
from reader.core.records import DocumentSummary, ImportOutcome
from reader.core.source import (
    is_html_path,
    is_saved_page_asset,
    read_bytes,
    source_from_bytes,
)
from reader.core.textio import UnreadableFile
from reader.store import annotations, corrections_store
from reader.store.schema import write
from reader.store.structure_json import StructureMismatch, document_from_json, document_to_json

IMPORTABLE_SUFFIXES = formats.IMPORTABLE_SUFFIXES


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
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if suffix_of(p.name) in IMPORTABLE_SUFFIXES
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
    repeats much of the text, and compresses about fourfold)."""
    return zlib.compress(document_to_json(doc).encode("utf-8"), 6)


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


def import_file(
    conn: sqlite3.Connection,
    path: Path,
    options: formats.ReadOptions | None = None,
) -> list[ImportOutcome]:
    """Import the documents of one file of any format Reader reads: one outcome per
    document (a file of many, such as a web archive or a comment dataset, gives several,
    each with ``item`` set), and a 'failed' one for the file or for each part of it that
    could not be read. A text scrape or saved page is :func:`import_one`'s (its decoding
    kept, ``options.encoding`` honoured)."""
    shown = str(path)
    options = options or formats.ReadOptions()
    try:
        kind = formats.identify_file(path)
        if kind.reader is None:
            raise UnreadableFile(kind.description)
        source = str(path.resolve())
        if kind.reader in ("text", "html"):
            from reader.core.formats.plain import may_be_news_export

            with path.open("rb") as f:
                head = f.read(1_000_000)
            if not may_be_news_export(head, kind.reader):
                return [import_one(conn, path, options.encoding)]
        outcomes: list[ImportOutcome] = []
        # Documents of this file the user had read in an encoding of their choice keep
        # it (File › Re-import With Encoding…): read again in it, not guessed.
        picks = {} if options.encoding else _picked(conn, source)
        # An encoding given for a file whose reader honours it is kept as the user's pick.
        chosen = options.encoding if _takes_encoding(path, kind.reader) else None
        for found in formats.read_source(path, options):
            if isinstance(found, formats.LeftOut):
                outcomes.append(
                    ImportOutcome(shown, "failed", found.reason, None, item=found.label)
                )
                continue
            if found.key in picks:
                continue
            outcome = _store_found(conn, shown, source, path, found, kind.reader)
            if chosen and outcome.document_id is not None:
                with write(conn):
                    keep_decoding(conn, outcome.document_id, (chosen, 1, found.problem))
            outcomes.append(outcome)
        for encoding in dict.fromkeys(picks.values()):
            again = replace(options, encoding=encoding)
            for found in formats.read_source(path, again):
                if isinstance(found, formats.Item) and picks.get(found.key) == encoding:
                    outcomes.append(_store_found(conn, shown, source, path, found, kind.reader))
        if not outcomes:
            return [ImportOutcome(shown, "failed", "it holds no document", None)]
        return outcomes
    except UnreadableFile as error:
        return [ImportOutcome(shown, "failed", str(error), None)]
    except OSError as error:
        return [ImportOutcome(shown, "failed", error.strerror or str(error), None)]
    except Exception as error:  # a parser bug must not stop the rest of the import
        return [
            ImportOutcome(shown, "failed", f"Reader could not read its structure ({error})", None)
        ]


def _takes_encoding(path: Path, reader: str | None) -> bool:
    """Whether the reader of this file decodes text an encoding can be given for (text
    and pages, archived and MHTML pages, CSV and JSON Lines comment data)."""
    if reader == "dataset":
        from reader.core.formats.dataset_files import is_text

        return is_text(path)
    return reader in ("text", "html", "mhtml", "warc")


def _picked(conn: sqlite3.Connection, source: str) -> dict[str, str]:
    """Item key → the encoding the user chose for it, for the documents of the file at
    ``source`` (stored as ``source#key``, or as ``source`` with the key "" when the file
    is one document, as a page saved as MHTML is)."""
    prefix = f"{source}#"
    rows = conn.execute(
        "SELECT d.source_path, c.encoding FROM documents d"
        " JOIN document_decoding c ON c.document_id = d.id"
        " WHERE c.chosen = 1 AND (substr(d.source_path, 1, ?) = ? OR d.source_path = ?)",
        (len(prefix), prefix, source),
    )
    return {path[len(prefix) :] if path != source else "": code for path, code in rows}


def _store_found(conn, shown, source, path, found, reader) -> ImportOutcome:
    """Store one document of a file of many, as ``source#key``."""
    key = f"{source}#{found.key}" if found.key else source
    # What read it, for parsing again or not: here a text or page file is a news export,
    # whose articles' metadata must be kept.
    kind = "newsdb" if reader in ("text", "html") else reader
    kept_as = kind if found.kept else "text"
    return _store(conn, shown, key, path, found, _item_digest(found.document), kept_as)


def _store(
    conn: sqlite3.Connection,
    shown: str,
    source: str,
    path: Path,
    item: formats.Item,
    digest: str,
    kind: str,
) -> ImportOutcome:
    """Insert or update one document; ``source`` is its unique source path."""
    doc = item.document
    label = item.label if item.key else ""
    if not doc.text.strip():
        return ImportOutcome(shown, "failed", "it is empty", None, item=label)
    values = row_values(doc, path, digest, kind)
    with write(conn):
        # Look again inside the lock: another instance may have imported it meanwhile.
        row = conn.execute(
            "SELECT id, content_hash FROM documents WHERE source_path = ?",
            (source,),
        ).fetchone()
        if row is None:
            new_id = insert_row(conn, values, source)
            return ImportOutcome(shown, "imported", None, new_id, problem=item.problem, item=label)
        doc_id, old_hash = row
        if old_hash == digest:
            return ImportOutcome(shown, "unchanged", None, doc_id, item=label)
        conn.execute(
            "UPDATE documents SET title = ?, text = ?, content_hash = ?, imported_at = ?,"
            " parser_version = ?, structure = ?, site = ?, date = ?, comment_count = ?,"
            " declared_comment_count = ? WHERE id = ?",
            (*values, doc_id),
        )
        corrected, dropped = corrections_store.relocate_all(conn, doc_id, doc)
        moved, orphaned = annotations.reanchor(conn, doc_id, corrected)
        return ImportOutcome(
            shown, "updated", None, doc_id, moved, orphaned, dropped, problem=item.problem,
            item=label,
        )  # fmt: skip


def store_item(
    conn: sqlite3.Connection, shown: str, source: str, path: Path, item: formats.Item, kind: str
) -> ImportOutcome:
    """Insert or update one document read from a file (``source``: its unique source
    path), as :func:`import_one` does for each document of a file."""
    return _store(conn, shown, source, path, item, _item_digest(item.document), kind)


def is_web_archive(path: Path) -> bool:
    try:
        return formats.identify_file(path).reader == "warc"
    except UnreadableFile:
        return False


def is_qdpx(path: Path) -> bool:
    """A REFI-QDA project: imported with its codebook and codings (``imports.refi``)."""
    try:
        return formats.identify_file(path).reader == "qdpx"
    except UnreadableFile:
        return False
