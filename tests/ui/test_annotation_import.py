"""File › Import › Annotations… (issue 18's leftover): annotations from a file onto the
documents here as one undoable step, with a message saying what happened; a page no
document matches can go on the open document; a file that is not annotations is named."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QMenu, QMessageBox

DATA = Path(__file__).parent.parent / "store" / "data" / "hypothesis"


def _window(make_window, open_project, tmp_path):
    project = open_project(tmp_path / "p.reader")
    project.import_files([DATA / "ferry.html", DATA / "bridge.html"])
    window = make_window(project)
    shown: list[tuple[str, str, str]] = []
    window.annotation_importer.show_summary = lambda *a: shown.append(a)
    return window, project, shown


def test_hypothesis_annotations_come_in_and_undo_takes_them_and_their_tags_back(
    make_window, open_project, tmp_path
):
    window, project, shown = _window(make_window, open_project, tmp_path)
    menu = window.findChild(QMenu, "import_menu")
    action = window.action("import_annotations")
    assert action in menu.actions()
    window.annotation_importer.ask_path = lambda: DATA / "api_search.json"
    action.trigger()
    added = project.annotations()
    assert len(added) == 2 and all(not a.orphan for a in added)
    tags = {t.name for t in project.tags()}
    assert tags
    head, text, _details = shown[-1]
    assert head == "2 annotations added from api_search.json."
    assert "new tag" in text and "Undo" in text
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    stack = window.session.undo_stack
    assert stack.undoText() == "Import Annotations from api_search.json"
    stack.undo()
    assert project.annotations() == [] and project.tags() == []
    stack.redo()
    assert [(a.id, a.note, a.tags, a.coder) for a in project.annotations()] == [
        (a.id, a.note, a.tags, a.coder) for a in added
    ]
    assert {t.name for t in project.tags()} == tags
    # The same file again adds nothing, and says so; no undo step for nothing.
    action.trigger()
    assert shown[-1][0] == "No annotation was added from api_search.json."
    assert "2 annotations already in the project" in shown[-1][1]
    assert stack.count() == 1


def test_annotations_of_an_unknown_page_go_on_the_open_document_if_the_user_says(
    make_window, open_project, tmp_path
):
    window, project, shown = _window(make_window, open_project, tmp_path)
    data = json.loads((DATA / "jsonld.json").read_text(encoding="utf-8"))
    for item in data:
        item["target"][0]["source"] = "https://archive.example/web/2026/elsewhere"
    path = tmp_path / "elsewhere.jsonld"
    path.write_text(json.dumps(data), encoding="utf-8")
    ferry = next(s.id for s in project.documents() if "ferry" in s.source_path)
    window.open_document(ferry)
    asked: list[tuple[int, str]] = []
    window.annotation_importer.ask_document = lambda n, title: asked.append((n, title)) or True
    command = window.annotation_importer.run(path)
    assert asked and asked[0][0] == 2
    assert command is not None and command.added == 2
    assert {a.document_id for a in project.annotations()} == {ferry}
    head, text, _ = shown[-1]
    assert head.startswith("2 annotations added") and "1 passage not found" in text
    window.session.undo_stack.undo()
    assert project.annotations() == []


def test_a_file_that_is_not_annotations_is_named_and_nothing_changes(
    make_window, open_project, tmp_path, monkeypatch
):
    window, project, shown = _window(make_window, open_project, tmp_path)
    path = tmp_path / "config.json"
    path.write_text('{"width": 3}', encoding="utf-8")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: said.append(box.text()))
    assert window.annotation_importer.run(path) is None
    assert said and "config.json" in said[0] and "holds no annotations" in said[0]
    assert window.session.undo_stack.count() == 0 and not shown
    csv_path = tmp_path / "other.csv"
    csv_path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert window.annotation_importer.run(csv_path) is None
    assert "other.csv" in said[-1]
