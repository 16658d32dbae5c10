"""The user's structure corrections as undoable commands, on the window's one undo stack.

Each command calls a ``Project`` method in ``redo`` and its inverse in ``undo`` (the
pairs listed in ``reader.store.corrections_store``), then reports which document's
structure changed, so the window shows it again. A command whose store call fails
(another Reader reset the document meanwhile, say) marks itself obsolete, so the stack
drops it, and reports why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from reader.core.corrections import Correction
from reader.store.errors import ProjectError

if TYPE_CHECKING:
    from reader.store.corrections_store import CorrectionRecord
    from reader.ui.session import DocumentSession


class StructureCommand(QUndoCommand):
    """A change to one document's corrections; subclasses implement ``_do``/``_undo``."""

    def __init__(self, text: str, session: DocumentSession, doc_id: int) -> None:
        super().__init__(text)
        self.session = session
        self.project = session.project
        self.doc_id = doc_id

    def redo(self) -> None:
        self._run("redo", self._do)

    def undo(self) -> None:
        self._run("undo", self._undo)

    def _run(self, what: str, step) -> None:
        try:
            step()
        except (KeyError, ValueError, ProjectError) as error:
            self.setObsolete(True)
            message = error.args[0] if isinstance(error, ProjectError) and error.args else error
            self.session.failed.emit(f"Could not {what} “{self.text()}”: {message}")
        self.session.structure_changed.emit(self.doc_id)

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddCorrection(StructureCommand):
    """Append one correction to a document's list."""

    def __init__(
        self,
        session: DocumentSession,
        doc_id: int,
        correction: Correction,
        *,
        text: str,
    ) -> None:
        super().__init__(text, session, doc_id)
        self.correction = correction
        self.record: CorrectionRecord | None = None

    def _do(self) -> None:
        if self.record is None:
            self.record = self.project.add_correction(self.doc_id, self.correction)
        else:  # redo: the same record back, with its id
            self.project.restore_corrections(self.doc_id, [self.record])

    def _undo(self) -> None:
        assert self.record is not None
        self.record = self.project.remove_correction(self.record)  # as stored, for redo


class ResetCorrections(StructureCommand):
    """Forget every correction of a document: back to the parser's structure."""

    def __init__(self, session: DocumentSession, doc_id: int) -> None:
        super().__init__("Reset structure to automatic", session, doc_id)
        self.records: list[CorrectionRecord] = []

    def _do(self) -> None:
        self.records = self.project.reset_corrections(self.doc_id)
        if not self.records:
            self.setObsolete(True)

    def _undo(self) -> None:
        self.project.restore_corrections(self.doc_id, self.records)
