"""Paints every comment in full in the thread's rows (header, text, reply count, the
corrected mark) and gives the current comment its editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QToolTip,
    QWidget,
)

from reader.core.model import Comment
from reader.ui.dates import shown_date
from reader.ui.models.comment_tree import CommentRole, CommentTreeModel
from reader.ui.panes.comments.editor import CommentEditor
from reader.ui.panes.comments.texts import GAP, PAD_X, PAD_Y, CommentTexts

if TYPE_CHECKING:
    from reader.ui.panes.comments.view import CommentTreeView
from reader.ui.wording import plural

CORRECTED_MARK = "✎ corrected"  # in the header of a comment the user's corrections made


class CommentDelegate(QStyledItemDelegate):
    """Paints a comment: a header line (number, author, date, replies when collapsed)
    and the whole text, wrapped; opens a :class:`CommentEditor` for the current one.

    Signals: none.
    """

    def __init__(self, view: CommentTreeView, texts: CommentTexts) -> None:
        super().__init__(view)
        self._view = view
        self.texts = texts
        self.related: str | None = None  # the parent of the current comment, tinted
        self.corrected: frozenset[str] = frozenset()  # comments the user's corrections made
        self.snap_words = True  # the editors' mouse selections take whole words
        self._header: tuple[QFont, int] | None = None
        self._widths: list[int] | None = None
        self._chrome = 0
        self._sizes: dict[tuple[int, int], QSize] = {}

    def fonts_changed(self) -> None:
        self._header = None
        self._chrome = 0

    def header_font(self) -> QFont:
        if self._header is None:
            font = QFont(self._view.font())
            font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
            self._header = (font, QFontMetrics(font).height())
        return self._header[0]

    def header_height(self) -> int:
        if self._header is None:
            self.header_font()
        assert self._header is not None
        return self._header[1]

    def body_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        model = index.model()
        return self._width_at(model.depth(index) if isinstance(model, CommentTreeModel) else 0)

    def _width_at(self, depth: int) -> int:
        widths = self._widths
        if widths is None:
            view = self._view
            step, first = view.indentation(), int(view.rootIsDecorated())
            room = view.viewport().width() - 2 * PAD_X
            widths = self._widths = [max(room - step * (d + first), 80) for d in range(64)]
        return widths[min(depth, 63)]

    def geometry_changed(self) -> None:
        """The view's width or indentation changed: text widths must be recomputed."""
        self._widths = None

    def body_rect(self, rect: QRect) -> QRect:
        top = rect.top() + PAD_Y + self.header_height() + GAP
        return QRect(
            rect.left() + PAD_X, top, rect.width() - 2 * PAD_X, rect.bottom() - PAD_Y - top
        )

    def row_size(self, comment: Comment, depth: int) -> QSize:
        """A comment's row at ``depth``: kept by the model as the row's size hint (so
        Qt's own ``sizeHint`` answers the view, with no Python call per row)."""
        width = self._width_at(depth)
        chrome = self._chrome if self._chrome else self._measure_chrome()
        key = (width, chrome + self.texts.height(comment, width))
        size = self._sizes.get(key)
        if size is None:  # (one QSize per size: the model copies it; making one costs)
            size = self._sizes[key] = QSize(key[0] + 2 * PAD_X, key[1])
        return size

    def helpEvent(self, event, view, option, index) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            model = index.model()
            text = model.tooltip_of(index) if isinstance(model, CommentTreeModel) else None
            if text:
                QToolTip.showText(event.globalPos(), text, view)
            else:
                QToolTip.hideText()
            return True
        return super().helpEvent(event, view, option, index)

    def _measure_chrome(self) -> int:
        self._chrome = 2 * PAD_Y + self.header_height() + GAP
        return self._chrome

    def header_text(self, index, comment: Comment) -> str:
        model = index.model()
        label = model.label(comment.id) if isinstance(model, CommentTreeModel) else ""
        parts = [f"#{label}"]
        if comment.author:
            parts.append(comment.author)
        if comment.date:
            parts.append(shown_date(comment.date))  # (the full timestamp on hover)
        if comment.id in self.corrected:
            parts.append(CORRECTED_MARK)
        replies = model.replies(index) if isinstance(model, CommentTreeModel) else 0
        if replies and not self._view.isExpanded(index):
            parts.append(f"▸ {plural(replies, 'reply', 'replies')} hidden")
        return "  ·  ".join(parts)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        comment: Comment | None = index.data(CommentRole)
        if comment is None:
            return
        palette = option.palette
        rect = option.rect
        painter.save()
        # over whatever selection panel the style drew: the thread marks it its own way
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        accent = palette.color(QPalette.ColorRole.Highlight)
        if selected:
            fill = QColor(accent)
            fill.setAlpha(48)
            painter.fillRect(rect, fill)
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), accent)
        elif comment.id == self.related:
            fill = QColor(accent)
            fill.setAlpha(20)
            painter.fillRect(rect, fill)
            painter.fillRect(QRect(rect.left(), rect.top(), 2, rect.height()), fill.darker(120))
        header = self.header_font()
        painter.setFont(header)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        header_rect = QRect(
            rect.left() + PAD_X, rect.top() + PAD_Y, rect.width() - 2 * PAD_X, self.header_height()
        )
        metrics = QFontMetrics(header)
        painter.drawText(
            header_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(
                self.header_text(index, comment), Qt.TextElideMode.ElideRight, header_rect.width()
            ),
        )
        editor_open = self._view.isPersistentEditorOpen(index)
        if not editor_open:
            body = self.body_rect(rect)
            qdoc = self.texts.laid_out(comment, body.width())
            if self.texts.exact_height(comment, body.width()) != body.height() + 1:
                self._view.request_relayout(index)  # the estimate was off: correct the row
            painter.setClipRect(body)
            painter.translate(body.topLeft())
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette = palette
            context.palette.setColor(
                QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.Text)
            )
            context.clip = QRectF(0, 0, body.width(), body.height())
            qdoc.documentLayout().draw(painter, context)
            painter.translate(-body.topLeft())
        line = QColor(palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(90)
        painter.setPen(QPen(line, 1))
        painter.drawLine(rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())
        painter.restore()

    def anchor_at(self, index, rect: QRect, pos: QPoint) -> str:
        comment: Comment | None = index.data(CommentRole)
        if comment is None:
            return ""
        body = self.body_rect(rect)
        if not body.contains(pos):
            return ""
        qdoc = self.texts.laid_out(comment, body.width())
        return qdoc.documentLayout().anchorAt(QPointF(pos - body.topLeft()))

    # ---- the current comment's editor

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index) -> QWidget:
        comment: Comment = index.data(CommentRole)
        editor = CommentEditor(comment, self.texts.text_map(comment), parent)
        editor.snapping.enabled = self.snap_words
        editor.setDocument(self.texts.build(comment))
        editor.document().setParent(editor)
        return editor

    def setEditorData(self, editor: QWidget, index) -> None:
        pass  # read-only: the text was set when the editor was made

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index) -> None:
        pass

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index) -> None:
        body = self.body_rect(option.rect)
        editor.setGeometry(body.adjusted(0, 0, 0, 1))
        if isinstance(editor, QTextBrowser):
            editor.document().setTextWidth(body.width())
