"""Tag colours that read well on light and dark themes, with readable text on them.

A tag stores one colour, ``#rrggbb``. For a colour from :data:`PALETTE` that is its
light-theme shade; :func:`themed` gives the shade to paint with on either theme and
:func:`text_colour` the text colour with the better WCAG contrast on it. Any other
colour (typed by the user, imported from another tool) works too: on a dark theme it is
darkened until white text reads on it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

BLACK = "#000000"
WHITE = "#ffffff"
# WCAG 2 AA for normal text.
READABLE = 4.5


@dataclass(frozen=True, slots=True)
class Swatch:
    """One palette colour: ``light`` to paint on a light theme, ``dark`` on a dark one."""

    name: str
    light: str
    dark: str


PALETTE: tuple[Swatch, ...] = (
    Swatch("yellow", "#fff176", "#6d5a00"),
    Swatch("orange", "#ffb74d", "#8f4400"),
    Swatch("red", "#ef9a9a", "#a31818"),
    Swatch("pink", "#f8bbd0", "#9c1350"),
    Swatch("purple", "#e1bee7", "#7b1fa2"),
    Swatch("indigo", "#9fa8da", "#303f9f"),
    Swatch("blue", "#90caf9", "#0d5ba8"),
    Swatch("cyan", "#84ffff", "#00626e"),
    Swatch("teal", "#80cbc4", "#1e6b52"),
    Swatch("green", "#a5d6a7", "#2e6b31"),
    Swatch("lime", "#dce775", "#4a6300"),
    Swatch("brown", "#bcaaa4", "#5d4037"),
    Swatch("grey", "#cfd8dc", "#455a64"),
)

_BY_LIGHT = {s.light: s for s in PALETTE}
_HEX6 = re.compile(r"#?([0-9a-fA-F]{6})")
_HEX3 = re.compile(r"#?([0-9a-fA-F]{3})")
_RGB = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)")


def parse_colour(value: str) -> str:
    """``#rrggbb`` from ``#RRGGBB``, ``rrggbb``, ``#rgb`` or ``rgb(r, g, b)``;
    ValueError otherwise."""
    value = value.strip()
    if m := _HEX6.fullmatch(value):
        return "#" + m.group(1).lower()
    if m := _HEX3.fullmatch(value):
        return "#" + "".join(c * 2 for c in m.group(1).lower())
    if m := _RGB.fullmatch(value.lower()):
        parts = [int(p) for p in m.groups()]
        if all(p <= 255 for p in parts):
            return "#" + "".join(f"{p:02x}" for p in parts)
    raise ValueError(f"{value!r} is not a colour (expected #rrggbb)")


def _channels(colour: str) -> tuple[int, int, int]:
    c = parse_colour(colour)
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        s = channel / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return (
        BLACK if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE) else WHITE
    )


def _scaled(colour: str, factor: float) -> str:
    return "#" + "".join(f"{round(c * factor):02x}" for c in _channels(colour))


def themed(colour: str, *, dark: bool) -> str:
    """The shade of a tag colour to paint with on a light or a dark theme."""
    colour = parse_colour(colour)
    swatch = _BY_LIGHT.get(colour)
    if swatch is not None:
        return swatch.dark if dark else swatch.light
    if not dark:
        return colour
    shade, factor = colour, 1.0
    while contrast_ratio(shade, WHITE) < READABLE and factor > 0:
        factor = round(factor - 0.05, 2)
        shade = _scaled(colour, factor)
    return shade


def next_colour(used: Iterable[str]) -> str:
    """The palette colour used least so far (ties go to palette order), for a new tag."""
    counts = Counter(parse_colour(c) for c in used)
    return min(PALETTE, key=lambda s: counts[s.light]).light
