"""Text with marked runs (search matches, a quote in its context), painted on one line
by the views' delegates: plain text, never HTML, the marks in bold on a tint."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter

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
