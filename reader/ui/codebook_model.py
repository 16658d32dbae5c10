"""The codebook as a tree model: tags under their parents, with how often each is used.

Plain-Python nodes keep each tag, its parent node and its row (as the comment model
does), so ``parent()`` and ``index()`` are constant time. The model never changes the
project itself: a rename typed in the view or a tag dropped elsewhere becomes an intent
(``rename_requested``, ``move_requested``) that the window turns into an undoable
command; the model then shows the result through :meth:`set_tags`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from reader.core.palette import text_colour
from reader.store.records import Tag
from reader.ui.plain_text import tooltip

TagIdRole = Qt.ItemDataRole.UserRole + 1
TagRole = Qt.ItemDataRole.UserRole + 2
UsageRole = Qt.ItemDataRole.UserRole + 3
QuickKeyRole = Qt.ItemDataRole.UserRole + 4  # 1..9 for the first nine tags, else 0
PathRole = Qt.ItemDataRole.UserRole + 5  # "Parent › Child"

MIME_TYPE = "application/x-reader-tag-ids"
NAME, USES = 0, 1
QUICK_KEYS = 9

_Index = QModelIndex | QPersistentModelIndex


class _Node:
    __slots__ = ("children", "parent", "row", "tag")

    def __init__(self, tag: Tag | None, parent: _Node | None, row: int) -> None:
        self.tag = tag
        self.parent = parent
        self.row = row
        self.children: list[_Node] = []


def swatch_icon(fill: str, label: str = "", size: int = 16) -> QIcon:
    """A rounded square of ``fill`` with ``label`` (a digit) in readable text on it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(fill).darker(135))
    painter.setBrush(QColor(fill))
    painter.drawRoundedRect(0.5, 0.5, size - 1.0, size - 1.0, 3.0, 3.0)
    if label:
        font = QFont()
        font.setPixelSize(size - 5)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(text_colour(fill)))
        painter.drawText(pixmap.rect(), int(Qt.AlignmentFlag.AlignCenter), label)
    painter.end()
    return QIcon(pixmap)


