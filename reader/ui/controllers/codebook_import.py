"""File › Import › REFI-QDA Codebook…: the codes of a ``.qdc`` file (NVivo, ATLAS.ti,
MAXQDA, QualCoder, Taguette, Reader) into the project's codebook.

:class:`CodebookImporter` asks for the file, imports it as one undoable step
(``commands.codebook_import.ImportCodebook``) and says in the status bar what came in
("8 codes added to the codebook from codebook.qdc, 3 already there (Ctrl+Z takes it
back)"). A file that is not a codebook is refused in a message with the reason, and
nothing changes; a codebook whose codes are all there already adds no undo step.

Signals: ``status_message(str)``: a line for the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.core.textio import UnreadableFile
from reader.ui.commands.codebook_import import ImportCodebook
from reader.ui.plain_text import message_box
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.ui.session import DocumentSession

FILTER = "REFI-QDA codebooks (*.qdc);;All files (*)"


class CodebookImporter(QObject):
    """See the module's notes. ``ask_path`` is replaceable (tests)."""

    status_message = Signal(str)

    def __init__(self, session: DocumentSession, window: QWidget) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self.ask_path = self._ask_path

    def ask(self) -> None:
        """Ask for a codebook file and import it."""
        path = self.ask_path()
        if path is not None:
            self.run(path)

    def run(self, path: Path) -> ImportCodebook | None:
        """Import ``path``'s codes as one undoable step (None: nothing was added)."""
        command = ImportCodebook(self._session, Path(path))
        try:
            result = command.start()
        except (UnreadableFile, OSError) as error:
            box = message_box(
                self._window, QMessageBox.Icon.Warning, "Import Codebook",
                f"{Path(path).name} cannot be imported as a codebook: {error}.\n\n"
                "Nothing was changed.",
            )  # fmt: skip
            box.setObjectName("codebook_import_refused")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return None
        name, new, same = Path(path).name, len(result.created), result.matched
        if not new:
            its = "its code is" if same == 1 else f"its {same:,} codes are"
            self.status_message.emit(f"No new code in {name}: {its} in the codebook already.")
            return None
        self._session.undo_stack.push(command)
        line = f"{plural(new, 'code')} added to the codebook from {name}"
        if same:
            line += f", {same} already there"
        self.status_message.emit(f"{line} (Ctrl+Z takes it back)")
        return command

    def _ask_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self._window, "Import REFI-QDA Codebook", "", FILTER)
        return Path(name) if name else None
