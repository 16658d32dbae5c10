"""What is selected, and where the text cursor is, in code points of the open document.

The tagging and structure controllers act "where the user is": the pane with the focus,
or else the text pane used last. :class:`Passages` is the one place that keeps track of
that and asks the panes (through their public methods only) for the selected span, the
span under the cursor, or the whole comment or paragraph there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QMenu

from reader.core.records import Annotation
from reader.core.text import trimmed

if TYPE_CHECKING:
    from collections.abc import Callable

    from reader.ui.panes.article.pane import ArticlePane
    from reader.ui.panes.comments.pane import CommentPane
    from reader.ui.session import DocumentSession

Source = Literal["article", "comments"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of ``Document.text`` to act on; ``what`` names it for messages."""

    start: int
    end: int
    comment_id: str | None
    what: str


class Passages(QObject):
    """The selection and the cursor of the article and comment panes, in code points.

    Signals:
        moved_on(): the reader selected something else, or went to another comment or
            document (what was acted on last is no longer where they are).
    """

    moved_on = Signal()

    def __init__(
        self,
        session: DocumentSession,
        article: ArticlePane,
        comments: CommentPane,
        comment_label: Callable[[str], str] = str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._article = article
        self._comments = comments
        self._label = comment_label
        self.last_source: Source | None = None
        article.selection_changed.connect(self._on_article_selection_changed)
        article.context_menu_about_to_show.connect(self._on_article_context_menu)
        comments.selection_changed.connect(self._on_comments_selection_changed)
        comments.comment_selected.connect(self._on_comments_comment_selected)
        comments.context_menu_about_to_show.connect(self._on_comments_context_menu)
        session.document_changed.connect(self._on_session_document_changed)

    # ---- where the user is

    def focused(self) -> Source | None:
        """The text pane holding the keyboard focus, if one does."""
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        for name, pane in (("article", self._article), ("comments", self._comments)):
            if focus is pane or pane.isAncestorOf(focus):
                return name  # type: ignore[return-value]
        return None

    def sources(self, default: Source = "article") -> list[Source]:
        """Both text panes, the one the user is in first."""
        first = self.focused() or self.last_source or default
        return [first, "comments" if first == "article" else "article"]

    # ---- spans

    def passage(self, start: int, end: int, comment_id: str | None, what: str) -> Passage | None:
        """``start..end`` without white space at its ends, if anything is left."""
        doc = self._session.document
        if doc is None:
            return None
        start, end = trimmed(doc.text, start, end)
        if not 0 <= start < end <= len(doc.text):
            return None
        return Passage(start, end, comment_id, what)

    def selected(self, source: Source | None = None, *, to_code: bool = False) -> Passage | None:
        """The passage selected in ``source`` (None: where the user is, else the other).
        ``to_code``: it is about to be tagged or annotated, so the pane first makes it
        whole words (a selection the keys made from a click inside a word), as a drag
        is made when it ends; the reader sees the selection widen."""
        for each in [source] if source else self.sources():
            if to_code:
                (self._article if each == "article" else self._comments).snap_selection()
            if each == "article":
                span = self._article.selected_span()
                found = self.passage(*span, None, "selection") if span else None
            else:
                chosen = self._comments.selection()
                cid, start, end = chosen if chosen else (None, 0, 0)
                found = self.passage(start, end, cid, "selection") if chosen else None
            if found:
                return found
        return None

    def selected_in_comment(self, comment_id: str, *, to_code: bool = False) -> Passage | None:
        """The passage selected in this comment, if it is the current one (``to_code``:
        made whole words first, as :meth:`selected` does)."""
        chosen = self._comments.selection()
        if to_code and chosen is not None and chosen[0] == comment_id:
            self._comments.snap_selection()
            chosen = self._comments.selection()
        if chosen is None or chosen[0] != comment_id:
            return None
        return self.passage(chosen[1], chosen[2], comment_id, "selection")

    def unit(self, source: Source | None = None) -> Passage | None:
        """The whole comment (or article paragraph) under the cursor in ``source``."""
        doc = self._session.document
        if doc is None:
            return None
        for each in [source] if source else self.sources():
            if each == "comments":
                cid = self._comments.current_comment()
                span = self._comments.comment_text_span(cid) if cid else None
                if cid and span:
                    return self.passage(*span, cid, f"comment #{self._label(cid)}")
            else:
                offset = self._article.cursor_offset()
                block = doc.block_at(offset) if offset is not None else None
                if block is not None:
                    b = doc.blocks[block]
                    return self.passage(b.start, b.end, None, "paragraph")
        return None

    def cursor(self, source: Source) -> tuple[str | None, int | None]:
        """The comment (None: the article) and the document offset at the text cursor of
        ``source`` (offset None: not known, e.g. a comment with no editor yet)."""
        if source == "article":
            return None, self._article.cursor_offset()
        place = self._comments.cursor_place()
        return place if place is not None else (None, None)

    def annotations_at_cursor(self) -> list[Annotation]:
        """Annotations at the text cursor (exactly on the selection when there is one)."""
        index = self._session.index
        selected = self.selected()
        if selected is not None:
            exact = index.exactly(selected.start, selected.end)
            if exact:
                return exact
        for source in self.sources():
            comment_id, offset = self.cursor(source)
            if source == "comments" and comment_id is None:
                continue
            if offset is not None:
                found = index.at(offset)
                if found:
                    return found
        return []

    def clear_selection(self) -> None:
        """Select nothing in either pane (the text cursors stay where they are)."""
        for edit in (self._article, self._comments.current_editor()):
            if edit is not None and edit.textCursor().hasSelection():
                cursor = edit.textCursor()
                cursor.clearSelection()
                edit.setTextCursor(cursor)

    # ---- keeping track of the pane used last

    @Slot(object)
    def _on_session_document_changed(self, _doc_id: int | None) -> None:
        self.last_source = None
        self.moved_on.emit()

    @Slot(int, int)
    def _on_article_selection_changed(self, start: int, _end: int) -> None:
        if start >= 0:
            self.last_source = "article"
        self.moved_on.emit()

    @Slot(QMenu, int)
    def _on_article_context_menu(self, _menu: QMenu, _offset: int) -> None:
        self.last_source = "article"

    @Slot(str, int, int)
    def _on_comments_selection_changed(self, comment_id: str, _start: int, _end: int) -> None:
        if comment_id:
            self.last_source = "comments"
            self.moved_on.emit()

    @Slot(str)
    def _on_comments_comment_selected(self, comment_id: str) -> None:
        if comment_id:
            self.last_source = "comments"
        self.moved_on.emit()

    @Slot(QMenu, str, int)
    def _on_comments_context_menu(self, _menu: QMenu, _comment_id: str, _offset: int) -> None:
        self.last_source = "comments"
