"""Opening a long thread's replies: the first few hundred before the first paint, the
rest in small steps after it, keeping what the reader looks at where it is.

Opening all of a 5,000-comment thread at once would make the view measure every comment
before the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QTimer, Slot

from reader.core.model import Document
from reader.ui.models.comment_tree import CommentTreeModel
from reader.ui.panes.comments.view import CommentTreeView

EAGER_COMMENTS = 300  # comments whose replies are open before a thread is first painted
EXPAND_STEP = 100  # replies opened per step after that


class ThreadExpander(QObject):
    def __init__(
        self, view: CommentTreeView, model: CommentTreeModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._model = model
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._to_expand: list[str] = []
        self._timer.timeout.connect(self._on_timer_timeout)

    def open_replies(self, doc: Document | None) -> None:
        """A new thread is shown: open its replies (the first ones now)."""
        parents = {c.parent for c in doc.comments if c.parent} if doc else set()
        order = [c.id for c in doc.comments if c.id in parents] if doc else []
        eager = {c.id for c in doc.comments[:EAGER_COMMENTS]} if doc else set()
        for comment_id in order:
            if comment_id in eager:
                self._view.expand(self._model.index_of(comment_id))
        self._to_expand = [i for i in reversed(order) if i not in eager]
        self._timer.stop()
        if self._to_expand:
            self._view.set_after_first_paint(self._timer.start)

    def done(self) -> bool:
        return not self._to_expand

    def stop(self) -> None:
        """The user opens or closes them all: nothing more to do."""
        self._timer.stop()
        self._view.set_after_first_paint(None)
        self._to_expand = []

    @Slot()
    def _on_timer_timeout(self) -> None:
        view = self._view
        anchor = view.indexAt(QPoint(1, 1))
        before = view.visualRect(anchor).top() if anchor.isValid() else 0
        for _ in range(min(EXPAND_STEP, len(self._to_expand))):
            view.expand(self._model.index_of(self._to_expand.pop()))
        if anchor.isValid():  # what the reader is looking at stays where it is
            bar = view.verticalScrollBar()
            bar.setValue(bar.value() + view.visualRect(anchor).top() - before)
        if not self._to_expand:
            self._timer.stop()
