"""Importing many text scrapes and saved pages at once: parsed in a pool of processes,
written in one transaction per batch.

``Project.import_files`` hands every file to :func:`import_all`, which plans each in turn
(:func:`plan`): a file new to the project that is one document (a text scrape or a saved
page, not a news export) becomes a :class:`Job` for the pool; every other file (one
already imported, whose annotations may move; a dataset, archive, office file or
project) is a :class:`OneByOne`, imported by the project the way ``items_import.import_file``
does.

A Job's bytes go to a worker (``parse_file``: a plain function of the bytes, the file's
name, its folder, its hash and the encoding), which gives back the document's row already
packed (title, text, structure) with its decoding and declared addresses; this process
writes the rows in file order, BATCH at a time, each batch one transaction. A file that
cannot be read fails on its own with the reason, as one by one. Progress is reported
before each file (and every ``_POLL`` seconds while the workers are busy, so a window
stays responsive); a cancel keeps every batch already committed (and writes the one in
hand) and reports the rest as skipped. Without a pool (one worker, fewer than POOL_AFTER
files, or a system where processes cannot be started) the same batches are parsed here.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from reader.core.records import ImportOutcome
from reader.core.source import is_html_path, source_from_bytes
from reader.core.textio import UnreadableFile, read_bytes
from reader.core.web_address import page_urls
from reader.store import documents
from reader.store.documents import (
    insert_row,
    keep_decoding,
    looks_like_html,
    row_values,
)
from reader.store.page_urls import HEAD_BYTES
from reader.store.schema import write

log = logging.getLogger(__name__)

BATCH = 50  # documents to a transaction
POOL_AFTER = 24  # fewer new files than this are parsed in this process
MAX_WORKERS = 8
_POLL = 0.1  # seconds between progress reports while the workers are busy
_IN_FLIGHT = 4  # files handed to each worker ahead (bounds the bytes held in memory)

Progress = Callable[[int, int, str], bool]


@dataclass(frozen=True, slots=True)
class Job:
    """A file new to the project, read and hashed."""

    index: int  # its place in the import's list of files
    path: Path
    data: bytes
    digest: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a worker gives back: the document's row values (``documents.row_values``),
    how it was decoded, and the page's declared addresses; or the reason it failed."""

    values: tuple | None = None
    decoding: tuple | None = None
    problem: str | None = None
    urls: tuple[str, ...] = ()
    failure: str | None = None


def default_workers() -> int:
    """The processes to parse in: the cores this process may use, at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def parse_file(data: bytes, name: str, folder: str, digest: str, encoding: str | None) -> Parsed:
    """A file's document as its row (runs in a worker process: plain values in and out)."""
    path = Path(folder) / name
    try:
        read = source_from_bytes(data, name, folder=Path(folder), encoding=encoding)
    except UnreadableFile as error:
        return Parsed(failure=str(error))
    except Exception as error:  # a parser bug must not stop the rest of the import
        return Parsed(failure=f"Reader could not read its structure ({error})")
    kind = "html" if is_html_path(path) or looks_like_html(data) else "text"
    values = row_values(read.document, path, digest, kind)
    head = data[:HEAD_BYTES]
    urls: tuple[str, ...] = ()
    if is_html_path(path) or b"<html" in head[:4096].lower():  # as page_urls reads a file
        urls = page_urls(head.decode("utf-8", errors="replace"))
    decoding = (read.decoded.encoding, int(read.decoded.chosen), read.decoded.problem())
    return Parsed(values, decoding, read.decoded.problem(), urls)


def _parse(job: Job, encoding: str | None) -> Parsed:
    return parse_file(job.data, job.path.name, str(job.path.parent), job.digest, encoding)


def _pool(workers: int):
    """A process pool, or None where processes cannot be started. Workers are forked
    from a server process that has imported the parsers once (where the system has
    one), so each starts in milliseconds, not the seconds the HTML reader takes to load."""
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload(
                ["reader.store.folder_import", "reader.store.items_import", "reader.core.html"]
            )
        return ProcessPoolExecutor(max_workers=workers, mp_context=context)
    except (ImportError, OSError, ValueError) as error:
        log.info("parsing in this process: no process pool (%s)", error)
        return None


