"""The store's SQL, written for SQLite, as PostgreSQL reads it.

The store writes its statements once, in SQLite's dialect with ``?`` placeholders. The few
places where PostgreSQL differs are rewritten here, statement by statement (cached):

* ``?`` becomes ``%s`` and a literal ``%`` becomes ``%%`` (psycopg's placeholders),
  outside quoted strings and names;
* ``INSERT OR IGNORE`` becomes ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` an upsert
  on the table's key (:data:`KEYS`);
* ``x IS ?`` (SQLite's null-safe equality) becomes ``IS NOT DISTINCT FROM``;
* ``BEGIN IMMEDIATE`` is a plain ``BEGIN`` (PostgreSQL locks rows, not the file);
* the column named ``offset`` (a reserved word in PostgreSQL) is quoted;
* an ``INSERT`` into a table whose key the database numbers gets ``RETURNING id``, so the
  cursor can say ``lastrowid`` as sqlite3's does.

Anything SQLite-only that cannot be rewritten (``PRAGMA``, FTS5's ``MATCH``) raises
:class:`UnsupportedStatement`: the PostgreSQL project overrides the methods that use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The key an ``INSERT OR REPLACE`` replaces on, for each table the store upserts into.
KEYS: dict[str, tuple[str, ...]] = {
    "document_decoding": ("document_id",),
    "search_state": ("document_id",),
    "coders": ("name",),
    "tags": ("id",),
    "annotations": ("id",),
    "annotation_tags": ("annotation_id", "tag_id"),
    "document_urls": ("document_id", "url"),
}
# Tables whose ``id`` the database numbers (sqlite3's ``lastrowid``).
NUMBERED = frozenset({"documents", "corrections"})


class UnsupportedStatement(ValueError):
    """A statement only SQLite understands."""


@dataclass(frozen=True, slots=True)
class Statement:
    sql: str
    returns_id: bool  # the statement ends in RETURNING id, for lastrowid


_INSERT = re.compile(
    r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*(\(([^)]*)\))?", re.IGNORECASE
)


@lru_cache(maxsize=1024)
def translate(sql: str) -> Statement:
    """``sql`` (SQLite's dialect) for PostgreSQL; raises :class:`UnsupportedStatement`."""
    head = sql.lstrip().upper()
    if head.startswith("PRAGMA") or " MATCH " in f" {_outside_quotes(sql).upper()} ":
        raise UnsupportedStatement(sql)
    if head.startswith("BEGIN"):
        return Statement("BEGIN", False)
    text = _placeholders(sql)
    text = re.sub(r"\bIS\s+%s", "IS NOT DISTINCT FROM %s", text)
    text = re.sub(r"(?<![\w\"])offset(?![\w\"])", '"offset"', text)
    returns_id = False
    insert = _INSERT.match(text)
    if insert:
        verb, table, _, columns = insert.groups()
        if verb:
            text = re.sub(r"^\s*INSERT\s+OR\s+\w+\s+INTO", "INSERT INTO", text, flags=re.I)
        tail = ""
        if verb and verb.upper() == "IGNORE":
            tail = " ON CONFLICT DO NOTHING"
        elif verb:
            key = KEYS.get(table)
            if key is None or columns is None:
                raise UnsupportedStatement(sql)
            names = [c.strip().strip('"') for c in columns.split(",")]
            rest = [c for c in names if c not in key]
            quoted = ", ".join(_name(c) for c in key)
            if rest:
                sets = ", ".join(f"{_name(c)} = EXCLUDED.{_name(c)}" for c in rest)
                tail = f" ON CONFLICT ({quoted}) DO UPDATE SET {sets}"
            else:
                tail = f" ON CONFLICT ({quoted}) DO NOTHING"
        if table in NUMBERED and "RETURNING" not in text.upper():
            tail += " RETURNING id"
            returns_id = True
        text = text.rstrip().rstrip(";") + tail
    return Statement(text, returns_id)


def _name(column: str) -> str:
    return f'"{column}"' if column == "offset" else column


def _outside_quotes(sql: str) -> str:
    """``sql`` with its quoted strings emptied (to look for keywords)."""
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


def _placeholders(sql: str) -> str:
    """``?`` as ``%s`` and ``%`` as ``%%``, leaving '…' strings' ``?`` alone."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
            out.append("%%" if ch == "%" else ch)
            continue
        if ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)
