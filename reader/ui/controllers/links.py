"""Quote links between the panes: following a link shows, selects and flashes the
passage it quotes (showing left-out text if it lies there); hovering one tints its
source; a quoted passage in the article selects the comments quoting it.

The panes emit link indexes (into ``Document.links`` of the session's document); this
controller answers through the panes' public methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QColor, QPalette, QTextCharFormat

from reader.core.model import BlockKind
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.ui.panes.article.pane import ArticlePane
    from reader.ui.panes.comments.pane import CommentPane
    from reader.ui.session import DocumentSession

HOVER_LAYER = "hovered_link_source"


class Links(QObject):
    """Follows and shows the open document's quote links.

    ``show_left_out`` is the window's checkable action that shows left-out text.

    Signals:
        status_message(str, int): a line for the status bar, for so many milliseconds.
    """

    status_message = Signal(str, int)

    def __init__(
        self,
        session: DocumentSession,
        article: ArticlePane,
        comments: CommentPane,
        show_left_out: QAction,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._article = article
        self._comments = comments
        self._show_left_out = show_left_out

    def reveal(self, start: int, end: int) -> bool:
        """Show, select and flash ``start..end`` (code points) of the open document: in
        its comment when it lies inside one, else in the article."""
        doc = self._session.document
        comment = doc.comment_at(start) if doc is not None else None
        if comment is not None and end <= comment.end:
            return self._comments.reveal(comment.id, start, end)
        return self._article.reveal(start, end)

    @Slot(int)
    def follow(self, link_index: int) -> bool:
        """Show, select and flash the passage link ``link_index`` quotes."""
        doc = self._session.document
        if doc is None or not 0 <= link_index < len(doc.links):
            return False
        target = doc.links[link_index].target
        if target.comment is not None:
            return self._comments.reveal(target.comment, target.start, target.end)
        if (
            target.block is not None
            and doc.blocks[target.block].kind is BlockKind.BOILERPLATE
            and not self._article.boilerplate_visible()
        ):
            self._show_left_out.setChecked(True)
        return self._article.reveal(target.start, target.end)

    @Slot(int)
    def hover(self, link_index: int) -> None:
        """The mouse is over link ``link_index`` (-1: over none): tint what it quotes."""
        doc = self._session.document
        self._article.set_highlights(HOVER_LAYER, [])
        self._comments.set_highlights(HOVER_LAYER, [])
        if doc is None or not 0 <= link_index < len(doc.links):
            return
        target = doc.links[link_index].target
        fmt = QTextCharFormat()
        color = QColor(self._article.palette().color(QPalette.ColorRole.Highlight))
        color.setAlpha(70)
        fmt.setBackground(color)
        if target.comment is not None:
            self._comments.set_highlights(HOVER_LAYER, [(target.start, target.end, fmt)])
        else:
            self._article.set_highlights(HOVER_LAYER, [(target.start, target.end, fmt)])

    @Slot(list)
    def select_quoting(self, comment_ids: list) -> None:
        """Select the comments that quote a passage of the article."""
        self._comments.select_comments([str(i) for i in comment_ids])
        self.status_message.emit(f"Quoted by {plural(len(comment_ids), 'comment')}", 4000)
