"""Links between a quotation and its source.

A comment that quotes the article or an earlier comment, in quotation marks or as a
verbatim run of words, links from its quoted span to the source span; a pull-quote
links to the body sentence it repeats. Matching works on folded words, so curly or
straight quotes, case and punctuation do not hide a quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.model import Block, BlockKind, Comment, Link, LinkEnd
from reader.core.words import Words, join_words, words

# A verbatim run this long is a quotation even without quotation marks.
RUN_WORDS = 8
# Inside quotation marks a shorter run is enough.
QUOTED_WORDS = 4
_QUOTATION = re.compile(r"[“\"«„]([^”\"»“]{8,}?)[”\"»]")

_SOURCE_BLOCKS = (BlockKind.TITLE, BlockKind.STANDFIRST, BlockKind.PARAGRAPH, BlockKind.CAPTION)


@dataclass(frozen=True, slots=True)
class _Source:
    """Something that can be quoted: an article block or a comment."""

    end: LinkEnd  # the whole source; start/end replaced per match
    words: Words
    rank_key: int  # position in document order


def _source_end(source: _Source, first: int, last: int) -> LinkEnd:
    w = source.words
    return LinkEnd(w.starts[first], w.ends[last], source.end.comment, source.end.block)


def _comment_words(text: str, comment: Comment) -> Words:
    parts = comment.parts or ((comment.start, comment.end),)
    return join_words([words(text, s, e) for s, e in parts])


class _RunIndex:
    """Every run of ``RUN_WORDS`` words in the sources added so far."""

    def __init__(self) -> None:
        self.sources: list[_Source] = []
        self.grams: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def add(self, source: _Source) -> int:
        sid = len(self.sources)
        self.sources.append(source)
        w = source.words.folded
        for i in range(len(w) - RUN_WORDS + 1):
            self.grams.setdefault(w[i : i + RUN_WORDS], []).append((sid, i))
        return sid


def _choose(
    candidates: list[tuple[int, int]], index: _RunIndex, ancestors: Sequence[str]
) -> tuple[int, int]:
    """Prefer what the comment replies to, then the article, then the latest comment."""

    def preference(c: tuple[int, int]) -> tuple[int, int]:
        source = index.sources[c[0]]
        cid = source.end.comment
        if cid is not None and cid in ancestors:
            return (0, ancestors.index(cid))
        if cid is None:
            return (1, source.rank_key)
        return (2, -source.rank_key)

    return min(candidates, key=preference)


def _extend(a: tuple[str, ...], i: int, b: tuple[str, ...], j: int) -> int:
    n = 0
    while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
        n += 1
    return n


def _find_sequence(needle: tuple[str, ...], haystack: tuple[str, ...]) -> int:
    n = len(needle)
    first = needle[0]
    for j in range(len(haystack) - n + 1):
        if haystack[j] == first and haystack[j : j + n] == needle:
            return j
    return -1


def comment_links(text: str, blocks: Sequence[Block], comments: Sequence[Comment]) -> list[Link]:
    index = _RunIndex()
    article: list[int] = []
    for bi, block in enumerate(blocks):
        if block.kind in _SOURCE_BLOCKS:
            src = _Source(
                LinkEnd(block.start, block.end, block=bi),
                words(text, block.start, block.end),
                block.start,
            )
            article.append(index.add(src))
    by_id = {c.id: c for c in comments}
    sid_of: dict[str, int] = {}
    links: list[Link] = []
    for comment in comments:
        ancestors: list[str] = []
        parent = comment.parent
        while parent is not None and parent in by_id:
            ancestors.append(parent)
            parent = by_id[parent].parent
        own = _comment_words(text, comment)
        covered: list[tuple[int, int]] = []
        w = own.folded
        i = 0
        while i <= len(w) - RUN_WORDS:
            candidates = index.grams.get(w[i : i + RUN_WORDS])
            if not candidates:
                i += 1
                continue
            sid, j = _choose(candidates, index, ancestors)
            n = _extend(w, i, index.sources[sid].words.folded, j)
            links.append(_link(text, own, i, i + n - 1, index.sources[sid], j, j + n - 1, comment))
            covered.append((i, i + n))
            i += n
        links += _quoted_links(text, comment, own, covered, index, ancestors, article, sid_of)
        sid_of[comment.id] = index.add(
            _Source(LinkEnd(comment.start, comment.end, comment=comment.id), own, comment.start)
        )
    return links


def _link(
    text,
    own: Words,
    first: int,
    last: int,
    source: _Source,
    sfirst: int,
    slast: int,
    comment: Comment,
) -> Link:
    start, end = own.starts[first], own.ends[last]
    return Link(
        LinkEnd(start, end, comment=comment.id),
        _source_end(source, sfirst, slast),
        text[start:end],
    )


def _quoted_links(text, comment, own, covered, index, ancestors, article, sid_of) -> list[Link]:
    """Short quotations in quotation marks, looked up in what the comment replies to
    and in the article."""
    found = []
    candidates = [sid_of[a] for a in ancestors if a in sid_of] + article
    for s, e in comment.parts or ((comment.start, comment.end),):
        for m in _QUOTATION.finditer(text, s, e):
            first = bisect_left(own.starts, m.start(1))
            last = bisect_right(own.ends, m.end(1)) - 1
            if last - first + 1 < QUOTED_WORDS:
                continue
            if any(a <= first < b or a <= last < b for a, b in covered):
                continue
            needle = own.folded[first : last + 1]
            for sid in candidates:
                j = _find_sequence(needle, index.sources[sid].words.folded)
                if j >= 0:
                    found.append(
                        _link(
                            text,
                            own,
                            first,
                            last,
                            index.sources[sid],
                            j,
                            j + len(needle) - 1,
                            comment,
                        )
                    )
                    covered.append((first, last + 1))
                    break
    return found


def pullquote_links(text: str, blocks: Sequence[Block], sources: dict[int, int]) -> list[Link]:
    """Links from each pull-quote to the span of the body paragraph it repeats."""
    links = []
    for pq, body in sources.items():
        quote = words(text, blocks[pq].start, blocks[pq].end)
        target = words(text, blocks[body].start, blocks[body].end)
        if not quote.folded:
            continue
        # The span from the first repeated word to the last, sentence by sentence.
        first = _find_sequence(quote.folded[: min(len(quote.folded), 5)], target.folded)
        tail = quote.folded[-min(len(quote.folded), 5) :]
        last_start = _find_sequence(tail, target.folded[max(first, 0) :])
        if first < 0 or last_start < 0:
            continue
        last = max(first, 0) + last_start + len(tail) - 1
        links.append(
            Link(
                LinkEnd(blocks[pq].start, blocks[pq].end, block=pq),
                LinkEnd(target.starts[first], target.ends[last], block=body),
                blocks[pq].text,
            )
        )
    return links
