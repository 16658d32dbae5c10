"""Keeping the corpus search's word index (``search_fts``, SQLite FTS5) current.

One row per *segment*: an article block (boilerplate left out), a comment's text, or an
annotation's note; its rowid is ``document id << SHIFT | n``, so a document's rows are one
rowid range in reading order. Triggers (migrations 3 and 5) mark a document in
``search_state`` when it or its annotations change; :func:`refresh` indexes what is
marked again (with progress), :func:`rebuild` all of it. Querying is ``search.py``."""

from __future__ import annotations

import bisect
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reader.core.model import BlockKind, Document
from reader.store import documents
from reader.store.schema import write

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around matches in highlight()
Progress = Callable[[int, int], bool]
SHIFT = 20


NOTE_BASE = 1 << (SHIFT - 1)  # notes come after a document's blocks and comments


_BATCH = 100


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
