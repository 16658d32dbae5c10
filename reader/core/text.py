"""Small helpers on plain text, shared by every floor (one copy of each rule).

``excerpt`` puts text on one line and cuts it with an ellipsis; ``quoted`` puts a
passage in quotation marks without doubling the ones it already has; ``squeeze`` collapses
runs of white space; ``trimmed`` narrows a span of code points to leave out white space
at either end. Offsets are code points.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def excerpt(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


# Only marks that cannot be an apostrophe: "’" ends "Artsakh’" as often as a quotation.
OPENING_QUOTES = '“«„"'
CLOSING_QUOTES = '”»"'


def quoted(text: str) -> str:
    """``text`` in curly quotation marks, leaving out a mark it already opens or closes
    with (a passage beginning “We have… shows as “We have…”, not ““We have…”)."""
    opening = "" if text and text[0] in OPENING_QUOTES else "“"
    closing = "" if len(text) > 1 and text[-1] in CLOSING_QUOTES else "”"
    return f"{opening}{text}{closing}"


def squeeze(text: str) -> str:
    """Every run of white space as one space (ends kept)."""
    return _SPACES.sub(" ", text)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start..end`` without white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Paragraphs:
    """A document's text built piece by piece, a blank line between pieces: :meth:`place`
    appends one and says where it went (code points), :meth:`text` is the whole."""

    SEPARATOR = "\n\n"

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._offset = 0

    def place(self, text: str) -> tuple[int, int]:
        if self._chunks:
            self._chunks.append(self.SEPARATOR)
            self._offset += len(self.SEPARATOR)
        self._chunks.append(text)
        start = self._offset
        self._offset += len(text)
        return start, self._offset

    def text(self) -> str:
        return "".join(self._chunks)
