"""The project file: one SQLite file holding documents, codebook and annotations.

``Project`` is the façade the app and the window use; the work is done in the modules
beside it (``schema``, ``backups``, ``documents``, ``codebook``, ``annotations``).
``records.py`` lists the codebook and annotation operations with their undo pairs.
Every change is committed when it is made, in one transaction; there is no "Save".
Opening is careful:

* a missing file is created (with its folder);
* a file written by a newer Reader raises :class:`NewerSchemaError` and is not touched;
* every existing file is proved whole before anything is written to it, on every open
  (no timestamp can skip it): its size must be a whole number of pages and hold every
  page its header or its write-ahead log counts (``wholeness.py``, ``opening.py``), and ``PRAGMA
  quick_check`` must pass, which reads every page of every table and index. A file that
  is not a Reader project, is cut short or damaged raises :class:`NotAProjectError`
  naming the newest backup; it is left byte for byte as it was, with no backup taken
  of it and no ``-wal``/``-shm`` files left beside it;
* an existing, healthy file is backed up (SQLite online backup, the newest 5 kept in
  ``backup_dir``), unless the newest backup is already as recent as the file. The copy
  is of the file as it was proved whole (its snapshot is pinned before anything is
  written) and is taken in a thread, so a large project opens without waiting for it;
  :meth:`Project.close` waits for it. What an interrupted backup left is removed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.corrections import Correction
from reader.core.model import Document
from reader.core.records import SearchHit
from reader.lazy_import import later
from reader.store import (
    backups,
    coders,
    corrections_store,
    documents,
    opening,
    page_urls,
)
from reader.store.codebook import CodebookError
from reader.store.corrections_store import CorrectionRecord
from reader.store.documents import DocumentSummary, ImportOutcome
from reader.store.errors import NewerSchemaError, NotAProjectError, ProjectError
from reader.store.project_records import ProjectRecords
from reader.store.records import Annotation, DeletedTag, MergedTags, Tag, TagLink
from reader.store.retrieval import CodedSegment, CoOccurrence, TagFrequencies
from reader.store.schema import SCHEMA_VERSION, connect, migrate, prepare

# What opening a project and reading its documents does not need: imported on first use
# (the window's first paint waits for none of them; ~30 ms of CPU).
folder_import = later("reader.store.folder_import")
items_import = later("reader.store.items_import")
merge = later("reader.store.merge")
search = later("reader.store.search")


def __getattr__(name: str) -> object:
    """``SearchError``, from the search module when it is first asked for."""
    if name == "SearchError":
        return search.SearchError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:  # for the type checker, and for the frozen build's analysis, which
    # follows import statements, not the names handed to ``later``
    from reader.store import folder_import, items_import, merge, search  # noqa: F811
    from reader.store.search import SearchError  # noqa: F401


__all__ = [
    "Annotation",
    "CoOccurrence",
    "CodebookError",
    "CodedSegment",
    "CorrectionRecord",
    "DeletedTag",
    "DocumentSummary",
    "ImportOutcome",
    "MergedTags",
    "NewerSchemaError",
    "NotAProjectError",
    "Project",
    "ProjectError",
    "SearchError",
    "SearchHit",
    "Tag",
    "TagFrequencies",
    "TagLink",
]

_LOADED_KEPT = 8


class Project(ProjectRecords):
    """An open project file. Create with :meth:`open`; call :meth:`close` when done."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        backup_dir: Path,
        backup: backups.BackupInProgress | str | None = None,
    ) -> None:
        self.path = path
        self.backup_dir = backup_dir
        self._backup = backup
        self._conn = conn
        self._loaded: OrderedDict[int, tuple[str, Document]] = OrderedDict()
        # doc id -> (the parse it was made from, corrections signature, corrected document)
        self._corrected: dict[int, tuple[Document, tuple[int, int], Document]] = {}
        self._data_version: int | None = None
        # Who is writing: recorded on each annotation and correction made through this
        # object ('' : nobody named; see coders.py).
        self.coder = ""
        # Processes that parse an import's new files (None: one per core, at most 8).
        self.import_workers: int | None = None

    @classmethod
    def open(
        cls, path: Path, *, backup_dir: Path | None = None, coder: str | None = None
    ) -> Project:
        """Open ``path``, creating it if missing. Raises :class:`ProjectError`.

        ``coder``: who is writing (see :meth:`set_coder`); annotations made before coders
        were recorded become theirs."""
        path = Path(path)
        backup_dir = Path(backup_dir) if backup_dir is not None else path.parent / "backups"
        backup: backups.BackupInProgress | str | None = None
        if path.exists():
            if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
                # Every change is written at once, and SQLite keeps its journal beside it.
                raise ProjectError(
                    f"{path.name} is read-only, or in a folder Reader cannot write to; "
                    "copy it to a folder of your own to work on it."
                )
            try:
                backup = opening.check_existing(path, backup_dir)
            except OSError as error:
                raise ProjectError(f"{path.name} cannot be read ({error.strerror}).") from error
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ProjectError(
                    f"The folder for {path.name} cannot be created ({error.strerror})."
                ) from error
        try:
            conn = connect(path)
            prepare(conn)
            migrate(conn)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as error:
            opening.settle(backup)
            raise ProjectError(f"{path.name} cannot be opened for writing ({error}).") from error
        if version > SCHEMA_VERSION:  # another, newer Reader migrated it meanwhile
            conn.close()
            opening.settle(backup)
            raise NewerSchemaError(
                f"{path.name} was written by a newer version of Reader; update Reader to open it."
            )
        project = cls(path, conn, backup_dir, backup)
        if coder:
            try:
                project.set_coder(coder)
            except ProjectError:
                conn.close()
                opening.settle(backup)
                raise
        return project

    # ---- coders (see coders.py) ------------------------------------------------------

    def set_coder(self, name: str) -> int:
        """From now on annotations and corrections made here are ``name``'s; the ones no
        coder has claimed yet (made before coders were recorded) become theirs too.
        Returns how many annotations were claimed. Raises ``ProjectError`` when the file
        cannot be written (busy, read-only)."""
        self.coder = coders.tidy(name)
        try:
            return coders.claim_unassigned(self._conn, self.coder)
        except sqlite3.Error as error:
            raise ProjectError(f"{self.path.name} cannot be written to ({error}).") from error

    def coders(self) -> list[coders.Coder]:
        """The project's coders by name, with how many annotations and corrections each made."""
        return coders.listed(self._conn)

    def merge_from(
        self, path: Path, *, progress: Callable[[int, int], bool] | None = None
    ) -> merge.MergeReport:
        """Merge another project file into this one (see ``merge.py``): documents by
        content, codebook by id then name, annotations with their ids and coders; the
        other file is only read. Raises ``ProjectError`` (``merge.MergeCancelled``)."""
        return merge.merge(self._conn, self, Path(path), progress=progress)

    def unmerge(self, record: merge.MergeReport) -> None:
        """Undo :meth:`merge_from`: remove what it added."""
        merge.unmerge(self._conn, self, record)

    @property
    def location(self) -> str:
        """Where the project is, as Open Recent remembers it (the file's full path)."""
        return str(Path(self.path).resolve())

    @property
    def backup_problem(self) -> str | None:
        """A sentence for the user when opening could not keep a backup (None: all
        well); waits for the backup taken on opening to finish."""
        if isinstance(self._backup, backups.BackupInProgress):
            return self._backup.wait()
        return self._backup

    def close(self) -> None:
        # Fresh statistics for the query planner; if busy or read-only, closing matters more.
        with contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA optimize")
        if isinstance(self._backup, backups.BackupInProgress):
            # Before closing: the last connection to close folds the -wal file into the
            # project and removes it, so the file is whole on its own once closed.
            self._backup.wait()
        self._conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- documents ----------------------------------------------------------------

    def documents(self) -> list[DocumentSummary]:
        """Every document, in import order."""
        return documents.summaries(self._conn)

    def summary(self, doc_id: int) -> DocumentSummary:
        return documents.summary(self._conn, doc_id)

    def load(self, doc_id: int) -> Document:
        """The parsed document with the user's structure corrections replayed (both kept
        in memory for the last few opened)."""
        parsed = self.parsed(doc_id)
        sig = corrections_store.signature(self._conn, doc_id)
        if sig[0] == 0:
            return parsed
        hit = self._corrected.get(doc_id)
        if hit is not None and hit[0] is parsed and hit[1] == sig:
            return hit[2]
        doc = corrections_store.corrected(self._conn, doc_id, parsed)
        self._corrected[doc_id] = (parsed, sig, doc)
        for old in [k for k in self._corrected if k not in self._loaded]:
            del self._corrected[old]
        return doc

    def parsed(self, doc_id: int) -> Document:
        """The document as the parser read it, before the user's corrections."""
        digest = documents.current_hash(self._conn, doc_id)
        if digest is None:
            raise KeyError(doc_id)
        cached = self._loaded.get(doc_id)
        if cached is not None and cached[0] == digest:
            self._loaded.move_to_end(doc_id)
            return cached[1]
        doc, digest = documents.load(self._conn, doc_id)
        self._loaded[doc_id] = (digest, doc)
        while len(self._loaded) > _LOADED_KEPT:
            self._loaded.popitem(last=False)
        return doc

    def matching_documents(self, query: str) -> list[int]:
        """Ids of documents whose title or text contains ``query``, ignoring case."""
        return documents.matching(self._conn, query)

    def refresh_documents(self, *, progress: Callable[[int, int], bool] | None = None) -> int:
        """Parse again the documents an older parser read, so that ``documents()`` shows
        their new titles and comment counts (``load`` does it one document at a time
        anyway). Returns how many were parsed; ``progress(done, total)`` returning False
        stops early."""
        todo = documents.stale(self._conn)
        for done, doc_id in enumerate(todo):
            if progress is not None and progress(done, len(todo)) is False:
                return done
            self._loaded.pop(doc_id, None)
            documents.load(self._conn, doc_id)
        return len(todo)

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        progress: Callable[[int, int, str], bool] | None = None,
        encoding: str | None = None,
        mapping: object | None = None,
    ) -> list[ImportOutcome]:
        """Import files and folders (inside folders, the files whose names say a format
        Reader reads: ``formats.IMPORTABLE_SUFFIXES``). ``encoding``: read every text
        scrape and page so instead of guessing (see ``documents.import_one``).

        ``progress(done, total, path)`` is called before each file and once at the end
        (``done == total``, path ``""``), and while a long file is read with ``path``
        saying how far ("data.jsonl — 20,000 records"); returning False cancels, and the
        files not yet read are reported as 'skipped'. A document already in the project
        (same resolved path, and for a file of many documents the same key in it) is
        'unchanged' if its text is the same, else 'updated' with its annotations
        re-anchored. New text scrapes and saved pages are parsed in ``import_workers``
        processes (None: one per core) and committed in batches, the rest one by one; a
        failure touches nothing, a cancel keeps what was committed.
        ``mapping`` (``formats.datasets.FieldMapping``) names comment data's fields.
        A REFI-QDA project (``.qdpx``) brings its codes and codings too; a REFI-QDA
        codebook (``.qdc``) only codes, into the codebook (``imports.codebook``)."""
        files = documents.expand([Path(p) for p in paths])
        total = len(files)

        def one_by_one(i: int, path: Path, workers: folder_import.Workers) -> list[ImportOutcome]:
            return self._import_file(path, i, total, progress, mapping, encoding, workers)

        # New scrapes and pages are parsed in a pool and written in batches.
        return folder_import.import_all(
            self._conn, files, one_by_one, progress=progress, encoding=encoding,
            workers=self.import_workers,
        )  # fmt: skip

    def _import_file(
        self, path, index, total, progress, mapping, encoding=None, workers=None
    ) -> list[ImportOutcome]:
        """One file's outcomes; a file cancelled while it is read says so (the documents
        it had given by then stay imported)."""
        from reader.core.formats import ReadOptions

        cancelled = False

        def reading(done: int, label: str) -> bool:
            nonlocal cancelled
            if progress is not None and progress(index, total, f"{path} — {label}") is False:
                cancelled = True
            return not cancelled

        options = ReadOptions(mapping=mapping, progress=reading, encoding=encoding)
        from reader.store.imports import codebook as codebook_import

        if codebook_import.is_codebook(path):  # codes only, into the codebook
            return [codebook_import.import_codebook_file(self._conn, path)]
        if documents.is_qdpx(path):
            from reader.store.imports.refi import import_qdpx

            outcomes = import_qdpx(self._conn, path, options, coder=self.coder).outcomes
            for outcome in outcomes:  # its sources have no web address
                if outcome.status in ("imported", "updated") and outcome.document_id is not None:
                    page_urls.record(self._conn, outcome.document_id, ())
        else:
            outcomes = items_import.import_file(self._conn, path, options, workers)
        if cancelled:
            kept = [o for o in outcomes if o.document_id is not None]
            return kept + [ImportOutcome(str(path), "skipped", "the import was cancelled", None)]
        return outcomes

    def reimport(self, doc_id: int, encoding: str | None) -> ImportOutcome:
        """Read a document's file again in ``encoding`` (the user's pick, kept for later
        re-imports; None: guess again, forgetting a pick); its annotations are re-anchored
        as on any update; a document from a file of many is read from that file (see
        ``store.reimport``). KeyError: no such document."""
        from reader.store import reimport

        self._loaded.pop(doc_id, None)
        return reimport.reimport(self._conn, doc_id, encoding)

    def reimport_refusal(self, doc_id: int, *, look_inside: bool = True) -> str | None:
        """Why the document cannot be read in another encoding (None: it can); see
        ``reimport.refusal``."""
        from reader.store import reimport

        return reimport.refusal(self.summary(doc_id).source_path, look_inside=look_inside)

    def decoding(self, doc_id: int) -> tuple[str | None, bool]:
        """How a document's bytes were decoded: (encoding, whether the user picked it);
        (None, False) for a document imported before Reader recorded it."""
        return documents.decoding(self._conn, doc_id)

    # ---- structure corrections (see corrections_store.py for the undo pairs) ---------

    def corrections(self, doc_id: int) -> list[CorrectionRecord]:
        """A document's structure corrections, in the order they are replayed."""
        return corrections_store.of_document(self._conn, doc_id)

    def add_correction(self, doc_id: int, correction: Correction) -> CorrectionRecord:
        """Append a correction (see ``reader.core.corrections.make_correction``); the
        annotations' comment ids follow the corrected thread. KeyError: no such document."""
        parsed = self.parsed(doc_id)
        before = self._corrected_now(doc_id, parsed)
        record, doc = corrections_store.add(
            self._conn, doc_id, correction, parsed, self.coder, before
        )
        self._keep_corrected(doc_id, parsed, doc)
        return record

    def remove_correction(self, record: CorrectionRecord) -> CorrectionRecord:
        """Undo :meth:`add_correction`; returns the record as it was stored (a re-import
        may have moved it), to give to :meth:`restore_corrections` for a redo. KeyError
        if it is no longer there."""
        parsed = self.parsed(record.document_id)
        before = self._corrected_now(record.document_id, parsed)
        stored, doc = corrections_store.remove(self._conn, record, parsed, before)
        self._keep_corrected(record.document_id, parsed, doc)
        return stored

    def reset_corrections(self, doc_id: int) -> list[CorrectionRecord]:
        """Back to the parser's structure; returns what was removed, for undo."""
        records, _doc = corrections_store.reset(self._conn, doc_id, self.parsed(doc_id))
        return records

    def restore_corrections(self, doc_id: int, records: Sequence[CorrectionRecord]) -> None:
        """Undo :meth:`reset_corrections` (the same records, ids and order)."""
        parsed = self.parsed(doc_id)
        before = self._corrected_now(doc_id, parsed)
        doc = corrections_store.restore(self._conn, doc_id, records, parsed, before)
        self._keep_corrected(doc_id, parsed, doc)

    def _corrected_now(self, doc_id: int, parsed: Document) -> Document | None:
        """The corrected document as the file has it now, if remembered (else None)."""
        sig = corrections_store.signature(self._conn, doc_id)
        if sig[0] == 0:
            return parsed
        hit = self._corrected.get(doc_id)
        return hit[2] if hit is not None and hit[0] is parsed and hit[1] == sig else None

    def _keep_corrected(self, doc_id: int, parsed: Document, doc: Document) -> None:
        """Remember the corrected document just made, so ``load`` need not replay again."""
        self._corrected[doc_id] = (parsed, corrections_store.signature(self._conn, doc_id), doc)

    # ---- corpus search (see search.py) ------------------------------------------------

    def search(self, query: str, *, limit: int | None = 200) -> list[SearchHit]:
        """Hits for ``query`` in article text, comments and notes, by document then in
        reading order; at most ``limit`` (None: all). Raises :class:`SearchError` with a
        sentence for the user when the query cannot be read."""
        return search.search(self._conn, query, self.load, limit=limit)

    def search_count(self, query: str) -> search.SearchCount:
        """How many parts and documents ``query`` matches, quickly (see ``search.count``)."""
        return search.count(self._conn, query, self.load)

    def refresh_search_index(self, *, progress: Callable[[int, int], bool] | None = None) -> int:
        """Index what changed since the last search (a search does this itself; call it
        after an import to do it with progress). Returns how many documents were indexed;
        ``progress(done, total)`` returning False stops early."""
        return search.refresh(self._conn, self.load, progress=progress)

    def backups(self) -> list[Path]:
        """This project's backups in ``backup_dir``, oldest first (each is a project file;
        ``reader.store.backups.restore_backup`` puts one in the project's place)."""
        return backups.backups_of(self.path, self.backup_dir)

    def changed_elsewhere(self) -> bool:
        """True when another connection (a second Reader) wrote to the file since the
        last call; the window can then refresh what it shows."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        return changed
