"""The one conversion between Reader's offsets and Qt's.

Reader counts positions in code points of the document's normalised text (a Python
``str`` index). Qt (``QTextCursor``, ``QString``) counts UTF-16 code units, where every
character outside the Basic Multilingual Plane (most emoji, some CJK, historic scripts)
takes two units, a surrogate pair. Mixing the two makes highlights drift by one position
per emoji before them, so every crossing of the Qt boundary goes through a
:class:`Utf16Index` built once for the text.

Combining marks, zero-width joiners and right-to-left text need no special care here:
they are ordinary BMP code points, one unit each in both systems. Only astral
characters differ.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Converts between code-point offsets and UTF-16 positions of one text.

    Built in one pass over the text (a regex scan: nothing for ASCII, some tens of
    milliseconds for 1 MB of other text, so build it once per text and keep it); each
    conversion is then a binary search over the astral characters, and the identity
    when the text has none.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "_cp_length", "_u16_length")

    def __init__(self, text: str) -> None:
        # Code-point offsets of the astral characters, and where each starts in UTF-16
        # (every earlier astral character pushes it one unit further).
        self._astral_cp: list[int] = (
            [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        )
        self._astral_u16: list[int] = [cp + i for i, cp in enumerate(self._astral_cp)]
        self._cp_length = len(text)
        self._u16_length = len(text) + len(self._astral_cp)

    @property
    def codepoint_length(self) -> int:
        return self._cp_length

    @property
    def utf16_length(self) -> int:
        """The text's length as Qt counts it (``QString.size()``)."""
        return self._u16_length

    @property
    def is_identity(self) -> bool:
        """True when the text has no astral characters, so both units agree."""
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """The UTF-16 position of code-point offset ``cp`` (0 ≤ cp ≤ length)."""
        if not 0 <= cp <= self._cp_length:
            raise ValueError(f"code-point offset {cp} outside 0..{self._cp_length}")
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_codepoint(self, u16: int) -> int:
        """The code-point offset of UTF-16 position ``u16`` (0 ≤ u16 ≤ utf16_length).

        A position between the two halves of a surrogate pair maps to the start of that
        character, so no offset ever points into half a character. (Keeping grapheme
        clusters such as 👩‍👩‍👧 or 🇫🇷 whole is the cursor's job, not this one's.)
        """
        if not 0 <= u16 <= self._u16_length:
            raise ValueError(f"UTF-16 position {u16} outside 0..{self._u16_length}")
        if not self._astral_u16:
            return u16
        before = bisect_left(self._astral_u16, u16)  # astral chars starting before u16
        if before and self._astral_u16[before - 1] + 1 == u16:
            return self._astral_cp[before - 1]  # inside a surrogate pair
        return u16 - before

    def to_utf16_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def to_codepoint_span(self, start: int, end: int) -> tuple[int, int]:
        """Code-point span for a UTF-16 span; an end inside a surrogate pair is moved
        past the character, so the span still covers what the user selected."""
        cp_start = self.to_codepoint(start)
        cp_end = self.to_codepoint(end)
        if end > 0 and self.to_utf16(cp_end) < end:
            cp_end += 1
        return cp_start, cp_end


def count_astral(text: str) -> int:
    """How many characters of ``text`` take two UTF-16 units."""
    return sum(1 for _ in _ASTRAL.finditer(text))


__all__ = ["Utf16Index", "count_astral"]
