"""Hearing the other coders' changes to a shared project, as they commit them.

Every change to documents, corrections, the codebook or annotations sends ``NOTIFY
reader_changes`` with ``table document_id`` at commit (``access.py``). A
:class:`Listener` holds its own connection that ``LISTEN``\\ s; the window watches its
:meth:`fileno` (a socket notifier) and calls :meth:`drain`, which returns what others
changed: the project's own connection's notifications are left out, since the window
already shows its own changes. No Qt here: the ui decides what to read again.

A listener whose connection is lost says so (``online`` False); :meth:`reconnect` tries
again, and the caller should then read everything again, since what was sent while it was
away was not heard.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import psycopg

from reader.store.postgres.access import CHANNEL

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RemoteChange:
    """One row changed by someone else: its table, and its document when it has one."""

    table: str
    document_id: int | None


class Listener:
    """Notifications of a shared project's changes made by other connections."""

    def __init__(self, target: str, own_pid: callable) -> None:
        self._target = target
        self._own_pid = own_pid  # the project connection's backend pid, asked each time
        self._conn: psycopg.Connection | None = None
        self.reconnect()

    def reconnect(self) -> bool:
        """(Re)connect and listen; True when listening."""
        self.close()
        try:
            self._conn = psycopg.connect(self._target, autocommit=True, connect_timeout=5)
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            log.info("not listening: %s", error)
            self._conn = None
            return False
        return True

    @property
    def online(self) -> bool:
        return self._conn is not None and not (self._conn.closed or self._conn.broken)

    def fileno(self) -> int:
        return self._conn.fileno() if self._conn is not None else -1

    def drain(self) -> list[RemoteChange]:
        """What others changed since the last call (without waiting); [] when offline."""
        if not self.online:
            return []
        own = self._own_pid()
        found: list[RemoteChange] = []
        try:
            for note in self._conn.notifies(timeout=0):
                if note.pid == own:
                    continue
                table, _, doc = note.payload.partition(" ")
                found.append(RemoteChange(table, int(doc) if doc.isdigit() else None))
        except psycopg.OperationalError as error:
            log.info("listener lost: %s", error)
        return found

    def check(self) -> bool:
        """Ask the server whether the connection still holds (a lost network is noticed
        only when something is sent); True when it does. A change that arrives during
        the check is kept for the next :meth:`drain`, which the caller should call."""
        if not self.online:
            return False
        try:
            self._conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def close(self) -> None:
        if self._conn is not None and not self._conn.closed:
            self._conn.close()
        self._conn = None
