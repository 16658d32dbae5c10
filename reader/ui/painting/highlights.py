"""Annotations painted over the text: colours, overlaps, and only what is on screen.

* ``reader.core.annotation_index`` keeps one document's annotations in text order.
* :class:`HighlightStyle` turns an annotation into a ``QTextCharFormat``: the background
  of its first tag (the theme's shade, with readable text on it), an underline in its
  second tag's colour or when it lies inside another annotation, a dotted underline
  when it has a note. Overlaps are painted longest first, so the shortest is on top.
* :class:`ArticleHighlighter` keeps the article's ``"annotations"`` overlay to what is
  on screen (plus a screen's worth either side), so tagging one more passage in a
  document holding thousands repaints a handful of extra selections, not all of them.

Offsets are code points of ``Document.text``; the panes convert them to Qt positions.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPalette, QTextCharFormat
from PySide6.QtWidgets import QToolTip

from reader.core.annotation_index import AnnotationIndex, paint_order
from reader.core.palette import text_colour, themed
from reader.ui.event_watch import EventWatch

if TYPE_CHECKING:
    from reader.core.records import Annotation, Tag

LAYER = "annotations"
NOTE_PREVIEW = 280
MIN_MARGIN_CHARS = 2000
MAX_SCREEN_CHARS = 12000  # more than any screen shows: the layout is not done yet

Span = tuple[int, int, QTextCharFormat]


class HighlightStyle:
    """Formats for annotations, by their tags' colours, for a light or dark theme."""

    def __init__(self, tags: Mapping[str, Tag], palette: QPalette) -> None:
        self.tags = tags
        self.palette = palette
        window = palette.color(QPalette.ColorRole.Base)
        self.dark = window.lightnessF() < 0.5
        self._cache: dict[tuple, QTextCharFormat] = {}

    def fill(self, tag_id: str) -> str:
        """The background to paint a tag with on this theme."""
        tag = self.tags.get(tag_id)
        return themed(tag.colour, dark=self.dark) if tag else self._neutral().name()

    def strong(self, tag_id: str) -> str:
        """A shade of the tag's colour that stands out on this theme (for lines)."""
        tag = self.tags.get(tag_id)
        if tag is None:
            return self.palette.color(QPalette.ColorRole.Text).name()
        return themed(tag.colour, dark=not self.dark)

    def _neutral(self) -> QColor:
        colour = QColor(self.palette.color(QPalette.ColorRole.Mid))
        return colour

    def format(self, a: Annotation, nested: bool) -> QTextCharFormat:
        tags = tuple(t for t in a.tags if t in self.tags)
        key = (tuple(self.tags[t].colour for t in tags[:2]), bool(a.note), nested)
        found = self._cache.get(key)
        if found is not None:
            return found
        fmt = QTextCharFormat()
        background = self.fill(tags[0]) if tags else self._neutral().name()
        fmt.setBackground(QColor(background))
        fmt.setForeground(QColor(text_colour(background)))
        line = None
        if len(tags) > 1:
            line = self.strong(tags[1])
        elif nested or a.note:
            line = (
                self.strong(tags[0]) if tags else self.palette.color(QPalette.ColorRole.Text).name()
            )
        if line is not None:
            fmt.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.DotLine
                if a.note
                else QTextCharFormat.UnderlineStyle.SingleUnderline
            )
            fmt.setUnderlineColor(QColor(line))
        self._cache[key] = fmt
        return fmt

    def spans(self, annotations: Sequence[Annotation]) -> list[Span]:
        """``(start, end, format)`` in paint order (longest first)."""
        return [(a.start, a.end, self.format(a, nested)) for a, nested in paint_order(annotations)]


def describe(
    annotations: Sequence[Annotation], tags: Mapping[str, Tag], style: HighlightStyle
) -> str:
    """Rich text for a tooltip: each annotation's tags (as coloured chips) and its note.
    Everything from the user or the document is escaped."""
    parts = []
    for a in annotations:
        chips = []
        for tag_id in a.tags:
            tag = tags.get(tag_id)
            if tag is None:
                continue
            fill = style.fill(tag_id)
            chips.append(
                f'<span style="background-color:{fill}; color:{text_colour(fill)};">'
                f"&nbsp;{html.escape(tag.name)}&nbsp;</span>"
            )
        line = " ".join(chips) if chips else "<i>no tag</i>"
        if a.note:
            note = a.note if len(a.note) <= NOTE_PREVIEW else a.note[: NOTE_PREVIEW - 1] + "…"
            line += '<br><span style="white-space:pre-wrap;">' + html.escape(note) + "</span>"
        parts.append(line)
    return '<p style="white-space:normal;">' + "<hr>".join(parts) + "</p>"


