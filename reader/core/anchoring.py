"""Anchors that survive a changed text: finding an annotation's passage again.

An annotation remembers its passage the way the W3C Web Annotation model does: the
code-point span (a TextPositionSelector) and the quoted words with up to 32 characters
either side (a TextQuoteSelector), plus the comment it was made in. When a document is
re-imported with different text, :func:`reanchor` finds each passage again, trying the
cheap and certain things first:

1. the exact quote at the stored position;
2. the exact quote at the stored position shifted by as much as the previous
   annotation moved (an insertion early in the text moves everything after it);
3. the exact quote within a few thousand characters of that position;
4. the exact quote anywhere: inside the same comment (found by its content-derived id,
   wherever it now sits in the thread) first, then in the article, then anywhere,
   choosing between repeats by how well the surrounding words match and by distance;
5. approximate matching of the quote and its context (rapidfuzz), the position only a
   hint.

A place is accepted only when the evidence is strong enough (see the ``MIN_*``
constants); otherwise the annotation becomes an orphan (``None``) rather than landing on
a sentence that merely looks alike, as Hypothesis's do (hypothesis/client#7571).

Steps 1-2 first look at the text as it is, which settles nearly every annotation of a
re-import (5,000 on a 1 MB text in about 20 ms; see tests/benchmarks/bench_anchoring.py).
What is left is matched on a *folded* copy of the text, built once per pass, in which
typographic variants are made equal (curly and straight quotes, dash kinds, no-break and
thin spaces, runs of whitespace and line breaks), with a map back to real offsets.

Nothing here knows about Qt; offsets are code points of ``Document.text``.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from reader.core.model import Document

CONTEXT_LENGTH = 32
"""Characters of prefix and suffix stored with each quote (as Hypothesis does)."""

WINDOW = 4096
"""Half-width, in characters, of the neighbourhood searched around the expected place."""

MIN_CONTEXT = 0.6
"""How well prefix and suffix must match (0..1) for an exact quote that occurs more than
once, or is short, to be trusted. Unrelated 32-character English snippets score about
0.35 on average and 0.45 at the 95th percentile."""

MIN_CONTEXT_AT_HINT = 0.5
"""The same for a short exact quote found right where it was expected."""

INTACT_SIDE = 0.9
"""A prefix or suffix matching at least this well counts as intact: an exact quote with
one side intact is the passage with its other side edited, when no other place has
that."""

DISTINCTIVE_LENGTH = 24
"""An exact quote at least this long that occurs once in the searched part is taken
even when its surroundings changed (a moved paragraph)."""

MIN_QUOTE_SIMILARITY = 0.75
"""An approximate match must keep at least this much of the quote's characters."""

MIN_SCORE = 0.78
"""An approximate match needs the mean of quote similarity and context similarity at
least this high (inside the annotation's own comment, ``MIN_SCORE_SAME_COMMENT``). So
an unchanged quote needs its context to match at 0.56, a quote kept at 0.9 needs 0.66:
a sentence rewritten around a kept word, or a look-alike sentence elsewhere with other
surroundings, stays an orphan."""

MIN_SCORE_SAME_COMMENT = 0.7

FUZZY_WINDOW = 1024
"""Half-width of the neighbourhood searched approximately in one pass; beyond it (and in
long comments) only regions where pieces of the passage occur are aligned."""

_LONG_QUOTE = 96
"""Quotes longer than this are aligned by their first and last 48 characters."""

_SHORT_QUOTE = 12
"""Quotes shorter than this are looked for in the whole text only with a few characters
of their context (they occur everywhere, and only the context can tell)."""

_MAX_EXACT_CANDIDATES = 2000
_SEED_LENGTH = 24
_SEEDS = 3
_SEED_MAX_HITS = 32
_SEED_REGIONS = 4
_WITH_CONTEXT_CUTOFF = 55
_QUOTE_CUTOFF = 100 * MIN_QUOTE_SIMILARITY - 10
"""Alignments scoring below these (0..100) cannot lead to an accepted place."""

_GRAM = 16
_GRAM_STEP = 16
_INDEX_AFTER = 64
"""After this many whole-text searches in one pass, index the text's pieces."""


