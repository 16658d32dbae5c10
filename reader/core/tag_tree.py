"""The codebook as a tree: each tag's path from the top ("Claims / Casualties"), and the
tags below one. Tags are ``reader.core.records.Tag`` in codebook order."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.records import Tag

PATH_SEPARATOR = " / "


def tag_paths(tags: Sequence[Tag]) -> dict[str, str]:
    """Each tag's names from the top of the codebook down, joined by " / "."""
    by_id = {t.id: t for t in tags}
    paths: dict[str, str] = {}
    for tag in tags:
        names, seen, current = [], set(), tag
        while current is not None and current.id not in seen:
            seen.add(current.id)
            names.append(current.name)
            current = by_id.get(current.parent) if current.parent else None
        paths[tag.id] = PATH_SEPARATOR.join(reversed(names))
    return paths


def below(tags: Sequence[Tag], tag_id: str) -> list[str]:
    """``tag_id`` and the ids of every tag below it."""
    children: dict[str | None, list[str]] = {}
    for t in tags:
        children.setdefault(t.parent, []).append(t.id)
    found, stack = [], [tag_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.append(current)
            stack += children.get(current, [])
    return found
