"""Tooltips and double-clicks over the comments' text, answered by whoever set the hooks
(the annotations' tooltips, a note opened by a double-click on a passage)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QToolTip, QWidget


class SpanHooks(QObject):
    """An event filter for the thread's viewport and the current comment's editor.

    ``offset_at(global_pos)`` finds the comment and document offset under a screen
    point; ``tooltip(comment_id, offset)`` is the tooltip there ("": the usual one);
    ``activate(comment_id, offset)`` takes a double-click there (True: taken)."""

    def __init__(
        self,
        offset_at: Callable[[QPoint], tuple[str, int] | None],
        tooltip: Callable[[str, int], str],
        activate: Callable[[str, int], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._offset_at = offset_at
        self._tooltip = tooltip
        self._activate = activate

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self._offset_at(event.globalPos())
            text = self._tooltip(*found) if found else ""
            if text and isinstance(watched, QWidget):
                QToolTip.showText(event.globalPos(), text, watched)
                return True
        elif (
            kind == QEvent.Type.MouseButtonDblClick
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            found = self._offset_at(event.globalPosition().toPoint())
            if found and self._activate(*found):
                return True
        return super().eventFilter(watched, event)
