"""The mapping step for comment data: which field holds each comment's text, id, parent,
author, time and article, chosen beside a preview of the first records.

The dialog is handed the field names and first records (``formats.datasets.field_names``)
and Reader's guess (``guess_mapping``); it reads no file. ``mapping()`` is the
``FieldMapping`` chosen; OK is enabled once a text field is chosen. The preview marks the
chosen columns and says, for the records shown, how many replies find their parent.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core.formats.datasets import FieldMapping

NONE = "(none)"

# (role, label, what it is for)
ROLES: tuple[tuple[str, str, str], ...] = (
    ("text", "&Text", "the comment's words (required)"),
    ("id", "I&d", "the comment's own id"),
    ("parent", "&Parent id", "the id of the comment it replies to"),
    ("author", "&Author", "who wrote it"),
    ("time", "Ti&me", "when (ISO dates or Unix seconds)"),
    ("article", "A&rticle", "which article it belongs to (one document per article)"),
    ("title", "Article tit&le", "the article's title, when the data has it"),
    ("article_text", "Article te&xt", "the article's own text, when the data has it"),
)


class DatasetMappingDialog(QDialog):
    """Choose the fields of comment data. No signals beyond QDialog's."""

    def __init__(
        self,
        file_name: str,
        fields: Sequence[str],
        rows: Sequence[dict[str, str]],
        guess: FieldMapping | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dataset_mapping_dialog")
        self.setWindowTitle(f"Import Comment Data — {file_name}")
        self._fields = list(fields)
        self._rows = list(rows)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for role, label, tip in ROLES:
            combo = QComboBox(self)
            combo.setObjectName(f"map_{role}")
            combo.addItems([NONE, *self._fields])
            chosen = getattr(guess, role, None) if guess is not None else None
            if chosen in self._fields:
                combo.setCurrentText(chosen)
            combo.setToolTip(tip)
            combo.currentTextChanged.connect(self._on_combo_current_text_changed)
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            form.addRow(caption, combo)
            self.combos[role] = combo
        self.model = QStandardItemModel(self)
        self.preview = QTableView(self)
        self.preview.setObjectName("dataset_preview")
        self.preview.setModel(self.model)
        self.preview.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.summary = QLabel(self)
        self.summary.setObjectName("dataset_summary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addLayout(form, 0)
        top.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"The first {len(self._rows)} records of {file_name}:", self))
        layout.addLayout(top, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(960, 520)
        self._fill_preview()
        self._update()

    def mapping(self) -> FieldMapping | None:
        """The fields chosen (None while no text field is chosen)."""
        chosen = {
            role: combo.currentText()
            for role, combo in self.combos.items()
            if combo.currentText() != NONE
        }
        return FieldMapping(**chosen) if "text" in chosen else None

    def _fill_preview(self) -> None:
        self.model.setHorizontalHeaderLabels(self._fields)
        for row in self._rows:
            items = []
            for name in self._fields:
                value = row.get(name, "")
                item = QStandardItem(value if len(value) <= 200 else value[:199] + "…")
                item.setToolTip(value[:2000])
                items.append(item)
            self.model.appendRow(items)

    def _fit_columns(self) -> None:
        self.preview.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.preview.setColumnWidth(column, min(self.preview.columnWidth(column), 260))

    @Slot(str)
    def _on_combo_current_text_changed(self, _text: str) -> None:
        self._update()

    def _update(self) -> None:
        mapping = self.mapping()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(mapping is not None)
        chosen = {c.currentText(): role for role, c in self.combos.items()}
        for column, name in enumerate(self._fields):
            header = QStandardItem(name if name not in chosen else f"{name} → {chosen[name]}")
            font = QFont()
            font.setBold(name in chosen)
            header.setFont(font)
            self.model.setHorizontalHeaderItem(column, header)
        self._fit_columns()
        if mapping is None:
            self.summary.setText("Choose the field that holds each comment's text.")
            return
        self.summary.setText(self._describe(mapping))

    def _describe(self, mapping: FieldMapping) -> str:
        rows = self._rows
        ids = {r.get(mapping.id, "") for r in rows} if mapping.id else set()
        replies = [r for r in rows if mapping.parent and r.get(mapping.parent, "")]
        found = sum(1 for r in replies if r.get(mapping.parent or "", "") in ids)
        articles = {r.get(mapping.article, "") for r in rows} if mapping.article else {""}
        parts = [f"{len(rows)} records shown"]
        if mapping.parent:
            parts.append(
                f"{len(replies)} are replies, {found} of them to a record shown"
                if mapping.id
                else f"{len(replies)} are replies (choose the id field to thread them)"
            )
        else:
            parts.append("no parent field: every comment at the top level")
        parts.append(
            f"{len(articles)} article{'s' if len(articles) != 1 else ''} among them"
            if mapping.article
            else "one document for the whole file"
        )
        return "; ".join(parts) + "."

    def sizeHint(self):  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        hint.setWidth(max(hint.width(), 900))
        return hint
