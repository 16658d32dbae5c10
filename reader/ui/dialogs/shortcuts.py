"""Help › Keyboard Shortcuts: every action of the window with its keys, read from the
actions themselves (built from the action tables), so the sheet never drifts from what
the keys do; a filter line narrows it by action, menu, key or description.

Keys that no action holds (selecting in the text, moving in the thread) are listed from
:data:`TEXT_KEYS`, beside the actions.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

_TEXT, _THREAD = "In the text", "In the thread"
TEXT_KEYS = (
    (_TEXT, "Select", "Shift+Left / Shift+Right", "Character by character"),
    (_TEXT, "Select words", "Ctrl+Shift+Left / Ctrl+Shift+Right", "Word by word"),
    (_TEXT, "Select sentences", "Alt+Shift+Left / Alt+Shift+Right", "To the next sentence"),
    (_TEXT, "Select paragraphs", "Ctrl+Shift+Down / Ctrl+Shift+Up", "In the article"),
    (_TEXT, "Select lines", "Shift+Up / Shift+Down, Shift+Home / Shift+End", ""),
    (_TEXT, "Exact characters", "Alt + drag", "A mouse selection not widened to words"),
    (_THREAD, "Next / previous comment", "Down / Up", ""),
    (_THREAD, "Open / close replies", "Right / Left, + / -", ""),
)
COLUMNS = ("Menu", "Action", "Keys", "What it does")


def plain(text: str) -> str:
    """Menu text without its mnemonic ampersands and ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def menu_actions(bar: QMenuBar) -> Iterator[tuple[str, QAction]]:
    """(menu path, action) for every action in the bar's menus, submenus included."""

    def walk(menu: QMenu, path: str) -> Iterator[tuple[str, QAction]]:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                yield from walk(sub, f"{path} › {plain(sub.title())}")
            elif not action.isSeparator():
                yield path, action

    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            yield from walk(menu, plain(menu.title()))


def rows(bar: QMenuBar) -> list[tuple[str, str, str, str]]:
    """The sheet: the actions with keys, in menu order, then the keys of the text."""
    out: list[tuple[str, str, str, str]] = []
    seen: set[int] = set()
    for path, action in menu_actions(bar):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        out.append((path, plain(action.text()), ", ".join(keys), action.statusTip()))
    return out + list(TEXT_KEYS)


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts of ``bar``'s menus, filtered as the user types."""

    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        for row in rows(bar):
            items = [QStandardItem(text) for text in row]
            for item in items:
                item.setEditable(False)
            items[3].setToolTip(row[3])  # item views show plain text; tooltips too here
            self.model.appendRow(items)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("shortcuts_filter")
        self.filter_edit.setPlaceholderText("Find an action or a key (e.g. tag, Ctrl+Z)")
        self.filter_edit.setClearButtonEnabled(True)
        self.view = QTableView(self)
        self.view.setObjectName("shortcuts_table")
        self.view.setModel(self.proxy)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(820, 560)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def shown(self) -> list[tuple[str, ...]]:
        """The rows the filter lets through, as text."""
        return [
            tuple(str(self.proxy.index(r, c).data()) for c in range(len(COLUMNS)))
            for r in range(self.proxy.rowCount())
        ]
