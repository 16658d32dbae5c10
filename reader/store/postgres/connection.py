"""A PostgreSQL connection the store's modules can use as they use sqlite3's.

:func:`connect` opens a libpq connection (a ``postgresql://`` URI or a ``key=value``
string such as ``service=NAME``: passwords come from libpq's own ``.pgpass``, service file
or environment, never from Reader) in autocommit mode, as the SQLite connection is:
transactions are the store's explicit ``BEGIN``/``COMMIT`` (``schema.write``).

:class:`Connection` has the part of sqlite3's interface the store uses: ``execute`` and
``executemany`` with ``?`` placeholders (rewritten by ``dialect``), cursors with
``fetchone``/``fetchall``/iteration/``rowcount``/``lastrowid``, ``close``; and
:meth:`Connection.pipeline`, which sends the statements of a block together (psycopg's
pipeline mode) so that a whole write transaction costs one round trip. Errors are
raised as sqlite3's classes (the original chained), so the store's ``except
sqlite3.IntegrityError`` and ``except sqlite3.OperationalError`` (busy, read-only, no
permission) hold on both engines: a refused permission is an ``OperationalError``, as a
read-only file is. :class:`ConnectionLost` (an ``OperationalError`` too) says the server
is out of reach.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import psycopg
from psycopg import errors

from reader.store.postgres.dialect import translate

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5


class ConnectionLost(sqlite3.OperationalError):
    """The server cannot be reached (stopped, network gone); nothing was written."""


class Cursor:
    """The result of one statement, read as a sqlite3 cursor is."""

    __slots__ = ("_cursor", "lastrowid")

    def __init__(self, cursor: psycopg.Cursor, lastrowid: int | None = None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self):
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list:
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator:
        return iter(self._cursor) if self._cursor.description else iter(())


def _params(values: Sequence | None) -> tuple:
    """sqlite3 stores a bool as 0/1; PostgreSQL's integer columns want ints too."""
    if not values:
        return ()
    return tuple(int(v) if isinstance(v, bool) else v for v in values)


@contextmanager
def _as_sqlite_errors(connection: psycopg.Connection) -> Iterator[None]:
    try:
        yield
    except errors.IntegrityError as error:
        raise sqlite3.IntegrityError(str(error).strip()) from error
    except (errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction) as error:
        raise sqlite3.OperationalError(str(error).strip()) from error
    except psycopg.OperationalError as error:
        if connection.closed or connection.broken:
            raise ConnectionLost(str(error).strip()) from error
        raise sqlite3.OperationalError(str(error).strip()) from error
    except psycopg.Error as error:
        raise sqlite3.OperationalError(str(error).strip()) from error


class Connection:
    """A psycopg connection behind sqlite3's interface (see the module's notes)."""

    engine = "postgresql"

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Sequence | None = None) -> Cursor:
        statement = translate(sql)
        with _as_sqlite_errors(self.raw):
            cursor = self.raw.execute(statement.sql, _params(parameters))
            lastrowid = None
            if statement.returns_id:
                row = cursor.fetchone()
                lastrowid = row[0] if row else None
            return Cursor(cursor, lastrowid)

    def executemany(self, sql: str, seq: Iterable[Sequence]) -> Cursor:
        statement = translate(sql)
        rows = [_params(r) for r in seq]
        with _as_sqlite_errors(self.raw):
            cursor = self.raw.cursor()
            if rows:
                cursor.executemany(statement.sql, rows)
            return Cursor(cursor)

    @contextmanager
    def pipeline(self) -> Iterator[Connection]:
        """Statements in the block are sent without waiting for each answer; the server
        answers them together on leaving it (or when a result is read inside). An error
        in any of them is raised on leaving, the statements after it are not run, and a
        transaction it left open is rolled back: nothing is half-written.

        When the block itself fails (the connection lost while it sends), leaving the
        pipeline fails again for the same reason; that second error is the first one's
        echo, so it is dropped here (psycopg would log it as a warning) and the block's
        error alone is raised: one clear ConnectionLost for the caller to say."""
        with _as_sqlite_errors(self.raw):
            context = self.raw.pipeline()
            context.__enter__()
            try:
                yield self
            except BaseException as error:
                try:
                    context.__exit__(None, None, None)  # answers what was sent, if it can
                except psycopg.Error as echo:
                    log.debug("leaving the pipeline after %r: %s", error, echo)
                self._roll_back_if_open()
                raise
            try:
                context.__exit__(None, None, None)
            except BaseException:
                self._roll_back_if_open()
                raise

    def _roll_back_if_open(self) -> None:
        """A transaction a failed pipeline left open is rolled back (a lost connection
        has none left: the server rolled it back when it went)."""
        if not (self.raw.closed or self.raw.broken) and (
            self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
        ):
            self.raw.execute("ROLLBACK")

    def run(self, sql: str, parameters: Sequence | None = None) -> Cursor:
        """A statement in PostgreSQL's own dialect (``%s`` placeholders), not rewritten."""
        with _as_sqlite_errors(self.raw):
            return Cursor(self.raw.execute(sql, parameters))

    def commit(self) -> None:
        """Nothing to do: as the store's sqlite3 connections, this one is in autocommit
        mode and its transactions are explicit."""

    @property
    def closed(self) -> bool:
        return self.raw.closed

    @property
    def broken(self) -> bool:
        return self.raw.broken

    def fileno(self) -> int:
        return self.raw.fileno()

    def close(self) -> None:
        self.raw.close()


def connect(target: str) -> Connection:
    """Open ``target`` (a libpq URI or ``key=value`` string); :class:`ConnectionLost`
    with libpq's sentence when it cannot be reached or refuses the login."""
    try:
        raw = psycopg.connect(
            target, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="Reader"
        )
    except psycopg.Error as error:
        raise ConnectionLost(str(error).strip()) from error
    return Connection(raw)
