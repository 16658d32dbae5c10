"""A document's comments as a tree model: replies under the comment they answer.

The rows are Qt's own (``QStandardItem``s, one per comment, holding its text, the
comment and its row's size; its depth and replies are asked of the model): a tree view lays
out a thread of 5,000 comments in C++ without calling Python for each row, which it
does again after every change of rows (measured: ~22 µs a row through a Python model,
over 100 ms for 5,000). The row sizes come from the view's measure (``row_size``, set by
the comment pane) and are kept here as ``SizeHintRole``. A structure correction moves
only the rows whose parent changed (:meth:`restructure`); a new document is a reset.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from reader.core.model import Comment, Document
from reader.ui.plain_text import tooltip

CommentRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_SIZE = Qt.ItemDataRole.SizeHintRole


def _default_size(_comment: Comment, _depth: int) -> QSize:
    return QSize(200, 40)


class CommentTreeModel(QStandardItemModel):
    """The comment thread of one document (one column).

    Signals: those of QAbstractItemModel (a new document is a model reset; a structure
    correction moves rows).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Comments"])
        self._items: dict[str, QStandardItem] = {}
        self._comments: dict[str, Comment] = {}
        self._parents: dict[str, str | None] = {}  # as shown
        self._replies: dict[str, int] = {}
        self._depths: dict[str, int] = {}
        self._labels: dict[str, str] = {}
        self._order: dict[str, int] = {}
        self._doc: Document | None = None
        # Kinds of comment left out of the tree ("pingback", "trackback"): their replies,
        # if any, show at the top level.
        self.hidden_kinds: frozenset[str] = frozenset()
        # A row's size for a comment at a depth (the view's measure; see module doc).
        self.row_size: Callable[[Comment, int], QSize] = _default_size

    # ---- showing a document

    def set_document(self, doc: Document | None) -> None:
        self.clear()
        self.setHorizontalHeaderLabels(["Comments"])
        self._doc = doc
        self._items, self._comments = {}, {}
        comments = self._shown(doc)
        self._parents = self._parents_of(comments)
        self._order = {c.id: i for i, c in enumerate(comments)}
        self._replies = self._count_replies(comments, self._parents)
        tops = []
        size, items, parents = self.row_size, self._items, self._parents
        depths: dict[str | None, int] = {None: -1}
        for comment in comments:
            up = parents[comment.id]
            depth = depths[comment.id] = depths[up] + 1
            # What Qt reads (the text, with its author for a screen reader; the size) and
            # the comment; the rest is asked of this model (each setData costs
            # microseconds, 5,000 times).
            item = QStandardItem(
                f"{comment.author}: {comment.text}" if comment.author else comment.text
            )
            item.setData(comment, CommentRole)
            item.setData(size(comment, depth), _SIZE)
            if up is None:
                tops.append(item)
            else:
                items[up].appendRow(item)  # not yet in the model: no signal
            items[comment.id] = item
            self._comments[comment.id] = comment
        del depths[None]
        self._depths = depths
        if tops:
            self.invisibleRootItem().appendRows(tops)  # one insertion for the view
        self._labels = self._number(comments, parents)

    def _shown(self, doc: Document | None) -> list[Comment]:
        comments = list(doc.comments) if doc is not None else []
        hidden = self.hidden_kinds
        return [c for c in comments if c.kind not in hidden] if hidden else comments

    @staticmethod
    def _parents_of(comments: Iterable[Comment]) -> dict[str, str | None]:
        """Each comment's parent as shown: a reply to a comment not (yet) seen, or
        left out, shows at the top level."""
        parents: dict[str, str | None] = {}
        for comment in comments:
            up = comment.parent
            parents[comment.id] = up if up is not None and up in parents else None
        return parents

    @staticmethod
    def _count_replies(comments: list[Comment], parents: dict[str, str | None]) -> dict:
        replies = dict.fromkeys(parents, 0)
        for comment in reversed(comments):  # a parent always comes before its replies
            up = parents[comment.id]
            if up is not None:
                replies[up] += 1 + replies[comment.id]
        return replies

    @staticmethod
    def _number(comments: list[Comment], parents: dict[str, str | None]) -> dict[str, str]:
        labels: dict[str, str] = {}
        counts: dict[str | None, int] = {}
        for comment in comments:
            up = parents[comment.id]
            n = counts[up] = counts.get(up, 0) + 1
            labels[comment.id] = str(n) if up is None else f"{labels[up]}.{n}"
        return labels

    def same_comments(self, doc: Document | None) -> bool:
        """Whether ``doc`` has the shown document's comments (ids, places, texts), maybe
        under other parents: then :meth:`restructure` can show it in place."""
        old = self._doc
        if old is None or doc is None or old.text != doc.text:
            return False
        if len(old.comments) != len(doc.comments):
            return False
        return all(
            a is b
            or (
                a.id == b.id
                and a.start == b.start
                and a.end == b.end
                and a.text == b.text
                and a.kind == b.kind  # a kind decides whether the row is shown at all
            )
            for a, b in zip(old.comments, doc.comments, strict=True)
        )

    def moving(self, doc: Document) -> list[str]:
        """The comments :meth:`restructure` would move to another parent, in order."""
        parents = self._parents_of(self._shown(doc))
        return [cid for cid, up in parents.items() if self._parents.get(cid) != up]

    def restructure(self, doc: Document) -> list[str]:
        """Show ``doc``, which has the same comments (see :meth:`same_comments`) under
        other parents: only the rows whose parent changed are moved (with their
        replies), so every other row keeps its place, its state in views (expanded,
        selected, current) and its measured size. Returns the ids of the comments that
        now have replies and had none."""
        comments = self._shown(doc)
        parents = self._parents_of(comments)
        moved = [cid for cid, up in parents.items() if self._parents.get(cid) != up]
        had = {cid for cid, n in self._replies.items() if n}
        self._doc = doc
        root = self.invisibleRootItem()
        for cid in moved:
            item = self._items[cid]
            source = item.parent() or root
            taken = source.takeRow(item.row())
            self._parents[cid] = parents[cid]
            up = parents[cid]
            target = root if up is None else self._items[up]
            target.insertRow(self._row_for(target, cid), taken)
        replies = self._count_replies(comments, parents)
        # What the rows show, where it changed (compared here, not asked of the rows):
        # signals held, one relayout after (rows moved anyway).
        old_comments, old_depths = self._comments, self._depths
        depths: dict[str | None, int] = {None: -1}
        self.blockSignals(True)
        try:
            for comment in comments:
                cid = comment.id
                depth = depths[cid] = depths[parents[cid]] + 1
                if old_comments[cid] is not comment:
                    old_comments[cid] = comment
                    self._items[cid].setData(comment, CommentRole)
                if old_depths[cid] != depth:
                    self._items[cid].setData(self.row_size(comment, depth), _SIZE)
        finally:
            self.blockSignals(False)
        del depths[None]
        self._depths = depths
        self._replies = replies
        self._parents = parents
        self._labels = self._number(comments, parents)
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()
        return [cid for cid, n in replies.items() if n and cid not in had]

    def _row_for(self, parent: QStandardItem, comment_id: str) -> int:
        """Where a reply goes among ``parent``'s rows: in the order of the thread."""
        order = self._order

        class Rows:
            def __len__(self) -> int:
                return parent.rowCount()

            def __getitem__(self, row: int) -> int:
                return order[parent.child(row).data(CommentRole).id]

        return bisect_left(Rows(), order[comment_id])

    # ---- sizes

    def refresh_sizes(self) -> None:
        """Ask ``row_size`` again for every row (the view's width or font changed)."""
        size = self.row_size
        self.blockSignals(True)
        try:
            for cid, item in self._items.items():
                item.setData(size(self._comments[cid], self._depths[cid]), _SIZE)
        finally:
            self.blockSignals(False)
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()

    def row_height_changed(self, index: _Index) -> None:
        """Measure a comment's row again (its text was laid out); views follow."""
        item = self.itemFromIndex(QModelIndex(index))
        if item is not None:
            cid = item.data(CommentRole).id
            item.setData(self.row_size(self._comments[cid], self._depths[cid]), _SIZE)

    # ---- questions

    def label(self, comment_id: str) -> str:
        """Where a comment sits in the thread: "2" for the second top-level comment (as
        pages number them), "2.1" for the first reply to it; "" if there is no such comment."""
        return self._labels.get(comment_id, "")

    def document(self) -> Document | None:
        return self._doc

    def comment_count(self) -> int:
        return len(self._items)

    def with_replies(self) -> list[str]:
        """The comments shown with replies, in thread order."""
        return [cid for cid, n in self._replies.items() if n]

    def index_of(self, comment_id: str) -> QModelIndex:
        item = self._items.get(comment_id)
        return QModelIndex() if item is None else self.indexFromItem(item)

    def comment(self, index: _Index) -> Comment | None:
        return index.data(CommentRole) if index.isValid() else None

    def depth(self, index: _Index) -> int:
        """How deep a comment's row is nested as shown (0: top level; -1: no comment)."""
        comment = self.comment(index)
        return -1 if comment is None else self._depths[comment.id]

    def replies(self, index: _Index) -> int:
        """How many replies are below a comment's row (all, not only direct ones)."""
        comment = self.comment(index)
        return 0 if comment is None else self._replies[comment.id]

    def tooltip_of(self, index: _Index) -> str | None:
        """The hover text of a comment's row: who wrote it and the page's own timestamp
        (the header shows the date for reading)."""
        comment = self.comment(index)
        if comment is None or not comment.date:
            return None
        who = f"{comment.author} · " if comment.author else ""
        return tooltip(f"{who}{comment.date}")
