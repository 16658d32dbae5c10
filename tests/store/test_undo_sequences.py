"""Any sequence of codebook and annotation changes, undone in reverse order through the
inverses the store returns, gives back exactly what the user had (as a QUndoStack does)."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from reader.store.project import CodebookError, Project
from tests.store.conftest import snapshot


def _positions_are_contiguous(project: Project) -> None:
    siblings: dict[str | None, list[int]] = {}
    for t in project.tags():
        siblings.setdefault(t.parent, []).append(t.position)
    for positions in siblings.values():
        assert sorted(positions) == list(range(len(positions)))


def _random_step(project: Project, rng: random.Random, doc_id: int, length: int):
    """Do one random change; return the function that undoes it (None if refused)."""
    tags = project.tags()
    anns = project.annotations()
    pick = rng.choice
    kind = pick(
        ["add_tag", "add_tag", "rename", "recolour", "move", "delete_tag", "merge",
         "annotate", "annotate", "delete_annotation", "note", "tag_on", "tag_off"]
    )  # fmt: skip
    try:
        if kind == "add_tag":
            parent = pick([None, *[t.id for t in tags]])
            t = project.add_tag(f"T{rng.randrange(1000)}", parent=parent,
                                position=rng.randrange(4))  # fmt: skip
            return lambda: project.delete_tag(t.id)
        if kind == "annotate":
            start = rng.randrange(length - 40)
            chosen = rng.sample([t.id for t in tags], k=min(len(tags), rng.randrange(3)))
            a = project.add_annotation(doc_id, start, start + rng.randint(1, 40), chosen)
            return lambda: project.delete_annotation(a.id)
        if not tags:
            return None
        t = pick(tags)
        if kind == "rename":
            old = project.rename_tag(t.id, f"R{rng.randrange(1000)}")
            return lambda: project.rename_tag(t.id, old)
        if kind == "recolour":
            old = project.recolour_tag(t.id, f"#{rng.randrange(0x1000000):06x}")
            return lambda: project.recolour_tag(t.id, old)
        if kind == "move":
            parent = pick([None, *[x.id for x in tags]])
            previous = project.move_tag(t.id, parent, rng.randrange(5))
            return lambda: project.move_tag(t.id, *previous)
        if kind == "delete_tag":
            record = project.delete_tag(t.id)
            return lambda: project.restore_tag(record)
        if kind == "merge":
            other = pick(tags)
            merged = project.merge_tags(t.id, other.id)
            return lambda: project.unmerge_tags(merged)
        if not anns:
            return None
        a = pick(anns)
        if kind == "delete_annotation":
            record = project.delete_annotation(a.id)
            return lambda: project.restore_annotation(record)
        if kind == "note":
            old = project.set_note(a.id, f"note {rng.randrange(1000)}")
            return lambda: project.set_note(a.id, old)
        if kind == "tag_on":
            if project.add_tag_to_annotation(a.id, t.id):
                return lambda: project.remove_tag_from_annotation(a.id, t.id)
            return None
        if kind == "tag_off":
            position = project.remove_tag_from_annotation(a.id, t.id)
            if position is None:
                return None
            return lambda: project.add_tag_to_annotation(a.id, t.id, position=position)
    except CodebookError:
        return None  # refused (a tag under itself, merged into itself): nothing changed
    raise AssertionError(kind)


def _visible(project: Project) -> tuple:
    """What the user sees; note and tag edits move ``modified``, which undo cannot
    take back, so it is left out."""
    tags, anns, usage = snapshot(project)
    return tags, [a.__class__(*[*_fields(a)[:10], "", *_fields(a)[11:]]) for a in anns], usage


def _fields(a) -> list:
    return [getattr(a, f) for f in a.__slots__]


@pytest.mark.parametrize("seed", range(12))
def test_random_changes_undone_in_reverse_restore_everything(seeded, seed):
    rng = random.Random(seed)
    doc_id = seeded.documents()[1].id
    length = len(seeded.load(doc_id).text)
    for i in range(3):
        seeded.add_tag(f"Base {i}")
    start = _visible(seeded)
    undo: list[Callable[[], object]] = []
    states = [start]
    for _ in range(25):
        inverse = _random_step(seeded, rng, doc_id, length)
        if inverse is not None:
            undo.append(inverse)
            states.append(_visible(seeded))
            _positions_are_contiguous(seeded)
    assert len(undo) > 5
    for inverse in reversed(undo):
        states.pop()
        inverse()
        assert _visible(seeded) == states[-1]
    assert _visible(seeded) == start