class Workers:
    """An import's worker processes, started when first asked for (a folder of many new
    files, a web archive of many pages) and stopped at the import's end. ``get()`` is
    None with one worker, where processes cannot be started, or after they stopped."""

    def __init__(self, count: int) -> None:
        self.count = max(1, count)
        self._pool = None
        self._started = False

    def get(self):
        if not self._started and self.count > 1:
            self._started = True
            self._pool = _pool(self.count)
        return self._pool

    def broke(self, error: BaseException) -> None:
        log.warning("the parsing processes stopped (%s); parsing here", error)
        self.shutdown()

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._started = True  # not started again by this import


@dataclass(frozen=True, slots=True)
class OneByOne:
    """A file to import the one-by-one way (see the module's docstring)."""

    index: int
    path: Path


def plan(
    conn: sqlite3.Connection, files: list[Path], encoding: str | None
) -> Iterator[Job | OneByOne]:
    """Each file as a Job (new to the project, one document: for the pool) or OneByOne,
    read lazily so that only the files handed ahead are held in memory."""
    from reader.core.formats import identify_file
    from reader.core.formats.plain import may_be_news_export

    for index, path in enumerate(files):
        try:
            if documents.is_qdpx(path):
                raise UnreadableFile("a project")
            reader = identify_file(path).reader
            if reader not in ("text", "html"):
                raise UnreadableFile("not one document")
            data = read_bytes(path)
        except (UnreadableFile, OSError):  # the one-by-one way says why
            yield OneByOne(index, path)
            continue
        known = conn.execute(
            "SELECT 1 FROM documents WHERE source_path = ?", (str(path.resolve()),)
        ).fetchone()
        if known is not None or may_be_news_export(data[:1_000_000], reader):
            yield OneByOne(index, path)
            continue
        yield Job(index, path, data, hashlib.sha256(data).hexdigest())


WAITING = object()  # a result not ready yet

Call = tuple[Callable[..., Any], tuple] | None  # a function of plain values and its arguments


def ordered[T](
    items: Iterator[T], call: Callable[[T], Call], workers: Workers | None
) -> Iterator[tuple[T, Any]]:
    """Each item with the result of its call, in the items' order: (item, None) for an
    item without a call, and (item, WAITING) while its result is not ready (a moment to
    report progress and hear a cancel). Calls run in ``workers``, at most ``_IN_FLIGHT``
    per worker ahead (which bounds what is held in memory), or here without a pool;
    if the processes stop, the rest runs here."""
    pool = workers.get() if workers is not None else None
    if pool is None:
        for item in items:
            c = call(item)
            yield item, None if c is None else c[0](*c[1])
        return
    assert workers is not None
    from concurrent.futures import BrokenExecutor, CancelledError
    from concurrent.futures import TimeoutError as Timeout

    window: deque[tuple[T, Call, object]] = deque()
    ahead = workers.count * _IN_FLIGHT

    def submit(c: Call) -> object:
        pool = workers.get()
        if c is None or pool is None:
            return None
        try:
            return pool.submit(c[0], *c[1])
        except (BrokenExecutor, RuntimeError) as error:
            workers.broke(error)
            return None

    for item in chain(items, (None,)):
        if item is not None:
            c = call(item)
            window.append((item, c, submit(c)))
            if len(window) < ahead:
                continue
        while window and (item is None or len(window) >= ahead):
            first, c, future = window.popleft()
            if c is None:
                yield first, None
                continue
            result = None
            while future is not None and result is None:
                try:
                    result = future.result(timeout=_POLL)
                except Timeout:
                    yield first, WAITING
                except (BrokenExecutor, CancelledError) as error:  # a worker died: go on here
                    workers.broke(error)
                    future = None
            yield first, result if result is not None else c[0](*c[1])


