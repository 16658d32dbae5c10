from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.store.project import Project
from reader.store.w3c import NotAnnotations, dumps, write_atomically

STORY = (
    "A quiet town\n"
    "The mayor said the bridge would reopen in spring.\n"
    "Residents were not convinced by the promise at all.\n"
    "Critics called the plan a waste of public money 😀.\n"
)


def _annotated(tmp_path: Path, seeds: list[Path]) -> tuple[Project, Path]:
    """A project with tags (nested), notes, a comment annotation and an orphan."""
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    project = Project.open(tmp_path / "a.reader", backup_dir=tmp_path / "b")
    project.import_files([*seeds, story])
    claims = project.add_tag("Claims")
    doubt = project.add_tag("Doubt", parent=claims.id)
    money = project.add_tag("Money")
    by_path = {Path(s.source_path).name: s.id for s in project.documents()}
    story_id = by_path["story.txt"]
    text = project.load(story_id).text
    for phrase, tags, note in (
        ("the bridge would reopen", [claims.id], ""),
        ("not convinced", [doubt.id, claims.id], "**key** passage"),
        ("a waste of public money 😀", [money.id], ""),
    ):
        start = text.index(phrase)
        project.add_annotation(story_id, start, start + len(phrase), tags, note)
    seeded = next(s for s in project.documents() if s.comment_count)
    doc = project.load(seeded.id)
    c = doc.comments[0]
    project.add_annotation(seeded.id, c.end - 12, c.end - 2, [doubt.id])
    project.add_annotation(seeded.id, 5, 25, [], note="untagged, with a note")
    story.write_text(STORY.replace("Critics called the plan a waste of public money 😀.\n", ""))
    [updated] = project.import_files([story])
    assert updated.orphaned == 1
    return project, story


def test_export_writes_one_w3c_annotation_per_annotation(tmp_path, seeds):
    project, story = _annotated(tmp_path, seeds)
    page = project.export_w3c()
    assert page["type"] == "AnnotationPage"
    assert page["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    items = page["items"]
    assert len(items) == len(project.annotations()) == 5
    by_id = {a.id: a for a in project.annotations()}
    for item in items:
        a = by_id[item["id"].removeprefix("urn:uuid:")]
        assert item["type"] == "Annotation"
        assert (item["created"], item["modified"]) == (a.created, a.modified)
        assert item["creator"]["type"] in ("Person", "Software")
        target = item["target"]
        assert target["source"] == Path(project.summary(a.document_id).source_path).as_uri()
        kinds = [s["type"] for s in target["selector"]]
        if a.orphan:
            assert kinds == ["TextQuoteSelector"]
        else:
            assert kinds == ["TextPositionSelector", "TextQuoteSelector"]
            position = target["selector"][0]
            text = project.load(a.document_id).text
            assert text[position["start"] : position["end"]] == target["selector"][1]["exact"]
        assert target["reader:part"] == (
            "article" if a.comment_id is None else f"comment:{a.comment_id}"
        )
        bodies = item.get("body", [])
        tagging = [b["value"] for b in bodies if b["purpose"] == "tagging"]
        assert tagging == [project.tag(t).name for t in a.tags]
        notes = [b["value"] for b in bodies if b["purpose"] == "commenting"]
        assert notes == ([a.note] if a.note else [])
    orphan = next(i for i in items if len(i["target"]["selector"]) == 1)
    assert orphan["target"]["selector"][0]["exact"] == "a waste of public money 😀"
    project.close()


def test_export_import_export_is_lossless(tmp_path, seeds):
    project, story = _annotated(tmp_path, seeds)
    first = project.export_w3c()
    project.close()
    other = Project.open(tmp_path / "other.reader", backup_dir=tmp_path / "b")
    other.import_files([*seeds, story])
    result = other.import_w3c(json.loads(dumps(first)))
    assert (result.added, result.orphaned, result.present, result.failed) == (5, 1, 0, ())
    assert result.tags_created == 3
    assert other.export_w3c() == first
    # Importing the same file again adds nothing.
    again = other.import_w3c(first)
    assert (again.added, again.present) == (0, 5)
    assert other.export_w3c() == first
    other.close()


def test_annotations_made_elsewhere_are_matched_by_file_name_and_quote(tmp_path, seeds):
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    project = Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "b")
    project.import_files([story])
    existing = project.add_tag("doubt")
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {
            "type": "AnnotationPage",
            "items": [
                {
                    "id": "https://hypothes.is/a/abc123",
                    "type": "Annotation",
                    "motivation": "commenting",
                    "body": [
                        {"type": "TextualBody", "value": "Doubt", "purpose": "tagging"},
                        {"type": "TextualBody", "value": "Odd claim."},
                    ],
                    "target": {
                        "source": "https://example.org/scrapes/story.txt",
                        "selector": [
                            # A position from another normalisation: wrong by a few.
                            {"type": "TextPositionSelector", "start": 20, "end": 43},
                            {
                                "type": "TextQuoteSelector",
                                "exact": "the bridge would reopen",
                                "prefix": "The mayor said ",
                            },
                        ],
                    },
                },
                {
                    "type": "Annotation",
                    "target": {
                        "source": "C:\\Users\\x\\story.txt",
                        "selector": {"type": "TextQuoteSelector", "exact": "not convinced"},
                    },
                    "body": {"type": "TextualBody", "value": "New tag", "purpose": "tagging"},
                },
                {
                    "type": "Annotation",
                    "target": {"source": "file:///elsewhere/unknown.txt"},
                },
            ],
        },
    }
    result = project.import_w3c(foreign)
    assert (result.added, result.orphaned, result.tags_created) == (2, 0, 1)
    assert len(result.failed) == 1 and "unknown.txt" in result.failed[0]
    text = project.load(project.documents()[0].id).text
    first, second = project.annotations()
    assert text[first.start : first.end] == "the bridge would reopen"
    assert first.tags == (existing.id,) and first.note == "Odd claim."
    assert text[second.start : second.end] == "not convinced"
    assert [project.tag(t).name for t in second.tags] == ["New tag"]
    # The same foreign file again: its annotations are recognised by their ids.
    assert project.import_w3c(foreign).present == 1
    project.close()


def test_a_file_without_annotations_is_refused(project):
    with pytest.raises(NotAnnotations):
        project.import_w3c({"hello": "world"})
    assert project.annotations() == []


def test_files_are_written_atomically(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")

    with pytest.raises(TypeError):
        write_atomically(target, 42)  # type: ignore[arg-type]  # fails mid-write
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    write_atomically(target, "new ☃")
    assert target.read_text(encoding="utf-8") == "new ☃"


def test_the_same_annotation_twice_in_one_file_is_added_once(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "b") as project:
        project.import_files([story])
        item = {
            "id": "urn:uuid:3c5e2a1e-8f0b-4c1e-9a57-0d2b8f1c7e11",
            "type": "Annotation",
            "target": {
                "source": story.as_uri(),
                "selector": [
                    {"type": "TextQuoteSelector", "exact": "not convinced", "prefix": "were "}
                ],
            },
        }
        result = project.import_w3c({"type": "AnnotationPage", "items": [item, item]})
        assert (result.added, result.present) == (1, 1)
        [a] = project.annotations()
        assert a.id == "3c5e2a1e-8f0b-4c1e-9a57-0d2b8f1c7e11" and a.exact == "not convinced"
