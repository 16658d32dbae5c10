"""Annotations as a table: the passage, its tags, the start of its note, and where it is.

Rows are :class:`AnnotationRow` values the window builds (it knows document titles and
comment numbers); the model keeps them in reading order and takes single changes
without a reset, so adding one annotation to a list of thousands stays cheap. An
optional tag filter keeps only annotations carrying one of a set of tags.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from reader.store.records import Annotation, Tag
from reader.ui.codebook_model import swatch_icon

AnnotationIdRole = Qt.ItemDataRole.UserRole + 1
AnnotationRole = Qt.ItemDataRole.UserRole + 2

PASSAGE, TAGS, NOTE, WHERE = range(4)
HEADERS = ("Passage", "Tags", "Note", "Where")
EXCERPT = 90
NOTE_START = 60

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class AnnotationRow:
    """An annotation as listed: ``where`` says the document part ("Article",
    "Comment #3 · Ann"), with the document's title first when listing the project."""

    annotation: Annotation
    where: str

    @property
    def key(self) -> tuple[int, int, int, str]:
        a = self.annotation
        return (a.document_id, int(a.orphan), a.start, a.id)


def one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


class AnnotationListModel(QAbstractTableModel):
    """The annotations listed in the annotations pane.

    ``tags`` maps tag ids to tags (for names) and ``fill`` a stored colour to the shade
    to paint (set both before showing rows).

    Signals: those of QAbstractTableModel.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: dict[str, AnnotationRow] = {}
        self._rows: list[AnnotationRow] = []
        self._keys: list[tuple[int, int, int, str]] = []
        self._filter: frozenset[str] | None = None
        self.tags: Mapping[str, Tag] = {}
        self.fill: Callable[[str], str] = lambda colour: colour
        self._icons: dict[str, QIcon] = {}

    # ---- contents

    def set_rows(self, rows: Iterable[AnnotationRow]) -> None:
        self.beginResetModel()
        self._all = {r.annotation.id: r for r in rows}
        self._rebuild()
        self.endResetModel()

    def set_tag_filter(self, tag_ids: Collection[str] | None) -> None:
        """Keep only annotations carrying one of ``tag_ids`` (None: all)."""
        self.beginResetModel()
        self._filter = None if tag_ids is None else frozenset(tag_ids)
        self._rebuild()
        self.endResetModel()

    def tag_filter(self) -> frozenset[str] | None:
        return self._filter

    def _rebuild(self) -> None:
        self._rows = sorted((r for r in self._all.values() if self._keeps(r)), key=lambda r: r.key)
        self._keys = [r.key for r in self._rows]

    def _keeps(self, row: AnnotationRow) -> bool:
        return self._filter is None or not self._filter.isdisjoint(row.annotation.tags)

    def put(self, row: AnnotationRow) -> None:
        """Add or update one row (in place when it keeps its place)."""
        self.remove(row.annotation.id, keep_in_all=True)
        self._all[row.annotation.id] = row
        if not self._keeps(row):
            return
        at = bisect_left(self._keys, row.key)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, row)
        self._keys.insert(at, row.key)
        self.endInsertRows()

    def update(self, row: AnnotationRow) -> None:
        """Replace a row's annotation; it must keep its place (same span and document)."""
        old = self._all.get(row.annotation.id)
        if old is None or old.key != row.key:
            self.put(row)
            return
        self._all[row.annotation.id] = row
        at = self.row_of(row.annotation.id)
        kept = self._keeps(row)
        if at is None and kept:
            self.put(row)
        elif at is not None and not kept:
            self.remove(row.annotation.id, keep_in_all=True)
        elif at is not None:
            self._rows[at] = row
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(HEADERS) - 1))

    def remove(self, annotation_id: str, *, keep_in_all: bool = False) -> None:
        at = self.row_of(annotation_id)
        if not keep_in_all:
            self._all.pop(annotation_id, None)
        if at is None:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        del self._keys[at]
        self.endRemoveRows()

    def row_of(self, annotation_id: str) -> int | None:
        row = self._all.get(annotation_id)
        if row is None:
            return None
        at = bisect_left(self._keys, row.key)
        if at < len(self._keys) and self._keys[at] == row.key:
            return at
        return None

    def annotation(self, row: int) -> Annotation | None:
        return self._rows[row].annotation if 0 <= row < len(self._rows) else None

    def total(self) -> int:
        """Annotations held, whether the filter shows them or not."""
        return len(self._all)

    def refresh_tags(self) -> None:
        """Tag names or colours changed."""
        self._icons.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, TAGS))

    # ---- QAbstractTableModel

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        a = row.annotation
        column = index.column()
        if role == AnnotationIdRole:
            return a.id
        if role == AnnotationRole:
            return a
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PASSAGE:
                return f"“{one_line(a.exact, EXCERPT)}”"
            if column == TAGS:
                names = [self.tags[t].name for t in a.tags if t in self.tags]
                return ", ".join(names) if names else "—"
            if column == NOTE:
                return one_line(a.note, NOTE_START)
            if column == WHERE:
                return f"{row.where} (not found)" if a.orphan else row.where
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PASSAGE:
                tip = a.exact
                if a.orphan:
                    tip = (
                        "This passage was not found when the document last changed; "
                        f"it is kept with its quote:\n\n{a.exact}"
                    )
                return tip
            if column == NOTE and a.note:
                return a.note
            if column == TAGS:
                return "\n".join(self.tags[t].name for t in a.tags if t in self.tags) or None
            if column == WHERE:
                return row.where
        if role == Qt.ItemDataRole.DecorationRole and column == TAGS:
            first = next((self.tags[t] for t in a.tags if t in self.tags), None)
            if first is not None:
                fill = self.fill(first.colour)
                icon = self._icons.get(fill)
                if icon is None:
                    icon = self._icons[fill] = swatch_icon(fill, size=12)
                return icon
        if role == Qt.ItemDataRole.FontRole and a.orphan:
            font = QFont(QApplication.font())
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and a.orphan:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == PASSAGE:
            return a.exact
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
