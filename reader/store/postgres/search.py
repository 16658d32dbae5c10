"""Corpus search and the sidebar filter on PostgreSQL: the same query language, its own
machinery.

The index is ``search_segments`` (migration 3 here): one row per segment, the same
segments as SQLite's ``search_fts`` (``search_index.segments``: article blocks, comments,
notes, each with the tags of its passages), keyed ``(document_id, n)`` so rows come out
in reading order; its ``words``, ``author_words`` and ``tag_words`` are tsvector columns
(GIN) of the ``reader_words`` configuration: words as ``simple`` reads them, case and
accents ignored (``unaccent``), as SQLite's ``unicode61 remove_diacritics`` does.
A parsed :class:`~reader.core.query.Query` becomes a tsquery built from the user's words
as parameters (``phraseto_tsquery`` for words and phrases, ``to_tsquery`` with quoted
lexemes for a prefix), so no syntax of either language gets through. Matches are marked
here (:func:`mark`, as the index reads words); the filters and the hits are
``search_shared``'s, as on SQLite.

The sidebar filter is a case-insensitive substring (``ILIKE``) answered by pg_trgm's
trigram indexes on title and text.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
import unicodedata
from collections.abc import Callable

from reader.core.model import Document
from reader.core.query import PARTS, And, Node, Not, Or, Query, Term
from reader.core.records import SearchCount, SearchHit
from reader.store import documents, search_passages
from reader.store.schema import write
from reader.store.search import parse_query
from reader.store.search_index import MARK_CLOSE, MARK_OPEN, SHIFT, segments, tag_token
from reader.store.search_shared import (
    AllSpans,
    CoderSpans,
    Properties,
    SearchError,
    TagSpans,
    filtered_passages,
    hit_of_row,
    tag_filters,
)

_BATCH = 100
_ANALYZE_AFTER = 50  # documents indexed in one refresh
_CONFIG = "reader_words"
_WORD = re.compile(r"\w+")
_OTHER_LETTER = re.compile(r"[^\W\x00-\x7f]")  # a word's character beyond ASCII


# ---- the index ------------------------------------------------------------------------


def stale_documents(conn) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT document_id FROM search_state WHERE text_hash IS NULL OR notes_stale = 1"
            " ORDER BY document_id"
        )
    ]


def refresh(conn, load: Callable[[int], Document], *, progress=None) -> int:
    """Index again the documents marked stale (see ``search_index.refresh``, whose
    contract this keeps). Returns how many were indexed."""
    todo = stale_documents(conn)
    total = len(todo)
    for i in range(0, total, _BATCH):
        if progress is not None and progress(i, total) is False:
            return i
        loaded = {}
        for doc_id in todo[i : i + _BATCH]:
            digest = documents.current_hash(conn, doc_id)
            try:
                loaded[doc_id] = (digest, load(doc_id) if digest is not None else None)
            except KeyError:
                loaded[doc_id] = (None, None)
        with write(conn):
            for doc_id, (digest, doc) in loaded.items():
                _refresh_one(conn, doc_id, digest, doc)
    if total >= _ANALYZE_AFTER:
        # Fresh statistics, or the planner scans every segment instead of the GIN index
        # until autovacuum comes by.
        conn.run("ANALYZE search_segments")
    if progress is not None:
        progress(total, total)
    return total


def _refresh_one(conn, doc_id: int, digest: str | None, doc: Document | None) -> None:
    row = conn.execute(
        "SELECT s.text_hash, s.notes_stale, d.content_hash FROM search_state s"
        " JOIN documents d ON d.id = s.document_id WHERE s.document_id = ? FOR UPDATE OF s",
        (doc_id,),
    ).fetchone()
    if row is None:  # gone: its rows went with it (ON DELETE CASCADE)
        return
    text_hash, notes_stale, content_hash = row
    if text_hash is not None and not notes_stale:
        return  # another Reader indexed it meanwhile
    if doc is None or digest != content_hash:
        return
    conn.execute("DELETE FROM search_segments WHERE document_id = ?", (doc_id,))
    conn.executemany(
        "INSERT INTO search_segments (document_id, n, body, part, author, tags, comment_id,"
        " base, parts, annotation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, s.n, s.body, s.part, s.author or "", s.tags, s.comment_id, s.base,
             s.parts, s.annotation_id)
            for s in segments(conn, doc_id, doc)
        ],
    )  # fmt: skip
    conn.execute(
        "UPDATE search_state SET text_hash = ?, notes_stale = 0 WHERE document_id = ?",
        (content_hash, doc_id),
    )


def rebuild(conn, load: Callable[[int], Document]) -> int:
    """Index every document from scratch."""
    with write(conn):
        conn.execute("DELETE FROM search_segments")
        conn.execute("UPDATE search_state SET text_hash = NULL, notes_stale = 1")
        conn.execute(
            "INSERT INTO search_state (document_id, text_hash, notes_stale)"
            " SELECT id, NULL, 1 FROM documents ON CONFLICT (document_id) DO NOTHING"
        )
    return refresh(conn, load)


# ---- the query ------------------------------------------------------------------------


def _term(term: Term, params: list) -> str:
    if not term.prefix:
        params.append(term.text)
        return f"phraseto_tsquery('{_CONFIG}', %s)"
    words = _WORD.findall(term.text)
    if not words:
        params.append(term.text)
        return f"phraseto_tsquery('{_CONFIG}', %s)"
    lexemes = " <-> ".join("'" + w.replace("'", "''") + "'" for w in words) + ":*"
    params.append(lexemes)
    return f"to_tsquery('{_CONFIG}', %s)"


def tsquery(node: Node, params: list) -> str:
    """An SQL expression of type tsquery for ``node``; its values appended to ``params``."""
    if isinstance(node, Term):
        return _term(node, params)
    if isinstance(node, Or):
        return "(" + " || ".join(tsquery(c, params) for c in node.children) + ")"
    if isinstance(node, And):
        keep = [tsquery(c, params) for c in node.children if not isinstance(c, Not)]
        drop = [tsquery(c.child, params) for c in node.children if isinstance(c, Not)]
        return "(" + " && ".join(keep + [f"!!{d}" for d in drop]) + ")"
    raise SearchError("A search needs words to find, not only words to leave out.")


def _where(parsed: Query, tag_ids: list[tuple[str, ...]], params: list) -> str:
    """The WHERE clause for ``parsed``: the words, then the filters the index answers."""
    clauses = [f"words @@ {tsquery(parsed.expression, params)}"]
    if parsed.parts and parsed.parts != frozenset(PARTS):
        clauses.append("part IN (" + ", ".join("%s" for _ in parsed.parts) + ")")
        params += sorted(parsed.parts)
    if parsed.authors:
        terms = [Term(a.rstrip("*"), prefix=a.endswith("*"), phrase=True) for a in parsed.authors]
        clauses.append("author_words @@ (" + " || ".join(_term(t, params) for t in terms) + ")")
    for ids in tag_ids:
        clauses.append("tag_words @@ to_tsquery('simple', %s)")
        params.append(" | ".join(tag_token(t) for t in ids))
    return " AND ".join(clauses)


def search(
    conn, query: str | Query, load: Callable[[int], Document], *, limit: int | None = 200
) -> list[SearchHit]:
    """Hits for ``query`` as ``search.search`` gives them. Raises ``SearchError``."""
    parsed = parse_query(query) if isinstance(query, str) else query
    tag_ids = tag_filters(conn, parsed.tags) if parsed.tags else []
    if parsed.passages_only():  # tag:blame alone: the passages themselves (as on SQLite)
        return filtered_passages(conn, parsed, tag_ids, load, limit)
    with contextlib.suppress(sqlite3.OperationalError):  # no right to write: search as is
        refresh(conn, load)
    properties = Properties(load, parsed.meta) if parsed.meta else None
    tag_spans = TagSpans(conn, tag_ids) if tag_ids else None
    if parsed.coders:
        tag_spans = AllSpans(tag_spans, CoderSpans(conn, parsed.coders))
    params: list = []
    where = _where(parsed, tag_ids, params)
    terms = _terms(parsed.expression)
    # The planner reckons a phrase as common as its words together, so it walks the
    # segments in reading order until 200 match, which for a rare phrase of common words
    # is the whole index (115 ms on 2,000 documents). "+ 0" hides that order from it: the
    # GIN index then gives the segments holding all the words (20 ms) and only those are
    # checked for the phrase.
    order = "document_id + 0, n" if any(len(words) > 1 for words, _ in terms) else "document_id, n"
    sql = (
        f"SELECT (document_id::bigint << {SHIFT}) | n, part, comment_id, author, base, parts,"
        f" annotation_id, body FROM search_segments WHERE {where} ORDER BY {order}"
    )
    values = params
    hits: list[SearchHit] = []
    titles: dict[int, tuple[str, str]] = {}
    # A page at a time: the tag and coder filters drop some rows after the query.
    page, offset = (limit, 0) if limit is not None else (None, 0)
    while True:
        paged = f"{sql} LIMIT %s OFFSET %s" if page else sql
        try:
            rows = conn.run(paged, [*values, page, offset] if page else values).fetchall()
        except sqlite3.OperationalError as error:
            raise SearchError(f"Reader could not read the query ({error}).") from error
        notes = _prefetch(conn, rows, titles)
        for row in rows:
            if limit is not None and len(hits) >= limit:
                return hits
            if properties is not None and not properties.hold(row[0] >> SHIFT):
                continue
            row = (*row[:7], mark(row[7], terms))
            hit = hit_of_row(conn, row, tag_spans, titles, notes)
            if hit is not None:
                hits.append(hit)
        if page is None or len(rows) < page:
            return hits
        offset += page


def _prefetch(conn, rows: list, titles: dict) -> dict:
    """What the hits of ``rows`` need besides their rows, in two queries, not one per
    hit: the documents' titles (into ``titles``) and the notes' passages (returned)."""
    wanted = sorted({r[0] >> SHIFT for r in rows} - set(titles))
    if wanted:
        titles.update({
            r[0]: (r[1], r[2]) for r in conn.run(
                "SELECT id, title, source_path FROM documents WHERE id = ANY(%s)", (wanted,)
            ).fetchall()
        })  # fmt: skip
    note_ids = [r[6] for r in rows if r[1] == "note"]
    if not note_ids:
        return {}
    return {
        r[0]: tuple(r[1:]) for r in conn.run(
            "SELECT id, span_start, span_end, comment_id FROM annotations WHERE id = ANY(%s)",
            (note_ids,),
        ).fetchall()
    }  # fmt: skip


# ---- marking the matches ---------------------------------------------------------------
# The words are marked here, not by ts_headline, which takes about half a millisecond a
# segment on the server (it parses and looks up every word of the text again): the same
# reading of words as the index's (runs of letters and digits, case and accents ignored).


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _terms(node: Node) -> list[tuple[tuple[str, ...], bool]]:
    """The words to mark: each term's folded words and whether its last is a prefix
    (terms under NOT are not marked)."""
    if isinstance(node, Term):
        words = tuple(_fold(w) for w in _WORD.findall(node.text))
        return [(words, node.prefix)] if words else []
    if isinstance(node, Not):
        return []
    return [t for c in node.children for t in _terms(c)]


def mark(body: str, terms: list[tuple[tuple[str, ...], bool]]) -> str:
    """``body`` with each place a term occurs between the match marks (a phrase is one
    match, as SQLite's highlight() marks it)."""
    if _OTHER_LETTER.search(body) is None and all(w.isascii() for t, _ in terms for w in t):
        spans = _ascii_spans(body, terms)
    else:
        spans = _word_spans(body, terms)
    if not spans:
        return body
    spans.sort()
    merged = [spans[0]]
    for s, e in spans[1:]:
        if s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    out, pos = [], 0
    for s, e in merged:
        out += [body[pos:s], MARK_OPEN, body[s:e], MARK_CLOSE]
        pos = e
    out.append(body[pos:])
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...], prefix: bool) -> re.Pattern:
    """A term as a regular expression over text whose words are ASCII: its words in a
    row, separated by anything that is not a word (as ``_WORD`` splits), case ignored; a
    lookahead, so that overlapping places are all found, as ``_word_spans`` finds them."""
    last = re.escape(words[-1]) + (r"\w*" if prefix else "")
    body = r"\W+".join([*(re.escape(w) for w in words[:-1]), last])
    return re.compile(rf"(?<!\w)(?=({body})(?!\w))", re.IGNORECASE)


