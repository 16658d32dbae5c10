"""Coded segments, tag frequencies and co-occurrence."""

from __future__ import annotations

import pytest

from reader.store.retrieval import Cancelled, tag_paths
from tests.store.coded import build


@pytest.fixture
def coded(tmp_path, project):
    return build(tmp_path, project)


def test_one_row_per_tag_application_with_quote_context_and_path(coded):
    p = coded.project
    rows = p.coded_segments()
    assert len(rows) == sum(len(a.tags) for a in p.annotations())
    first = rows[0]
    doc = p.load(coded.tricky)
    assert first.quote == doc.text[first.start : first.end] == "3 people died 👩‍👩‍👧"
    assert [r.tag_path for r in rows[:2]] == ["Claims / Casualty figure", "Source = official"]
    assert first.context.startswith("The ministry said 3 people died")
    assert first.context_before == "The ministry said "
    assert first.part == "article" and first.comment_id is None
    assert first.note.startswith("The ministry's count.")
    assert first.title.startswith("Shelling near Goris")


def test_rows_in_comments_name_the_comment_its_parent_and_stay_inside_it(coded):
    p = coded.project
    doc = p.load(coded.tricky)
    reply = doc.comments[1]
    [row] = [r for r in p.coded_segments() if r.quote.startswith("<script>")]
    assert (row.part, row.comment_id, row.parent_comment_id) == (
        "comment", reply.id, doc.comments[0].id,
    )  # fmt: skip
    assert row.context_before == "-5 casualties is not a number; "
    assert row.context_after == " is not one either."


def test_a_tag_with_its_descendants_and_without(coded):
    p = coded.project
    with_children = p.coded_segments(coded.claims)
    assert {r.tag_path for r in with_children} == {"Claims", "Claims / Casualty figure"}
    alone = p.coded_segments(coded.claims, descendants=False)
    assert {r.tag_path for r in alone} == {"Claims"}
    assert len(alone) == 3


def test_untagged_passages_and_orphans(coded):
    p = coded.project
    rows = p.coded_segments(untagged=True)
    [note_only] = [r for r in rows if r.tag_id is None]
    assert note_only.quote == "Goris 🚀" and note_only.note == "@ only a note"
    [orphan] = [r for r in rows if r.orphan]
    assert orphan.quote == "Negotiators met again" and orphan.document_id == coded.plain
    assert rows[-1] == orphan  # after the placed passages of its document


def test_progress_can_cancel(coded):
    with pytest.raises(Cancelled):
        coded.project.coded_segments(progress=lambda done, total: False)
    seen = []
    coded.project.coded_segments(progress=lambda d, t: seen.append((d, t)) or True)
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_frequencies_per_document_and_overall(coded):
    f = coded.project.tag_frequencies()
    assert [t.name for t in f.tags] == ["Claims", "Casualty figure", "Source = official"]
    assert f.count(coded.tricky, coded.casualty) == 2
    assert f.count(coded.plain, coded.claims) == 1
    assert f.totals == (3, 2, 3)
    assert f.spread == (2, 1, 2)
    rolled = coded.project.tag_frequencies(descendants=True)
    # the passage with both Claims and Casualty figure counts once for Claims
    assert rolled.totals == (5, 2, 3)


def test_co_occurrence_same_passage_and_overlapping(coded):
    c = coded.project.co_occurrence()
    claims, casualty, source = 0, 1, 2
    assert c.same_passage[casualty][source] == c.same_passage[source][casualty] == 1
    assert c.same_passage[claims][claims] == 3
    assert c.same_passage[claims][casualty] == 0
    # "3 people died" (casualty, source) overlaps "people died … in the shelling" (claims)
    assert c.overlapping[claims][casualty] == c.overlapping[casualty][claims] == 1
    assert c.overlapping[claims][source] == 1
    # the orphan (source) is left out of overlapping
    assert c.overlapping[source][source] == 2
    rolled = coded.project.co_occurrence(descendants=True)
    assert rolled.same_passage[claims][source] == 1


def test_tag_paths_survive_a_cycle():
    from reader.store.records import Tag

    a = Tag("a", "A", "#000000", "", "b", 0)
    b = Tag("b", "B", "#000000", "", "a", 0)
    assert tag_paths([a, b]) == {"a": "B / A", "b": "A / B"}
