"""The pieces re-anchoring searches with: a quote in raw or folded form (``QuoteForm``), the
document's parts (which comment holds a span), what the passes share (an index of the
text's pieces), the exact-match finder and the approximate aligners' helpers."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from reader.core.anchor_base import (
    CONTEXT_LENGTH,
    GRAM,
    GRAM_STEP,
    INDEX_AFTER,
    MIN_CONTEXT,
    SEED_REGIONS,
    TextQuote,
)
from reader.core.folding import (
    fold,
)
from reader.core.model import Document


@dataclass(frozen=True, slots=True)
class QuoteForm:
    """An anchor's quote, prefix and suffix as they appear in one view."""

    exact: str
    prefix: str
    suffix: str
    at_start: bool = False  # the prefix was cut short by the start of the text
    at_end: bool = False  # the suffix by its end
    lead: int = 0  # whitespace characters at the start of the unfolded quote
    trail: int = 0  # and at its end

    @classmethod
    def raw(cls, quote: TextQuote) -> QuoteForm:
        return cls(
            quote.exact,
            quote.prefix,
            quote.suffix,
            len(quote.prefix) < CONTEXT_LENGTH,
            len(quote.suffix) < CONTEXT_LENGTH,
        )

    @classmethod
    def folded(cls, quote: TextQuote) -> QuoteForm:
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


class UnknownPart:
    """The part an anchor belongs to when its comment is gone from the new document
    (edited, so its content-derived id changed)."""


UNKNOWN_PART = UnknownPart()


class DocumentParts:
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


def similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel  # when a passage must be found again, not at start

    return Indel.normalized_similarity(a, b)


class SharedLookups:
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
        if self.grams is None and self.wide_searches > INDEX_AFTER:
            k, step = GRAM, GRAM_STEP
            # The last position of each piece; repeats are too common to be seeds anyway.
            self.grams = {text[p : p + k]: p for p in range(0, len(text) - k + 1, step)}
        return self.grams


def may_occur(grams: dict[str, int], needle: str) -> bool:
    """False when the index proves ``needle`` (at least GRAM + GRAM_STEP - 1 long)
    occurs nowhere: any occurrence covers an indexed piece at one of these offsets."""
    return any(needle[o : o + GRAM] in grams for o in range(GRAM_STEP))


@dataclass(frozen=True, slots=True)
class ExactPlace:
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


def best_buckets(
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
        for count, bucket in ranked[:SEED_REGIONS]
        if count >= min_votes
    ]


def locate(text: str, needle: str, lo: int, hi: int, cutoff: float = 0) -> tuple[int, int] | None:
    """Where ``needle`` aligns best within ``text[lo:hi]`` (rapidfuzz partial ratio),
    if it scores at least ``cutoff`` (0..100) there."""
    lo, hi = max(0, lo), min(len(text), hi)
    if hi - lo < len(needle) or not needle:
        hi = min(len(text), lo + len(needle))
        lo = max(0, hi - len(needle))
        if hi - lo < len(needle) or not needle:
            return None
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(needle, text[lo:hi], score_cutoff=cutoff)
    if found is None or found.score < cutoff:
        return None
    return lo + found.dest_start, lo + found.dest_end


def region_inside(region: tuple[int, int], lo: int, hi: int) -> bool:
    return lo <= region[0] and region[1] <= hi
