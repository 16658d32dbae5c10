"""A document's comments as a tree model: replies under the comment they answer.

Plain-Python nodes hold each comment, its parent node and its row (cached, as Anki's
sidebar does), so ``parent()`` and ``index()`` are constant time for any thread size.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.model import Comment, Document
from reader.ui.plain_text import tooltip

CommentIdRole = Qt.ItemDataRole.UserRole + 1
CommentRole = Qt.ItemDataRole.UserRole + 2
ReplyCountRole = Qt.ItemDataRole.UserRole + 3  # all replies below, not only direct ones
DepthRole = Qt.ItemDataRole.UserRole + 4  # nesting as shown (0: top level)

_Index = QModelIndex | QPersistentModelIndex


class _Node:
    __slots__ = ("children", "comment", "depth", "descendants", "parent", "row")

    def __init__(self, comment: Comment | None, parent: _Node | None, row: int) -> None:
        self.comment = comment
        self.parent = parent
        self.row = row
        self.depth = -1 if parent is None else parent.depth + 1  # as shown
        self.children: list[_Node] = []
        self.descendants = 0


class CommentTreeModel(QAbstractItemModel):
    """The comment thread of one document (one column).

    Signals: those of QAbstractItemModel (a new document is a model reset).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._root = _Node(None, None, 0)
        self._by_id: dict[str, _Node] = {}
        self._labels: dict[str, str] = {}
        self._doc: Document | None = None
        # Kinds of comment left out of the tree ("pingback", "trackback"): their replies,
        # if any, show at the top level.
        self.hidden_kinds: frozenset[str] = frozenset()

    def set_document(self, doc: Document | None) -> None:
        self.beginResetModel()
        self._doc = doc
        self._root = _Node(None, None, 0)
        self._by_id = {}
        self._link(doc.comments if doc is not None else ())
        self.endResetModel()

    def same_comments(self, doc: Document | None) -> bool:
        """Whether ``doc`` has the shown document's comments (ids, places, texts), maybe
        under other parents: then :meth:`restructure` can show it in place."""
        old = self._doc
        if old is None or doc is None or old.text != doc.text:
            return False
        if len(old.comments) != len(doc.comments):
            return False
        return all(
            a.id == b.id
            and a.start == b.start
            and a.end == b.end
            and a.text == b.text
            and a.kind == b.kind  # a kind decides whether the row is shown at all
            for a, b in zip(old.comments, doc.comments, strict=True)
        )

    def restructure(self, doc: Document) -> list[str]:
        """Show ``doc``, which has the same comments (see :meth:`same_comments`) under
        other parents, as a layout change: every row keeps its node, so the view keeps
        what is expanded, selected and current, and the measured heights. Returns the ids
        of the comments that now have replies and had none."""
        before = {node.comment.id for node in self._by_id.values() if node.children}
        self.layoutAboutToBeChanged.emit()
        old_indexes = self.persistentIndexList()
        nodes = [index.internalPointer() for index in old_indexes]
        self._doc = doc
        self._root.children = []
        self._root.descendants = 0
        self._link(doc.comments, keep=self._by_id)
        self.changePersistentIndexList(
            old_indexes, [self.createIndex(node.row, 0, node) for node in nodes]
        )
        self.layoutChanged.emit()
        return [
            node.comment.id
            for node in self._by_id.values()
            if node.children and node.comment.id not in before
        ]

    def _link(self, comments, keep: dict[str, _Node] | None = None) -> None:
        """Build the tree of ``comments`` under the root (reusing ``keep``'s nodes)."""
        root = self._root
        by_id: dict[str, _Node] = {}
        nodes: list[_Node] = []
        hidden = self.hidden_kinds
        for comment in comments:
            if hidden and comment.kind in hidden:
                continue
            # a reply to a comment not (yet) seen shows at the top level
            parent = by_id.get(comment.parent, root) if comment.parent else root
            node = keep.get(comment.id) if keep is not None else None
            if node is None:
                node = _Node(comment, parent, len(parent.children))
            else:
                node.comment, node.parent, node.row = comment, parent, len(parent.children)
                node.depth, node.children, node.descendants = parent.depth + 1, [], 0
            parent.children.append(node)
            by_id[comment.id] = node
            nodes.append(node)
        for node in reversed(nodes):  # a parent always comes before its replies
            node.parent.descendants += 1 + node.descendants
        labels: dict[str, str] = {}
        for node in nodes:
            up = node.parent
            own = str(node.row + 1)
            labels[node.comment.id] = own if up is root else f"{labels[up.comment.id]}.{own}"
        self._by_id, self._labels = by_id, labels

    def label(self, comment_id: str) -> str:
        """Where a comment sits in the thread: "2" for the second top-level comment (as
        pages number them), "2.1" for the first reply to it; "" if there is no such comment."""
        return self._labels.get(comment_id, "")

    def row_height_changed(self, index: QModelIndex) -> None:
        """Tell views a comment's row needs another height (its text was measured)."""
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.SizeHintRole])

    def document(self) -> Document | None:
        return self._doc

    def comment_count(self) -> int:
        return len(self._by_id)

    def index_of(self, comment_id: str) -> QModelIndex:
        node = self._by_id.get(comment_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def comment(self, index: _Index) -> Comment | None:
        if not index.isValid():
            return None
        return index.internalPointer().comment

    # ---- QAbstractItemModel

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid():
            node = parent.internalPointer()
            count = len(node.children) if parent.column() == 0 else 0
        else:
            node = self._root
            count = len(node.children)
        if column != 0 or not 0 <= row < count:
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._root.children)
        return len(parent.internalPointer().children) if parent.column() == 0 else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._root.children)
        return parent.column() == 0 and bool(parent.internalPointer().children)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        comment = node.comment
        if comment is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return comment.text
        if role == CommentIdRole:
            return comment.id
        if role == CommentRole:
            return comment
        if role == ReplyCountRole:
            return node.descendants
        if role == DepthRole:
            return node.depth
        if role == Qt.ItemDataRole.ToolTipRole and comment.date:
            # the header shows the date for reading; the hover, the page's own timestamp
            who = f"{comment.author} · " if comment.author else ""
            return tooltip(f"{who}{comment.date}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            who = comment.author or "Comment"
            return f"{who}: {comment.text}"
        return None

    @staticmethod
    def comment_and_depth(index: _Index) -> tuple[Comment, int]:
        """The comment of a valid index and its nesting as shown (for fast size hints)."""
        node: _Node = index.internalPointer()
        assert node.comment is not None
        return node.comment, node.depth

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            section == 0
            and orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return "Comments"
        return None
