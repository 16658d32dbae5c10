"""The sidebar: a filter box over the list of the project's documents."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from reader.ui.models.document_list import DocumentDelegate, DocumentIdRole, DocumentListModel

FILTER_DELAY_MS = 120
LAYOUT_BATCH = 500


class SidebarPane(QWidget):
    """Lists documents; moving the current row opens a document.

    Signals:
        document_activated(int): the user moved to (or clicked) the document with this id.
        filter_requested(str): the filter text settled (debounced); "" means show all.
    """

    document_activated = Signal(int)
    filter_requested = Signal(str)

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._model = model
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("document_filter")
        self.filter_edit.setPlaceholderText("Filter by title or text  (Ctrl+L)")
        self.filter_edit.setClearButtonEnabled(True)
        self.list_view = QListView(self)
        self.list_view.setObjectName("document_list")
        self.list_view.setModel(model)
        self.list_view.setItemDelegate(DocumentDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        # Rows are placed a few hundred at a time between events, so that narrowing a
        # list of 100,000 documents does not wait for all of them to be placed.
        self.list_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.list_view.setBatchSize(LAYOUT_BATCH)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list_view)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DELAY_MS)
        self._current_id: int | None = None
        self._emitting = True

        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.list_view.selectionModel().currentChanged.connect(self._on_list_current_changed)
        model.modelReset.connect(self._on_model_reset)
        self.filter_edit.installEventFilter(self)

    # ---- public

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def set_current_document(self, document_id: int | None) -> None:
        """Show ``document_id`` as current without emitting ``document_activated``."""
        self._current_id = document_id
        self._select_current()

    def current_document(self) -> int | None:
        return self._current_id

    def step(self, delta: int) -> None:
        """Move to the next (+1) or previous (-1) shown document."""
        rows = self._model.rowCount()
        if not rows:
            return
        row = self.list_view.currentIndex().row()
        row = 0 if row < 0 else max(0, min(rows - 1, row + delta))
        self.list_view.setCurrentIndex(self._model.index(row, 0))

    # ---- internals

    def _select_current(self) -> None:
        row = None if self._current_id is None else self._model.row_of(self._current_id)
        selection = self.list_view.selectionModel()
        self._emitting = False
        try:
            if row is None:
                selection.clearCurrentIndex()
                selection.clearSelection()
            else:
                index = self._model.index(row, 0)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.list_view.scrollTo(index)
        finally:
            self._emitting = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.step(1 if event.key() == Qt.Key.Key_Down else -1)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._debounce.stop()
                self._on_debounce_timeout()
                self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_filter_text_changed(self, _text: str) -> None:
        self._debounce.start()

    @Slot()
    def _on_debounce_timeout(self) -> None:
        self.filter_requested.emit(self.filter_edit.text().strip())

    @Slot()
    def _on_model_reset(self) -> None:
        self._select_current()

    @Slot(QModelIndex, QModelIndex)
    def _on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or not self._emitting:
            return
        document_id = current.data(DocumentIdRole)
        if document_id is not None and document_id != self._current_id:
            self._current_id = document_id
            self.document_activated.emit(document_id)
