"""Where a pane's text came from: pane positions <-> document code-point offsets.

A pane shows parts of ``Document.text`` (a block's words, a comment without its list
marker) among text of its own (markers, labels). Each shown part is registered as a
*piece*: a run of pane text that equals ``Document.text[doc_start:doc_end]``. Qt counts
UTF-16 units, the domain counts code points; the conversion goes through
``reader.core.offsets.Utf16Index`` and nowhere else in the UI.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from reader.core.offsets import Utf16Index

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCursor

_WORD = re.compile(r"\S+")


@functools.lru_cache(maxsize=2)
def document_index(text: str) -> Utf16Index:
    """The UTF-16 index of a document's text, made once for all the panes showing it
    (~12 ms for 1 MB; the article and the thread each asked for their own)."""
    return Utf16Index(text)


class Piece(NamedTuple):
    """Pane positions ``qt_start..qt_end`` (UTF-16) show ``doc_start..doc_end`` (code points).

    ``index`` converts inside the piece: code point ``cp0 + k`` of its text is at UTF-16
    position ``index.to_utf16(cp0 + k) - u0`` from the piece's start. With a map over a
    whole document, ``index`` is the document's (built once) and ``cp0 = doc_start``.
    (A named tuple, immutable like a frozen dataclass and made ~5x faster: a 1 MB
    article has thousands.)
    """

    qt_start: int
    qt_end: int
    doc_start: int
    doc_end: int
    index: Utf16Index
    cp0: int
    u0: int

    def utf16_at(self, offset: int) -> int:
        """The pane position of document ``offset`` (inside this piece)."""
        return self.qt_start + self.index.to_utf16(self.cp0 + offset - self.doc_start) - self.u0

    def offset_at(self, position: int) -> int:
        """The document offset at pane ``position`` (inside this piece)."""
        cp = self.index.to_codepoint(self.u0 + position - self.qt_start)
        return self.doc_start + cp - self.cp0


def align(shown: str, source: str, source_start: int) -> list[tuple[int, int, int]]:
    """Runs where ``shown`` repeats ``source`` exactly, as ``(shown_at, doc_at, length)``.

    ``source`` is the stretch of the document the shown text was made from (its offset in
    the document is ``source_start``). The shown text may leave out list markers, fold
    whitespace or join paragraphs differently; every word is still found, in order.
    """
    if not shown:
        return []
    at = source.find(shown)
    if at >= 0:
        return [(0, source_start + at, len(shown))]
    runs: list[list[int]] = []
    cursor = 0
    for part in re.finditer(r"[^\n]+", shown):
        found = source.find(part.group(), cursor)
        if found >= 0:
            _extend(runs, part.start(), found, len(part.group()), shown, source)
            cursor = found + len(part.group())
            continue
        for word in _WORD.finditer(part.group()):
            found = source.find(word.group(), cursor)
            if found < 0:
                continue
            _extend(runs, part.start() + word.start(), found, len(word.group()), shown, source)
            cursor = found + len(word.group())
    return [(s, source_start + d, n) for s, d, n in runs]


def _extend(runs: list[list[int]], s: int, d: int, n: int, shown: str, source: str) -> None:
    if runs:
        ps, pd, pn = runs[-1]
        gap_shown, gap_source = shown[ps + pn : s], source[pd + pn : d]
        if gap_shown == gap_source:
            runs[-1][2] = s + n - ps
            return
    runs.append([s, d, n])


class TextMap:
    """Pieces of one pane, with look-ups both ways.

    Pieces are added in the order they are shown; the document offsets must increase
    with them (a pane shows the document in reading order). Given the document's
    ``Utf16Index`` (``document_index``), every piece converts through it; without one,
    each piece gets an index of its own text.
    """

    def __init__(self, document_index: Utf16Index | None = None) -> None:
        self._index = document_index
        self._pieces: list[Piece] = []
        self._qt_starts: list[int] = []
        self._doc_starts: list[int] = []

    def clear(self) -> None:
        self._pieces.clear()
        self._qt_starts.clear()
        self._doc_starts.clear()

    def __len__(self) -> int:
        return len(self._pieces)

    def add(self, qt_start: int, doc_start: int, text: str) -> int:
        """Register ``text`` (which is ``Document.text[doc_start:doc_start + len(text)]``)
        shown at ``qt_start``; returns where it ends in the pane."""
        if self._index is not None:
            index, cp0 = self._index, doc_start
            u0 = index.to_utf16(doc_start)
        else:
            index, cp0, u0 = Utf16Index(text), 0, 0
        qt_end = qt_start + index.to_utf16(cp0 + len(text)) - u0
        if text:
            self._pieces.append(
                Piece(qt_start, qt_end, doc_start, doc_start + len(text), index, cp0, u0)
            )
            self._qt_starts.append(qt_start)
            self._doc_starts.append(doc_start)
        return qt_end

    def add_aligned(self, qt_start: int, shown: str, source: str, source_start: int) -> None:
        """Register the parts of ``shown`` (inserted at ``qt_start``) found in ``source``."""
        for shown_at, doc_at, length in align(shown, source, source_start):
            before = shown[:shown_at]
            width = len(before) if before.isascii() else Utf16Index(before).utf16_length
            self.add(qt_start + width, doc_at, shown[shown_at : shown_at + length])

    def to_qt(self, offset: int) -> int | None:
        """The pane position showing document ``offset`` (or the end of a piece)."""
        i = bisect.bisect_right(self._doc_starts, offset) - 1
        if i < 0:
            return None
        piece = self._pieces[i]
        if offset > piece.doc_end:
            return None
        return piece.utf16_at(offset)

    def to_qt_many(self, offsets: Sequence[int]) -> list[int | None]:
        """:meth:`to_qt` of each of ``offsets``, which do not decrease, walking the pieces
        once (the scroll-bar ticks convert thousands at once)."""
        pieces, starts, count = self._pieces, self._doc_starts, len(self._pieces)
        out: list[int | None] = []
        i, piece = -1, None
        for offset in offsets:
            if i + 1 < count and starts[i + 1] <= offset:
                i = bisect.bisect_right(starts, offset, i + 1) - 1
                piece = pieces[i]
            if piece is None or offset > piece.doc_end:
                out.append(None)
            else:
                out.append(
                    piece.qt_start
                    + piece.index.to_utf16(piece.cp0 + offset - piece.doc_start)
                    - piece.u0
                )
        return out

    def to_doc(self, position: int) -> int | None:
        """The document offset shown at pane ``position``; ``None`` for the pane's own text."""
        i = bisect.bisect_right(self._qt_starts, position) - 1
        if i < 0:
            return None
        piece = self._pieces[i]
        if position > piece.qt_end:
            return None
        return piece.offset_at(position)

    def selected_span(self, cursor: QTextCursor) -> tuple[int, int] | None:
        """The document span of a text cursor's selection (None: nothing selected)."""
        if not cursor.hasSelection():
            return None
        return self.doc_span(cursor.selectionStart(), cursor.selectionEnd())

    def doc_span(self, qt_a: int, qt_b: int) -> tuple[int, int] | None:
        """The document span a pane selection covers (the pane's own text left out)."""
        if qt_b < qt_a:
            qt_a, qt_b = qt_b, qt_a
        first = bisect.bisect_right(self._qt_starts, qt_a) - 1
        last = bisect.bisect_left(self._qt_starts, qt_b) - 1
        start = end = None
        for piece in self._pieces[max(first, 0) : last + 1]:
            a, b = max(qt_a, piece.qt_start), min(qt_b, piece.qt_end)
            if a > b or (a == b and qt_a != qt_b):
                continue
            if start is None:
                start = piece.offset_at(a)
            end = piece.offset_at(b)
        if start is None or end is None:
            return None
        return start, end

    def qt_ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """Pane ranges showing the document span ``start..end`` (one per piece touched)."""
        out = []
        first = max(bisect.bisect_right(self._doc_starts, start) - 1, 0)
        for piece in self._pieces[first:]:
            if piece.doc_start >= end and end > start:
                break
            a, b = max(start, piece.doc_start), min(end, piece.doc_end)
            if a > b or (a == b and start != end):
                continue
            out.append((piece.utf16_at(a), piece.utf16_at(b)))
            if start == end:
                break
        return out
