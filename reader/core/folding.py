"""Folded text for re-anchoring: typographic variants made equal (curly and straight quotes,
dash kinds, no-break and thin spaces, runs of white space and line breaks), as a view of
the text with a map back to real offsets (``FoldedView``; ``TextView`` is the text as it is)."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

_ONE_FOR_ONE = {
    **dict.fromkeys(
        "\t\n\x0b\x0c\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
        "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
        " ",
    ),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}


_CHANGED = {"\u00ad": "", "\u200b": "", "\u2060": "", "\ufeff": "", "\u2026": "..."}


def _fold_spans(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` after the one-for-one replacements, and the length-changing edits still
    to make on it as sorted, non-overlapping ``(start, end, replacement)``."""
    for char, replacement in _ONE_FOR_ONE.items():
        if char in text:
            text = text.replace(char, replacement)
    edits: list[tuple[int, int, str]] = []
    find, n = text.find, len(text)
    at = find("  ")
    while at >= 0:
        end = at + 2
        while end < n and text[end] == " ":
            end += 1
        edits.append((at, end, " "))
        at = find("  ", end)
    dropped = []
    for char, replacement in _CHANGED.items():
        at = find(char)
        while at >= 0:
            dropped.append((at, at + 1, replacement))
            at = find(char, at + 1)
    if dropped:
        edits = _merge_runs(text, sorted(edits + dropped))
    return text, edits


def _merge_runs(text: str, edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Grow each dropped character's edit over the spaces and dropped characters around
    it, so that a soft hyphen between two spaces still leaves one space; then join the
    edits that now overlap."""
    blank = " " + "".join(c for c, r in _CHANGED.items() if not r)
    n = len(text)
    merged: list[tuple[int, int, str]] = []
    for a, b, replacement in edits:
        if not replacement:
            while a > 0 and text[a - 1] in blank:
                a -= 1
            while b < n and text[b] in blank:
                b += 1
            replacement = " " if " " in text[a:b] else ""
        if merged and a < merged[-1][1]:
            last_a, last_b, last_r = merged.pop()
            a, b = min(a, last_a), max(b, last_b)
            replacement = " " if " " in (replacement + last_r) else replacement or last_r
        merged.append((a, b, replacement))
    return merged


def fold(text: str) -> str:
    """``text`` with typographic variants made equal: curly quotes straight, every dash a
    hyphen, any run of spaces and line breaks one space, invisible characters dropped."""
    text, edits = _fold_spans(text)
    if not edits:
        return text
    pieces, done = [], 0
    for start, end, replacement in edits:
        pieces += (text[done:start], replacement)
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


class TextView:
    """A version of the document text to search in, and the map between its offsets and
    the original's. The raw view is the text itself."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def to_view(self, offset: int, *, end: bool = False) -> int:
        return offset

    def to_original(self, offset: int, *, end: bool = False) -> int:
        return offset


class FoldedView(TextView):
    """The folded text. Most folds replace one character by one; only where the length
    changes (runs of whitespace, dropped characters, an ellipsis) is a segment recorded,
    so the map stays small: offsets between segments differ by a constant."""

    __slots__ = ("_f_starts", "_f_ends", "_o_starts", "_o_ends")

    def __init__(self, original: str) -> None:
        replaced, edits = _fold_spans(original)
        pieces: list[str] = []
        f_starts: list[int] = []
        f_ends: list[int] = []
        o_starts: list[int] = []
        o_ends: list[int] = []
        done = 0  # offset in ``replaced`` (= in the original) copied so far
        length = 0  # folded length so far
        for a, b, replacement in edits:
            pieces += (replaced[done:a], replacement)
            length += a - done
            f_starts.append(length)
            length += len(replacement)
            f_ends.append(length)
            o_starts.append(a)
            o_ends.append(b)
            done = b
        pieces.append(replaced[done:])
        super().__init__("".join(pieces))
        self._f_starts, self._f_ends = f_starts, f_ends
        self._o_starts, self._o_ends = o_starts, o_ends

    def to_view(self, offset: int, *, end: bool = False) -> int:
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


@lru_cache(maxsize=2)
def folded_view(text: str) -> FoldedView:
    """The folded view of a text, kept for the next call on the same text (an import of
    W3C annotations may re-anchor them one by one)."""
    return FoldedView(text)
