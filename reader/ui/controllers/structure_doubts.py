"""What Reader is unsure of in a document's structure, shown where the thread begins,
and the choice to hide pingbacks and trackbacks.

The parser records each structural guess with how sure it was
(:attr:`~reader.core.model.Document.doubts`). When the start of the comments (or their
absence) is one of them, the comments pane's note says so above the thread, with how sure
Reader was and how to correct it (Structure ▸ Comments Start Here / This Is Still the
Article); "Show Where" selects the first comment. Comments found only by their voice,
with nothing marking where each begins, are counted in the same note.

"Show Pingbacks and Trackbacks" (Structure menu, on by default) leaves other sites'
link notices out of the thread when unchecked; they stay in the document and in every
export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from reader.core.model import Document

if TYPE_CHECKING:
    from reader.ui.models.comment_tree import CommentTreeModel
    from reader.ui.panes.comments.pane import CommentPane
    from reader.ui.session import DocumentSession

NOTICE_KINDS = frozenset(("pingback", "trackback"))
_START = "comments start"
_NONE = "no comments"
_GUESSED = ("comment", "reply")


def doubt_text(doc: Document) -> str:
    """The note for ``doc``'s doubtful structure, or "" when nothing is in doubt."""
    doubts = doc.doubts
    start = next((d for d in doubts if d.what == _START), None)
    none = next((d for d in doubts if d.what == _NONE), None)
    guessed = sum(1 for d in doubts if d.what in _GUESSED)
    lines = []
    if start is not None:
        why = f" ({start.detail})" if start.detail else ""
        lines.append(
            f"Reader is {start.confidence:.0%} sure the comments begin here{why}. If they "
            "begin elsewhere, put the cursor there and choose Structure ▸ Comments Start "
            "Here; if these are still the article, Structure ▸ This Is Still the Article."
        )
    elif none is not None and not doc.comments:
        lines.append(
            f"Reader found no comments, {none.confidence:.0%} sure. If the text has some, "
            "put the cursor on the first and choose Structure ▸ Comments Start Here."
        )
    if guessed and doc.comments:
        lines.append(
            f"{guessed} of {len(doc.comments)} comment starts are guesses (nothing marks "
            "where one comment ends): Structure ▸ Split Comment Here and Merge with "
            "Previous Comment correct them."
        )
    return "\n".join(lines)


class StructureDoubts(QObject):
    """Keeps the comments pane's note and the pingback filter up to date."""

    def __init__(
        self,
        session: DocumentSession,
        *,
        window: QWidget,
        comments: CommentPane,
        comment_model: CommentTreeModel,
    ) -> None:
        super().__init__(window)
        self._session = session
        self._comments = comments
        self._model = comment_model
        self.show_notices = QAction("Show &Pingbacks and Trackbacks", window)
        self.show_notices.setObjectName("structure_show_notices")
        self.show_notices.setCheckable(True)
        self.show_notices.setChecked(True)
        self.show_notices.setToolTip(
            "Show other sites' notices that they linked here among the comments"
        )
        window.addAction(self.show_notices)
        self.show_notices.toggled.connect(self._on_show_notices_toggled)
        session.document_changed.connect(self._on_document_changed)
        session.document_restructured.connect(self._on_document_changed)
        comments.notice.go_requested.connect(self._on_go_requested)

    def add_to(self, menu: QMenu | None) -> None:
        """Put the pingback choice at the end of the Structure menu."""
        if menu is not None:
            menu.addSeparator()
            menu.addAction(self.show_notices)

    @Slot(object)
    def _on_document_changed(self, _doc_id: int | None) -> None:
        doc = self._session.document
        text = doubt_text(doc) if doc is not None else ""
        has_start = (
            doc is not None and bool(doc.comments) and any(d.what == _START for d in doc.doubts)
        )
        self._comments.notice.tell(text, can_go=has_start)

    @Slot(bool)
    def _on_show_notices_toggled(self, shown: bool) -> None:
        self._model.hidden_kinds = frozenset() if shown else NOTICE_KINDS
        doc = self._comments.document_shown()
        if doc is not None:
            self._comments.show_document(doc)

    @Slot()
    def _on_go_requested(self) -> None:
        doc = self._session.document
        if doc is not None and doc.comments:
            self._comments.select_comment(doc.comments[0].id)
