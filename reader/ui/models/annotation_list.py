"""Annotations as a table: the passage, its tags, the start of its note, and where it is.

The model keeps annotations in reading order and takes single changes without a reset,
so adding one annotation to a list of thousands stays cheap; where each one is (which
the window knows: document titles, comment numbers) is asked only for rows shown. An
optional tag filter keeps only annotations carrying one of a set of tags.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from reader.core.records import Annotation, Tag
from reader.core.text import excerpt, quoted
from reader.ui.models.codebook import swatch_icon
from reader.ui.plain_text import tooltip

AnnotationIdRole = Qt.ItemDataRole.UserRole.value + 1
AnnotationRole = Qt.ItemDataRole.UserRole.value + 2

PASSAGE, TAGS, NOTE, WHERE, CODER = range(5)
HEADERS = ("Passage", "Tags", "Note", "Where", "Coder")
EXCERPT = 90
NOTE_START = 60

_Index = QModelIndex | QPersistentModelIndex

# Roles as plain ints: ``data`` runs for every role of every cell painted, and reading an
# enum member each time costs more than the rest of it.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole.value
_ROLES = frozenset(
    (
        _DISPLAY,
        _DECORATION,
        _TOOLTIP,
        _FONT,
        _FOREGROUND,
        _ACCESSIBLE,
        AnnotationIdRole,
        AnnotationRole,
    )
)


def sort_key(a: Annotation) -> tuple[int, bool, int, str]:
    """Reading order: by document, placed passages by position, then orphans."""
    return (a.document_id, a.orphan, a.start, a.id)


class AnnotationListModel(QAbstractTableModel):
    """The annotations listed in the annotations pane.

    ``tags`` maps tag ids to tags (for names), ``fill`` a stored colour to the shade to
    paint, and ``where`` an annotation to the place it is shown ("Article", "Comment #3",
    with the document's title first when listing the project); set them before rows.

    Signals: those of QAbstractTableModel.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: dict[str, Annotation] = {}
        self._rows: list[Annotation] = []
        self._keys: list[tuple[int, bool, int, str]] = []
        self._filter: frozenset[str] | None = None
        self.tags: Mapping[str, Tag] = {}
        self.fill: Callable[[str], str] = lambda colour: colour
        self.where: Callable[[Annotation], str] = lambda a: ""
        self._icons: dict[str, QIcon] = {}

    # ---- contents

    def set_annotations(self, annotations: Iterable[Annotation], *, ordered: bool = False) -> None:
        """Show these annotations (``ordered``: already in reading order, as the store and
        the window's index give them)."""
        self.beginResetModel()
        self._all = {a.id: a for a in annotations}
        self._rebuild(ordered=ordered)
        self.endResetModel()

    def set_tag_filter(self, tag_ids: Collection[str] | None) -> None:
        """Keep only annotations carrying one of ``tag_ids`` (None: all)."""
        self.beginResetModel()
        self._filter = None if tag_ids is None else frozenset(tag_ids)
        self._rebuild()
        self.endResetModel()

    def tag_filter(self) -> frozenset[str] | None:
        return self._filter

    def _rebuild(self, *, ordered: bool = False) -> None:
        kept = [a for a in self._all.values() if self._keeps(a)]
        keys = [(a.document_id, a.orphan, a.start, a.id) for a in kept]
        if not ordered:
            order = sorted(range(len(kept)), key=keys.__getitem__)
            kept = [kept[i] for i in order]
            keys = [keys[i] for i in order]
        self._rows, self._keys = kept, keys

    def _keeps(self, a: Annotation) -> bool:
        return self._filter is None or not self._filter.isdisjoint(a.tags)

    def put(self, a: Annotation) -> None:
        """Add or update one annotation (in place when it keeps its place)."""
        old = self._all.get(a.id)
        if old is not None and sort_key(old) == sort_key(a):
            self._all[a.id] = a
            at = self.row_of(a.id)
            kept = self._keeps(a)
            if at is not None and kept:
                self._rows[at] = a
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(HEADERS) - 1))
                return
            if at is None and not kept:
                return
        self.remove(a.id)
        self._all[a.id] = a
        if not self._keeps(a):
            return
        key = sort_key(a)
        at = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, a)
        self._keys.insert(at, key)
        self.endInsertRows()

    def remove(self, annotation_id: str) -> None:
        at = self.row_of(annotation_id)
        self._all.pop(annotation_id, None)
        if at is None:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        del self._keys[at]
        self.endRemoveRows()

    def row_of(self, annotation_id: str) -> int | None:
        a = self._all.get(annotation_id)
        if a is None:
            return None
        key = sort_key(a)
        at = bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            return at
        return None

    def annotation(self, row: int) -> Annotation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def total(self) -> int:
        """Annotations held, whether the filter shows them or not."""
        return len(self._all)

    def refresh_tags(self) -> None:
        """Tag names or colours changed."""
        self._icons.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, TAGS))

    def refresh_places(self) -> None:
        """Where the annotations lie is named anew (the comments were renumbered)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, WHERE), self.index(len(self._rows) - 1, WHERE))

    # ---- QAbstractTableModel

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = _DISPLAY):
        # Called for every role of every cell painted: plain ints, and out early.
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        a = self._rows[row]
        column = index.column()
        if role == _DISPLAY:
            if column == PASSAGE:
                return quoted(excerpt(a.exact, EXCERPT))
            if column == TAGS:
                names = [self.tags[t].name for t in a.tags if t in self.tags]
                return ", ".join(names) if names else "—"
            if column == NOTE:
                return excerpt(a.note, NOTE_START)
            if column == CODER:
                return a.coder or "—"
            where = self.where(a)
            return f"{where} (not found)" if a.orphan else where
        if role == _DECORATION:
            if column != TAGS:
                return None
            first = next((self.tags[t] for t in a.tags if t in self.tags), None)
            if first is None:
                return None
            fill = self.fill(first.colour)
            icon = self._icons.get(fill)
            if icon is None:
                icon = self._icons[fill] = swatch_icon(fill, size=12)
            return icon
        if role in (_FONT, _FOREGROUND):
            if not a.orphan:
                return None
            if role == _FOREGROUND:
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            font = QFont(QApplication.font())
            font.setItalic(True)
            return font
        if role == AnnotationIdRole:
            return a.id
        if role == AnnotationRole:
            return a
        if role == _TOOLTIP:
            return tooltip(self._tooltip(a, column))
        if role == _ACCESSIBLE and column == PASSAGE:
            return a.exact
        return None

    def _tooltip(self, a: Annotation, column: int) -> str | None:
        if column == PASSAGE:
            if a.orphan:
                return (
                    "This passage was not found when the document last changed; "
                    f"it is kept with its quote:\n\n{a.exact}"
                )
            return a.exact
        if column == NOTE:
            if a.note and a.note_coder:
                return f"{a.note}\n\n— {a.note_coder}"
            return a.note or None
        if column == TAGS:
            return "\n".join(self.tags[t].name for t in a.tags if t in self.tags) or None
        if column == CODER:
            return f"Coded by {a.coder}" if a.coder else "Coded before coders were recorded"
        return self.where(a)

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

    # flags(): QAbstractTableModel's (enabled, selectable) are right, and cheaper in C++.
