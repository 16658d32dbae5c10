"""The store's commands: reader import, export --format w3c, import-annotations."""

from __future__ import annotations

import json
from pathlib import Path

from reader.app import main
from reader.store.project import Project


def test_import_creates_the_project_and_reports_each_file(tmp_path, seeds, capsys):
    project = tmp_path / "new" / "p.reader"
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    assert main(["import", str(project), *map(str, seeds[:2])]) == 0
    assert main(["import", str(project), str(seeds[0]), str(empty)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"imported   {seeds[0]}",
        f"imported   {seeds[1]}",
        f"unchanged  {seeds[0]}",
        f"failed     {empty}: it is empty",
    ]


def test_unusable_arguments_exit_with_2(tmp_path, capsys):
    garbage = tmp_path / "garbage.reader"
    garbage.write_bytes(b"not a database at all" * 10)
    assert main(["import", str(garbage), str(tmp_path)]) == 2
    assert "not a Reader project" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.reader"), "-o", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "missing.reader").exists()


def test_export_then_import_annotations_into_another_project(tmp_path, seeds, capsys):
    first, second = tmp_path / "a.reader", tmp_path / "b.reader"
    # Made by a named coder: the creator the file names comes back as the same coder.
    with Project.open(first, backup_dir=tmp_path / "b", coder="Ada") as p:
        p.import_files(seeds)
        tag = p.add_tag("Claim")
        doc_id = p.documents()[2].id
        p.add_annotation(doc_id, 40, 60, [tag.id], note="see")
    out = tmp_path / "out.jsonld"
    assert main(["export", str(first), "--format", "w3c", "-o", str(out)]) == 0
    page = json.loads(out.read_text(encoding="utf-8"))
    assert len(page["items"]) == 1
    assert main(["import", str(second), *map(str, seeds)]) == 0
    capsys.readouterr()
    assert main(["import-annotations", str(second), str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "added 1 annotations (0 orphaned), 0 already present, 1 new tags"
    ]
    again = tmp_path / "again.jsonld"
    assert main(["export", str(second), "-o", str(again)]) == 0
    assert json.loads(again.read_text(encoding="utf-8")) == page


def test_import_annotations_refuses_a_file_that_is_not_annotations(tmp_path, capsys):
    project = tmp_path / "p.reader"
    Project.open(project, backup_dir=tmp_path / "b").close()
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert main(["import-annotations", str(project), str(bad)]) == 2
    other = tmp_path / "other.json"
    other.write_text('{"items": []}')
    assert main(["import-annotations", str(project), str(other)]) == 2
    assert main(["import-annotations", str(project), str(Path(tmp_path / "none.json"))]) == 2
