"""Words folded so that typography does not hide a match, and their offsets on demand.

Folding runs over whole spans at C speed; the offsets of individual words are only
looked up for the few runs that turn out to match.

A word is what ``_WORD`` matches. ``SpanWords`` gets the same words without the regular
expression where it can: the regex engine costs about 50 ns a character, while splitting
a copy of the text whose common punctuation is blanked costs a fifth of that. A span
whose pieces are not then all letters, digits and inner apostrophes is tokenised by
``_WORD`` as before, so the words are the same either way. Where a span's words are
the pieces of that copy (``SpanWords.plain``), a word's place is read from the copy by
``str.split`` too (``piece_bounds``, ``pieces_before``), not by running the pattern.
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
        # Spans whose words only the pattern could find (their pieces are not the words).
        self._patterned: set[tuple[int, int]] = set()

    def __call__(self, start: int, end: int) -> tuple[str, ...]:
        key = (start, end)
        found = self._cache.get(key)
        if found is None:
            found = self._split(start, end)
            if found is None:
                found = folded_words(self.text, start, end)
                self._patterned.add(key)
            self._cache[key] = found
        return found

    def plain(self, start: int, end: int) -> str | None:
        """The blanked copy of the text when the words of ``start..end`` (asked for
        already) are its pieces there, one for one and in their places, so that
        :func:`piece_bounds` and :func:`pieces_before` find words without the pattern;
        None when only the pattern knew them."""
        key = (start, end)
        if key in self._cache and key not in self._patterned:
            return self._plain
        return None

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
            if whole.count("\n") != len(segments) - 1:
                # A line break inside a span parts no word: a space stands for it.
                segments = [p.replace("\n", " ") for p in segments]
                whole = "\n".join(segments)
            odd = _odd_lines(whole)
            if odd:
                plain_ones = [k not in odd for k in range(len(segments))]
                for k, ok in zip(todo, plain_ones, strict=True):
                    if not ok:
                        self.of_spans(spans[k])
                todo = list(compress(todo, plain_ones))
                whole = "\n".join(compress(segments, plain_ones))
            if todo:
                folded = whole.casefold().replace("’", "'").split("\n")
                for k, found in zip(todo, map(tuple, map(str.split, folded)), strict=True):
                    cache[keys[k]] = found
        return [cache[key] for key in keys]


def piece_bounds(plain: str, start: int, end: int, first: int, last: int) -> tuple[int, int]:
    """Where the ``first`` piece of ``plain[start:end]`` (counted from 0) begins and the
    ``last`` ends: ``str.split`` with a limit leaves the rest of the span from a piece on,
    whose length says where that piece is, at C speed."""
    span = plain[start:end]
    rest = span.split(None, first)[-1]
    begin = end - len(rest)
    if last != first:
        rest = span.split(None, last)[-1]
    return begin, end - len(rest) + len(rest.split(None, 1)[0])


def pieces_before(plain: str, start: int, at: int) -> int:
    """How many pieces of ``plain`` from ``start`` begin before ``at``."""
    return len(plain[start:at].split())


# The ASCII bytes a plain line holds (see _plain_lines): letters, digits, space,
# newline, apostrophe.
_PLAIN_ASCII = (string.ascii_letters + string.digits + " \n'").encode("ascii")
# Where an apostrophe makes a piece not a plain word, and how far on from each the
# apostrophe stands.
_ODD_APOSTROPHES = (("''", 0), (" '", 1), ("' ", 0), ("\n'", 1), ("'\n", 0))


def _odd_lines(text: str) -> set[int]:
    """Which lines of ``text`` are not plain lines (see :func:`_plain_lines`; an empty
    one excepted), found by searching the whole at C speed: its characters other than
    the plain ASCII ones are gathered by ``bytes.translate``, and only those of them
    that are not letters or digits, and the misplaced apostrophes, are looked for."""
    places: list[int] = []
    raw = text.encode("utf-8", "surrogatepass").translate(None, _PLAIN_ASCII)
    for c in set(raw.decode("utf-8", "surrogatepass")):
        if c.isalnum():
            continue
        at = text.find(c)
        while at >= 0:
            places.append(at)
            at = text.find(c, at + 1)
    for pattern, shift in _ODD_APOSTROPHES:
        at = text.find(pattern)
        while at >= 0:
            places.append(at + shift)
            at = text.find(pattern, at + 1)
    if text[:1] == "'":
        places.append(0)
    if text[-1:] == "'":
        places.append(len(text) - 1)
    odd: set[int] = set()
    line, counted = 0, 0  # the line of the place counted up to
    for at in sorted(places):
        line += text.count("\n", counted, at)
        counted = at
        odd.add(line)
    return odd


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
