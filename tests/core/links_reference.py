"""The quotation-link finder as it was before it was made fast (reader.core.links at
bca17e4): the oracle that test_links_reference.py holds the fast finder to. Not used by
the application.

Links between a quotation and its source.

A comment that quotes the article or an earlier comment, in quotation marks or as a
verbatim run of words, links from its quoted span to the source span; a pull-quote
links to the body sentence it repeats. Matching works on folded words, so curly or
straight quotes, case and punctuation do not hide a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.core.model import Block, BlockKind, Comment, Link, LinkEnd
from reader.core.words import SpanWords, word_spans

# A verbatim run this long is a quotation even without quotation marks.
RUN_WORDS = 8
# Sources are indexed at every STRIDE-th word, which keeps a 5,000-comment page fast;
# every run of RUN_WORDS + STRIDE - 1 words is still found, and shorter quotations are
# found when they stand in quotation marks.
STRIDE = 3
# A run of words that this many sources share is a stock phrase of the page (a
# signature, a repeated slogan), not a quotation of any one of them.
COMMON = 32
# Inside quotation marks a shorter run is enough.
QUOTED_WORDS = 4
_QUOTATION = re.compile(r"[“\"«„]([^”\"»“]{8,}?)[”\"»]")

_SOURCE_BLOCKS = (BlockKind.TITLE, BlockKind.STANDFIRST, BlockKind.PARAGRAPH, BlockKind.CAPTION)


@dataclass(slots=True)
class _Source:
    """Something that can be quoted: an article block or a comment, and its words."""

    text: str
    spans: tuple[tuple[int, int], ...]  # the document spans the words come from
    words: tuple[str, ...]
    order: int
    comment: str | None = None
    block: int | None = None
    _offsets: list[tuple[int, int]] | None = field(default=None)

    def offsets(self) -> list[tuple[int, int]]:
        if self._offsets is None:
            self._offsets = [w for s, e in self.spans for w in word_spans(self.text, s, e)]
        return self._offsets

    def end(self, first: int, last: int) -> LinkEnd:
        offsets = self.offsets()
        return LinkEnd(offsets[first][0], offsets[last][1], self.comment, self.block)


def _block_source(words: SpanWords, index: int, block: Block) -> _Source:
    spans = ((block.start, block.end),)
    return _Source(words.text, spans, words(block.start, block.end), block.start, block=index)


def _comment_source(words: SpanWords, comment: Comment) -> _Source:
    spans = comment.parts or ((comment.start, comment.end),)
    return _Source(words.text, spans, words.of_spans(spans), comment.start, comment=comment.id)


class _RunIndex:
    """Runs of RUN_WORDS words of the sources added so far, at every STRIDE-th word."""

    def __init__(self) -> None:
        self.sources: list[_Source] = []
        self.grams: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def add(self, source: _Source) -> int:
        sid = len(self.sources)
        self.sources.append(source)
        w = source.words
        grams = self.grams
        for i in range(0, len(w) - RUN_WORDS + 1, STRIDE):
            key = w[i : i + RUN_WORDS]
            found = grams.get(key)
            if found is None:
                grams[key] = [(sid, i)]
            elif len(found) <= COMMON:
                found.append((sid, i))
        return sid


def _preference(source: _Source, ancestors: Sequence[str]) -> tuple[int, int]:
    """What the comment replies to first, then the article, then the latest comment."""
    if source.comment is not None and source.comment in ancestors:
        return (0, ancestors.index(source.comment))
    if source.comment is None:
        return (1, source.order)
    return (2, -source.order)


def _find_sequence(needle: tuple[str, ...], haystack: tuple[str, ...]) -> int:
    n = len(needle)
    first = needle[0]
    for j in range(len(haystack) - n + 1):
        if haystack[j] == first and haystack[j : j + n] == needle:
            return j
    return -1


def _link(quoting: _Source, first: int, last: int, source: _Source, j: int, k: int) -> Link:
    start, end = quoting.end(first, last).start, quoting.end(first, last).end
    return Link(quoting.end(first, last), source.end(j, k), quoting.text[start:end])


def _runs(own: _Source, index: _RunIndex, ancestors: Sequence[str]) -> list[Link]:
    """Maximal verbatim runs shared with earlier sources."""
    links = []
    w = own.words
    grams = index.grams
    i = 0
    last_start = len(w) - RUN_WORDS
    while i <= last_start:
        candidates = grams.get(w[i : i + RUN_WORDS])
        if not candidates or len(candidates) > COMMON:
            i += 1
            continue
        sid, j = min(candidates, key=lambda c: _preference(index.sources[c[0]], ancestors))
        source = index.sources[sid].words
        back = 0
        while i - back > 0 and j - back > 0 and w[i - back - 1] == source[j - back - 1]:
            back += 1
        n = RUN_WORDS
        while i + n < len(w) and j + n < len(source) and w[i + n] == source[j + n]:
            n += 1
        first = i - back
        if not links or links[-1][2] <= first:
            links.append((own, first, i + n, index.sources[sid], j - back, j + n))
        i += n
    return [_link(o, a, b - 1, s, c, d - 1) for o, a, b, s, c, d in links]


def _quoted(own: _Source, covered: list[tuple[int, int]], candidates: list[_Source]) -> list[Link]:
    """Short quotations in quotation marks, looked up in what the comment replies to
    and in the article."""
    found = []
    offsets = None
    for s, e in own.spans:
        for m in _QUOTATION.finditer(own.text, s, e):
            if offsets is None:
                offsets = own.offsets()
            starts = [a for a, _ in offsets]
            first = next((k for k, a in enumerate(starts) if a >= m.start(1)), len(starts))
            last = first
            while last + 1 < len(offsets) and offsets[last + 1][1] <= m.end(1):
                last += 1
            if first >= len(offsets) or last - first + 1 < QUOTED_WORDS:
                continue
            if any(a <= first < b or a <= last < b for a, b in covered):
                continue
            needle = own.words[first : last + 1]
            for source in candidates:
                j = _find_sequence(needle, source.words)
                if j >= 0:
                    found.append(_link(own, first, last, source, j, j + len(needle) - 1))
                    covered.append((first, last + 1))
                    break
    return found


def comment_links(
    text: str,
    blocks: Sequence[Block],
    comments: Sequence[Comment],
    words: SpanWords | None = None,
) -> list[Link]:
    words = words or SpanWords(text)
    index = _RunIndex()
    article = []
    for bi, block in enumerate(blocks):
        if block.kind in _SOURCE_BLOCKS:
            source = _block_source(words, bi, block)
            index.add(source)
            article.append(source)
    parents = {c.id: c.parent for c in comments}
    by_id: dict[str, _Source] = {}
    links: list[Link] = []
    for comment in comments:
        ancestors: list[str] = []
        parent = comment.parent
        while parent is not None and parent in parents and len(ancestors) < 50:
            ancestors.append(parent)
            parent = parents[parent]
        own = _comment_source(words, comment)
        runs = _runs(own, index, ancestors)
        links += runs
        if '"' in comment.text or "“" in comment.text or "«" in comment.text:
            covered = [_word_range(own, link.source) for link in runs]
            candidates = [by_id[a] for a in ancestors if a in by_id] + article
            links += _quoted(own, covered, candidates)
        index.add(own)
        by_id[comment.id] = own
    return links


def _word_range(own: _Source, end: LinkEnd) -> tuple[int, int]:
    offsets = own.offsets()
    first = next(k for k, (a, _) in enumerate(offsets) if a >= end.start)
    last = max(k for k, (_, b) in enumerate(offsets) if b <= end.end)
    return first, last + 1


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def pullquote_links(
    text: str,
    blocks: Sequence[Block],
    sources: dict[int, int],
    words: SpanWords | None = None,
) -> list[Link]:
    """Links from each sentence of a pull-quote to where the body says it: a pull-quote
    made of two sentences links twice, leaving out the attribution between them."""
    words = words or SpanWords(text)
    links = []
    for pq, body in sources.items():
        target = _block_source(words, body, blocks[body])
        block = blocks[pq]
        at = 0
        for m in _SENTENCE.finditer(text, block.start, block.end):
            sentence = _Source(text, (m.span(),), words(*m.span()), m.start(), block=pq)
            if not sentence.words:
                continue
            found = _find_sequence(sentence.words, target.words[at:])
            if found < 0:
                continue
            first = at + found
            last = first + len(sentence.words) - 1
            source_end = sentence.end(0, len(sentence.words) - 1)
            links.append(
                Link(source_end, target.end(first, last), text[source_end.start : source_end.end])
            )
            at = last + 1
    return links
