"""File › Re-import With Encoding…: read a document's file again in an encoding the user
picks, when Reader's guess garbled it (or a few bytes could not be read).

The document's annotations are re-anchored as on any re-import (their quotes are looked
for in the new text; those not found are kept as orphans). It is one undoable step:
undo reads the file again as it was read before (the previous pick, or a fresh guess).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QInputDialog, QWidget

from reader.core.records import ImportOutcome
from reader.core.textio import COMMON_ENCODINGS, display_name

Reimport = Callable[[int, "str | None"], ImportOutcome]


def choose_encoding(parent: QWidget | None, title: str, current: str | None) -> str | None:
    """Ask for an encoding (the current one preselected); None when cancelled."""
    names = [display_name(e) for e in COMMON_ENCODINGS]
    shown = display_name(current) if current else None
    at = names.index(shown) if shown in names else 0
    short = title if len(title) <= 60 else title[:59] + "…"
    label = f"Read “{short}” again as:" + (f"\n(now read as {shown})" if shown else "")
    picked, ok = QInputDialog.getItem(parent, "Re-import With Encoding", label, names, at, False)
    if not ok:
        return None
    return COMMON_ENCODINGS[names.index(picked)]


_TIP = "Read this document's file again in an encoding you choose"


def update_reimport_action(action: QAction, project, document_id: int | None) -> None:
    """Enable the action for a document that can be read in another encoding; else
    disable it, its tip saying why (a Word file, a PDF… see ``store.reimport``).
    ``project``: the session's ``Project`` (None: no project)."""
    reason = None
    if document_id is not None and project is not None:
        try:
            reason = project.reimport_refusal(document_id, look_inside=False)
        except KeyError:
            reason = None
    action.setEnabled(document_id is not None and reason is None)
    tip = f"Not available: {reason}" if reason else _TIP
    action.setStatusTip(tip)
    action.setToolTip(tip)


def outcome_line(outcome: ImportOutcome, encoding: str | None) -> str:
    """A status-bar sentence for a re-import."""
    if outcome.status == "failed":
        return f"Not re-imported: {outcome.reason}"
    how = display_name(encoding) if encoding else "its guessed encoding"
    line = f"Read again as {how}"
    if outcome.status == "updated":
        line += f"; annotations: {outcome.moved} moved, {outcome.orphaned} orphaned"
    elif outcome.status == "unchanged":
        line += "; the text is the same"
    if outcome.problem:
        line += f". {outcome.problem}"
    return line


class ReimportCommand(QUndoCommand):
    """Re-import one document in ``encoding``; undo re-imports it in ``previous`` (None:
    guess again). ``done(outcome, encoding)`` runs after each step, to show the result.
    If the first step fails (the file has gone), the command marks itself obsolete and
    leaves the undo stack."""

    def __init__(
        self,
        reimport: Reimport,
        done: Callable[[ImportOutcome, str | None], None],
        doc_id: int,
        title: str,
        encoding: str,
        previous: str | None,
    ) -> None:
        super().__init__(f"Re-import “{title}” as {display_name(encoding)}")
        self._reimport, self._done = reimport, done
        self._doc_id, self._encoding, self._previous = doc_id, encoding, previous
        self.outcome: ImportOutcome | None = None

    def redo(self) -> None:
        self._run(self._encoding)

    def undo(self) -> None:
        self._run(self._previous)

    def _run(self, encoding: str | None) -> None:
        try:
            outcome = self._reimport(self._doc_id, encoding)
        except KeyError:  # the document was removed meanwhile
            outcome = ImportOutcome("", "failed", "the document is no longer in the project", None)
        if self.outcome is None and outcome.status == "failed":
            self.setObsolete(True)
        self.outcome = outcome
        self._done(outcome, encoding)
