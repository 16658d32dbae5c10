"""A shared project: the project API on a PostgreSQL database (issue 15).

:class:`SharedProject` is a :class:`~reader.store.project.Project` whose connection is a
``postgres.connection.Connection``: documents, corrections, codebook, annotations,
coders, retrieval, exchange and merging run the same store modules as on a file. What
differs is overridden here: opening (a libpq URI or ``service=NAME``; the schema made or
migrated by ``postgres/schema.py``), corpus search and the sidebar filter
(``postgres/search.py``), noticing other writers (a change counter), and what a file has
and a database has not (backups, which are the server's job).

Who writes: on a shared project a coder is their database login (or the coder
``coder_logins`` maps it to); the name Reader was given is used only by the database's
owner and ``reader_owner`` members, who may write in anyone's name (``push``). A coder's
change to someone else's passage is refused here with a sentence naming its coder, before
the database's row-level security would refuse it anyway.

Every public method turns the database's refusals and a lost connection into
:class:`~reader.store.errors.ProjectError` with a sentence for the user (the window's
commands report it and nothing is half-done: each change is one transaction). After a
lost connection the next call connects again.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from reader.store import annotations, coders, merge
from reader.store.errors import ProjectError
from reader.store.postgres import access, describe, schema, without_password
from reader.store.postgres import search as pg_search
from reader.store.postgres.connection import Connection, ConnectionLost, connect
from reader.store.project import Project
from reader.store.records import Annotation

log = logging.getLogger(__name__)


# A document's hash and its corrections' signature (``corrections_store.signature``).
_DOCUMENT_STATE = (
    "SELECT d.content_hash, count(c.id), coalesce(max(c.id), 0) FROM documents d"
    " LEFT JOIN corrections c ON c.document_id = d.id WHERE d.id = %s GROUP BY d.content_hash"
)


class OfflineError(ProjectError):
    """The server cannot be reached; nothing was written."""


class NotYoursError(ProjectError):
    """A coder tried to change a passage another coder made."""


class SharedProject(Project):
    """A project in a PostgreSQL database. Create with :meth:`open`."""

    engine = "postgresql"

    def __init__(self, target: str, conn: Connection) -> None:
        self.target = target
        self.label = describe(target)
        super().__init__(Path(self.label), conn, Path())  # type: ignore[arg-type]
        self._anyone = access.may_write_as_anyone(conn)
        self._change_seen: int | None = None

    @classmethod
    def open(  # type: ignore[override]
        cls, target: str, *, coder: str | None = None, create: bool = False
    ) -> SharedProject:
        """Connect to ``target`` (libpq URI or ``key=value``); ``create``: make the project
        in an empty database. Raises ``ProjectError`` (``OfflineError``,
        ``NotAProjectError``, ``NewerSchemaError``)."""
        try:
            conn = connect(target)
        except ConnectionLost as error:
            raise OfflineError(
                f"Reader could not connect to {describe(target)}: {error}"
            ) from error
        try:
            schema.migrate(conn, create=create)
            project = cls(target, conn)
            project.set_coder(coder or "")
        except BaseException:
            conn.close()
            raise
        return project

    @property
    def location(self) -> str:
        """The database as Reader remembers it (Open Recent): no password."""
        return without_password(self.target)

    @property
    def may_write_as_anyone(self) -> bool:
        return self._anyone

    def set_coder(self, name: str) -> int:
        """The owner writes as ``name``; a coder always as their login's coder."""
        if self._anyone:
            return super().set_coder(name)
        self.coder = access.coder_name(self._conn)  # type: ignore[arg-type]
        if coders.tidy(name) not in ("", self.coder):
            log.info("writing as %s (the database login), not %s", self.coder, name)
        try:
            coders.register(self._conn, self.coder)
        except sqlite3.OperationalError:
            log.info("%s may only read this project", self.coder)  # a reader login
        return 0

    # ---- a file's things a database has not -------------------------------------------

    @property
    def backup_problem(self) -> str | None:
        return None

    def backups(self) -> list[Path]:
        return []  # the server's administrator backs up the database

    def close(self) -> None:
        if not self._conn.closed:  # type: ignore[attr-defined]
            self._conn.close()

    def merge_from(self, path: Path, *, progress=None) -> merge.MergeReport:
        return merge.merge(self._conn, self, Path(path), progress=progress)  # type: ignore[arg-type]

    # ---- search (postgres/search.py) ----------------------------------------------------

    def search(self, query, *, limit: int | None = 200):
        return pg_search.search(self._conn, query, self.load, limit=limit)

    def search_count(self, query):
        return pg_search.count(self._conn, query, self.load)

    def refresh_search_index(self, *, progress: Callable[[int, int], bool] | None = None) -> int:
        try:
            return pg_search.refresh(self._conn, self.load, progress=progress)
        except sqlite3.OperationalError:
            return 0  # a read-only login: searches use the index as it is

    def matching_documents(self, query: str) -> list[int]:
        return pg_search.matching(self._conn, query)

    # ---- others' changes -----------------------------------------------------------------

    def change_counter(self) -> int:
        """A number that grows with every change anyone commits to the project."""
        return self._conn.run("SELECT last_value FROM reader_change_seq").fetchone()[0]  # type: ignore[attr-defined]

    def listen(self):
        """A ``live.Listener`` of the others' changes (the caller closes it)."""
        from reader.store.postgres.live import Listener

        return Listener(self.target, self._backend_pid)

    def _backend_pid(self) -> int:
        return -1 if not self.online else self._conn.raw.info.backend_pid  # type: ignore[attr-defined]

    def changed_elsewhere(self) -> bool:
        counter = self.change_counter()
        changed = self._change_seen is not None and counter != self._change_seen
        self._change_seen = counter
        return changed

    # ---- fewer round trips per change ----------------------------------------------------

    def load(self, doc_id: int):
        """As on a file, but whether the kept copy is still the document is asked in one
        statement (its hash and its corrections' signature), not two: every annotation
        added loads its document first."""
        row = self._conn.run(_DOCUMENT_STATE, (doc_id,)).fetchone()  # type: ignore[attr-defined]
        if row is None:
            raise KeyError(doc_id)
        digest, count, highest = row
        cached = self._loaded.get(doc_id)
        if cached is not None and cached[0] == digest:
            parsed = cached[1]
            hit = self._corrected.get(doc_id)
            if count == 0 or (hit is not None and hit[0] is parsed and hit[1] == (count, highest)):
                self._loaded.move_to_end(doc_id)
                return parsed if count == 0 else hit[2]  # type: ignore[index]
        return super().load(doc_id)

    def add_annotation(self, doc_id, start, end, tags=(), note="", *, annotation_id=None,
                       coder=None) -> Annotation:  # fmt: skip
        """As on a file, in two round trips: the document's check (``load``), then the
        whole transaction (the passage, its coder, its tags) sent at once. Nothing in
        the transaction reads a result, so nothing waits for the server before its end."""
        doc = self.load(doc_id)
        who = self.coder if coder is None else coders.tidy(coder)
        try:
            with self._conn.pipeline():  # type: ignore[attr-defined]
                return annotations.add(
                    self._conn, doc, doc_id, start, end, tags, note,
                    annotation_id=annotation_id, coder=who,
                )  # fmt: skip
        except sqlite3.IntegrityError as error:  # raised on leaving the pipeline
            raise KeyError(f"no such tag among {list(tags)}") from error

    # ---- whose passage -------------------------------------------------------------------

    def _check_own(self, annotation_id: str) -> None:
        if self._anyone:
            return
        found = annotations.one(self._conn, annotation_id)
        if found.coder != self.coder:
            raise NotYoursError(
                f"That passage was coded by {found.coder or 'nobody named'}; only they or "
                "the project's owner can change or delete it."
            )

    def delete_annotation(self, annotation_id: str) -> Annotation:
        self._check_own(annotation_id)
        return super().delete_annotation(annotation_id)

    def set_note(self, annotation_id: str, note: str) -> str:
        self._check_own(annotation_id)
        return super().set_note(annotation_id, note)

    def add_tag_to_annotation(self, annotation_id, tag_id, position=None) -> bool:
        self._check_own(annotation_id)
        return super().add_tag_to_annotation(annotation_id, tag_id, position)

    def remove_tag_from_annotation(self, annotation_id, tag_id):
        self._check_own(annotation_id)
        return super().remove_tag_from_annotation(annotation_id, tag_id)

    def restore_annotation(self, record: Annotation) -> None:
        if not self._anyone and record.coder != self.coder:
            raise NotYoursError(f"That passage is {record.coder}'s; it cannot be restored here.")
        super().restore_annotation(record)

    # ---- the connection ---------------------------------------------------------------------

    def ping(self) -> bool:
        """Whether the connection holds, asking the server (a lost connection is noticed
        only when something is sent)."""
        if not self.online:
            return False
        try:
            self._conn.run("SELECT 1")  # type: ignore[attr-defined]
        except sqlite3.OperationalError:
            return False
        return True

    def reconnect(self) -> bool:
        """Connect again after the connection was lost; True when it is back."""
        if self.ping():
            return True
        self._conn.close()
        try:
            self._conn = connect(self.target)  # type: ignore[assignment]
        except ConnectionLost as error:
            log.info("still offline: %s", error)
            return False
        log.info("connected again to %s", self.label)
        return True

    @property
    def online(self) -> bool:
        return not (self._conn.closed or self._conn.broken)  # type: ignore[attr-defined]


