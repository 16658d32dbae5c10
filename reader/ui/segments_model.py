"""Coded segments as a table: one row per tag on a passage, across the project.

Columns: document, where (article, or the comment and its author), quote, the text
around it, tag (its path in the codebook), note and coder. Sorting is a proxy's job
(:class:`SegmentsSortModel`); ``SortRole`` gives each column a key that sorts as a
reader expects (places in reading order, words without case).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from reader.store.retrieval import CodedSegment
from reader.ui.plain_text import tooltip

DOCUMENT, WHERE, QUOTE, CONTEXT, TAG, NOTE, CODER = range(7)
HEADERS = ("Document", "Where", "Quote", "Context", "Tag", "Note", "Coder")
CELL_CHARS = 300  # longer text is cut in the cell (the tooltip has all of it)

SegmentRole = Qt.ItemDataRole.UserRole + 1
"""The row's :class:`CodedSegment`."""
SortRole = Qt.ItemDataRole.UserRole + 2
"""A key to sort the column by."""

_Index = QModelIndex | QPersistentModelIndex


def where(segment: CodedSegment) -> str:
    if segment.part == "comment":
        who = f" by {segment.author}" if segment.author else ""
        return f"Comment{who}" + (" (reply)" if segment.parent_comment_id else "")
    return "Article"


def document_label(segment: CodedSegment) -> str:
    return segment.title or Path(segment.source_path).name or f"Document {segment.document_id}"


def quote_in_context(segment: CodedSegment) -> tuple[str, list[tuple[int, int]]]:
    """The context (whitespace collapsed) and where the quote is in it."""
    context = segment.context
    before = re.sub(r"\s+", " ", segment.context_before)
    quote = re.sub(r"\s+", " ", segment.quote).strip()
    if not quote:
        return context, []
    at = context.find(quote, max(0, len(before) - 1))
    if at < 0:
        at = context.find(quote)
    return context, [(at, at + len(quote))] if at >= 0 else []


def _flat(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= CELL_CHARS else flat[: CELL_CHARS - 1] + "…"


class SegmentsModel(QAbstractTableModel):
    """Coded segments, in the order the store gives them (document, then place)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[CodedSegment] = []

    def set_segments(self, segments: Sequence[CodedSegment]) -> None:
        self.beginResetModel()
        self._rows = list(segments)
        self.endResetModel()

    def segments(self) -> list[CodedSegment]:
        return list(self._rows)

    def segment(self, row: int) -> CodedSegment | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def document_count(self) -> int:
        return len({s.document_id for s in self._rows})

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(s, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CONTEXT:
                return tooltip(s.context)
            if column == DOCUMENT:
                return tooltip(s.source_path)
            if column == QUOTE and s.orphan:
                return tooltip(f"{s.quote}\n\n(not found again after its document changed)")
            return tooltip(self._full(s, column))
        if role == SortRole:
            return self._key(s, column)
        if role == SegmentRole:
            return s
        return None

    @staticmethod
    def _full(s: CodedSegment, column: int) -> str:
        if column == DOCUMENT:
            return document_label(s)
        if column == WHERE:
            return where(s)
        if column == QUOTE:
            return s.quote
        if column == CONTEXT:
            return s.context
        if column == TAG:
            return s.tag_path
        if column == CODER:
            return s.coder
        return s.note

    def _text(self, s: CodedSegment, column: int) -> str:
        text = _flat(self._full(s, column))
        if column == QUOTE and s.orphan:
            return f"{text} (not found)"
        return text

    @staticmethod
    def _key(s: CodedSegment, column: int):
        if column == DOCUMENT:
            return (document_label(s).casefold(), s.document_id, s.start)
        if column == WHERE:
            return (s.document_id, s.start, s.end)
        if column == QUOTE:
            return s.quote.casefold()
        if column == CONTEXT:
            return s.context.casefold()
        if column == TAG:
            return s.tag_path.casefold()
        if column == CODER:
            return s.coder.casefold()
        return s.note.casefold()


class SegmentsSortModel(QSortFilterProxyModel):
    """Sorts segments by a column's key (``SortRole``), ties in the store's order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a = left.data(SortRole)
        b = right.data(SortRole)
        if a == b:
            return left.row() < right.row()
        return a < b

    def segments(self) -> list[CodedSegment]:
        """The segments in the order shown."""
        return [self.index(r, 0).data(SegmentRole) for r in range(self.rowCount())]
