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
from itertools import chain, compress

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

    def many(self, spans: Sequence[Sequence[tuple[int, int]]]) -> list[tuple[str, ...]]:
        """The words of each spans list (as :meth:`of_spans`), split together: the
        pieces of all of them are checked and case-folded as one string, so a page of
        thousands of short comments costs a few passes in C, not a dozen Python steps
        for each comment. A comment whose pieces are not all plain words is tokenised
        on its own, as ``of_spans`` does."""
        cache = self._cache
        keys = [s[0] if len(s) == 1 else (s[0][0], -s[-1][1]) for s in spans]
        todo = [k for k, key in enumerate(keys) if key not in cache]
        if todo:
            plain = self._plain_text()
            # Parts split one by one give the words of the whole: no word runs across
            # the space put between two parts.
            segments = [
                plain[s[0][0] : s[0][1]] if len(s) == 1 else " ".join([plain[a:b] for a, b in s])
                for s in (spans[k] for k in todo)
            ]
            # The comments between newlines: one check and one case-folding for all,
            # or for all but those that need the pattern.
            whole = "\n".join(segments)
            if not _plain_lines(whole):
                plain_ones = list(map(_plain_lines, segments))
                for k, ok in zip(todo, plain_ones, strict=True):
                    if not ok:
                        self.of_spans(spans[k])
                todo = list(compress(todo, plain_ones))
                whole = "\n".join(compress(segments, plain_ones))
            folded = whole.casefold().replace("’", "'").split("\n")
            if len(folded) != len(todo):  # a span held a newline: one at a time
                for k in todo:
                    self.of_spans(spans[k])
            elif todo:
                for k, found in zip(todo, map(tuple, map(str.split, folded)), strict=True):
                    cache[keys[k]] = found
        return [cache[key] for key in keys]


def _plain_lines(text: str) -> bool:
    """Whether every piece of ``text`` between spaces and newlines (the only white
    space it may hold) is letters and digits (what \\w is, less "_") with apostrophes
    only between them: exactly the words _WORD finds there, and str.split's pieces."""
    return bool(text) and not (
        not text.replace(" ", "").replace("\n", "").replace("'", "").isalnum()
        or "'" in (text[0], text[-1])
        or "''" in text
        or " '" in text
        or "' " in text
        or "\n'" in text
        or "'\n" in text
    )


_LAST: list = [None, None]  # the text of the last span_words call, and its SpanWords


def span_words(text: str) -> SpanWords:
    """The SpanWords of ``text``, the same object as last time for the same text object:
    a structure correction re-links the document it was made on without tokenising
    every comment again (a Document keeps its text object through ``replace``)."""
    if _LAST[0] is not text:
        _LAST[:] = [text, SpanWords(text)]
    return _LAST[1]
