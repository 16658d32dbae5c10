"""File › Import: a REFI-QDA project brings its documents and codebook; comment data goes
through the mapping dialog, whose preview shows the first records."""

import csv

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMenu

from reader.ui.dialogs.dataset_mapping import DatasetMappingDialog


def _menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_file_import_lists_refi_and_comment_data(make_window, seeded_project):
    window = make_window(seeded_project)
    file_menu = window.menuBar().actions()[0].menu()
    import_menu = window.findChild(QMenu, "import_menu")
    assert import_menu.menuAction() in file_menu.actions()
    assert _menu_texts(import_menu) == [
        "&Import Files…", "Import &Folder…", "&REFI-QDA Project…", "REFI-QDA C&odebook…",
        "&Comment Data…", "&Annotations…",
    ]  # fmt: skip


def test_a_refi_project_imports_with_its_codebook(make_window, open_project, seeded_project,
                                                   tmp_path, monkeypatch):  # fmt: skip
    seeded_project.add_tag("Crisis", colour="#aa0000")
    doc_id = seeded_project.documents()[0].id
    seeded_project.add_annotation(doc_id, 5, 25, [seeded_project.tags()[0].id], "a note")
    seeded_project.export("qdpx", tmp_path / "shared.qdpx")
    window = make_window(open_project(tmp_path / "empty.reader"))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "shared.qdpx"), "")
    )
    window.import_menu.refi_action.trigger()
    project = window.project()
    assert len(project.documents()) == len(seeded_project.documents())
    assert [t.name for t in project.tags()] == ["Crisis"]
    (annotation,) = project.annotations()
    assert annotation.note == "a note"


def test_comment_data_is_mapped_in_a_dialog_with_a_preview(make_window, open_project, qtbot,
                                                            tmp_path):  # fmt: skip
    path = tmp_path / "comments.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["cmt", "answers", "who", "words", "story"])
        writer.writerow(["x1", "", "ann", "Top comment.", "s1"])
        writer.writerow(["x2", "x1", "bob", "A reply.", "s1"])
        writer.writerow(["x3", "", "cy", "Other story.", "s2"])
    window = make_window(open_project(tmp_path / "p.reader"))
    dialog = window.import_menu.ask_mapping(path)
    assert isinstance(dialog, DatasetMappingDialog)
    assert dialog.model.rowCount() == 3 and dialog.model.columnCount() == 5
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no field is called anything like "text"
    dialog.combos["text"].setCurrentText("words")
    dialog.combos["id"].setCurrentText("cmt")
    dialog.combos["parent"].setCurrentText("answers")
    dialog.combos["author"].setCurrentText("who")
    dialog.combos["article"].setCurrentText("story")
    assert ok.isEnabled()
    assert "1 are replies, 1 of them to a record shown" in dialog.summary.text()
    assert "2 articles" in dialog.summary.text()
    ok.click()
    qtbot.waitUntil(lambda: len(window.project().documents()) == 2)
    doc = window.project().load(window.project().documents()[0].id)
    assert [(c.id, c.parent, c.author) for c in doc.comments] == [
        ("x1", None, "ann"), ("x2", "x1", "bob"),
    ]  # fmt: skip


def test_unreadable_comment_data_is_named(make_window, open_project, tmp_path, monkeypatch):
    path = tmp_path / "bad.json"
    path.write_text("this is not json")
    warnings = []
    monkeypatch.setattr(
        "reader.ui.controllers.import_menu.QMessageBox.warning", lambda *a: warnings.append(a[2])
    )
    window = make_window(open_project(tmp_path / "p.reader"))
    assert window.import_menu.ask_mapping(path) is None
    assert warnings and "bad.json cannot be read" in warnings[0]
