"""The comment thread: a tree view whose delegate paints every comment in full.

Each comment is laid out as a small ``QTextDocument`` (cached, a bounded number at a
time) so painting, size hints and hit-testing of quote links agree. The current comment
gets a read-only text browser as a persistent editor, where text can be selected and
copied; its selection is reported in document offsets.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import Comment, Document
from reader.core.offsets import Utf16Index
from reader.ui.models.comment_tree import CommentRole, CommentTreeModel, ReplyCountRole
from reader.ui.text_map import TextMap
from reader.ui.wording import comment_count_text, plural

PAD_X, PAD_Y, GAP = 8, 7, 3
CACHE_SIZE = 400
EAGER_COMMENTS = 300  # comments whose replies are open before a thread is first painted
EXPAND_STEP = 100  # replies opened per step after that
FLASH_MS = 900
CORRECTED_MARK = "✎ corrected"  # in the header of a comment the user's corrections made

Span = tuple[int, int, QTextCharFormat]


class _JoinedSpans(Mapping[str, Sequence[Span]]):
    """Several layers' spans by comment, joined when a comment's are asked for."""

    def __init__(self, layers: Sequence[Mapping[str, Sequence[Span]]]) -> None:
        self._layers = layers

    def __getitem__(self, comment_id: str) -> list[Span]:
        found = [s for layer in self._layers for s in layer.get(comment_id, ())]
        if not found:
            raise KeyError(comment_id)
        return found

    def __iter__(self):
        return iter({k: None for layer in self._layers for k in layer})

    def __len__(self) -> int:
        return len({k for layer in self._layers for k in layer})


class CommentTexts:
    """Builds (and caches) the laid-out text of each comment, with its text map."""

    def __init__(self, palette: QPalette, font: QFont) -> None:
        self._docs: OrderedDict[str, QTextDocument] = OrderedDict()
        self._maps: dict[str, TextMap] = {}
        self._exact: dict[tuple[str, int], int] = {}
        self._estimates: dict[tuple[str, int], int] = {}
        self._line: tuple[float, float, float] | None = None
        self._doc: Document | None = None
        self._doc_index: Utf16Index | None = None
        self._outgoing: dict[str, list[int]] = {}
        self._incoming: dict[str, list[int]] = {}
        self._overlays: dict[str, list[Span]] = {}
        self.palette = palette
        self.font = font

    def set_document(self, doc: Document | None) -> None:
        self._doc = doc
        self._doc_index = Utf16Index(doc.text) if doc is not None else None
        self._outgoing, self._incoming = {}, {}
        for i, link in enumerate(doc.links if doc else ()):
            if link.source.comment is not None:
                self._outgoing.setdefault(link.source.comment, []).append(i)
            if link.target.comment is not None:
                self._incoming.setdefault(link.target.comment, []).append(i)
        self._docs.clear()
        self._exact.clear()
        self._maps.clear()
        if len(self._estimates) > 100_000:  # estimates depend on words and width only
            self._estimates.clear()

    def set_overlays(
        self, by_comment: Mapping[str, Sequence[Span]], changed: Iterable[str] | None = None
    ) -> None:
        """Spans to merge into each comment's text; ``changed`` names the comments whose
        spans differ from before (None: any may), so only those are laid out again."""
        self._overlays = by_comment
        if changed is None:
            self._docs.clear()
        else:
            for comment_id in changed:
                self._docs.pop(comment_id, None)

    def invalidate(self) -> None:
        """Forget layouts and heights (the width, font or palette changed)."""
        self._docs.clear()
        self._exact.clear()
        self._estimates.clear()
        self._line = None

    def text_map(self, comment: Comment) -> TextMap:
        found = self._maps.get(comment.id)
        if found is None:
            found = TextMap(self._doc_index)
            if self._doc is not None:
                source = self._doc.text[comment.start : comment.end]
                found.add_aligned(0, comment.text, source, comment.start)
            self._maps[comment.id] = found
        return found

    def build(self, comment: Comment) -> QTextDocument:
        """A fresh document for ``comment`` (the caller owns it)."""
        qdoc = QTextDocument()
        qdoc.setUndoRedoEnabled(False)
        qdoc.setDocumentMargin(0)
        qdoc.setDefaultFont(self.font)
        cursor = QTextCursor(qdoc)
        cursor.insertText(comment.text)
        text_map = self.text_map(comment)
        accent = self.palette.color(QPalette.ColorRole.Link)
        if self._doc is not None:
            for i in self._outgoing.get(comment.id, ()):
                link = self._doc.links[i]
                fmt = QTextCharFormat()
                fmt.setAnchor(True)
                fmt.setAnchorHref(f"link:{i}")
                fmt.setFontUnderline(True)
                fmt.setUnderlineColor(accent)
                tint = QColor(accent)
                tint.setAlpha(30)
                fmt.setBackground(tint)
                fmt.setToolTip(f"Quotes {'a comment' if link.target.comment else 'the article'}")
                self._merge(qdoc, text_map, link.source.start, link.source.end, fmt)
            for i in self._incoming.get(comment.id, ()):
                link = self._doc.links[i]
                fmt = QTextCharFormat()
                tint = QColor(accent)
                tint.setAlpha(22)
                fmt.setBackground(tint)
                self._merge(qdoc, text_map, link.target.start, link.target.end, fmt)
        for start, end, fmt in self._overlays.get(comment.id, ()):
            self._merge(qdoc, text_map, start, end, fmt)
        return qdoc

    @staticmethod
    def _merge(qdoc: QTextDocument, text_map: TextMap, start: int, end: int, fmt) -> None:
        for a, b in text_map.qt_ranges(start, end):
            cursor = QTextCursor(qdoc)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

    def laid_out(self, comment: Comment, width: int) -> QTextDocument:
        qdoc = self._docs.get(comment.id)
        if qdoc is None:
            qdoc = self.build(comment)
            self._docs[comment.id] = qdoc
            if len(self._docs) > CACHE_SIZE:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(comment.id)
        if qdoc.textWidth() != width:
            qdoc.setTextWidth(width)
        return qdoc

    def height(self, comment: Comment, width: int) -> int:
        """The text's height at ``width``: exact once laid out, estimated until then.

        Laying out 5,000 comments takes seconds; the estimate (one font measurement per
        paragraph) takes milliseconds. Comments are laid out when painted, and the view
        corrects any row whose estimate was off (see ``CommentTreeView.request_relayout``).
        """
        key = (comment.id, width)
        found = self._exact.get(key)
        if found is None:
            found = self._estimates.get(key)
            if found is None:
                found = self._estimate(comment.text, width)
                self._estimates[key] = found
        return found

    def exact_height(self, comment: Comment, width: int) -> int:
        key = (comment.id, width)
        found = self._exact.get(key)
        if found is None:
            found = math.ceil(self.laid_out(comment, width).size().height())
            self._exact[key] = found
        return found

    def _estimate(self, text: str, width: int) -> int:
        if self._line is None:
            probe = QTextDocument()
            probe.setDocumentMargin(0)
            probe.setDefaultFont(self.font)
            probe.setPlainText("x")
            one = probe.size().height()
            probe.setPlainText("x\nx")
            per_line = probe.size().height() - one
            sample = "The quick brown fox jumps over the lazy dog, said the reader. "
            advance = QFontMetricsF(self.font).horizontalAdvance(sample) / len(sample)
            self._line = (one - per_line, per_line, advance)
        base, per_line, advance = self._line
        per_row = max(int((width - 4) / (advance * 1.04)), 1)  # words do not fill a row
        if "\n" not in text:
            lines = (len(text) - 1) // per_row + 1 if text else 1
        else:
            lines = 0
            for paragraph in text.split("\n"):
                lines += (len(paragraph) - 1) // per_row + 1 if paragraph else 1
        return math.ceil(base + lines * per_line)


class CommentEditor(QTextBrowser):
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
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
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.text_map.doc_span(cursor.selectionStart(), cursor.selectionEnd())

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
        self._header: tuple[QFont, int] | None = None
        self._widths: list[int] | None = None
        self._chrome = 0

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
        return self._width_at(CommentTreeModel.comment_and_depth(index)[1])

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

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        # Called for every comment whenever the view lays out: kept to a few look-ups.
        comment, depth = CommentTreeModel.comment_and_depth(index)
        width = self._width_at(depth)
        chrome = self._chrome if self._chrome else self._measure_chrome()
        return QSize(width + 2 * PAD_X, chrome + self.texts.height(comment, width))

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
            parts.append(comment.date)
        if comment.id in self.corrected:
            parts.append(CORRECTED_MARK)
        replies = index.data(ReplyCountRole) or 0
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

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._width:
            self._width = width
            delegate = self.itemDelegate()
            if isinstance(delegate, CommentDelegate):
                delegate.texts.invalidate()
                delegate.geometry_changed()
            self.scheduleDelayedItemsLayout()

    def drawBranches(self, painter: QPainter, rect: QRect, index) -> None:
        pass  # drawn by drawRow, after the style's row panel (which would cover them)

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().drawRow(painter, option, index)
        depth = CommentTreeModel.comment_and_depth(index)[1]
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

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed_link = self._pressed_link, -1
        if pressed >= 0 and self.link_at(event.position().toPoint()) == pressed:
            self.link_clicked.emit(pressed)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
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


class CommentPane(QWidget):
    """The comments of one document as a thread.

    Signals:
        link_activated(int): a quote link in a comment was clicked (index into links).
        link_hovered(int): the mouse is over a quote link, or -1 when it left.
        comment_selected(str): the current comment changed ("" for none).
        selection_changed(str, int, int): text selected in a comment: its id and the
            document span; ("", -1, -1) when nothing is selected.
        context_menu_about_to_show(QMenu, str, int): a context menu is about to open on
            a comment (its id) at a document offset (-1: not on its text); slots may add
            actions to it. It is shown only if it has any.
    """

    link_activated = Signal(int)
    link_hovered = Signal(int)
    comment_selected = Signal(str)
    selection_changed = Signal(str, int, int)
    context_menu_about_to_show = Signal(QMenu, str, int)

    def __init__(self, model: CommentTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comments")
        self._model = model
        self._doc: Document | None = None
        self._editor_index = QPersistentModelIndex()
        self._overlays: dict[str, list[Span]] = {}
        self._comment_layers: dict[str, Mapping[str, Sequence[Span]]] = {}
        self.header = QLabel(self)
        self.header.setObjectName("comment_count")
        font = QFont(self.header.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.header.setFont(font)
        self.expand_button = QToolButton(self)
        self.expand_button.setText("Expand all")
        self.collapse_button = QToolButton(self)
        self.collapse_button.setText("Collapse all")
        for button in (self.expand_button, self.collapse_button):
            button.setAutoRaise(True)
        self.view = CommentTreeView(model, self)
        self.texts = CommentTexts(self.view.palette(), self._comment_font())
        self.delegate = CommentDelegate(self.view, self.texts)
        self.view.setItemDelegate(self.delegate)
        bar = QHBoxLayout()
        bar.setContentsMargins(PAD_X, 4, 4, 4)
        bar.addWidget(self.header, 1)
        bar.addWidget(self.expand_button)
        bar.addWidget(self.collapse_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._expander = QTimer(self)  # opens the replies of a long thread in steps
        self._expander.setInterval(0)
        self._to_expand: list[str] = []

        self.expand_button.clicked.connect(self.expand_all)
        self.collapse_button.clicked.connect(self.collapse_all)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.view.collapsed.connect(self._on_view_expansion_changed)
        self.view.expanded.connect(self._on_view_expansion_changed)
        self.view.link_hovered.connect(self.link_hovered)
        self.view.link_clicked.connect(self.link_activated)
        self.view.context_menu_requested.connect(self._on_view_context_menu_requested)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)
        self._expander.timeout.connect(self._on_expander_timeout)
        self._update_header()

    # ---- public

    def show_document(self, doc: Document | None) -> None:
        self._close_editor()
        self._doc = doc
        self.texts.set_document(doc)
        self.delegate.related = None
        self._distribute_overlays()
        self._model.set_document(doc)
        # Replies are shown open. Opening all of a 5,000-comment thread at once would
        # make the view measure every comment before the first paint; so the first few
        # hundred open now and the rest in small steps after the thread is on screen.
        parents = {c.parent for c in doc.comments if c.parent} if doc else set()
        order = [c.id for c in doc.comments if c.id in parents] if doc else []
        eager = {c.id for c in doc.comments[:EAGER_COMMENTS]} if doc else set()
        for comment_id in order:
            if comment_id in eager:
                self.view.expand(self._model.index_of(comment_id))
        self._to_expand = [i for i in reversed(order) if i not in eager]
        self._expander.stop()
        if self._to_expand:
            self.view.set_after_first_paint(self._expander.start)
        self.view.scrollToTop()
        self._update_header()

    def fully_expanded(self) -> bool:
        """Whether the replies still being opened after a long thread was shown are open."""
        return not self._to_expand

    def document_shown(self) -> Document | None:
        return self._doc

    @Slot()
    def expand_all(self) -> None:
        self._stop_expanding()
        self.view.expandAll()

    @Slot()
    def collapse_all(self) -> None:
        self._stop_expanding()
        self.view.collapseAll()

    def _stop_expanding(self) -> None:
        self._expander.stop()
        self.view.set_after_first_paint(None)
        self._to_expand = []

    def current_comment(self) -> str | None:
        comment = self._model.comment(self.view.currentIndex())
        return comment.id if comment else None

    def select_comment(self, comment_id: str) -> bool:
        index = self._model.index_of(comment_id)
        if not index.isValid():
            return False
        self._expand_to(index)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def select_comments(self, ids: Sequence[str]) -> None:
        """Select several comments (those quoting a passage); the first becomes current."""
        indexes = [self._model.index_of(i) for i in ids]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        for index in indexes:
            self._expand_to(index)
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index)
        model = self.view.selectionModel()
        model.setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(indexes[0], QAbstractItemView.ScrollHint.PositionAtTop)

    def select_parent(self) -> None:
        parent = self.view.currentIndex().parent()
        if parent.isValid():
            comment = self._model.comment(parent)
            if comment is not None:
                self.select_comment(comment.id)

    def reveal(self, comment_id: str, start: int, end: int) -> bool:
        """Make ``comment_id`` current, select ``start..end`` in it, scroll and flash it."""
        if not self.select_comment(comment_id):
            return False
        self.view.relayout_now()
        self.view.scrollTo(self.view.currentIndex(), QAbstractItemView.ScrollHint.EnsureVisible)
        editor = self.current_editor()
        if editor is None:
            return True
        ranges = editor.select_span(start, end)
        fmt = QTextCharFormat()
        flash = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        flash.setAlpha(110)
        fmt.setBackground(flash)
        editor.set_layer("flash", [(a, b, fmt) for a, b in ranges])
        self._flash_timer.start()
        self._scroll_editor_span_into_view(editor, ranges)
        return True

    def is_visible(self, comment_id: str) -> bool:
        index = self._model.index_of(comment_id)
        if not index.isValid():
            return False
        rect = self.view.visualRect(index)
        return rect.isValid() and rect.intersects(self.view.viewport().rect())

    def current_editor(self) -> CommentEditor | None:
        if not self._editor_index.isValid():
            return None
        editor = self.view.indexWidget(QModelIndex(self._editor_index))
        return editor if isinstance(editor, CommentEditor) else None

    def set_highlights(self, layer: str, spans: Sequence[Span]) -> None:
        """Overlay ``spans`` (document offsets) on the comments holding them."""
        if spans:
            self._overlays[layer] = list(spans)
        else:
            self._overlays.pop(layer, None)
        self._distribute_overlays()
        self._refresh_editor_layers()
        self.view.viewport().update()

    def set_corrected_comments(self, ids: Iterable[str]) -> None:
        """Mark these comments' headers as corrected by the user (see CORRECTED_MARK)."""
        self.delegate.corrected = frozenset(ids)
        self.view.viewport().update()

    def set_comment_highlights(
        self,
        layer: str,
        by_comment: Mapping[str, Sequence[Span]],
        changed: Iterable[str] | None = None,
    ) -> None:
        """Like :meth:`set_highlights`, with the spans already grouped by comment id (no
        look-up per span, for thousands of them). ``changed`` names the comments whose
        spans differ from the last call (None: any may); only those are laid out again."""
        if by_comment:
            self._comment_layers[layer] = by_comment
        else:
            self._comment_layers.pop(layer, None)
        changed = None if changed is None else set(changed)
        self._distribute_overlays(changed)
        editor = self.current_editor()
        if editor is not None and (changed is None or editor.comment.id in changed):
            self._refresh_editor_layers()
        self.view.viewport().update()

    def offset_at(self, global_pos: QPoint) -> tuple[str, int] | None:
        """The comment (id) and document offset of the character at a screen point."""
        editor = self.current_editor()
        if editor is not None:
            local = editor.viewport().mapFromGlobal(global_pos)
            if editor.viewport().rect().contains(local):
                offset = editor.offset_at(local)
                return (editor.comment.id, offset) if offset >= 0 else None
        pos = self.view.viewport().mapFromGlobal(global_pos)
        index = self.view.indexAt(pos)
        comment = self._model.comment(index)
        if comment is None:
            return None
        body = self.delegate.body_rect(self.view.visualRect(index))
        if not body.contains(pos):
            return None
        layout = self.texts.laid_out(comment, body.width()).documentLayout()
        position = layout.hitTest(QPointF(pos - body.topLeft()), Qt.HitTestAccuracy.ExactHit)
        offset = self.texts.text_map(comment).to_doc(position) if position >= 0 else None
        return None if offset is None else (comment.id, offset)

    def highlights(self, layer: str) -> list[Span]:
        """The spans shown in ``layer`` (document offsets)."""
        return list(self._overlays.get(layer, ()))

    def comment_text_map(self, comment_id: str) -> TextMap | None:
        comment = self._doc.comment(comment_id) if self._doc else None
        return self.texts.text_map(comment) if comment else None

    # ---- internals

    def _comment_font(self) -> QFont:
        font = QFont(self.view.font())
        font.setPointSizeF(font.pointSizeF() * 1.08)
        return font

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.texts.palette = self.view.palette()
            self.texts.font = self._comment_font()
            self.texts.invalidate()
            self.delegate.fonts_changed()
            self.view.scheduleDelayedItemsLayout()

    def _expand_to(self, index: QModelIndex) -> None:
        parent = index.parent()
        chain = []
        while parent.isValid():
            chain.append(parent)
            parent = parent.parent()
        for p in reversed(chain):
            self.view.expand(p)

    def _scroll_editor_span_into_view(self, editor: CommentEditor, ranges) -> None:
        if not ranges:
            return
        cursor = QTextCursor(editor.document())
        cursor.setPosition(ranges[0][0])
        rect = editor.cursorRect(cursor).translated(editor.geometry().topLeft())
        viewport = self.view.viewport().rect()
        if not viewport.contains(rect):
            bar = self.view.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - viewport.height() // 3)

    def _distribute_overlays(self, changed: Iterable[str] | None = None) -> None:
        layers: list[Mapping[str, Sequence[Span]]] = []
        if self._doc is not None:
            layers = list(self._comment_layers.values())
            placed: dict[str, list[Span]] = {}
            for spans in self._overlays.values():
                for span in spans:
                    comment = self._doc.comment_at(span[0])
                    if comment is not None:
                        placed.setdefault(comment.id, []).append(span)
            if placed:
                layers.append(placed)
        # A layer given by comment may compute its spans when asked (thousands of
        # comments): it is used as it is, never copied.
        by_comment = layers[0] if len(layers) == 1 else _JoinedSpans(layers)
        self.texts.set_overlays(by_comment, changed if not self._overlays else None)

    def _refresh_editor_layers(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        editor.setDocument(self.texts.build(editor.comment))
        editor.document().setParent(editor)
        editor.document().setTextWidth(editor.width())

    def _update_header(self) -> None:
        doc = self._doc
        if doc is None:
            self.header.setText("No document")
        else:
            self.header.setText(comment_count_text(len(doc.comments), doc.declared_comment_count))
        has = bool(doc and doc.comments)
        self.expand_button.setEnabled(has)
        self.collapse_button.setEnabled(has)

    def _close_editor(self) -> None:
        if self._editor_index.isValid():
            index = QModelIndex(self._editor_index)
            editor = self.current_editor()
            if editor is not None:
                editor.selectionChanged.disconnect(self._on_editor_selection_changed)
            self.view.closePersistentEditor(index)
        self._editor_index = QPersistentModelIndex()

    @Slot(QModelIndex, QModelIndex)
    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        had_focus = self.current_editor() is not None and self.current_editor().hasFocus()
        self._close_editor()
        comment = self._model.comment(current)
        parent = self._model.comment(current.parent()) if current.isValid() else None
        self.delegate.related = parent.id if parent else None
        if comment is not None:
            width = self.delegate.body_width(current)
            if self.texts.height(comment, width) != self.texts.exact_height(comment, width):
                self.view.request_relayout(current)
            self.view.openPersistentEditor(current)
            self._editor_index = QPersistentModelIndex(current)
            editor = self.current_editor()
            if editor is not None:
                editor.selectionChanged.connect(self._on_editor_selection_changed)
                editor.anchorClicked.connect(self._on_editor_anchor_clicked)
                editor.highlighted.connect(self._on_editor_highlighted)
                editor.navigation_key.connect(self._on_editor_navigation_key)
                editor.context_menu_about_to_show.connect(self._on_editor_context_menu)
                if had_focus:
                    self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.viewport().update()
        self.comment_selected.emit(comment.id if comment else "")
        self.selection_changed.emit("", -1, -1)

    @Slot()
    def _on_expander_timeout(self) -> None:
        view = self.view
        anchor = view.indexAt(QPoint(1, 1))
        before = view.visualRect(anchor).top() if anchor.isValid() else 0
        for _ in range(min(EXPAND_STEP, len(self._to_expand))):
            view.expand(self._model.index_of(self._to_expand.pop()))
        if anchor.isValid():  # what the reader is looking at stays where it is
            bar = view.verticalScrollBar()
            bar.setValue(bar.value() + view.visualRect(anchor).top() - before)
        if not self._to_expand:
            self._expander.stop()

    @Slot()
    def _on_view_expansion_changed(self) -> None:
        self.view.viewport().update()

    @Slot()
    def _on_editor_selection_changed(self) -> None:
        editor = self.current_editor()
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
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.sendEvent(
            self.view, QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        )

    @Slot(QMenu, int)
    def _on_editor_context_menu(self, menu: QMenu, offset: int) -> None:
        editor = self.current_editor()
        if editor is not None:
            self.context_menu_about_to_show.emit(menu, editor.comment.id, offset)

    @Slot(QPoint, QPoint)
    def _on_view_context_menu_requested(self, pos: QPoint, global_pos: QPoint) -> None:
        comment = self._model.comment(self.view.indexAt(pos))
        if comment is None:
            return
        found = self.offset_at(global_pos)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu_about_to_show.emit(menu, comment.id, found[1] if found else -1)
        if menu.isEmpty():
            menu.deleteLater()
        else:
            menu.popup(global_pos)

    @Slot()
    def _on_flash_timer_timeout(self) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.set_layer("flash", [])
