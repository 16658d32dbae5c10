"""What the thread view shows of the rows a structure correction moves, kept across it.

A moved row leaves its parent and joins another (``CommentTreeModel.restructure``); the
view forgets what it knew of the rows that left (which were open, which was current or
selected) while every other row keeps it. :class:`ShownState` notes that for the moved
rows and the replies below them before the move and gives it back after.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex

from reader.ui.models.comment_tree import CommentTreeModel
from reader.ui.panes.comments.view import CommentTreeView


class ShownState:
    def __init__(
        self,
        view: CommentTreeView,
        model: CommentTreeModel,
        closed: set[str],
        below: list[str],
        current: str | None,
        selected: list[str],
    ) -> None:
        self._view = view
        self._model = model
        self._closed = closed
        self._below = below
        self._current = current
        self._selected = selected

    @classmethod
    def before_moving(
        cls, view: CommentTreeView, model: CommentTreeModel, moving: list[str]
    ) -> ShownState:
        """Note the state of the rows ``moving`` and their replies, and which rows are
        current and selected."""
        below: list[str] = []
        closed: set[str] = set()
        for comment_id in moving:
            for index in _subtree(model, model.index_of(comment_id)):
                cid = model.comment(index).id
                below.append(cid)
                if model.hasChildren(index) and not view.isExpanded(index):
                    closed.add(cid)
        current = model.comment(view.currentIndex())
        selected = [model.comment(i).id for i in view.selectionModel().selectedRows()]
        return cls(view, model, closed, below, current.id if current else None, selected)

    def restore(self, opened: list[str]) -> None:
        """After the move: the moved rows open as they were, the comments in ``opened``
        (which gained their first reply) open, the same rows current and selected."""
        view, model = self._view, self._model
        for cid in [*self._below, *opened]:
            if cid not in self._closed:
                index = model.index_of(cid)
                if model.hasChildren(index):
                    view.expand(index)
        selection = view.selectionModel()
        shown = model.comment(view.currentIndex())
        if self._current is not None and (shown is None or shown.id != self._current):
            selection.setCurrentIndex(
                model.index_of(self._current), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        now = [model.comment(i).id for i in selection.selectedRows()]
        if sorted(now) != sorted(self._selected):
            rows = QItemSelection()
            for cid in self._selected:
                index = model.index_of(cid)
                rows.select(index, index)
            selection.select(rows, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def _subtree(model: CommentTreeModel, index: QModelIndex) -> list[QModelIndex]:
    """``index`` and every row below it."""
    found, todo = [], [index]
    while todo:
        at = todo.pop()
        if not at.isValid():
            continue
        found.append(at)
        todo.extend(model.index(row, 0, at) for row in range(model.rowCount(at)))
    return found
