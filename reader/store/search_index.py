"""Keeping the corpus search's word index (``search_fts``, SQLite FTS5) current.

One row per *segment*: an article block (boilerplate left out), a comment's text, or an
annotation's note; its rowid is ``document id << SHIFT | n``, so a document's rows are one
rowid range in reading order. Triggers (migrations 3 and 5) mark a document in
``search_state`` when it or its annotations change; :func:`refresh` indexes what is
marked again (with progress), :func:`rebuild` all of it. Querying is ``search.py``.

Speed (10,000 documents in about 9 s of CPU): documents are indexed in batches, two
batches to a transaction (each commit would flush FTS5's pending terms into one more
segment); a document without corrections is read straight from its stored structure
(the few fields the index needs, no Document built); the annotations of a batch are
looked up once. A large build turns FTS5's ``automerge`` off while it writes (merging
segments that the build makes again a moment later is wasted work) and ends with one
``optimize``, so queries meet one segment; small refreshes keep the default merging."""

from __future__ import annotations

import bisect
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reader.core.model import BlockKind, Document
from reader.store import documents
from reader.store.schema import write
from reader.store.structure_json import model_fields

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # private-use marks around matches in highlight()
Progress = Callable[[int, int], bool]
SHIFT = 20


NOTE_BASE = 1 << (SHIFT - 1)  # notes come after a document's blocks and comments


_BATCH = 100  # documents between progress reports
_PER_TRANSACTION = 2  # batches (about 0.1–0.2 s of work between progress reports)
# A refresh of this many documents, and of at least half the index, is a build: no
# automatic merging while it writes, one optimize at the end.
_BUILD = 500
_AUTOMERGE = 4  # FTS5's default


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the index reads of a document: its text, its blocks (kind value, start,
    end) and its comments (id, author, text, start, end, parts)."""

    text: str
    blocks: list[tuple[str, int, int]]
    comments: list[tuple[str, str | None, str, int, int, list]]

    @classmethod
    def of(cls, doc: Document) -> _Shape:
        return cls(
            doc.text,
            [(b.kind.value, b.start, b.end) for b in doc.blocks],
            [(c.id, c.author, c.text, c.start, c.end, c.parts) for c in doc.comments],
        )


def _stored_shape(text: str, structure: bytes | str) -> _Shape | None:
    """The shape straight from a stored structure, or None when it was stored by another
    version of the model (then the caller loads the document the usual way)."""
    try:
        if isinstance(structure, bytes):
            structure = zlib.decompress(structure).decode("utf-8")
        data = json.loads(structure)
        fields = data["fields"]
        current = model_fields()
        if set(fields) != set(current) or any(fields[k] != list(v) for k, v in current.items()):
            return None
        doc, bf, cf = fields["Document"], fields["Block"], fields["Comment"]
        row = data["document"]
        kind, bs, be = bf.index("kind"), bf.index("start"), bf.index("end")
        blocks = [(b[kind], b[bs], b[be]) for b in row[doc.index("blocks")]]
        ci, ca, ct, cs, ce, cp = (
            cf.index(n) for n in ("id", "author", "text", "start", "end", "parts")
        )
        comments = [(c[ci], c[ca], c[ct], c[cs], c[ce], c[cp]) for c in row[doc.index("comments")]]
    except (zlib.error, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError):
        return None
    return _Shape(text, blocks, comments)


@dataclass(frozen=True, slots=True)
class Segment:
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
    if MARK_OPEN in text or MARK_CLOSE in text:
        return text.replace(MARK_OPEN, " ").replace(MARK_CLOSE, " ")
    return text


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


def segments(
    conn: sqlite3.Connection, doc_id: int, doc: Document | _Shape, annotated: bool = True
) -> Iterator[Segment]:
    """A document's blocks, comments and notes, each with the tags of the passages in it
    (``annotated`` False: the caller knows it has no annotations)."""
    shape = doc if isinstance(doc, _Shape) else _Shape.of(doc)
    tagged = []
    if annotated:
        tagged = conn.execute(
            "SELECT a.id, a.span_start, a.span_end, a.orphan, l.tag_id FROM annotations a"
            " JOIN annotation_tags l ON l.annotation_id = a.id WHERE a.document_id = ?",
            (doc_id,),
        ).fetchall()
    passages = _Passages([(s, e, tag_token(t)) for _, s, e, orphan, t in tagged if not orphan])
    by_annotation: dict[str, set[str]] = {}
    for annotation_id, _s, _e, _o, t in tagged:
        by_annotation.setdefault(annotation_id, set()).add(tag_token(t))
    text = shape.text
    tags = passages.tags if tagged else lambda _start, _end: ""
    n = 0
    boilerplate = BlockKind.BOILERPLATE.value
    for kind, start, end in shape.blocks:
        if kind == boilerplate:
            continue
        yield Segment(n, _clean(text[start:end]), "article", base=start, tags=tags(start, end))
        n += 1
    for cid, author, body, start, end, parts in shape.comments:
        spans = " ".join(f"{s}-{e}" for s, e in parts) or f"{start}-{end}"
        yield Segment(
            n, _clean(body), "comment", cid, author, base=start, parts=spans,
            tags=tags(start, end),
        )  # fmt: skip
        n += 1
    if not annotated:
        return
    rows = conn.execute(
        "SELECT id, note, comment_id FROM annotations WHERE document_id = ? AND note != ''"
        " ORDER BY span_start, span_end, created, id",
        (doc_id,),
    )
    for k, (annotation_id, note, comment_id) in enumerate(rows):
        yield Segment(
            NOTE_BASE + k, _clean(note), "note", comment_id, annotation_id=annotation_id,
            tags=" ".join(sorted(by_annotation.get(annotation_id, ()))),
        )  # fmt: skip


def _insert(conn: sqlite3.Connection, doc_id: int, segments: Iterator[Segment]) -> None:
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

    ``progress(done, total)`` is called between transactions (so that whatever it lets
    run may write) and at the end; returning False stops (what is done stays done; the
    rest is done by the next call). ``load(doc_id)`` gives a document (``Project.load``)
    that has corrections or an out-of-date structure; it is called outside the index's
    transactions."""
    todo = stale_documents(conn)
    total = len(todo)
    indexed = conn.execute("SELECT count(*) FROM search_state").fetchone()[0]
    build = total >= _BUILD and 2 * total >= indexed
    if build:
        _set_automerge(conn, 0)
    try:
        step = _BATCH * _PER_TRANSACTION
        for i in range(0, total, step):
            if progress is not None and progress(i, total) is False:
                return i
            loaded = _load_batch(conn, load, todo[i : i + step])
            with write(conn):
                for doc_id, (digest, doc, annotated) in loaded.items():
                    _refresh_one(conn, doc_id, digest, doc, annotated)
    finally:
        if build:
            _set_automerge(conn, _AUTOMERGE)
            with write(conn):
                conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    if progress is not None:
        progress(total, total)
    return total


