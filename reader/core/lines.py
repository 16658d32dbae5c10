"""Lines of a scrape with their offsets and indentation: what the parser reasons about."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.frozen import maker

_TAB_WIDTH = 4


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: ``start``/``end`` bound its text without surrounding white space."""

    index: int
    start: int
    end: int
    indent: int
    text: str
    blank_before: bool


_make_line = maker(Line)


def _indent_width(prefix: str) -> int:
    width = 0
    for ch in prefix:
        width += _TAB_WIDTH - width % _TAB_WIDTH if ch == "\t" else 1
    return width


def scan_lines(text: str) -> list[Line]:
    """Every line of ``text`` holding something other than white space, in order."""
    lines: list[Line] = []
    blank = False
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = offset + lead
            end = start + len(stripped)
            prefix = raw[:lead]
            indent = lead if "\t" not in prefix else _indent_width(prefix)
            lines.append(_make_line(len(lines), start, end, indent, stripped, blank))
            blank = False
        elif lines:
            blank = True
        offset += len(raw) + 1
    return lines
