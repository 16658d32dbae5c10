"""The annotations pane: the current document's annotations, or the whole project's.

Selecting a row asks the window to show its passage; Delete asks to remove the selected
annotations; Enter or a double-click asks to edit the note. A tag chosen in the
codebook narrows the list to that tag (and its subtags); the bar above says so and
offers to show all again.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.models.annotation_list import (
    NOTE,
    PASSAGE,
    TAGS,
    WHERE,
    AnnotationIdRole,
    AnnotationListModel,
)
from reader.ui.panes.views import ColumnShares, EmptyHint, KeyTableView, set_up_row_table
from reader.ui.plain_text import plain_label
from reader.ui.wording import plural


class AnnotationsPane(QWidget):
    """Lists annotations.

    Signals:
        annotation_activated(str): the user moved to an annotation (its id): show it.
        delete_requested(list): remove these annotations (ids).
        note_requested(str): edit this annotation's note.
        scope_changed(bool): True to list the whole project, False the current document.
        filter_cleared(): the user asked to show annotations of every tag again.
    """

    annotation_activated = Signal(str)
    delete_requested = Signal(list)
    note_requested = Signal(str)
    scope_changed = Signal(bool)
    filter_cleared = Signal()

    def __init__(self, model: AnnotationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotations")
        self._model = model
        self._quiet = False
        self.document_button = QRadioButton("This document", self)
        self.document_button.setObjectName("annotations_scope_document")
        self.project_button = QRadioButton("Whole project", self)
        self.project_button.setObjectName("annotations_scope_project")
        self.document_button.setChecked(True)
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.document_button)
        self._scope.addButton(self.project_button)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("annotations_count")
        self.filter_label = plain_label(QLabel(self))
        self.filter_label.setObjectName("annotations_filter")
        self.clear_filter_button = QToolButton(self)
        self.clear_filter_button.setObjectName("annotations_clear_filter")
        self.clear_filter_button.setText("Show all tags")
        self.clear_filter_button.setAutoRaise(True)
        self.view = KeyTableView(self, delete=True)
        self.view.setObjectName("annotation_list")
        self.view.setModel(model)
        self.empty_hint = EmptyHint(
            self.view,
            "Nothing annotated here yet. Select a passage and press T to tag it or N for a note.",
        )
        set_up_row_table(self.view, self.fontMetrics().height() + 6)
        self.view.setCornerButtonEnabled(False)
        self._shares = ColumnShares(self.view, self.SHARES)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.document_button)
        bar.addWidget(self.project_button)
        bar.addSpacing(12)
        bar.addWidget(self.filter_label)
        bar.addWidget(self.clear_filter_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.set_filter_text(None)

        self.project_button.toggled.connect(self._on_project_button_toggled)
        self.clear_filter_button.clicked.connect(self.filter_cleared)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.delete_pressed.connect(self._on_view_delete_pressed)
        self.view.enter_pressed.connect(self._on_view_enter_pressed)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update_count)
        self._update_count()

    SHARES = ((PASSAGE, 0.4), (TAGS, 0.17), (NOTE, 0.19), (WHERE, 0.14))  # Coder: the rest

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._shares.fit(self.width())

    # ---- public

    def whole_project(self) -> bool:
        return self.project_button.isChecked()

    def set_whole_project(self, whole: bool) -> None:
        (self.project_button if whole else self.document_button).setChecked(True)

    def set_filter_text(self, text: str | None) -> None:
        """Say which tag the list is narrowed to (None: not narrowed)."""
        self.filter_label.setText(f"Tag: {text}" if text else "")
        self.filter_label.setVisible(bool(text))
        self.clear_filter_button.setVisible(bool(text))

    def select_annotation(self, annotation_id: str) -> bool:
        """Make an annotation current without asking to show it (it already is)."""
        row = self._model.row_of(annotation_id)
        if row is None:
            return False
        index = self._model.index(row, PASSAGE)
        self._quiet = True
        try:
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._quiet = False
        self.view.scrollTo(index)
        return True

    def selected_ids(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows(PASSAGE)
        ids = [self._model.data(i, AnnotationIdRole) for i in rows]
        if not ids:
            current = self.view.currentIndex()
            if current.isValid():
                ids = [self._model.data(current.siblingAtColumn(PASSAGE), AnnotationIdRole)]
        return [i for i in ids if i]

    def current_id(self) -> str | None:
        current = self.view.currentIndex()
        if not current.isValid():
            return None
        return self._model.data(current.siblingAtColumn(PASSAGE), AnnotationIdRole)

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self._model.rowCount():
            self.view.setCurrentIndex(self._model.index(0, PASSAGE))

    # ---- slots

    @Slot()
    def _update_count(self) -> None:
        shown, total = self._model.rowCount(), self._model.total()
        text = plural(shown, "annotation")
        if shown != total:
            text = f"{shown:,} of {plural(total, 'annotation')}"
        self.count_label.setText(text)

    @Slot(bool)
    def _on_project_button_toggled(self, checked: bool) -> None:
        self.scope_changed.emit(checked)

    @Slot(QModelIndex, QModelIndex)
    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        annotation_id = self._model.data(current.siblingAtColumn(PASSAGE), AnnotationIdRole)
        if annotation_id:
            self.annotation_activated.emit(annotation_id)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        annotation_id = self._model.data(index.siblingAtColumn(PASSAGE), AnnotationIdRole)
        if annotation_id:
            self.note_requested.emit(annotation_id)

    @Slot()
    def _on_view_delete_pressed(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_requested.emit(ids)

    @Slot()
    def _on_view_enter_pressed(self) -> None:
        annotation_id = self.current_id()
        if annotation_id:
            self.note_requested.emit(annotation_id)
