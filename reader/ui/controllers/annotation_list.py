"""The annotations list under the text: the open document's annotations or the whole
project's, each with where it lies ("Comment #12 · Ana"), kept in step with every change
by the tagging controller."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.records import Annotation

if TYPE_CHECKING:
    from reader.ui.models.annotation_list import AnnotationListModel
    from reader.ui.panes.annotations import AnnotationsPane
    from reader.ui.session import DocumentSession


class AnnotationList:
    """What the annotations pane lists, and how it names each annotation's place."""

    def __init__(
        self,
        session: DocumentSession,
        pane: AnnotationsPane,
        model: AnnotationListModel,
        comment_label: Callable[[str], str] = str,
    ) -> None:
        self._session = session
        self._pane = pane
        self._model = model
        self._comment_label = comment_label
        self._labels: dict[str, str] = {}
        self._authors: dict[str, str | None] = {}
        self._titles: dict[int, str] = {}

    def show_document(self) -> None:
        """Another document is open: its comments' names, and its annotations listed
        (unless the list shows the whole project)."""
        doc = self._session.document
        self._labels = {c.id: self._comment_label(c.id) for c in doc.comments} if doc else {}
        self._authors = {c.id: c.author for c in doc.comments} if doc else {}
        if not self._pane.whole_project():
            self.fill()

    def relabel(self) -> None:
        """The open document's comments moved (a correction): their names again, and
        the list says where each annotation is now."""
        doc = self._session.document
        self._labels = {c.id: self._comment_label(c.id) for c in doc.comments} if doc else {}
        self._model.refresh_places()

    def _where(self, a: Annotation, title: str | None = None) -> str:
        if a.comment_id is None:
            part = "Article"
        elif a.document_id == self._session.document_id and a.comment_id in self._labels:
            part = f"Comment #{self._labels[a.comment_id]}"
            author = self._authors.get(a.comment_id)
            if author:
                part += f" · {author}"
        else:
            part = "Comment"
        return f"{title} · {part}" if title else part

    def where_listed(self, a: Annotation) -> str:
        title = None
        if self._pane.whole_project():
            title = self._titles.get(a.document_id, f"Document {a.document_id}")
        return self._where(a, title)

    def fill(self) -> None:
        if self._pane.whole_project():
            self._titles = {
                s.id: s.title or s.source_path for s in self._session.project.documents()
            }
            found = [a for a in self._session.project.annotations() if self._session.shows(a)]
        else:
            found = self._session.index.all()
        self._model.set_annotations(found, ordered=True)

    def lists(self, a: Annotation) -> bool:
        return self._pane.whole_project() or a.document_id == self._session.document_id
