"""The documents of a project as a flat list model, and the delegate that draws a row.

The model holds the project's document summaries and a list of the rows shown (all of
them, or those a filter matched). Filtering swaps one list of ints: no Python call per
row, so a sidebar of 100,000 documents narrows in a few milliseconds.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.ui.dates import shown_date
from reader.ui.plain_text import tooltip
from reader.ui.wording import comment_count_text

if TYPE_CHECKING:
    from reader.core.records import DocumentSummary

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
DetailRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractListModel):
    """Document summaries, optionally narrowed to the ids a filter matched.

    Signals: those of QAbstractListModel (a filter is a model reset).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[DocumentSummary] = []
        self._shown: list[int] = []  # indexes into _all
        self._row_of_id: dict[int, int] = {}  # document id -> index into _all
        self._filtered = False
        self._folded_titles: list[str] | None = None

    # ---- contents

    def set_documents(self, documents: Sequence[DocumentSummary]) -> None:
        self.beginResetModel()
        self._all = list(documents)
        self._row_of_id = {d.id: i for i, d in enumerate(self._all)}
        self._shown = list(range(len(self._all)))
        self._filtered = False
        self._folded_titles = None
        self.endResetModel()

    def titles_containing(self, text: str) -> list[int]:
        """Ids of the documents whose title contains ``text`` (ignoring case), in order."""
        if self._folded_titles is None:
            self._folded_titles = [d.title.casefold() for d in self._all]
        needle, docs = text.casefold(), self._all
        return [docs[i].id for i, title in enumerate(self._folded_titles) if needle in title]

    def show_only(self, ids: Iterable[int] | None) -> None:
        """Show only documents with these ids (in list order); ``None`` shows all."""
        self.beginResetModel()
        if ids is None:
            self._shown = list(range(len(self._all)))
            self._filtered = False
        else:
            where = self._row_of_id.get
            rows = [r for r in map(where, ids) if r is not None]
            rows.sort()  # linear when the store gave them in order already
            self._shown = rows
            self._filtered = True
        self.endResetModel()

    def update_summary(self, summary: DocumentSummary) -> None:
        """One document's summary changed (its comment count, after a correction)."""
        i = self._row_of_id.get(summary.id)
        if i is None:
            return
        self._all[i] = summary
        row = self.row_of(summary.id)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def is_filtered(self) -> bool:
        return self._filtered

    def total(self) -> int:
        return len(self._all)

    def position(self, document_id: int) -> int | None:
        """0-based place of a document in the whole list (filtered or not)."""
        return self._row_of_id.get(document_id)

    def summary(self, document_id: int) -> DocumentSummary | None:
        i = self._row_of_id.get(document_id)
        return None if i is None else self._all[i]

    def row_of(self, document_id: int) -> int | None:
        """The shown row of a document, or ``None`` when filtered out."""
        i = self._row_of_id.get(document_id)
        if i is None:
            return None
        row = bisect.bisect_left(self._shown, i)
        return row if row < len(self._shown) and self._shown[row] == i else None

    def document_id(self, row: int) -> int | None:
        if 0 <= row < len(self._shown):
            return self._all[self._shown[row]].id
        return None

    # ---- QAbstractListModel

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        doc = self._all[self._shown[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return doc.title or doc.source_path
        if role == DocumentIdRole:
            return doc.id
        if role == DetailRole:
            return detail_line(doc)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [doc.title, doc.source_path]
            if doc.date and shown_date(doc.date) != doc.date:
                lines.append(doc.date)  # the page's own timestamp
            if doc.reading_problem:
                lines.append(doc.reading_problem)
            return tooltip("\n".join(lines))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


def detail_line(doc: DocumentSummary) -> str:
    parts = [p for p in (doc.site, shown_date(doc.date) if doc.date else "") if p]
    parts.append(comment_count_text(doc.comment_count, doc.declared_comment_count))
    return " · ".join(parts)


class DocumentDelegate(QStyledItemDelegate):
    """Two lines a row: the title (bold, elided) and site · date · comment count."""

    PADDING = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        detail = QFont(option.font)
        detail.setPointSizeF(max(option.font.pointSizeF() * 0.88, 7.0))
        return title, detail

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        title, detail = self._fonts(option)
        height = QFontMetrics(title).height() + QFontMetrics(detail).height() + 3 * self.PADDING
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        title_font, detail_font = self._fonts(option)
        rect = opt.rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING)
        painter.save()
        painter.setFont(title_font)
        painter.setPen(opt.palette.color(group, text_role))
        fm = QFontMetrics(title_font)
        title = fm.elidedText(index.data() or "", Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), fm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title,
        )
        painter.setFont(detail_font)
        detail_color = opt.palette.color(group, text_role)
        if not selected:
            detail_color = opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.setPen(detail_color)
        dm = QFontMetrics(detail_font)
        detail = dm.elidedText(
            index.data(DetailRole) or "", Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRect(
                rect.left(), rect.top() + fm.height() + self.PADDING // 2, rect.width(), dm.height()
            ),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            detail,
        )
        painter.restore()
