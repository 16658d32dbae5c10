"""Coded segments, tag frequencies and co-occurrence: what the retrieval views and the
exports show.

A *coded segment* is one tag applied to one passage: an annotation with three tags gives
three. Each carries its quote, the text around it (inside the same part: the comment, or
the article block), the tag's path in the codebook, the note and the times. Passages
whose text was not found again after an update (orphans) keep their quote and say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.core.model import Document
from reader.store.records import Annotation, Tag

CONTEXT_CHARS = 160
PATH_SEPARATOR = " / "

Progress = Callable[[int, int], bool]


class Cancelled(Exception):
    """A progress callback returned False."""


@dataclass(frozen=True, slots=True)
class CodedSegment:
    """One tag on one passage (``tag_id`` None: a passage with a note and no tag).

    ``part`` is 'article' or 'comment'; ``comment_id``/``author``/``parent_comment_id``
    describe the comment the passage lies in. ``start``/``end`` are code points of
    ``Document.text``. ``context_before``/``context_after`` are the text around the quote
    within its part, whitespace collapsed; :attr:`context` joins them with the quote."""

    annotation_id: str
    tag_id: str | None
    tag_path: str
    document_id: int
    source_path: str
    title: str
    part: str
    comment_id: str | None
    parent_comment_id: str | None
    author: str | None
    start: int
    end: int
    quote: str
    context_before: str
    context_after: str
    note: str
    created: str
    modified: str
    orphan: bool
    coder: str = ""

    @property
    def context(self) -> str:
        return _squeeze(f"{self.context_before}{self.quote}{self.context_after}")


@dataclass(frozen=True, slots=True)
class TagFrequencies:
    """How often each tag was applied. ``counts[i][j]`` is the number of passages in
    ``documents[i]`` carrying ``tags[j]`` (with ``descendants``: it or a tag below it,
    each passage once); ``totals[j]`` the same across the project and ``spread[j]`` the
    number of documents where it occurs."""

    tags: tuple[Tag, ...]
    documents: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]
    totals: tuple[int, ...]
    spread: tuple[int, ...]

    def count(self, document_id: int, tag_id: str) -> int:
        i = self.documents.index(document_id)
        j = next(k for k, t in enumerate(self.tags) if t.id == tag_id)
        return self.counts[i][j]


@dataclass(frozen=True, slots=True)
class CoOccurrence:
    """Which tags meet. ``same_passage[i][j]``: passages carrying both ``tags[i]`` and
    ``tags[j]`` (the diagonal: passages carrying the tag). ``overlapping[i][j]``: pairs of
    passages of one document whose spans overlap (a passage pairs with itself too), one
    carrying ``tags[i]`` and the other ``tags[j]``. Both are symmetric; orphans are left
    out of ``overlapping``."""

    tags: tuple[Tag, ...]
    same_passage: tuple[tuple[int, ...], ...]
    overlapping: tuple[tuple[int, ...], ...]


def tag_paths(tags: Sequence[Tag]) -> dict[str, str]:
    """Each tag's names from the top of the codebook down, joined by " / "."""
    by_id = {t.id: t for t in tags}
    paths: dict[str, str] = {}
    for tag in tags:
        names, seen, current = [], set(), tag
        while current is not None and current.id not in seen:
            seen.add(current.id)
            names.append(current.name)
            current = by_id.get(current.parent) if current.parent else None
        paths[tag.id] = PATH_SEPARATOR.join(reversed(names))
    return paths


