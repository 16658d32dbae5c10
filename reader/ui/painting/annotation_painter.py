"""The open document's annotations on screen: highlights in the article (only near what is
shown) and in the comments (worked out when a comment is laid out), the coding stripes in
the article's margin, the ticks on its scroll bar, and the tooltip describing them.

It paints what the session holds (``session.index``) in the colours of the tags it is
given; the tagging controller tells it when the document, the tags or some annotations
changed, so one more annotation among thousands costs a few small repaints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reader.core.palette import themed
from reader.core.records import Annotation, Tag
from reader.ui.painting.highlights import (
    LAYER,
    ArticleHighlighter,
    CommentSpans,
    HighlightStyle,
    describe,
)
from reader.ui.painting.margin_marks import CodingStripes, ScrollbarMarks

if TYPE_CHECKING:
    from reader.ui.panes.article.pane import ArticlePane
    from reader.ui.panes.comments.pane import CommentPane
    from reader.ui.session import DocumentSession


class AnnotationPainter(QObject):
    """Highlights, stripes and scroll-bar ticks of the session's open document."""

    def __init__(
        self,
        session: DocumentSession,
        article: ArticlePane,
        comments: CommentPane,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._article = article
        self._comments = comments
        self.highlighter = ArticleHighlighter(article, session.index, self)
        self.stripes = CodingStripes(article, self._stripe_source)
        self.scroll_marks = ScrollbarMarks(
            article.verticalScrollBar(),
            index=self.highlighter.index,
            style=self.highlighter.style,
            converter=lambda: article.text_map().to_qt,
            convert_all=lambda: article.text_map().to_qt_many,
            length=lambda: article.document().characterCount(),
        )
        self._tags: dict[str, Tag] = {}
        self.style = HighlightStyle({}, article.palette())
        self._comment_spans = CommentSpans(session.index, self.style, {})
        self._comment_bounds: dict[str, tuple[int, int]] = {}

    def set_tags(self, tags: dict[str, Tag]) -> None:
        """The codebook (or the theme) changed: colours from these tags from now on."""
        self._tags = tags
        self.style = HighlightStyle(tags, self._article.palette())

    def fill(self, colour: str) -> str:
        """A tag's stored colour as shown in this theme."""
        return themed(colour, dark=self.style.dark)

    def show_document(self) -> None:
        """Another document (or its annotations read again): paint it all."""
        doc = self._session.document
        self._comment_bounds = {c.id: (c.start, c.end) for c in doc.comments} if doc else {}
        self.highlighter.set_index(self._session.index)
        self.scroll_marks.reset()
        self.paint_all()

    def paint_all(self) -> None:
        self.highlighter.set_style(self.style)
        self.scroll_marks.reset()
        self.stripes.update()
        self._comment_spans = CommentSpans(self._session.index, self.style, self._comment_bounds)
        self._comments.set_comment_highlights(LAYER, self._comment_spans)

    def paint_changed(self, touched: Sequence[Annotation]) -> None:
        """Only these annotations changed (as they are now, and as they were)."""
        article = [a for a in touched if a.comment_id is None]
        if article:
            self.highlighter.changed(article)
            self.scroll_marks.changed(article)
            self.stripes.update()
        cids = {a.comment_id for a in touched if a.comment_id is not None}
        if not cids:
            return
        self._comment_spans.forget(cids)
        self._comments.set_comment_highlights(LAYER, self._comment_spans, cids)

    def tooltip_for(self, annotations: Sequence[Annotation]) -> str:
        return describe(annotations, self._tags, self.style)

    def in_comment_at(self, comment_id: str, offset: int) -> list[Annotation]:
        """Annotations of a comment holding ``offset``, shortest first."""
        return [a for a in self._session.index.at(offset) if a.comment_id == comment_id]

    def comment_tooltip(self, comment_id: str, offset: int) -> str:
        found = self.in_comment_at(comment_id, offset)
        return self.tooltip_for(found) if found else ""

    def _stripe_source(self) -> tuple[list[Annotation], HighlightStyle | None]:
        return self.highlighter.shown(), self.highlighter.style()
