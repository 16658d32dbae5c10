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

All matching happens on a *folded* copy of the text in which typographic variants are
made equal (curly and straight quotes, dash kinds, no-break and thin spaces, runs of
whitespace and line breaks), with a map back to real offsets. Nothing here knows about
Qt; offsets are code points of ``Document.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

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

_MAX_EXACT_CANDIDATES = 2000
_SEED_WORDS = 10
_SEED_MAX_HITS = 1500
_SEED_REGIONS = 4
_DIRECT_SEARCH_LIMIT = 3 * WINDOW
"""Scopes up to this size are searched approximately in one pass; larger ones first
look for regions where several of the passage's words occur in the right order."""


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
    file's quote selector alone) can use ``start = end = 0``."""

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
    quote = TextQuote(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )
    comment = doc.comment_at(start)
    comment_id = comment.id if comment is not None and end <= comment.end else None
    return Anchor(start, end, quote, comment_id)


# --- folding -----------------------------------------------------------------------

_SPACES = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_DELETED = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, BOM
_SINGLE = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
}
_FOLD = re.compile(
    f"(?P<space>[{_SPACES}]{{2,}}|[{_SPACES.replace(' ', '')}])"
    f"|(?P<deleted>[{_DELETED}]+)"
    f"|(?P<single>[{''.join(_SINGLE)}])"
)


def fold(text: str) -> str:
    """``text`` with typographic variants made equal: curly quotes straight, every dash a
    hyphen, any run of whitespace one space, invisible characters dropped."""
    return _FOLD.sub(_replacement, text)


def _replacement(m: re.Match[str]) -> str:
    if m.lastgroup == "space":
        return " "
    if m.lastgroup == "deleted":
        return ""
    return _SINGLE[m.group()]


class _FoldedText:
    """A folded copy of a text and the map between its offsets and the original's.

    Most folds replace one character by one; only where the length changes (runs of
    whitespace, dropped characters, an ellipsis) is a segment recorded, so the map stays
    small: offsets between segments differ by a constant."""

    __slots__ = ("text", "_f_starts", "_f_ends", "_o_starts", "_o_ends")

    def __init__(self, original: str) -> None:
        pieces: list[str] = []
        f_starts: list[int] = []
        f_ends: list[int] = []
        o_starts: list[int] = []
        o_ends: list[int] = []
        done = 0  # original offset copied so far
        length = 0  # folded length so far
        for m in _FOLD.finditer(original):
            a, b = m.span()
            if a > done:
                pieces.append(original[done:a])
                length += a - done
            repl = _replacement(m)
            pieces.append(repl)
            if len(repl) != b - a:
                f_starts.append(length)
                f_ends.append(length + len(repl))
                o_starts.append(a)
                o_ends.append(b)
            length += len(repl)
            done = b
        pieces.append(original[done:])
        self.text = "".join(pieces)
        self._f_starts, self._f_ends = f_starts, f_ends
        self._o_starts, self._o_ends = o_starts, o_ends

    def to_folded(self, offset: int, *, end: bool = False) -> int:
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


# --- the new document's parts --------------------------------------------------------


class _Parts:
    """Which comment (by id) holds an offset of the new document, in folded offsets."""

    def __init__(self, doc: Document, folded: _FoldedText) -> None:
        comments = sorted(doc.comments, key=lambda c: c.start)
        self._starts = [folded.to_folded(c.start) for c in comments]
        self._ends = [folded.to_folded(c.end, end=True) for c in comments]
        self._ids = [c.id for c in comments]
        self.spans: dict[str, tuple[int, int]] = {
            c.id: (s, e) for c, s, e in zip(comments, self._starts, self._ends, strict=True)
        }

    def part_of(self, start: int, end: int) -> str | None:
        """The id of the comment holding folded span start..end, ``None`` for the article
        (or a span that is not inside one comment)."""
        i = bisect_right(self._starts, start) - 1
        for j in range(i, max(i - 4, -1), -1):  # tolerate a few nested spans
            if self._starts[j] <= start and end <= self._ends[j]:
                return self._ids[j]
        return None


# --- matching ----------------------------------------------------------------------


class _Unknown:
    """The part an anchor belongs to when its comment is gone from the new document
    (edited, so its content-derived id changed)."""


UNKNOWN_PART = _Unknown()


@dataclass(frozen=True, slots=True)
class _Quote:
    """An anchor's quote, prefix and suffix, folded."""

    exact: str
    prefix: str
    suffix: str
    lead: int = 0  # whitespace characters at the start of the unfolded quote
    trail: int = 0  # and at its end

    @classmethod
    def of(cls, quote: TextQuote) -> _Quote:
        exact = quote.exact
        return cls(
            fold(exact),
            fold(quote.prefix),
            fold(quote.suffix),
            len(exact) - len(exact.lstrip()),
            len(exact) - len(exact.rstrip()),
        )