def below(tags: Sequence[Tag], tag_id: str) -> list[str]:
    """``tag_id`` and the ids of every tag below it."""
    children: dict[str | None, list[str]] = {}
    for t in tags:
        children.setdefault(t.parent, []).append(t.id)
    found, stack = [], [tag_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.append(current)
            stack += children.get(current, [])
    return found


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def part_bounds(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The span of the part holding a passage: its comment's words, else its article
    block, else the article before the first comment."""
    comment = doc.comment_at(start)
    if comment is not None:  # its words, without the list marker before them
        if comment.parts:
            return comment.parts[0][0], comment.parts[-1][1]
        return comment.start, comment.end
    i = doc.block_at(start)
    if i is not None and doc.blocks[i].end >= end:
        return doc.blocks[i].start, doc.blocks[i].end
    first = min((c.start for c in doc.comments), default=len(doc.text))
    return 0, first if end <= first else len(doc.text)


def context_of(doc: Document, start: int, end: int, chars: int = CONTEXT_CHARS):
    """(before, after): up to ``chars`` characters either side of a passage, inside its
    part, cut at a word, whitespace collapsed."""
    low, high = part_bounds(doc, start, end)
    low, high = min(low, start), max(high, end)
    a = max(low, start - chars)
    if a > low:
        space = doc.text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
    b = min(high, end + chars)
    if b < high:
        space = doc.text.rfind(" ", end, b)
        b = space if space >= 0 else b
    before = _squeeze(doc.text[a:start])
    after = _squeeze(doc.text[end:b])
    return ("…" if a > low else "") + before, after + ("…" if b < high else "")


def segments_of(
    doc: Document,
    items: Iterable[Annotation],
    paths: dict[str, str],
    source_path: str,
    title: str,
    *,
    tag_ids: set[str] | None = None,
    untagged: bool = False,
) -> list[CodedSegment]:
    """The coded segments of one document's annotations (``tag_ids``: only those tags)."""
    rows: list[CodedSegment] = []
    for a in items:
        if a.orphan:
            before, after = a.prefix, a.suffix
            before, after = _squeeze(before), _squeeze(after)
            comment = doc.comment(a.comment_id) if a.comment_id else None
        else:
            before, after = context_of(doc, a.start, a.end)
            comment = doc.comment(a.comment_id) if a.comment_id else None
        wanted = [t for t in a.tags if tag_ids is None or t in tag_ids]
        applied: list[str | None] = list(wanted)
        if not a.tags and untagged:
            applied = [None]
        for tag_id in applied:
            rows.append(
                CodedSegment(
                    a.id, tag_id, paths.get(tag_id, "") if tag_id else "", a.document_id,
                    source_path, title, "comment" if a.comment_id else "article",
                    a.comment_id, comment.parent if comment else None,
                    comment.author if comment else None, a.start, a.end, a.exact, before,
                    after, a.note, a.created, a.modified, a.orphan, a.coder,
                )
            )  # fmt: skip
    return rows


def coded_segments(
    annotations: Sequence[Annotation],
    tags: Sequence[Tag],
    load: Callable[[int], Document],
    titles: dict[int, tuple[str, str]],
    *,
    tag_id: str | None = None,
    descendants: bool = True,
    untagged: bool = False,
    progress: Progress | None = None,
) -> list[CodedSegment]:
    """Coded segments of ``annotations`` (all tags, or ``tag_id`` and, with
    ``descendants``, the tags below it), by document, then place, then codebook order.
    ``titles`` maps document ids to (title, source path). ``progress(done, total)`` counts
    documents; returning False raises :class:`Cancelled`."""
    paths = tag_paths(tags)
    order = {t.id: i for i, t in enumerate(tags)}
    wanted: set[str] | None = None
    if tag_id is not None:
        wanted = set(below(tags, tag_id) if descendants else [tag_id])
    by_doc: dict[int, list[Annotation]] = {}
    for a in annotations:
        if wanted is None or wanted.intersection(a.tags) or (untagged and not a.tags):
            by_doc.setdefault(a.document_id, []).append(a)
    rows: list[CodedSegment] = []
    total = len(by_doc)
    for i, doc_id in enumerate(sorted(by_doc)):
        if progress is not None and progress(i, total) is False:
            raise Cancelled
        title, source = titles.get(doc_id, ("", ""))
        rows += segments_of(
            load(doc_id), by_doc[doc_id], paths, source, title, tag_ids=wanted,
            untagged=untagged and wanted is None,
        )  # fmt: skip
    if progress is not None:
        progress(total, total)
    rows.sort(
        key=lambda r: (
            r.document_id, r.orphan, r.start, r.end, r.created, r.annotation_id,
            order.get(r.tag_id, -1) if r.tag_id else -1,
        )
    )  # fmt: skip
    return rows


def _closure(tags: Sequence[Tag], descendants: bool) -> dict[str, set[str]]:
    """For each tag id, the tags it counts (itself, or itself and those below)."""
    return {t.id: set(below(tags, t.id)) if descendants else {t.id} for t in tags}


def tag_frequencies(
    annotations: Iterable[Annotation],
    tags: Sequence[Tag],
    documents: Sequence[int],
    *,
    descendants: bool = False,
) -> TagFrequencies:
    """Passages per tag and document (see :class:`TagFrequencies`)."""
    counts = {d: [0] * len(tags) for d in documents}
    closure = _closure(tags, descendants)
    columns = [(j, closure[t.id]) for j, t in enumerate(tags)]
    for a in annotations:
        row = counts.get(a.document_id)
        if row is None or not a.tags:
            continue
        carried = set(a.tags)
        for j, counted in columns:
            if counted & carried:
                row[j] += 1
    matrix = tuple(tuple(counts[d]) for d in documents)
    totals = tuple(sum(r[j] for r in matrix) for j in range(len(tags)))
    spread = tuple(sum(1 for r in matrix if r[j]) for j in range(len(tags)))
    return TagFrequencies(tuple(tags), tuple(documents), matrix, totals, spread)


def co_occurrence(
    annotations: Iterable[Annotation], tags: Sequence[Tag], *, descendants: bool = False
) -> CoOccurrence:
    """Tag pairs on the same passage and on overlapping passages (see :class:`CoOccurrence`)."""
    n = len(tags)
    index = {t.id: i for i, t in enumerate(tags)}
    closure = _closure(tags, descendants)
    up: dict[str, set[int]] = {}  # a tag id -> the columns that count it
    for t in tags:
        for counted in closure[t.id]:
            up.setdefault(counted, set()).add(index[t.id])
    same = [[0] * n for _ in range(n)]
    over = [[0] * n for _ in range(n)]

    def columns(a: Annotation) -> set[int]:
        found: set[int] = set()
        for tag_id in a.tags:
            found |= up.get(tag_id, set())
        return found

    def add(matrix: list[list[int]], first: set[int], second: set[int]) -> None:
        pairs = {(min(i, j), max(i, j)) for i in first for j in second}
        for i, j in pairs:
            matrix[i][j] += 1
            if i != j:
                matrix[j][i] += 1

    by_doc: dict[int, list[tuple[int, int, set[int]]]] = {}
    for a in annotations:
        cols = columns(a)
        if not cols:
            continue
        add(same, cols, cols)
        if not a.orphan:
            by_doc.setdefault(a.document_id, []).append((a.start, a.end, cols))
    for spans in by_doc.values():
        spans.sort(key=lambda s: (s[0], s[1]))
        for k, (_start, end, cols) in enumerate(spans):
            add(over, cols, cols)
            for other_start, _other_end, other_cols in spans[k + 1 :]:
                if other_start >= end:
                    break
                add(over, cols, other_cols)
    return CoOccurrence(tuple(tags), tuple(tuple(r) for r in same), tuple(tuple(r) for r in over))
