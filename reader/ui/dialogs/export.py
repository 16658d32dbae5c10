"""File > Export…: choose a format, what to export (the document shown or the project) and
a file; then the export runs with a progress dialog that can cancel it.

The store writes every format to a temporary file and moves it into place at the end, so
a cancelled or failed export leaves any earlier file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.records import ExportResult
from reader.ui.plain_text import plain_label
from reader.ui.session import FORMATS, PER_DOCUMENT, SUFFIXES

if TYPE_CHECKING:
    from reader.store.project import Project

PROGRESS_AFTER_MS = 300  # a quicker export shows no progress dialog


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What to export: ``fmt`` (a key of ``FORMATS``) to ``path``; ``document_id`` None
    for the whole project; ``crlf``: CRLF line ends in a qdpx (MAXQDA)."""

    fmt: str
    path: Path
    document_id: int | None
    crlf: bool = False


def _safe_stem(text: str) -> str:
    stem = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in text)
    return " ".join(stem.split())[:60].strip() or "export"


class ExportDialog(QDialog):
    """Asks what to export and where (nothing is written here: see :func:`run_export`)."""

    def __init__(
        self,
        folder: Path,
        project_name: str,
        document: tuple[int, str] | None,
        parent: QWidget | None = None,
        *,
        last_format: str = "csv",
        whole_project: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export")
        self._folder = Path(folder)
        self._project_name = project_name
        self._document = document
        self._confirmed: Path | None = None  # a path the file chooser confirmed
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("export_format")
        for key, description in FORMATS.items():
            self.format_combo.addItem(description, key)
        self.document_button = QRadioButton(self)
        self.document_button.setObjectName("export_document")
        self.project_button = QRadioButton("The whole project", self)
        self.project_button.setObjectName("export_project")
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.document_button)
        self._scope.addButton(self.project_button)
        title = document[1] if document else ""
        shown = title if len(title) <= 60 else title[:59] + "…"
        self.document_button.setText(f"This document: {shown}" if document else "This document")
        self.document_button.setEnabled(document is not None)
        # (the whole project when the document shown has nothing coded to export)
        one = document is not None and not whole_project
        (self.document_button if one else self.project_button).setChecked(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("export_path")
        self.choose_button = QPushButton("&Choose…", self)
        self.crlf_box = QCheckBox("Windows line ends (CRLF) in the sources, for MAXQDA", self)
        self.crlf_box.setObjectName("export_crlf")
        self.note = plain_label(QLabel(self))
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")

        scope = QVBoxLayout()
        scope.setSpacing(2)
        scope.addWidget(self.document_button)
        scope.addWidget(self.project_button)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("F&ormat:", self.format_combo)
        form.addRow(plain_label(QLabel("Export:", self)), scope)
        file_label = QLabel("&File:", self)  # (a layout cannot be a label's buddy)
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, where)
        form.addRow("", self.crlf_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        at = self.format_combo.findData(last_format)
        self.format_combo.setCurrentIndex(max(at, 0))
        self.format_combo.currentIndexChanged.connect(self._on_format_combo_changed)
        self.document_button.toggled.connect(self._on_scope_toggled)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.path_edit.textEdited.connect(self._on_path_edit_text_edited)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update(new_path=True)

    # ---- public

    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        self.format_combo.setCurrentIndex(max(self.format_combo.findData(fmt), 0))

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self._update()

    def choice(self) -> ExportChoice:
        document = self._document[0] if self._document else None
        per_document = self.document_button.isChecked() and self.fmt() in PER_DOCUMENT
        return ExportChoice(
            self.fmt(),
            Path(self.path_edit.text().strip()).expanduser(),
            document if per_document else None,
            self.fmt() == "qdpx" and self.crlf_box.isChecked(),
        )

    def accept(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.note.setText("Choose a file to export to.")
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self.note.setText(f"{path} is a folder; add a file name.")
            return
        if path.exists() and path != self._confirmed:
            answer = QMessageBox.question(
                self, "Export", f"{path.name} exists. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().accept()

    # ---- internals

    def _suggested(self) -> Path:
        fmt = self.fmt()
        per_document = self.document_button.isChecked() and fmt in PER_DOCUMENT
        if per_document and self._document:
            stem = _safe_stem(self._document[1])
        else:
            stem = _safe_stem(self._project_name) + ("-codebook" if fmt == "qdc" else "")
        return self._folder / f"{stem}{SUFFIXES[fmt]}"

    def _update(self, *, new_path: bool = False) -> None:
        fmt = self.fmt()
        one = self.document_button
        one.setEnabled(self._document is not None and fmt in PER_DOCUMENT)
        if not one.isEnabled():
            self.project_button.setChecked(True)
        self.crlf_box.setVisible(fmt == "qdpx")
        if new_path or not self.path_edit.text().strip():
            self.path_edit.setText(str(self._suggested()))
            self._confirmed = None
        else:  # the same file, with this format's suffix
            path = Path(self.path_edit.text().strip())
            wanted = SUFFIXES[fmt]
            if path.suffix.lower() != wanted:
                known = {s for s in SUFFIXES.values()}
                base = path.with_suffix("") if path.suffix.lower() in known else path
                self.path_edit.setText(str(base) + wanted)
                self._confirmed = None
        notes = {
            "qdc": "The codebook alone: tags with their colours and descriptions.",
            "qdpx": "Comment threads travel as variables (comment id, parent id).",
            "csv": "One row per tag on a passage; opens in any spreadsheet.",
        }
        self.note.setText(notes.get(fmt, ""))

    @Slot(int)
    def _on_format_combo_changed(self, _index: int) -> None:
        self._update()

    @Slot(bool)
    def _on_scope_toggled(self, _checked: bool) -> None:
        self._update(new_path=self._confirmed is None)

    @Slot(str)
    def _on_path_edit_text_edited(self, _text: str) -> None:
        self._confirmed = None

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        fmt = self.fmt()
        suffix = SUFFIXES[fmt]
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path_edit.text(), f"{FORMATS[fmt]} (*{suffix})"
        )
        if name:
            path = Path(name)
            if path.suffix.lower() != suffix:
                path = Path(name + suffix)
            self.path_edit.setText(str(path))
            self._confirmed = path  # the file dialog asked about replacing it


def run_export(
    project: Project, choice: ExportChoice, parent: QWidget | None, *, creator: str | None = None
) -> ExportResult:
    """Export with a cancellable progress dialog; returns what was written. Raises
    ``ExportCancelled`` when the user cancelled, ``ExportError`` saying why it failed."""
    dialog = QProgressDialog("Exporting…", "Cancel", 0, 0, parent)
    dialog.setObjectName("export_progress")
    dialog.setWindowTitle("Export")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)

    def progress(done: int, total: int) -> bool:
        if dialog.maximum() != max(total, 1):
            dialog.setMaximum(max(total, 1))
        dialog.setLabelText(f"Exporting {choice.path.name}… ({done:,} of {total:,} documents)")
        dialog.setValue(min(done, max(total, 1)))
        if dialog.isVisible():  # it shows without taking a click; later calls take them
            QCoreApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        return project.export(
            choice.fmt, choice.path, document_id=choice.document_id, creator=creator,
            progress=progress, crlf=choice.crlf,
        )  # fmt: skip
    finally:
        dialog.close()
        dialog.deleteLater()
