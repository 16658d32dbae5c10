"""Comment datasets (``.json``, ``.jsonl``/``.ndjson``, ``.csv``) into documents: one per
article, its comments threaded by parent id.

Records (see :mod:`dataset_records`) are streamed into a temporary SQLite file as they
are read, then each article's records are read back and built into a document, so
memory holds one article at a time, not the file: a file of a million comments imports
in bounded memory. Replies nest under their parent by id; a reply whose parent is not in
the data (an orphan) stays at the top level, and the document says how many there are.
An article the data describes (its title, its text: a Reddit post, ``article_title`` and
``article_text`` columns) gets them; otherwise the document holds only the thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from reader.core.formats import Item, LeftOut, ReadOptions
from reader.core.formats.dataset_records import (
    FieldMapping,
    MappingError,
    Record,
    field_names,
    guess_mapping,
    records,
)
from reader.core.frozen import maker
from reader.core.links import comment_links
from reader.core.model import Block, BlockKind, Comment, Decision, Document
from reader.core.text import Paragraphs
from reader.core.textio import normalise

__all__ = ["FieldMapping", "MappingError", "field_names", "guess_mapping", "read_dataset"]

# A comment made by slot (see frozen.maker): a dataset makes one per record.
_make_comment = maker(Comment)

# How often a long file reports how far it is (records).
_PROGRESS_EVERY = 5000


def _spool(path: Path, options: ReadOptions) -> tuple[sqlite3.Connection, int] | None:
    """Every record into a temporary database; None when progress said stop."""
    db = sqlite3.connect("")  # a private temporary file, removed when closed
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(
        "CREATE TABLE r (seq INTEGER PRIMARY KEY, article TEXT, id TEXT, parent TEXT,"
        " author TEXT, time TEXT, text TEXT)"
    )
    db.execute(
        "CREATE TABLE a (key TEXT PRIMARY KEY, first INTEGER, title TEXT, body TEXT, url TEXT,"
        " author TEXT, time TEXT, declared INTEGER)"
    )
    mapping = options.mapping if isinstance(options.mapping, FieldMapping) else None
    batch: list[tuple] = []
    count = 0

    def flush() -> None:
        db.executemany("INSERT INTO r VALUES (NULL, ?, ?, ?, ?, ?, ?)", batch)
        batch.clear()

    for record in records(path, mapping, options.encoding):
        if record.is_article or record.title or record.article_text:
            _note_article(db, record, count)
            if record.is_article:
                continue
        batch.append(record[:6])  # article, id, parent, author, time, text
        count += 1
        if len(batch) >= _PROGRESS_EVERY:
            flush()
            if options.progress is not None and not options.progress(
                count, f"{count:,} comments read"
            ):
                db.close()
                return None
    flush()
    db.execute("CREATE INDEX r_article ON r(article, seq)")
    db.execute(
        "INSERT OR IGNORE INTO a (key, first) SELECT article, min(seq) FROM r GROUP BY article"
    )
    return db, count


def _note_article(db: sqlite3.Connection, record: Record, seq: int) -> None:
    db.execute(
        "INSERT INTO a (key, first, title, body, url, author, time, declared)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET title = coalesce(a.title, excluded.title),"
        " body = coalesce(a.body, excluded.body), url = coalesce(a.url, excluded.url),"
        " author = coalesce(a.author, excluded.author), time = coalesce(a.time, excluded.time),"
        " declared = coalesce(a.declared, excluded.declared)",
        # A post's own author and time (a Reddit t3); a comment's are its own, not the article's.
        (
            record.article,
            seq,
            record.title,
            record.article_text,
            record.url,
            *((record.author, record.time) if record.is_article else (None, None)),
            record.declared,
        ),
    )


def read_dataset(path: Path, options: ReadOptions) -> Iterator[Item | LeftOut]:
    """One item per article (key: the article's id; "" when the data names none)."""
    spooled = _spool(path, options)
    if spooled is None:
        return
    db, count = spooled
    with contextlib.closing(db):
        if count == 0:
            yield LeftOut(path.name, "it holds no comment records")
            return
        articles = db.execute(
            "SELECT key, title, body, url, author, time, declared FROM a"
            " WHERE key IN (SELECT article FROM r)"
            " ORDER BY first"
        ).fetchall()
        single = len(articles) == 1 and articles[0][0] == ""
        done = 0
        for key, title, body, url, author, time, declared in articles:
            rows = db.execute(
                "SELECT id, parent, author, time, text FROM r WHERE article = ? ORDER BY seq",
                (key,),
            ).fetchall()
            doc = build_document(key, title, body, url, rows, fallback=path.stem)
            if author or time or declared is not None:
                doc = replace(
                    doc, byline=author or None, date=time or None, declared_comment_count=declared
                )
            done += len(rows)
            if options.progress is not None and not options.progress(
                done, f"{done:,} of {count:,} comments threaded"
            ):
                return
            yield Item("" if single else key, doc, kept=True, label=doc.title)


def _thread_order(rows: list[tuple], article: str) -> tuple[list[tuple[int, int, int | None]], int]:
    """(row index, depth, parent's row index) in reading order, and the orphan count.

    Replies follow their parent, siblings keep the file's order. A reply whose parent
    is missing (or that is caught in a cycle of parents) is placed at the top level."""
    index: dict[str, int] = {}
    for i, row in enumerate(rows):
        index.setdefault(row[0], i)
    children: dict[int, list[int]] = {}
    roots: list[int] = []
    orphans: set[int] = set()
    for i, row in enumerate(rows):
        parent = row[1]
        if parent in (None, "", article) or parent == row[0]:
            roots.append(i)
        elif parent in index and index[parent] != i:
            children.setdefault(index[parent], []).append(i)
        else:
            roots.append(i)
            orphans.add(i)
    order: list[tuple[int, int, int | None]] = []
    seen: set[int] = set()

    def walk(start: int) -> None:
        stack = [(start, 0, None)]
        while stack:
            i, depth, parent = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            order.append((i, depth, parent))
            for child in reversed(children.get(i, [])):
                stack.append((child, depth + 1, i))

    for i in roots:
        walk(i)
    for i in range(len(rows)):  # cycles of parents: nothing reaches them from a root
        if i not in seen:
            orphans.add(i)
            walk(i)
    return order, len(orphans)


def build_document(
    article: str,
    title: str | None,
    body: str | None,
    url: str | None,
    rows: list[tuple],
    fallback: str = "",
) -> Document:
    """The document for one article's comment rows (id, parent, author, time, text)."""
    joined = Paragraphs()
    place = joined.place

    blocks: list[Block] = []
    heading = normalise(title or "").strip()
    if heading:
        blocks.append(Block(BlockKind.TITLE, *place(heading), heading, "the data's title"))
    for para in normalise(body or "").split("\n\n"):
        para = para.strip()
        if para:
            blocks.append(Block(BlockKind.PARAGRAPH, *place(para), para, "the data's article text"))
    order, orphans = _thread_order(rows, article)
    comments: list[Comment] = []
    used: dict[str, int] = {}
    final_id: dict[int, str] = {}
    for i, depth, parent_row in order:
        own, _parent_id, author, time, text = rows[i]
        text = normalise(text or "").strip() or "[no text]"
        cid = own or f"r{i + 1}"
        n = used.get(cid, 0) + 1
        used[cid] = n
        if n > 1:
            cid = f"{cid}-{n}"
        final_id[i] = cid
        start, end = place(text)
        parent_id = final_id[parent_row] if parent_row is not None else None
        comments.append(
            _make_comment(cid, parent_id, depth, text, start, end, author or None, time or None,
                          ((start, end),), "comment")
        )  # fmt: skip
    text = joined.text()
    decisions = [Decision("comments", comments[0].start if comments else 0, 1.0,
                          f"{len(comments)} comment records, threaded by parent id")]  # fmt: skip
    metadata: list[tuple[str, str]] = [("Article", article)] if article else []
    if url:
        metadata.append(("URL", url))
    if orphans:
        decisions.append(
            Decision("orphans", 0, 1.0, f"{orphans} replies whose parent is not in the data")
        )
        metadata.append(("Replies whose parent is missing", str(orphans)))
    site = urlsplit(url or article).hostname if "://" in (url or article) else None
    name = heading or (f"Comments on {article}" if article else f"Comments ({fallback})")
    return Document(
        text=text,
        title=name,
        standfirst=None,
        byline=None,
        blocks=tuple(blocks),
        comments=tuple(comments),
        links=tuple(comment_links(text, blocks, comments)),
        declared_comment_count=None,
        decisions=tuple(decisions),
        site=site,
        date=None,
        metadata=tuple(metadata),
    )
