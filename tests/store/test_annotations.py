from __future__ import annotations

from pathlib import Path

import pytest

from reader.store.project import Project
from tests.store.conftest import snapshot


def test_an_annotation_keeps_its_quote_context_and_part(seeded):
    summary = next(s for s in seeded.documents() if s.comment_count)
    doc = seeded.load(summary.id)
    comment = doc.comments[1]
    start = doc.text.index(comment.text[:20], comment.start)
    tag = seeded.add_tag("Quote")
    a = seeded.add_annotation(summary.id, start, start + 20, [tag.id], note="*why*")
    assert a.exact == doc.text[start : start + 20] == comment.text[:20]
    assert a.prefix == doc.text[start - 32 : start]
    assert a.suffix == doc.text[start + 20 : start + 52]
    assert a.comment_id == comment.id
    assert a.tags == (tag.id,) and a.note == "*why*" and not a.orphan
    assert a.created.endswith("Z") and a.created == a.modified
    article = doc.text.index(doc.blocks[1].text)
    b = seeded.add_annotation(summary.id, article, article + 10)
    assert b.comment_id is None
    assert seeded.annotation(a.id) == a
    assert seeded.annotations(summary.id) == sorted([a, b], key=lambda x: x.start)


def test_offsets_are_code_points_even_with_emoji(project, tmp_path):
    path = tmp_path / "emoji.txt"
    path.write_text("Title\n😀😀 e\u0301 café quoted words here.")
    [o] = project.import_files([path])
    text = project.load(o.document_id).text
    start = text.index("quoted")
    a = project.add_annotation(o.document_id, start, start + 6)
    assert a.exact == "quoted" and a.prefix.endswith("café ")


def test_bad_spans_and_unknown_tags_are_refused(seeded):
    doc_id = seeded.documents()[0].id
    length = len(seeded.load(doc_id).text)
    for start, end in ((5, 5), (-1, 3), (length - 1, length + 1)):
        with pytest.raises(ValueError):
            seeded.add_annotation(doc_id, start, end)
    with pytest.raises(KeyError):
        seeded.add_annotation(doc_id, 0, 4, ["no-such-tag"])
    with pytest.raises(KeyError):
        seeded.add_annotation(10_000, 0, 4)
    assert seeded.annotations() == []


def test_delete_then_restore_gives_back_the_same_annotation(seeded):
    doc_id = seeded.documents()[0].id
    x, y = seeded.add_tag("X"), seeded.add_tag("Y")
    a = seeded.add_annotation(doc_id, 10, 30, [y.id, x.id], note="note")
    before = snapshot(seeded)
    record = seeded.delete_annotation(a.id)
    assert record == a
    assert seeded.annotations() == [] and seeded.tag_usage() == {x.id: 0, y.id: 0}
    seeded.restore_annotation(record)
    assert snapshot(seeded) == before


def test_notes_and_tags_on_an_annotation_undo_exactly(seeded):
    doc_id = seeded.documents()[0].id
    x, y, z = (seeded.add_tag(n) for n in "XYZ")
    a = seeded.add_annotation(doc_id, 10, 30, [x.id, y.id, z.id])
    assert seeded.set_note(a.id, "first thought") == ""
    assert seeded.set_note(a.id, "second thought") == "first thought"
    assert seeded.annotation(a.id).note == "second thought"
    position = seeded.remove_tag_from_annotation(a.id, y.id)
    assert seeded.annotation(a.id).tags == (x.id, z.id)
    assert seeded.remove_tag_from_annotation(a.id, y.id) is None
    seeded.add_tag_to_annotation(a.id, y.id, position=position)
    assert seeded.annotation(a.id).tags == (x.id, y.id, z.id)
    assert seeded.add_tag_to_annotation(a.id, y.id) is False
    assert [b.id for b in seeded.annotations_with_tag(y.id)] == [a.id]


def test_annotations_with_a_tag_can_include_its_subtags(seeded):
    doc_id = seeded.documents()[0].id
    parent = seeded.add_tag("Parent")
    child = seeded.add_tag("Child", parent=parent.id)
    a = seeded.add_annotation(doc_id, 0, 5, [parent.id])
    b = seeded.add_annotation(doc_id, 10, 15, [child.id])
    assert [x.id for x in seeded.annotations_with_tag(parent.id)] == [a.id]
    assert [x.id for x in seeded.annotations_with_tag(parent.id, descendants=True)] == [
        a.id,
        b.id,
    ]


STORY = (
    "A quiet town\n"
    "The mayor said the bridge would reopen in spring.\n"
    "Residents were not convinced by the promise at all.\n"
    "Critics called the plan a waste of public money.\n"
)


def _annotate(project: Project, path: Path, *phrases: str):
    [o] = project.import_files([path])
    text = project.load(o.document_id).text
    tag = project.add_tag("Claim")
    made = {}
    for phrase in phrases:
        start = text.index(phrase)
        made[phrase] = project.add_annotation(o.document_id, start, start + len(phrase), [tag.id])
    return o.document_id, made


def test_an_updated_file_moves_annotations_and_orphans_a_deleted_passage(project, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    doc_id, made = _annotate(
        project, path, "the bridge would reopen", "not convinced", "a waste of public money"
    )
    changed = STORY.replace("A quiet town\n", "A quiet town\nUpdated 3 May: new details.\n")
    changed = changed.replace("Critics called the plan a waste of public money.\n", "")
    path.write_text(changed)
    [o] = project.import_files([path])
    assert (o.status, o.moved, o.orphaned) == ("updated", 2, 1)
    text = project.load(doc_id).text
    after = {a.id: a for a in project.annotations(doc_id)}
    for phrase in ("the bridge would reopen", "not convinced"):
        a = after[made[phrase].id]
        assert not a.orphan and text[a.start : a.end] == phrase == a.exact
    orphan = after[made["a waste of public money"].id]
    assert orphan.orphan and orphan.exact == "a waste of public money"
    assert orphan.tags == made["a waste of public money"].tags  # kept, never dropped
    # The passage comes back in a later version: the orphan finds it again.
    path.write_text(STORY)
    [o] = project.import_files([path])
    assert o.orphaned == 0
    back = project.annotation(orphan.id)
    assert not back.orphan and project.load(doc_id).text[back.start : back.end] == back.exact


def test_the_import_command_reports_moves_and_orphans(tmp_path, capsys):
    from reader.app import main

    path = tmp_path / "story.txt"
    path.write_text(STORY)
    project_path = tmp_path / "cli.reader"
    assert main(["import", str(project_path), str(path)]) == 0
    with Project.open(project_path, backup_dir=tmp_path / "b") as p:
        _, made = _annotate(p, path, "not convinced", "a waste of public money")
    path.write_text("Intro line.\n" + STORY.replace("a waste of public money", "fine"))
    capsys.readouterr()
    assert main(["import", str(project_path), str(path), str(tmp_path / "gone.txt")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"updated    {path} (annotations: 1 moved, 1 orphaned)",
        f"failed     {tmp_path / 'gone.txt'}: no such file",
    ]
