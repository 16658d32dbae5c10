"""Annotations from a file onto the documents already in a project, whatever the file's
format: W3C Web Annotations (``.jsonld``/``.json``), Hypothesis's JSON export and API
search results (``.json``), Reader's coded-segments ``.csv``, a REFI-QDA project's
codings (``.qdpx``). What File › Import › Annotations… calls (``reader
import-annotations`` reads the same files).

:func:`import_annotation_file` reads the file, adds what it holds in one transaction
(``Project.import_w3c`` or ``Project.import_qdpx_annotations``) and says what happened as
an :class:`AnnotationFileImported`; a file it cannot read raises
:class:`NotAnnotationFile` with the reason and the formats it reads, having added
nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.textio import UnreadableFile
from reader.store.errors import ProjectError

if TYPE_CHECKING:
    from reader.store.project import Project

ANNOTATION_FILES = (
    "W3C Web Annotations (.jsonld, .json), Hypothesis's JSON export and API search results "
    "(.json), Reader's coded segments (.csv), a REFI-QDA project's codings (.qdpx)"
)


class NotAnnotationFile(ProjectError):
    """A file that holds no annotations Reader reads (the message says why)."""


@dataclass(frozen=True, slots=True)
class AnnotationFileImported:
    """What an import of annotations did: ``added`` annotations (``orphaned`` of them
    not found in their document's text), ``present`` already in the project, new tags,
    a sentence for each one that could not be used, and how many of those named a page
    no document matches (``unmatched``: they could go on a document the user names)."""

    added: int
    orphaned: int
    present: int
    tags_created: int
    failed: tuple[str, ...] = field(default=())
    unmatched: int = 0


def import_annotation_file(
    project: Project, path: Path, *, document: int | None = None
) -> AnnotationFileImported:
    """Add the annotations of the file at ``path`` to ``project``; ``document``: the
    document for those whose page matches none (W3C and Hypothesis files)."""
    path = Path(path)
    if path.suffix.lower() == ".qdpx":
        return _qdpx(project, path)
    from reader.store.csv_annotations import NotReaderCsv, page_from_csv
    from reader.store.w3c import NotAnnotations

    try:
        # newline="": a CR inside a csv cell (a note's line end) must stay a CR
        with path.open(encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except OSError as error:
        raise NotAnnotationFile(
            f"{path.name} cannot be read ({error.strerror or error})."
        ) from error
    except UnicodeDecodeError as error:
        raise NotAnnotationFile(
            f"{path.name} is not a text file. Reader reads {ANNOTATION_FILES}."
        ) from error
    try:
        data = page_from_csv(text) if path.suffix.lower() == ".csv" else json.loads(text)
    except NotReaderCsv as error:
        raise NotAnnotationFile(f"{path.name}: {error}") from error
    except json.JSONDecodeError as error:
        raise NotAnnotationFile(
            f"{path.name} is not a JSON file ({error}). Reader reads {ANNOTATION_FILES}."
        ) from error
    try:
        result = project.import_w3c(data, document=document)
    except NotAnnotations as error:
        raise NotAnnotationFile(f"{path.name}: {error}") from error
    # The window asks which document instead of pointing to the command line's option.
    failed = tuple(f.replace(" (name the document with --document)", "") for f in result.failed)
    return AnnotationFileImported(
        result.added, result.orphaned, result.present, result.tags_created, failed,
        result.unmatched,
    )  # fmt: skip


def _qdpx(project: Project, path: Path) -> AnnotationFileImported:
    from reader.core.formats import identify_file

    try:
        kind = identify_file(path)
    except UnreadableFile as error:
        raise NotAnnotationFile(f"{path.name} cannot be read ({error}).") from error
    if kind.reader != "qdpx":
        raise NotAnnotationFile(
            f"{path.name} is {kind.description.split(':')[0]}. Reader reads {ANNOTATION_FILES}."
        )
    result = project.import_qdpx_annotations(path)
    failed = tuple(
        f"{o.item or Path(o.path).name}: {o.reason}"
        for o in result.outcomes
        if o.status == "failed"
    )
    return AnnotationFileImported(
        result.annotations_added, 0, result.annotations_present, result.tags_created, failed
    )