class CodebookModel(QAbstractItemModel):
    """Tags as a tree, two columns: the name (with a colour swatch) and the usage count.

    ``fill`` maps a tag's stored colour to the shade to paint on the current theme.

    Signals:
        rename_requested(str, str): the user typed a new name for a tag (id, name).
        move_requested(str, str, int): the user dropped a tag (id) under a parent (id, or
            "" for the top level) at a position among its siblings (counted without it).
    """

    rename_requested = Signal(str, str)
    move_requested = Signal(str, str, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._root = _Node(None, None, 0)
        self._by_id: dict[str, _Node] = {}
        self._order: list[str] = []
        self._usage: dict[str, int] = {}
        self._icons: dict[tuple[str, str], QIcon] = {}
        self.fill = lambda colour: colour

    # ---- contents

    def set_tags(self, tags: Sequence[Tag], usage: Mapping[str, int]) -> None:
        """Show ``tags`` (parents before children, siblings in order). A change of names,
        colours or counts only updates rows; a change of the tree resets the model."""
        shape = [(t.id, t.parent, t.position) for t in tags]
        old_shape = [
            (i, n.tag.parent, n.tag.position) for i in self._order if (n := self._by_id[i]).tag
        ]
        self._usage = dict(usage)
        if shape == old_shape:
            for tag in tags:
                node = self._by_id[tag.id]
                if node.tag != tag:
                    node.tag = tag
            self._icons.clear()
            self._emit_all_changed(self._root)
            return
        self.beginResetModel()
        self._root = _Node(None, None, 0)
        self._by_id = {}
        self._order = []
        for tag in tags:
            parent = self._by_id.get(tag.parent) if tag.parent else None
            parent = parent or self._root
            node = _Node(tag, parent, len(parent.children))
            parent.children.append(node)
            self._by_id[tag.id] = node
            self._order.append(tag.id)
        self._icons.clear()
        self.endResetModel()

    def set_usage(self, usage: Mapping[str, int]) -> None:
        """New usage counts (the tree unchanged)."""
        changed = [i for i in self._by_id if usage.get(i, 0) != self._usage.get(i, 0)]
        self._usage = dict(usage)
        for tag_id in changed:
            index = self.index_of(tag_id, USES)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, UsageRole])

    def refresh_colours(self) -> None:
        """The theme changed: repaint the swatches."""
        self._icons.clear()
        self._emit_all_changed(self._root)

    def _emit_all_changed(self, node: _Node) -> None:
        if node.children:
            first = self.createIndex(0, NAME, node.children[0])
            last = self.createIndex(len(node.children) - 1, USES, node.children[-1])
            self.dataChanged.emit(first, last)
            for child in node.children:
                self._emit_all_changed(child)

    def tags(self) -> list[Tag]:
        """Every tag, depth first (the order of the quick keys)."""
        return [t for i in self._order if (t := self._by_id[i].tag) is not None]

    def tag(self, tag_id: str) -> Tag | None:
        node = self._by_id.get(tag_id)
        return node.tag if node else None

    def usage(self, tag_id: str) -> int:
        return self._usage.get(tag_id, 0)

    def quick_key(self, tag_id: str) -> int:
        """1..9 for the first nine tags (Ctrl+1…Ctrl+9), else 0."""
        try:
            at = self._order.index(tag_id)
        except ValueError:
            return 0
        return at + 1 if at < QUICK_KEYS else 0

    def path(self, tag_id: str) -> str:
        """The tag's name after its ancestors' (``Parent › Child``)."""
        names = []
        node = self._by_id.get(tag_id)
        while node is not None and node.tag is not None:
            names.append(node.tag.name)
            node = node.parent
        return " › ".join(reversed(names))

    def descendants(self, tag_id: str) -> list[str]:
        node = self._by_id.get(tag_id)
        out: list[str] = []
        stack = list(node.children) if node else []
        while stack:
            child = stack.pop()
            assert child.tag is not None
            out.append(child.tag.id)
            stack.extend(child.children)
        return out

    def index_of(self, tag_id: str, column: int = NAME) -> QModelIndex:
        node = self._by_id.get(tag_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def tag_at(self, index: _Index) -> Tag | None:
        if not index.isValid():
            return None
        return index.internalPointer().tag

    # ---- QAbstractItemModel

    def _node(self, index: _Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column <= USES or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != NAME:
            return QModelIndex()
        node = self._node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, NAME, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != NAME:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        tag: Tag | None = index.internalPointer().tag
        if tag is None:
            return None
        column = index.column()
        if role == TagIdRole:
            return tag.id
        if role == TagRole:
            return tag
        if role == UsageRole:
            return self._usage.get(tag.id, 0)
        if role == QuickKeyRole:
            return self.quick_key(tag.id)
        if role == PathRole:
            return self.path(tag.id)
        if column == NAME:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return tag.name
            if role == Qt.ItemDataRole.DecorationRole:
                return self._icon(tag)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(self._tooltip(tag))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{tag.name}, used {self._usage.get(tag.id, 0)} times"
        elif column == USES:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self._usage.get(tag.id, 0))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                n = self._usage.get(tag.id, 0)
                return tooltip(f"On {n} annotation{'s' if n != 1 else ''}")
        return None

    def _icon(self, tag: Tag) -> QIcon:
        key = self.quick_key(tag.id)
        label = str(key) if key else ""
        fill = self.fill(tag.colour)
        icon = self._icons.get((fill, label))
        if icon is None:
            icon = swatch_icon(fill, label)
            self._icons[(fill, label)] = icon
        return icon

    def _tooltip(self, tag: Tag) -> str:
        lines = [self.path(tag.id)]
        if tag.description:
            lines.append(tag.description)
        key = self.quick_key(tag.id)
        if key:
            lines.append(f"Ctrl+{key} tags the selection with it")
        return "\n".join(lines)

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        tag = self.tag_at(index)
        if tag is None or index.column() != NAME or role != Qt.ItemDataRole.EditRole:
            return False
        name = " ".join(str(value).split())
        if not name or name == tag.name:
            return False
        self.rename_requested.emit(tag.id, name)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {NAME: "Tag", USES: "Uses"}.get(section)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # ---- drag and drop: a drop is a move intent, never a change made here

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:
        ids = []
        for index in indexes:
            tag = self.tag_at(index)
            if tag is not None and tag.id not in ids:
                ids.append(tag.id)
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray("\n".join(ids).encode()))
        return data

    def _dropped_ids(self, data: QMimeData) -> list[str]:
        if not data.hasFormat(MIME_TYPE):
            return []
        raw = bytes(data.data(MIME_TYPE).data()).decode()
        return [i for i in raw.split("\n") if i in self._by_id]

    def drop_target(self, tag_id: str, row: int, parent: _Index) -> tuple[str | None, int] | None:
        """Where a tag dropped at ``row`` under ``parent`` goes: (parent id, position
        among the siblings without it); None when the drop makes no sense (onto itself
        or under one of its own subtags)."""
        parent_tag = self.tag_at(parent)
        parent_id = parent_tag.id if parent_tag else None
        if parent_id is not None and (parent_id == tag_id or parent_id in self.descendants(tag_id)):
            return None
        siblings = self._node(parent).children
        if row < 0:
            row = len(siblings)
        moving = self._by_id[tag_id]
        assert moving.tag is not None
        if moving.tag.parent == parent_id and moving.row < row:
            row -= 1
        return parent_id, row

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        ids = self._dropped_ids(data)
        return len(ids) == 1 and self.drop_target(ids[0], row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        ids = self._dropped_ids(data)
        if action != Qt.DropAction.MoveAction or len(ids) != 1:
            return False
        target = self.drop_target(ids[0], row, parent)
        if target is None:
            return False
        parent_id, position = target
        self.move_requested.emit(ids[0], parent_id or "", position)
        # The move happens through the undo stack, which then resets this model; so the
        # view must not remove the dragged rows itself (removeRows is not implemented).
        return False
