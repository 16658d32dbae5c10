"""File › Import › REFI-QDA Codebook… brings a codebook other tools wrote (Taguette's,
QualCoder's) into the codebook as one undoable step, says what came in, refuses a file
that is not a codebook with the reason; File › Import › REFI-QDA Project… brings
QualCoder's project with every passage on its words."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.store.other_tools import QUALCODER, TAGUETTE, passages


def test_a_taguette_codebook_comes_in_as_one_step_and_undo_takes_it_back(
    make_window, open_project, tmp_path
):
    project = open_project(tmp_path / "p.reader")
    project.add_tag("Framing", colour="#336699")  # Taguette's "framing" is this tag
    window = make_window(project)
    action = window.action("import_codebook")
    assert action in window.import_menu.menu.actions()
    window.codebook_importer.ask_path = lambda: TAGUETTE / "codebook.qdc"
    action.trigger()
    names = [t.name for t in project.tags()]
    assert len(names) == 8 and names.count("Framing") == 1 and "État & société" in names
    assert window.statusBar().currentMessage() == (
        "7 codes added to the codebook from codebook.qdc, 1 already there (Ctrl+Z takes it back)"
    )
    assert window.codebook_model.rowCount() == 8  # the pane shows them
    made = project.tags()
    stack = window.session.undo_stack
    assert stack.undoText() == "Import Codebook from codebook.qdc"
    stack.undo()
    assert [t.name for t in project.tags()] == ["Framing"]
    assert window.codebook_model.rowCount() == 1
    stack.redo()
    assert project.tags() == made
    action.trigger()  # again: nothing new, no step
    assert stack.count() == 1
    assert window.statusBar().currentMessage() == (
        "No new code in codebook.qdc: its 8 codes are in the codebook already."
    )


def test_a_qualcoder_codebook_keeps_its_tree(make_window, open_project, tmp_path):
    project = open_project(tmp_path / "p.reader")
    window = make_window(project)
    window.codebook_importer.run(QUALCODER / "Codebook-seeds.qdc")
    by_id = {t.id: t for t in project.tags()}
    parent = {t.name: by_id[t.parent].name if t.parent else None for t in by_id.values()}
    assert parent["air strikes"] == "military" and parent["military"] == "Conflict"
    assert parent["Azerbaijan blamed"] == "Blame" and parent["Blame"] == "Framing"
    assert {t.name: t.colour for t in by_id.values()}["civilians"] == "#81bef7"


def test_a_file_that_is_not_a_codebook_is_refused_and_nothing_changes(
    make_window, open_project, tmp_path, qtbot
):
    project = open_project(tmp_path / "p.reader")
    window = make_window(project)
    bad = tmp_path / "broken.qdc"
    bad.write_text("<?xml version='1.0'?><CodeBook><Codes><Code name='x'", encoding="utf-8")
    assert window.codebook_importer.run(bad) is None
    box = window.findChild(QMessageBox, "codebook_import_refused")
    assert box is not None and box.isVisible()
    assert "broken.qdc cannot be imported as a codebook" in box.text()
    assert "not well-formed XML" in box.text() and "Nothing was changed" in box.text()
    box.close()
    assert project.tags() == [] and window.session.undo_stack.count() == 0


def test_a_qualcoder_project_from_the_menu_puts_every_passage_on_its_words(
    make_window, open_project, tmp_path, monkeypatch
):
    path = QUALCODER / "seeds-maxqda.qdpx"
    window = make_window(open_project(tmp_path / "p.reader"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.import_menu.refi_action.trigger()
    project = window.project()
    expected = passages(path, crlf_counts_one=True)
    assert len(project.documents()) == 5 and len(project.annotations()) == len(expected)
    names = {t.id: t.name for t in project.tags()}
    for e in expected:
        a = project.annotation(e.guid)
        assert project.load(a.document_id).text[a.start : a.end] == e.quote.replace("\r\n", "\n")
        assert (sorted(names[t] for t in a.tags), a.note, a.coder) == (
            sorted(e.codes),
            e.note,
            e.user,
        )


def test_a_dropped_codebook_comes_in_as_the_menu_brings_it(make_window, open_project, tmp_path):
    project = open_project(tmp_path / "p.reader")
    window = make_window(project)
    window.open_paths([TAGUETTE / "codebook.qdc"])  # what a drop on the window does
    assert len(project.tags()) == 8 and project.documents() == []
    assert window.codebook_model.rowCount() == 8
    assert window.statusBar().currentMessage().startswith("8 codes added to the codebook")
    window.session.undo_stack.undo()
    assert project.tags() == []
