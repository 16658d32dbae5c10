"""Importing one file of any format into a project (``Project.import_files`` calls
:func:`import_file` for every file it does not hand to the folder import's pool).

A text scrape or saved page is one document (``documents.import_one``). Any other file
gives the documents its reader finds in it (a comment dataset's articles, a web
archive's pages, a news export's articles, an office file, an MHTML page), each stored
as ``file#key`` (or as the file when it is the only one), with the outcome of each and
a 'failed' one for each part that could not be read.

The documents of a file are written BATCH at a time (or fewer when their text is long),
each batch one transaction holding their rows, their full-text index entries, the
user's encoding pick and their web addresses (a page of an archive has its URL, other
documents of a file of many none, a file that is one document those its head
declares): a comment dataset of a thousand articles is a few dozen commits, not
thousands. A web archive of POOL_AFTER pages or more is read in the import's worker
processes (``folder_import.Workers``): this process reads each page's bytes and the
captured frames it shows (``web_archives.captures``), a worker reads the page and packs
its row (:func:`read_page`, the same function that runs here otherwise), and this
process writes the rows in the archive's order, hearing progress (and a cancel) while
the workers are busy. A cancel writes what was read by then; an error that stops a file
writes what was read before it and fails the file with the reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from reader.core import formats
from reader.core.records import ImportOutcome
from reader.core.textio import UnreadableFile
from reader.store import documents, page_urls
from reader.store.documents import ItemRow, item_row
from reader.store.folder_import import POOL_AFTER, WAITING, Workers, ordered

BATCH = 50  # documents to a transaction
_BATCH_CHARS = 16_000_000  # ... or fewer, when their text is this long
_PROGRESS_EVERY = 25  # pages of an archive read in workers, between progress reports


def read_page(capture, encoding: str | None, path: str, file_source: str) -> ItemRow | object:
    """A web archive's page (``web_archives.Capture``) as the row to write, or the
    ``LeftOut`` saying why it could not be read (runs in a worker process: plain values
    in and out, the structure packed there)."""
    from reader.core.formats.web_archives import read_capture

    found = read_capture(capture, encoding)
    if isinstance(found, formats.LeftOut):
        return found
    return item_row(found, file_source, Path(path), "warc", page=True)


class _Writer:
    """Outcomes in the file's order; rows written a batch to a transaction."""

    def __init__(self, conn: sqlite3.Connection, shown: str, path: Path) -> None:
        self.conn, self.shown, self.path = conn, shown, path
        self.outcomes: list[ImportOutcome] = []
        self._batch: list[ItemRow | ImportOutcome] = []
        self._chars = 0

    def add(self, found: ItemRow | formats.LeftOut) -> None:
        if isinstance(found, formats.LeftOut):
            self._batch.append(
                ImportOutcome(self.shown, "failed", found.reason, None, item=found.label)
            )
            return
        self._batch.append(found)
        self._chars += len(found.values[1]) if found.values is not None else 0
        if len(self._batch) >= BATCH or self._chars >= _BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        batch, self._batch, self._chars = self._batch, [], 0
        rows = [r for r in batch if isinstance(r, ItemRow)]
        stored = iter(
            documents.store_rows(self.conn, self.shown, self.path, rows, addresses=True)
            if rows
            else ()
        )
        self.outcomes += [next(stored) if isinstance(r, ItemRow) else r for r in batch]


def import_file(
    conn: sqlite3.Connection,
    path: Path,
    options: formats.ReadOptions | None = None,
    workers: Workers | None = None,
) -> list[ImportOutcome]:
    """Import the documents of one file of any format Reader reads (see the module's
    notes): one outcome per document, each with ``item`` set when the file holds
    several, and a 'failed' one for the file or for each part of it that could not be
    read. ``workers``: the import's worker processes, for a web archive's pages."""
    shown = str(path)
    options = options or formats.ReadOptions()
    writer = _Writer(conn, shown, path)
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
                outcome = documents.import_one(conn, path, options.encoding)
                if outcome.status in ("imported", "updated") and outcome.document_id is not None:
                    page_urls.record_from_file(conn, outcome.document_id, path)
                return [outcome]
        # Documents of this file the user had read in an encoding of their choice keep
        # it (File › Re-import With Encoding…): read again in it, not guessed.
        picks = {} if options.encoding else _picked(conn, source)
        # An encoding given for a file whose reader honours it is kept as the user's pick.
        chosen = options.encoding if _takes_encoding(path, kind.reader) else None
        # What read it, for parsing again or not: here a text or page file is a news
        # export, whose articles' metadata must be kept.
        stored_as = "newsdb" if kind.reader in ("text", "html") else str(kind.reader)
        if kind.reader == "warc":
            found = _archive_rows(path, options, source, picks, workers)
        else:
            found = _rows(path, options, source, stored_as, picks)
        for row in found:
            if chosen and isinstance(row, ItemRow):
                row = replace(row, decoding=(chosen, 1, row.problem))
            writer.add(row)
        for encoding in dict.fromkeys(picks.values()):
            again = replace(options, encoding=encoding)
            for item in formats.read_source(path, again):
                if isinstance(item, formats.Item) and picks.get(item.key) == encoding:
                    writer.add(item_row(item, source, path, stored_as, page=kind.reader == "warc"))
        writer.flush()
        if not writer.outcomes:
            return [ImportOutcome(shown, "failed", "it holds no document", None)]
        return writer.outcomes
    except UnreadableFile as error:
        reason = str(error)
    except OSError as error:
        reason = error.strerror or str(error)
    except Exception as error:  # a parser bug must not stop the rest of the import
        reason = f"Reader could not read its structure ({error})"
    writer.flush()  # what was read before the error goes in, as it always did
    return [ImportOutcome(shown, "failed", reason, None)]


def _rows(
    path: Path, options: formats.ReadOptions, source: str, stored_as: str, picks: dict
) -> Iterator[ItemRow | formats.LeftOut]:
    for found in formats.read_source(path, options):
        if isinstance(found, formats.LeftOut):
            yield found
        elif found.key not in picks:
            yield item_row(found, source, path, stored_as)


def _archive_rows(
    path: Path, options: formats.ReadOptions, source: str, picks: dict, workers: Workers | None
) -> Iterator[ItemRow | formats.LeftOut]:
    """A web archive's pages as rows, read in ``workers`` when there are many."""
    from reader.core.formats import web_archives

    formats.check_size(path)
    count, captures = web_archives.captures(path, replace(options, progress=None))
    progress = options.progress

    def call(found):
        if isinstance(found, formats.LeftOut) or found.key in picks:
            return None
        return read_page, (found, options.encoding, str(path), source)

    done = 0
    pages = ordered(captures, call, workers if count >= POOL_AFTER else None)
    try:
        for found, row in pages:
            if row is WAITING or done % _PROGRESS_EVERY == 0:
                if progress is not None and not progress(done, f"{done:,} pages"):
                    return
                if row is WAITING:
                    continue
            done += 1
            if isinstance(found, formats.LeftOut):
                yield found
            elif row is not None:
                yield row
    finally:
        pages.close()


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
