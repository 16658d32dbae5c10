"""The codebook pane: the tree of tags with usage counts, a find-or-add box, and a
menu for everything a tag can undergo.

Every change is an intent for the window (which makes it an undoable command); the
pane changes nothing itself. Choosing a tag (click or arrows) asks to narrow the
annotations pane to it; Enter or a double-click asks to tag the current selection.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.core.palette import PALETTE
from reader.core.records import Tag
from reader.ui.models.codebook import NAME, USES, CodebookModel, PathRole, swatch_icon
from reader.ui.panes.views import EmptyHint

NEW_TAG_NAME = "New tag"


class CodebookView(QTreeView):
    """The tag tree; Delete, Enter and the context menu become signals.

    Signals:
        delete_pressed(): Delete was pressed.
        enter_pressed(): Enter or Return was pressed.
        context_menu_requested(QPoint, QPoint): a menu was asked for at a viewport point
            (and its screen point).
    """

    delete_pressed = Signal()
    enter_pressed = Signal()
    context_menu_requested = Signal(QPoint, QPoint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() == Qt.Key.Key_Delete and not event.modifiers():
                self.delete_pressed.emit()
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.enter_pressed.emit()
                event.accept()
                return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_menu_requested.emit(event.pos(), event.globalPos())
        event.accept()


class CodebookPane(QWidget):
    """Shows the codebook.

    Signals:
        tag_selected(str): the user chose a tag in the tree ("" when none is chosen).
        tag_apply_requested(str): tag the current selection with this tag.
        create_requested(str, str): a new tag with this name under a parent ("": top).
        recolour_requested(str, str): give a tag (id) this colour (``#rrggbb``).
        describe_requested(str): edit a tag's description.
        move_requested(str, str, int): put a tag under a parent ("": top level) at a
            position among its siblings (counted without it).
        move_under_requested(str): the user wants to pick a new parent for a tag.
        merge_requested(str): the user wants to merge a tag into another (to be picked).
        delete_requested(str): delete a tag (the window asks for confirmation).
    """

    tag_selected = Signal(str)
    tag_apply_requested = Signal(str)
    create_requested = Signal(str, str)
    recolour_requested = Signal(str, str)
    describe_requested = Signal(str)
    move_requested = Signal(str, str, int)
    move_under_requested = Signal(str)
    merge_requested = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, model: CodebookModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebook")
        self._model = model
        self._expanded: set[str] | None = None
        self._current_before_reset: str | None = None
        self._seen: set[str] = set()
        self.find_edit = QLineEdit(self)
        self.find_edit.setObjectName("codebook_find")
        self.find_edit.setPlaceholderText("Find or add a tag")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setToolTip("Type to find a tag; Enter adds one when none has the name")
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("codebook_add")
        self.add_button.setText("+")
        self.add_button.setToolTip("New tag")
        self.add_button.setAutoRaise(True)
        self.view = CodebookView(self)
        self.view.setObjectName("codebook_tree")
        self.view.setModel(model)
        self.empty_hint = EmptyHint(
            self.view, "No tags yet. Select text and press T to tag it, or type a name above."
        )
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAnimated(False)
        self.view.setExpandsOnDoubleClick(False)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(USES, QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        top.addWidget(self.find_edit, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view)

        self.find_edit.textChanged.connect(self._on_find_text_changed)
        self.find_edit.installEventFilter(self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.delete_pressed.connect(self._on_view_delete_pressed)
        self.view.enter_pressed.connect(self._on_view_enter_pressed)
        self.view.context_menu_requested.connect(self._on_view_context_menu_requested)
        model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        model.modelReset.connect(self._on_model_reset)

    # ---- public

    def current_tag(self) -> Tag | None:
        return self._model.tag_at(self.view.currentIndex())

    def select_tag(self, tag_id: str, *, quiet: bool = True) -> bool:
        index = self._model.index_of(tag_id)
        if not index.isValid():
            return False
        self._reveal(index)
        blocker = self.view.selectionModel().blockSignals(quiet)
        try:
            self.view.setCurrentIndex(index)
        finally:
            self.view.selectionModel().blockSignals(blocker)
        self.view.scrollTo(index)
        self.view.viewport().update()
        return True

    def clear_selection(self) -> None:
        model = self.view.selectionModel()
        blocked = model.blockSignals(True)
        try:
            model.clearCurrentIndex()
            model.clearSelection()
        finally:
            model.blockSignals(blocked)
        self.view.viewport().update()

    def edit_name(self, tag_id: str) -> None:
        """Select a tag and open its name for typing."""
        if self.select_tag(tag_id):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.edit(self._model.index_of(tag_id))

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    # ---- filtering by hiding rows (the codebook is small)

    def _apply_filter(self) -> None:
        query = " ".join(self.find_edit.text().casefold().split())
        self._filter_children(QModelIndex(), query)
        if query:
            self.view.expandAll()

    def _filter_children(self, parent: QModelIndex, query: str) -> bool:
        any_shown = False
        for row in range(self._model.rowCount(parent)):
            index = self._model.index(row, NAME, parent)
            below = self._filter_children(index, query)
            path = str(self._model.data(index, PathRole) or "").casefold()
            shown = not query or query in path or below
            self.view.setRowHidden(row, parent, not shown)
            any_shown = any_shown or shown
        return any_shown

    def _reveal(self, index: QModelIndex) -> None:
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()

    # ---- the menu

    def build_menu(self, tag: Tag | None) -> QMenu:
        """The context menu for ``tag`` (or for the empty space)."""
        menu = QMenu(self)
        menu.setObjectName("codebook_menu")
        new = menu.addAction("New Tag")
        new.triggered.connect(self._on_add_button_clicked)
        if tag is None:
            return menu
        tag_id = tag.id
        sub = menu.addAction("New Subtag")
        sub.setData(tag_id)
        sub.triggered.connect(self._on_new_subtag_triggered)
        menu.addSeparator()
        rename = menu.addAction("Rename")
        rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
        rename.setData(tag_id)
        rename.triggered.connect(self._on_rename_triggered)
        colours = menu.addMenu("Colour")
        colours.setObjectName("codebook_colour_menu")
        for swatch in PALETTE:
            action = colours.addAction(
                swatch_icon(self._model.fill(swatch.light)), swatch.name.capitalize()
            )
            action.setCheckable(True)
            action.setChecked(tag.colour == swatch.light)
            action.setData((tag_id, swatch.light))
            action.triggered.connect(self._on_colour_triggered)
        colours.addSeparator()
        other = colours.addAction("Other…")
        other.setData(tag_id)
        other.triggered.connect(self._on_other_colour_triggered)
        describe = menu.addAction("Description…")
        describe.setData(tag_id)
        describe.triggered.connect(self._on_describe_triggered)
        menu.addSeparator()
        index = self._model.index_of(tag_id)
        siblings = self._model.rowCount(index.parent())
        for text, delta in (("Move Up", -1), ("Move Down", 1)):
            action = menu.addAction(text)
            action.setData((tag_id, delta))
            action.setEnabled(0 <= index.row() + delta < siblings)
            action.triggered.connect(self._on_move_step_triggered)
        top = menu.addAction("Move to Top Level")
        top.setData(tag_id)
        top.setEnabled(tag.parent is not None)
        top.triggered.connect(self._on_move_top_triggered)
        under = menu.addAction("Move Under…")
        under.setData(tag_id)
        under.triggered.connect(self._on_move_under_triggered)
        merge = menu.addAction("Merge Into…")
        merge.setData(tag_id)
        merge.setEnabled(len(self._model.tags()) > 1)
        merge.triggered.connect(self._on_merge_triggered)
        menu.addSeparator()
        delete = menu.addAction("Delete…")
        delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        delete.setData(tag_id)
        delete.triggered.connect(self._on_delete_triggered)
        return menu

    @staticmethod
    def _data(action: object):
        return action.data() if isinstance(action, QAction) else None

    # ---- slots

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.find_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_find_entered()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if event.key() == Qt.Key.Key_Escape and self.find_edit.text():
                self.find_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _on_find_entered(self) -> None:
        name = " ".join(self.find_edit.text().split())
        if not name:
            return
        found = next((t for t in self._model.tags() if t.name.casefold() == name.casefold()), None)
        if found is not None:
            self.find_edit.clear()
            self.select_tag(found.id, quiet=False)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.find_edit.clear()
        self.create_requested.emit(name, "")

    @Slot(str)
    def _on_find_text_changed(self, _text: str) -> None:
        self._apply_filter()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.create_requested.emit(NEW_TAG_NAME, "")

    @Slot()
    def _on_new_subtag_triggered(self) -> None:
        parent = self._data(self.sender())
        if parent:
            self.create_requested.emit(NEW_TAG_NAME, str(parent))

    @Slot()
    def _on_rename_triggered(self) -> None:
        tag_id = self._data(self.sender())
        if tag_id:
            self.edit_name(str(tag_id))

    @Slot()
    def _on_colour_triggered(self) -> None:
        data = self._data(self.sender())
        if data:
            tag_id, colour = data
            self.recolour_requested.emit(tag_id, colour)

    @Slot()
    def _on_other_colour_triggered(self) -> None:
        tag_id = self._data(self.sender())
        tag = self._model.tag(str(tag_id)) if tag_id else None
        if tag is None:
            return
        colour = QColorDialog.getColor(QColor(tag.colour), self, f"Colour of “{tag.name}”")
        if colour.isValid():
            self.recolour_requested.emit(tag.id, colour.name())

    @Slot()
    def _on_describe_triggered(self) -> None:
        tag_id = self._data(self.sender())
        if tag_id:
            self.describe_requested.emit(str(tag_id))

    @Slot()
    def _on_move_step_triggered(self) -> None:
        data = self._data(self.sender())
        if not data:
            return
        tag_id, delta = data
        tag = self._model.tag(tag_id)
        index = self._model.index_of(tag_id)
        if tag is not None:
            self.move_requested.emit(tag_id, tag.parent or "", index.row() + delta)

    @Slot()
    def _on_move_top_triggered(self) -> None:
        tag_id = self._data(self.sender())
        if tag_id:
            self.move_requested.emit(str(tag_id), "", self._model.rowCount())

    @Slot()
    def _on_move_under_triggered(self) -> None:
        tag_id = self._data(self.sender())
        if tag_id:
            self.move_under_requested.emit(str(tag_id))

    @Slot()
    def _on_merge_triggered(self) -> None:
        tag_id = self._data(self.sender())
        if tag_id:
            self.merge_requested.emit(str(tag_id))

    @Slot()
    def _on_delete_triggered(self) -> None:
        tag_id = self._data(self.sender())
        if tag_id:
            self.delete_requested.emit(str(tag_id))

    @Slot(QPoint, QPoint)
    def _on_view_context_menu_requested(self, pos: QPoint, global_pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        tag = self._model.tag_at(index)
        if tag is not None:
            self.view.setCurrentIndex(index.siblingAtColumn(NAME))
        menu = self.build_menu(tag)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(global_pos)

    @Slot(QModelIndex, QModelIndex)
    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        tag = self._model.tag_at(current)
        self.tag_selected.emit(tag.id if tag else "")

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        tag = self._model.tag_at(index)
        if tag is not None:
            self.tag_apply_requested.emit(tag.id)

    @Slot()
    def _on_view_delete_pressed(self) -> None:
        tag = self.current_tag()
        if tag is not None:
            self.delete_requested.emit(tag.id)

    @Slot()
    def _on_view_enter_pressed(self) -> None:
        tag = self.current_tag()
        if tag is not None:
            self.tag_apply_requested.emit(tag.id)

    @Slot()
    def _on_model_about_to_be_reset(self) -> None:
        if self._model.rowCount() == 0:
            self._expanded = None  # first fill: everything opens
            return
        current = self.current_tag()
        self._current_before_reset = current.id if current else None
        self._expanded = set()
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(self._model.rowCount(parent)):
                index = self._model.index(row, NAME, parent)
                if self.view.isExpanded(index):
                    tag = self._model.tag_at(index)
                    if tag is not None:
                        self._expanded.add(tag.id)
                stack.append(index)

    @Slot()
    def _on_model_reset(self) -> None:
        if self._expanded is None:
            self.view.expandAll()
        else:
            known = self._expanded
            for tag in self._model.tags():
                if tag.id in known or tag.id not in self._seen:
                    self.view.expand(self._model.index_of(tag.id))
            if self._current_before_reset:
                self.select_tag(self._current_before_reset)
        self._seen = {t.id for t in self._model.tags()}
        self._apply_filter()
