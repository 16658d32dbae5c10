"""Corpus search: a word index (SQLite FTS5) over article text, comments and notes.

The index
    ``search_fts`` holds one row per *segment*: an article block (boilerplate left out),
    a comment's text, or an annotation's note; ``part`` and ``author`` are indexed
    columns too, so the filters are answered by the index. Its rowid is
    ``document id << 20 | n``, so rows come out grouped by document and in reading order
    without sorting, and a document's rows are one rowid range. Words are found with the
    ``unicode61`` tokenizer (case and accents ignored: ``lachin`` finds "Lāčhin's"). The
    trigram index beside it (``documents_fts``) stays what the sidebar filter uses: it
    finds substrings, not words, and knows nothing of parts.

Keeping it current
    Triggers (migrations 3 and 5) mark a document in ``search_state`` when it is imported,
    updated or deleted, and when one of its annotations is added, deleted or gets another
    note. :func:`refresh` rebuilds what is marked; :func:`search` calls it first, so a
    search always sees the project as it is, whoever changed it (this window, a second
    Reader, the command line). The window can call it after an import, with progress.

Query language (``reader.core.query``; :func:`parse_query` here raises SearchError)
    words (all must occur), ``"a phrase"``, ``prefix*``, ``AND``, ``OR``, ``NOT`` or
    ``-word``, brackets; filters ``in:article``, ``in:comments``, ``in:notes`` (several:
    any of them), ``tag:NAME`` or ``tag:"two words"`` (hits inside passages with that tag
    or one below it; several: all of them), ``author:NAME`` or ``author:"First Last"``
    (comments by an author whose name has those words; ``author:pet*`` a prefix),
    ``coder:NAME`` or ``coder:"First Last"`` (hits inside passages that coder made, and
    their notes; several: any of them; not in the index, so :func:`count` ignores it),
    ``meta:VALUE`` or ``meta:NAME=VALUE`` (hits in documents whose properties hold that
    value, ``core.properties.matches``; read from each document with a hit, once).
    Filters alone (``tag:blame``, ``coder:ana``) list the passages they name
    (``search_passages``). A query that cannot be read raises :class:`SearchError` with
    a sentence for the user, never an SQLite message.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable

from reader.core import query as query_language
from reader.core.find import Found, find_in_document
from reader.core.model import Document
from reader.core.query import PARTS, Query, QueryError
from reader.core.records import SearchCount, SearchHit
from reader.store import search_passages
from reader.store.search_index import (
    MARK_CLOSE,
    MARK_OPEN,
    SHIFT,
    rebuild,
    refresh,
    stale_documents,
    tag_token,
)
from reader.store.search_shared import (
    AllSpans,
    CoderSpans,
    Properties,
    SearchError,
    TagSpans,
    filtered_passages,
    hit_of_row,
    snippet,
    tag_filters,
)

__all__ = [
    "PARTS", "Found", "Query", "SearchCount", "SearchError", "SearchHit", "count",
    "find_in_document", "match_expression", "parse_query", "rebuild", "refresh", "search",
    "snippet", "stale_documents", "tag_token",
]  # fmt: skip


def parse_query(query: str) -> Query:
    """Read a query (``reader.core.query``); :class:`SearchError` says what is wrong."""
    try:
        return query_language.parse_query(query)
    except QueryError as error:
        raise SearchError(str(error)) from None


# ---- searching ------------------------------------------------------------------------


def _phrase(text: str) -> str:
    words = text.rstrip("*")
    quoted = '"' + words.replace('"', '""') + '"'
    return quoted + " *" if words != text else quoted


def match_expression(parsed: Query, tag_ids: list[tuple[str, ...]] = ()) -> str:
    """The FTS5 expression: the words in the text column, the filters on the others."""
    expression = f"body : ({parsed.fts()})"
    parts = parsed.parts
    if parts and parts != frozenset(PARTS):
        expression += " AND part : (" + " OR ".join(f'"{p}"' for p in sorted(parts)) + ")"
    if parsed.authors:
        expression += " AND author : (" + " OR ".join(_phrase(a) for a in parsed.authors) + ")"
    for ids in tag_ids:
        expression += " AND tags : (" + " OR ".join(f'"{tag_token(t)}"' for t in ids) + ")"
    return expression


_COLUMNS = (
    "rowid, part, comment_id, author, base, parts, annotation_id, highlight(search_fts, 0, ?, ?)"
)


def search(
    conn: sqlite3.Connection,
    query: str | Query,
    load: Callable[[int], Document],
    *,
    limit: int | None = 200,
) -> list[SearchHit]:
    """Hits for ``query``, by document (in import order), then in reading order (article,
    comments, notes). At most ``limit`` (None: all). Raises :class:`SearchError`."""
    parsed = parse_query(query) if isinstance(query, str) else query
    tag_ids = tag_filters(conn, parsed.tags) if parsed.tags else []
    if parsed.passages_only():  # tag:blame alone: the passages themselves
        return filtered_passages(conn, parsed, tag_ids, load, limit)
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: search as is
        refresh(conn, load)
    expression = match_expression(parsed, tag_ids)
    tag_spans = TagSpans(conn, tag_ids) if tag_ids else None
    if parsed.coders:
        tag_spans = AllSpans(tag_spans, CoderSpans(conn, parsed.coders))
    properties = Properties(load, parsed.meta) if parsed.meta else None
    hits: list[SearchHit] = []
    titles: dict[int, tuple[str, str]] = {}
    sql = f"SELECT {_COLUMNS} FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid"
    try:
        try:
            rows = conn.execute(sql, (MARK_OPEN, MARK_CLOSE, expression))
        except sqlite3.OperationalError as error:
            if "no such column" not in str(error):
                raise
            rebuild(conn, load)  # an index of another shape: build it again
            rows = conn.execute(sql, (MARK_OPEN, MARK_CLOSE, expression))
        for row in rows:
            if limit is not None and len(hits) >= limit:
                break
            if properties is not None and not properties.hold(row[0] >> SHIFT):
                continue
            hit = hit_of_row(conn, row, tag_spans, titles)
            if hit is not None:
                hits.append(hit)
    except sqlite3.OperationalError as error:
        raise SearchError(f"Reader could not read the query ({_plain(error)}).") from error
    return hits


def count(conn: sqlite3.Connection, query: str | Query, load: Callable[[int], Document]):
    """A quick :class:`SearchCount` for ``query`` (no snippets): for "N hits in M
    documents" beside a list cut at its limit. Raises :class:`SearchError`."""
    parsed = parse_query(query) if isinstance(query, str) else query
    tag_ids = tag_filters(conn, parsed.tags) if parsed.tags else []
    if parsed.passages_only():
        return search_passages.count(filtered_passages(conn, parsed, tag_ids, load, None))
    with contextlib.suppress(sqlite3.OperationalError):
        refresh(conn, load)
    try:
        if parsed.meta:
            properties = Properties(load, parsed.meta)
            per_document = conn.execute(
                f"SELECT rowid >> {SHIFT}, count(*) FROM search_fts WHERE search_fts MATCH ?"
                " GROUP BY 1",
                (match_expression(parsed, tag_ids),),
            ).fetchall()
            kept = [n for doc_id, n in per_document if properties.hold(doc_id)]
            return SearchCount(sum(kept), len(kept))
        parts, docs = conn.execute(
            f"SELECT count(*), count(DISTINCT rowid >> {SHIFT}) FROM search_fts"
            " WHERE search_fts MATCH ?",
            (match_expression(parsed, tag_ids),),
        ).fetchone()
    except sqlite3.OperationalError as error:
        raise SearchError(f"Reader could not read the query ({_plain(error)}).") from error
    return SearchCount(parts, docs)


def _plain(error: Exception) -> str:
    return str(error).removeprefix("fts5: ")


# ---- find in one document -------------------------------------------------------------
