"""The thread's tree view: rows as tall as their comment, laid out when painted, the rows
whose estimate was off corrected, quote links under the mouse."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyleOptionViewItem,
    QTextBrowser,
    QTreeView,
    QWidget,
)

from reader.ui.models.comment_tree import CommentTreeModel
from reader.ui.panes.comments.delegate import CommentDelegate
from reader.ui.panes.comments.texts import PAD_Y


class CommentTreeView(QTreeView):
    """The thread, with thread lines for nesting and full-width comments.

    Signals:
        link_hovered(int): the mouse is over a quote link (its index), or -1.
        link_clicked(int): a quote link in a painted comment was clicked.
        context_menu_requested(QPoint, QPoint): a context menu was asked for at a
            viewport point (and its screen point).
    """

    link_hovered = Signal(int)
    link_clicked = Signal(int)
    context_menu_requested = Signal(QPoint, QPoint)

    def __init__(self, model: CommentTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comment_tree")
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setIndentation(18)
        self.setRootIsDecorated(True)
        self.setAnimated(False)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there, so a thread growing past the bottom never narrows the text
        # (which would re-measure every comment).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setFrameShape(QTreeView.Shape.NoFrame)
        self._width = -1
        self._hovered = -1
        self._pressed_link = -1
        self._dragging_in: QTextBrowser | None = None  # the editor a drag selects in
        self._forwarding = False
        self._stale: list[QPersistentModelIndex] = []
        self._after_paint = None
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self._on_relayout_timeout)

    def request_relayout(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Re-measure ``index``'s row soon (rows asking together are done together),
        keeping the row at the top of the view where it is."""
        self._stale.append(QPersistentModelIndex(index))
        if not self._relayout.isActive():
            self._relayout.start()

    def relayout_now(self) -> None:
        if self._relayout.isActive():
            self._relayout.stop()
            self._on_relayout_timeout()

    def set_after_first_paint(self, callback) -> None:
        """Call ``callback`` once, after the view next paints."""
        self._after_paint = callback

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._after_paint is not None:
            callback, self._after_paint = self._after_paint, None
            QTimer.singleShot(0, callback)

    @Slot()
    def _on_relayout_timeout(self) -> None:
        stale, self._stale = self._stale, []
        anchor = self.indexAt(QPoint(1, 1))
        before = self.visualRect(anchor).top() if anchor.isValid() else 0
        model = self.model()
        for index in stale:
            if index.isValid() and isinstance(model, CommentTreeModel):
                # a tree view re-measures just that row on dataChanged
                model.row_height_changed(QModelIndex(index))
        if anchor.isValid():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self.visualRect(anchor).top() - before)
        self.updateEditorGeometries()  # the current comment's text follows its row

    def updateGeometries(self) -> None:
        super().updateGeometries()
        # A wheel notch scrolls three lines of text, not three "items" (Qt's per-pixel
        # step is the viewport over the rows in it: with tall comments, most of a pane).
        self.verticalScrollBar().setSingleStep(max(1, self.fontMetrics().lineSpacing()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._width:
            self._width = width
            delegate = self.itemDelegate()
            if isinstance(delegate, CommentDelegate):
                delegate.texts.invalidate()
                delegate.geometry_changed()
            model = self.model()
            if isinstance(model, CommentTreeModel):
                model.refresh_sizes()  # every row's width follows the view's
            self.scheduleDelayedItemsLayout()

    def drawBranches(self, painter: QPainter, rect: QRect, index) -> None:
        pass  # drawn by drawRow, after the style's row panel (which would cover them)

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().drawRow(painter, option, index)
        model = self.model()
        depth = model.depth(index) if isinstance(model, CommentTreeModel) else 0
        width = self.indentation() * (depth + int(self.rootIsDecorated()))
        left = -self.horizontalOffset()
        self._draw_thread(
            painter, QRect(left, option.rect.top(), width, option.rect.height()), index, depth
        )

    def _draw_thread(self, painter: QPainter, rect: QRect, index, depth: int) -> None:
        """Thread lines under each ancestor, and a small arrow by comments with replies."""
        step = self.indentation()
        left = rect.right() + 1 - step * (depth + 1)
        painter.save()
        # the style may have painted the selection here: the delegate marks it instead
        painter.fillRect(rect, self.palette().color(QPalette.ColorRole.Base))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = QColor(self.palette().color(QPalette.ColorRole.Mid))
        painter.setPen(QPen(line, 1.5))
        for level in range(depth):
            x = left + level * step + step / 2
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom() + 1))
        if self.model().hasChildren(index):
            delegate = self.itemDelegate()
            header = delegate.header_height() if isinstance(delegate, CommentDelegate) else 12
            cx = left + depth * step + step / 2
            cy = rect.top() + PAD_Y + header / 2
            r = 4.0
            if self.isExpanded(index):
                points = [
                    QPointF(cx - r, cy - r / 2),
                    QPointF(cx + r, cy - r / 2),
                    QPointF(cx, cy + r / 2 + 1),
                ]
            else:
                points = [
                    QPointF(cx - r / 2, cy - r),
                    QPointF(cx - r / 2, cy + r),
                    QPointF(cx + r / 2 + 1, cy),
                ]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawPolygon(QPolygonF(points))
        painter.restore()

    def link_at(self, pos: QPoint) -> int:
        """The quote link painted at ``pos`` (viewport coordinates), or -1."""
        index = self.indexAt(pos)
        href = ""
        delegate = self.itemDelegate()
        if index.isValid() and isinstance(delegate, CommentDelegate):
            href = delegate.anchor_at(index, self.visualRect(index), pos)
        kind, _, number = href.partition(":")
        return int(number) if kind == "link" and number.isdigit() else -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left = event.button() == Qt.MouseButton.LeftButton
        self._pressed_link = self.link_at(event.position().toPoint()) if left else -1
        super().mousePressEvent(event)
        self._dragging_in = None
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if left and plain and self._pressed_link < 0:
            # The press made this comment current and gave it its text editor: the same
            # press, and the drag that follows, select in that text (first try).
            index = self.indexAt(event.position().toPoint())
            editor = self.indexWidget(index) if index.isValid() else None
            if isinstance(editor, QTextBrowser) and editor.geometry().contains(
                event.position().toPoint()
            ):
                self._dragging_in = editor
                editor.setFocus(Qt.FocusReason.MouseFocusReason)
                self._forward(event)

    def _forward(self, event: QMouseEvent) -> None:
        """Give a mouse event to the text editor being dragged in, at the same place on
        the screen (its row may have moved since the press)."""
        editor = self._dragging_in
        if editor is None or self._forwarding:
            return  # (an event the editor ignores comes back up to the view)
        self._forwarding = True
        try:
            self._send(editor, event)
        finally:
            self._forwarding = False

    @staticmethod
    def _send(editor: QTextBrowser, event: QMouseEvent) -> None:
        target = editor.viewport()
        local = QPointF(target.mapFromGlobal(event.globalPosition().toPoint()))
        QApplication.sendEvent(
            target,
            QMouseEvent(
                event.type(), local, event.globalPosition(), event.button(), event.buttons(),
                event.modifiers(),
            ),
        )  # fmt: skip

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging_in is not None:
            self._forward(event)
            self._dragging_in = None
        super().mouseReleaseEvent(event)
        pressed, self._pressed_link = self._pressed_link, -1
        if pressed >= 0 and self.link_at(event.position().toPoint()) == pressed:
            self.link_clicked.emit(pressed)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging_in is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._forward(event)  # the text selects, not the rows
            return
        super().mouseMoveEvent(event)
        hovered = self.link_at(event.position().toPoint())
        self.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if hovered >= 0 else Qt.CursorShape.ArrowCursor
        )
        if hovered != self._hovered:
            self._hovered = hovered
            self.link_hovered.emit(hovered)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_menu_requested.emit(event.pos(), event.globalPos())
        event.accept()

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        if self._hovered != -1:
            self._hovered = -1
            self.link_hovered.emit(-1)
