"""The coded segments pane: every passage with a chosen tag (and, if asked, the tags
below it) across the project, with quote, context, note, document and where; sortable
by any column; a double-click or Enter opens the passage; the rows as shown can be
exported (csv or xlsx).

The pane asks for what it shows (``tag_chosen``) and is given rows; it opens and
exports nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.records import CodedSegment
from reader.ui.models.segments import (
    CONTEXT,
    DOCUMENT,
    NOTE,
    QUOTE,
    TAG,
    WHERE,
    SegmentRole,
    SegmentsModel,
    SegmentsSortModel,
    quote_in_context,
)
from reader.ui.painting.snippets import MATCH_TINTS, paint_marked_lines
from reader.ui.panes.views import ColumnShares, EmptyHint, KeyTableView, set_up_row_table
from reader.ui.wording import plural

ALL_TAGS = ""  # the tag list's first item: every tag


ROW_LINES = 3  # a row shows this many lines of each cell (the tooltip has all of it)


class ContextDelegate(QStyledItemDelegate):
    """Paints a segment's context wrapped on the row's lines, its quote in bold on a tint
    (and cut at the start so that the quote shows)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        segment = index.data(SegmentRole)
        if segment is None:
            return
        text, marks = quote_in_context(segment)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        base = QFont(opt.font)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.Bold)
        height = QFontMetrics(base).height()
        rect = opt.rect.adjusted(4, 3, -4, -3)
        lines = max(1, min(ROW_LINES, rect.height() // height))
        body = QRect(rect.left(), rect.top(), rect.width(), lines * height)
        dark = opt.palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
        painter.save()
        painter.setClipRect(opt.rect)
        paint_marked_lines(
            painter, body, text, marks, base, bold, colour,
            None if selected else QColor(MATCH_TINTS[dark]), lines,
        )  # fmt: skip
        painter.restore()


class SegmentsPane(QWidget):
    """Lists coded segments.

    Signals:
        tag_chosen(str, bool): list the segments of this tag id ("" for every tag), and
            with True those of the tags below it too.
        segment_activated(object): open this :class:`CodedSegment`'s passage.
        export_requested(): the user asked to export the rows as shown
            (:meth:`shown_segments`).
    """

    tag_chosen = Signal(str, bool)
    segment_activated = Signal(object)
    export_requested = Signal()

    SHARES = ((DOCUMENT, 0.12), (WHERE, 0.08), (QUOTE, 0.24), (CONTEXT, 0.27), (TAG, 0.09),
              (NOTE, 0.08))  # fmt: skip
    # the coder takes the rest

    def __init__(self, model: SegmentsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segments")
        self.setMinimumWidth(320)  # a dock beside others: its bar may be cut, not the window
        self._model = model
        self.proxy = SegmentsSortModel(self)
        self.proxy.setSourceModel(model)
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("segments_tag")
        self.tag_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag_combo.setMinimumContentsLength(18)
        tag_label = QLabel("&Tag:", self)
        tag_label.setBuddy(self.tag_combo)
        self.below_box = QCheckBox("With the tags &below it", self)
        self.below_box.setObjectName("segments_below")
        self.below_box.setChecked(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("segments_count")
        self.export_button = QPushButton("E&xport These Rows…", self)
        self.export_button.setObjectName("segments_export")
        self.export_button.setToolTip("Write the rows as shown, in this order, to csv or xlsx")
        self.view = KeyTableView(self)
        self.view.setObjectName("segments_table")
        self.view.setModel(self.proxy)
        self.empty_hint = EmptyHint(
            self.view, "No coded passages for this tag yet. Select text and press T to tag it."
        )
        self.view.setItemDelegateForColumn(CONTEXT, ContextDelegate(self.view))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the store's order at first
        set_up_row_table(self.view, ROW_LINES * self.fontMetrics().height() + 8)
        self.view.setWordWrap(True)  # every cell wraps on the row's lines
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._shares = ColumnShares(self.view, self.SHARES)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(tag_label)
        bar.addWidget(self.tag_combo, 1)
        bar.addWidget(self.below_box)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        # the count under the table, where a narrow pane cannot squeeze it under a button
        self.count_label.setContentsMargins(6, 2, 6, 2)
        self.count_label.setMinimumWidth(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.set_tags([])

        self.tag_combo.activated.connect(self._on_tag_combo_activated)
        self.below_box.toggled.connect(self._on_below_box_toggled)
        self.export_button.clicked.connect(self.export_requested)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.enter_pressed.connect(self._on_view_enter_pressed)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update_count)
        self._update_count()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._shares.fit(self.width())

    # ---- public

    def set_tags(self, tags: Sequence[tuple[str, str]]) -> None:
        """The tags to choose from, as (id, path in the codebook); the choice is kept
        when its tag is still there."""
        current = self.tag_id()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("All tags", ALL_TAGS)
        for tag_id, path in tags:
            self.tag_combo.addItem(path, tag_id)
        at = self.tag_combo.findData(current)
        self.tag_combo.setCurrentIndex(max(at, 0))
        self.tag_combo.blockSignals(False)

    def tag_id(self) -> str:
        """The chosen tag's id ("" for every tag)."""
        data = self.tag_combo.currentData()
        return str(data) if data else ALL_TAGS

    def descendants(self) -> bool:
        return self.below_box.isChecked()

    def choose_tag(self, tag_id: str, descendants: bool | None = None) -> None:
        """Choose a tag (as the user would) and ask for its segments."""
        at = self.tag_combo.findData(tag_id)
        self.tag_combo.setCurrentIndex(max(at, 0))
        if descendants is not None:
            self.below_box.blockSignals(True)
            self.below_box.setChecked(descendants)
            self.below_box.blockSignals(False)
        self.tag_chosen.emit(self.tag_id(), self.descendants())

    def shown_segments(self) -> list[CodedSegment]:
        """The rows as shown: in the view's order."""
        return self.proxy.segments()

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, QUOTE))

    # ---- slots

    @Slot()
    def _update_count(self) -> None:
        rows = self._model.rowCount()
        docs = self._model.document_count()
        self.count_label.setText(
            f"{plural(rows, 'segment')} in {plural(docs, 'document')}" if rows else "No segments"
        )
        self.export_button.setEnabled(rows > 0)

    @Slot(int)
    def _on_tag_combo_activated(self, _index: int) -> None:
        self.tag_chosen.emit(self.tag_id(), self.descendants())

    @Slot(bool)
    def _on_below_box_toggled(self, _checked: bool) -> None:
        self.tag_chosen.emit(self.tag_id(), self.descendants())

    def _activate(self, index: QModelIndex) -> None:
        segment = index.data(SegmentRole) if index.isValid() else None
        if segment is not None:
            self.segment_activated.emit(segment)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self._activate(index)

    @Slot()
    def _on_view_enter_pressed(self) -> None:
        self._activate(self.view.currentIndex())
