"""Links between a quotation and its source.

A comment that quotes the article or an earlier comment, in quotation marks or as a
verbatim run of words, links from its quoted span to the source span; a pull-quote
links to the body sentence it repeats. Matching works on folded words, so curly or
straight quotes, case and punctuation do not hide a quotation.

Cost: about 2 µs of CPU per word of the page in CPython, spread over tokenising each
source once, indexing its runs at every STRIDE-th word and looking up the run at every
word (one ``map`` over zipped slices). A comment with no run in the index takes no
Python step per word; a quotation in marks is found with ``str.find`` in the source's
words joined by spaces and its words by bisection, so long articles cost no Python scan.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, count, islice
from operator import attrgetter

from reader.core.model import Block, BlockKind, Comment, Link, LinkEnd
from reader.core.words import SpanWords, piece_bounds, pieces_before, word_matches

# A verbatim run this long is a quotation even without quotation marks (_RunIndex.lookups
# writes its slices out).
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
    # The text's blanked copy when the source is one span whose words are its pieces
    # (``SpanWords.plain``): a word's place is then found by ``str.split`` at C speed.
    plain: str | None = None
    _offsets: list[tuple[int, int]] | None = field(default=None)
    _joined: str | None = field(default=None)
    _complete: bool = False

    def joined(self) -> str:
        """The words between single spaces, with a space at each end: a run of words
        is a substring bounded by spaces (a word never holds a space)."""
        if self._joined is None:
            self._joined = " " + " ".join(self.words) + " "
        return self._joined

    def offsets(self, upto: int | None = None) -> list[tuple[int, int]]:
        """The offsets of every word, or at least of words ``0..upto``: a link needs only
        its run's, and tokenising the rest of a long source for them costs more than the
        link (a shorter list stands for all the words when it holds fewer than asked)."""
        have = self._offsets
        if have is not None and (self._complete or (upto is not None and upto < len(have))):
            return have
        found = chain.from_iterable(word_matches(self.text, s, e) for s, e in self.spans)
        if upto is not None:
            found = islice(found, max(upto + 1, 2 * len(have or ())))
        self._offsets = have = [m.span() for m in found]
        self._complete = upto is None or len(have) < upto + 1
        return have

    def end(self, first: int, last: int) -> LinkEnd:
        if self.plain is not None:
            start, end = piece_bounds(self.plain, *self.spans[0], first, last)
            return LinkEnd(start, end, self.comment, self.block)
        offsets = self.offsets(last)
        return LinkEnd(offsets[first][0], offsets[last][1], self.comment, self.block)


def _block_source(words: SpanWords, index: int, block: Block) -> _Source:
    spans = ((block.start, block.end),)
    found = words(block.start, block.end)
    plain = words.plain(block.start, block.end)
    return _Source(words.text, spans, found, block.start, block=index, plain=plain)


# A place in the index: the source's number plus one shifted left by this, or'd with the
# word's (never 0, which ``compress`` would skip as no place at all).
_SHIFT = 32
_WORD_MASK = (1 << _SHIFT) - 1


class _RunIndex:
    """Runs of RUN_WORDS words of the sources added so far, at every STRIDE-th word.

    A run's places are one int (the source's number and the word's, see _SHIFT) where
    the run stands once, as nearly all do, and a list of them only where it repeats:
    an int costs less to make than a list holding a tuple, and the collector never
    has to look through it."""

    def __init__(self) -> None:
        self.sources: list[_Source] = []
        self.grams: dict[tuple[str, ...], int | list[int]] = {}

    def add(self, source: _Source) -> int:
        sid = len(self.sources)
        self.sources.append(source)
        w = source.words
        grams = self.grams
        setdefault = grams.setdefault
        base = (sid + 1) << _SHIFT
        # Tuple slices in a loop: measured faster than zipping strided slices.
        for i in range(0, len(w) - RUN_WORDS + 1, STRIDE):
            key = w[i : i + RUN_WORDS]
            place = base | i
            found = setdefault(key, place)
            if found is not place:  # the run stands earlier too
                if found.__class__ is int:
                    grams[key] = [found, place]
                elif len(found) <= COMMON:
                    found.append(place)
        return sid

    def lookups(self, words: tuple[str, ...]) -> list[int | list[int] | None]:
        """The places of every run of RUN_WORDS words of ``words`` (None where no
        source has it), by starting word: one ``map`` over zipped slices."""
        w = words  # the slices written out: a generator of them cost a resumption each
        runs = zip(w, w[1:], w[2:], w[3:], w[4:], w[5:], w[6:], w[7:], strict=False)
        return list(map(self.grams.get, runs))


def _preference(source: _Source, ancestors: Sequence[str]) -> tuple[int, int]:
    """What the comment replies to first, then the article, then the latest comment."""
    if source.comment is not None and source.comment in ancestors:
        return (0, ancestors.index(source.comment))
    if source.comment is None:
        return (1, source.order)
    return (2, -source.order)


def _find_sequence(needle: tuple[str, ...], source: _Source, start: int = 0) -> int:
    """The first word index at or after ``start`` where ``source``'s words continue
    with ``needle``, or -1."""
    haystack = source.joined()
    at = 0
    if start:
        if start >= len(source.words):
            return -1
        at = _nth_space(haystack, start)
    found = haystack.find(" " + " ".join(needle) + " ", at)
    return -1 if found < 0 else haystack.count(" ", 0, found)


def _nth_space(text: str, n: int) -> int:
    """The index of the (n+1)-th space of ``text``: where word ``n`` of a joined
    source begins (less one)."""
    at = -1
    for _ in range(n + 1):
        at = text.index(" ", at + 1)
    return at


def _link(quoting: _Source, first: int, last: int, source: _Source, j: int, k: int) -> Link:
    end = quoting.end(first, last)
    return Link(end, source.end(j, k), quoting.text[end.start : end.end])


def _runs(
    own: _Source, index: _RunIndex, ancestors: Sequence[str]
) -> tuple[list[Link], list[tuple[int, int]]]:
    """Maximal verbatim runs shared with earlier sources, and the words of ``own`` each
    covers (first, last + 1)."""
    w = own.words
    if len(w) < RUN_WORDS:
        return [], []
    looked = index.lookups(w)
    links = []
    i = 0
    # Only the words where a run starts that some source has; most comments have none.
    for at in compress(count(), looked):
        if at < i:
            continue
        i = at
        candidates = looked[i]
        assert candidates is not None
        if candidates.__class__ is int:
            place = candidates
        elif len(candidates) > COMMON:
            continue  # a stock phrase of the page
        else:
            place = min(
                candidates, key=lambda c: _preference(index.sources[(c >> _SHIFT) - 1], ancestors)
            )
        sid, j = (place >> _SHIFT) - 1, place & _WORD_MASK
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
    return [_link(o, a, b - 1, s, c, d - 1) for o, a, b, s, c, d in links], [
        (a, b) for _, a, b, *_ in links
    ]


def _quoted(own: _Source, covered: list[tuple[int, int]], candidates: list[_Source]) -> list[Link]:
    """Short quotations in quotation marks, looked up in what the comment replies to
    and in the article."""
    found = []
    offsets = None
    plain = own.plain
    for s, e in own.spans:
        for m in _QUOTATION.finditer(own.text, s, e):
            if plain is not None:  # the words are the pieces of the blanked copy
                first = pieces_before(plain, s, m.start(1))
                at = m.end(1)
                ending = pieces_before(plain, s, at)
                if at < e and not plain[at].isspace() and not plain[at - 1].isspace():
                    ending -= 1  # the piece that runs on past the quotation
                last = max(first, ending - 1)
                beyond = first >= len(own.words)
            else:
                if offsets is None:
                    offsets = own.offsets()
                    starts = [a for a, _ in offsets]
                    ends = [b for _, b in offsets]
                first = bisect_left(starts, m.start(1))
                # The last word that ends inside the quotation (at least ``first``).
                last = max(first, bisect_right(ends, m.end(1)) - 1)
                beyond = first >= len(offsets)
            if beyond or last - first + 1 < QUOTED_WORDS:
                continue
            if any(a <= first < b or a <= last < b for a, b in covered):
                continue
            needle = own.words[first : last + 1]
            for source in candidates:
                j = _find_sequence(needle, source)
                if j >= 0:
                    found.append(_link(own, first, last, source, j, j + len(needle) - 1))
                    covered.append((first, last + 1))
                    break
    return found


Previous = tuple[Sequence[Block], Sequence[Comment], Sequence[Link]]


def comment_links(
    text: str,
    blocks: Sequence[Block],
    comments: Sequence[Comment],
    words: SpanWords | None = None,
    previous: Previous | None = None,
) -> list[Link]:
    """The quotation links of every comment. ``previous``: the blocks, comments and links
    of another structure of the same text (before a correction); a comment whose own
    source, every source before it and whose ancestors are the same there keeps its
    links from it, since the finder would find them again (only the quotes a
    correction can touch are looked for again)."""
    words = words or SpanWords(text)
    kept, same_before = _reusable(blocks, comments, previous)
    lineages = _lineages(comments)
    # The links each comment keeps (None: look again), and the last comment to look
    # again: after it no source needs to be indexed.
    keeps: list[list[Link] | None] = []
    last = -1
    for position, (comment, ancestors) in enumerate(zip(comments, lineages, strict=True)):
        reuse = kept.get(comment.id) if position < same_before else None
        keeps.append(reuse[1] if reuse is not None and reuse[0] == ancestors else None)
        if keeps[-1] is None:
            last = position
    index = _RunIndex()
    article = []
    for bi, block in enumerate(blocks if last >= 0 else ()):
        if block.kind in _SOURCE_BLOCKS:
            source = _block_source(words, bi, block)
            index.add(source)
            article.append(source)
    # Every comment that is indexed split into words at once (see SpanWords.many).
    spans = [c.parts or ((c.start, c.end),) for c in comments[: last + 1]]
    own_words = words.many(spans)
    by_id: dict[str, _Source] = {}
    links: list[Link] = []
    for position, (comment, ancestors) in enumerate(zip(comments, lineages, strict=True)):
        keep = keeps[position]
        if keep is not None:
            links += keep
            if position > last:
                continue
        span = spans[position]
        plain = words.plain(*span[0]) if len(span) == 1 else None
        own = _Source(words.text, span, own_words[position], comment.start, comment.id, plain=plain)
        if keep is None:
            runs, covered = _runs(own, index, ancestors)
            links += runs
            if '"' in comment.text or "“" in comment.text or "«" in comment.text:
                candidates = [by_id[a] for a in ancestors if a in by_id] + article
                links += _quoted(own, covered, candidates)
        index.add(own)
        by_id[comment.id] = own
    return links


def _lineages(comments: Sequence[Comment]) -> list[list[str]]:
    """Each comment's ancestors, nearest first (at most 50), each list made from its
    parent's rather than by walking up the thread."""
    parents = {c.id: c.parent for c in comments}
    known: dict[str, list[str]] = {}

    def of(cid: str) -> list[str]:
        found = known.get(cid)
        if found is not None:
            return found
        chain: list[str] = []  # walk up to a known ancestor (a parent listed after its reply)
        at = parents.get(cid)
        while at is not None and at in parents and at not in known and len(chain) < 50:
            chain.append(at)
            at = parents[at]
        if at is not None and at in known and len(chain) < 50:
            chain += [at, *known[at]]
        known[cid] = chain = chain[:50]
        return chain

    return [of(c.id) for c in comments]


