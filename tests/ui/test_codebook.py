"""The codebook pane: tags made, renamed, recoloured, moved, merged and deleted, each
undoable through the file; choosing a tag narrows the annotations pane."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from reader.core.palette import PALETTE
from reader.ui.models.codebook import NAME, CodebookModel

from .annotating import (
    click_menu_item,
    flood_project,
    open_context_menu,
    open_submenu,
    popup_noise,
    select_in_article,
    stored,
    tag_id,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def names(project) -> list[tuple[str, str | None]]:
    """Every tag as (name, parent name), depth first."""
    by_id = {t.id: t.name for t in project.tags()}
    return [(t.name, by_id.get(t.parent)) for t in project.tags()]


def row_point(window, name: str):
    model = window.codebook_model
    index = model.index_of(tag_id(window.project(), name))
    window.codebook.view.scrollTo(index)
    return window.codebook.view.visualRect(index).center()


def tag_some_passages(window, qtbot) -> None:
    """Fear on one passage, Blame on another, Solidarity on a third and on the first."""
    for needle, key in (
        ("herds 🐄 to higher ground", Qt.Key.Key_1),
        ("the bridge at Arden closed", Qt.Key.Key_2),
        ("volunteers filled sandbags", Qt.Key.Key_3),
        ("herds 🐄 to higher ground", Qt.Key.Key_3),
    ):
        select_in_article(window, needle)
        qtbot.keyClick(window.article, key, CTRL)


def test_the_tree_shows_the_codebook_with_usage_counts(
    make_window, open_project, tmp_path, qtbot, qtmodeltester
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    model = window.codebook_model
    tag_some_passages(window, qtbot)
    fear = model.index_of(tag_id(project, "Fear"))
    assert model.data(fear) == "Fear"
    assert model.rowCount(fear) == 1
    assert model.data(model.index(0, NAME, fear)) == "Blame"
    uses = {t.name: model.usage(t.id) for t in model.tags()}
    assert uses == {"Fear": 1, "Blame": 1, "Solidarity": 2}
    assert model.data(fear.siblingAtColumn(1)) == "1"
    qtmodeltester.check(model)


def test_find_box_adds_a_tag_and_undo_takes_it_back(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    box = window.codebook.find_edit
    box.setFocus()
    qtbot.keyClicks(box, "Hope")
    # typing narrows the tree: no tag is called Hope yet
    view = window.codebook.view
    assert all(view.isRowHidden(r, QModelIndex()) for r in range(window.codebook_model.rowCount()))
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert ("Hope", None) in names(project)
    assert window.codebook.current_tag().name == "Hope"
    assert not view.isRowHidden(0, QModelIndex())
    window.session.undo_stack.undo()
    assert "Hope" not in [n for n, _ in names(project)]
    window.session.undo_stack.redo()
    assert ("Hope", None) in names(project)


def test_a_new_tag_named_in_place_is_one_step_to_undo(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    stack = window.session.undo_stack
    qtbot.mouseClick(window.codebook.add_button, Qt.MouseButton.LeftButton)
    editor = window.codebook.view.focusWidget()
    qtbot.waitUntil(lambda: window.codebook.view.state() == window.codebook.view.State.EditingState)
    editor = window.codebook.view.indexWidget(window.codebook.view.currentIndex())
    editor = editor or window.codebook.view.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Anger")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Anger" in [n for n, _ in names(project)])
    assert stack.count() == 1
    assert stack.undoText() == "New tag “Anger”"
    stack.undo()
    assert "Anger" not in [n for n, _ in names(project)]
    assert "New tag" not in [n for n, _ in names(project)]


def test_f2_renames_and_undo_restores_the_name(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    view = window.codebook.view
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=row_point(window, "Solidarity")
    )
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
    editor = view.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Mutual aid")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert ("Mutual aid", None) in names(project)
    assert window.codebook_model.data(window.codebook_model.index_of(tag_id(project, "Mutual aid")))
    window.session.undo_stack.undo()
    assert ("Solidarity", None) in names(project)


@popup_noise
def test_recolour_from_the_menu_repaints_highlights_and_undoes(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "volunteers filled sandbags")
    qtbot.keyClick(window.article, Qt.Key.Key_3, CTRL)
    view = window.codebook.view
    menu = open_context_menu(qtbot, view.viewport(), row_point(window, "Solidarity"))
    colours = open_submenu(qtbot, menu, "Colour")
    blue = next(s for s in PALETTE if s.name == "blue")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        click_menu_item(qtbot, colours, "Blue")
    assert project.tag(tag_id(project, "Solidarity")).colour == blue.light
    shown = {
        s.cursor.selectedText(): s.format.background().color().name()
        for s in window.article.extraSelections()
    }
    assert shown["volunteers filled sandbags"] == blue.light
    window.session.undo_stack.undo()
    assert project.tag(tag_id(project, "Solidarity")).colour != blue.light


@popup_noise
def test_move_by_menu_and_by_drop_then_undo(
    make_window, open_project, tmp_path, qtbot, qtmodeltester
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    view = window.codebook.view
    menu = open_context_menu(qtbot, view.viewport(), row_point(window, "Blame"))
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        click_menu_item(qtbot, menu, "Move to Top Level")
    assert names(project) == [("Fear", None), ("Solidarity", None), ("Blame", None)]
    qtmodeltester.check(window.codebook_model)

    # a drop as the view makes it: Solidarity onto Fear
    model: CodebookModel = window.codebook_model
    data = model.mimeData([model.index_of(tag_id(project, "Solidarity"))])
    fear = model.index_of(tag_id(project, "Fear"))
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, fear)
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, fear)
    assert names(project) == [("Fear", None), ("Solidarity", "Fear"), ("Blame", None)]
    # a tag cannot go under its own subtag
    data = model.mimeData([model.index_of(tag_id(project, "Fear"))])
    inner = model.index_of(tag_id(project, "Solidarity"))
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, inner)
    qtmodeltester.check(model)

    window.session.undo_stack.undo()
    assert names(project) == [("Fear", None), ("Solidarity", None), ("Blame", None)]
    window.session.undo_stack.undo()
    assert names(project) == [("Fear", None), ("Blame", "Fear"), ("Solidarity", None)]


@popup_noise
def test_merge_moves_annotations_and_undo_splits_them_again(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    tag_some_passages(window, qtbot)
    before = stored(project.path, tmp_path)
    view = window.codebook.view
    menu = open_context_menu(qtbot, view.viewport(), row_point(window, "Blame"))
    click_menu_item(qtbot, menu, "Merge Into")
    chooser = window.annotator.chooser
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClicks(chooser.edit, "Solid")
    assert chooser.model.rowCount() == 1  # no "create" when merging
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    assert [n for n, _ in names(project)] == ["Fear", "Solidarity"]
    solidarity = tag_id(project, "Solidarity")
    assert sum(solidarity in a.tags for a in stored(project.path, tmp_path)) == 3
    assert window.codebook_model.usage(solidarity) == 3
    window.session.undo_stack.undo()
    assert stored(project.path, tmp_path) == before
    assert [n for n, _ in names(project)] == ["Fear", "Blame", "Solidarity"]


def test_delete_asks_with_the_count_and_undo_brings_annotations_back(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    tag_some_passages(window, qtbot)
    before = stored(project.path, tmp_path)
    asked = []

    def confirm(title, text, detail):
        asked.append((text, detail))
        return len(asked) > 1  # say no the first time

    window.codebook_controller.confirm = confirm
    view = window.codebook.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row_point(window, "Fear"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked[0][0] == "Delete the tag “Fear” and its 1 subtag?"
    assert "It is on 2 annotations." in asked[0][1]
    assert "1 annotation with no other tag or note will be removed" in asked[0][1]
    assert stored(project.path, tmp_path) == before  # said no
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [n for n, _ in names(project)] == ["Solidarity"]
    left = stored(project.path, tmp_path)
    assert len(left) == 2 and all(a.tags == (tag_id(project, "Solidarity"),) for a in left)
    assert "the bridge at Arden closed" not in {
        s.cursor.selectedText() for s in window.article.extraSelections()
    }
    window.session.undo_stack.undo()
    assert stored(project.path, tmp_path) == before
    assert [n for n, _ in names(project)] == ["Fear", "Blame", "Solidarity"]


def test_choosing_a_tag_narrows_the_annotations_pane(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    tag_some_passages(window, qtbot)
    listed = window.annotation_model
    assert listed.rowCount() == 3
    view = window.codebook.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row_point(window, "Fear"))
    # Fear and its subtag Blame
    assert listed.rowCount() == 2
    assert window.annotations.filter_label.text() == "Tag: Fear"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row_point(window, "Blame"))
    assert listed.rowCount() == 1
    qtbot.mouseClick(window.annotations.clear_filter_button, Qt.MouseButton.LeftButton)
    assert listed.rowCount() == 3
    assert window.codebook.current_tag() is None
