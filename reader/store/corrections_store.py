"""The user's structure corrections, kept in the project file beside each document.

A document's corrections are a list, replayed in ``position`` order over the parse by
``reader.core.corrections.apply_corrections``; the parse itself is never changed, so
"reset to automatic" empties the list. Each change here, in one transaction with it:

* the stored ``comment_id`` of each annotation follows the corrected thread (a passage
  in a comment that was split now lies in one of the halves; the offsets never change,
  because the text does not);
* ``documents.comment_count`` counts the corrected thread (what the sidebar shows);
* the word index is told to read the document again (triggers of migration 6).

On a re-import with changed text, :func:`relocate_all` finds each correction again by
its words (``reader.core.corrections.relocate``) and drops those it cannot find.

Operations on ``Project`` and their inverses (for ``QUndoCommand.undo``/``redo``):

- ``add_correction(doc_id, correction) -> CorrectionRecord`` (appended);
  undo ``remove_correction(record) -> CorrectionRecord`` (as it was stored), redo
  ``restore_corrections(doc_id, [that record])`` (the same id, place and words)
- ``reset_corrections(doc_id) -> list[CorrectionRecord]``;
  undo ``restore_corrections(doc_id, records)``
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter

from reader.core.corrections import (
    Correction,
    CorrectionKind,
    apply_corrections,
    make_correction,
    relocate,
)
from reader.core.model import Document
from reader.store import coders
from reader.store.schema import write

_COLUMNS = (
    "id, document_id, position, kind, offset, quote, prefix, target, target_quote,"
    " target_prefix, created, coder"
)


@dataclass(frozen=True, slots=True)
class CorrectionRecord:
    """A stored correction: its row ``id`` (stable for life), its document, its place in
    the document's list (``position``: replayed in ascending order), when it was made
    (ISO 8601 UTC) and by whom (``coder``, '' if unknown: see ``coders.py``)."""

    id: int
    document_id: int
    position: int
    correction: Correction
    created: str
    coder: str = ""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _record(row: Sequence) -> CorrectionRecord:
    rid, doc_id, position, kind, offset, quote, prefix, target, tq, tp, created, coder = row
    correction = Correction(CorrectionKind(kind), offset, quote, prefix, target, tq, tp)
    return CorrectionRecord(rid, doc_id, position, correction, created, coder)


def of_document(conn: sqlite3.Connection, doc_id: int) -> list[CorrectionRecord]:
    """A document's corrections in the order they are replayed."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM corrections WHERE document_id = ? ORDER BY position, id",
        (doc_id,),
    ).fetchall()
    return [_record(r) for r in rows]


def signature(conn: sqlite3.Connection, doc_id: int) -> tuple[int, int]:
    """(how many, highest id): changes whenever the document's list changes (ids only
    grow, and a restored record comes back exactly as it was)."""
    row = conn.execute(
        "SELECT count(*), coalesce(max(id), 0) FROM corrections WHERE document_id = ?",
        (doc_id,),
    ).fetchone()
    return row[0], row[1]


def documents_with_corrections(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT DISTINCT document_id FROM corrections")]


def corrected(conn: sqlite3.Connection, doc_id: int, parsed: Document) -> Document:
    """``parsed`` (the document's parse) with its stored corrections replayed."""
    return apply_corrections(parsed, [r.correction for r in of_document(conn, doc_id)])


def _insert(conn: sqlite3.Connection, record: CorrectionRecord) -> None:
    c = record.correction
    conn.execute(
        f"INSERT INTO corrections ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.id, record.document_id, record.position, str(c.kind), c.offset, c.quote,
            c.prefix, c.target, c.target_quote, c.target_prefix, record.created, record.coder,
        ),
    )  # fmt: skip


def follow(
    conn: sqlite3.Connection, doc_id: int, doc: Document, before: Document | None = None
) -> None:
    """Make what is stored about a document agree with its corrected structure ``doc``
    (inside the caller's transaction): annotations' comment ids and the comment count.
    ``before``: the structure the store agreed with until now, if known; when every
    comment has the id and span it had there (a comment moved under another), no
    annotation changes comment and none is read."""
    if before is None or not _same_places(before, doc):
        _refresh_parts(conn, doc_id, doc)
    conn.execute(
        "UPDATE documents SET comment_count = ? WHERE id = ? AND comment_count != ?",
        (len(doc.comments), doc_id, len(doc.comments)),
    )


_PLACE = attrgetter("id", "start", "end")


def _same_places(a: Document, b: Document) -> bool:
    """Whether every comment of ``b`` has the id and span it has in ``a``."""
    return len(a.comments) == len(b.comments) and all(
        x is y or _PLACE(x) == _PLACE(y)  # (a correction keeps most comments' objects)
        for x, y in zip(a.comments, b.comments, strict=True)
    )


