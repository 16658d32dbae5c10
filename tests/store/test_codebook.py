from __future__ import annotations

import pytest

from reader.core.palette import PALETTE
from reader.store.project import CodebookError, Project
from tests.store.conftest import snapshot


def _names(project: Project, parent: str | None = None) -> list[str]:
    return [t.name for t in project.tags() if t.parent == parent]


def test_new_tags_get_distinct_palette_colours_and_keep_their_order(project):
    a = project.add_tag("Blame")
    b = project.add_tag("Solidarity")
    c = project.add_tag("First", position=0)
    assert _names(project) == ["First", "Blame", "Solidarity"]
    assert len({a.colour, b.colour, c.colour}) == 3
    assert {a.colour, b.colour, c.colour} <= {s.light for s in PALETTE}
    assert project.tag(b.id).position == 2


def test_a_tag_needs_a_name_and_a_real_colour(project):
    with pytest.raises(CodebookError):
        project.add_tag("   ")
    t = project.add_tag("Tone", colour="#ABC")
    assert t.colour == "#aabbcc"
    with pytest.raises(CodebookError):
        project.recolour_tag(t.id, "sort of blue")
    assert project.tag(t.id).colour == "#aabbcc"


def test_rename_recolour_describe_and_their_undo(project):
    t = project.add_tag("Anger", colour="#ef9a9a")
    assert project.rename_tag(t.id, "Outrage") == "Anger"
    assert project.recolour_tag(t.id, "#90CAF9") == "#ef9a9a"
    assert project.set_tag_description(t.id, "Strong words") == ""
    assert project.tag(t.id) == t.__class__(t.id, "Outrage", "#90caf9", "Strong words", None, 0)
    project.set_tag_description(t.id, "")
    project.recolour_tag(t.id, "#ef9a9a")
    project.rename_tag(t.id, "Anger")
    assert project.tag(t.id) == t


def test_moving_a_tag_and_moving_it_back_restores_every_place(project):
    emotions = project.add_tag("Emotions")
    fear = project.add_tag("Fear", parent=emotions.id)
    hope = project.add_tag("Hope", parent=emotions.id)
    claims = project.add_tag("Claims")
    facts = project.add_tag("Facts", parent=claims.id)
    before = project.tags()
    previous = project.move_tag(fear.id, claims.id, 0)
    assert previous == (emotions.id, 0)
    assert _names(project, claims.id) == ["Fear", "Facts"]
    assert _names(project, emotions.id) == ["Hope"]
    assert [t.position for t in project.tags() if t.parent == claims.id] == [0, 1]
    project.move_tag(fear.id, *previous)
    assert project.tags() == before
    # Within the same parent, to the end and back.
    previous = project.move_tag(fear.id, emotions.id, 99)
    assert _names(project, emotions.id) == ["Hope", "Fear"]
    project.move_tag(fear.id, *previous)
    assert project.tags() == before
    assert [t.name for t in project.tags()] == ["Emotions", "Fear", "Hope", "Claims", "Facts"]
    assert hope.parent == emotions.id and facts.parent == claims.id


def test_a_tag_cannot_move_under_itself(project):
    top = project.add_tag("Top")
    mid = project.add_tag("Mid", parent=top.id)
    before = project.tags()
    for parent in (top.id, mid.id):
        with pytest.raises(CodebookError, match="under itself"):
            project.move_tag(top.id, parent, 0)
    assert project.tags() == before


def _tag_some(project: Project) -> dict[str, object]:
    doc = project.documents()[1]
    text = project.load(doc.id).text
    emotions = project.add_tag("Emotions")
    fear = project.add_tag("Fear", parent=emotions.id)
    dread = project.add_tag("Dread", parent=fear.id)
    hope = project.add_tag("Hope")
    start = text.index("Artsakh")
    only_fear = project.add_annotation(doc.id, start, start + 7, [fear.id])
    noted = project.add_annotation(doc.id, start + 20, start + 40, [dread.id], note="keep me")
    both = project.add_annotation(doc.id, start + 50, start + 60, [hope.id, fear.id])
    return locals()


