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
    (comments by an author whose name has those words; ``author:pet*`` a prefix). A
    query that cannot be read raises :class:`SearchError` with a sentence for the user,
    never an SQLite message.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reader.core import query as query_language
from reader.core.find import Found, find_in_document
from reader.core.model import BlockKind, Document
from reader.core.query import PARTS, Query, QueryError
from reader.core.records import SearchCount, SearchHit
from reader.store import documents
from reader.store.errors import ProjectError
from reader.store.schema import write

SHIFT = 20
NOTE_BASE = 1 << (SHIFT - 1)  # notes come after a document's blocks and comments
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around matches in highlight()
_BATCH = 100
SNIPPET_WIDTH = 160

Progress = Callable[[int, int], bool]


class SearchError(ProjectError, QueryError):
    """A query that cannot be read; the message says why, for the user."""


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


# ---- the query language ------------------------------------------------------------


# ---- building the index ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Segment:
    n: int
    body: str
    part: str
    comment_id: str | None = None
    author: str | None = None
    base: int = 0  # document offset of body[0] (article)
    parts: str = ""  # a comment's pieces, "start-end start-end"
    annotation_id: str | None = None
    tags: str = ""  # tag tokens of the passages in it (see tag_token)


def tag_token(tag_id: str) -> str:
    """The one word standing for a tag in the index's ``tags`` column."""
    return "t" + hashlib.blake2s(tag_id.encode("utf-8"), digest_size=8).hexdigest()


def _clean(text: str) -> str:
    """The text with the match marks replaced (same length, so offsets hold)."""
    return text.replace(_OPEN, " ").replace(_CLOSE, " ")


class _Passages:
    """A document's placed passages, to find those overlapping a span quickly."""

    def __init__(self, rows: list[tuple[int, int, str]]) -> None:
        rows.sort()
        self.starts = [r[0] for r in rows]
        self.rows = rows
        self.longest = max((e - s for s, e, _ in rows), default=0)

    def tags(self, start: int, end: int) -> str:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        found = {t for s, e, t in self.rows[lo:hi] if e > start and s < end}
        return " ".join(sorted(found))


def _segments(conn: sqlite3.Connection, doc_id: int, doc: Document) -> Iterator[_Segment]:
    """A document's blocks, comments and notes, each with the tags of the passages in it."""
    tagged = conn.execute(
        "SELECT a.id, a.span_start, a.span_end, a.orphan, l.tag_id FROM annotations a"
        " JOIN annotation_tags l ON l.annotation_id = a.id WHERE a.document_id = ?",
        (doc_id,),
    ).fetchall()
    passages = _Passages([(s, e, tag_token(t)) for _, s, e, orphan, t in tagged if not orphan])
    by_annotation: dict[str, set[str]] = {}
    for annotation_id, _s, _e, _o, t in tagged:
        by_annotation.setdefault(annotation_id, set()).add(tag_token(t))
    n = 0
    for block in doc.blocks:
        if block.kind is BlockKind.BOILERPLATE:
            continue
        yield _Segment(
            n, _clean(doc.text[block.start : block.end]), "article", base=block.start,
            tags=passages.tags(block.start, block.end),
        )  # fmt: skip
        n += 1
    for c in doc.comments:
        parts = " ".join(f"{s}-{e}" for s, e in c.parts) or f"{c.start}-{c.end}"
        yield _Segment(
            n, _clean(c.text), "comment", c.id, c.author, base=c.start, parts=parts,
            tags=passages.tags(c.start, c.end),
        )  # fmt: skip
        n += 1
    rows = conn.execute(
        "SELECT id, note, comment_id FROM annotations WHERE document_id = ? AND note != ''"
        " ORDER BY span_start, span_end, created, id",
        (doc_id,),
    )
    for k, (annotation_id, note, comment_id) in enumerate(rows):
        yield _Segment(
            NOTE_BASE + k, _clean(note), "note", comment_id, annotation_id=annotation_id,
            tags=" ".join(sorted(by_annotation.get(annotation_id, ()))),
        )  # fmt: skip


