"""The search for one anchor's passage, cheapest and surest first: at the expected places,
in a window around them, anywhere (preferring the same comment), then approximately.
``reader.core.anchoring.reanchor`` runs it for every anchor of a re-import."""

from __future__ import annotations

from reader.core.anchor_base import (
    DISTINCTIVE_LENGTH,
    FUZZY_WINDOW,
    GRAM,
    GRAM_STEP,
    INTACT_SIDE,
    LONG_QUOTE,
    MAX_EXACT_CANDIDATES,
    MIN_CONTEXT,
    MIN_CONTEXT_AT_HINT,
    MIN_QUOTE_SIMILARITY,
    MIN_SCORE,
    MIN_SCORE_SAME_COMMENT,
    QUOTE_CUTOFF,
    SEED_COUNT,
    SEED_LENGTH,
    SEED_MAX_HITS,
    SHORT_QUOTE,
    WINDOW,
    WITH_CONTEXT_CUTOFF,
    Placement,
)
from reader.core.anchor_parts import (
    UNKNOWN_PART,
    DocumentParts,
    ExactPlace,
    QuoteForm,
    SharedLookups,
    UnknownPart,
    best_buckets,
    locate,
    may_occur,
    region_inside,
    similarity,
)
from reader.core.folding import (
    TextView,
)


class QuoteSearch:
    """Searching for one anchor's quote in one view of the new document."""

    def __init__(
        self,
        view: TextView,
        parts: DocumentParts,
        q: QuoteForm,
        expected: str | None | UnknownPart,
        shared: SharedLookups,
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
                sim = similarity(stored, got)
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
                sim = similarity(stored, got)
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
        while at >= 0 and len(found) < MAX_EXACT_CANDIDATES:
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

    def best_exact(self, hits: list[int], hint: int) -> ExactPlace | None:
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
        return ExactPlace(
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
        if self.n < SHORT_QUOTE:
            hits = self._narrow_by_context(grams)
        elif (
            grams is not None
            and self.n >= GRAM + GRAM_STEP - 1
            and not may_occur(grams, self.q.exact)
        ):
            hits = []  # the index shows the quote is nowhere
        else:
            hits = self.occurrences(0, len(self.text))
            if len(hits) >= MAX_EXACT_CANDIDATES:
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
        extra = 8 if grams is None else max(8, GRAM + GRAM_STEP - 1 - self.n)
        if q.prefix:
            needle = q.prefix[-extra:] + q.exact
            if grams is None or len(needle) < GRAM + GRAM_STEP - 1 or may_occur(grams, needle):
                skip = len(needle) - self.n
                hits.update(at + skip for at in self.occurrences(0, everywhere, needle))
        if q.suffix:
            needle = q.exact + q.suffix[:extra]
            if grams is None or len(needle) < GRAM + GRAM_STEP - 1 or may_occur(grams, needle):
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
            regions += [r for r in self._seed_regions(0, len(text)) if not region_inside(r, lo, hi)]

        best: tuple[float, int, int, float] | None = None
        seen: set[tuple[int, int]] = set()
        for r_lo, r_hi in regions:
            for start, end in self._align(r_lo, r_hi):
                if (start, end) in seen or end <= start:
                    continue
                seen.add((start, end))
                quote_sim = similarity(q.exact, text[start:end])
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
        if len(q.exact) > LONG_QUOTE:
            return self._align_long(lo, hi)
        candidates = []
        if q.prefix or q.suffix:
            found = locate(self.text, q.prefix + q.exact + q.suffix, lo, hi, WITH_CONTEXT_CUTOFF)
            if found is not None:
                # Where the quote sits within the aligned needle, give or take the edits.
                slack = max(8, len(q.exact) // 4)
                inner = locate(
                    self.text,
                    q.exact,
                    found[0] + len(q.prefix) - slack,
                    found[1] - len(q.suffix) + slack,
                    QUOTE_CUTOFF,
                )
                if inner is not None:
                    candidates.append(self._refine(*inner))
        found = locate(self.text, q.exact, lo, hi, QUOTE_CUTOFF)
        if found is not None:
            candidates.append(self._refine(*found))
        return candidates

    def _align_long(self, lo: int, hi: int) -> list[tuple[int, int]]:
        text, q = self.text, self.q
        n, k = len(q.exact), LONG_QUOTE // 2
        head, tail = q.exact[:k], q.exact[-k:]
        starts = set()
        for needle, before, cutoff in (
            (q.prefix + head, len(q.prefix), WITH_CONTEXT_CUTOFF),
            (head, 0, QUOTE_CUTOFF),
        ):
            found = locate(text, needle, lo, hi, cutoff)
            if found is not None:
                inner = locate(text, head, found[0] + before - 8, found[0] + before + k + 8)
                starts.add(found[0] + before if inner is None else inner[0])
        candidates = []
        for start in starts:
            e_lo, e_hi = start + n // 2, start + n + n // 2 + len(q.suffix)
            for needle, after, cutoff in (
                (tail + q.suffix, len(q.suffix), WITH_CONTEXT_CUTOFF),
                (tail, 0, QUOTE_CUTOFF),
            ):
                found = locate(text, needle, e_lo, e_hi, cutoff)
                if found is not None:
                    inner = locate(text, tail, found[1] - after - k - 8, found[1] - after + 8)
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
        from rapidfuzz.distance import Indel  # loaded when a passage is searched for

        distance = Indel.distance
        long = len(q.exact) > LONG_QUOTE
        head = q.exact[: LONG_QUOTE // 2] if long else q.exact
        tail = q.exact[-(LONG_QUOTE // 2) :] if long else q.exact
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
        if grams is not None and len(needle) >= GRAM:
            return self._indexed_seed_regions(grams, needle, lo, hi)
        k = SEED_LENGTH
        if len(needle) < k:
            pieces = [(needle, 0)] if needle.strip() else []
        else:
            count = min(SEED_COUNT, len(needle) // k)
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
        return best_buckets(votes, len(needle), lo, hi, 1)

    def _indexed_seed_regions(
        self, grams: dict[str, int], needle: str, lo: int, hi: int
    ) -> list[tuple[int, int]]:
        votes: dict[int, set[int]] = {}
        for offset in range(len(needle) - GRAM + 1):
            at = grams.get(needle[offset : offset + GRAM])
            if at is not None and lo <= at < hi:
                votes.setdefault((at - offset) // 32, set()).add(offset // GRAM)
        # Pieces at every offset: a lone hit is as likely a common phrase as the passage.
        return best_buckets(votes, len(needle), lo, hi, 2)

    def _piece_hits(self, piece: str) -> list[int]:
        hits = self.shared.seed_cache.get(piece)
        if hits is None:
            hits = self.occurrences(0, len(self.text), piece)
            if len(hits) > SEED_MAX_HITS:
                hits = []  # too common to say where the passage is
            self.shared.seed_cache[piece] = hits
        return hits