_KEY = attrgetter("id", "start", "end", "parts")


def _article_keys(blocks: Sequence[Block]) -> list[tuple[int, int, int]]:
    return [(bi, b.start, b.end) for bi, b in enumerate(blocks) if b.kind in _SOURCE_BLOCKS]


def _same_comments(comments: Sequence[Comment], old_comments: Sequence[Comment]) -> int:
    """How many comments, from the first, stand as they stood (id, start and parts: the
    words the finder indexes), compared at C speed where all do."""
    new, old = list(map(_KEY, comments)), list(map(_KEY, old_comments))
    if new == old:
        return len(new)
    same = 0
    for a, b in zip(new, old, strict=False):
        if a != b and (a[0], a[1], a[3] or ((a[1], a[2]),)) != (
            b[0],
            b[1],
            b[3] or ((b[1], b[2]),),
        ):
            break
        same += 1
    return same


def _reusable(
    blocks: Sequence[Block], comments: Sequence[Comment], previous: Previous | None
) -> tuple[dict[str, tuple[list[str], list[Link]]], int]:
    """The previous structure's links by quoting comment (with its ancestors there), and
    how many of the comments stand, with every source before them, as they stood."""
    if previous is None:
        return {}, 0
    old_blocks, old_comments, old_links = previous
    if _article_keys(blocks) != _article_keys(old_blocks):
        return {}, 0  # the index's first sources differ: nothing before stands
    same_before = _same_comments(comments, old_comments)
    if same_before == 0:
        return {}, 0
    kept: dict[str, tuple[list[str], list[Link]]] = {
        c.id: (lineage, [])
        for c, lineage in zip(old_comments[:same_before], _lineages(old_comments), strict=False)
    }
    for link in old_links:
        found = kept.get(link.source.comment) if link.source.comment is not None else None
        if found is not None:
            found[1].append(link)
    return kept, same_before


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
            first = _find_sequence(sentence.words, target, at)
            if first < 0:
                continue
            last = first + len(sentence.words) - 1
            source_end = sentence.end(0, len(sentence.words) - 1)
            links.append(
                Link(source_end, target.end(first, last), text[source_end.start : source_end.end])
            )
            at = last + 1
    return links
