"""File › Merge Project… as one undoable step.

:func:`merge_with_progress` makes the merge (``Project.merge_from``, a cancellable
progress dialog); :class:`MergeProject` then goes on the undo stack: undo is
``Project.unmerge``, redo merges the same file again, which adds the same records (the
merge keeps ids). After each, the window reloads what it shows
(``ProjectChanges.reload_needed``) and ``after()`` refreshes the document list (a merge
can add documents).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from reader.ui.undo_commands import ProjectChanges, ProjectCommand

if TYPE_CHECKING:
    from reader.store.merge import MergeReport
    from reader.store.project import Project


def merge_with_progress(project: Project, path: Path, parent: QWidget | None) -> MergeReport:
    """Merge ``path`` into ``project`` with a cancellable progress dialog (shown when the
    merge takes a moment). Raises ``ProjectError`` (``MergeCancelled``)."""
    dialog = QProgressDialog(f"Merging {path.name}…", "Cancel", 0, 1, parent)
    dialog.setObjectName("merge_progress")
    dialog.setWindowTitle("Merge Project")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def progress(done: int, total: int) -> bool:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        return not dialog.wasCanceled()

    try:
        return project.merge_from(path, progress=progress)
    finally:
        dialog.close()
        dialog.deleteLater()


class MergeProject(ProjectCommand):
    """A merge already made (``report``, by :func:`merge_with_progress`), pushed on the
    undo stack: the push's first redo only shows it; undo takes out what it added; a
    later redo merges the same file again."""

    def __init__(
        self,
        project: Project,
        changes: ProjectChanges,
        path: Path,
        report: MergeReport,
        *,
        after: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(f"Merge {Path(path).name}", project, changes)
        self.path = Path(path)
        self.report = report
        self.after = after
        self._done = True  # the merge was made before the push

    def _do(self) -> None:
        if not self._done:
            self.report = self.project.merge_from(self.path)
        self._done = False
        self.changes.reload_needed.emit()
        self.after()

    def _undo(self) -> None:
        self.project.unmerge(self.report)
        self.changes.reload_needed.emit()
        self.after()
