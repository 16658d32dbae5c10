"""Words folded so that typography does not hide a match, and their offsets on demand.

Folding runs over whole spans at C speed; the offsets of individual words are only
looked up for the few runs that turn out to match.

A word is what ``_WORD`` matches. ``SpanWords`` gets the same words without the regular
expression where it can: the regex engine costs about 50 ns a character, while splitting
a copy of the text whose common punctuation is blanked costs a fifth of that. A span
whose pieces are not then all letters, digits and inner apostrophes is tokenised by
``_WORD`` as before, so the words are the same either way.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence
from itertools import chain

_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Characters that are never part of a word: blanked (one for one, so offsets hold) in
# the copy SpanWords splits. Any other non-word character sends its span to ``_WORD``.
_BLANKED = "".join(c for c in string.punctuation if c not in "_'") + "“”‘«»„‹›–—…•◦▪▫‣∙·●○■□➤►▸"


def folded_words(text: str, start: int = 0, end: int | None = None) -> tuple[str, ...]:
    """The words of ``text[start:end]``, case-folded, with curly apostrophes straightened."""
    found = _WORD.findall(text, start, len(text) if end is None else end)
    if not found:
        return ()
    # Joining first lets casefold run once; it never adds spaces, so the count holds.
    return tuple(" ".join(found).casefold().replace("’", "'").split(" "))


def word_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of the words of ``text[start:end]``, lazily: a caller that needs the
    first few words' offsets stops there."""
    return _WORD.finditer(text, start, end)


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
        self._plain: str | None = None

    def __call__(self, start: int, end: int) -> tuple[str, ...]:
        key = (start, end)
        found = self._cache.get(key)
        if found is None:
            found = self._split(start, end)
            if found is None:
                found = folded_words(self.text, start, end)
            self._cache[key] = found
        return found

    def _plain_text(self) -> str:
        """The text with the characters of _BLANKED as spaces and ’ as ', made once."""
        plain = self._plain
        if plain is None:
            plain = self.text
            for c in _BLANKED:
                if c in plain:
                    plain = plain.replace(c, " ")
            self._plain = plain = plain.replace("’", "'")
        return plain

    def _split(self, start: int, end: int) -> tuple[str, ...] | None:
        """The folded words of a span by ``str.split``, or None where a piece is not a
        plain word (then only ``_WORD`` knows where its words are)."""
        pieces = self._plain_text()[start:end].split()
        if not pieces:
            return ()
        joined = " ".join(pieces)
        # Every piece is letters and digits (what \w is, less "_"), apostrophes only
        # between them: exactly the words _WORD finds there.
        if (
            not joined.replace(" ", "").replace("'", "").isalnum()
            or "'" in (joined[0], joined[-1])
            or "''" in joined
            or " '" in joined
            or "' " in joined
        ):
            return None
        return tuple(joined.casefold().replace("’", "'").split(" "))

    def of_spans(self, spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
        if len(spans) == 1:
            return self(*spans[0])
        key = (spans[0][0], -spans[-1][1])  # a key no single span can have
        found = self._cache.get(key)
        if found is None:
            # Spans with only white space of the split copy between them (line breaks,
            # blanked bullets) split as one: no piece can run across such a gap.
            plain = self._plain_text()
            found = None
            if all(
                a < b and plain[a:b].isspace()
                for (_, a), (b, _) in zip(spans, spans[1:], strict=False)
            ):
                found = self._split(spans[0][0], spans[-1][1])
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
