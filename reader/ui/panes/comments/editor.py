"""The current comment's editor: a read-only text browser over the comment's laid-out text,
where text can be selected and copied; it reports its selection in document offsets
(code points), and answers which offset lies under a point."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QPointF,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QMenu,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from reader.core.model import Comment
from reader.ui.panes import caret
from reader.ui.text_map import TextMap


class CommentEditor(caret.SnappingTextBrowser):
    """The current comment, as read-only text that can be selected, copied and clicked.

    Signals:
        navigation_key(QKeyEvent): an arrow or paging key the thread should handle.
        context_menu_about_to_show(QMenu, int): a context menu is about to open at this
            document offset (-1: not on the text); slots may add actions to it.
    """

    navigation_key = Signal(QKeyEvent)
    context_menu_about_to_show = Signal(QMenu, int)

    NAVIGATION = {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_Plus,
        Qt.Key.Key_Minus,
        Qt.Key.Key_Asterisk,
    }

    def __init__(self, comment: Comment, text_map: TextMap, parent: QWidget) -> None:
        super().__init__(parent)
        self.comment = comment
        self.text_map = text_map
        self.setObjectName("comment_editor")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.viewport().setAutoFillBackground(False)
        self.setAutoFillBackground(False)
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}

    def loadResource(self, _type: int, _name: QUrl):
        return None

    def event(self, event: QEvent) -> bool:
        # Selecting keys are the comment's, not a window shortcut's (Ctrl+Shift+Up, which
        # goes to the parent comment, is left to the window: paragraphs are not offered).
        if caret.claims(event, paragraphs=False):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if caret.extend_by_unit(self, event, paragraphs=False):
            event.accept()
            return
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
        )
        if plain and Qt.Key(event.key()) in self.NAVIGATION:
            self.navigation_key.emit(event)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu_about_to_show.emit(menu, self.offset_at(event.pos()))
        menu.popup(event.globalPos())

    def offset_at(self, pos: QPoint) -> int:
        """The document offset of the character at viewport point ``pos``, or -1."""
        layout = self.document().documentLayout()
        position = layout.hitTest(QPointF(pos), Qt.HitTestAccuracy.ExactHit)
        offset = self.text_map.to_doc(position) if position >= 0 else None
        return -1 if offset is None else offset

    def select_span(self, start: int, end: int) -> list[tuple[int, int]]:
        ranges = self.text_map.qt_ranges(start, end)
        if ranges:
            cursor = QTextCursor(self.document())
            cursor.setPosition(ranges[0][0])
            cursor.setPosition(ranges[-1][1], QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)
        return ranges

    def selected_span(self) -> tuple[int, int] | None:
        """The selected document span (code points), if anything is selected."""
        return self.text_map.selected_span(self.textCursor())

    def set_layer(self, layer: str, ranges: Sequence[tuple[int, int, QTextCharFormat]]) -> None:
        """Extra selections in pane positions of this editor."""
        out = []
        for a, b, fmt in ranges:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            out.append(sel)
        if out:
            self._layers[layer] = out
        else:
            self._layers.pop(layer, None)
        self.setExtraSelections([s for sels in self._layers.values() for s in sels])
