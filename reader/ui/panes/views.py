"""Item views the panes share (not a pane: panes may import it).

:class:`KeyTableView` and :class:`KeyTreeView` turn Enter (and, when asked, Delete or
Backspace) into signals, so a pane can say "activate the current row" or "remove the
selected rows" as intents; :func:`set_up_row_table` is the look of every list-like table
(rows of one line, no grid, whole rows selected, nothing edited in place); and
:class:`ColumnShares` gives the table's columns their shares of the width as it changes;
:class:`EmptyHint` says what to do while a view is empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QTreeView,
    QWidget,
)

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DELETE = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class KeyTableView(QTableView):
    """A table whose Enter (and with ``delete=True`` Delete/Backspace) are signals.

    Signals:
        enter_pressed(): Enter or Return was pressed.
        delete_pressed(): Delete or Backspace was pressed (only with ``delete=True``).
    """

    enter_pressed = Signal()
    delete_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, delete: bool = False) -> None:
        super().__init__(parent)
        self._delete = delete

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._delete and event.key() in _DELETE and not event.modifiers():
            self.delete_pressed.emit()
            event.accept()
            return
        if event.key() in _ENTER:
            self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class KeyTreeView(QTreeView):
    """A tree whose Enter is a signal.

    Signals:
        enter_pressed(): Enter or Return was pressed.
    """

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER:
            self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def set_up_row_table(view: QTableView, row_height: int) -> None:
    """Rows of one line and ``row_height`` pixels, no grid, alternating colours, whole rows
    selected (several with Shift and Ctrl), nothing edited in place, long text elided,
    columns resized by hand and the last one stretched."""
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setMinimumSectionSize(40)


class ColumnShares(QObject):
    """Gives ``view``'s columns their ``(column, share)`` of the viewport's width (the last
    column, stretched, takes the rest), again whenever the viewport's width changes.

    The shares shrink together when they would leave the last column less than
    ``LAST_AT_LEAST`` pixels, so the columns always fit and the table never scrolls
    sideways (unless every column is already at the header's minimum). The viewport is
    watched, not the pane: a vertical scroll bar or a frame takes width the pane
    still has.
    """

    LAST_AT_LEAST = 60

    def __init__(self, view: QTableView, shares: Sequence[tuple[int, float]]) -> None:
        super().__init__(view)
        self._view = view
        self._shares = tuple(shares)
        self._width = -1
        view.viewport().installEventFilter(self)

    def fit(self, _pane_width: int | None = None) -> None:
        """Fit the columns to the viewport now (the pane's width is no longer needed)."""
        width = self._view.viewport().width()
        if width == self._width or width <= 0:
            return
        self._width = width
        header = self._view.horizontalHeader()
        floor = header.minimumSectionSize()
        wanted = sum(share for _column, share in self._shares) * width
        room = width - max(floor, self.LAST_AT_LEAST)
        scale = min(1.0, room / wanted) if wanted > 0 else 1.0
        used = 0
        for column, share in self._shares:
            size = max(floor, int(width * share * scale))
            header.resizeSection(column, size)
            used += size
        # The stretched last column never shrinks below the size it was last given (at
        # first the header's default, 100 px), so give it the rest outright.
        header.resizeSection(header.count() - 1, max(floor, width - used))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)


class EmptyHint(QObject):
    """A hint in the middle of an item view while its model has no rows ("Select text
    and press T to tag it"): muted, wrapped, letting clicks through to the view."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self._view = view
        self.label = QLabel(text, view.viewport())
        self.label.setObjectName("empty_hint")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):  # fmt: skip
            signal.connect(self.update)
        self.update()

    def update(self) -> None:
        self.label.setVisible(self._view.model().rowCount() == 0)
        self._place()

    def _place(self) -> None:
        area = self._view.viewport().rect().adjusted(12, 12, -12, -12)
        self.label.setGeometry(area)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return super().eventFilter(watched, event)