def _ascii_spans(body: str, terms: list[tuple[tuple[str, ...], bool]]) -> list[tuple[int, int]]:
    """Where the terms occur in a ``body`` whose words are ASCII (curly quotes and dashes
    may be around them): one regular expression per term, not a look at every word (which
    was most of a search's time)."""
    return [m.span(1) for words, prefix in terms for m in _pattern(words, prefix).finditer(body)]


def _word_spans(body: str, terms: list[tuple[tuple[str, ...], bool]]) -> list[tuple[int, int]]:
    """Where the terms occur in ``body``, word by word (accents and case folded)."""
    tokens = [
        (m.start(), m.end(), w.lower() if w.isascii() else _fold(w))
        for m in _WORD.finditer(body)
        for w in (m.group(),)
    ]
    words_only = [t[2] for t in tokens]
    spans: list[tuple[int, int]] = []
    for words, prefix in terms:
        n, first = len(words), words[0]
        for i, word in enumerate(words_only):
            if word != first and not (n == 1 and prefix and word.startswith(first)):
                continue
            if n > 1:
                found = words_only[i : i + n]
                if len(found) < n or found[:-1] != list(words[:-1]):
                    continue
                if not (found[-1] == words[-1] or (prefix and found[-1].startswith(words[-1]))):
                    continue
            spans.append((tokens[i][0], tokens[i + n - 1][1]))
    return spans


