"""Annotations as a table: the passage, its tags, the start of its note, and where it is.

The model keeps annotations in reading order and takes single changes without a reset,
so adding one annotation to a list of thousands stays cheap; where each one is (which
the window knows: document titles, comment numbers) is asked only for rows shown. An
optional tag filter keeps only annotations carrying one of a set of tags.

Rows may be whole records or the marks the window opens a document with
(:class:`~reader.core.records.AnnotationMark`: no quote); the quote of a mark's row is
read when the row is shown, with its neighbours' (``records``, one query a page).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from reader.core.records import Annotation, AnnotationMark, Tag
from reader.core.text import excerpt, quoted
from reader.ui.models.codebook import swatch_icon
from reader.ui.plain_text import tooltip

AnnotationIdRole = Qt.ItemDataRole.UserRole.value + 1
AnnotationRole = Qt.ItemDataRole.UserRole.value + 2

PASSAGE, TAGS, NOTE, WHERE, CODER = range(5)
HEADERS = ("Passage", "Tags", "Note", "Where", "Coder")
EXCERPT = 90
NOTE_START = 60
PAGE = 100  # rows whose whole records are read at once, from a mark's row shown on

Listed = Annotation | AnnotationMark

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


def sort_key(a: Listed) -> tuple[int, bool, int, str]:
    """Reading order: by document, placed passages by position, then orphans."""
    return (a.document_id, a.orphan, a.start, a.id)


class AnnotationListModel(QAbstractTableModel):
    """The annotations listed in the annotations pane.

    ``tags`` maps tag ids to tags (for names), ``fill`` a stored colour to the shade to
    paint, ``where`` an annotation to the place it is shown ("Article", "Comment #3",
    with the document's title first when listing the project), and ``records`` marks to
    their whole records (the session's); set them before rows.

    Signals: those of QAbstractTableModel.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: dict[str, Listed] = {}
        self._rows: list[Listed] = []
        self._keys: list[tuple[int, bool, int, str]] | None = []
        self._filter: frozenset[str] | None = None
        self._whole: dict[str, Annotation] = {}  # marks' records read so far, by id
        self._unread: set[str] = set()  # asked for and not given (gone, or not readable now)
        self.tags: Mapping[str, Tag] = {}
        self.fill: Callable[[str], str] = lambda colour: colour
        self.where: Callable[[Listed], str] = lambda a: ""
        self.records: Callable[[Sequence[Listed]], list[Annotation]] = lambda found: [
            a for a in found if isinstance(a, Annotation)
        ]
        self._icons: dict[str, QIcon] = {}

    # ---- contents

    def set_annotations(self, annotations: Iterable[Listed], *, ordered: bool = False) -> None:
        """Show these annotations (``ordered``: already in reading order, as the store and
        the window's index give them)."""
        self.beginResetModel()
        self._all = {a.id: a for a in annotations}
        self._whole, self._unread = {}, set()
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
        found = self._all.values()
        kept = list(found) if self._filter is None else [a for a in found if self._keeps(a)]
        if ordered:  # the sort keys are made when first needed (a change, a look-up)
            self._rows, self._keys = kept, None
            return
        keys = [(a.document_id, a.orphan, a.start, a.id) for a in kept]
        order = sorted(range(len(kept)), key=keys.__getitem__)
        self._rows = [kept[i] for i in order]
        self._keys = [keys[i] for i in order]

    def _sorted_keys(self) -> list[tuple[int, bool, int, str]]:
        """Each row's :func:`sort_key`, in row order."""
        if self._keys is None:
            self._keys = [(a.document_id, a.orphan, a.start, a.id) for a in self._rows]
        return self._keys

    def _keeps(self, a: Listed) -> bool:
        return self._filter is None or not self._filter.isdisjoint(a.tags)

    def put(self, a: Listed) -> None:
        """Add or update one annotation (in place when it keeps its place)."""
        self._whole.pop(a.id, None)
        self._unread.discard(a.id)
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
        keys = self._sorted_keys()
        at = bisect_left(keys, key)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, a)
        keys.insert(at, key)
        self.endInsertRows()

    def remove(self, annotation_id: str) -> None:
        at = self.row_of(annotation_id)
        self._all.pop(annotation_id, None)
        self._whole.pop(annotation_id, None)
        self._unread.discard(annotation_id)
        if at is None:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        del self._sorted_keys()[at]
        self.endRemoveRows()

    def row_of(self, annotation_id: str) -> int | None:
        a = self._all.get(annotation_id)
        if a is None:
            return None
        key = sort_key(a)
        keys = self._sorted_keys()
        at = bisect_left(keys, key)
        if at < len(keys) and keys[at] == key:
            return at
        return None

    def annotation(self, row: int) -> Annotation | None:
        """The whole record listed in ``row`` (None: no such row, or gone)."""
        if not 0 <= row < len(self._rows):
            return None
        a = self._rows[row]
        if isinstance(a, Annotation):
            return a
        found = self._whole.get(a.id)
        if found is None and a.id not in self._unread:
            # A mark: read the page of rows around it (the view asks row after row). What
            # is not given is not asked for again while painting (a shared project offline
            # would try to connect each time); the rows are read again when they change.
            page = [
                m for m in self._rows[max(0, row - PAGE // 4) : row + PAGE]
                if not isinstance(m, Annotation) and m.id not in self._whole
                and m.id not in self._unread
            ]  # fmt: skip
            for whole in self.records(page):
                self._whole[whole.id] = whole
            self._unread.update(m.id for m in page if m.id not in self._whole)
            found = self._whole.get(a.id)
        return found

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
                whole = self.annotation(row)
                return quoted(excerpt(whole.exact, EXCERPT)) if whole else ""
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
            return self.annotation(row)
        if role == _TOOLTIP:
            return tooltip(self._tooltip(row, a, column))
        if role == _ACCESSIBLE and column == PASSAGE:
            whole = self.annotation(row)
            return whole.exact if whole else None
        return None

    def _tooltip(self, row: int, a: Listed, column: int) -> str | None:
        if column in (PASSAGE, NOTE):
            whole = self.annotation(row)
            if whole is None:
                return None
            a = whole
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
