"""The current comment's editor: a read-only text browser opened over the current row of
the thread (a persistent editor), where text is selected by mouse or keyboard and
copied, quote links are hovered and clicked, and a revealed passage flashes. What
happens in it comes out as signals, which the comment pane passes on as its own.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from reader.ui.panes.comments.editor import CommentEditor
from reader.ui.panes.comments.hooks import SpanHooks
from reader.ui.panes.comments.texts import CommentTexts
from reader.ui.panes.comments.view import CommentTreeView

FLASH_MS = 900


class CurrentEditor(QObject):
    """Opens, closes and listens to the editor of the thread's current row.

    Signals:
        selection_changed(str, int, int): text selected in it (its comment's id and the
            document span); ("", -1, -1) when nothing is selected.
        link_activated(int), link_hovered(int): a quote link clicked, or under the mouse
            (-1 when it left).
        context_menu_about_to_show(QMenu, str, int): its context menu, at a comment (id)
            and document offset.
    """

    selection_changed = Signal(str, int, int)
    link_activated = Signal(int)
    link_hovered = Signal(int)
    context_menu_about_to_show = Signal(QMenu, str, int)

    def __init__(self, view: CommentTreeView, texts: CommentTexts, parent: QObject) -> None:
        super().__init__(parent)
        self._view = view
        self._texts = texts
        self._index = QPersistentModelIndex()
        self.hooks: SpanHooks | None = None  # the annotations' hover and double-click
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)

    def editor(self) -> CommentEditor | None:
        if not self._index.isValid():
            return None
        editor = self._view.indexWidget(QModelIndex(self._index))
        return editor if isinstance(editor, CommentEditor) else None

    def has_focus(self) -> bool:
        editor = self.editor()
        return editor is not None and editor.hasFocus()

    def open(self, index: QModelIndex, *, keep_focus_in_view: bool) -> None:
        """An editor on ``index``'s row (the one before closed first)."""
        self.close()
        self._view.openPersistentEditor(index)
        self._index = QPersistentModelIndex(index)
        editor = self.editor()
        if editor is None:
            return
        editor.selectionChanged.connect(self._on_editor_selection_changed)
        editor.anchorClicked.connect(self._on_editor_anchor_clicked)
        editor.highlighted.connect(self._on_editor_highlighted)
        editor.navigation_key.connect(self._on_editor_navigation_key)
        editor.context_menu_about_to_show.connect(self._on_editor_context_menu)
        if self.hooks is not None:  # a new editor for each current comment
            editor.viewport().installEventFilter(self.hooks)
        if keep_focus_in_view:
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def close(self) -> None:
        if self._index.isValid():
            index = QModelIndex(self._index)
            editor = self.editor()
            if editor is not None:
                editor.selectionChanged.disconnect(self._on_editor_selection_changed)
            self._view.closePersistentEditor(index)
        self._index = QPersistentModelIndex()

    def refresh_layers(self) -> None:
        """Its text again, with the highlights as they are now."""
        editor = self.editor()
        if editor is None:
            return
        editor.setDocument(self._texts.build(editor.comment))
        editor.document().setParent(editor)
        editor.document().setTextWidth(editor.width())

    def flash(self, start: int, end: int, colour: QColor) -> None:
        """Select ``start..end`` (document offsets) in it, flash it and scroll it into
        the thread's view."""
        editor = self.editor()
        if editor is None:
            return
        ranges = editor.select_span(start, end)
        fmt = QTextCharFormat()
        flash = QColor(colour)
        flash.setAlpha(110)
        fmt.setBackground(flash)
        editor.set_layer("flash", [(a, b, fmt) for a, b in ranges])
        self._flash_timer.start()
        if not ranges:
            return
        cursor = QTextCursor(editor.document())
        cursor.setPosition(ranges[0][0])
        rect = editor.cursorRect(cursor).translated(editor.geometry().topLeft())
        viewport = self._view.viewport().rect()
        if not viewport.contains(rect):
            bar = self._view.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - viewport.height() // 3)

    # ---- its events

    @Slot()
    def _on_editor_selection_changed(self) -> None:
        editor = self.editor()
        span = editor.selected_span() if editor else None
        if editor is None or span is None:
            self.selection_changed.emit("", -1, -1)
        else:
            self.selection_changed.emit(editor.comment.id, span[0], span[1])

    @Slot(QUrl)
    def _on_editor_highlighted(self, url: QUrl) -> None:
        kind, _, number = url.toString().partition(":")
        self.link_hovered.emit(int(number) if kind == "link" and number.isdigit() else -1)

    @Slot(QUrl)
    def _on_editor_anchor_clicked(self, url: QUrl) -> None:
        kind, _, number = url.toString().partition(":")
        if kind == "link" and number.isdigit():
            self.link_activated.emit(int(number))

    @Slot(QKeyEvent)
    def _on_editor_navigation_key(self, event: QKeyEvent) -> None:
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.sendEvent(
            self._view, QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        )

    @Slot(QMenu, int)
    def _on_editor_context_menu(self, menu: QMenu, offset: int) -> None:
        editor = self.editor()
        if editor is not None:
            self.context_menu_about_to_show.emit(menu, editor.comment.id, offset)

    @Slot()
    def _on_flash_timer_timeout(self) -> None:
        editor = self.editor()
        if editor is not None:
            editor.set_layer("flash", [])
