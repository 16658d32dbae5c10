"""Each annotation's tags kept on its own row (``annotations.tag_list``, by triggers on
both engines): whatever a user does to tags and annotations, and undoes, the list on the
row is the tags the annotation has, in their order, and the light read a document opens
with (``annotation_marks``) says what the whole records say."""

from __future__ import annotations

import random
import sqlite3

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.records import TAG_SEPARATOR, AnnotationMark
from reader.store.postgres import schema as pg_schema
from reader.store.postgres.project import SharedProject
from reader.store.project import Project
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.store.conftest import sqlite_only
from tests.store.test_undo_sequences import _random_step

# The schema version a file had before the tags came onto the annotation's row.
_BEFORE_TAG_LIST = next(i for i, step in enumerate(MIGRATIONS) if "ADD COLUMN tag_list" in step)


def _assert_tag_lists_true(project: Project) -> None:
    conn = project._conn  # the tables themselves: the triggers' work is the point
    links: dict[str, list[str]] = {}
    for annotation_id, tag_id in conn.execute(
        "SELECT annotation_id, tag_id FROM annotation_tags ORDER BY annotation_id, position"
    ).fetchall():
        links.setdefault(annotation_id, []).append(tag_id)
    rows = dict(conn.execute("SELECT id, tag_list FROM annotations").fetchall())
    assert rows == {i: TAG_SEPARATOR.join(links.get(i, ())) for i in rows}
    for summary in project.documents():
        whole = project.annotations(summary.id)
        assert [a.tags for a in whole] == [tuple(links.get(a.id, ())) for a in whole]
        marks = sorted(project.annotation_marks(summary.id))
        assert marks == sorted(AnnotationMark.of(a) for a in whole)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), steps=st.integers(5, 30))
def test_the_tag_list_is_the_annotations_tags_after_any_changes_and_undos(seeded, seed, steps):
    # Tagging, untagging at a position, deleting and merging tags (their links go or
    # move), deleting and restoring annotations; then every change undone in reverse.
    rng = random.Random(seed)
    doc_id = seeded.documents()[1].id
    length = len(seeded.load(doc_id).text)
    if len(seeded.tags()) < 3:
        for i in range(3):
            seeded.add_tag(f"Base {i}")
    undo = []
    for _ in range(steps):
        inverse = _random_step(seeded, rng, doc_id, length)
        if inverse is not None:
            undo.append(inverse)
        _assert_tag_lists_true(seeded)
    for inverse in reversed(undo):
        inverse()
        _assert_tag_lists_true(seeded)


def test_marks_carry_what_a_highlight_needs(project, seeds):
    [outcome] = project.import_files(seeds[:1])
    doc_id = outcome.document_id
    claim, source = project.add_tag("Claim"), project.add_tag("Source")
    made = project.add_annotation(doc_id, 5, 25, [source.id, claim.id], note="why")
    bare = project.add_annotation(doc_id, 40, 50)
    marks = {m.id: m for m in project.annotation_marks(doc_id)}
    assert marks[made.id].tags == (source.id, claim.id)  # in their order
    assert marks[made.id].first_tag == source.id
    assert (marks[made.id].start, marks[made.id].end, marks[made.id].note) == (5, 25, "why")
    assert marks[bare.id].tags == () and marks[bare.id].first_tag is None
    assert project.annotations_by_ids([bare.id, "gone", made.id]) == [made, bare]
    project.remove_tag_from_annotation(made.id, source.id)
    project.add_tag_to_annotation(made.id, source.id, position=1)
    assert project.annotation(made.id).tags == (claim.id, source.id)
    assert {m.id: m for m in project.annotation_marks(doc_id)}[made.id].tags == (
        claim.id, source.id,
    )  # fmt: skip
    project.delete_annotation(made.id)  # its links go with it, and nothing else
    assert [m.id for m in project.annotation_marks(doc_id)] == [bare.id]


