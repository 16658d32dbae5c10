"""The tag overview's two tables as Qt models: how often each tag was applied in each
document (``FrequencyModel``) and which tags meet on a passage or on overlapping passages
(``CoOccurrenceModel``, cells tinted like a heat map); ``table_text`` copies either as
tab-separated text for a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from reader.core.palette import text_colour
from reader.ui.plain_text import tooltip

_Index = QModelIndex | QPersistentModelIndex
_HEAT = {False: ("#f4f7fb", "#1f4e8c"), True: ("#262b33", "#5b9cf5")}


def _mix(a: str, b: str, t: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * t),
        round(ca.green() + (cb.green() - ca.green()) * t),
        round(ca.blue() + (cb.blue() - ca.blue()) * t),
    )


def table_text(model: QAbstractTableModel, rows: Sequence[int] | None = None) -> str:
    """A table model's headers and cells as tab-separated lines (for the clipboard)."""
    rows = range(model.rowCount()) if rows is None else rows
    columns = range(model.columnCount())
    vertical = model.headerData(0, Qt.Orientation.Vertical) is not None

    def clean(value) -> str:
        return " ".join(str("" if value is None else value).split())

    lines = []
    top = [clean(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    lines.append("\t".join(([""] if vertical else []) + top))
    for r in rows:
        cells = [clean(model.index(r, c).data()) for c in columns]
        head = [clean(model.headerData(r, Qt.Orientation.Vertical))] if vertical else []
        lines.append("\t".join(head + cells))
    return "\n".join(lines) + "\n"


class FrequencyModel(QAbstractTableModel):
    """Per tag (codebook order): passages in the scope shown, in the project, and the
    number of documents where it occurs."""

    HEADERS = ("Tag", "Passages", "In the project", "Documents with it")
    TAG, HERE, PROJECT_TOTAL, SPREAD = range(4)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int, int, int]] = []

    def set_rows(self, rows: Sequence[tuple[str, int, int, int]]) -> None:
        """(tag path, passages here, passages in the project, documents) per tag."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[tuple[str, int, int, int]]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != self.TAG:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CoOccurrenceModel(QAbstractTableModel):
    """A tag-by-tag matrix of counts; cells are shaded by their number (the diagonal,
    the passages carrying each tag, in grey: it is not a meeting of two tags)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._paths: list[str] = []
        self._matrix: list[list[int]] = []
        self._dark = False
        self._top = 0

    def set_matrix(
        self, names: Sequence[str], paths: Sequence[str], matrix: Sequence[Sequence[int]]
    ) -> None:
        self.beginResetModel()
        self._names, self._paths = list(names), list(paths)
        self._matrix = [list(r) for r in matrix]
        n = len(self._matrix)
        self._top = max(
            (self._matrix[i][j] for i in range(n) for j in range(n) if i != j), default=0
        )
        self.endResetModel()

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark:
            self._dark = dark
            if self._matrix:
                last = len(self._matrix) - 1
                self.dataChanged.emit(self.index(0, 0), self.index(last, last))

    def matrix(self) -> list[list[int]]:
        return [list(r) for r in self._matrix]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matrix)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matrix)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if not 0 <= section < len(self._names):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self._names[section]
            return self._paths[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._paths[section])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        i, j = index.row(), index.column()
        if not (0 <= i < len(self._matrix) and 0 <= j < len(self._matrix)):
            return None
        value = self._matrix[i][j]
        if role == Qt.ItemDataRole.DisplayRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            fill = self._fill(i, j, value)
            if role == Qt.ItemDataRole.BackgroundRole:
                return fill
            return QColor(text_colour(fill.name()))
        if role == Qt.ItemDataRole.ToolTipRole:
            if i == j:
                return tooltip(f"{value} passages carry {self._paths[i]}")
            return tooltip(f"{self._paths[i]} and {self._paths[j]}: {value}")
        return None

    def _fill(self, i: int, j: int, value: int) -> QColor:
        low, high = _HEAT[self._dark]
        if i == j:
            return _mix(low, "#808080", 0.35)
        share = value / self._top if self._top else 0.0
        return _mix(low, high, share**0.7 if value else 0.0)
