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

Query language (see :func:`parse_query`)
    words (all must occur), ``"a phrase"``, ``prefix*``, ``AND``, ``OR``, ``NOT`` or
    ``-word``, brackets; filters ``in:article``, ``in:comments``, ``in:notes`` (several:
    any of them), ``tag:NAME`` or ``tag:"two words"`` (hits inside passages with that tag
    or one below it; several: all of them), ``author:NAME`` or ``author:"First Last"``
    (comments by an author whose name has those words; ``author:pet*`` a prefix),
    ``coder:NAME`` or ``coder:"First Last"`` (hits inside passages that coder made, and
    their notes; several: any of them; not in the index, so :func:`count` ignores it). A
    query that cannot be read raises :class:`SearchError` with a sentence for the user,
    never an SQLite message.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from reader.core.model import BlockKind, Comment, Document
from reader.store import documents
from reader.store.errors import ProjectError
from reader.store.schema import write

SHIFT = 20
NOTE_BASE = 1 << (SHIFT - 1)  # notes come after a document's blocks and comments
PARTS = ("article", "comment", "note")
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around matches in highlight()
_BATCH = 100
SNIPPET_WIDTH = 160

Progress = Callable[[int, int], bool]


class SearchError(ProjectError):
    """A query that cannot be read; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One part of a document where the query matched.

    ``part`` is 'article' (a block), 'comment' (``comment_id``, ``author``) or 'note'
    (the note of annotation ``annotation_id``; ``comment_id`` is the comment its passage
    lies in, if any). ``start``/``end`` are code points in ``Document.text``: the first
    match for article and comment hits, the annotated passage for a note. ``matches``
    are every matched word or phrase: document offsets for article and comment hits,
    offsets in the note's text for a note. ``snippet`` is a short excerpt (whitespace
    collapsed) and ``snippet_marks`` the (start, end) of the matches in it."""

    document_id: int
    source_path: str
    title: str
    part: str
    comment_id: str | None
    author: str | None
    annotation_id: str | None
    start: int
    end: int
    matches: tuple[tuple[int, int], ...]
    snippet: str
    snippet_marks: tuple[tuple[int, int], ...] = field(default=())

    def marked_snippet(self, before: str = "**", after: str = "**") -> str:
        """The snippet with each match between ``before`` and ``after``."""
        out, pos = [], 0
        for s, e in self.snippet_marks:
            out += [self.snippet[pos:s], before, self.snippet[s:e], after]
            pos = e
        out.append(self.snippet[pos:])
        return "".join(out)


# ---- the query language ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


