"""Annotations: passages of a document with tags and a note, and their selectors.

An annotation keeps its code-point span and a W3C TextQuoteSelector (the exact quote and
32 characters either side), so it can be found again when its document changes. Its tags
are rows of ``annotation_tags`` (the truth, in their order) and, for reading, the same ids
joined on the annotation's own row (``tag_list``, kept by the schema's triggers).
:func:`marks` is the light read the window opens a document with.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import repeat

from reader.core import anchoring
from reader.core.anchoring import Anchor, TextQuote
from reader.core.model import Document
from reader.core.records import TAG_SEPARATOR, AnnotationMark
from reader.store import coders
from reader.store.records import Annotation
from reader.store.schema import write

CONTEXT = 32
_COLUMNS = (
    "a.id, a.document_id, a.span_start, a.span_end, a.exact, a.prefix, a.suffix,"
    " a.comment_id, a.note, a.created, a.modified, a.orphan, a.coder, a.note_coder,"
    " a.tag_list"
)
# AnnotationMark's fields, in its order: what a highlight needs, read in one query.
_MARK_COLUMNS = (
    "a.id, a.document_id, a.span_start, a.span_end, a.comment_id, a.orphan, a.coder, a.note,"
    " a.tag_list"
)
_CHUNK = 500


def now_iso() -> str:
    """The current time, ISO 8601 in UTC with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def part_of(doc: Document, start: int, end: int) -> str | None:
    """The id of the comment holding the whole span, or None for the article."""
    comment = doc.comment_at(start)
    if comment is not None and end <= comment.end:
        return comment.id
    return None


def anchor_of(a: Annotation) -> Anchor:
    return Anchor(a.start, a.end, TextQuote(a.exact, a.prefix, a.suffix), a.comment_id)


def _select(conn: sqlite3.Connection, where: str, params: Sequence) -> list[Annotation]:
    # The tags come with the row (``tag_list``, kept by triggers from annotation_tags).
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM annotations a WHERE {where}"
        " ORDER BY a.document_id, a.span_start, a.span_end, a.created, a.id",
        params,
    ).fetchall()
    return [
        Annotation(*r[:11], bool(r[11]), tuple(r[14].split(TAG_SEPARATOR)) if r[14] else (),
                   r[12], r[13])
        for r in rows
    ]  # fmt: skip


def marks(conn: sqlite3.Connection, doc_id: int) -> list[AnnotationMark]:
    """A document's annotations as the window paints them (:class:`AnnotationMark`), in
    no set order: one query of the columns a highlight needs, each row made a mark as it
    comes (no quote, no times; ``by_ids`` reads the whole records)."""
    rows = conn.execute(
        f"SELECT {_MARK_COLUMNS} FROM annotations a WHERE a.document_id = ?", (doc_id,)
    )
    return list(map(tuple.__new__, repeat(AnnotationMark), rows))


def by_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> list[Annotation]:
    ids = list(ids)
    found: list[Annotation] = []
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        found += _select(conn, f"a.id IN ({','.join('?' * len(chunk))})", chunk)
    return found


def one(conn: sqlite3.Connection, annotation_id: str) -> Annotation:
    found = by_ids(conn, [annotation_id])
    if not found:
        raise KeyError(annotation_id)
    return found[0]


def of_document(conn: sqlite3.Connection, doc_id: int | None) -> list[Annotation]:
    if doc_id is None:
        return _select(conn, "1 = 1", ())
    return _select(conn, "a.document_id = ?", (doc_id,))


def with_tags(conn: sqlite3.Connection, tag_ids: Sequence[str]) -> list[Annotation]:
    marks = ",".join("?" * len(tag_ids))
    return _select(
        conn,
        f"a.id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id IN ({marks}))",
        tag_ids,
    )


def insert(conn: sqlite3.Connection, a: Annotation, *, with_tags: bool = True) -> None:
    """Write a whole record (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO annotations (id, document_id, span_start, span_end, exact, prefix,"
        " suffix, comment_id, note, created, modified, orphan, coder, note_coder)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            a.id, a.document_id, a.start, a.end, a.exact, a.prefix, a.suffix,
            a.comment_id, a.note, a.created, a.modified, int(a.orphan), a.coder,
            a.note_coder if a.note else "",
        ),
    )  # fmt: skip
    if a.coder:
        coders.register(conn, a.coder, a.created)
    if with_tags:
        conn.executemany(
            "INSERT INTO annotation_tags (annotation_id, tag_id, position) VALUES (?, ?, ?)",
            [(a.id, tag_id, i) for i, tag_id in enumerate(a.tags)],
        )


def add(
    conn: sqlite3.Connection,
    doc: Document,
    doc_id: int,
    start: int,
    end: int,
    tags: Sequence[str] = (),
    note: str = "",
    *,
    annotation_id: str | None = None,
    coder: str = "",
) -> Annotation:
    anchor = anchoring.make_anchor(doc, start, end)  # ValueError for a span outside the text
    q = anchor.quote
    stamp = now_iso()
    a = Annotation(
        annotation_id or str(uuid.uuid4()), doc_id, start, end, q.exact, q.prefix, q.suffix,
        anchor.comment_id, note, stamp, stamp, False, tuple(dict.fromkeys(tags)), coder,
        coder if note else "",
    )  # fmt: skip
    with write(conn):
        insert(conn, a)
    return a


def delete(conn: sqlite3.Connection, annotation_id: str) -> Annotation:
    with write(conn):
        record = one(conn, annotation_id)
        conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
    return record


def restore(conn: sqlite3.Connection, record: Annotation) -> None:
    with write(conn):
        insert(conn, record)


def set_note(conn: sqlite3.Connection, annotation_id: str, note: str, coder: str = "") -> str:
    """Write an annotation's note as ``coder`` (who last wrote it); the previous note."""
    with write(conn):
        row = conn.execute("SELECT note FROM annotations WHERE id = ?", (annotation_id,))
        previous = row.fetchone()
        if previous is None:
            raise KeyError(annotation_id)
        if previous[0] != note:
            conn.execute(
                "UPDATE annotations SET note = ?, note_coder = ?, modified = ? WHERE id = ?",
                (note, coder if note else "", now_iso(), annotation_id),
            )
    return previous[0]


