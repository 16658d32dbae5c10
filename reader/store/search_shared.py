"""What corpus search does alike on both engines (SQLite's ``search.py``, PostgreSQL's
``postgres/search.py``): the error a query gives, the filters that the word index does
not answer by itself (``tag:`` and ``coder:`` as the passages a hit must lie in, ``meta:``
as each document's properties), the passages a query of filters alone names, and a row
of either index made a :class:`SearchHit` with its snippet. Functions on a DB-API
connection in SQLite's dialect (``postgres/dialect.py`` rewrites what differs)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reader.core.model import Document
from reader.core.properties import described, matches
from reader.core.query import Query, QueryError
from reader.core.records import SearchHit
from reader.store import search_passages
from reader.store.errors import ProjectError
from reader.store.search_index import MARK_CLOSE, MARK_OPEN, SHIFT

SNIPPET_WIDTH = 160


class SearchError(ProjectError, QueryError):
    """A query that cannot be read; the message says why, for the user."""


# ---- the filters ----------------------------------------------------------------------


def tag_filters(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[tuple[str, ...]]:
    """For each tag name, the ids of the tags so named and of every tag below them."""
    all_tags = conn.execute("SELECT id, name, parent FROM tags").fetchall()
    children: dict[str | None, list[str]] = {}
    for tag_id, _name, parent in all_tags:
        children.setdefault(parent, []).append(tag_id)
    found: list[tuple[str, ...]] = []
    for name in names:
        wanted = " ".join(name.split()).casefold()
        stack = [t for t, n, _ in all_tags if n.casefold() == wanted]
        if not stack:
            raise SearchError(f"There is no tag named {name!r}.")
        ids: list[str] = []
        while stack:
            t = stack.pop()
            if t not in ids:
                ids.append(t)
                stack += children.get(t, [])
        found.append(tuple(ids))
    return found


class TagSpans:
    """Per document, the placed passages carrying each tag filter's tags (fetched when a
    hit in that document needs them)."""

    def __init__(self, conn: sqlite3.Connection, filters: list[tuple[str, ...]]) -> None:
        self.conn = conn
        self.filters = filters
        self.cache: dict[int, list[list[tuple[int, int, str]]]] = {}

    def of(self, doc_id: int) -> list[list[tuple[int, int, str]]]:
        if doc_id not in self.cache:
            self.cache[doc_id] = [
                self.conn.execute(
                    "SELECT DISTINCT a.span_start, a.span_end, a.id FROM annotations a"
                    " JOIN annotation_tags l ON l.annotation_id = a.id"
                    f" WHERE a.document_id = ? AND l.tag_id IN ({','.join('?' * len(ids))})",
                    (doc_id, *ids),
                ).fetchall()
                for ids in self.filters
            ]
        return self.cache[doc_id]


class CoderSpans:
    """Per document, the placed passages made by the ``coder:`` filter's coders, as one
    filter list in the shape of :class:`TagSpans`'s."""

    def __init__(self, conn: sqlite3.Connection, names: tuple[str, ...]) -> None:
        known = {r[0].casefold(): r[0] for r in conn.execute(
            "SELECT name FROM coders UNION SELECT DISTINCT coder FROM annotations"
        )}  # fmt: skip
        self.names = []
        for name in names:
            if name.casefold() not in known:
                raise SearchError(f"There is no coder named {name!r}.")
            self.names.append(known[name.casefold()])
        self.conn = conn
        self.cache: dict[int, list[list[tuple[int, int, str]]]] = {}

    def of(self, doc_id: int) -> list[list[tuple[int, int, str]]]:
        if doc_id not in self.cache:
            marks = ",".join("?" * len(self.names))
            self.cache[doc_id] = [self.conn.execute(
                "SELECT span_start, span_end, id FROM annotations"
                f" WHERE document_id = ? AND orphan = 0 AND coder IN ({marks})",
                (doc_id, *self.names),
            ).fetchall()]  # fmt: skip
        return self.cache[doc_id]


class AllSpans:
    """The tag and coder filters together: a hit must pass each."""

    def __init__(self, *filters) -> None:
        self.filters = [f for f in filters if f is not None]

    def of(self, doc_id: int) -> list[list[tuple[int, int, str]]]:
        return [spans for f in self.filters for spans in f.of(doc_id)]


class Properties:
    """The ``meta:`` filters: whether a document's properties hold each (the document is
    loaded once, when it first has a hit)."""

    def __init__(self, load: Callable[[int], Document], wanted) -> None:
        self.load, self.wanted = load, wanted
        self.cache: dict[int, bool] = {}

    def hold(self, doc_id: int) -> bool:
        if doc_id not in self.cache:
            try:
                rows = described(self.load(doc_id))
            except KeyError:  # removed meanwhile
                rows = ()
            self.cache[doc_id] = all(matches(rows, n, v) for n, v in self.wanted)
        return self.cache[doc_id]


