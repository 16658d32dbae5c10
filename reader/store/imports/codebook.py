"""A REFI-QDA codebook (``.qdc``) into a project's codebook, and the codes of a project
(``.qdpx``, ``imports.refi``) likewise.

:func:`tags_for_codes` is the one rule both use: a code whose guid is a tag's id is that
tag; a code named as a tag under the same parent (ignoring case and runs of spaces) is
that tag, left as it is; any other becomes a new tag with the code's guid as its id, its
colour (``#rrggbb``; none: the palette's next) and its description, under its parent.
So importing a codebook twice, or one that grew, does not double the codebook.

:func:`import_codebook` reads the file first (``formats.qdc``; a file that is not a
codebook raises ``UnreadableFile`` with the reason, nothing changed), then adds what is
new. Called by ``Project.import_codebook`` (File › Import › REFI-QDA Codebook…, as one
undoable step: ``ui.commands.codebook_import``) and by ``Project.import_files`` for a
``.qdc`` (``reader import PROJECT FILE.qdc``).
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from reader.core import formats
from reader.core.formats.qdpx import QdaCode
from reader.core.textio import UnreadableFile
from reader.store import codebook
from reader.store.documents import ImportOutcome
from reader.store.records import Tag


@dataclass(frozen=True, slots=True)
class CodebookImported:
    """What importing a codebook did: the tags made (parents first) and how many of its
    codes were tags already."""

    path: Path
    origin: str
    created: tuple[Tag, ...]
    matched: int

    def outcome(self) -> ImportOutcome:
        """The line ``reader import`` prints for it."""
        new, same = len(self.created), self.matched
        said = f"codebook: {new} new code{'' if new == 1 else 's'}"
        if same:
            said += f", {same} already in the codebook"
        return ImportOutcome(str(self.path), "imported", None, None, item=said)


def tags_for_codes(
    conn: sqlite3.Connection, codes: tuple[QdaCode, ...], created: list[Tag] | None = None
) -> dict[str, str]:
    """Code guid → tag id (see the module's notes), creating the tags that are missing
    in one transaction (all or none; appended to ``created``, parents first). ``codes``
    come parents first."""
    existing = codebook.tags(conn)
    ids = {t.id for t in existing}
    by_name = {(t.parent, t.name.casefold()): t.id for t in existing}
    found: dict[str, str] = {}
    new: list[codebook.NewTag] = []
    for code in codes:
        if code.guid and code.guid in found:
            continue  # the same guid twice in the file: the same code
        parent = found.get(code.parent) if code.parent else None
        if code.guid in ids:
            found[code.guid] = code.guid
            continue
        name = " ".join(code.name.split()) or "(unnamed)"
        same = by_name.get((parent, name.casefold()))
        if same is not None:
            found[code.guid] = same
            continue
        tag_id = code.guid or str(uuid.uuid4())
        new.append(codebook.NewTag(name, code.colour, parent, code.description, tag_id))
        ids.add(tag_id)
        by_name[(parent, name.casefold())] = tag_id
        found[code.guid] = tag_id
    made = codebook.add_tags(conn, new) if new else []
    if created is not None:
        created.extend(made)
    return found


def read_codes(path: Path) -> tuple[str, tuple[QdaCode, ...]]:
    """The origin and codes of the codebook at ``path``; UnreadableFile (what the file is
    and why it cannot come in) when it is not a codebook or is too large."""
    from reader.core.formats.qdc import read_codebook

    kind = formats.check_size(path)
    if kind.reader != "qdc":
        raise UnreadableFile(f"{kind.description}, not a REFI-QDA codebook (.qdc)")
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error
    book = read_codebook(data)
    return book.origin, book.codes


def import_codebook(conn: sqlite3.Connection, path: Path) -> CodebookImported:
    """Add the codebook at ``path`` to the project's (see the module's notes)."""
    origin, codes = read_codes(path)
    created: list[Tag] = []
    found = tags_for_codes(conn, codes, created)
    made = {t.id for t in created}
    matched = len({tag for tag in found.values() if tag not in made})
    return CodebookImported(Path(path), origin, tuple(created), matched)


def is_codebook(path: Path) -> bool:
    """A REFI-QDA codebook, by its content (and a ``.qdc`` name)."""
    try:
        return formats.identify_file(path).reader == "qdc"
    except UnreadableFile:
        return False


def import_codebook_file(conn: sqlite3.Connection, path: Path) -> ImportOutcome:
    """:func:`import_codebook` as ``reader import`` reports it: a file that is not a
    codebook is 'failed' with the reason, nothing changed."""
    try:
        return import_codebook(conn, path).outcome()
    except UnreadableFile as error:
        return ImportOutcome(str(path), "failed", str(error), None)