def _touch(conn: sqlite3.Connection, annotation_id: str) -> None:
    cur = conn.execute(
        "UPDATE annotations SET modified = ? WHERE id = ?", (now_iso(), annotation_id)
    )
    if cur.rowcount == 0:
        raise KeyError(annotation_id)


def insert_link(
    conn: sqlite3.Connection, annotation_id: str, tag_id: str, position: int | None = None
) -> None:
    """Put a tag among an annotation's tags at ``position`` (None: last), moving the ones
    after it along; an annotation's tag positions are always 0..n-1."""
    n = conn.execute(
        "SELECT count(*) FROM annotation_tags WHERE annotation_id = ?", (annotation_id,)
    ).fetchone()[0]
    position = n if position is None else max(0, min(position, n))
    conn.execute(
        "UPDATE annotation_tags SET position = position + 1"
        " WHERE annotation_id = ? AND position >= ?",
        (annotation_id, position),
    )
    conn.execute(
        "INSERT INTO annotation_tags (annotation_id, tag_id, position) VALUES (?, ?, ?)",
        (annotation_id, tag_id, position),
    )


def remove_link(conn: sqlite3.Connection, annotation_id: str, tag_id: str) -> int | None:
    """Take a tag off an annotation, closing the gap; its position, or None."""
    row = conn.execute(
        "SELECT position FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?",
        (annotation_id, tag_id),
    ).fetchone()
    if row is None:
        return None
    conn.execute(
        "DELETE FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?",
        (annotation_id, tag_id),
    )
    conn.execute(
        "UPDATE annotation_tags SET position = position - 1"
        " WHERE annotation_id = ? AND position > ?",
        (annotation_id, row[0]),
    )
    return row[0]


def add_tag(
    conn: sqlite3.Connection, annotation_id: str, tag_id: str, position: int | None = None
) -> bool:
    """Tag an annotation (at the end, or at ``position``); False if it already had it."""
    with write(conn):
        _touch(conn, annotation_id)
        if conn.execute(
            "SELECT 1 FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?",
            (annotation_id, tag_id),
        ).fetchone():
            return False
        try:
            insert_link(conn, annotation_id, tag_id, position)
        except sqlite3.IntegrityError as error:
            raise KeyError(tag_id) from error
    return True


def remove_tag(conn: sqlite3.Connection, annotation_id: str, tag_id: str) -> int | None:
    """Untag an annotation; the tag's position among its tags, or None if it had none."""
    with write(conn):
        _touch(conn, annotation_id)
        return remove_link(conn, annotation_id, tag_id)


def reanchor(conn: sqlite3.Connection, doc_id: int, doc: Document) -> tuple[int, int]:
    """Find every annotation of a document again in its new text (inside the caller's
    transaction). Returns (moved, orphaned): how many now sit at another place, and how
    many could not be found with confidence. Orphans keep their quote and last place."""
    found = of_document(conn, doc_id)
    placements = anchoring.reanchor([anchor_of(a) for a in found], doc)
    moved = orphaned = 0
    for a, place in zip(found, placements, strict=True):
        if place is None:
            orphaned += 1
            conn.execute("UPDATE annotations SET orphan = 1 WHERE id = ?", (a.id,))
            continue
        if (place.start, place.end) != (a.start, a.end) or a.orphan:
            moved += 1
        new = anchoring.make_anchor(doc, place.start, place.end)
        conn.execute(
            "UPDATE annotations SET span_start = ?, span_end = ?, exact = ?, prefix = ?,"
            " suffix = ?, comment_id = ?, orphan = 0 WHERE id = ?",
            (new.start, new.end, new.quote.exact, new.quote.prefix, new.quote.suffix,
             new.comment_id, a.id),
        )  # fmt: skip
    return moved, orphaned


def refresh_parts(conn: sqlite3.Connection, doc_id: int, doc: Document) -> None:
    """After the same text was parsed again: which comment each annotation lies in."""
    for a in of_document(conn, doc_id):
        if not a.orphan:
            part = part_of(doc, a.start, a.end)
            if part != a.comment_id:
                conn.execute("UPDATE annotations SET comment_id = ? WHERE id = ?", (part, a.id))