def test_deleting_a_tag_takes_its_subtags_and_undo_brings_all_back(seeded):
    t = _tag_some(seeded)
    before = snapshot(seeded)
    assert len(seeded.annotations_with_tag(t["fear"].id, descendants=True)) == 3
    record = seeded.delete_tag(t["fear"].id)
    assert [x.name for x in seeded.tags()] == ["Emotions", "Hope"]
    remaining = {a.id: a for a in seeded.annotations()}
    # The annotation tagged only "Fear" had nothing left: it went; the noted one stays.
    assert t["only_fear"].id not in remaining
    assert remaining[t["noted"].id].tags == () and remaining[t["noted"].id].note == "keep me"
    assert remaining[t["both"].id].tags == (t["hope"].id,)
    seeded.restore_tag(record)
    assert snapshot(seeded) == before


def test_merging_moves_annotations_and_subtags_and_unmerge_restores_them(seeded):
    t = _tag_some(seeded)
    before = snapshot(seeded)
    record = seeded.merge_tags(t["fear"].id, t["hope"].id)
    assert [x.name for x in seeded.tags()] == ["Emotions", "Hope", "Dread"]
    assert seeded.tag(t["dread"].id).parent == t["hope"].id
    by_id = {a.id: a for a in seeded.annotations()}
    assert by_id[t["only_fear"].id].tags == (t["hope"].id,)
    assert by_id[t["both"].id].tags == (t["hope"].id,)
    usage = seeded.tag_usage()
    assert t["fear"].id not in usage and usage[t["hope"].id] == 2
    seeded.unmerge_tags(record)
    assert snapshot(seeded) == before


def test_a_tag_cannot_be_merged_into_itself_or_its_subtag(seeded):
    t = _tag_some(seeded)
    before = snapshot(seeded)
    with pytest.raises(CodebookError):
        seeded.merge_tags(t["fear"].id, t["fear"].id)
    with pytest.raises(CodebookError):
        seeded.merge_tags(t["emotions"].id, t["dread"].id)
    assert snapshot(seeded) == before


def test_undo_of_adding_a_tag_and_redo_with_the_same_id(project):
    first = project.add_tag("First")
    t = project.add_tag("Second", position=0)
    project.delete_tag(t.id)
    assert project.tags() == [first]
    again = project.add_tag(t.name, colour=t.colour, tag_id=t.id, position=t.position)
    assert again == t
    assert [x.name for x in project.tags()] == ["Second", "First"]


def test_counts_by_coder_are_the_whole_records_counted(seeded):
    """The codebook's counts under a coder filter (counted by the store) equal the
    annotations' whole records counted one by one, for random coding by three coders."""
    import itertools
    import random

    rng = random.Random(20261204)
    tags = [seeded.add_tag(name) for name in ("Claim", "Fear", "Hope", "Irony", "Unused")]
    coders = ("Ada", "Ben", "Chloé")
    documents = [(s.id, len(seeded.load(s.id).text)) for s in seeded.documents()]
    for _ in range(120):
        doc_id, length = rng.choice(documents)
        start = rng.randrange(length - 1)
        chosen = rng.sample(tags[:4], rng.randint(0, 3))
        seeded.add_annotation(doc_id, start, min(length, start + rng.randint(1, 40)),
                              [t.id for t in chosen], coder=rng.choice(coders))  # fmt: skip
    records = seeded.annotations()
    for n in range(len(coders) + 1):
        for shown in itertools.combinations((*coders, "Nobody"), n):
            expected = {t.id: 0 for t in seeded.tags()}
            for a in records:
                if a.coder in shown:
                    for tag_id in a.tags:
                        expected[tag_id] += 1
            assert seeded.tag_usage(frozenset(shown)) == expected
    assert seeded.tag_usage(coders) == seeded.tag_usage()
    assert seeded.tag_usage(frozenset()) == dict.fromkeys(expected, 0)
    assert seeded.tag_usage()[tags[-1].id] == 0