def _insert(conn: sqlite3.Connection, doc_id: int, segments: Iterator[_Segment]) -> None:
    conn.executemany(
        "INSERT INTO search_fts (rowid, body, part, author, tags, comment_id, base, parts,"
        " annotation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ((doc_id << SHIFT) | s.n, s.body, s.part, s.author or "", s.tags, s.comment_id,
             s.base, s.parts, s.annotation_id)
            for s in segments
        ],
    )  # fmt: skip


def _delete(conn: sqlite3.Connection, doc_id: int, low: int, high: int) -> None:
    conn.execute(
        "DELETE FROM search_fts WHERE rowid BETWEEN ? AND ?",
        ((doc_id << SHIFT) | low, (doc_id << SHIFT) | high),
    )


def stale_documents(conn: sqlite3.Connection) -> list[int]:
    """Documents whose part of the index is out of date."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT document_id FROM search_state WHERE text_hash IS NULL OR notes_stale"
            " ORDER BY document_id"
        )
    ]


def refresh(
    conn: sqlite3.Connection,
    load: Callable[[int], Document],
    *,
    progress: Progress | None = None,
) -> int:
    """Bring the index up to date; returns how many documents were indexed again.

    ``progress(done, total)`` is called before each batch and at the end; returning False
    stops (what is done stays done; the rest is done by the next call). ``load(doc_id)``
    gives a document (``Project.load``); it is called outside the index's transactions."""
    todo = stale_documents(conn)
    total = len(todo)
    for i in range(0, total, _BATCH):
        if progress is not None and progress(i, total) is False:
            return i
        loaded: dict[int, tuple[str | None, Document | None]] = {}
        for doc_id in todo[i : i + _BATCH]:
            digest = documents.current_hash(conn, doc_id)
            try:
                loaded[doc_id] = (digest, load(doc_id) if digest is not None else None)
            except KeyError:  # deleted meanwhile
                loaded[doc_id] = (None, None)
        with write(conn):
            for doc_id, (digest, doc) in loaded.items():
                _refresh_one(conn, doc_id, digest, doc)
    if progress is not None:
        progress(total, total)
    return total