@sqlite_only  # an old file migrated
def test_an_older_project_gets_its_tag_lists_when_opened(open_project, tmp_path, seeds):
    with open_project() as p:
        p.import_files(seeds[:1])
        doc_id = p.documents()[0].id
        claim, source = p.add_tag("Claim"), p.add_tag("Source")
        two = p.add_annotation(doc_id, 0, 10, [claim.id, source.id])
        p.remove_tag_from_annotation(two.id, claim.id)
        p.add_tag_to_annotation(two.id, claim.id)  # now Source, Claim
        none = p.add_annotation(doc_id, 20, 30, note="only a note")
    # Make the file what the version before wrote: no column, no triggers.
    conn = sqlite3.connect(tmp_path / "p.reader")
    for trigger in ("ai", "ad", "au"):
        conn.execute(f"DROP TRIGGER annotation_tag_list_{trigger}")
    conn.execute("ALTER TABLE annotations DROP COLUMN tag_list")
    conn.execute(f"PRAGMA user_version = {_BEFORE_TAG_LIST}")
    conn.commit()
    conn.close()
    with open_project() as p:
        assert p._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        marks = {m.id: m for m in p.annotation_marks(doc_id)}
        assert marks[two.id].tags == (source.id, claim.id)
        assert marks[none.id].tags == ()
        assert p.annotation(two.id).tags == (source.id, claim.id)
        p.add_tag_to_annotation(none.id, claim.id)  # and the triggers keep it from now on
        assert {m.id: m for m in p.annotation_marks(doc_id)}[none.id].tags == (claim.id,)


def test_a_shared_project_gets_its_tag_lists_from_the_migration(pg_url, seeds):
    with SharedProject.open(pg_url, create=True) as p:
        p.import_files(seeds[:1])
        doc_id = p.documents()[0].id
        claim, source = p.add_tag("Claim"), p.add_tag("Source")
        made = p.add_annotation(doc_id, 0, 10, [source.id, claim.id])
    # The database as the version before left it, then the migration run on it.
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TRIGGER annotation_tag_list ON annotation_tags")
        conn.execute("DROP FUNCTION reader_tag_list()")
        conn.execute("ALTER TABLE annotations DROP COLUMN tag_list")
        with conn.transaction():
            conn.execute(pg_schema.MIGRATIONS[_BEFORE_TAG_LIST])
    with SharedProject.open(pg_url) as p:
        [mark] = p.annotation_marks(doc_id)
        assert mark.tags == (source.id, claim.id)
        p.remove_tag_from_annotation(made.id, source.id)
        assert p.annotation_marks(doc_id)[0].tags == (claim.id,)


def test_merging_deleting_and_restoring_tags_keep_the_lists(project, seeds):
    [outcome] = project.import_files(seeds[:1])
    doc_id = outcome.document_id
    claim, source, fear = (project.add_tag(n) for n in ("Claim", "Source", "Fear"))
    a = project.add_annotation(doc_id, 0, 10, [claim.id, source.id])
    b = project.add_annotation(doc_id, 20, 30, [fear.id, claim.id])

    def tags_of() -> dict[str, tuple[str, ...]]:
        return {m.id: m.tags for m in project.annotation_marks(doc_id)}

    merged = project.merge_tags(source.id, fear.id)  # a's Source becomes Fear in its place
    assert tags_of() == {a.id: (claim.id, fear.id), b.id: (fear.id, claim.id)}
    project.unmerge_tags(merged)
    assert tags_of() == {a.id: (claim.id, source.id), b.id: (fear.id, claim.id)}
    merged = project.merge_tags(claim.id, fear.id)  # b had Fear already: its Claim goes
    assert tags_of() == {a.id: (fear.id, source.id), b.id: (fear.id,)}
    project.unmerge_tags(merged)
    assert tags_of() == {a.id: (claim.id, source.id), b.id: (fear.id, claim.id)}
    deleted = project.delete_tag(claim.id)
    assert tags_of() == {a.id: (source.id,), b.id: (fear.id,)}
    project.restore_tag(deleted)
    assert tags_of() == {a.id: (claim.id, source.id), b.id: (fear.id, claim.id)}
    _assert_tag_lists_true(project)
