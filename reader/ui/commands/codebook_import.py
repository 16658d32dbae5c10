"""File › Import › REFI-QDA Codebook… as one undoable step.

:meth:`ImportCodebook.start` imports the file (``Project.import_codebook``; a file that
is not a codebook raises ``UnreadableFile`` having changed nothing) and keeps the tags it
created, parents first. Then the command is pushed (its first redo only shows it). Undo
deletes those tags, children first, keeping their records; a later redo restores them
as they were (the same ids, names, colours, descriptions and places), without reading
the file again. Tags the codebook already had are never touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.ui.commands.annotations import ProjectCommand

if TYPE_CHECKING:
    from reader.store.imports.codebook import CodebookImported
    from reader.store.records import DeletedTag
    from reader.ui.session import DocumentSession


class ImportCodebook(ProjectCommand):
    """Import the codebook at ``path`` (see the module's notes); ``result`` is what the
    import did (None before :meth:`start`)."""

    def __init__(self, session: DocumentSession, path: Path) -> None:
        super().__init__(f"Import Codebook from {Path(path).name}", session)
        self.path = Path(path)
        self.result: CodebookImported | None = None
        self._removed: list[DeletedTag] = []
        self._shown = True

    def start(self) -> CodebookImported:
        """Import the file (before the push). Raises ``UnreadableFile``."""
        self._shown = False
        self.result = self.project.import_codebook(self.path)
        self.session.codebook_changed.emit()
        return self.result

    def redo(self) -> None:
        if not self._shown:  # the push's redo: the import is made already
            self._shown = True
            return
        super().redo()

    def _do(self) -> None:
        for record in reversed(self._removed):
            self.project.restore_tag(record)
        self._removed = []
        self.session.codebook_changed.emit()

    def _undo(self) -> None:
        assert self.result is not None
        self._removed = [self.project.delete_tag(t.id) for t in reversed(self.result.created)]
        self.session.codebook_changed.emit()
