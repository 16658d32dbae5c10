"""The one owner of what the window has open: the project, the document, its annotations.

:class:`DocumentSession` holds the project handle, the open document (and its id), the
document's :class:`~reader.core.annotation_index.AnnotationIndex` with a small cache of
the last few documents' indexes (kept current by every change, so reopening one is free),
and the window's ``QUndoStack``. Panes and controllers are handed the session and read
from it; nobody else keeps a copy of the document.

The index holds each annotation's :class:`~reader.core.records.AnnotationMark` (span,
tags, note, coder: what painting and counting need), read in one light query when a
document is opened; the whole records (the quote, the times) are read when asked for
(:meth:`DocumentSession.annotation`, :meth:`DocumentSession.records`: a list, a menu, an
undo text). The change signals carry whole records.

Signals (each emitted after the session's own state is up to date):
    project_changed(): another project is open (nothing to undo, no document yet).
    document_changed(object): this document id (None: no document) is now open.
    annotations_changed(list): these annotations were added or modified (the records as
        they are now); :attr:`last_changes` pairs each with the record it replaced.
    annotations_removed(list): these annotations were deleted (the records as they were;
        marks when another coder of a shared project deleted them).
    codebook_changed(): tags were added, renamed, recoloured, described or moved.
    reload_needed(): many things changed at once (a tag deleted or merged, a command
        failed, an import re-anchored annotations): read everything again.
    structure_changed(int): a structure correction on this document was made or undone.
    document_restructured(object): the open document (this id) is now its corrected
        structure, with the same comments under other parents (see :meth:`restructure`);
        its text, comments and annotations are as they were.
    failed(str): a change could not be made or undone, or a document could not be
        opened; the message says why.

The commands (``reader.ui.commands``) emit the change signals; the session connects its
own bookkeeping to them first, in ``__init__``, so every other listener (connected later:
Qt calls slots in the order they were connected) sees the indexes already updated.
"""

from __future__ import annotations

import importlib
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from reader.core.annotation_index import AnnotationIndex
from reader.core.records import Annotation, AnnotationMark

# The store as the window sees it: its errors and its writers, through this one door
# (import-linter lets the ui reach the store only here and in the commands). The errors
# come at once; the exporters, the agreement figures and the search are imported when a
# window first uses them (``__getattr__`` below), so starting the window does not load
# them (the REFI exporter alone is ~70 ms).
from reader.store.errors import NotAProjectError, ProjectError
from reader.store.postgres import describe as shared_label
from reader.store.postgres import is_shared_target

_LATER = {
    "agreement_input": ("reader.store.agreement_input", None),
    "ALL_TAGS": ("reader.store.agreement_input", "ALL_TAGS"),
    "DISAGREEMENT_COLUMNS": ("reader.store.agreement_input", "DISAGREEMENT_COLUMNS"),
    "FIGURE_COLUMNS": ("reader.store.agreement_input", "FIGURE_COLUMNS"),
    "AgreementResult": ("reader.store.agreement_input", "AgreementResult"),
    "disagreement_rows": ("reader.store.agreement_input", "disagreement_rows"),
    "figure_rows": ("reader.store.agreement_input", "figure_rows"),
    "restore_backup": ("reader.store.backups", "restore_backup"),
    "FORMATS": ("reader.store.export", "FORMATS"),
    "PER_DOCUMENT": ("reader.store.export", "PER_DOCUMENT"),
    "SUFFIXES": ("reader.store.export", "SUFFIXES"),
    "ExportCancelled": ("reader.store.export", "ExportCancelled"),
    "ExportError": ("reader.store.export", "ExportError"),
    "export_rows": ("reader.store.export", "export_rows"),
    "write_agreement_csv": ("reader.store.export.agreement_export", "write_csv"),
    "write_agreement_xlsx": ("reader.store.export.agreement_export", "write_xlsx"),
    "SearchError": ("reader.store.search", "SearchError"),
}