def _refresh_one(
    conn: sqlite3.Connection, doc_id: int, digest: str | None, doc: Document | None
) -> None:
    """Index one document (inside the caller's transaction); ``doc`` was loaded when its
    content hash was ``digest``. A document changed since is left for the next refresh."""
    row = conn.execute(
        "SELECT s.text_hash, s.notes_stale, d.content_hash FROM search_state s"
        " LEFT JOIN documents d ON d.id = s.document_id WHERE s.document_id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return
    text_hash, notes_stale, content_hash = row
    if content_hash is None:  # the document is gone
        _delete(conn, doc_id, 0, (1 << SHIFT) - 1)
        conn.execute("DELETE FROM search_state WHERE document_id = ?", (doc_id,))
        return
    if text_hash is not None and not notes_stale:
        return
    if doc is None or digest != content_hash:
        return
    low, high = doc_id << SHIFT, ((doc_id + 1) << SHIFT) - 1
    # Deleting reads each old row again to take its words out: skip it when there are none.
    if conn.execute(
        "SELECT 1 FROM search_fts WHERE rowid BETWEEN ? AND ? LIMIT 1", (low, high)
    ).fetchone():
        _delete(conn, doc_id, 0, (1 << SHIFT) - 1)
    _insert(conn, doc_id, _segments(conn, doc_id, doc))
    conn.execute(
        "UPDATE search_state SET text_hash = ?, notes_stale = 0 WHERE document_id = ?",
        (content_hash, doc_id),
    )


_TABLE = """CREATE VIRTUAL TABLE search_fts USING fts5(
    body, part, author, tags, comment_id UNINDEXED, base UNINDEXED, parts UNINDEXED,
    annotation_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
)"""


def _repair(conn: sqlite3.Connection, load: Callable[[int], Document]) -> None:
    """Make the index table again (as migration 5 does) and index everything."""
    rebuild(conn, load)


def rebuild(conn: sqlite3.Connection, load: Callable[[int], Document]) -> int:
    """Index every document from scratch (after damage, or to measure the build)."""
    with write(conn):
        conn.execute("DROP TABLE IF EXISTS search_fts")  # quicker than deleting each row
        conn.execute(_TABLE)
        conn.execute("DELETE FROM search_state")
        conn.execute(
            "INSERT INTO search_state (document_id, text_hash, notes_stale)"
            " SELECT id, NULL, 1 FROM documents"
        )
    return refresh(conn, load)


# ---- searching ------------------------------------------------------------------------


def _marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without the marks, and the (start, end) of each marked run in it."""
    spans: list[tuple[int, int]] = []
    removed = 0
    at = marked.find(_OPEN)
    while at >= 0:
        close = marked.find(_CLOSE, at)
        if close < 0:
            break
        start = at - removed
        spans.append((start, start + close - at - 1))
        removed += 2
        at = marked.find(_OPEN, close)
    return marked.replace(_OPEN, "").replace(_CLOSE, ""), spans


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
        pieces += [text[pos:s], _OPEN, text[s:e], _CLOSE]
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


def _tag_ids(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[tuple[str, ...]]:
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


class _TagSpans:
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
    tag_ids = _tag_ids(conn, parsed.tags) if parsed.tags else []
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: search as is
        refresh(conn, load)
    expression = match_expression(parsed, tag_ids)
    tag_spans = _TagSpans(conn, tag_ids) if tag_ids else None
    hits: list[SearchHit] = []
    titles: dict[int, tuple[str, str]] = {}
    sql = f"SELECT {_COLUMNS} FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid"
    try:
        try:
            rows = conn.execute(sql, (_OPEN, _CLOSE, expression))
        except sqlite3.OperationalError as error:
            if "no such column" not in str(error):
                raise
            _repair(conn, load)  # an index of another shape: build it again
            rows = conn.execute(sql, (_OPEN, _CLOSE, expression))
        for row in rows:
            if limit is not None and len(hits) >= limit:
                break
            hit = _hit(conn, row, tag_spans, titles)
            if hit is not None:
                hits.append(hit)
    except sqlite3.OperationalError as error:
        raise SearchError(f"Reader could not read the query ({_plain(error)}).") from error
    return hits


def count(conn: sqlite3.Connection, query: str | Query, load: Callable[[int], Document]):
    """A quick :class:`SearchCount` for ``query`` (no snippets): for "N hits in M
    documents" beside a list cut at its limit. Raises :class:`SearchError`."""
    parsed = parse_query(query) if isinstance(query, str) else query
    tag_ids = _tag_ids(conn, parsed.tags) if parsed.tags else []
    with contextlib.suppress(sqlite3.OperationalError):
        refresh(conn, load)
    try:
        parts, docs = conn.execute(
            f"SELECT count(*), count(DISTINCT rowid >> {SHIFT}) FROM search_fts"
            " WHERE search_fts MATCH ?",
            (match_expression(parsed, tag_ids),),
        ).fetchone()
    except sqlite3.OperationalError as error:
        raise SearchError(f"Reader could not read the query ({_plain(error)}).") from error
    return SearchCount(parts, docs)


def _hit(conn, row, tag_spans, titles) -> SearchHit | None:
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
        span = conn.execute(
            "SELECT span_start, span_end, comment_id FROM annotations WHERE id = ?",
            (annotation_id,),
        ).fetchone()
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


def _plain(error: Exception) -> str:
    return str(error).removeprefix("fts5: ")


# ---- find in one document -------------------------------------------------------------
