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

Nothing here knows about Qt; offsets are code points of ``Document.text``. The rooms:
``anchor_base`` (the records and the tuning), ``folding`` (the folded view),
``anchor_parts`` (quotes, parts, the exact finder), ``anchor_search`` (one anchor's
search); this module is the public face (``make_anchor(s)``, ``reanchor``).
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.anchor_base import (
    CONTEXT_LENGTH,
    WINDOW,
    Anchor,
    Placement,
    TextQuote,
)
from reader.core.anchor_parts import (
    UNKNOWN_PART,
    DocumentParts,
    QuoteForm,
    SharedLookups,
    UnknownPart,
)
from reader.core.anchor_search import QuoteSearch
from reader.core.folding import (
    FoldedView,
    TextView,
    fold,
    folded_view,
)
from reader.core.model import Document

__all__ = [
    "CONTEXT_LENGTH", "Anchor", "Placement", "TextQuote", "folded_view", "fold",
    "make_anchor", "make_anchors", "reanchor",
]  # fmt: skip


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
    parts = DocumentParts(doc)
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
# Characters that change the length: dropped (soft hyphen, zero-width space, word
# joiner, BOM) or expanded (the ellipsis). Runs of spaces become one space.


# --- the new document's parts --------------------------------------------------------


# --- matching ----------------------------------------------------------------------


# --- the whole pass ------------------------------------------------------------------


def reanchor(anchors: Sequence[Anchor], doc: Document) -> list[Placement | None]:
    """Where each anchor's passage is in ``doc`` (``None``: an orphan, not found with
    confidence). The result is in the order of ``anchors``.

    Anchors are visited in text order, so each can try the shift its predecessor
    needed. The exact quote is first looked for at those two places in the text as it
    is; only anchors not found there pay for the folded copy of the text (built once, on
    first need), where every further step happens, so that a typographic change never
    loses to a look-alike elsewhere."""
    parts = DocumentParts(doc)
    raw = TextView(doc.text)
    folded: FoldedView | None = None
    shared = SharedLookups()
    results: list[Placement | None] = [None] * len(anchors)
    shift = 0  # how far the previous annotation (in text order) moved
    length = len(doc.text)
    text = doc.text
    for i in sorted(range(len(anchors)), key=lambda i: (anchors[i].start, anchors[i].end)):
        anchor = anchors[i]
        exact, prefix, suffix = anchor.quote.exact, anchor.quote.prefix, anchor.quote.suffix
        if not exact:
            continue
        expected: str | None | UnknownPart = anchor.comment_id
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

        q = QuoteForm.raw(anchor.quote)
        search = QuoteSearch(raw, parts, q, expected, shared)
        found = search.at_hints(stored, shifted)
        if found is None:
            if folded is None:
                folded = folded_view(doc.text)
            search = QuoteSearch(folded, parts, QuoteForm.folded(anchor.quote), expected, shared)
            f_stored, f_shifted = folded.to_view(stored), folded.to_view(shifted)
            found = search.at_hints(f_stored, f_shifted) or search.in_window(f_shifted)
            if found is None and abs(f_stored - f_shifted) > WINDOW:
                found = search.in_window(f_stored)  # the predecessor's shift misled
            found = found or search.anywhere(f_shifted) or search.fuzzy(f_shifted, f_stored)
        if found is not None:
            results[i] = found
            shift = found.start - anchor.start
    return results
