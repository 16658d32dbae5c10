"""The hits of a query of filters alone (``tag:blame``, ``coder:ana in:comments``): the
passages those filters name, one hit each, in the order of the documents and of reading.

A tag filter takes the passages carrying that tag or one below it (several: all of them);
a coder filter the passages that coder made (several: any); ``meta:`` the documents whose
properties hold it; ``in:`` keeps the article's,
the comments' or (``in:notes``) the notes of those passages. The snippet is the passage
in its stored context, the passage marked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reader.core.query import PARTS, Query
from reader.core.records import SearchCount, SearchHit

CONTEXT_CHARS = 50


def passages(
    conn: sqlite3.Connection,
    parsed: Query,
    tag_ids: list[tuple[str, ...]],
    coders: list[str],
    limit: int | None,
    keep: Callable[[int], bool] | None = None,
) -> list[SearchHit]:
    """The passages the filters name, as hits (at most ``limit``; None: all); ``keep``
    says which documents may have hits (the ``meta:`` filters), None: all."""
    where, args = ["a.orphan = 0"], []
    for ids in tag_ids:
        where.append(
            "EXISTS (SELECT 1 FROM annotation_tags l WHERE l.annotation_id = a.id"
            f" AND l.tag_id IN ({','.join('?' * len(ids))}))"
        )
        args += ids
    if coders:
        where.append(f"a.coder IN ({','.join('?' * len(coders))})")
        args += coders
    parts = parsed.parts if parsed.parts and parsed.parts != frozenset(PARTS) else None
    if parts is not None:
        places = []
        if "article" in parts:
            places.append("a.comment_id IS NULL")
        if "comment" in parts:
            places.append("a.comment_id IS NOT NULL")
        if "note" in parts:
            places.append("a.note != ''")
        where.append("(" + " OR ".join(places) + ")")
    rows = conn.execute(
        "SELECT a.id, a.document_id, a.span_start, a.span_end, a.exact, a.prefix, a.suffix,"
        " a.comment_id, a.note, d.title, d.source_path FROM annotations a"
        " JOIN documents d ON d.id = a.document_id"
        f" WHERE {' AND '.join(where)} ORDER BY d.id, a.span_start, a.span_end, a.id",
        args,
    )
    hits: list[SearchHit] = []
    for row in rows:
        if limit is not None and len(hits) >= limit:
            break
        if keep is None or keep(row[1]):
            hits.append(_hit(row, parts))
    return hits


def count(hits: list[SearchHit]) -> SearchCount:
    return SearchCount(len(hits), len({h.document_id for h in hits}))


def _hit(row: tuple, parts: frozenset[str] | None) -> SearchHit:
    ann_id, doc_id, start, end, exact, prefix, suffix, comment_id, note, title, source = row
    as_note = bool(note) and parts is not None and "note" in parts
    if as_note and not ({"article", "comment"} & parts and _in_part(comment_id, parts)):
        text = " ".join(note.split())
        return SearchHit(
            doc_id, source, title or "", "note", comment_id, None, ann_id, start, end,
            (), text, (),
        )  # fmt: skip
    before = " ".join(prefix.split())[-CONTEXT_CHARS:]
    quote = " ".join(exact.split())
    after = " ".join(suffix.split())[:CONTEXT_CHARS]
    lead = ("…" if len(prefix) > CONTEXT_CHARS else "") + before + (" " if before else "")
    text = lead + quote + (" " if after else "") + after
    text += "…" if len(suffix) > CONTEXT_CHARS else ""
    mark = (len(lead), len(lead) + len(quote))
    part = "comment" if comment_id else "article"
    return SearchHit(
        doc_id, source, title or "", part, comment_id, None, ann_id, start, end,
        ((start, end),), text, (mark,),
    )  # fmt: skip


def _in_part(comment_id: str | None, parts: frozenset[str]) -> bool:
    return ("comment" in parts) if comment_id else ("article" in parts)