@dataclass(frozen=True, slots=True)
class TextQuote:
    """The quoted passage with what came just before and after it (W3C
    TextQuoteSelector)."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation was: its code-point span, its quote, and the id of the comment
    holding it (``None`` for the article or a passage spanning several parts).

    The span is only a hint when re-anchoring; a quote known without a position (a W3C
    file's quote selector alone) can use ``start = end = 0``. ``comment_id`` steers the
    search: a comment's passage is looked for in that comment first, wherever the
    comment now is; with ``None``, a place inside a comment is taken only when the
    quote's context matches there too (a reader quoting a deleted article sentence is not
    that sentence). An id the new document no longer has (the comment was edited, so its
    id changed) leaves the part open."""

    start: int
    end: int
    quote: TextQuote
    comment_id: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad anchor span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an anchor's passage is in the new text.

    ``score`` is 1.0 for an exact quote with matching context and lower for approximate
    matches; ``method`` says which step found it: ``"position"``, ``"shifted"``,
    ``"window"``, ``"comment"``, ``"article"``, ``"document"`` (exact quote) or
    ``"fuzzy"``."""

    start: int
    end: int
    score: float
    method: str


def make_anchor(doc: Document, start: int, end: int) -> Anchor:
    """The anchor for the passage ``doc.text[start:end]``."""
    if not 0 <= start < end <= len(doc.text):
        raise ValueError(f"passage {start}..{end} is empty or outside the text")
    text = doc.text
    holders = [c for c in doc.comments if c.start <= start and end <= c.end]
    comment_id = max(holders, key=lambda c: c.start).id if holders else None
    quote = TextQuote(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )
    return Anchor(start, end, quote, comment_id)


def make_anchors(doc: Document, spans: Sequence[tuple[int, int]]) -> list[Anchor]:
    """The anchors for many passages of one document (after :func:`reanchor`, say),
    looking up the comments once."""
    text = doc.text
    parts = _Parts(doc)
    anchors = []
    for start, end in spans:
        if not 0 <= start < end <= len(text):
            raise ValueError(f"passage {start}..{end} is empty or outside the text")
        quote = TextQuote(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_LENGTH) : start],
            suffix=text[end : end + CONTEXT_LENGTH],
        )
        anchors.append(Anchor(start, end, quote, parts.part_of(start, end)))
    return anchors


# --- folding -----------------------------------------------------------------------

# Characters replaced one for one: every kind of space and line break by a space, curly
# quotes by straight ones, dashes by a hyphen.
_ONE_FOR_ONE = {
    **dict.fromkeys(
        "\t\n\x0b\x0c\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
        "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
        " ",
    ),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}
# Characters that change the length: dropped (soft hyphen, zero-width space, word
# joiner, BOM) or expanded (the ellipsis). Runs of spaces become one space.
_CHANGED = {"\u00ad": "", "\u200b": "", "\u2060": "", "\ufeff": "", "\u2026": "..."}


def _fold_spans(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` after the one-for-one replacements, and the length-changing edits still
    to make on it as sorted, non-overlapping ``(start, end, replacement)``."""
    for char, replacement in _ONE_FOR_ONE.items():
        if char in text:
            text = text.replace(char, replacement)
    edits: list[tuple[int, int, str]] = []
    find, n = text.find, len(text)
    at = find("  ")
    while at >= 0:
        end = at + 2
        while end < n and text[end] == " ":
            end += 1
        edits.append((at, end, " "))
        at = find("  ", end)
    dropped = []
    for char, replacement in _CHANGED.items():
        at = find(char)
        while at >= 0:
            dropped.append((at, at + 1, replacement))
            at = find(char, at + 1)
    if dropped:
        edits = _merge_runs(text, sorted(edits + dropped))
    return text, edits


