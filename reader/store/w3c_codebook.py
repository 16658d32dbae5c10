"""Reader's codebook in a W3C Web Annotation file: written on the page as ``reader:codebook``
(terms of Reader's own context, which a W3C reader ignores), read back on import.

Each tag, depth-first: ``id`` ``urn:uuid:<tag id>``, ``type`` ``reader:Tag``,
``reader:name``, ``reader:colour`` (``#rrggbb``), ``reader:description`` when there is one,
``reader:parent`` (the parent's ``urn:uuid:``) when it has one. :func:`import_codebook`
brings a file's codebook into a project: a tag already there (same id, or same name under
the same parent) is used as it is, any other is created with its id, name, colour,
description and place in the tree. :func:`create_tag` makes a tag the importer needs.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

from reader.core.palette import next_colour, parse_colour
from reader.store.records import Tag

CODEBOOK = "reader:codebook"


def _urn(value: str) -> str:
    return f"urn:uuid:{value}"


def codebook_entry(tag: Tag) -> dict[str, Any]:
    """One tag as an entry of ``reader:codebook``."""
    entry: dict[str, Any] = {
        "id": _urn(tag.id),
        "type": "reader:Tag",
        "reader:name": tag.name,
        "reader:colour": tag.colour,
    }
    if tag.description:
        entry["reader:description"] = tag.description
    if tag.parent:
        entry["reader:parent"] = _urn(tag.parent)
    return entry


def as_list(value: Any) -> list:
    """A JSON-LD value that may be one item or a list, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def uuid_from(value: Any) -> str | None:
    """The uuid an id stands for: ``urn:uuid:…`` or a bare uuid as it is, any other id
    as a uuid derived from it (always the same); None for no id."""
    if not isinstance(value, str) or not value:
        return None
    text = value.removeprefix("urn:uuid:")
    try:
        return str(uuid.UUID(text))
    except ValueError:
        # A foreign id (a Hypothesis URL, say): the same id always gives the same uuid.
        return str(uuid.uuid5(uuid.NAMESPACE_URL, value))


def _codebooks(data: Any) -> list[dict]:
    """The ``reader:codebook`` entries of a page, or of the pages in a collection or list."""
    found: list[dict] = []
    if isinstance(data, list):
        for entry in data:
            found += _codebooks(entry)
    elif isinstance(data, dict):
        found += [e for e in as_list(data.get(CODEBOOK)) if isinstance(e, dict)]
        for key in ("first", "next"):
            if isinstance(data.get(key), dict | list):
                found += _codebooks(data[key])
    return found


def import_codebook(
    conn: sqlite3.Connection, data: Any, by_id: dict[str, Tag], by_name: dict[str, Tag]
) -> dict[str, str]:
    """Bring in the tags of the file's codebook (parents come before children in it);
    returns each of the file's tag ids with the project's tag it stands for."""
    mapped: dict[str, str] = {}  # the file's tag id -> the project's
    for entry in _codebooks(data):
        ident = uuid_from(entry.get("id") or entry.get("@id"))
        name = entry.get("reader:name")
        if ident is None or not isinstance(name, str):
            continue
        parent_ref = uuid_from(entry.get("reader:parent"))
        parent = mapped.get(parent_ref) if parent_ref else None
        if ident in by_id:
            mapped[ident] = ident
            continue
        same = [
            t for t in by_id.values()
            if t.parent == parent and t.name.casefold() == " ".join(name.split()).casefold()
        ]  # fmt: skip
        if same:
            mapped[ident] = same[0].id
            continue
        colour = entry.get("reader:colour")
        description = entry.get("reader:description")
        tag = create_tag(
            conn, ident, name, by_id, parent=parent,
            colour=_colour(colour),
            description=description if isinstance(description, str) else "",
        )  # fmt: skip
        by_id[tag.id] = tag
        by_name.setdefault(tag.name.casefold(), tag)
        mapped[ident] = tag.id
    return mapped


def _colour(value: Any) -> str | None:
    try:
        return parse_colour(value) if isinstance(value, str) else None
    except ValueError:
        return None


def create_tag(
    conn: sqlite3.Connection,
    tag_id: str | None,
    name: str,
    known: dict[str, Tag],
    *,
    parent: str | None = None,
    colour: str | None = None,
    description: str = "",
) -> Tag:
    name = " ".join(name.split()) or "Untitled tag"
    if parent is None:
        position = conn.execute(
            "SELECT count(*) FROM tags WHERE parent IS NULL AND position >= 0"
        ).fetchone()[0]
    else:
        position = conn.execute(
            "SELECT count(*) FROM tags WHERE parent = ? AND position >= 0", (parent,)
        ).fetchone()[0]
    colour = colour or next_colour(t.colour for t in known.values())
    tag = Tag(tag_id or str(uuid.uuid4()), name, colour, description, parent, position)
    conn.execute(
        "INSERT INTO tags (id, name, colour, description, parent, position)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (tag.id, tag.name, tag.colour, tag.description, tag.parent, tag.position),
    )
    return tag
