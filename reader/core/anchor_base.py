"""What re-anchoring works with: the records (``TextQuote``, ``Anchor``, ``Placement``) and
the tuning of the search (how much context, how near, how similar is enough). See
``reader.core.anchoring`` for the method; offsets are code points of ``Document.text``."""

from __future__ import annotations

from dataclasses import dataclass

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


LONG_QUOTE = 96
"""Quotes longer than this are aligned by their first and last 48 characters."""


SHORT_QUOTE = 12
"""Quotes shorter than this are looked for in the whole text only with a few characters
of their context (they occur everywhere, and only the context can tell)."""


MAX_EXACT_CANDIDATES = 2000
"""Exact occurrences of a quote weighed at most (a short quote may occur everywhere)."""


SEED_LENGTH = 24
"""Characters of each piece of a passage looked up to find where it may have moved."""


SEED_COUNT = 3
"""Pieces looked up per passage (spread over the quote and its context)."""


SEED_MAX_HITS = 32
"""A piece found more often than this says nothing of where the passage is."""


SEED_REGIONS = 4
"""Regions with the most pieces voting for them that are aligned, at most."""


WITH_CONTEXT_CUTOFF = 55  # the quote with its context
QUOTE_CUTOFF = 100 * MIN_QUOTE_SIMILARITY - 10  # the quote alone
"""Alignments scoring below these (0..100) cannot lead to an accepted place."""


GRAM = 16
"""Characters of each piece in the index of the folded text (``SharedLookups``)."""


GRAM_STEP = 16
"""The index holds the piece at every this many characters."""


INDEX_AFTER = 64
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
