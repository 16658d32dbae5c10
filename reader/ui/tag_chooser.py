"""The tag chooser: a small popup to pick a tag by typing a few letters.

Typing narrows the list (names first, then words inside names, then parents' names);
Up/Down move, Enter takes the highlighted tag, Escape closes. When what was typed names
no tag, the last row offers to create it (when the caller allows).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from reader.store.records import Tag
from reader.ui.codebook_model import swatch_icon
from reader.ui.plain_text import plain_label

TagIdRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Choice:
    """One row: a tag (``tag_id`` set) or the offer to create ``name``."""

    label: str
    tag_id: str | None
    name: str
    fill: str | None


def rank(query: str, name: str, path: str) -> int | None:
    """How well ``query`` matches a tag (lower is better), None for no match."""
    q = " ".join(query.casefold().split())
    if not q:
        return 3
    n, p = name.casefold(), path.casefold()
    if n == q:
        return 0
    if n.startswith(q):
        return 1
    if any(word.startswith(q) for word in n.split()):
        return 2
    if q in n:
        return 3
    if q in p:
        return 4
    return None


class TagMatchModel(QAbstractListModel):
    """Tags matching a query, best first, and maybe a row to create a new one.

    Signals: those of QAbstractListModel (a new query is a model reset).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tags: list[tuple[Tag, str, str]] = []  # tag, path, fill
        self._rows: list[Choice] = []
        self._query = ""
        self.allow_create = True
        self._icons: dict[str, QIcon] = {}

    def set_tags(self, tags: Sequence[tuple[Tag, str, str]]) -> None:
        """Tags in codebook order, each with its path and the fill to show."""
        self._tags = list(tags)
        self._icons.clear()
        self.set_query(self._query)

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self._query = query
        ranked = []
        for order, (tag, path, fill) in enumerate(self._tags):
            r = rank(query, tag.name, path)
            if r is not None:
                ranked.append((r, order, Choice(path, tag.id, tag.name, fill)))
        ranked.sort(key=lambda x: (x[0], x[1]))
        self._rows = [c for _r, _o, c in ranked]
        name = " ".join(query.split())
        exact = any(t.name.casefold() == name.casefold() for t, _p, _f in self._tags)
        if name and self.allow_create and not exact:
            self._rows.append(Choice(f"Create tag “{name}”", None, name, None))
        self.endResetModel()

    def choice(self, row: int) -> Choice | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        choice = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return choice.label
        if role == TagIdRole:
            return choice.tag_id
        if role == Qt.ItemDataRole.DecorationRole and choice.fill:
            icon = self._icons.get(choice.fill)
            if icon is None:
                icon = self._icons[choice.fill] = swatch_icon(choice.fill)
            return icon
        if role == Qt.ItemDataRole.FontRole and choice.tag_id is None:
            return None
        return None


class TagChooser(QFrame):
    """A popup listing tags; type to narrow, Enter to take one.

    Signals:
        tag_chosen(str): a tag was picked (its id).
        tag_create_requested(str): the user asked for a new tag with this name.
        dismissed(): the popup closed without a choice.
    """

    tag_chosen = Signal(str)
    tag_create_requested = Signal(str)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("tag_chooser")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = TagMatchModel(self)
        self.title = plain_label(QLabel(self))
        self.title.setObjectName("tag_chooser_title")
        self.title.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("tag_chooser_filter")
        self.edit.setPlaceholderText("Type to find a tag…")
        self.edit.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setObjectName("tag_chooser_list")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setIconSize(QSize(14, 14))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.resize(320, 300)
        self._done = False

        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.list.clicked.connect(self._on_list_clicked)
        self.edit.installEventFilter(self)

    def choose(
        self,
        tags: Sequence[tuple[Tag, str, str]],
        *,
        title: str,
        at: QPoint,
        allow_create: bool = True,
        exclude: Collection[str] = (),
    ) -> None:
        """Open at screen point ``at`` listing ``tags`` ((tag, path, fill), in codebook
        order) except those in ``exclude``."""
        self._done = False
        self.model.allow_create = allow_create
        self.model.set_tags([t for t in tags if t[0].id not in exclude])
        self.title.setText(title)
        self.edit.clear()
        self._select_row(0)
        self.move(self._fit(at))
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def _fit(self, at: QPoint) -> QPoint:
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None or not screen.isValid():
            return at
        x = max(screen.left(), min(at.x(), screen.right() - self.width()))
        y = max(screen.top(), min(at.y(), screen.bottom() - self.height()))
        return QPoint(x, y)

    def current_choice(self) -> Choice | None:
        return self.model.choice(self.list.currentIndex().row())

    def accept_current(self) -> bool:
        """Take the highlighted row (what Enter does)."""
        choice = self.current_choice()
        if choice is None:
            return False
        self._done = True
        self.hide()
        if choice.tag_id is not None:
            self.tag_chosen.emit(choice.tag_id)
        else:
            self.tag_create_requested.emit(choice.name)
        return True

    def _select_row(self, row: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            self.list.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(max(0, min(rows - 1, row)), 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            row = self.list.currentIndex().row()
            page = max(1, self.list.viewport().height() // max(1, self.list.sizeHintForRow(0)))
            moves: dict[int, Callable[[], int]] = {
                Qt.Key.Key_Down: lambda: row + 1,
                Qt.Key.Key_Up: lambda: row - 1,
                Qt.Key.Key_PageDown: lambda: row + page,
                Qt.Key.Key_PageUp: lambda: row - page,
            }
            if key in moves:
                self._select_row(moves[key]())
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_current()
                return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if not self._done:
            self._done = True
            self.dismissed.emit()

    @Slot(str)
    def _on_edit_text_changed(self, text: str) -> None:
        self.model.set_query(text)
        self._select_row(0)

    @Slot(QModelIndex)
    def _on_list_clicked(self, index: QModelIndex) -> None:
        self.list.setCurrentIndex(index)
        self.accept_current()