def count(conn, query: str | Query, load: Callable[[int], Document]) -> SearchCount:
    """How many parts and documents ``query`` matches (the ``coder:`` filter ignored, as
    on SQLite). Raises ``SearchError``."""
    parsed = parse_query(query) if isinstance(query, str) else query
    tag_ids = tag_filters(conn, parsed.tags) if parsed.tags else []
    if parsed.passages_only():
        return search_passages.count(filtered_passages(conn, parsed, tag_ids, load, None))
    with contextlib.suppress(sqlite3.OperationalError):
        refresh(conn, load)
    params: list = []
    where = _where(parsed, tag_ids, params)
    try:
        if parsed.meta:
            properties = Properties(load, parsed.meta)
            per_document = conn.run(
                f"SELECT document_id, count(*) FROM search_segments WHERE {where}"
                " GROUP BY document_id",
                params,
            ).fetchall()
            kept = [n for doc_id, n in per_document if properties.hold(doc_id)]
            return SearchCount(sum(kept), len(kept))
        parts, docs = conn.run(
            f"SELECT count(*), count(DISTINCT document_id) FROM search_segments WHERE {where}",
            params,
        ).fetchone()
    except sqlite3.OperationalError as error:
        raise SearchError(f"Reader could not read the query ({error}).") from error
    return SearchCount(parts, docs)


# ---- the sidebar filter ----------------------------------------------------------------


def matching(conn, query: str) -> list[int]:
    """Ids of documents whose title or text contains ``query``, ignoring case."""
    query = unicodedata.normalize("NFC", query)
    if not query.strip():
        return [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", query) + "%"
    rows = conn.run(
        "SELECT id FROM documents WHERE title ILIKE %s OR text ILIKE %s ORDER BY id",
        (pattern, pattern),
    )
    return [r[0] for r in rows]