def filtered_passages(conn, parsed: Query, tag_ids, load, limit: int | None) -> list[SearchHit]:
    """The passages a query of filters alone names (``search_passages``)."""
    coders = CoderSpans(conn, parsed.coders).names if parsed.coders else []
    keep = Properties(load, parsed.meta).hold if parsed.meta else None
    return search_passages.passages(conn, parsed, tag_ids, coders, limit, keep)


# ---- hits ----------------------------------------------------------------------------


def _marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without the marks, and the (start, end) of each marked run in it."""
    spans: list[tuple[int, int]] = []
    removed = 0
    at = marked.find(MARK_OPEN)
    while at >= 0:
        close = marked.find(MARK_CLOSE, at)
        if close < 0:
            break
        start = at - removed
        spans.append((start, start + close - at - 1))
        removed += 2
        at = marked.find(MARK_OPEN, close)
    return marked.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""), spans


def snippet(
    text: str, spans: list[tuple[int, int]], width: int = SNIPPET_WIDTH
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A short excerpt of ``text`` around the first span (whitespace collapsed, "…" where
    it is cut) and the places of the spans in it."""
    first = spans[0] if spans else (0, 0)
    start = max(0, first[0] - width // 4)
    end = min(len(text), max(start + width, first[1]))
    start = max(0, min(start, end - width))
    if start > 0:  # begin and end at a word boundary where one is near
        space = text.find(" ", start, first[0])
        start = space + 1 if 0 <= space < start + 15 else start
    if end < len(text):
        space = text.rfind(" ", max(first[1], end - 15), end)
        end = space if space > 0 else end
    pieces: list[str] = []
    pos = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        pieces += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        pos = e
    pieces.append(text[pos:end])
    marked = " ".join("".join(pieces).split())
    marked = ("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")
    plain, marks = _marks(marked)
    return plain, tuple(marks)


def _comment_offsets(body: str, parts: str, base: int, offsets: list[int]) -> list[int]:
    """Document offsets of positions in a comment's text (see ``Comment.to_document``)."""
    pieces = [tuple(int(x) for x in p.split("-")) for p in parts.split()]
    if not pieces:
        return [base + o for o in offsets]
    starts = []  # (text offset, document start, length) of each piece
    pos = 0
    for i, (d, e) in enumerate(pieces):
        if i:
            pos += 2 if body.startswith("\n\n", pos) else 1
        starts.append((pos, d, e - d))
        pos += e - d
    found = []
    for o in offsets:
        best = pieces[0][0]
        for t, d, n in starts:
            if o < t:
                break
            best = d + min(o - t, n)
        found.append(best)
    return found


def hit_of_row(conn, row, tag_spans, titles, notes=None) -> SearchHit | None:
    """One row of the index as a hit; ``titles`` (doc id -> title, source) and ``notes``
    (annotation id -> span_start, span_end, comment_id) may be filled beforehand, by an
    engine for which each query is a round trip."""
    rowid, part, comment_id, author, base, parts_text, annotation_id, marked = row
    doc_id = rowid >> SHIFT
    body, body_spans = _marks(marked)
    if part == "article":
        matches = tuple((base + s, base + e) for s, e in body_spans)
    elif part == "comment":
        ends = _comment_offsets(body, parts_text, base, [x for m in body_spans for x in m])
        matches = tuple(zip(ends[::2], ends[1::2], strict=True))
    else:
        matches = tuple(body_spans)
    if part == "note":
        span = (
            notes.get(annotation_id)
            if notes is not None
            else conn.execute(
                "SELECT span_start, span_end, comment_id FROM annotations WHERE id = ?",
                (annotation_id,),
            ).fetchone()
        )
        if span is None:
            return None
        start, end, comment_id = span
    else:
        start, end = matches[0] if matches else (base, base)
    for passages in tag_spans.of(doc_id) if tag_spans is not None else ():
        if part == "note":
            if not any(a == annotation_id for _, _, a in passages):
                return None
        else:
            inside = [m for m in matches if any(s < m[1] and m[0] < e for s, e, _ in passages)]
            if not inside:
                return None
            matches = tuple(inside)
            start, end = inside[0]
    if doc_id not in titles:
        found = conn.execute(
            "SELECT title, source_path FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        titles[doc_id] = found if found is not None else ("", "")
    title, source = titles[doc_id]
    text, marks = snippet(body, body_spans)
    return SearchHit(
        doc_id, source, title, part, comment_id, author or None, annotation_id, start, end,
        matches, text, marks,
    )  # fmt: skip
