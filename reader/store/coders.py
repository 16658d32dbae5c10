"""The project's coders: who made each annotation (and its note) and each structure correction.

A coder is a name (``Ada Lovelace``), compared exactly once tidied by :func:`tidy`. An
annotation's ``note_coder`` is who last wrote its note (a colleague may add to it). The
``coders`` table lists every name that has written to the project, with when it was first
seen; annotations and corrections carry the name in their ``coder`` column (the coders
migration in schema.py).

Rows made before coders were recorded carry '' ("not yet assigned"). The first coder to
open the project with a name claims them (:func:`claim_unassigned`, called by
``Project.open(coder=...)``): an existing single-user project becomes that person's work,
which is what it was. Called inside or outside a transaction as each function says.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.store.schema import write

UNASSIGNED = ""


@dataclass(frozen=True, slots=True)
class Coder:
    """A coder of the project: ``annotations`` and ``corrections`` they made, and when
    their name was first seen (ISO 8601 UTC)."""

    name: str
    first_seen: str
    annotations: int
    corrections: int


def tidy(name: str | None) -> str:
    """A coder's name as stored: surrounding and repeated white space removed."""
    return " ".join((name or "").split())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def register(conn: sqlite3.Connection, name: str, seen: str | None = None) -> None:
    """List ``name`` among the coders (inside the caller's transaction); no-op if listed."""
    if name:
        conn.execute(
            "INSERT OR IGNORE INTO coders (name, first_seen) VALUES (?, ?)", (name, seen or _now())
        )


def claim_unassigned(conn: sqlite3.Connection, name: str) -> int:
    """Give every annotation and correction without a coder to ``name``, in one
    transaction. Returns how many annotations were claimed."""
    name = tidy(name)
    if not name:
        return 0
    with write(conn):
        register(conn, name)
        claimed = conn.execute(
            "UPDATE annotations SET coder = ? WHERE coder = ''", (name,)
        ).rowcount
        conn.execute(
            "UPDATE annotations SET note_coder = ? WHERE note_coder = '' AND note != ''", (name,)
        )
        conn.execute("UPDATE corrections SET coder = ? WHERE coder = ''", (name,))
    return claimed


def unassigned(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM annotations WHERE coder = ''").fetchone()[0]


def listed(conn: sqlite3.Connection) -> list[Coder]:
    """Every coder of the project, by name (case-insensitively), with their counts; a name
    found on rows but missing from the table (a file edited by hand) is listed too."""
    counts: dict[str, list] = {}
    for name, first in conn.execute("SELECT name, first_seen FROM coders"):
        counts[name] = [first, 0, 0]
    for name, n, first in conn.execute(
        "SELECT coder, count(*), min(created) FROM annotations WHERE coder != '' GROUP BY coder"
    ):
        counts.setdefault(name, [first, 0, 0])[1] = n
    for name, n, first in conn.execute(
        "SELECT coder, count(*), min(created) FROM corrections WHERE coder != '' GROUP BY coder"
    ):
        counts.setdefault(name, [first, 0, 0])[2] = n
    return [Coder(name, *counts[name]) for name in sorted(counts, key=lambda n: (n.casefold(), n))]
