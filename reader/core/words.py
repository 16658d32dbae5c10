"""Words folded so that typography does not hide a match, and their offsets on demand.

Folding runs over whole spans at C speed; the offsets of individual words are only
looked up for the few runs that turn out to match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def folded_words(text: str, start: int = 0, end: int | None = None) -> tuple[str, ...]:
    """The words of ``text[start:end]``, case-folded, with curly apostrophes straightened."""
    found = _WORD.findall(text, start, len(text) if end is None else end)
    if not found:
        return ()
    # Joining first lets casefold run once; it never adds spaces, so the count holds.
    return tuple(" ".join(found).casefold().replace("’", "'").split(" "))


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every word of ``text[start:end]``, in the order of folded_words."""
    stop = len(text) if end is None else end
    return [m.span() for m in _WORD.finditer(text, start, stop)]


class SpanWords:
    """The folded words of spans of one text, each span tokenised once.

    One parse asks for the same paragraph's words several times (pull-quotes, comment
    ids, quotation links); tokenising is the costliest step, so it is done once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[tuple[int, int], tuple[str, ...]] = {}

    def __call__(self, start: int, end: int) -> tuple[str, ...]:
        key = (start, end)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = folded_words(self.text, start, end)
        return found

    def of_spans(self, spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
        if len(spans) == 1:
            return self(*spans[0])
        key = (spans[0][0], -spans[-1][1])  # a key no single span can have
        found = self._cache.get(key)
        if found is None:
            found = tuple(chain.from_iterable(self(s, e) for s, e in spans))
            self._cache[key] = found
        return found


_LAST: list = [None, None]  # the text of the last span_words call, and its SpanWords


def span_words(text: str) -> SpanWords:
    """The SpanWords of ``text``, the same object as last time for the same text object:
    a structure correction re-links the document it was made on without tokenising
    every comment again (a Document keeps its text object through ``replace``)."""
    if _LAST[0] is not text:
        _LAST[:] = [text, SpanWords(text)]
    return _LAST[1]
