"""File › Import › Annotations… as one undoable step.

:meth:`ImportAnnotations.start` imports the file (``store.annotation_files``; it raises
``NotAnnotationFile`` having added nothing), noting which annotations and tags were new
(the project's ids before and after); :meth:`ImportAnnotations.more` adds, within the
same step, the annotations that matched no document onto one the user names. Then the
command is pushed (its first redo only shows it). Undo removes the new annotations, then
the new tags (children before parents), keeping their records; a later redo restores
them as they were (the same ids, notes, coders), without reading the file again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.store.annotation_files import AnnotationFileImported, import_annotation_file
from reader.store.annotation_files import NotAnnotationFile as NotAnnotationFile
from reader.ui.commands.annotations import ProjectCommand

if TYPE_CHECKING:
    from reader.store.records import Annotation, DeletedTag
    from reader.ui.session import DocumentSession


class ImportAnnotations(ProjectCommand):
    """Import the annotations of ``path`` (see the module's notes). ``result`` is what
    the last import did (None before :meth:`start`)."""

    def __init__(
        self, session: DocumentSession, path: Path, *, after: Callable[[], None] = lambda: None
    ) -> None:
        super().__init__(f"Import Annotations from {Path(path).name}", session)
        self.path = Path(path)
        self.after = after
        self.results: list[AnnotationFileImported] = []
        self._annotations: list[str] = []  # ids added, in order
        self._tags: list[str] = []  # ids created, parents first
        self._removed_annotations: list[Annotation] = []
        self._removed_tags: list[DeletedTag] = []
        self._shown = True

    @property
    def result(self) -> AnnotationFileImported | None:
        return self.results[-1] if self.results else None

    @property
    def added(self) -> int:
        """Annotations this step added, over all its imports."""
        return len(self._annotations)

    @property
    def created_tags(self) -> int:
        """Tags this step created."""
        return len(self._tags)

    def start(self) -> AnnotationFileImported:
        """Import the file (before the push). Raises ``NotAnnotationFile``."""
        self._shown = False
        return self._import(None)

    def redo(self) -> None:
        if not self._shown:  # the push's redo: the import is made already
            self._shown = True
            return
        super().redo()

    def more(self, document: int) -> AnnotationFileImported:
        """Import the file again, putting what matched no document on ``document``."""
        return self._import(document)

    def _import(self, document: int | None) -> AnnotationFileImported:
        project = self.project
        annotations_before = {a.id for a in project.annotations()}
        tags_before = {t.id for t in project.tags()}
        result = import_annotation_file(project, self.path, document=document)
        self.results.append(result)
        self._annotations += [a.id for a in project.annotations() if a.id not in annotations_before]
        self._tags += _parents_first([t for t in project.tags() if t.id not in tags_before])
        self._changed()
        return result

    def _do(self) -> None:
        for record in reversed(self._removed_tags):
            self.project.restore_tag(record)
        for annotation in self._removed_annotations:
            self.project.restore_annotation(annotation)
        self._removed_tags, self._removed_annotations = [], []
        self._changed()

    def _undo(self) -> None:
        self._removed_annotations = [self.project.delete_annotation(i) for i in self._annotations]
        self._removed_tags = [self.project.delete_tag(t) for t in reversed(self._tags)]
        self._changed()

    def _changed(self) -> None:
        self.session.reload_needed.emit()
        self.after()


def _parents_first(tags) -> list[str]:
    """The ids of ``tags`` with each parent before its children."""
    by_id = {t.id: t for t in tags}
    ordered: list[str] = []

    def place(tag_id: str) -> None:
        if tag_id in ordered:
            return
        parent = by_id[tag_id].parent
        if parent in by_id:
            place(parent)
        ordered.append(tag_id)

    for t in tags:
        place(t.id)
    return ordered
