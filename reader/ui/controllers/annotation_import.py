"""File › Import › Annotations…: annotations from a file (W3C, Hypothesis, Reader's CSV,
a REFI-QDA project's codings) onto the documents already in the project.

:class:`AnnotationImporter` asks for the file, imports it as one undoable step
(``commands.annotation_import.ImportAnnotations``), offers to put the annotations that
name a page no document matches on the open document, and says what happened in a
message (added, not found in the text, already there, new tags; the reasons in its
details) and in the status bar. A file it cannot read is named with the reason; nothing
is added then.

Signals: ``status_message(str)``: a line for the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.ui.commands.annotation_import import ImportAnnotations, NotAnnotationFile
from reader.ui.plain_text import message_box
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.ui.session import DocumentSession

FILTER = (
    "Annotation files (*.jsonld *.json *.csv *.qdpx);;W3C or Hypothesis (*.jsonld *.json)"
    ";;Reader's coded segments (*.csv);;REFI-QDA project (*.qdpx);;All files (*)"
)


class AnnotationImporter(QObject):
    """See the module's notes. ``ask_path``, ``ask_document`` and ``show_summary`` are
    replaceable (tests)."""

    status_message = Signal(str)

    def __init__(self, session: DocumentSession, window: QWidget) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self.ask_path = self._ask_path
        self.ask_document = self._ask_document
        self.show_summary = self._show_summary
        self.last: ImportAnnotations | None = None

    def ask(self) -> None:
        """Ask for a file and import its annotations."""
        path = self.ask_path()
        if path is not None:
            self.run(path)

    def run(self, path: Path) -> ImportAnnotations | None:
        """Import ``path``'s annotations as one undoable step (None: nothing was added)."""
        session = self._session
        command = ImportAnnotations(session, Path(path))
        try:
            result = command.start()
        except NotAnnotationFile as error:
            box = message_box(
                self._window, QMessageBox.Icon.Warning, "Import Annotations", str(error)
            )
            box.setObjectName("annotation_import_refused")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return None
        doc_id = session.document_id
        if result.unmatched and doc_id is not None:
            title = session.project.summary(doc_id).title
            if self.ask_document(result.unmatched, title):
                command.more(doc_id)
        changed = command.added or command.created_tags
        if changed:
            session.undo_stack.push(command)
            self.last = command
        self._report(command, pushed=bool(changed))
        return command if changed else None

    def _report(self, command: ImportAnnotations, *, pushed: bool) -> None:
        name = command.path.name
        results = command.results
        added = command.added
        orphaned = sum(r.orphaned for r in results)
        present = results[0].present if results else 0
        failed = [f for r in results[-1:] for f in r.failed]
        head = f"{plural(added, 'annotation')} added from {name}." if added else (
            f"No annotation was added from {name}."
        )  # fmt: skip
        lines = []
        if orphaned:
            lines.append(
                f"{plural(orphaned, 'passage')} not found in the document's text: kept as "
                "orphans in the Annotations pane, to place by hand."
            )
        if present:
            lines.append(f"{plural(present, 'annotation')} already in the project.")
        if command.created_tags:
            lines.append(f"{plural(command.created_tags, 'new tag')} in the codebook.")
        if failed:
            lines.append(f"{plural(len(failed), 'annotation')} could not be used (see details).")
        if pushed:
            lines.append("Edit › Undo (Ctrl+Z) takes the whole import back.")
        self.show_summary(head, "\n".join(lines), "\n".join(failed))
        if pushed:
            self.status_message.emit(f"{head[:-1]} (Ctrl+Z takes it back)")

    # ---- asking

    def _ask_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self._window, "Import Annotations", "", FILTER)
        return Path(name) if name else None

    def _ask_document(self, count: int, title: str) -> bool:
        short = title if len(title) <= 60 else title[:59] + "…"
        box = message_box(
            self._window, QMessageBox.Icon.Question, "Import Annotations",
            f"{plural(count, 'annotation')} {'names' if count == 1 else 'name'} a web page that "
            "no document in the project "
            f"matches (by its file, canonical address or saved-from address).\n\n"
            f"Put them on the open document, “{short}”? Their quotes are looked for in its "
            "text.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )  # fmt: skip
        box.setObjectName("annotation_import_document")
        return box.exec() == QMessageBox.StandardButton.Yes

    def _show_summary(self, head: str, text: str, details: str) -> None:
        box = message_box(self._window, QMessageBox.Icon.Information, "Import Annotations", head)
        box.setObjectName("annotation_import_summary")
        box.setInformativeText(text)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
