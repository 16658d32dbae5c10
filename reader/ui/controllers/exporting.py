"""Exporting for one window: File › Export… (the dialog, then the export with progress)
and the coded segments' Export These Rows….

Where a first-time user looks for the file: the suggested folder is the last one
exported to, else the user's Documents folder (never the hidden folder the project may
live in); the scope is the whole project when the document shown has nothing coded; and
the status bar names the file written by its full path, with an Open Folder button.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMainWindow, QToolButton, QWidget

from reader.core.records import ExportResult
from reader.ui.dialogs.export import ExportChoice, ExportDialog, run_export
from reader.ui.session import ExportCancelled, ExportError, export_rows

if TYPE_CHECKING:
    from reader.ui.panes.segments import SegmentsPane
    from reader.ui.session import DocumentSession

log = logging.getLogger(__name__)
WRITTEN_MS = 20000  # how long the status bar names the file written


def documents_folder() -> Path:
    """The user's Documents folder (their home when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def ask_save_path(title: str, suggested: str, filters: str, parent: QWidget | None = None) -> str:
    name, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    if name and not Path(name).suffix and "*." in chosen:  # the chosen type's suffix
        name += "." + chosen.split("*.", 1)[1].split(")", 1)[0].split()[0]
    return name


class WrittenFile(QObject):
    """Says in the window's status bar which file was written, by its full path, with an
    Open Folder button beside the message while it shows."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.folder: Path | None = None
        self.button = QToolButton(window)
        self.button.setObjectName("open_export_folder")
        self.button.setText("Open Folder")
        self.button.setAutoRaise(True)
        self.button.hide()
        self.button.clicked.connect(self._on_button_clicked)
        if isinstance(window, QMainWindow):
            bar = window.statusBar()
            bar.addWidget(self.button)
            bar.messageChanged.connect(self._on_bar_message_changed)

    def show(self, line: str, path: Path) -> None:
        self.folder = Path(path).parent
        self.button.setToolTip(f"Show {self.folder} in the file manager")
        if isinstance(self._window, QMainWindow):
            self._window.statusBar().showMessage(line, WRITTEN_MS)
        self.button.show()

    @Slot(str)
    def _on_bar_message_changed(self, text: str) -> None:
        if not text:
            self.button.hide()

    @Slot()
    def _on_button_clicked(self) -> None:
        if self.folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))


class Exports(QObject):
    """The window's exports; ``say`` a status line, ``ask_path(title, suggested,
    filters)`` a file to write ("" for none), ``report(title, text)`` a failure."""

    def __init__(
        self,
        session: DocumentSession,
        window: QWidget,
        segments: SegmentsPane,
        say: Callable[[str], None],
        ask_path: Callable[[str, str, str], str],
        report: Callable[[str, str], None],
    ) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._segments = segments
        self._say = say
        self._ask_path = ask_path
        self._report = report
        self._last_format = "csv"
        self._last_folder: Path | None = None
        self.export_dialog: ExportDialog | None = None  # while it is open
        self._pending: ExportChoice | None = None
        self.written = WrittenFile(window)

    def folder(self) -> Path:
        """Where to suggest writing: the last folder exported to, else Documents."""
        if self._last_folder is not None and self._last_folder.is_dir():
            return self._last_folder
        return documents_folder()

    def _wrote(self, line: str, path: Path) -> None:
        self._last_folder = Path(path).parent
        self._say(line)
        self.written.show(line, path)

    def export_segments(self, path: Path) -> bool:
        """Write the segments as the pane shows them (csv, or xlsx by the file's suffix)."""
        rows = self._segments.shown_segments()
        fmt = "xlsx" if Path(path).suffix.lower() == ".xlsx" else "csv"
        try:
            export_rows(rows, Path(path), fmt)
        except ExportError as error:
            self._report("Export failed", str(error))
            return False
        self._wrote(f"Wrote {len(rows):,} rows to {Path(path)}", Path(path))
        return True

    @Slot()
    def open_export_dialog(self) -> ExportDialog:
        """File > Export…: the dialog (not modal to the app: window-modal, deleted on close)."""
        if self.export_dialog is not None:
            self.export_dialog.raise_()
            return self.export_dialog
        project = Path(self._session.project.path)
        doc_id, doc = self._session.document_id, self._session.document
        title = doc.title if doc is not None else ""
        document = (doc_id, title or f"Document {doc_id}") if doc_id is not None else None
        coded = doc_id is not None and len(self._session.index) > 0
        dialog = ExportDialog(
            self.folder(), project.stem, document, self._window,
            last_format=self._last_format, whole_project=not coded,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_export_dialog_accepted)
        dialog.finished.connect(self._on_export_dialog_finished)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export(self, choice: ExportChoice) -> ExportResult | None:
        """Export as chosen, with progress; says in the status bar what was written."""
        self._last_format = choice.fmt
        started = time.perf_counter()
        try:
            result = run_export(self._session.project, choice, self._window)
        except ExportCancelled:
            log.info("export to %s cancelled", choice.path)
            kept = " (the file there is as it was)" if choice.path.exists() else ""
            self._say(f"The export was cancelled; nothing was written{kept}")
            return None
        except ExportError as error:  # the store says why; the old file is as it was
            log.warning("export to %s refused: %s", choice.path, error)
            self._report("Export failed", str(error))
            return None
        seconds = time.perf_counter() - started
        log.info("exported %s (%d items) in %.1f s", result.path, result.items, seconds)
        what = {"csv": "rows", "xlsx": "rows", "qdc": "tags"}.get(choice.fmt, "passages")
        line = f"Wrote {result.items:,} {what} to {result.path}"
        if result.left_out:
            line += " (left out: " + "; ".join(result.left_out) + ")"
        self._wrote(line, result.path)
        return result

    @Slot()
    def segments_export_requested(self) -> None:
        tag = self._segments.tag_combo.currentText() or "segments"
        stem = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in tag).strip()
        suggested = str(self.folder() / f"{stem or 'segments'}.csv")
        path = self._ask_path(
            "Export These Rows", suggested, "CSV table (*.csv);;Excel workbook (*.xlsx)"
        )
        if path:
            self.export_segments(Path(path))

    @Slot()
    def _on_export_dialog_accepted(self) -> None:
        # The export runs once the dialog has closed (and is deleted): nothing refers to it.
        dialog, self.export_dialog = self.export_dialog, None
        if dialog is not None:
            self._pending = dialog.choice()
            QTimer.singleShot(0, self._on_pending_timeout)

    @Slot()
    def _on_pending_timeout(self) -> None:
        choice, self._pending = self._pending, None
        if choice is not None:
            self.export(choice)

    @Slot(int)
    def _on_export_dialog_finished(self, _result: int) -> None:
        self.export_dialog = None
