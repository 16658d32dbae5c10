"""SpanWords splits spans without the word pattern where it can; its words must be the
ones ``folded_words`` finds, whatever punctuation, apostrophes or scripts a span holds."""

from __future__ import annotations

import re
from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.words import (
    SpanWords,
    _odd_lines,
    _plain_lines,
    folded_words,
    piece_bounds,
    pieces_before,
    word_spans,
)

# Letters of several scripts, digits, "_", both apostrophes, blanked and other
# punctuation, bullets and several kinds of space: every case the split path must
# either get right or hand back to the pattern.
_ALPHABET = "aZé9ßİﬁ_'’ \n\t\u00a0.,;:!?\"“”‘«»–—…•◦→©+-*#§¶€😀\ud800"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80), st.data())
def test_span_words_are_the_words_the_pattern_finds(text: str, data) -> None:
    words = SpanWords(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert words(start, end) == folded_words(text, start, end)
    assert words(0, len(text)) == folded_words(text)


def test_words_around_curly_apostrophes_and_bullets() -> None:
    text = "◦ Don’t say ‘never’ -- it's rock’n’roll, o'' 'clock_time 3.5 l’été"
    words = SpanWords(text)
    assert words(0, len(text)) == folded_words(text)
    assert words(0, len(text))[:2] == ("don't", "say")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80), st.lists(st.integers(0, 80), max_size=6))
def test_words_of_several_spans_are_their_words_in_order(text: str, cuts: list[int]) -> None:
    bounds = sorted({min(c, len(text)) for c in cuts})
    spans = [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=False)]
    if not spans:
        return
    expected = tuple(w for s, e in spans for w in folded_words(text, s, e))
    assert SpanWords(text).of_spans(spans) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=_ALPHABET, max_size=120),
    st.lists(st.lists(st.integers(0, 120), max_size=6), max_size=8),
    st.booleans(),
)
def test_many_spans_lists_split_together_are_each_ones_words(
    text: str, cut_lists: list[list[int]], asked_before: bool
) -> None:
    """Comments' words split all at once (one check, one case-folding) are the words
    each comment's spans have, also where one comment's text is not plain words."""
    spans_lists = []
    for cuts in cut_lists:
        bounds = sorted({min(c, len(text)) for c in cuts})
        spans = [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=False)]
        if spans:
            spans_lists.append(spans)
    expected = [
        tuple(w for s, e in spans for w in folded_words(text, s, e)) for spans in spans_lists
    ]
    words = SpanWords(text)
    if asked_before and spans_lists:
        words.of_spans(spans_lists[0])
    assert words.many(spans_lists) == expected


def test_many_comments_one_of_which_is_not_plain_words() -> None:
    text = "It’s Over now\nsnake_case here, 50%\n«Quoted» 'tis DONE\n\nSTRASSE Straße"
    lines = [m.span() for m in re.finditer(r"[^\n]+", text)]
    spans_lists = [[lines[0]], [lines[1]], [lines[2], lines[3]]]
    assert SpanWords(text).many(spans_lists) == [
        ("it's", "over", "now"),
        ("snake_case", "here", "50"),
        ("quoted", "tis", "done", "strasse", "strasse"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=160))
def test_the_lines_found_odd_at_once_are_those_not_plain_one_by_one(text: str) -> None:
    """``_odd_lines`` searches the whole text; it must name exactly the lines a check of
    each line rejects (a line of spaces alone has no words either way)."""
    odd = _odd_lines(text)
    for k, line in enumerate(text.split("\n")):
        if line.strip(" "):
            assert (k in odd) == (not _plain_lines(line)), (k, line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80), st.data())
def test_words_found_in_the_blanked_copy_stand_where_the_pattern_finds_them(
    text: str, data
) -> None:
    """Where a span's words are the pieces of the blanked copy, a word's place and the
    count of words before a place are read from the copy; they must be the pattern's."""
    words = SpanWords(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = words(start, end)
    plain = words.plain(start, end)
    if plain is None:
        return
    spans = word_spans(text, start, end)
    assert len(spans) == len(found)
    for k, span in enumerate(spans):
        assert piece_bounds(plain, start, end, k, k) == span
        assert piece_bounds(plain, start, end, 0, k) == (spans[0][0], span[1])
    for at in range(start, end + 1):
        assert pieces_before(plain, start, at) == bisect_left([a for a, _ in spans], at)
