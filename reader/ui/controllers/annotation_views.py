"""The views that follow the annotations: the codebook's counts (only the coders shown
are counted, so coding blind does not reveal the others' use of a tag), the annotations
list, the note, the quick-tag keys' names and the highlights, kept in step with each
command's changes (from the session's ``last_changes``) without reading everything again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction

from reader.core.records import Annotation, Tag

if TYPE_CHECKING:
    from reader.ui.controllers.annotation_list import AnnotationList
    from reader.ui.controllers.notes import Notes
    from reader.ui.models.annotation_list import AnnotationListModel
    from reader.ui.models.codebook import CodebookModel
    from reader.ui.painting.annotation_painter import AnnotationPainter
    from reader.ui.session import DocumentSession


class AnnotationViews(QObject):
    """Keeps the codebook, the list, the note, the quick keys and the paint in step."""

    def __init__(
        self,
        session: DocumentSession,
        painter: AnnotationPainter,
        listed: AnnotationList,
        notes: Notes,
        codebook_model: CodebookModel,
        list_model: AnnotationListModel,
        quick: Sequence[QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.painter = painter
        self.listed = listed
        self.notes = notes
        self._codebook_model = codebook_model
        self._list_model = list_model
        list_model.records = session.records  # a listed mark's quote, read when shown
        self._quick = list(quick)
        self.tags: dict[str, Tag] = {}
        self._usage: dict[str, int] = {}  # annotations per tag, kept up to date
        self.codebook_filter: Callable[[], None] = lambda: None  # clears a gone tag's filter
        session.annotations_changed.connect(self._on_session_annotations_changed)
        session.annotations_removed.connect(self._on_session_annotations_removed)

    def _shown_usage(self) -> dict[str, int]:
        """Annotations per tag, counting only the coders shown (so that coding blind
        does not show how often the others used a tag): counted by the store, so that a
        change of the coder filter reads no annotation."""
        return self._session.project.tag_usage(self._session.shown_coders)

    def reload_codebook(self) -> None:
        tags = self._session.project.tags()
        self.tags = {t.id: t for t in tags}
        self.painter.set_tags(self.tags)
        self._codebook_model.fill = self.painter.fill
        self._usage = self._shown_usage()
        self._codebook_model.set_tags(tags, self._usage)
        self._list_model.tags = self.tags
        self._list_model.fill = self.painter.fill
        self._list_model.where = self.listed.where_listed
        self._list_model.refresh_tags()
        narrowed = self._list_model.tag_filter()
        if narrowed is not None and narrowed.isdisjoint(self.tags):
            self.codebook_filter()  # the tag shown is gone
        ordered = self._codebook_model.tags()
        for n in range(1, len(self._quick) + 1):
            action = self._quick[n - 1]
            tag = ordered[n - 1] if n <= len(ordered) else None
            action.setText(f"&{n} {tag.name}" if tag else f"Tag {n} (none yet)")
            action.setEnabled(tag is not None)
        self.painter.paint_all()

    @Slot(list)
    def _on_session_annotations_changed(self, _records: list) -> None:
        touched: list[Annotation] = []
        usage_known = True
        for change in self._session.last_changes:  # the session has updated its indexes
            a, old = change.record, change.previous
            if a.document_id == self._session.document_id:
                touched.append(a)
                if old is not None and (old.start, old.end) != (a.start, a.end):
                    touched.append(old)
            usage_known = usage_known and change.known  # else its tags before are unknown
            self._count_tags(old, -1)
            self._count_tags(a, +1)
            if self.listed.lists(a):
                self._list_model.put(a)
            self.notes.changed(a)
        self.painter.paint_changed(touched)
        if not usage_known:
            self._usage = self._shown_usage()
        self._codebook_model.set_usage(self._usage)

    def _count_tags(self, a: Annotation | None, delta: int) -> None:
        for tag_id in a.tags if a is not None else ():
            self._usage[tag_id] = self._usage.get(tag_id, 0) + delta

    @Slot(list)
    def _on_session_annotations_removed(self, records: list) -> None:
        touched = []
        for a in records:
            if a.document_id == self._session.document_id:
                touched.append(a)
            self._list_model.remove(a.id)
            self.notes.removed(a)
            self._count_tags(a, -1)
        self.painter.paint_changed(touched)
        self._codebook_model.set_usage(self._usage)
