"""Where the annotations are, at a glance: stripes in the article's margin and ticks on
its scroll bar.

* :class:`CodingStripes` lies over the article's viewport and draws, in the margin left
  of the text, a stripe beside each annotated passage on screen, in its first tag's
  colour, one column per level of overlap (as coding stripes in QDA tools); a dot at
  the top of a stripe marks an annotation with a note.
* :class:`ScrollbarMarks` lies over the scroll bar and draws a tick where each
  annotation is in the whole text, so a long text shows where its coding is.

Both are transparent to the mouse and paint only what they are asked for; neither
changes the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QRect, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QTextCursor
from PySide6.QtWidgets import QScrollBar, QStyle, QWidget

from reader.core.records import Annotation, AnnotationMark
from reader.ui.event_watch import EventWatch
from reader.ui.painting.highlights import AnnotationIndex, HighlightStyle

STRIPE_WIDTH = 3
STRIPE_GAP = 3
STRIPE_OFFSET = 10  # from the text column to the first stripe
NOTE_DOT = 6
TICK_HEIGHT = 2


def stripe_columns(spans: Sequence[tuple[int, int]]) -> list[int]:
    """A column for each vertical extent (top, bottom), so overlapping ones sit side by
    side: the first column free at that height (interval colouring, in the given order)."""
    ends: list[int] = []
    out = []
    for top, bottom in spans:
        for column, end in enumerate(ends):
            if end < top:
                ends[column] = bottom
                out.append(column)
                break
        else:
            ends.append(bottom)
            out.append(len(ends) - 1)
    return out


class CodingStripes(QWidget):
    """Stripes beside the annotated passages on screen (see the module docstring).

    ``source()`` gives the annotations near the screen and the style to paint them.

    Signals: none.
    """

    def __init__(
        self,
        pane,
        source: Callable[[], tuple[Sequence[AnnotationMark], HighlightStyle | None]],
    ) -> None:
        super().__init__(pane)
        self.setObjectName("coding_stripes")
        self._pane = pane
        self._source = source
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self._follow)
        settle = {
            kind: self._on_viewport_moved
            for kind in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show)
        }
        EventWatch(pane.viewport(), settle, self)
        bar = pane.verticalScrollBar()
        bar.valueChanged.connect(self.update)
        bar.rangeChanged.connect(self._settle.start)  # laid out again: zoom, a new text
        pane.horizontalScrollBar().valueChanged.connect(self.update)
        self._follow()

    def _text_left(self) -> float:
        """Where the text column starts in the viewport (the root frame's left margin
        centres it)."""
        frame = self._pane.document().rootFrame().frameFormat()
        left = frame.leftMargin() + frame.padding() + frame.border()
        return left - self._pane.horizontalScrollBar().value()

    @Slot()
    def _follow(self) -> None:
        """Cover the margin left of the text (and nothing more: an update then repaints
        only the margin, never the text)."""
        viewport = self._pane.viewport().geometry()
        width = max(0, min(viewport.width(), int(self._text_left()) - 1))
        self.setGeometry(viewport.x(), viewport.y(), width, viewport.height())
        self.raise_()
        self.update()

    def _on_viewport_moved(self, _event: QEvent) -> None:
        self._settle.start()

    def stripes(self) -> list[tuple[QRectF, str, bool]]:
        """(rectangle, colour, has a note) of each stripe to draw, in viewport points."""
        annotations, style = self._source()
        if not annotations or style is None:
            return []
        pane = self._pane
        qdoc = pane.document()
        text_map = pane.text_map()
        height = self.height()
        placed: list[tuple[int, int, AnnotationMark]] = []
        cursor = QTextCursor(qdoc)
        ordered = sorted(annotations, key=lambda a: (a.start, -(a.end - a.start)))
        for a in ordered:
            ranges = text_map.qt_ranges(a.start, a.end)
            if not ranges:
                continue
            cursor.setPosition(ranges[0][0])
            top = pane.cursorRect(cursor).top()
            if top > height:
                break
            cursor.setPosition(ranges[-1][1])
            bottom = pane.cursorRect(cursor).bottom()
            if bottom < 0:
                continue
            placed.append((top, bottom, a))
        columns = stripe_columns([(t, b) for t, b, _a in placed])
        text_left = self._text_left()
        out = []
        for (top, bottom, a), column in zip(placed, columns, strict=True):
            x = text_left - STRIPE_OFFSET - column * (STRIPE_WIDTH + STRIPE_GAP)
            if x < 1:
                continue  # no room left in a narrow margin
            tag = next((t for t in a.tags if t in style.tags), None)
            colour = (
                style.strong(tag)
                if tag
                else style.palette.color(style.palette.ColorRole.PlaceholderText).name()
            )
            rect = QRectF(x - STRIPE_WIDTH, top + 1, STRIPE_WIDTH, max(4, bottom - top - 2))
            out.append((rect, colour, bool(a.note)))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        stripes = self.stripes()
        if not stripes:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, colour, noted in stripes:
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(rect, 1.5, 1.5)
            if noted:
                centre = rect.center()
                dot = QRectF(0, 0, NOTE_DOT, NOTE_DOT)
                dot.moveCenter(centre)
                dot.moveTop(rect.top())
                painter.drawEllipse(dot)
        painter.end()


class ScrollbarMarks(QWidget):
    """Ticks on a scroll bar where annotations are in the whole text.

    ``index()`` gives the annotations, ``style()`` the colours, ``converter()`` the
    function from a document offset to a pane position (None when not shown) for the
    text shown now (``convert_all()``, if given, the same for many offsets in text order
    at once), and ``length()`` the pane text's length. Each pixel row shows the
    colour most of its annotations have. Ticks are kept per annotation: a change redraws
    only the rows it touches, and a whole new text is worked out just after it is shown.

    Signals: none.
    """

    def __init__(
        self,
        bar: QScrollBar,
        *,
        index: Callable[[], AnnotationIndex],
        style: Callable[[], HighlightStyle | None],
        converter: Callable[[], Callable[[int], int | None]],
        length: Callable[[], int],
        convert_all: Callable[[], Callable[[Sequence[int]], list[int | None]]] | None = None,
    ) -> None:
        super().__init__(bar)
        self.setObjectName("scrollbar_marks")
        self._bar = bar
        self._index = index
        self._style = style
        self._converter = converter
        self._convert_all = convert_all
        self._length = length
        self._ticks: dict[str, tuple[int, str]] = {}  # annotation id -> (y, colour)
        self._rows: dict[int, dict[str, int]] = {}  # y -> colour -> annotations there
        self._dirty = True  # everything to work out again
        self._stale_rows: set[int] = set()  # rows to draw again in the picture
        self._picture: QPixmap | None = None
        self._place: _Placing | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._on_later_timeout)
        EventWatch(bar, {QEvent.Type.Resize: self._on_bar_resized}, self)
        bar.rangeChanged.connect(self._on_bar_range_changed)  # laid out again
        self.setGeometry(bar.rect())

    def _on_bar_resized(self, _event: QEvent) -> None:
        self.setGeometry(self._bar.rect())
        self.reset()

    @Slot(int, int)
    def _on_bar_range_changed(self, _low: int, _high: int) -> None:
        # A tick's place is its offset in the text, not in the layout: only another text
        # (a document, the left-out text shown) moves them, not its layout going on.
        place = self._place
        if place is None or place.to_qt != self._converter() or place.length != self._length():
            self.reset()

    def groove(self) -> QRect:
        """Where the handle travels (the bar less its arrow buttons, roughly)."""
        extent = self._bar.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        arrows = extent if self.height() > 4 * extent else 0
        return self.rect().adjusted(0, arrows, 0, -arrows)

    @Slot()
    def reset(self) -> None:
        """Everything may have moved (another document, its layout, width or style)."""
        self._dirty = True
        self._picture = None
        self.update()

    def changed(self, annotations: Iterable[Annotation | AnnotationMark]) -> None:
        """These annotations were added, changed or removed."""
        if self._dirty:
            return
        for a in annotations:
            self._drop(a.id)
            current = self._index().get(a.id)
            if current is not None:
                self._add(current)
        self.update()

    def ticks(self) -> list[tuple[int, str]]:
        """(y, colour) of the ticks, top to bottom."""
        self._refresh()
        return [(y, self._colour(y)) for y in sorted(self._rows)]

    def _refresh(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self._picture = None
        self._ticks.clear()
        self._rows.clear()
        style = self._style()
        total = self._length()
        if style is None or total <= 0:
            self._place = None
            return
        groove = self.groove()
        scale = max(1, groove.height() - TICK_HEIGHT) / total
        place = self._place = _Placing(groove.top(), scale, style, self._converter(), {}, total)
        # _add for every annotation, inlined: 5,000 of them once per text opened.
        ticks, rows, colours, to_qt = self._ticks, self._rows, place.colours, place.to_qt
        top = place.top
        by_list: dict[str, str] = {}  # a mark's tag list -> its first tag's colour
        marks = [a for a in self._index().all() if not a.orphan and a.comment_id is None]
        starts = [a.start for a in marks]  # in text order: converted in one walk
        places = self._convert_all()(starts) if self._convert_all else map(to_qt, starts)
        for a, at in zip(marks, places, strict=True):
            if at is None:
                continue
            colour = by_list.get(a.tag_list)
            if colour is None:
                tag = a.first_tag or ""
                colour = colours.get(tag)
                if colour is None:
                    colour = colours[tag] = place.colour_of(tag)
                by_list[a.tag_list] = colour
            y = top + int(at * scale)
            ticks[a.id] = (y, colour)
            row = rows.get(y)
            if row is None:
                rows[y] = {colour: 1}
            else:
                row[colour] = row.get(colour, 0) + 1
        self._stale_rows = set(rows)

    def _colour(self, y: int) -> str:
        row = self._rows[y]
        return max(row, key=lambda colour: (row[colour], colour))

    def _drop(self, annotation_id: str) -> None:
        old = self._ticks.pop(annotation_id, None)
        if old is not None:
            y, colour = old
            row = self._rows[y]
            row[colour] -= 1
            if row[colour] <= 0:
                del row[colour]
            if not row:
                del self._rows[y]
            self._stale_rows.add(y)

    def _add(self, a: AnnotationMark) -> None:
        place = self._place
        if a.orphan or a.comment_id is not None or place is None:
            return
        at = place.to_qt(a.start)
        if at is None:
            return
        tag = a.first_tag or ""
        colour = place.colours.get(tag)
        if colour is None:
            colour = place.colours[tag] = place.colour_of(tag)
        y = place.top + int(at * place.scale)
        self._ticks[a.id] = (y, colour)
        row = self._rows.get(y)
        if row is None:
            self._rows[y] = {colour: 1}
        else:
            row[colour] = row.get(colour, 0) + 1
        self._stale_rows.add(y)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._dirty:
            # The text is painted first; the ticks for a whole new text come right after.
            self._later.start()
            return
        fresh = self._picture is None or self._picture.size() != self.size() * self._ratio()
        if fresh:
            self._picture = self._blank()
            self._stale_rows = set(self._rows)
        if self._stale_rows:
            self._draw_rows(self._stale_rows, clear=not fresh)
            self._stale_rows = set()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.end()

    @Slot()
    def _on_later_timeout(self) -> None:
        self._refresh()
        self.update()

    def _ratio(self) -> float:
        return self.devicePixelRatioF()

    def _blank(self) -> QPixmap:
        picture = QPixmap(self.size() * self._ratio())
        picture.setDevicePixelRatio(self._ratio())
        picture.fill(Qt.GlobalColor.transparent)
        return picture

    def _draw_rows(self, rows: Iterable[int], *, clear: bool) -> None:
        assert self._picture is not None
        painter = QPainter(self._picture)
        width = self.width()
        left = width // 2
        colours: dict[str, QColor] = {}

        def fill(y: int, within: QRect | None = None) -> None:
            colour = self._colour(y)
            brush = colours.get(colour) or colours.setdefault(colour, QColor(colour))
            tick = QRect(left, y, width - left - 1, TICK_HEIGHT)
            painter.fillRect(tick if within is None else tick.intersected(within), brush)

        for y in sorted(rows):
            if not clear:
                if y in self._rows:
                    fill(y)
                continue
            band = QRect(left, y, width - left - 1, TICK_HEIGHT)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            painter.fillRect(band, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            # a row is covered by the tick of the row above too (ticks are 2 px high)
            for near in (y - 1, y, y + 1):
                if near in self._rows:
                    fill(near, band)
        painter.end()


class _Placing:
    """What placing ticks for one text needs, worked out once."""

    __slots__ = ("colours", "length", "scale", "style", "to_qt", "top")

    def __init__(
        self,
        top: int,
        scale: float,
        style: HighlightStyle,
        to_qt: Callable[[int], int | None],
        colours: dict[str, str],
        length: int,
    ) -> None:
        self.top = top
        self.length = length  # of the text placed
        self.scale = scale
        self.style = style
        self.to_qt = to_qt
        self.colours = colours  # first tag -> colour

    def colour_of(self, tag_id: str) -> str:
        if tag_id in self.style.tags:
            return self.style.strong(tag_id)
        return self.style.palette.color(self.style.palette.ColorRole.PlaceholderText).name()
