"""The codebook: a tree of tags, each change one transaction that returns its undo data.

Siblings' positions are always 0..n-1; inserting opens a gap, removing closes it, so
doing a move and then the reverse move restores every sibling's place exactly.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.core.palette import next_colour, parse_colour
from reader.store import annotations
from reader.store.errors import ProjectError
from reader.store.records import DeletedTag, MergedTags, Tag, TagLink
from reader.store.schema import write

_TAG_COLUMNS = "id, name, colour, description, parent, position"


class CodebookError(ProjectError):
    """A codebook change that cannot be made (e.g. moving a tag under itself)."""


def _tag(row: tuple) -> Tag:
    return Tag(*row)


def tags(conn: sqlite3.Connection) -> list[Tag]:
    """Every tag, parents before children, siblings in order (a depth-first walk)."""
    rows = conn.execute(f"SELECT {_TAG_COLUMNS} FROM tags ORDER BY position").fetchall()
    children: dict[str | None, list[Tag]] = {}
    for row in rows:
        tag = _tag(row)
        children.setdefault(tag.parent, []).append(tag)
    ordered: list[Tag] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        tag = stack.pop()
        ordered.append(tag)
        stack.extend(reversed(children.get(tag.id, [])))
    return ordered


def tag(conn: sqlite3.Connection, tag_id: str) -> Tag:
    row = conn.execute(f"SELECT {_TAG_COLUMNS} FROM tags WHERE id = ?", (tag_id,)).fetchone()
    if row is None:
        raise KeyError(tag_id)
    return _tag(row)


def descendants(conn: sqlite3.Connection, tag_id: str) -> list[Tag]:
    """The tags below ``tag_id``, parents before children."""
    rows = conn.execute(
        f"""WITH RECURSIVE below(id, depth) AS (
                SELECT id, 1 FROM tags WHERE parent = ?
                UNION ALL SELECT t.id, b.depth + 1 FROM tags t JOIN below b ON t.parent = b.id
            )
            SELECT {", ".join("t." + c.strip() for c in _TAG_COLUMNS.split(","))}
            FROM tags t JOIN below b ON t.id = b.id ORDER BY b.depth, t.position""",
        (tag_id,),
    ).fetchall()
    return [_tag(r) for r in rows]


def usage(conn: sqlite3.Connection, coders: Iterable[str] | None = None) -> dict[str, int]:
    """Number of annotations carrying each tag directly (0 for unused tags); with
    ``coders``, only these coders' annotations are counted (counted in the database, so
    that a coder filter does not read every annotation)."""
    counts = dict.fromkeys((r[0] for r in conn.execute("SELECT id FROM tags")), 0)
    if coders is None:
        rows = conn.execute("SELECT tag_id, count(*) FROM annotation_tags GROUP BY tag_id")
    else:
        names = sorted(set(coders))
        if not names:
            return counts
        rows = conn.execute(
            "SELECT l.tag_id, count(*) FROM annotation_tags l"
            " JOIN annotations a ON a.id = l.annotation_id"
            f" WHERE a.coder IN ({','.join('?' * len(names))}) GROUP BY l.tag_id",
            names,
        )
    for tag_id, n in rows:
        counts[tag_id] = n
    return counts


def _siblings(conn: sqlite3.Connection, parent: str | None) -> int:
    """How many tags sit under ``parent`` (a tag being moved is parked at -1, not counted)."""
    return conn.execute(
        "SELECT count(*) FROM tags WHERE parent IS ? AND position >= 0", (parent,)
    ).fetchone()[0]


def _open_gap(conn: sqlite3.Connection, parent: str | None, position: int) -> int:
    position = max(0, min(position, _siblings(conn, parent)))
    conn.execute(
        "UPDATE tags SET position = position + 1 WHERE parent IS ? AND position >= ?",
        (parent, position),
    )
    return position


def _close_gap(conn: sqlite3.Connection, parent: str | None, position: int) -> None:
    conn.execute(
        "UPDATE tags SET position = position - 1 WHERE parent IS ? AND position > ?",
        (parent, position),
    )


@dataclass(frozen=True, slots=True)
class NewTag:
    """A tag to add with :func:`add_tags`."""

    name: str
    colour: str | None
    parent: str | None
    description: str
    tag_id: str


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise CodebookError("A tag needs a name.")
    return name


def add_tag(
    conn: sqlite3.Connection,
    name: str,
    *,
    colour: str | None = None,
    parent: str | None = None,
    description: str = "",
    position: int | None = None,
    tag_id: str | None = None,
) -> Tag:
    with write(conn):
        return _insert_tag(conn, name, colour, parent, description, position, tag_id)


def add_tags(conn: sqlite3.Connection, new: Sequence[NewTag]) -> list[Tag]:
    """Add many tags in one transaction (all or none), each as :func:`add_tag` adds it
    (at the end of its parent's children); a parent may be one added before it here.
    Undone by deleting them, children first."""
    with write(conn):
        used = [r[0] for r in conn.execute("SELECT colour FROM tags")]
        made = []
        for t in new:
            made.append(
                _insert_tag(conn, t.name, t.colour, t.parent, t.description, None, t.tag_id, used)
            )
            used.append(made[-1].colour)
        return made


def _insert_tag(
    conn, name, colour, parent, description, position, tag_id, used: list[str] | None = None
) -> Tag:
    """Insert one tag (inside the caller's transaction); ``used``: the colours the
    codebook has, when the caller keeps them (else read here)."""
    name = _check_name(name)
    if parent is not None:
        tag(conn, parent)
    if colour is None:
        if used is None:
            used = [r[0] for r in conn.execute("SELECT colour FROM tags")]
        colour = next_colour(used)
    colour = parse_colour(colour)
    at = _open_gap(conn, parent, _siblings(conn, parent) if position is None else position)
    new = Tag(tag_id or str(uuid.uuid4()), name, colour, description, parent, at)
    conn.execute(
        f"INSERT INTO tags ({_TAG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (new.id, new.name, new.colour, new.description, new.parent, new.position),
    )
    return new


def _set(conn: sqlite3.Connection, tag_id: str, column: str, value: str) -> str:
    with write(conn):
        row = conn.execute(f"SELECT {column} FROM tags WHERE id = ?", (tag_id,)).fetchone()
        if row is None:
            raise KeyError(tag_id)
        conn.execute(f"UPDATE tags SET {column} = ? WHERE id = ?", (value, tag_id))
    return row[0]


def rename_tag(conn: sqlite3.Connection, tag_id: str, name: str) -> str:
    return _set(conn, tag_id, "name", _check_name(name))


def recolour_tag(conn: sqlite3.Connection, tag_id: str, colour: str) -> str:
    try:
        colour = parse_colour(colour)
    except ValueError as error:
        raise CodebookError(str(error)) from error
    return _set(conn, tag_id, "colour", colour)


def set_tag_description(conn: sqlite3.Connection, tag_id: str, description: str) -> str:
    return _set(conn, tag_id, "description", description)


def move_tag(
    conn: sqlite3.Connection, tag_id: str, parent: str | None, position: int
) -> tuple[str | None, int]:
    with write(conn):
        moving = tag(conn, tag_id)
        if parent is not None:
            tag(conn, parent)
            if parent == tag_id or parent in {t.id for t in descendants(conn, tag_id)}:
                raise CodebookError(f"“{moving.name}” cannot be moved under itself.")
        _close_gap(conn, moving.parent, moving.position)
        # Park the tag out of its old sibling list before making room in the new one.
        conn.execute("UPDATE tags SET position = -1 WHERE id = ?", (tag_id,))
        at = _open_gap(conn, parent, position)
        conn.execute("UPDATE tags SET parent = ?, position = ? WHERE id = ?", (parent, at, tag_id))
    return moving.parent, moving.position


def _links(conn: sqlite3.Connection, tag_ids: list[str]) -> list[TagLink]:
    marks = ",".join("?" * len(tag_ids))
    rows = conn.execute(
        "SELECT annotation_id, tag_id, position FROM annotation_tags"
        f" WHERE tag_id IN ({marks}) ORDER BY annotation_id, position",
        tag_ids,
    ).fetchall()
    return [TagLink(*r) for r in rows]


def _insert_links(conn: sqlite3.Connection, links: list[TagLink] | tuple[TagLink, ...]) -> None:
    """Put links back where they were: per annotation in rising position, each opening
    its gap, rebuilds the original order whatever was removed."""
    for link in sorted(links, key=lambda k: (k.annotation_id, k.position)):
        annotations.insert_link(conn, link.annotation_id, link.tag_id, link.position)


def delete_tag(conn: sqlite3.Connection, tag_id: str) -> DeletedTag:
    """Delete a tag and its descendants. Annotations left with neither a tag nor a note
    are deleted too (the record keeps them, so :func:`restore_tag` brings all back)."""
    with write(conn):
        root = tag(conn, tag_id)
        removed = [root, *descendants(conn, tag_id)]
        ids = [t.id for t in removed]
        links = _links(conn, ids)
        touched = sorted({link.annotation_id for link in links})
        emptied = [
            a for a in annotations.by_ids(conn, touched) if not a.note and set(a.tags) <= set(ids)
        ]
        conn.executemany("DELETE FROM annotations WHERE id = ?", [(a.id,) for a in emptied])
        for link in sorted(links, key=lambda k: (k.annotation_id, -k.position)):
            annotations.remove_link(conn, link.annotation_id, link.tag_id)
        for t in reversed(removed):
            conn.execute("DELETE FROM tags WHERE id = ?", (t.id,))
        _close_gap(conn, root.parent, root.position)
    return DeletedTag(tuple(removed), tuple(links), tuple(emptied))


def restore_tag(conn: sqlite3.Connection, record: DeletedTag) -> None:
    """Undo :func:`delete_tag`: the tags, their places, links and annotations."""
    with write(conn):
        root = record.tags[0]
        _open_gap(conn, root.parent, root.position)
        for t in record.tags:
            conn.execute(
                f"INSERT INTO tags ({_TAG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                (t.id, t.name, t.colour, t.description, t.parent, t.position),
            )
        for a in record.annotations:
            annotations.insert(conn, a, with_tags=False)
        _insert_links(conn, record.links)


def merge_tags(conn: sqlite3.Connection, source_id: str, target_id: str) -> MergedTags:
    """Give every annotation tagged ``source`` the tag ``target``, move source's subtags
    under target (after its own), and delete source."""
    if source_id == target_id:
        raise CodebookError("A tag cannot be merged into itself.")
    with write(conn):
        source = tag(conn, source_id)
        target = tag(conn, target_id)
        if target_id in {t.id for t in descendants(conn, source_id)}:
            raise CodebookError(
                f"“{source.name}” cannot be merged into “{target.name}”, one of its own subtags."
            )
        source_links = _links(conn, [source_id])
        have_target = {link.annotation_id for link in _links(conn, [target_id])}
        # Where the annotation has no target yet, the target takes the source's place;
        # where it has, the source simply goes.
        added = [
            TagLink(link.annotation_id, target_id, link.position)
            for link in source_links
            if link.annotation_id not in have_target
        ]
        children = [
            _tag(r)
            for r in conn.execute(
                f"SELECT {_TAG_COLUMNS} FROM tags WHERE parent = ? ORDER BY position",
                (source_id,),
            )
        ]
        conn.executemany(
            "UPDATE annotation_tags SET tag_id = ? WHERE annotation_id = ? AND tag_id = ?",
            [(target_id, link.annotation_id, source_id) for link in added],
        )
        for link in source_links:
            if link.annotation_id in have_target:
                annotations.remove_link(conn, link.annotation_id, source_id)
        base = _siblings(conn, target_id)
        for i, child in enumerate(children):
            conn.execute(
                "UPDATE tags SET parent = ?, position = ? WHERE id = ?",
                (target_id, base + i, child.id),
            )
        conn.execute("DELETE FROM tags WHERE id = ?", (source_id,))
        _close_gap(conn, source.parent, source.position)
    return MergedTags(source, target_id, tuple(source_links), tuple(added), tuple(children))


def unmerge_tags(conn: sqlite3.Connection, record: MergedTags) -> None:
    """Undo :func:`merge_tags` exactly."""
    source = record.source
    with write(conn):
        _open_gap(conn, source.parent, source.position)
        conn.execute(
            f"INSERT INTO tags ({_TAG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            (
                source.id,
                source.name,
                source.colour,
                source.description,
                source.parent,
                source.position,
            ),
        )
        for child in record.children:
            conn.execute(
                "UPDATE tags SET parent = ?, position = ? WHERE id = ?",
                (source.id, child.position, child.id),
            )
        replaced = {link.annotation_id for link in record.added_links}
        conn.executemany(
            "UPDATE annotation_tags SET tag_id = ? WHERE annotation_id = ? AND tag_id = ?",
            [(source.id, annotation_id, record.target_id) for annotation_id in replaced],
        )
        _insert_links(conn, [k for k in record.source_links if k.annotation_id not in replaced])