def _merge_runs(text: str, edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Grow each dropped character's edit over the spaces and dropped characters around
    it, so that a soft hyphen between two spaces still leaves one space; then join the
    edits that now overlap."""
    blank = " " + "".join(c for c, r in _CHANGED.items() if not r)
    n = len(text)
    merged: list[tuple[int, int, str]] = []
    for a, b, replacement in edits:
        if not replacement:
            while a > 0 and text[a - 1] in blank:
                a -= 1
            while b < n and text[b] in blank:
                b += 1
            replacement = " " if " " in text[a:b] else ""
        if merged and a < merged[-1][1]:
            last_a, last_b, last_r = merged.pop()
            a, b = min(a, last_a), max(b, last_b)
            replacement = " " if " " in (replacement + last_r) else replacement or last_r
        merged.append((a, b, replacement))
    return merged


def fold(text: str) -> str:
    """``text`` with typographic variants made equal: curly quotes straight, every dash a
    hyphen, any run of spaces and line breaks one space, invisible characters dropped."""
    text, edits = _fold_spans(text)
    if not edits:
        return text
    pieces, done = [], 0
    for start, end, replacement in edits:
        pieces += (text[done:start], replacement)
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


class _View:
    """A version of the document text to search in, and the map between its offsets and
    the original's. The raw view is the text itself."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def to_view(self, offset: int, *, end: bool = False) -> int:
        return offset

    def to_original(self, offset: int, *, end: bool = False) -> int:
        return offset


class _FoldedView(_View):
    """The folded text. Most folds replace one character by one; only where the length
    changes (runs of whitespace, dropped characters, an ellipsis) is a segment recorded,
    so the map stays small: offsets between segments differ by a constant."""

    __slots__ = ("_f_starts", "_f_ends", "_o_starts", "_o_ends")

    def __init__(self, original: str) -> None:
        replaced, edits = _fold_spans(original)
        pieces: list[str] = []
        f_starts: list[int] = []
        f_ends: list[int] = []
        o_starts: list[int] = []
        o_ends: list[int] = []
        done = 0  # offset in ``replaced`` (= in the original) copied so far
        length = 0  # folded length so far
        for a, b, replacement in edits:
            pieces += (replaced[done:a], replacement)
            length += a - done
            f_starts.append(length)
            length += len(replacement)
            f_ends.append(length)
            o_starts.append(a)
            o_ends.append(b)
            done = b
        pieces.append(replaced[done:])
        super().__init__("".join(pieces))
        self._f_starts, self._f_ends = f_starts, f_ends
        self._o_starts, self._o_ends = o_starts, o_ends

    def to_view(self, offset: int, *, end: bool = False) -> int:
        i = bisect_right(self._o_starts, offset) - 1
        if i < 0:
            return offset
        o_end = self._o_ends[i]
        if offset >= o_end:
            return self._f_ends[i] + offset - o_end
        if offset == self._o_starts[i] or not end:
            return self._f_starts[i]
        return self._f_ends[i]

    def to_original(self, offset: int, *, end: bool = False) -> int:
        i = bisect_right(self._f_starts, offset) - 1
        if i < 0:
            return offset
        f_end = self._f_ends[i]
        if offset >= f_end:
            return self._o_ends[i] + offset - f_end
        if offset == self._f_starts[i] or not end:
            return self._o_starts[i]
        return self._o_ends[i]


@lru_cache(maxsize=2)
def _folded_view(text: str) -> _FoldedView:
    """The folded view of a text, kept for the next call on the same text (an import of
    W3C annotations may re-anchor them one by one)."""
    return _FoldedView(text)


@dataclass(frozen=True, slots=True)
class _Quote:
    """An anchor's quote, prefix and suffix as they appear in one view."""

    exact: str
    prefix: str
    suffix: str
    at_start: bool = False  # the prefix was cut short by the start of the text
    at_end: bool = False  # the suffix by its end
    lead: int = 0  # whitespace characters at the start of the unfolded quote
    trail: int = 0  # and at its end

    @classmethod
    def raw(cls, quote: TextQuote) -> _Quote:
        return cls(
            quote.exact,
            quote.prefix,
            quote.suffix,
            len(quote.prefix) < CONTEXT_LENGTH,
            len(quote.suffix) < CONTEXT_LENGTH,
        )

    @classmethod
    def folded(cls, quote: TextQuote) -> _Quote:
        """The quote folded like the text; composed to NFC first, as the document's text
        is (a quote from another tool may come decomposed)."""
        exact = quote.exact
        return cls(
            fold(unicodedata.normalize("NFC", exact)),
            fold(unicodedata.normalize("NFC", quote.prefix)),
            fold(unicodedata.normalize("NFC", quote.suffix)),
            len(quote.prefix) < CONTEXT_LENGTH,
            len(quote.suffix) < CONTEXT_LENGTH,
            # A quote of nothing but whitespace covers the whole run it lands on.
            len(exact) - len(exact.lstrip()) if exact.strip() else 0,
            len(exact) - len(exact.rstrip()) if exact.strip() else 0,
        )


# --- the new document's parts --------------------------------------------------------


class _Unknown:
    """The part an anchor belongs to when its comment is gone from the new document
    (edited, so its content-derived id changed)."""


UNKNOWN_PART = _Unknown()


class _Parts:
    """Which comment (by id) holds a span of the new document's text."""

    def __init__(self, doc: Document) -> None:
        comments = sorted(doc.comments, key=lambda c: c.start)
        self._starts = [c.start for c in comments]
        self._ends = [c.end for c in comments]
        self._ids = [c.id for c in comments]
        self.spans: dict[str, tuple[int, int]] = {c.id: (c.start, c.end) for c in comments}

    def part_of(self, start: int, end: int) -> str | None:
        """The id of the comment holding span start..end, ``None`` for the article (or a
        span that is not inside one comment)."""
        i = bisect_right(self._starts, start) - 1
        for j in range(i, max(i - 4, -1), -1):  # tolerate a few nested spans
            if self._starts[j] <= start and end <= self._ends[j]:
                return self._ids[j]
        return None


# --- matching ----------------------------------------------------------------------


def _similarity(a: str, b: str) -> float:
    return Indel.normalized_similarity(a, b)


class _Shared:
    """What the searches of one re-anchoring pass share: seed hits already looked up,
    and, once many anchors have needed a search of the whole text (a re-scrape that lost
    its comment thread orphans thousands), an index of the folded text's 16-character
    pieces at every 16th position. With it, a passage that is nowhere costs a few dict
    look-ups instead of several scans of the whole text."""

    def __init__(self) -> None:
        self.seed_cache: dict[str, list[int]] = {}
        self.wide_searches = 0
        self.grams: dict[str, int] | None = None

    def gram_index(self, text: str) -> dict[str, int] | None:
        self.wide_searches += 1
        if self.grams is None and self.wide_searches > _INDEX_AFTER:
            k, step = _GRAM, _GRAM_STEP
            # The last position of each piece; repeats are too common to be seeds anyway.
            self.grams = {text[p : p + k]: p for p in range(0, len(text) - k + 1, step)}
        return self.grams


def _may_occur(grams: dict[str, int], needle: str) -> bool:
    """False when the index proves ``needle`` (at least _GRAM + _GRAM_STEP - 1 long)
    occurs nowhere: any occurrence covers an indexed piece at one of these offsets."""
    return any(needle[o : o + _GRAM] in grams for o in range(_GRAM_STEP))


@dataclass(frozen=True, slots=True)
class _Exact:
    """The best place of an exact quote among several, and what speaks for it."""

    at: int
    ctx: float  # how well prefix and suffix match there
    one_side: bool  # the only place with one side of the context intact
    distinctive: bool  # a long quote found only there

    @property
    def score(self) -> float:
        return 0.5 + 0.5 * self.ctx

    def trusted(self, *, own_part: bool) -> bool:
        """Whether to take it: context that matches well enough, or one side intact (the
        other side cut or rewritten); in the anchor's own part, also a long quote found
        only there (a moved paragraph)."""
        return self.ctx >= MIN_CONTEXT or self.one_side or (own_part and self.distinctive)


class _Search:
    """Searching for one anchor's quote in one view of the new document."""

    def __init__(
        self,
        view: _View,
        parts: _Parts,
        q: _Quote,
        expected: str | None | _Unknown,
        shared: _Shared,
    ) -> None:
        self.view, self.text, self.parts, self.q = view, view.text, parts, q
        self.n = len(q.exact)
        self.expected = expected
        self.shared = shared

    def context(self, start: int, end: int) -> float:
        """How well the text around span start..end matches the stored prefix and
        suffix (0..1, each side weighted by its length)."""
        return self.context_sides(start, end)[0]

    def context_sides(self, start: int, end: int) -> tuple[float, float]:
        """The context score, and the score of the better-matching side. A prefix or
        suffix cut short by the start or end of the text carries that edge with it (a
        NUL, which normalised text never contains): a quote that opened the document
        and still does has a perfectly matching, if short, prefix. An empty side away
        from the edge says nothing either way (a quote known without its context)."""
        q, text = self.q, self.text
        total = weight = best = 0.0
        if q.prefix or q.at_start:
            stored = q.prefix
            if q.at_start:
                stored = "\0" + stored
                reach = start - len(q.prefix)
                got = "\0" + text[:start] if reach <= 0 else text[reach - 1 : start]
            else:
                got = text[max(0, start - len(stored)) : start]
            if q.prefix or got == "\0":
                sim = _similarity(stored, got)
                total, weight, best = sim * len(stored), len(stored), sim
        if q.suffix or q.at_end:
            stored = q.suffix
            if q.at_end:
                stored += "\0"
                reach = end + len(q.suffix)
                got = text[end:] + "\0" if reach >= len(text) else text[end : reach + 1]
            else:
                got = text[end : end + len(stored)]
            if q.suffix or got == "\0":
                sim = _similarity(stored, got)
                total, weight, best = (
                    total + sim * len(stored),
                    weight + len(stored),
                    max(best, sim),
                )
        return (total / weight if weight else 1.0), best

    def part_of(self, start: int, end: int) -> str | None:
        view = self.view
        return self.parts.part_of(view.to_original(start), view.to_original(end, end=True))

    def in_expected_part(self, at: int) -> bool:
        return self.expected is UNKNOWN_PART or self.part_of(at, at + self.n) == self.expected

    def occurrences(self, lo: int, hi: int, needle: str | None = None) -> list[int]:
        needle = self.q.exact if needle is None else needle
        found: list[int] = []
        find = self.text.find
        at = find(needle, lo, hi)
        while at >= 0 and len(found) < _MAX_EXACT_CANDIDATES:
            found.append(at)
            at = find(needle, at + 1, hi)
        return found

    def placement(self, start: int, end: int, score: float, method: str) -> Placement:
        """The placement for span start..end of the view. A quote that began or ended
        inside a run of whitespace (folded to one space) keeps as much of it as it had."""
        view, text, q = self.view, self.text, self.q
        o_start = view.to_original(start)
        o_end = view.to_original(end, end=True)
        if q.lead and start < end and text[start] == " ":
            o_start = max(o_start, view.to_original(start + 1) - q.lead)
        if q.trail and end > start and text[end - 1] == " ":
            o_end = min(o_end, view.to_original(end - 1, end=True) + q.trail)
        return Placement(o_start, o_end, round(score, 4), method)

    # exact matches

    def at_hints(self, stored: int, shifted: int) -> Placement | None:
        """Steps 1-2: the quote at the stored or the shifted position. Where both hold it
        (a short or repeated quote), the better context wins; a short quote needs some
        of its context even there."""
        text, n = self.text, self.n
        hints = [("position", stored)]
        if shifted != stored:
            hints.append(("shifted", shifted))
        found = []
        for method, at in hints:
            if 0 <= at <= len(text) - n and text.startswith(self.q.exact, at):
                if not self.in_expected_part(at):
                    continue
                ctx, side = self.context_sides(at, at + n)
                if n >= DISTINCTIVE_LENGTH or ctx >= MIN_CONTEXT_AT_HINT or side >= INTACT_SIDE:
                    found.append((ctx, method, at))
        if not found:
            return None
        ctx, method, at = max(found)  # on a tie, "shifted": it follows the trend
        return self.placement(at, at + n, 0.9 + 0.1 * ctx, method)

    def best_exact(self, hits: list[int], hint: int) -> _Exact | None:
        """The hit with the best context (both sides, and the better side; distance from
        the hint breaking ties), with what speaks for it."""
        if not hits:
            return None
        n = self.n
        scored = []
        intact = 0
        for at in hits:
            ctx, side = self.context_sides(at, at + n)
            intact += side >= INTACT_SIDE
            rank = (ctx + side) / 2 - 0.05 * min(1.0, abs(at - hint) / WINDOW)
            scored.append((rank, ctx, side, at))
        _, ctx, side, at = max(scored)
        return _Exact(
            at,
            ctx,
            one_side=side >= INTACT_SIDE and intact == 1,
            distinctive=len(hits) == 1 and n >= DISTINCTIVE_LENGTH,
        )

    def in_window(self, hint: int) -> Placement | None:
        """Step 3: the exact quote a few thousand characters around the hint, in the
        anchor's own part."""
        lo, hi = max(0, hint - WINDOW), min(len(self.text), hint + WINDOW + self.n)
        hits = [at for at in self.occurrences(lo, hi) if self.in_expected_part(at)]
        best = self.best_exact(hits, hint)
        if best is None or not best.trusted(own_part=self.expected is not UNKNOWN_PART):
            return None
        return self.placement(best.at, best.at + self.n, best.score, "window")

    def anywhere(self, hint: int) -> Placement | None:
        """Step 4: the exact quote anywhere, the anchor's own comment first, then the
        article, then the rest."""
        grams = self.shared.gram_index(self.text)
        if self.n < _SHORT_QUOTE:
            hits = self._narrow_by_context(grams)
        elif (
            grams is not None
            and self.n >= _GRAM + _GRAM_STEP - 1
            and not _may_occur(grams, self.q.exact)
        ):
            hits = []  # the index shows the quote is nowhere
        else:
            hits = self.occurrences(0, len(self.text))
            if len(hits) >= _MAX_EXACT_CANDIDATES:
                hits = self._narrow_by_context(grams)
        if not hits:
            return None
        n, expected = self.n, self.expected
        groups: dict[str | None, list[int]] = {}
        for at in hits:
            groups.setdefault(self.part_of(at, at + n), []).append(at)
        if isinstance(expected, str) and expected in groups:
            best = self.best_exact(groups.pop(expected), hint)
            assert best is not None
            # The comment's id comes from its words: the quote inside it is the passage.
            return self.placement(best.at, best.at + n, max(0.9, best.score), "comment")
        # In another part than the anchor's, identical words are not enough: a comment
        # quoting a deleted article sentence is not that sentence. Nor, when the anchor's
        # comment is gone, is a reply quoting it.
        article = self.best_exact(groups.pop(None, []), hint)
        if article is not None and (
            article.trusted(own_part=expected is None)
            if expected is None or expected is UNKNOWN_PART
            else article.ctx >= MIN_CONTEXT
        ):
            return self.placement(article.at, article.at + n, article.score, "article")
        rest = self.best_exact([at for ats in groups.values() for at in ats], hint)
        if rest is not None and (
            rest.trusted(own_part=False) if expected is UNKNOWN_PART else rest.ctx >= MIN_CONTEXT
        ):
            return self.placement(rest.at, rest.at + n, rest.score, "document")
        return None

    def _narrow_by_context(self, grams: dict[str, int] | None) -> list[int]:
        """For a short or very common quote, only the places where it comes with a few
        characters of its stored context."""
        q, hits = self.q, set()
        everywhere = len(self.text)
        # A few characters of context; with the piece index, enough for it to answer.
        extra = 8 if grams is None else max(8, _GRAM + _GRAM_STEP - 1 - self.n)
        if q.prefix:
            needle = q.prefix[-extra:] + q.exact
            if grams is None or len(needle) < _GRAM + _GRAM_STEP - 1 or _may_occur(grams, needle):
                skip = len(needle) - self.n
                hits.update(at + skip for at in self.occurrences(0, everywhere, needle))
        if q.suffix:
            needle = q.exact + q.suffix[:extra]
            if grams is None or len(needle) < _GRAM + _GRAM_STEP - 1 or _may_occur(grams, needle):
                hits.update(self.occurrences(0, everywhere, needle))
        return sorted(hits)

    # approximate matches

    def fuzzy(self, hint: int, other_hint: int) -> Placement | None:
        """Step 5: the best approximate place near the hint (or the other hint: the
        stored position when the hint is the shifted one), in the anchor's comment or
        anywhere, if quote and context match well enough."""
        text, q = self.text, self.q
        lo = max(0, hint - FUZZY_WINDOW)
        hi = min(len(text), hint + FUZZY_WINDOW + self.n)
        regions = [(lo, hi)]
        if abs(other_hint - hint) > FUZZY_WINDOW:
            regions.append(
                (
                    max(0, other_hint - FUZZY_WINDOW),
                    min(len(text), other_hint + FUZZY_WINDOW + self.n),
                )
            )
        own_span = None
        if isinstance(self.expected, str) and self.expected in self.parts.spans:
            o_lo, o_hi = self.parts.spans[self.expected]
            own_span = (self.view.to_view(o_lo), self.view.to_view(o_hi, end=True))
            if not (lo <= own_span[0] and own_span[1] <= hi):
                if own_span[1] - own_span[0] <= 2 * WINDOW:
                    regions.append(own_span)
                else:
                    regions += self._seed_regions(*own_span)
        if hi - lo < len(text):
            regions += [r for r in self._seed_regions(0, len(text)) if not _inside(r, lo, hi)]

        best: tuple[float, int, int, float] | None = None
        seen: set[tuple[int, int]] = set()
        for r_lo, r_hi in regions:
            for start, end in self._align(r_lo, r_hi):
                if (start, end) in seen or end <= start:
                    continue
                seen.add((start, end))
                quote_sim = _similarity(q.exact, text[start:end])
                if quote_sim < MIN_QUOTE_SIMILARITY:
                    continue
                score = 0.5 * quote_sim + 0.5 * self.context(start, end)
                same_comment = own_span is not None and own_span[0] <= start and end <= own_span[1]
                if score < (MIN_SCORE_SAME_COMMENT if same_comment else MIN_SCORE):
                    continue
                rank = score + (0.03 if same_comment else 0.0)
                rank -= 0.02 * min(1.0, abs(start - hint) / max(1, len(text)))
                if best is None or rank > best[0]:
                    best = (rank, start, end, score)
        if best is None:
            return None
        return self.placement(best[1], best[2], best[3], "fuzzy")

    def _align(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Candidate spans for the quote in lo..hi: the quote's place inside the best
        alignment of quote plus context (which tells repeats apart and finds short
        quotes), and the best alignment of the quote alone. A long quote is found by its
        first and last words, each aligned with its side of the context."""
        q = self.q
        if len(q.exact) > _LONG_QUOTE:
            return self._align_long(lo, hi)
        candidates = []
        if q.prefix or q.suffix:
            found = _locate(self.text, q.prefix + q.exact + q.suffix, lo, hi, _WITH_CONTEXT_CUTOFF)
            if found is not None:
                # Where the quote sits within the aligned needle, give or take the edits.
                slack = max(8, len(q.exact) // 4)
                inner = _locate(
                    self.text,
                    q.exact,
                    found[0] + len(q.prefix) - slack,
                    found[1] - len(q.suffix) + slack,
                    _QUOTE_CUTOFF,
                )
                if inner is not None:
                    candidates.append(self._refine(*inner))
        found = _locate(self.text, q.exact, lo, hi, _QUOTE_CUTOFF)
        if found is not None:
            candidates.append(self._refine(*found))
        return candidates

    def _align_long(self, lo: int, hi: int) -> list[tuple[int, int]]:
        text, q = self.text, self.q
        n, k = len(q.exact), _LONG_QUOTE // 2
        head, tail = q.exact[:k], q.exact[-k:]
        starts = set()
        for needle, before, cutoff in (
            (q.prefix + head, len(q.prefix), _WITH_CONTEXT_CUTOFF),
            (head, 0, _QUOTE_CUTOFF),
        ):
            found = _locate(text, needle, lo, hi, cutoff)
            if found is not None:
                inner = _locate(text, head, found[0] + before - 8, found[0] + before + k + 8)
                starts.add(found[0] + before if inner is None else inner[0])
        candidates = []
        for start in starts:
            e_lo, e_hi = start + n // 2, start + n + n // 2 + len(q.suffix)
            for needle, after, cutoff in (
                (tail + q.suffix, len(q.suffix), _WITH_CONTEXT_CUTOFF),
                (tail, 0, _QUOTE_CUTOFF),
            ):
                found = _locate(text, needle, e_lo, e_hi, cutoff)
                if found is not None:
                    inner = _locate(text, tail, found[1] - after - k - 8, found[1] - after + 8)
                    end = found[1] - after if inner is None else inner[1]
                    if end > start:
                        candidates.append(self._refine(start, end))
        return candidates

    def _refine(self, start: int, end: int) -> tuple[int, int]:
        """Move the ends of an alignment to where quote and context fit best together:
        the fewest edits to turn prefix, quote and suffix into the text before, in and
        after the span. The context pins the ends where the quote's first or last words
        were rewritten (which the quote alone would leave out of the span), and the
        passage may have grown or shrunk."""
        text, q = self.text, self.q
        distance = Indel.distance
        long = len(q.exact) > _LONG_QUOTE
        head = q.exact[: _LONG_QUOTE // 2] if long else q.exact
        tail = q.exact[-(_LONG_QUOTE // 2) :] if long else q.exact
        lp, ls = len(q.prefix), len(q.suffix)
        reach = max(4, min(24, len(q.exact) // 3))

        def start_cost(s: int) -> tuple[int, int]:
            inside = text[s : s + len(head)] if long else text[s:end]
            before = distance(q.prefix, text[max(0, s - lp) : s]) if lp else 0
            return before + distance(head, inside), abs(s - start)

        start = min(range(max(0, start - reach), min(end - 1, start + reach) + 1), key=start_cost)

        def end_cost(e: int) -> tuple[int, int]:
            inside = text[max(start, e - len(tail)) : e] if long else text[start:e]
            after = distance(q.suffix, text[e : e + ls]) if ls else 0
            return after + distance(tail, inside), abs(e - end)

        end = min(range(max(start + 1, end - reach), min(len(text), end + reach) + 1), key=end_cost)
        # A quote that began (ended) on a word boundary does so again: never half a word.
        if q.exact[0].isalnum() and not (q.prefix and q.prefix[-1].isalnum()):
            limit = max(0, start - 24)
            while start > limit and text[start - 1].isalnum() and text[start].isalnum():
                start -= 1
        if q.exact[-1].isalnum() and not (q.suffix and q.suffix[0].isalnum()):
            limit = min(len(text), end + 24)
            while end < limit and text[end - 1].isalnum() and text[end].isalnum():
                end += 1
        return start, end

    def _seed_regions(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Regions of lo..hi worth aligning in: where some 16-character pieces of the
        quote and its context occur (a piece found at most a few times), grouped by
        where the passage would then start."""
        q = self.q
        needle = q.prefix + q.exact + q.suffix
        grams = self.shared.grams
        if grams is not None and len(needle) >= _GRAM:
            return self._indexed_seed_regions(grams, needle, lo, hi)
        k = _SEED_LENGTH
        if len(needle) < k:
            pieces = [(needle, 0)] if needle.strip() else []
        else:
            count = min(_SEEDS, len(needle) // k)
            step = (len(needle) - k) / max(1, count - 1)
            pieces = [
                (needle[int(i * step) : int(i * step) + k], int(i * step)) for i in range(count)
            ]
        votes: dict[int, set[int]] = {}
        for n, (piece, offset) in enumerate(pieces):
            if not piece.strip():
                continue
            for at in self._piece_hits(piece):
                if lo <= at < hi:
                    votes.setdefault((at - offset) // 32, set()).add(n)
        return _best_buckets(votes, len(needle), lo, hi, 1)

    def _indexed_seed_regions(
        self, grams: dict[str, int], needle: str, lo: int, hi: int
    ) -> list[tuple[int, int]]:
        votes: dict[int, set[int]] = {}
        for offset in range(len(needle) - _GRAM + 1):
            at = grams.get(needle[offset : offset + _GRAM])
            if at is not None and lo <= at < hi:
                votes.setdefault((at - offset) // 32, set()).add(offset // _GRAM)
        # Pieces at every offset: a lone hit is as likely a common phrase as the passage.
        return _best_buckets(votes, len(needle), lo, hi, 2)

    def _piece_hits(self, piece: str) -> list[int]:
        hits = self.shared.seed_cache.get(piece)
        if hits is None:
            hits = self.occurrences(0, len(self.text), piece)
            if len(hits) > _SEED_MAX_HITS:
                hits = []  # too common to say where the passage is
            self.shared.seed_cache[piece] = hits
        return hits


def _best_buckets(
    votes: dict[int, set[int]], length: int, lo: int, hi: int, min_votes: int
) -> list[tuple[int, int]]:
    """The regions around the implied passage starts (32-character buckets) with the
    most distinct pieces voting for them, at least ``min_votes``."""
    ranked = sorted(
        ((len(votes[b] | votes.get(b - 1, set()) | votes.get(b + 1, set())), b) for b in votes),
        reverse=True,
    )
    slack = 32 + length // 4
    return [
        (max(lo, bucket * 32 - slack), min(hi, bucket * 32 + length + slack))
        for count, bucket in ranked[:_SEED_REGIONS]
        if count >= min_votes
    ]


def _locate(text: str, needle: str, lo: int, hi: int, cutoff: float = 0) -> tuple[int, int] | None:
    """Where ``needle`` aligns best within ``text[lo:hi]`` (rapidfuzz partial ratio),
    if it scores at least ``cutoff`` (0..100) there."""
    lo, hi = max(0, lo), min(len(text), hi)
    if hi - lo < len(needle) or not needle:
        hi = min(len(text), lo + len(needle))
        lo = max(0, hi - len(needle))
        if hi - lo < len(needle) or not needle:
            return None
    found = fuzz.partial_ratio_alignment(needle, text[lo:hi], score_cutoff=cutoff)
    if found is None or found.score < cutoff:
        return None
    return lo + found.dest_start, lo + found.dest_end


def _inside(region: tuple[int, int], lo: int, hi: int) -> bool:
    return lo <= region[0] and region[1] <= hi


# --- the whole pass ------------------------------------------------------------------


def reanchor(anchors: Sequence[Anchor], doc: Document) -> list[Placement | None]:
    """Where each anchor's passage is in ``doc`` (``None``: an orphan, not found with
    confidence). The result is in the order of ``anchors``.

    Anchors are visited in text order, so each can try the shift its predecessor
    needed. The exact quote is first looked for at those two places in the text as it
    is; only anchors not found there pay for the folded copy of the text (built once, on
    first need), where every further step happens, so that a typographic change never
    loses to a look-alike elsewhere."""
    parts = _Parts(doc)
    raw = _View(doc.text)
    folded: _FoldedView | None = None
    shared = _Shared()
    results: list[Placement | None] = [None] * len(anchors)
    shift = 0  # how far the previous annotation (in text order) moved
    length = len(doc.text)
    text = doc.text
    for i in sorted(range(len(anchors)), key=lambda i: (anchors[i].start, anchors[i].end)):
        anchor = anchors[i]
        exact, prefix, suffix = anchor.quote.exact, anchor.quote.prefix, anchor.quote.suffix
        if not exact:
            continue
        expected: str | None | _Unknown = anchor.comment_id
        if anchor.comment_id is not None and anchor.comment_id not in parts.spans:
            expected = UNKNOWN_PART
        stored = min(anchor.start, length)
        shifted = min(max(0, anchor.start + shift), length)

        # The common case, kept cheap: quote and context unchanged where expected.
        for method, at in (("position", stored), ("shifted", shifted)):
            end = at + len(exact)
            if (
                text.startswith(exact, at)
                and text.startswith(suffix, end)
                and text.endswith(prefix, 0, at)
                and (expected is UNKNOWN_PART or parts.part_of(at, end) == expected)
            ):
                results[i] = Placement(at, end, 1.0, method)
                shift = at - anchor.start
                break
        if results[i] is not None:
            continue

        q = _Quote.raw(anchor.quote)
        search = _Search(raw, parts, q, expected, shared)
        found = search.at_hints(stored, shifted)
        if found is None:
            if folded is None:
                folded = _folded_view(doc.text)
            search = _Search(folded, parts, _Quote.folded(anchor.quote), expected, shared)
            f_stored, f_shifted = folded.to_view(stored), folded.to_view(shifted)
            found = search.at_hints(f_stored, f_shifted) or search.in_window(f_shifted)
            if found is None and abs(f_stored - f_shifted) > WINDOW:
                found = search.in_window(f_stored)  # the predecessor's shift misled
            found = found or search.anywhere(f_shifted) or search.fuzzy(f_shifted, f_stored)
        if found is not None:
            results[i] = found
            shift = found.start - anchor.start
    return results
