"""Text with marked runs (search matches, a quote in its context), painted on one line or
wrapped on a few by the views' delegates: plain text, never HTML, the marks in bold on a
tint."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

MATCH_TINTS = {False: "#fde68a", True: "#6b5314"}
"""Tints under marks, light and dark: the find bar's amber."""


def trim_to_match(
    text: str, marks: Sequence[tuple[int, int]], advance: Callable[[str], float], width: float
) -> tuple[str, list[tuple[int, int]]]:
    """Cut the start of a snippet (at a word, with "…") so its first match is painted in
    the first third of ``width``; ``advance(text)`` measures text."""
    marks = list(marks)
    if not marks or advance(text[: marks[0][0]]) <= width / 3:
        return text, marks
    first = marks[0][0]
    cut = first
    for m in re.finditer(r"\s+", text[:first]):
        start = m.end()
        if advance("…" + text[start:first]) <= width / 4:
            cut = start
            break
    return "…" + text[cut:], [(s - cut + 1, e - cut + 1) for s, e in marks]


def paint_marked(
    painter: QPainter,
    rect: QRect,
    snippet: str,
    marks: Sequence[tuple[int, int]],
    base: QFont,
    bold: QFont,
    colour: QColor,
    tint: QColor | None,
) -> None:
    """Paint ``snippet`` on one line in ``rect``, its ``marks`` in ``bold`` on ``tint``
    (None: no tint), cut at the start to show the first mark and elided at the end."""
    fm, bfm = QFontMetrics(base), QFontMetrics(bold)
    snippet, marks = trim_to_match(snippet, marks, fm.horizontalAdvance, rect.width())
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for s, e in marks:
        pieces += [(snippet[pos:s], False), (snippet[s:e], True)]
        pos = e
    pieces.append((snippet[pos:], False))
    x = rect.left()
    baseline = rect.top() + fm.ascent()
    painter.setPen(colour)
    for piece, marked in pieces:
        if not piece:
            continue
        metrics = bfm if marked else fm
        width = metrics.horizontalAdvance(piece)
        room = rect.right() - x
        last = width > room
        if last:
            piece = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, room)
            width = metrics.horizontalAdvance(piece)
        if marked and tint is not None:
            painter.fillRect(QRect(x, rect.top(), width, fm.height()), tint)
        painter.setFont(bold if marked else base)
        painter.drawText(QPoint(x, baseline), piece)
        x += width
        if last:
            break


def paint_marked_lines(
    painter: QPainter,
    rect: QRect,
    snippet: str,
    marks: Sequence[tuple[int, int]],
    base: QFont,
    bold: QFont,
    colour: QColor,
    tint: QColor | None,
    max_lines: int,
) -> int:
    """Paint ``snippet`` wrapped on at most ``max_lines`` lines in ``rect``, its ``marks``
    in ``bold`` on ``tint``, cut at the start (at a word, with "…") so the first mark is in
    the first lines, and "…" at the end of the last line when more is left; the number of
    lines painted."""
    fm = QFontMetrics(base)
    room = rect.width() * max_lines
    snippet, marks = trim_to_match(snippet, marks, fm.horizontalAdvance, room)
    layout = QTextLayout(snippet, base)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    formats = []
    for s, e in marks:
        fmt = QTextCharFormat()
        fmt.setFont(bold)
        if tint is not None:
            fmt.setBackground(tint)
        span = QTextLayout.FormatRange()
        span.start, span.length, span.format = s, e - s, fmt
        formats.append(span)
    layout.setFormats(formats)
    ellipsis = fm.horizontalAdvance("…")
    lines = []
    layout.beginLayout()
    y = 0.0
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(rect.width())
        if len(lines) == max_lines - 1 and line.textStart() + line.textLength() < len(snippet):
            line.setLineWidth(max(rect.width() - ellipsis, 1))  # room for "…"
        line.setPosition(QPointF(0, y))
        y += line.height()
        lines.append(line)
    layout.endLayout()
    painter.save()
    painter.setPen(colour)
    painter.setClipRect(rect)
    layout.draw(painter, QPointF(rect.topLeft()))
    last = lines[-1] if lines else None
    if last is not None and last.textStart() + last.textLength() < len(snippet):
        painter.setFont(base)
        x = rect.left() + last.naturalTextWidth()
        painter.drawText(QPointF(x, rect.top() + last.y() + last.ascent()), "…")
    painter.restore()
    return len(lines)