def _similarity(a: str, b: str) -> float:
    return Indel.normalized_similarity(a, b)


class _Matcher:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.folded = _FoldedText(doc.text)
        self.text = self.folded.text
        self.parts = _Parts(doc, self.folded)
        self._hits: dict[str, list[int]] = {}

    # context and candidates

    def context(self, q: _Quote, start: int, end: int) -> float:
        """How well the text around folded span start..end matches the stored prefix
        and suffix (0..1); 1.0 when the anchor has no context to compare."""
        text = self.text
        scores = []
        if q.prefix:
            scores.append(_similarity(q.prefix, text[max(0, start - len(q.prefix)) : start]))
        if q.suffix:
            scores.append(_similarity(q.suffix, text[end : end + len(q.suffix)]))
        return sum(scores) / len(scores) if scores else 1.0

    def occurrences(self, needle: str, lo: int, hi: int) -> list[int]:
        found = []
        text = self.text
        at = text.find(needle, lo, hi)
        while at >= 0 and len(found) < _MAX_EXACT_CANDIDATES:
            found.append(at)
            at = text.find(needle, at + 1, hi)
        return found

    def to_placement(self, q: _Quote, start: int, end: int, score: float, method: str) -> Placement:
        """The placement for folded span start..end. A quote that began or ended inside a
        run of whitespace (folded to one space) keeps as much of the run as it had."""
        folded, text = self.folded, self.text
        o_start = folded.to_original(start)
        o_end = folded.to_original(end, end=True)
        if q.lead and start < end and text[start] == " ":
            o_start = max(o_start, folded.to_original(start + 1) - q.lead)
        if q.trail and end > start and text[end - 1] == " ":
            o_end = min(o_end, folded.to_original(end - 1, end=True) + q.trail)
        return Placement(o_start, o_end, round(score, 4), method)

    # exact matches

    def best_exact(self, q: _Quote, hits: list[int], hint: int) -> tuple[int, float, bool] | None:
        """The hit with the best context (distance from the hint breaking ties), its
        context score, and whether the evidence is enough to accept it."""
        if not hits:
            return None
        n = len(q.exact)
        scored = []
        for at in hits:
            ctx = self.context(q, at, at + n)
            scored.append((ctx - 0.05 * min(1.0, abs(at - hint) / WINDOW), ctx, at))
        _, ctx, at = max(scored)
        distinctive = len(hits) == 1 and n >= DISTINCTIVE_LENGTH
        return at, ctx, ctx >= MIN_CONTEXT or distinctive

    def exact_in_part(
        self, q: _Quote, hint: int, expected: str | None | _Unknown
    ) -> tuple[int, float, str] | None:
        """Step 4: the exact quote anywhere, the anchor's own comment first, then the
        article, then the rest."""
        hits = self.occurrences(q.exact, 0, len(self.text))
        if len(hits) >= _MAX_EXACT_CANDIDATES:
            hits = self._narrow_by_context(q)
        if not hits:
            return None
        n = len(q.exact)
        groups: dict[str | None, list[int]] = {}
        for at in hits:
            groups.setdefault(self.parts.part_of(at, at + n), []).append(at)
        if isinstance(expected, str) and expected in groups:
            best = self.best_exact(q, groups.pop(expected), hint)
            assert best is not None
            # The comment's id comes from its words: the quote inside it is the passage.
            return best[0], max(0.5 + 0.5 * best[1], 0.9), "comment"
        article = self.best_exact(q, groups.pop(None, []), hint)
        own_or_unknown = expected is None or expected is UNKNOWN_PART
        if article is not None and (article[2] if own_or_unknown else article[1] >= MIN_CONTEXT):
            return article[0], 0.5 + 0.5 * article[1], "article"
        rest = self.best_exact(q, [at for ats in groups.values() for at in ats], hint)
        # In another part than the anchor's, identical words are not enough: a comment
        # quoting a deleted article sentence is not that sentence.
        if rest is not None and (rest[2] if expected is UNKNOWN_PART else rest[1] >= MIN_CONTEXT):
            return rest[0], 0.5 + 0.5 * rest[1], "document"
        return None

    def _narrow_by_context(self, q: _Quote) -> list[int]:
        """For a very common quote, only the places where it comes with a few characters
        of its stored context."""
        hits: set[int] = set()
        if q.prefix:
            tail = q.prefix[-8:]
            hits.update(
                at + len(tail) for at in self.occurrences(tail + q.exact, 0, len(self.text))
            )
        if q.suffix:
            hits.update(self.occurrences(q.exact + q.suffix[:8], 0, len(self.text)))
        return sorted(hits)

    # approximate matches

    def fuzzy(
        self, q: _Quote, hint: int, expected: str | None | _Unknown
    ) -> tuple[int, int, float, float] | None:
        """Step 5: the best approximate place near the hint, in the anchor's comment or
        anywhere, as (start, end, score, quote similarity), if good enough."""
        text = self.text
        lo, hi = max(0, hint - WINDOW), min(len(text), hint + WINDOW + len(q.exact))
        regions = [(lo, hi)]
        own_span = self.parts.spans.get(expected) if isinstance(expected, str) else None
        if own_span is not None and not (lo <= own_span[0] and own_span[1] <= hi):
            if own_span[1] - own_span[0] <= _DIRECT_SEARCH_LIMIT:
                regions.append(own_span)
            else:
                regions += self._seed_regions(q, *own_span)
        if hi - lo < len(text):
            regions += [r for r in self._seed_regions(q, 0, len(text)) if not _inside(r, lo, hi)]

        best: tuple[float, int, int, float, float] | None = None
        seen: set[tuple[int, int]] = set()
        for r_lo, r_hi in regions:
            for start, end in self._align(q, r_lo, r_hi):
                if (start, end) in seen or end <= start:
                    continue
                seen.add((start, end))
                quote_sim = _similarity(q.exact, text[start:end])
                if quote_sim < MIN_QUOTE_SIMILARITY:
                    continue
                score = 0.5 * quote_sim + 0.5 * self.context(q, start, end)
                same_comment = own_span is not None and own_span[0] <= start and end <= own_span[1]
                needed = MIN_SCORE_SAME_COMMENT if same_comment else MIN_SCORE
                if score < needed:
                    continue
                rank = score + (0.03 if same_comment else 0.0)
                rank -= 0.02 * min(1.0, abs(start - hint) / max(1, len(text)))
                if best is None or rank > best[0]:
                    best = (rank, start, end, score, quote_sim)
        if best is None:
            return None
        return best[1], best[2], best[3], best[4]

    def _align(self, q: _Quote, lo: int, hi: int) -> list[tuple[int, int]]:
        """Candidate spans for the quote in folded lo..hi: the best alignment of the
        quote alone, and the quote's place inside the best alignment of quote plus
        context (which tells repeats apart and finds short quotes)."""
        text = self.text
        region = text[lo:hi]
        if not region:
            return []
        candidates = []
        found = fuzz.partial_ratio_alignment(q.exact, region)
        if found is not None:
            candidates.append(self._refine(q.exact, lo + found.dest_start, lo + found.dest_end))
        if q.prefix or q.suffix:
            needle = q.prefix + q.exact + q.suffix
            found = fuzz.partial_ratio_alignment(needle, region)
            if found is not None:
                # Where the quote sits within the aligned needle, give or take the edits.
                slack = max(8, len(needle) // 4)
                c_lo = max(lo, lo + found.dest_start + len(q.prefix) - slack)
                c_hi = min(hi, lo + found.dest_end - len(q.suffix) + slack)
                if c_hi > c_lo:
                    inner = fuzz.partial_ratio_alignment(q.exact, text[c_lo:c_hi])
                    if inner is not None:
                        candidates.append(
                            self._refine(q.exact, c_lo + inner.dest_start, c_lo + inner.dest_end)
                        )
        return candidates

    def _refine(self, quote: str, start: int, end: int) -> tuple[int, int]:
        """Move the ends of an alignment to where the quote matches best (the alignment
        has the quote's old length; the passage may have grown or shrunk)."""
        text = self.text
        reach = max(4, min(48, len(quote) // 3))
        start, end = _best_end(quote, text, start, end, reach)
        start = _best_start(quote, text, start, end, reach)
        return start, end

    def _seed_regions(self, q: _Quote, lo: int, hi: int) -> list[tuple[int, int]]:
        """Regions of folded lo..hi where several of the passage's longer words (or its
        context's) occur where they would if the passage were there."""
        needle = q.prefix + q.exact + q.suffix
        words: dict[str, int] = {}
        for m in re.finditer(r"\w{4,}", needle):
            words.setdefault(m.group(), m.start())
        seeds = sorted(words.items(), key=lambda kv: -len(kv[0]))[:_SEED_WORDS]
        if not seeds:
            return []
        votes: dict[int, set[int]] = {}
        for n, (word, at_in_needle) in enumerate(seeds):
            hits = self._word_hits(word)
            if len(hits) > _SEED_MAX_HITS:
                continue
            for at in hits:
                if lo <= at < hi:
                    bucket = (at - at_in_needle) // 64
                    votes.setdefault(bucket, set()).add(n)
        needed = min(2, len(seeds))
        ranked = sorted(
            ((len(votes[b] | votes.get(b - 1, set()) | votes.get(b + 1, set())), b) for b in votes),
            reverse=True,
        )
        regions = []
        for count, bucket in ranked[:_SEED_REGIONS]:
            if count < needed:
                break
            r_lo = max(lo, bucket * 64 - 64 - len(needle) // 4)
            r_hi = min(hi, bucket * 64 + 128 + len(needle) + len(needle) // 4)
            regions.append((r_lo, r_hi))
        return regions

    def _word_hits(self, word: str) -> list[int]:
        hits = self._hits.get(word)
        if hits is None:
            hits = []
            text, at = self.text, self.text.find(word)
            while at >= 0 and len(hits) <= _SEED_MAX_HITS:
                hits.append(at)
                at = text.find(word, at + 1)
            self._hits[word] = hits
        return hits


def _inside(region: tuple[int, int], lo: int, hi: int) -> bool:
    return lo <= region[0] and region[1] <= hi


def _best_end(quote: str, text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    best = (_similarity(quote, text[start:end]), end)
    for e in range(max(start + 1, end - reach), min(len(text), end + reach) + 1):
        sim = _similarity(quote, text[start:e])
        if sim > best[0]:
            best = (sim, e)
    return start, best[1]


def _best_start(quote: str, text: str, start: int, end: int, reach: int) -> int:
    best = (_similarity(quote, text[start:end]), start)
    for s in range(max(0, start - reach), min(end - 1, start + reach) + 1):
        sim = _similarity(quote, text[s:end])
        if sim > best[0]:
            best = (sim, s)
    return best[1]


# --- the whole pass ------------------------------------------------------------------


def reanchor(anchors: Sequence[Anchor], doc: Document) -> list[Placement | None]:
    """Where each anchor's passage is in ``doc`` (``None``: an orphan, not found with
    confidence). The result is in the order of ``anchors``."""
    matcher = _Matcher(doc)
    folded = matcher.folded
    results: list[Placement | None] = [None] * len(anchors)
    shift = 0  # how far the previous annotation (in text order) moved, in folded chars
    for i in sorted(range(len(anchors)), key=lambda i: (anchors[i].start, anchors[i].end)):
        anchor = anchors[i]
        q = _Quote.of(anchor.quote)
        if not q.exact:
            continue
        stored = folded.to_folded(min(anchor.start, len(doc.text)))
        found = _place(matcher, anchor, q, stored, stored + shift)
        if found is not None:
            results[i] = found
            shift = folded.to_folded(found.start) - stored
    return results


def _place(
    matcher: _Matcher, anchor: Anchor, q: _Quote, stored: int, shifted: int
) -> Placement | None:
    text = matcher.text
    n = len(q.exact)
    expected: str | None | _Unknown = anchor.comment_id
    if anchor.comment_id is not None and anchor.comment_id not in matcher.parts.spans:
        expected = UNKNOWN_PART

    def in_expected_part(at: int) -> bool:
        return expected is UNKNOWN_PART or matcher.parts.part_of(at, at + n) == expected

    # 1-2: the stored position, then the position shifted like the previous annotation.
    # Where both hold the quote (a short or repeated one), the better context wins; a
    # short quote needs some of its context even there.
    at_hint = []
    hints = (
        [("position", stored)]
        if shifted == stored
        else [("position", stored), ("shifted", shifted)]
    )
    for method, at in hints:
        if 0 <= at <= len(text) - n and text.startswith(q.exact, at) and in_expected_part(at):
            ctx = matcher.context(q, at, at + n)
            if n >= DISTINCTIVE_LENGTH or ctx >= MIN_CONTEXT_AT_HINT:
                at_hint.append((ctx, method, at))
    if at_hint:
        ctx, method, at = max(at_hint)  # on a tie, "shifted" (it follows the trend)
        return matcher.to_placement(q, at, at + n, 0.9 + 0.1 * ctx, method)

    # 3: the exact quote in a window around the expected place, in the same part.
    lo, hi = max(0, shifted - WINDOW), min(len(text), shifted + WINDOW + n)
    hits = [at for at in matcher.occurrences(q.exact, lo, hi) if in_expected_part(at)]
    best = matcher.best_exact(q, hits, shifted)
    if best is not None and best[2]:
        return matcher.to_placement(q, best[0], best[0] + n, 0.5 + 0.5 * best[1], "window")

    # 4: the exact quote anywhere: own comment, article, rest of the document.
    found = matcher.exact_in_part(q, shifted, expected)
    if found is not None:
        at, score, method = found
        return matcher.to_placement(q, at, at + n, score, method)

    # 5: approximate matching of quote and context.
    fuzzy = matcher.fuzzy(q, shifted, expected)
    if fuzzy is not None:
        start, end, score, _ = fuzzy
        return matcher.to_placement(q, start, end, score, "fuzzy")
    return None