def _refresh_parts(conn: sqlite3.Connection, doc_id: int, doc: Document) -> None:
    """Which comment each (found) annotation lies in, as ``annotations.part_of`` says,
    by bisection: a correction on a thread of 5,000 comments holding 5,000 annotations
    must not compare each annotation with each comment."""
    changed = []
    for annotation_id, start, end, was in conn.execute(
        "SELECT id, span_start, span_end, comment_id FROM annotations"
        " WHERE document_id = ? AND orphan = 0",
        (doc_id,),
    ).fetchall():
        c = doc.comment_at(start)
        part = c.id if c is not None and end <= c.end else None
        if part != was:
            changed.append((part, annotation_id))
    conn.executemany("UPDATE annotations SET comment_id = ? WHERE id = ?", changed)


def add(
    conn: sqlite3.Connection,
    doc_id: int,
    correction: Correction,
    parsed: Document,
    coder: str = "",
    before: Document | None = None,
) -> tuple[CorrectionRecord, Document]:
    """Append ``correction`` to the document's list; returns it and the corrected
    document (``before``: the corrected document until now, if known, see
    :func:`follow`). KeyError for an unknown document."""
    with write(conn):
        if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
            raise KeyError(doc_id)
        position = conn.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM corrections WHERE document_id = ?",
            (doc_id,),
        ).fetchone()[0]
        cur = conn.execute(
            "INSERT INTO corrections (document_id, position, kind, offset, quote, prefix,"
            " target, target_quote, target_prefix, created, coder)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id, position, str(correction.kind), correction.offset, correction.quote,
                correction.prefix, correction.target, correction.target_quote,
                correction.target_prefix, now_iso(), coder,
            ),
        )  # fmt: skip
        coders.register(conn, coder)
        rid = cur.lastrowid
        assert rid is not None
        record = _record(
            conn.execute(f"SELECT {_COLUMNS} FROM corrections WHERE id = ?", (rid,)).fetchone()
        )
        doc = corrected(conn, doc_id, parsed)
        follow(conn, doc_id, doc, before)
    return record, doc


def remove(
    conn: sqlite3.Connection,
    record: CorrectionRecord,
    parsed: Document,
    before: Document | None = None,
) -> tuple[CorrectionRecord, Document]:
    """Take a correction out (the inverse of :func:`add`); returns it as it was stored
    (a re-import may have moved it since ``record`` was handed out), for a redo, and
    the corrected document. KeyError if it is not there."""
    with write(conn):
        row = conn.execute(
            f"SELECT {_COLUMNS} FROM corrections WHERE id = ?", (record.id,)
        ).fetchone()
        if row is None:
            raise KeyError(record.id)
        conn.execute("DELETE FROM corrections WHERE id = ?", (record.id,))
        doc = corrected(conn, record.document_id, parsed)
        follow(conn, record.document_id, doc, before)
    return _record(row), doc


def reset(
    conn: sqlite3.Connection, doc_id: int, parsed: Document
) -> tuple[list[CorrectionRecord], Document]:
    """Remove every correction of a document; returns them for :func:`restore` (and
    the document, now as parsed)."""
    with write(conn):
        records = of_document(conn, doc_id)
        conn.execute("DELETE FROM corrections WHERE document_id = ?", (doc_id,))
        follow(conn, doc_id, parsed)
    return records, parsed


def restore(
    conn: sqlite3.Connection,
    doc_id: int,
    records: Sequence[CorrectionRecord],
    parsed: Document,
    before: Document | None = None,
) -> Document:
    """Put back corrections as they were (same ids, positions and times); returns the
    corrected document."""
    with write(conn):
        for record in records:
            if record.document_id != doc_id:
                raise ValueError(f"correction {record.id} belongs to another document")
            _insert(conn, record)
        doc = corrected(conn, doc_id, parsed)
        follow(conn, doc_id, doc, before)
    return doc


def relocate_all(conn: sqlite3.Connection, doc_id: int, parsed: Document) -> tuple[Document, int]:
    """After the document's text changed (inside the caller's transaction): place each
    correction in the new text, drop those whose words are gone. Returns the corrected
    document and how many corrections were dropped. The caller re-anchors annotations
    against the returned document; the comment count is set here."""
    records = of_document(conn, doc_id)
    if not records:
        return parsed, 0
    placed = relocate([r.correction for r in records], parsed)
    dropped = 0
    kept: list[Correction] = []
    for record, moved in zip(records, placed, strict=True):
        if moved is None:
            dropped += 1
            conn.execute("DELETE FROM corrections WHERE id = ?", (record.id,))
            continue
        # The words at the place as they read now, for the next re-import.
        c = make_correction(parsed, moved.kind, moved.offset, moved.target)
        conn.execute(
            "UPDATE corrections SET offset = ?, quote = ?, prefix = ?, target = ?,"
            " target_quote = ?, target_prefix = ? WHERE id = ?",
            (c.offset, c.quote, c.prefix, c.target, c.target_quote, c.target_prefix, record.id),
        )
        kept.append(c)
    doc = apply_corrections(parsed, kept)
    conn.execute("UPDATE documents SET comment_count = ? WHERE id = ?", (len(doc.comments), doc_id))
    return doc, dropped