Node = Term | And | Or | Not


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the words to match and the filters."""

    expression: Node
    parts: frozenset[str] = frozenset()  # empty: every part
    tags: tuple[str, ...] = ()  # tag names, each must hold
    authors: tuple[str, ...] = ()  # any of them
    coders: tuple[str, ...] = ()  # any of them (names as stored, compared ignoring case)

    def fts(self) -> str:
        """The FTS5 MATCH expression (every word quoted: no FTS5 syntax gets through)."""
        return _compile(self.expression)


_IN = {
    "article": "article",
    "articles": "article",
    "comment": "comment",
    "comments": "comment",
    "note": "note",
    "notes": "note",
}
_FILTERS = ("in", "tag", "author", "coder")
_OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # 'term', 'op', '(', ')', '-', 'filter'
    value: str = ""
    prefix: bool = False
    phrase: bool = False
    key: str = ""


def _quoted(query: str, i: int) -> tuple[str, int]:
    """The text of the quotation starting at ``query[i] == '"'`` and the index after it."""
    close = query.find('"', i + 1)
    if close < 0:
        raise SearchError(
            f'A quotation mark is not closed: {query[i:][:30]!r}. Put a second " after the phrase.'
        )
    return query[i + 1 : close], close + 1


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token(ch))
            i += 1
        elif ch == '"':
            text, i = _quoted(query, i)
            prefix = i < n and query[i] == "*"
            i += prefix
            tokens.append(_Token("term", text, prefix=prefix, phrase=True))
        elif ch == "-" and i + 1 < n and (query[i + 1] in '("' or query[i + 1].isalnum()):
            tokens.append(_Token("-"))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            word = query[i:j]
            key, colon, value = word.partition(":")
            if colon and key.lower() in _FILTERS:
                if not value and j < n and query[j] == '"':
                    value, j = _quoted(query, j)
                if not value.strip():
                    raise SearchError(f"'{key}:' needs something after it, as in 'tag:casualty'.")
                tokens.append(_Token("filter", value.strip(), key=key.lower()))
            elif word in _OPERATORS:
                tokens.append(_Token("op", word))
            else:
                prefix = word.endswith("*")
                text = word.rstrip("*")
                if not text:
                    raise SearchError("'*' goes after the beginning of a word, as in 'negotiat*'.")
                tokens.append(_Token("term", text, prefix=prefix))
            i = j
    return tokens


class _Parser:
    """or := and (OR and)* ; and := unary ((AND)? unary)* ; unary := (NOT|-) unary | primary"""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            if token.kind == ")":
                raise SearchError("A closing bracket ')' has no opening one.")
            raise SearchError(f"Reader could not read the query near {token.value!r}.")
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr("OR")]
        while (t := self.peek()) is not None and t.kind == "op" and t.value == "OR":
            self.take()
            children.append(self.and_expr("OR"))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, after: str | None) -> Node:
        children = [self.unary(after)]
        while (
            (t := self.peek()) is not None
            and t.kind != ")"
            and not (t.kind == "op" and t.value == "OR")
        ):
            if t.kind == "op" and t.value == "AND":
                self.take()
                children.append(self.unary("AND"))
            else:
                children.append(self.unary(None))
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self, after: str | None) -> Node:
        t = self.peek()
        if t is not None and (t.kind == "-" or (t.kind == "op" and t.value == "NOT")):
            self.take()
            return Not(self.unary("NOT"))
        return self.primary(after)

    def primary(self, after: str | None) -> Node:
        t = self.peek()
        if t is None or t.kind == ")" or t.kind == "op":
            if t is not None and t.kind == "op":
                after = t.value
            if after:
                example = f"drones {after} artillery"
                raise SearchError(f"'{after}' needs words on both sides, as in '{example}'.")
            if t is not None:
                raise SearchError("There is nothing between the brackets.")
            raise SearchError("Type words to search for.")
        self.take()
        if t.kind == "(":
            if (n := self.peek()) is not None and n.kind == ")":
                raise SearchError("There is nothing between the brackets.")
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != ")":
                raise SearchError("A bracket '(' is not closed.")
            self.take()
            return node
        if not any(ch.isalnum() for ch in t.value):
            raise SearchError(f"{t.value!r} has no letters or digits to search for.")
        return Term(unicodedata.normalize("NFC", t.value), t.prefix, t.phrase)


def parse_query(query: str) -> Query:
    """Read a query; :class:`SearchError` says what is wrong with one that cannot be read."""
    tokens = _tokens(query)
    parts: set[str] = set()
    tags: list[str] = []
    authors: list[str] = []
    coders: list[str] = []
    words: list[_Token] = []
    for t in tokens:
        if t.kind != "filter":
            words.append(t)
        elif t.key == "in":
            part = _IN.get(t.value.lower())
            if part is None:
                raise SearchError(
                    f"'in:{t.value}' is not a part of a document: use in:article, "
                    "in:comments or in:notes."
                )
            parts.add(part)
        elif t.key == "tag":
            tags.append(t.value)
        elif t.key == "coder":
            coders.append(" ".join(t.value.split()))
        else:
            authors.append(t.value)
    if not words:
        raise SearchError("Type words to search for (filters alone find nothing).")
    expression = _Parser(words).parse()
    _compile(expression)  # report a NOT with nothing to leave it out of now
    return Query(expression, frozenset(parts), tuple(tags), tuple(authors), tuple(coders))


def _compile(node: Node) -> str:
    if isinstance(node, Term):
        text = '"' + node.text.replace('"', '""') + '"'
        return text + " *" if node.prefix else text
    if isinstance(node, Or):
        if any(isinstance(c, Not) for c in node.children):
            raise SearchError("'NOT' cannot stand alone beside 'OR': write 'a OR b NOT c'.")
        return "(" + " OR ".join(_compile(c) for c in node.children) + ")"
    if isinstance(node, And):
        keep = [_compile(c) for c in node.children if not isinstance(c, Not)]
        drop = [_compile(c.child) for c in node.children if isinstance(c, Not)]
        if not keep:
            raise SearchError("A search needs words to find, not only words to leave out.")
        text = "(" + " AND ".join(keep) + ")"
        for d in drop:
            text = f"({text} NOT {d})"
        return text
    raise SearchError("A search needs words to find, not only words to leave out.")


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


class _CoderSpans:
    """Per document, the placed passages made by the ``coder:`` filter's coders, as one
    filter list in the shape of :class:`_TagSpans`'s."""

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


class _AllSpans:
    """The tag and coder filters together: a hit must pass each."""

    def __init__(self, *filters) -> None:
        self.filters = [f for f in filters if f is not None]

    def of(self, doc_id: int) -> list[list[tuple[int, int, str]]]:
        return [spans for f in self.filters for spans in f.of(doc_id)]


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
    if parsed.coders:
        tag_spans = _AllSpans(tag_spans, _CoderSpans(conn, parsed.coders))
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


@dataclass(frozen=True, slots=True)
class SearchCount:
    """How many parts (blocks, comments, notes) and documents a query matches. With a
    ``tag:`` filter, parts that hold a passage with the tag (the words may lie outside it:
    an upper bound of what :func:`search` returns)."""

    parts: int
    documents: int


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


@dataclass(frozen=True, slots=True)
class Found:
    """A place in a document where :func:`find_in_document` found the text."""

    start: int
    end: int
    comment_id: str | None


def find_in_document(doc: Document, needle: str) -> tuple[Found, ...]:
    """Every place ``needle`` occurs in the document's article and comments, ignoring
    case and treating any run of whitespace (a line break too) as one space. Offsets are
    code points of ``Document.text``; empty for a blank needle."""
    words = needle.split()
    if not words:
        return ()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    comment_at = _comment_finder(doc)
    found = []
    for m in pattern.finditer(doc.text):
        comment = comment_at(m.start())
        found.append(Found(m.start(), m.end(), comment.id if comment else None))
    return tuple(found)


def _comment_finder(doc: Document) -> Callable[[int], Comment | None]:
    """``doc.comment_at`` by bisection (it looks through every comment: a letter found
    70,000 times in a 5,000-comment thread took seconds); the same answers, and the
    same function where comment spans overlap."""
    comments = sorted(doc.comments, key=lambda c: c.start)
    if any(a.end > b.start for a, b in itertools.pairwise(comments)):
        return doc.comment_at
    starts = [c.start for c in comments]

    def comment_at(offset: int) -> Comment | None:
        i = bisect.bisect_right(starts, offset) - 1
        return comments[i] if i >= 0 and offset < comments[i].end else None

    return comment_at