def _set_automerge(conn: sqlite3.Connection, value: int) -> None:
    with write(conn):
        conn.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ?)", (value,))


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


def _load_batch(
    conn: sqlite3.Connection, load: Callable[[int], Document], ids: list[int]
) -> dict[int, tuple[str | None, Document | _Shape | None, bool]]:
    """Each document's content hash, what the index reads of it, and whether it has
    annotations; a document deleted meanwhile comes back as (None, None, False)."""
    corrected = {r[0] for r in conn.execute(
        f"SELECT DISTINCT document_id FROM corrections WHERE document_id IN ({_in(ids)})"
    )}  # fmt: skip
    annotated = {r[0] for r in conn.execute(
        f"SELECT DISTINCT document_id FROM annotations WHERE document_id IN ({_in(ids)})"
    )}  # fmt: skip
    rows = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT id, content_hash, text, structure, parser_version FROM documents"
            f" WHERE id IN ({_in(ids)})"
        )
    }
    loaded: dict[int, tuple[str | None, Document | _Shape | None, bool]] = {}
    current = documents.parser_version("text")
    for doc_id in ids:
        row = rows.get(doc_id)
        if row is None:
            loaded[doc_id] = (None, None, False)
            continue
        digest, text, structure, version = row
        shape = None
        if doc_id not in corrected and (version == current or not version.startswith("text:")):
            shape = _stored_shape(text, structure)
        if shape is None:
            try:
                shape = load(doc_id)
            except KeyError:  # deleted meanwhile
                loaded[doc_id] = (None, None, False)
                continue
        loaded[doc_id] = (digest, shape, doc_id in annotated)
    return loaded


def _refresh_one(
    conn: sqlite3.Connection,
    doc_id: int,
    digest: str | None,
    doc: Document | _Shape | None,
    annotated: bool = True,
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
    _insert(conn, doc_id, segments(conn, doc_id, doc, annotated))
    conn.execute(
        "UPDATE search_state SET text_hash = ?, notes_stale = 0 WHERE document_id = ?",
        (content_hash, doc_id),
    )


_TABLE = """CREATE VIRTUAL TABLE search_fts USING fts5(
    body, part, author, tags, comment_id UNINDEXED, base UNINDEXED, parts UNINDEXED,
    annotation_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
)"""


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