def _guarded(method: Callable) -> Callable:
    """``method`` with the database's refusals and a lost connection as ProjectError."""

    @functools.wraps(method)
    def call(self: SharedProject, *args, **kwargs):
        if not self.online and not self.reconnect():
            raise OfflineError(
                f"The connection to {self.label} is lost; nothing was changed. Reader "
                "connects again by itself; try again then."
            )
        try:
            return method(self, *args, **kwargs)
        except ConnectionLost as error:
            raise OfflineError(
                f"The connection to {self.label} was lost; the change was not saved. "
                "Reader connects again by itself; try again then."
            ) from error
        except sqlite3.OperationalError as error:
            if "permission denied" in str(error) or "row-level security" in str(error):
                raise ProjectError(
                    "Your database login may not make this change (the project's owner "
                    "manages the codebook and documents)."
                ) from error
            raise ProjectError(f"The shared project refused the change ({error}).") from error

    return call


_SKIP = {"open", "close", "reconnect", "listen", "ping"}
for _name in dir(SharedProject):
    _attr = getattr(SharedProject, _name)
    if _name.startswith("_") or _name in _SKIP or not callable(_attr):
        continue
    if isinstance(SharedProject.__dict__.get(_name), (classmethod, staticmethod, property)):
        continue
    setattr(SharedProject, _name, _guarded(_attr))