def _call(encoding: str | None) -> Callable[[Job | OneByOne], Call]:
    def call(item: Job | OneByOne) -> Call:
        if not isinstance(item, Job):
            return None
        path = item.path
        return parse_file, (item.data, path.name, str(path.parent), item.digest, encoding)

    return call


def import_all(
    conn: sqlite3.Connection,
    files: list[Path],
    one_by_one: Callable[[int, Path, Workers], list[ImportOutcome]],
    *,
    progress: Progress | None = None,
    encoding: str | None = None,
    workers: int | None = None,
) -> list[ImportOutcome]:
    """Import ``files`` in their order: the outcomes of each in turn; on a cancel the
    files not written are 'skipped'. ``progress(done, total, path)`` is called before
    each file (more often while the workers are busy) and once at the end with
    ``done == total`` and path ""; returning False cancels. ``one_by_one(index, path,
    workers)`` imports a file the other way (a web archive's pages in ``workers``)."""
    total = len(files)
    pool = Workers(default_workers() if workers is None else workers)
    jobs = pool if total >= POOL_AFTER else None
    found: dict[int, list[ImportOutcome]] = {}
    batch: list[tuple[Job, Parsed]] = []
    done = 0
    results = ordered(plan(conn, files, encoding), _call(encoding), jobs)

    def flush() -> None:
        again = _write(conn, batch, found)
        batch.clear()
        for job in again:
            found[job.index] = one_by_one(job.index, job.path, pool)

    try:
        for item, parsed in results:
            if progress is not None and progress(done, total, str(item.path)) is False:
                flush()
                return _ordered(files, found, cancelled=True)
            if parsed is WAITING:
                continue
            done += 1
            if isinstance(item, OneByOne):
                flush()  # documents keep the files' order
                found[item.index] = one_by_one(item.index, item.path, pool)
                continue
            batch.append((item, parsed))
            if len(batch) >= BATCH:
                flush()
        flush()
    finally:
        results.close()
        pool.shutdown()
    if progress is not None:
        progress(total, total, "")
    return _ordered(files, found, cancelled=False)


def _ordered(
    files: list[Path], found: dict[int, list[ImportOutcome]], cancelled: bool
) -> list[ImportOutcome]:
    outcomes: list[ImportOutcome] = []
    for index, path in enumerate(files):
        if index in found:
            outcomes += found[index]
        elif cancelled:
            outcomes.append(ImportOutcome(str(path), "skipped", "the import was cancelled", None))
    return outcomes


def _write(
    conn: sqlite3.Connection, batch: list[tuple[Job, Parsed]], found: dict[int, list]
) -> list[Job]:
    """One transaction for the batch's documents, their decoding and addresses; returns
    the jobs another instance imported meanwhile with other content (to do one by one)."""
    if not batch:
        return []
    written: dict[int, list[ImportOutcome]] = {}
    again: list[Job] = []
    with write(conn):
        for job, parsed in batch:
            shown = str(job.path)
            if parsed.failure is not None:
                written[job.index] = [ImportOutcome(shown, "failed", parsed.failure, None)]
                continue
            source = str(job.path.resolve())
            # Look again inside the lock: another instance may have imported it meanwhile.
            row = conn.execute(
                "SELECT id, content_hash FROM documents WHERE source_path = ?", (source,)
            ).fetchone()
            if row is not None:
                if row[1] == job.digest:
                    written[job.index] = [ImportOutcome(shown, "unchanged", None, row[0])]
                else:
                    again.append(job)
                continue
            doc_id = insert_row(conn, parsed.values, source)
            keep_decoding(conn, doc_id, parsed.decoding)
            conn.executemany(
                "INSERT OR IGNORE INTO document_urls (document_id, url) VALUES (?, ?)",
                [(doc_id, u) for u in parsed.urls or ("",)],
            )
            written[job.index] = [
                ImportOutcome(shown, "imported", None, doc_id, problem=parsed.problem)
            ]
    found.update(written)
    return again
