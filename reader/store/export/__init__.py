"""Exports of a project for other tools and for people: one entry point, :func:`export`.

=========  ==========================================================================
format     what is written
=========  ==========================================================================
``csv``    one row per tag on a passage (``rows.COLUMNS``, then a ``meta:NAME`` column per
           document property), UTF-8 with a BOM, formula-like cells neutralised
           (``csv_export``)
``xlsx``   the same rows, tag frequencies per document, the codebook, the documents with
           their properties (``xlsx_export``)
``qdpx``   a REFI-QDA project: codebook, plain-text sources, passages with codings and
           notes, comment threads and document properties as variables (``refi``)
``qdc``    the REFI-QDA codebook alone (``refi``)
``w3c``    W3C Web Annotation JSON-LD (``reader.store.w3c``)
``md``     a readable report of one document or the project (``report``)
``html``   the same report as a web page (``report``)
=========  ==========================================================================

Every file is written to a temporary file beside the target and moved over it at the end,
so a failed or cancelled export leaves the previous file as it was. ``progress(done,
total)`` counts documents; returning False cancels (:class:`ExportCancelled`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from reader.core.model import Document
from reader.core.properties import described
from reader.core.records import (
    Annotation,
    DocumentSummary,
    ExportResult,
    Tag,
    TagFrequencies,
)
from reader.store.errors import ProjectError
from reader.store.export import csv_export, refi, report, xlsx_export
from reader.store.export.atomic import write_text_atomically
from reader.store.retrieval import Cancelled, CodedSegment


class ExportSource(Protocol):
    """What an export reads: the project's path, documents, codebook and annotations
    (``reader.store.project.Project`` is one; the exporter never imports it)."""

    @property
    def path(self) -> Path: ...

    def documents(self) -> list[DocumentSummary]: ...

    def load(self, document_id: int) -> Document: ...

    def tags(self) -> list[Tag]: ...

    def annotations(self, document_id: int | None = None) -> list[Annotation]: ...

    def coded_segments(self, *args, **kwargs) -> list[CodedSegment]: ...

    def tag_frequencies(self, *, descendants: bool = False) -> TagFrequencies: ...

    def export_w3c(self, *, creator: str | None = None) -> dict: ...


FORMATS: dict[str, str] = {
    "csv": "CSV table of coded segments (.csv)",
    "xlsx": "Excel workbook: coded segments, tag frequencies, codebook (.xlsx)",
    "qdpx": "REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder (.qdpx)",
    "qdc": "REFI-QDA codebook (.qdc)",
    "w3c": "W3C Web Annotations, JSON-LD (.jsonld)",
    "md": "Report: article and comments with highlighted passages (.md)",
    "html": "Report as a web page (.html)",
}
SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "qdpx": ".qdpx", "qdc": ".qdc", "w3c": ".jsonld",
            "md": ".md", "html": ".html"}  # fmt: skip
# Formats that can be limited to one document.
PER_DOCUMENT = frozenset({"csv", "xlsx", "qdpx", "w3c", "md", "html"})

Progress = Callable[[int, int], bool]


class ExportError(ProjectError):
    """An export that cannot be made (the message says why, for the user)."""


class ExportCancelled(ExportError):
    """The progress callback asked to stop; nothing was written."""


def export_rows(segments: Sequence[CodedSegment], path: Path, fmt: str = "csv") -> None:
    """Write coded segments as they are (the rows a retrieval view shows, in its order)
    as ``csv`` or ``xlsx`` (one sheet), atomically."""
    try:
        if fmt == "csv":
            csv_export.write_csv(Path(path), segments)
        elif fmt == "xlsx":
            xlsx_export.write_xlsx(Path(path), segments)
        else:
            raise ExportError(f"Rows are exported as csv or xlsx, not {fmt!r}.")
    except OSError as error:
        reason = error.strerror or error
        raise ExportError(f"{Path(path).name} cannot be written ({reason}).") from error


def export(
    project: ExportSource,
    fmt: str,
    path: Path,
    *,
    document_id: int | None = None,
    creator: str | None = None,
    progress: Progress | None = None,
    crlf: bool = False,
) -> ExportResult:
    """Write ``project`` (or one document of it) to ``path`` in format ``fmt``.
    ``crlf`` (qdpx): sources with CRLF line ends, positions counting them (MAXQDA)."""
    if fmt not in FORMATS:
        raise ExportError(f"Reader cannot export to {fmt!r}; it knows {', '.join(FORMATS)}.")
    if document_id is not None and fmt not in PER_DOCUMENT:
        raise ExportError(f"A {fmt} export is of the whole project.")
    path = Path(path)
    summaries = project.documents()
    if document_id is not None:
        summaries = [s for s in summaries if s.id == document_id]
        if not summaries:
            raise ExportError(f"There is no document {document_id} in the project.")
    try:
        return _export(project, fmt, path, summaries, document_id, creator, progress, crlf)
    except (Cancelled, refi.Cancelled) as error:
        raise ExportCancelled("The export was cancelled; nothing was written.") from error
    except OSError as error:
        raise ExportError(f"{path.name} cannot be written ({error.strerror or error}).") from error


def _export(project, fmt, path, summaries, document_id, creator, progress, crlf) -> ExportResult:
    count = len(summaries)
    if fmt in ("csv", "xlsx"):
        segments = project.coded_segments(untagged=True, document_id=document_id, progress=progress)
        properties = {s.source_path: described(project.load(s.id)) for s in summaries}
        if fmt == "csv":
            csv_export.write_csv(path, segments, properties)
        else:
            ids = {s.id for s in summaries}
            frequencies = project.tag_frequencies()
            keep = [i for i, d in enumerate(frequencies.documents) if d in ids]
            frequencies = type(frequencies)(
                frequencies.tags,
                tuple(frequencies.documents[i] for i in keep),
                tuple(frequencies.counts[i] for i in keep),
                tuple(sum(frequencies.counts[i][j] for i in keep)
                      for j in range(len(frequencies.tags))),
                tuple(sum(1 for i in keep if frequencies.counts[i][j])
                      for j in range(len(frequencies.tags))),
            )  # fmt: skip
            xlsx_export.write_xlsx(
                path, segments, frequencies, project.tags(), summaries, properties
            )
        return ExportResult(path, fmt, count, len(segments))
    if fmt == "qdc":
        tags = project.tags()
        if not tags:
            raise ExportError("The codebook is empty: there is no tag to export.")
        refi.write_qdc(path, tags)
        return ExportResult(path, fmt, 0, len(tags))
    if fmt == "qdpx":
        from reader.store.annotations import now_iso

        written = refi.write_qdpx(
            path, project.path.stem, project.tags(), summaries, project.load,
            project.annotations, user=creator or "Reader user", created=now_iso(),
            progress=progress, crlf=crlf,
        )  # fmt: skip
        left = ()
        if written.orphans_left_out:
            left = (
                f"{written.orphans_left_out} passages not found again after their document "
                "changed (REFI-QDA needs a place for each)",
            )
        return ExportResult(path, fmt, count, written.selections, left)
    if fmt == "w3c":
        from reader.store.w3c import dumps, page_id

        if progress is not None and progress(0, 1) is False:
            raise Cancelled
        page = project.export_w3c(creator=creator)
        if document_id is not None:
            wanted = Path(summaries[0].source_path).as_uri()
            page["items"] = [i for i in page["items"] if i["target"]["source"] == wanted]
            page["id"] = page_id(page["items"])
        write_text_atomically(path, dumps(page))
        if progress is not None:
            progress(1, 1)
        return ExportResult(path, fmt, count, len(page["items"]))
    items = report.gather(summaries, project.load, project.annotations, progress, Cancelled)
    title = items[0].summary.title if len(items) == 1 else project.path.stem
    tags = project.tags()
    if fmt == "md":
        text = report.markdown_report(title, items, tags)
    else:
        text = report.html_report(title, items, tags)
    write_text_atomically(path, text)
    if progress is not None:
        progress(count, count)
    return ExportResult(path, fmt, count, sum(len(i.annotations) for i in items))