def __getattr__(name: str) -> object:
    """The store's exporters, agreement and search names, imported on first use."""
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module_name, attribute = _LATER[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # what __getattr__ hands out, for the type checker and linters
    from reader.core.model import Document
    from reader.store import agreement_input  # noqa: F401
    from reader.store.agreement_input import (  # noqa: F401
        ALL_TAGS,
        DISAGREEMENT_COLUMNS,
        FIGURE_COLUMNS,
        AgreementResult,
        disagreement_rows,
        figure_rows,
    )
    from reader.store.backups import restore_backup  # noqa: F401
    from reader.store.export import (  # noqa: F401
        FORMATS,
        PER_DOCUMENT,
        SUFFIXES,
        ExportCancelled,
        ExportError,
        export_rows,
    )
    from reader.store.export.agreement_export import (  # noqa: F401
        write_csv as write_agreement_csv,
    )
    from reader.store.export.agreement_export import (  # noqa: F401
        write_xlsx as write_agreement_xlsx,
    )
    from reader.store.project import Project  # typing the ui's handle: import it from here
    from reader.store.search import SearchError  # noqa: F401

log = logging.getLogger(__name__)

RECENT_INDEXES = 4  # documents whose annotations stay in memory (kept current) for reopening
_PLACE = attrgetter("id", "start", "end", "kind")  # where a comment is and whether it shows

__all__ = [
    "ALL_TAGS", "DISAGREEMENT_COLUMNS", "FIGURE_COLUMNS", "FORMATS", "PER_DOCUMENT",
    "SUFFIXES", "AgreementResult", "Change", "DocumentSession", "ExportCancelled",
    "ExportError", "NotAProjectError", "Project", "ProjectError", "SearchError", "agreement_input",
    "disagreement_rows", "export_rows", "figure_rows", "is_shared_target", "restore_backup",
    "shared_label",
    "write_agreement_csv", "write_agreement_xlsx",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Change:
    """One annotation as a change left it, and what it was before (``previous``, its
    mark; None: new, or not known because its document's annotations were not in memory)."""

    record: Annotation
    previous: AnnotationMark | None
    known: bool


class DocumentSession(QObject):
    """The project, the open document and its annotations, the undo stack, the changes."""

    project_changed = Signal()
    document_changed = Signal(object)
    annotations_changed = Signal(list)
    annotations_removed = Signal(list)
    codebook_changed = Signal()
    reload_needed = Signal()
    structure_changed = Signal(int)
    document_restructured = Signal(object)
    failed = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("session")
        self._project = project
        self._doc: Document | None = None
        self._doc_id: int | None = None
        self.index = AnnotationIndex()
        self._recent: OrderedDict[int, AnnotationIndex] = OrderedDict()
        self.last_changes: list[Change] = []
        # Whose annotations are shown (None: every coder's); set by the team controller.
        self.shown_coders: frozenset[str] | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undo_stack")
        # First: every later listener sees the indexes as the change left them.
        self.annotations_changed.connect(self._on_annotations_changed)
        self.annotations_removed.connect(self._on_annotations_removed)

    # ---- reading

    @property
    def project(self) -> Project:
        return self._project

    @property
    def document(self) -> Document | None:
        return self._doc

    @property
    def document_id(self) -> int | None:
        return self._doc_id

    def shows(self, a: Annotation) -> bool:
        """Whether the coder filter lets ``a`` be shown (see ``controllers/team.py``)."""
        return self.shown_coders is None or a.coder in self.shown_coders

    def annotation(self, annotation_id: str) -> Annotation | None:
        """An annotation's whole record (of any document), as the project has it now;
        None when there is none, or when it cannot be read now (``failed`` says why)."""
        try:
            return self._project.annotation(annotation_id)
        except KeyError:
            return None
        except ProjectError as error:  # a shared project offline
            log.warning("annotation %s not read: %s", annotation_id, error)
            self.failed.emit(f"That annotation cannot be read now: {error}")
            return None

    def has_annotation(self, annotation_id: str) -> bool:
        """Whether the annotation exists: the open document's are known from memory, and
        one the project cannot be asked about now counts as there (a change to it is
        then tried, and its failure said)."""
        if annotation_id in self.index:
            return True
        try:
            self._project.annotation(annotation_id)
        except KeyError:
            return False
        except ProjectError:
            return True
        return True

    def records(self, annotations: Sequence[Annotation | AnnotationMark]) -> list[Annotation]:
        """The whole records of these annotations (marks of the index, or records), in
        their order; those gone from the project (or not readable now) are left out. One
        query for the marks."""
        wanted = [a.id for a in annotations if not isinstance(a, Annotation)]
        read: dict[str, Annotation] = {}
        try:
            read = {a.id: a for a in self._project.annotations_by_ids(wanted)} if wanted else {}
        except ProjectError as error:  # closed, or a shared project offline: shown without
            log.warning("annotations not read: %s", error)
        out = []
        for a in annotations:
            whole = a if isinstance(a, Annotation) else read.get(a.id)
            if whole is not None:
                out.append(whole)
        return out

    def _marks(self, document_id: int) -> list[AnnotationMark]:
        """The document's annotations shown (the coder filter), as the index holds them."""
        found = self._project.annotation_marks(document_id)
        if self.shown_coders is None:
            return found
        return [a for a in found if a.coder in self.shown_coders]

    # ---- changing what is open

    def set_project(self, project: Project) -> None:
        """Another project is open: nothing to undo, no document, no cached annotations.
        The caller closes the old project."""
        log.info("project opened: %s", project.path)
        self.undo_stack.clear()
        self._project = project
        self._doc, self._doc_id = None, None
        self._recent.clear()
        self.index = AnnotationIndex()
        self.project_changed.emit()

    def load(self, document_id: int) -> Document:
        """The document as the project has it now (KeyError, ProjectError)."""
        return self._project.load(document_id)

    def show(self, document_id: int | None, doc: Document | None) -> None:
        """Make ``doc`` the open document, with its annotations (from memory when it was
        open lately), and tell everyone."""
        self._doc_id, self._doc = (document_id, doc) if doc is not None else (None, None)
        index = self._recent.pop(document_id, None) if document_id is not None else None
        if index is None:
            index = AnnotationIndex(self._marks(document_id) if document_id is not None else ())
        if document_id is not None:
            self._recent[document_id] = index
            while len(self._recent) > RECENT_INDEXES:
                self._recent.popitem(last=False)
        self.index = index
        self.document_changed.emit(self._doc_id)

    def open(self, document_id: int) -> bool:
        """Load and show a document; False (and ``failed``) when it cannot be read."""
        try:
            doc = self.load(document_id)
        except (KeyError, ProjectError) as error:
            log.warning("document %s not opened: %s", document_id, error)
            self.failed.emit(f"That document cannot be opened: {error}")
            return False
        log.info("document opened: %s (%s comments)", document_id, len(doc.comments))
        self.show(document_id, doc)
        return True

    def restructure(self, document_id: int) -> bool:
        """After a structure correction of the open document: when the project's
        structure of it has the same comments (ids and places) under other parents, it
        becomes the open document in place, the annotations staying as they are (none
        changed comment), and ``document_restructured`` tells who shows it. False, and
        nothing done, otherwise (then it is to be shown again)."""
        old = self._doc
        if old is None or document_id != self._doc_id:
            return False
        try:
            doc = self.load(document_id)
        except (KeyError, ProjectError):
            return False
        if doc.text is not old.text and doc.text != old.text:
            return False
        if len(doc.comments) != len(old.comments) or not all(
            a is b or _PLACE(a) == _PLACE(b)  # (most are the same objects)
            for a, b in zip(doc.comments, old.comments, strict=True)
        ):
            return False
        self._doc = doc
        self.document_restructured.emit(document_id)
        return True

    def reload_annotations(self) -> None:
        """Read the open document and its annotations again (an import or a correction
        may have changed both) and forget the other documents' cached annotations. The
        panes are not told: the caller shows the document again if it must."""
        self._recent.clear()
        doc = None
        if self._doc_id is not None:
            try:
                doc = self.load(self._doc_id)
            except (KeyError, ProjectError) as error:
                log.warning("document %s not read again: %s", self._doc_id, error)
        if doc is None:
            self._doc, self._doc_id = None, None
            self.index = AnnotationIndex()
            return
        self._doc = doc
        self.index = AnnotationIndex(self._marks(self._doc_id))
        self._recent[self._doc_id] = self.index

    def apply_remote_changes(self, tables: set[str], documents: set[int | None]) -> None:
        """Others changed a shared project (``tables``, in ``documents``; None: a change
        whose document is not known): show it as if it were made here, without reopening
        the document. Annotations of the open document are compared with the project's
        and the differences emitted as changes; a changed codebook, document or structure
        asks for everything to be read again. The undo stack is left alone: undo stays
        this coder's own."""
        if tables & {"tags", "documents", "corrections"}:
            self.reload_needed.emit()
            return
        for doc_id in documents:
            if doc_id != self._doc_id:
                self._recent.pop(doc_id, None)  # read again when it is next opened
        if None in documents:
            for doc_id in [d for d in self._recent if d != self._doc_id]:
                del self._recent[doc_id]
        if self._doc_id is None or not ({self._doc_id, None} & documents):
            return
        fresh = self._marks(self._doc_id)
        ids = {a.id for a in fresh}
        removed = [a for a in self.index.all() if a.id not in ids]  # marks: gone from the file
        changed = self.records([a for a in fresh if self.index.get(a.id) != a])
        if removed:
            self.annotations_removed.emit(removed)
        if changed:
            self.annotations_changed.emit(changed)

    # ---- keeping the indexes current (connected first)

    @Slot(list)
    def _on_annotations_changed(self, records: list) -> None:
        changes = []
        for a in records:
            if a.document_id == self._doc_id:
                changes.append(Change(a, self.index.put(a), True))
            elif a.document_id in self._recent:
                changes.append(Change(a, self._recent[a.document_id].put(a), True))
            else:
                changes.append(Change(a, None, False))
        self.last_changes = changes

    @Slot(list)
    def _on_annotations_removed(self, records: list) -> None:
        for a in records:
            if self.index.remove(a.id) is None and a.document_id in self._recent:
                self._recent[a.document_id].remove(a.id)
