"""File › Document Properties… (Alt+Return): what Reader knows about the open document
beyond its text, as a two-column table (``reader.core.properties.properties``): its file
and the item in it, its comments and decoding, and what the source says (site, date,
byline, a news database's outlet and length, a QDA project's variables, a dataset's
article fields, a web archive's capture URL and time).

The values are the source's, so they are shown as plain text (items paint plain text),
selectable, and copied as "name<TAB>value" lines by Ctrl+C or the Copy button. A
property name also says how to search by it (``meta:NAME=…``, in its tooltip).

Signals: none (a plain dialog, modal to the window, closed by Close or Escape).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.properties import properties
from reader.core.textio import display_name
from reader.ui.plain_text import plain_label, tooltip


class DocumentPropertiesDialog(QDialog):
    """The properties of one document; see the module's notes."""

    def __init__(
        self, title: str, rows: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("document_properties")
        self.setWindowTitle("Document Properties")
        self.rows = tuple(rows)
        heading = plain_label(QLabel(title))
        heading.setObjectName("properties_title")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)

        self.table = QTableWidget(len(self.rows), 2, self)
        self.table.setObjectName("properties_table")
        self.table.setHorizontalHeaderLabels(["Property", "Value"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # A value reads whole (a long title, a URL): it wraps, and each row is as tall
        # as its wrapped value; only the rare huge value is cut (with "…", tooltip whole).
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setItemDelegateForColumn(1, _BreakableDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        first_searchable = _first_source_row(self.rows)
        for row, (name, value) in enumerate(self.rows):
            name_item = QTableWidgetItem(name)
            shown = " ".join(value.split()) if len(value) < 2000 else (
                " ".join(value[:2000].split()) + "…")  # fmt: skip
            value_item = QTableWidgetItem(shown)
            value_item.setToolTip(tooltip(value if len(value) < 4000 else value[:4000] + "…"))
            if row >= first_searchable:
                name_item.setToolTip(tooltip(f"Search by it: {_query(name)}"))
            self.table.setItem(row, 0, name_item)
            self.table.setItem(row, 1, value_item)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("copy_properties")
        copy.setToolTip("Copy the selected properties (all when none is selected)")
        copy.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self._on_copy_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(680, min(520, 140 + 28 * len(self.rows)))
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # once: the user's own resizing is theirs
            self._fitted = True
            self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the wrapped rows need (no scroll bar for a few rows), within the
        screen: the rows' heights are known only once the value column has its width."""
        self.layout().activate()
        self.table.resizeRowsToContents()
        table = self.table
        wanted = (
            table.verticalHeader().length()
            + table.horizontalHeader().height()
            + 2 * table.frameWidth()
            + 2
        )
        extra = self.height() - table.height()
        screen = self.screen().availableGeometry() if self.screen() else None
        cap = int(screen.height() * 0.8) if screen is not None else 700
        self.resize(self.width(), max(self.height(), min(cap, wanted + extra)))

    def copied_text(self) -> str:
        """The selected rows (all when none is) as "name<TAB>value" lines."""
        chosen = sorted({i.row() for i in self.table.selectedIndexes()})
        picked = [self.rows[r] for r in chosen] if chosen else list(self.rows)
        return "\n".join(f"{name}\t{value}" for name, value in picked)

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.copied_text())


class _BreakableDelegate(QStyledItemDelegate):
    """Paints (and measures) a value with zero-width spaces where a long word (a URL,
    a path) may break: items wrap only at spaces, and a URL wider than the column
    would be cut. The item's text stays the value itself."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.text = _LONG_WORD.sub(_break_word, option.text)


_LONG_WORD = re.compile(r"\S{40,}")
_BREAK_AFTER = re.compile(r"([/?&=#_.,;:-]+)|(\w{30})")


def _break_word(match: re.Match[str]) -> str:
    return _BREAK_AFTER.sub(lambda m: m.group(0) + "\u200b", match.group(0))


def _first_source_row(rows: Sequence[tuple[str, str]]) -> int:
    """Where the source's own rows begin (after Reader's: title, file, comments…)."""
    ours = {"Title", "File", "Item in the file", "Comments", "Read as", "Could not be read"}
    for i, (name, _value) in enumerate(rows):
        if name not in ours:
            return i
    return len(rows)


def _query(name: str) -> str:
    """The ``meta:`` filter for this property, as it is typed."""
    if any(c.isspace() or c in '"()' for c in name):
        return f'meta:"{name.replace(chr(34), "")}=…"'
    return f"meta:{name}=…"


def show_properties(parent: QWidget, session) -> DocumentPropertiesDialog | None:
    """Open the properties of ``session``'s open document (a ``ui.session.Session``),
    or say in the status bar that none is open. Returns the dialog, shown modal to the
    window (so it never shows another document than the one open)."""
    doc_id, doc = session.document_id, session.document
    if doc_id is None:
        parent.statusBar().showMessage("Open a document to see its properties.", 5000)
        return None
    project = session.project
    summary = project.summary(doc_id)
    encoding, picked = project.decoding(doc_id)
    shown = None
    if encoding:
        shown = display_name(encoding) + (" (your choice)" if picked else " (guessed)")
    dialog = DocumentPropertiesDialog(
        summary.title, properties(summary, doc, encoding_name=shown), parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
