"""The article as a reading view: styled blocks in a centred column, never an editor.

Text goes in with ``QTextCursor.insertText`` and formats only; nothing of the document
is ever read as HTML, and ``loadResource`` refuses everything, so no image or page is
fetched from anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QEvent, QMimeData, QRectF, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QMenu, QTextBrowser, QTextEdit, QToolTip, QWidget

from reader.core.model import Document
from reader.core.offsets import Utf16Index
from reader.ui.panes import caret
from reader.ui.panes.article.text import ArticleText, QuoteGroup, quote_groups
from reader.ui.text_map import TextMap, document_index

MEASURE_CHARS = 70
MIN_ZOOM, MAX_ZOOM = -6, 12
FLASH_MS = 900
SERIF_FAMILIES = ["Charter", "Georgia", "Source Serif 4", "Noto Serif", "DejaVu Serif", "serif"]


def zoom_factor(step: int) -> float:
    return 1.1**step


class ArticlePane(caret.SnappingTextBrowser):
    """Shows one document's article.

    Signals:
        link_activated(int): the user clicked a link source (a pull-quote); the index
            into ``Document.links``.
        quoted_by_activated(list): the user clicked a quoted passage or its marker; the
            ids of the comments quoting it.
        selection_changed(int, int): the selected document span, (-1, -1) for none.
        zoom_changed(int): the zoom step changed (0 is the default size).
        context_menu_about_to_show(QMenu, int): a context menu is about to open at this
            document offset (-1: not on the document's text); slots may add actions.
    """

    link_activated = Signal(int)
    quoted_by_activated = Signal(list)
    selection_changed = Signal(int, int)
    zoom_changed = Signal(int)
    context_menu_about_to_show = Signal(QMenu, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self._blank = QTextDocument(self)  # shown for a moment while a text is built
        self._built: QTextDocument | None = None  # the text shown, made by this pane
        self._doc: Document | None = None
        self._doc_index: Utf16Index | None = None
        self._map = TextMap()
        self._own: list[tuple[int, int]] = []  # pane text that is not the document's
        self._groups: list[QuoteGroup] = []
        self._show_boilerplate = False
        self.keys = caret.KeyboardSelection(self)  # caret browsing, Shift+arrows
        self._zoom = 0
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._layer_spans: dict[str, list[tuple[int, int, QTextCharFormat]]] = {}
        self._margin = -1.0
        self._marks: list[tuple[int, int]] = []  # document spans with a margin line
        self._mark_tip = ""
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self.selectionChanged.connect(self._on_self_selection_changed)
        self._rebuild()

    # ---- what is shown

    def document_shown(self) -> Document | None:
        return self._doc

    def text_map(self) -> TextMap:
        return self._map

    def show_document(self, doc: Document | None) -> None:
        self._doc = doc
        self._doc_index = document_index(doc.text) if doc is not None else None
        self._groups = quote_groups(doc) if doc is not None else []
        self._layers.pop("flash", None)
        self._rebuild()
        self.verticalScrollBar().setValue(0)

    def restructure(self, doc: Document) -> None:
        """``doc`` is the shown text with its comments moved (a correction): the article
        is built again only if what it shows of the quotations changed."""
        groups = quote_groups(doc)
        same = self._doc is not None and self._doc.blocks == doc.blocks
        self._doc = doc
        if not (same and groups == self._groups):
            self._groups = groups
            self._rebuild()

    def boilerplate_visible(self) -> bool:
        return self._show_boilerplate

    @Slot(bool)
    def set_boilerplate_visible(self, visible: bool) -> None:
        if visible == self._show_boilerplate:
            return
        top = self._top_offset()
        self._show_boilerplate = visible
        self._rebuild()
        if top is not None:
            self._scroll_to_offset(top)

    # ---- zoom

    def zoom(self) -> int:
        return self._zoom

    @Slot(int)
    def set_zoom(self, step: int) -> None:
        step = max(MIN_ZOOM, min(MAX_ZOOM, step))
        if step == self._zoom:
            return
        top = self._top_offset()
        self._zoom = step
        self.document().setDefaultFont(self._reading_font())
        self._margin = -1.0
        self._update_measure()
        if top is not None:
            self._scroll_to_offset(top)
        self.zoom_changed.emit(step)

    @Slot()
    def zoom_in_step(self) -> None:
        self.set_zoom(self._zoom + 1)

    @Slot()
    def zoom_out_step(self) -> None:
        self.set_zoom(self._zoom - 1)

    @Slot()
    def reset_zoom(self) -> None:
        self.set_zoom(0)

    # ---- links, highlights, selection

    def reveal(self, start: int, end: int, *, select: bool = True) -> bool:
        """Scroll ``start..end`` into view (a third down), select it and flash it."""
        ranges = self._map.qt_ranges(start, end)
        if not ranges:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(ranges[0][0])
        cursor.setPosition(ranges[-1][1], QTextCursor.MoveMode.KeepAnchor)
        if select:
            self.setTextCursor(cursor)
        top = QTextCursor(self.document())
        top.setPosition(ranges[0][0])
        rect = self.cursorRect(top)
        bar = self.verticalScrollBar()
        if not (rect.top() >= 0 and rect.bottom() <= self.viewport().height()):
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)
        self._flash(ranges)
        return True

    def is_visible_span(self, start: int, end: int) -> bool:
        """Whether the start of ``start..end`` is inside the viewport."""
        ranges = self._map.qt_ranges(start, end)
        if not ranges:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(ranges[0][0])
        rect = self.cursorRect(cursor)
        return rect.bottom() >= 0 and rect.top() <= self.viewport().height()

    def cursor_offset(self) -> int | None:
        """The document offset (code point) at the text cursor (a selection's start)."""
        return self._map.to_doc(self.textCursor().selectionStart())

    def shows_span(self, start: int, end: int) -> bool:
        """Whether the pane shows any of ``start..end`` (hidden left-out text it does not)."""
        return bool(self._map.qt_ranges(start, end))

    def selected_span(self) -> tuple[int, int] | None:
        """The selected document span (code points), if anything is selected."""
        return self._map.selected_span(self.textCursor())

    def set_highlights(self, layer: str, spans: Sequence[tuple[int, int, QTextCharFormat]]) -> None:
        """Overlay ``spans`` (document offsets) in ``layer``; an empty list clears it.

        Overlays are extra selections: they never enter the text or its undo history, and
        they survive zoom and the boilerplate toggle (they are re-applied on rebuild).
        """
        if spans:
            self._layer_spans[layer] = list(spans)
        else:
            self._layer_spans.pop(layer, None)
        self._layers.pop(layer, None)
        self._reapply_layers()

    def _reapply_layers(self) -> None:
        flash = self._layers.get("flash")
        self._layers = {
            layer: [
                s
                for start, end, fmt in spans
                for s in self._selections(self._map.qt_ranges(start, end), fmt)
            ]
            for layer, spans in self._layer_spans.items()
        }
        if flash is not None:
            self._layers["flash"] = flash
        self._apply_layers()

    def _selections(self, ranges, fmt: QTextCharFormat) -> list[QTextEdit.ExtraSelection]:
        out = []
        for a, b in ranges:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            out.append(sel)
        return out

    def _apply_layers(self) -> None:
        self.setExtraSelections([s for layer in self._layers.values() for s in layer])

    def _flash(self, ranges: list[tuple[int, int]]) -> None:
        fmt = QTextCharFormat()
        fmt.setBackground(self._flash_color())
        self._layers["flash"] = self._selections(ranges, fmt)
        self._apply_layers()
        self._flash_timer.start()

    @Slot()
    def _on_flash_timer_timeout(self) -> None:
        if self._layers.pop("flash", None) is not None:
            self._apply_layers()

    def _flash_color(self) -> QColor:
        color = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        color.setAlpha(110)
        return color

    # ---- building the text

    def _reading_font(self) -> QFont:
        font = QFont(self.font())
        font.setFamilies(SERIF_FAMILIES)
        font.setStyleHint(QFont.StyleHint.Serif)
        base = max(self.font().pointSizeF() * 1.2, 11.0)
        font.setPointSizeF(base * zoom_factor(self._zoom))
        return font

    def _rebuild(self) -> None:
        # One text per pane: the one shown before is deleted before the next is built, so
        # memory holds one at a time (the first, Qt's own, Qt deletes by itself).
        old, self._built = self._built, None
        if old is not None:
            self.setExtraSelections([])  # they hold cursors into it
            self.setDocument(self._blank)
            shiboken6.delete(old)
        qdoc, self._map, self._own = ArticleText(self.palette(), self._groups).build(
            self, self._doc, self._doc_index, self._show_boilerplate, self._reading_font()
        )
        self.setDocument(qdoc)
        self._built = qdoc
        self._margin = -1.0
        self._update_measure()
        self._layers.pop("flash", None)
        self._reapply_layers()

    # ---- measure: a centred column of about 70 characters

    def _update_measure(self) -> None:
        metrics = QFontMetricsF(self.document().defaultFont())
        column = metrics.averageCharWidth() * MEASURE_CHARS
        side = self.document().documentMargin()
        margin = max(side, (self.viewport().width() - column) / 2)
        if abs(margin - self._margin) < 1.0:
            return
        self._margin = margin
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        fmt.setLeftMargin(margin)
        fmt.setRightMargin(margin)
        root.setFrameFormat(fmt)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_measure()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            top = self._top_offset()
            self._rebuild()
            if top is not None:
                self._scroll_to_offset(top)

    # ---- scrolling by document offset (kept across rebuilds)

    def _top_offset(self) -> int | None:
        """The document offset at the top of the view; None at the very top (stay there)."""
        if self.verticalScrollBar().value() == 0:
            return None
        position = self.cursorForPosition(self.viewport().rect().topLeft()).position()
        return self._map.to_doc(position) if len(self._map) else None

    def _scroll_to_offset(self, offset: int) -> None:
        position = self._map.to_qt(offset)
        if position is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top())

    def reading_offset(self) -> int | None:
        """The document offset at the top of the view (None: at the very top); give it
        to :meth:`scroll_to_reading_offset` after the document was shown again."""
        return self._top_offset()

    def scroll_to_reading_offset(self, offset: int | None) -> None:
        if offset is None:
            self.verticalScrollBar().setValue(0)
        else:
            self._scroll_to_offset(offset)

    # ---- margin marks (the places the user corrected)

    def set_margin_marks(self, spans: Sequence[tuple[int, int]], tip: str = "") -> None:
        """A thin line in the right margin beside the blocks showing these document spans,
        with ``tip`` on hovering it; an empty list clears them."""
        self._marks = list(spans)
        self._mark_tip = tip
        self.viewport().update()

    def margin_mark_rects(self) -> list[QRectF]:
        """Where the margin lines are drawn, in viewport coordinates."""
        out: list[QRectF] = []
        qdoc = self.document()
        layout = qdoc.documentLayout()
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        for start, end in self._marks:
            ranges = self._map.qt_ranges(start, end)
            if not ranges:
                continue
            first = qdoc.findBlock(ranges[0][0])
            last = qdoc.findBlock(max(ranges[-1][0], ranges[-1][1] - 1))
            top = layout.blockBoundingRect(first)
            bottom = layout.blockBoundingRect(last)
            low = bottom.bottom() - last.blockFormat().bottomMargin()
            x = top.right() + 10.0  # the right margin: coding stripes use the left
            out.append(QRectF(x + dx, top.top() + dy + 2.0, 2.5, low - top.top() - 4.0))
        return out

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._marks:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(self.palette().color(QPalette.ColorRole.Link))
        color.setAlpha(150)
        painter.setPen(QPen(Qt.PenStyle.NoPen))
        painter.setBrush(color)
        for rect in self.margin_mark_rects():
            if rect.bottom() >= 0 and rect.top() <= self.viewport().height():
                painter.drawRoundedRect(rect, 1.0, 1.0)
        painter.end()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._marks and self._mark_tip:
            pos = event.pos().toPointF()
            for rect in self.margin_mark_rects():
                if rect.adjusted(-6.0, 0.0, 6.0, 0.0).contains(pos):
                    QToolTip.showText(event.globalPos(), self._mark_tip, self.viewport())
                    return True
        return super().viewportEvent(event)

    # ---- no network, no HTML, copy without Reader's own labels

    def loadResource(self, _type: int, _name: QUrl):
        return None

    def clean_selected_text(self) -> str:
        """The selected text without Reader's own labels ("quoted by 2", "[left out]")."""
        cursor = self.textCursor()
        a, b = cursor.selectionStart(), cursor.selectionEnd()
        parts = []
        at = a
        for own_a, own_b in self._own:
            if own_b <= at or own_a >= b:
                continue
            parts.append(self._plain(at, own_a))
            at = own_b
        parts.append(self._plain(at, b))
        return "".join(parts)

    @Slot()
    def copy(self) -> None:
        if self.textCursor().hasSelection():
            # setText, not setMimeData with a QMimeData made here: the clipboard would own
            # a Python object and delete it at exit, after Python is gone (a crash).
            QApplication.clipboard().setText(self.clean_selected_text())

    def createMimeDataFromSource(self) -> QMimeData:
        mime = QMimeData()
        mime.setText(self.clean_selected_text())
        return mime

    # ---- caret browsing (F7), keyboard selection, whole words (reader.ui.panes.caret)

    def caret_browsing(self) -> bool:
        return self.keys.caret

    @Slot(bool)
    def set_caret_browsing(self, on: bool) -> None:
        """A visible text cursor the arrow keys move (Shift selects), as in browsers; off,
        the arrows scroll and Shift+arrows still select, from the top of the view."""
        self.keys.set_caret(on)

    def event(self, event: QEvent) -> bool:
        if caret.claims(event):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            event.accept()
        elif not self.keys.key_pressed(event, super().keyPressEvent):
            super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # A reading view takes no text: QTextEdit would put a composed or committed
        # string into the shown text even read-only (the text map would then be wrong).
        event.ignore()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        for action in menu.actions():
            if action.objectName() == "edit-copy":
                action.triggered.disconnect()
                action.triggered.connect(self.copy)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        position = self.cursorForPosition(event.pos()).position()
        offset = self._map.to_doc(position)
        self.context_menu_about_to_show.emit(menu, -1 if offset is None else offset)
        menu.popup(event.globalPos())

    def _plain(self, a: int, b: int) -> str:
        if b <= a:
            return ""
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n").replace("\u2028", "\n")

    @Slot(QUrl)
    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        kind, _, number = url.toString().partition(":")
        if not number.isdigit():
            return
        if kind == "link":
            self.link_activated.emit(int(number))
        elif kind == "quoted" and int(number) < len(self._groups):
            self.quoted_by_activated.emit(list(self._groups[int(number)].comments))

    @Slot()
    def _on_self_selection_changed(self) -> None:
        span = self.selected_span()
        self.selection_changed.emit(*(span or (-1, -1)))
