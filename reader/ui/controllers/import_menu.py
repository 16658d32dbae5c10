"""File › Import: files, a folder, a REFI-QDA project, comment data with its mapping.

``ImportMenu`` owns the submenu and the two actions it adds (REFI-QDA Project…, Comment
Data…); the window's Import Files and Import Folder actions are put in it too. It asks
for the file (and, for comment data, the fields, in :class:`DatasetMappingDialog`) and
then emits an intent; the window does the import.

Signals: ``import_requested(list[Path], object)``: import these paths with this
``FieldMapping`` (or None).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QWidget

if TYPE_CHECKING:
    from reader.ui.dialogs.dataset_mapping import DatasetMappingDialog

# What the Import Files dialog offers first: every format Reader reads.
READABLE_FILTER = (
    "Files Reader reads (*.txt *.text *.md *.html *.htm *.xhtml *.mhtml *.mht *.warc "
    "*.warc.gz *.json *.jsonl *.ndjson *.csv *.tsv *.docx *.odt *.rtf *.epub *.pdf *.qdpx "
    "*.qdc)"
    ";;All files (*)"
)
_DATA_FILTER = "Comment data (*.json *.jsonl *.ndjson *.csv *.tsv);;All files (*)"
_REFI_FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"


class ImportMenu(QObject):
    """The File › Import submenu; see the module's notes for its signal."""

    import_requested = Signal(list, object)

    def __init__(self, files: QAction, folder: QAction, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.menu = QMenu("&Import", parent)
        self.menu.setObjectName("import_menu")
        self.menu.menuAction().setObjectName("import_menu")
        self.menu.addAction(files)
        self.menu.addAction(folder)
        self.menu.addSeparator()
        self.refi_action = QAction("&REFI-QDA Project…", parent)
        self.refi_action.setObjectName("import_refi")
        self.refi_action.setStatusTip(
            "Documents, codebook and codings from NVivo, ATLAS.ti, MAXQDA or QualCoder (.qdpx)"
        )
        self.data_action = QAction("&Comment Data…", parent)
        self.data_action.setObjectName("import_comment_data")
        self.data_action.setShortcut(QKeySequence("Ctrl+Alt+I"))
        self.data_action.setStatusTip("Comments as JSON, JSON Lines or CSV records, mapped")
        self.menu.addAction(self.refi_action)
        self.menu.addAction(self.data_action)
        self.refi_action.triggered.connect(self._on_refi_action_triggered)
        self.data_action.triggered.connect(self._on_data_action_triggered)
        self.dialog: DatasetMappingDialog | None = None

    @Slot()
    def _on_refi_action_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._parent, "Import REFI-QDA Project", "", _REFI_FILTER
        )
        if name:
            self.import_requested.emit([Path(name)], None)

    @Slot()
    def _on_data_action_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self._parent, "Import Comment Data", "", _DATA_FILTER)
        if name:
            self.ask_mapping(Path(name))

    def ask_mapping(self, path: Path) -> DatasetMappingDialog | None:
        """Open the mapping dialog for ``path`` (non-blocking); on Import, the intent."""
        # The comment-data readers load when first used, not with the window.
        from reader.core.formats.datasets import field_names, guess_mapping
        from reader.core.textio import UnreadableFile
        from reader.ui.dialogs.dataset_mapping import DatasetMappingDialog

        try:
            fields, rows = field_names(path)
        except (UnreadableFile, OSError, ValueError) as error:
            QMessageBox.warning(
                self._parent, "Import Comment Data", f"{path.name} cannot be read: {error}"
            )
            return None
        dialog = DatasetMappingDialog(path.name, fields, rows, guess_mapping(fields), self._parent)
        self.dialog = dialog

        def finished(result: int) -> None:
            mapping = dialog.mapping()
            self.dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted and mapping is not None:
                self.import_requested.emit([path], mapping)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog
