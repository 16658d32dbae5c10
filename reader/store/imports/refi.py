"""A REFI-QDA project (``.qdpx``) into a Reader project: its text sources as documents,
its codes into the codebook, its codings as annotations on the same characters.

Called by ``Project.import_files`` for a ``.qdpx`` (``reader import``, File › Import ›
REFI-QDA Project…) and by ``reader import-annotations`` (``into_existing``: the codings
go onto documents already in the project, found by their source path or their text).

* Codes keep their hierarchy, colour and description; a code whose guid is a tag's id
  is that tag, a code named as a tag under the same parent is that tag (so importing
  twice, or a codebook that grew, does not double the codebook: ``imports.codebook``).
* A coding (``PlainTextSelection``) becomes an annotation with the selection's guid as
  its id (already there: left alone), its codes as tags, its description and the notes
  it refers to as its note. Positions are mapped onto the normalised text (CRLF counted
  as one or two, as the quotes of all the file's sources show: ``formats.qdpx.line_ends``).
* ``<Users>``: a coding's ``creatingUser`` becomes its annotation's coder (by the user's
  name); a coding without one is the importing coder's.
* A note on a passage (QualCoder's annotations: a ``Note`` holding a
  ``PlainTextSelection``, referred to by its source's ``NoteRef``) becomes an annotation
  without tags on that passage, the note as its note, its user as its coder; one that no
  source refers to is listed as failed (it cannot be placed).
* Variables are kept as document metadata; a source's memo (the notes it refers to) as
  its "Memo", its description as "Description".
* A source Reader exported names its original file ("Source path"): when that file is
  still there with the same text, the document is taken as read from it (a saved page's
  thread, a dataset's comments), so the round trip gives back the same structure.
* Sources that are not text (PDF, pictures, audio) and their codings are listed as
  failed, with the reason; the rest comes in.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.formats import Item, ReadOptions
from reader.core.formats.qdpx import (
    QdaCode,
    QdaSource,
    line_ends,
    read_project,
    source_as_document,
    source_document,
    why_not_text,
)
from reader.core.textio import UnreadableFile
from reader.store import annotations, coders, documents
from reader.store.documents import ImportOutcome
from reader.store.imports.codebook import tags_for_codes


@dataclass(slots=True)
class RefiImported:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    tags_created: int = 0
    annotations_added: int = 0
    annotations_present: int = 0


def _tags(conn: sqlite3.Connection, codes: tuple[QdaCode, ...], result: RefiImported) -> dict:
    """Code guid → tag id, creating the tags that are missing (``imports.codebook``)."""
    created: list = []
    found = tags_for_codes(conn, codes, created)
    result.tags_created += len(created)
    return found


def _original(source: QdaSource, text: str):
    """The document as Reader read it from its original file, when the source names one
    (Reader's own exports do: "Source path") that is still there with the same text: a
    saved page's or a dataset's thread then comes back as it was, not parsed again from
    the plain text. None otherwise."""
    from reader.core import formats

    wanted = next((v for k, v in source.variables if k == "Source path"), "")
    file, _, key = wanted.partition("#")
    if not file or not Path(file).is_file():
        return None
    try:
        for found in formats.read_source(Path(file)):
            if isinstance(found, Item) and found.key == key and found.document.text == text:
                return found.document
    except (formats.UnreadableFile, OSError):
        return None
    return None


def _existing_document(conn: sqlite3.Connection, source: QdaSource, text: str) -> int | None:
    wanted = {v for k, v in source.variables if k == "Source path"} | {source.description}
    for path in filter(None, wanted):
        row = conn.execute("SELECT id FROM documents WHERE source_path = ?", (path,)).fetchone()
        if row is not None:
            return row[0]
    row = conn.execute("SELECT id FROM documents WHERE text = ?", (text,)).fetchone()
    return None if row is None else row[0]


def import_qdpx(
    conn: sqlite3.Connection,
    path: Path,
    options: ReadOptions | None = None,
    *,
    into_existing: bool = False,
    coder: str = "",
) -> RefiImported:
    """Import ``path`` (see the module's notes). Never raises for a bad file: the
    outcome says why."""
    result = RefiImported()
    shown = str(path)
    try:
        project = read_project(path)
    except UnreadableFile as error:
        result.outcomes.append(ImportOutcome(shown, "failed", str(error), None))
        return result
    tags = _tags(conn, project.codes, result)
    counted = line_ends(project)  # one way for the whole file (``qdpx.line_ends``)
    resolved = str(path.resolve())
    for index, source in enumerate(project.sources):
        if (
            options is not None
            and options.progress is not None
            and not options.progress(index, f"{index} of {len(project.sources)} sources")
        ):
            break
        problem = why_not_text(source)
        if problem:
            result.outcomes.append(ImportOutcome(shown, "failed", problem, None, item=source.name))
            continue
        text, place = source_document(source, project.origin, counted)
        if into_existing:
            doc_id = _existing_document(conn, source, text)
            if doc_id is None:
                result.outcomes.append(ImportOutcome(
                    shown, "failed", "no document in the project has this source's text",
                    None, item=source.name,
                ))  # fmt: skip
                continue
            outcome = ImportOutcome(shown, "unchanged", None, doc_id, item=source.name)
        else:
            doc = _original(source, text) or source_as_document(source, text)
            item = Item(source.guid, doc, kept=True, label=source.name)
            outcome = documents.store_item(
                conn, shown, f"{resolved}#{source.guid}", path, item, "qdpx"
            )
        result.outcomes.append(outcome)
        if outcome.document_id is None:
            continue
        loaded, _digest = documents.load(conn, outcome.document_id)
        left = _codings(conn, loaded, outcome.document_id, source, place, tags, coder, result)
        if left:
            result.outcomes.append(ImportOutcome(
                shown, "failed", "; ".join(left[:5]) + (" …" if len(left) > 5 else ""),
                None, item=f"{source.name} (codings)",
            ))  # fmt: skip
    for why in project.unplaced_notes:
        label, _, reason = why.rpartition(": ")
        result.outcomes.append(ImportOutcome(shown, "failed", reason, None, item=label))
    if not project.sources:
        if project.codes:
            n = result.tags_created
            result.outcomes.append(ImportOutcome(
                shown, "imported", None, None,
                item=f"codebook only: {n} new code{'' if n == 1 else 's'}, no sources",
            ))  # fmt: skip
        else:
            result.outcomes.append(
                ImportOutcome(shown, "failed", "it holds no sources and no codes", None)
            )
    return result


def _codings(conn, doc, doc_id, source, place, tags, coder, result) -> list[str]:
    """Add the source's codings as annotations; returns why some could not be placed."""
    left: list[str] = []
    present = {a.id for a in annotations.of_document(conn, doc_id)}
    for sel in source.selections:
        start, end = place(sel.start), place(sel.end)
        if not 0 <= start < end <= len(doc.text):
            left.append(
                f"passage {sel.name or sel.guid!r} at {sel.start}–{sel.end} is outside the text"
            )
            continue
        if sel.guid and sel.guid in present:
            result.annotations_present += 1
            continue
        tag_ids = [tags[c] for c in sel.codes if c in tags]
        who = coders.tidy(sel.user) or coder
        try:
            annotations.add(conn, doc, doc_id, start, end, tag_ids, sel.note,
                            annotation_id=sel.guid or None, coder=who)  # fmt: skip
        except (ValueError, sqlite3.IntegrityError) as error:
            left.append(f"passage {sel.name or sel.guid!r}: {error}")
            continue
        result.annotations_added += 1
    return left
