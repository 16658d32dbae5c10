"""The codebook, annotations, retrieval and exchange part of a project's API.

:class:`ProjectRecords` is mixed into :class:`~reader.store.project.Project` (a project
file) and so into ``postgres.project.SharedProject`` (a shared project): each method
calls one store module on ``self._conn``, whichever engine is behind it. Undo pairs are
listed in ``records.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.records import AnnotationMark
from reader.store import annotations, codebook, coders, page_urls, retrieval
from reader.store.errors import ProjectError
from reader.store.records import Annotation, DeletedTag, MergedTags, Tag
from reader.store.retrieval import CodedSegment, CoOccurrence, TagFrequencies

if TYPE_CHECKING:  # the exchange formats load when used (the REFI writer: ~70 ms)
    from reader.store import export, w3c
    from reader.store.imports.codebook import CodebookImported


class ProjectRecords:
    """Codebook, annotations, retrieval and exchange over ``self._conn`` (see the module)."""

    _conn: sqlite3.Connection
    coder: str

    # ---- codebook (see records.py for the undo pairs) --------------------------------

    def tags(self) -> list[Tag]:
        return codebook.tags(self._conn)

    def tag(self, tag_id: str) -> Tag:
        return codebook.tag(self._conn, tag_id)

    def tag_usage(self, coders: Iterable[str] | None = None) -> dict[str, int]:
        """Annotations per tag (0 for unused tags); with ``coders``, theirs only."""
        return codebook.usage(self._conn, coders)

    def add_tag(
        self,
        name: str,
        *,
        colour: str | None = None,
        parent: str | None = None,
        description: str = "",
        position: int | None = None,
        tag_id: str | None = None,
    ) -> Tag:
        return codebook.add_tag(
            self._conn, name, colour=colour, parent=parent, description=description,
            position=position, tag_id=tag_id,
        )  # fmt: skip

    def rename_tag(self, tag_id: str, name: str) -> str:
        return codebook.rename_tag(self._conn, tag_id, name)

    def recolour_tag(self, tag_id: str, colour: str) -> str:
        return codebook.recolour_tag(self._conn, tag_id, colour)

    def set_tag_description(self, tag_id: str, description: str) -> str:
        return codebook.set_tag_description(self._conn, tag_id, description)

    def move_tag(self, tag_id: str, parent: str | None, position: int) -> tuple[str | None, int]:
        return codebook.move_tag(self._conn, tag_id, parent, position)

    def delete_tag(self, tag_id: str) -> DeletedTag:
        return codebook.delete_tag(self._conn, tag_id)

    def restore_tag(self, record: DeletedTag) -> None:
        codebook.restore_tag(self._conn, record)

    def merge_tags(self, source_id: str, target_id: str) -> MergedTags:
        return codebook.merge_tags(self._conn, source_id, target_id)

    def unmerge_tags(self, record: MergedTags) -> None:
        codebook.unmerge_tags(self._conn, record)

    def import_codebook(self, path: Path) -> CodebookImported:
        """Add a REFI-QDA codebook's codes (``.qdc``) to the codebook: what is new is
        created (``CodebookImported.created``, parents first; undone by deleting them,
        children first), a name already there is that tag. UnreadableFile (nothing
        changed) when the file is not a codebook. See ``imports.codebook``."""
        from reader.store.imports.codebook import import_codebook

        return import_codebook(self._conn, Path(path))

    # ---- annotations ------------------------------------------------------------------

    def annotation(self, annotation_id: str) -> Annotation:
        return annotations.one(self._conn, annotation_id)

    def annotations(self, doc_id: int | None = None) -> list[Annotation]:
        """One document's annotations (all documents' for None), in text order."""
        return annotations.of_document(self._conn, doc_id)

    def annotation_marks(self, doc_id: int) -> list[AnnotationMark]:
        """One document's annotations as the window paints them, in no set order (the
        light read a document is opened with; see ``AnnotationMark``)."""
        return annotations.marks(self._conn, doc_id)

    def annotations_by_ids(self, ids: Iterable[str]) -> list[Annotation]:
        """These annotations' whole records (the ones that exist), in text order.
        ProjectError when they cannot be read (the window asks while it paints a list,
        which may come after the project was closed)."""
        try:
            return annotations.by_ids(self._conn, ids)
        except sqlite3.Error as error:
            raise ProjectError(f"The annotations could not be read ({error}).") from error

    def annotations_with_tag(self, tag_id: str, descendants: bool = False) -> list[Annotation]:
        ids = [tag_id]
        if descendants:
            ids += [t.id for t in codebook.descendants(self._conn, tag_id)]
        return annotations.with_tags(self._conn, ids)

    def add_annotation(
        self,
        doc_id: int,
        start: int,
        end: int,
        tags: Sequence[str] = (),
        note: str = "",
        *,
        annotation_id: str | None = None,
        coder: str | None = None,
    ) -> Annotation:
        """Annotate ``Document.text[start:end]`` (code points) as ``coder`` (None: the
        project's current coder). ValueError for an empty span or one outside the text;
        KeyError for an unknown document or tag."""
        doc = self.load(doc_id)
        who = self.coder if coder is None else coders.tidy(coder)
        try:
            return annotations.add(
                self._conn, doc, doc_id, start, end, tags, note, annotation_id=annotation_id,
                coder=who,
            )  # fmt: skip
        except sqlite3.IntegrityError as error:
            raise KeyError(f"no such tag among {list(tags)}") from error

    def delete_annotation(self, annotation_id: str) -> Annotation:
        return annotations.delete(self._conn, annotation_id)

    def restore_annotation(self, record: Annotation) -> None:
        annotations.restore(self._conn, record)

    def set_note(self, annotation_id: str, note: str) -> str:
        """Write a note as the current coder; returns the previous note."""
        return annotations.set_note(self._conn, annotation_id, note, self.coder)

    def add_tag_to_annotation(
        self, annotation_id: str, tag_id: str, position: int | None = None
    ) -> bool:
        return annotations.add_tag(self._conn, annotation_id, tag_id, position)

    def remove_tag_from_annotation(self, annotation_id: str, tag_id: str) -> int | None:
        return annotations.remove_tag(self._conn, annotation_id, tag_id)

    # ---- retrieval (see retrieval.py) ---------------------------------------------------

    def coded_segments(
        self,
        tag_id: str | None = None,
        *,
        descendants: bool = True,
        untagged: bool = False,
        document_id: int | None = None,
        progress: Callable[[int, int], bool] | None = None,
    ) -> list[CodedSegment]:
        """One row per tag on a passage (only ``tag_id``, and the tags below it with
        ``descendants``; ``untagged``: also passages with a note and no tag), with quote,
        context, tag path and note; by document, then place. ``progress(done, total)``
        counts documents; returning False raises ``retrieval.Cancelled``."""
        titles = {s.id: (s.title, s.source_path) for s in self.documents()}
        return retrieval.coded_segments(
            self.annotations(document_id), self.tags(), self.load, titles, tag_id=tag_id,
            descendants=descendants, untagged=untagged, progress=progress,
        )  # fmt: skip

    def tag_frequencies(self, *, descendants: bool = False) -> TagFrequencies:
        """Passages per tag in each document and across the project."""
        ids = [s.id for s in self.documents()]
        return retrieval.tag_frequencies(
            self.annotations(), self.tags(), ids, descendants=descendants
        )

    def co_occurrence(self, *, descendants: bool = False) -> CoOccurrence:
        """Tags on the same passage and on overlapping passages."""
        return retrieval.co_occurrence(self.annotations(), self.tags(), descendants=descendants)

    # ---- exchange -----------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        path: Path,
        *,
        document_id: int | None = None,
        creator: str | None = None,
        progress: Callable[[int, int], bool] | None = None,
        crlf: bool = False,
    ) -> export.ExportResult:
        """Write the project (or one document) as ``fmt`` (see ``export.FORMATS``) to
        ``path``, atomically. Raises ``export.ExportError`` (``ExportCancelled`` when
        ``progress(done, total)`` returned False; the previous file is then untouched).
        ``crlf`` (qdpx): CRLF line ends in the sources, counted in positions (MAXQDA)."""
        from reader.store import export

        return export.export(
            self, fmt, path, document_id=document_id, creator=creator, progress=progress,
            crlf=crlf,
        )  # fmt: skip

    def export_w3c(self, *, creator: str | None = None) -> dict:
        """Every annotation as a W3C Web Annotation AnnotationPage (see ``w3c.py``)."""
        from reader.store import w3c

        sources = {s.id: s.source_path for s in self.documents()}
        return w3c.export_page(self.annotations(), sources, self.tags(), creator=creator)

    def import_qdpx_annotations(self, path: Path):
        """The codings of a REFI-QDA project onto documents already here (found by source
        path or text); its codes join the codebook. See ``imports.refi``."""
        from reader.store.imports.refi import import_qdpx

        return import_qdpx(self._conn, Path(path), into_existing=True, coder=self.coder)

    def import_w3c(self, data: object, *, document: int | None = None) -> w3c.AnnotationsImported:
        """Add the annotations of a parsed W3C JSON-LD file (or Hypothesis's JSON export or
        API search results), in one transaction; ``document``: the document for those whose
        page matches none. Each keeps the coder its ``creator`` names (else it is the
        current coder's). Raises ``w3c.NotAnnotations`` when it holds none."""
        from reader.store import w3c_import

        summaries = [(s.id, s.source_path) for s in self.documents()]
        urls = page_urls.addresses(self._conn)
        return w3c_import.import_page(
            self._conn, data, self.load, summaries, urls=urls, document=document,
            coder=self.coder,
        )  # fmt: skip