class ArticleHighlighter(QObject):
    """Keeps the article pane's annotation overlay to the part on screen, and answers
    hovering (a tooltip with tags and note) and double-clicks on a highlight.

    Signals:
        annotation_double_clicked(str): the user double-clicked a highlight (its
            annotation's id: the shortest one there).
    """

    annotation_double_clicked = Signal(str)

    def __init__(self, pane, index: AnnotationIndex, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pane = pane
        self._index = index
        self._style: HighlightStyle | None = None
        self._window: tuple[int, int] | None = None
        self._shown: tuple[tuple[str, Annotation], ...] = ()
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self._on_settle_timeout)
        pane.verticalScrollBar().valueChanged.connect(self._on_pane_scrolled)
        EventWatch(pane.viewport(), {
            QEvent.Type.ToolTip: self._on_viewport_tooltip,
            QEvent.Type.MouseButtonDblClick: self._on_viewport_double_click,
            QEvent.Type.Resize: self._on_viewport_resized,
        }, self)  # fmt: skip

    def set_index(self, index: AnnotationIndex) -> None:
        """Paint these annotations (another document's) from the next refresh."""
        self._index = index
        self._window = None

    def set_style(self, style: HighlightStyle) -> None:
        self._style = style
        self.refresh(force=True)

    def style(self) -> HighlightStyle | None:
        return self._style

    def index(self) -> AnnotationIndex:
        return self._index

    def shown(self) -> list[Annotation]:
        """The annotations painted now (those near the screen)."""
        return [a for _i, a in self._shown]

    def visible_span(self) -> tuple[int, int] | None:
        """The document span shown in the viewport (roughly, while a new text is still
        being laid out: then at most :data:`MAX_SCREEN_CHARS` from the top shown)."""
        pane = self._pane
        rect = pane.viewport().rect()
        at_top = pane.verticalScrollBar().value() == 0
        top = 0 if at_top else pane.cursorForPosition(rect.topLeft()).position()
        bottom = pane.cursorForPosition(rect.bottomRight()).position()
        span = pane.text_map().doc_span(top, max(top, bottom))
        if span is not None and span[1] - span[0] > MAX_SCREEN_CHARS:
            self._settle.start()  # look again once the layout has caught up
            return span[0], span[0] + MAX_SCREEN_CHARS
        return span

    def refresh(self, *, force: bool = False) -> None:
        """Paint the annotations near what is on screen (again, if ``force``)."""
        if self._style is None:
            return
        visible = self.visible_span()
        if visible is None:
            self._window = None
            if self._shown:
                self._shown = ()
                self._pane.set_highlights(LAYER, [])
            return
        lo, hi = visible
        if not force and self._window is not None:
            wlo, whi = self._window
            if wlo <= lo and hi <= whi:
                return
        margin = max(hi - lo, MIN_MARGIN_CHARS)
        self._window = (max(0, lo - margin), hi + margin)
        found = self._index.overlapping(*self._window)
        shown = tuple((a.id, a) for a in found)
        if not force and shown == self._shown:
            return
        self._shown = shown
        self._pane.set_highlights(LAYER, self._style.spans(found))

    def changed(self, touched: Iterable[Annotation]) -> None:
        """Annotations were added, changed or removed (the records as they were or are)."""
        if self._window is None:
            self.refresh(force=True)
            return
        lo, hi = self._window
        if any(a.end > lo and a.start < hi for a in touched):
            self.refresh(force=True)

    def annotations_at(self, pos: QPoint) -> list[Annotation]:
        """Annotations under a viewport point, shortest first."""
        pane = self._pane
        layout = pane.document().documentLayout()
        point = pos + QPoint(pane.horizontalScrollBar().value(), pane.verticalScrollBar().value())
        position = layout.hitTest(point.toPointF(), Qt.HitTestAccuracy.ExactHit)
        if position < 0:
            return []
        offset = pane.text_map().to_doc(position)
        if offset is None:
            return []
        return self._index.at(offset)

    def _on_viewport_tooltip(self, event: QEvent) -> bool:
        if not isinstance(event, QHelpEvent):
            return False
        found = self.annotations_at(event.pos())
        if found and self._style is not None:
            QToolTip.showText(
                event.globalPos(),
                describe(found, self._style.tags, self._style),
                self._pane.viewport(),
            )
            return True
        return False

    def _on_viewport_double_click(self, event: QEvent) -> bool:
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        found = self.annotations_at(event.position().toPoint())
        if found:
            self.annotation_double_clicked.emit(found[0].id)
            return True
        return False

    def _on_viewport_resized(self, _event: QEvent) -> None:
        self._settle.start()

    @Slot(int)
    def _on_pane_scrolled(self, _value: int) -> None:
        self.refresh()

    @Slot()
    def _on_settle_timeout(self) -> None:
        self.refresh()


class CommentSpans(Mapping[str, list[Span]]):
    """Each comment's annotations as spans in paint order, worked out when the thread
    asks for a comment (when it is laid out to be painted), so opening a thread with
    thousands of annotated comments costs nothing until they are on screen."""

    def __init__(
        self,
        index: AnnotationIndex,
        style: HighlightStyle,
        bounds: Mapping[str, tuple[int, int]],
    ) -> None:
        self._index = index
        self._style = style
        self._bounds = bounds
        self._cache: dict[str, list[Span]] = {}

    def forget(self, comment_ids: Iterable[str]) -> None:
        """These comments' annotations changed."""
        for comment_id in comment_ids:
            self._cache.pop(comment_id, None)

    def __getitem__(self, comment_id: str) -> list[Span]:
        found = self._cache.get(comment_id)
        if found is None:
            bounds = self._bounds.get(comment_id)
            held = [
                a for a in (self._index.overlapping(*bounds) if bounds else ())
                if a.comment_id == comment_id
            ]  # fmt: skip
            if not held:
                raise KeyError(comment_id)
            found = self._cache[comment_id] = self._style.spans(held)
        return found

    def _ids(self) -> list[str]:
        return list(self._index.by_comment())

    def __iter__(self):
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._ids())
