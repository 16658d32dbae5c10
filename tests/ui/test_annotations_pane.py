"""The annotations pane and the note editor: the list follows every change, selecting a
row shows the passage, Delete removes, orphans keep their quote; notes are saved as
they are typed and undone as a whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from reader.ui.models.annotation_list import NOTE, PASSAGE, TAGS, WHERE
from reader.ui.painting.highlights import LAYER

from .annotating import (
    FLOOD,
    flood_project,
    popup_noise,
    select_in_article,
    select_in_comment,
    stored,
    tag_id,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def row_texts(model, row: int) -> tuple[str, str, str, str]:
    return tuple(model.data(model.index(row, c)) for c in (PASSAGE, TAGS, NOTE, WHERE))


def test_the_list_follows_tagging_and_undo(
    make_window, open_project, tmp_path, qtbot, qtmodeltester
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    model = window.annotation_model
    assert model.rowCount() == 0
    select_in_article(window, "dams held 👍 but warned")
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    comment_id, _s, _e = select_in_comment(window, qtbot, "deserve a medal")
    qtbot.keyClick(window.comments.current_editor(), Qt.Key.Key_3, CTRL)
    assert [row_texts(model, r) for r in range(model.rowCount())] == [
        ("“dams held 👍 but warned”", "Fear", "", "Article"),
        ("“deserve a medal”", "Solidarity", "", "Comment #2"),
    ]
    assert window.annotations.count_label.text() == "2 annotations"
    qtmodeltester.check(model)
    window.session.undo_stack.undo()
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_selecting_a_row_scrolls_to_the_passage_and_flashes_it(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "Farmers moved their herds")
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    _cid, start, end = select_in_comment(window, qtbot, "not even about floods")
    qtbot.keyClick(window.comments.current_editor(), Qt.Key.Key_2, CTRL)
    window.article.setTextCursor(QTextCursor(window.article.document()))  # nothing selected
    view = window.annotations.view
    first = view.visualRect(window.annotation_model.index(0, PASSAGE)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert window.article.textCursor().selectedText() == "Farmers moved their herds"
    flashed = [
        s for s in window.article.extraSelections() if s.cursor.selectedText().startswith("Farmers")
    ]
    assert len(flashed) >= 2  # the highlight and the flash over it
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    editor = window.comments.current_editor()
    assert editor.textCursor().selectedText() == "not even about floods"
    assert editor.selected_span() == (start, end)


def test_delete_in_the_list_removes_and_undo_restores(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    for needle in ("river rose two metres", "more rain was coming"):
        select_in_article(window, needle)
        qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    before = stored(project.path, tmp_path)
    view = window.annotations.view
    view.setFocus()
    view.setCurrentIndex(window.annotation_model.index(1, PASSAGE))
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [a.exact for a in stored(project.path, tmp_path)] == ["river rose two metres"]
    assert window.annotation_model.rowCount() == 1
    assert "more rain was coming" not in {
        s.cursor.selectedText() for s in window.article.extraSelections()
    }
    window.session.undo_stack.undo()
    assert stored(project.path, tmp_path) == before
    assert window.annotation_model.rowCount() == 2


def test_delete_key_in_the_text_removes_the_annotation_under_the_cursor(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "Officials said")
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    cursor = window.article.textCursor()
    cursor.setPosition(cursor.selectionStart() + 2)
    window.article.setTextCursor(cursor)
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert stored(project.path, tmp_path) == []


def test_the_whole_project_lists_every_document_and_opens_the_one_chosen(
    make_window, open_project, tmp_path, qtbot, seeds
):
    project = flood_project(tmp_path, open_project)
    project.import_files(seeds[:2])
    window = make_window(project)
    flood_id = window.current_document_id()
    other = next(s for s in project.documents() if s.id != flood_id)
    doc = project.load(other.id)
    start = doc.blocks[1].start
    project.add_annotation(other.id, start, start + 12, [tag_id(project, "Fear")])
    select_in_article(window, "Thursday")
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    assert window.annotation_model.rowCount() == 1
    qtbot.mouseClick(window.annotations.project_button, Qt.MouseButton.LeftButton)
    assert window.annotation_model.rowCount() == 2
    wheres = [window.annotation_model.data(window.annotation_model.index(r, WHERE)) for r in (0, 1)]
    assert wheres[0].endswith("Article") and "Rivers rise" in wheres[0]
    assert other.title[:20] in wheres[1]
    with qtbot.waitSignal(window.document_opened):
        view = window.annotations.view
        point = view.visualRect(window.annotation_model.index(1, PASSAGE)).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.current_document_id() == other.id
    assert window.article.textCursor().selectedText() == doc.text[start : start + 12]


def test_an_orphan_is_listed_with_its_quote(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "Schools in the lower town will stay closed until Thursday.")
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    select_in_article(window, "herds 🐄 to higher ground")
    qtbot.keyClick(window.article, Qt.Key.Key_3, CTRL)
    changed = FLOOD.replace(" Schools in the lower town will stay closed until Thursday.", "")
    (tmp_path / "flood.txt").write_text(changed, encoding="utf-8")
    window.import_paths([tmp_path / "flood.txt"])
    model = window.annotation_model
    rows = [row_texts(model, r) for r in range(model.rowCount())]
    assert rows[0] == ("“herds 🐄 to higher ground”", "Solidarity", "", "Article")
    assert rows[1][0] == "“Schools in the lower town will stay closed until Thursday.”"
    assert rows[1][3] == "Article (not found)"
    orphan = model.annotation(1)
    assert orphan.orphan
    shown = {s.cursor.selectedText() for s in window.article.extraSelections()}
    assert "herds 🐄 to higher ground" in shown
    view = window.annotations.view
    point = view.visualRect(model.index(1, PASSAGE)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert "not found" in window.statusBar().currentMessage()


# ---- notes


def wait_saved(qtbot, project, annotation_id: str, note: str) -> None:
    qtbot.waitUntil(lambda: project.annotation(annotation_id).note == note, timeout=3000)


def test_n_opens_the_note_typing_is_saved_and_undone_as_a_whole(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "Farmers moved their herds")
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    [a] = stored(project.path, tmp_path)
    stack = window.session.undo_stack
    steps = stack.count()
    qtbot.keyClick(window.article, Qt.Key.Key_N)
    note = window.note_editor
    qtbot.waitUntil(lambda: note.edit.hasFocus())
    assert note.annotation_id() == a.id
    assert "Farmers moved their herds" in note.heading.text()
    qtbot.keyClicks(note.edit, "Cattle first,")
    wait_saved(qtbot, project, a.id, "Cattle first,")
    qtbot.keyClicks(note.edit, " then people?")
    wait_saved(qtbot, project, a.id, "Cattle first, then people?")
    assert stack.count() == steps + 1  # typing coalesced into one step
    assert stack.undoText() == "Edit note"
    [saved] = stored(project.path, tmp_path)
    assert saved.note == "Cattle first, then people?"
    assert window.annotation_model.data(window.annotation_model.index(0, NOTE)).startswith(
        "Cattle first"
    )
    window.article.setFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert stored(project.path, tmp_path)[0].note == ""
    assert note.edit.toPlainText() == ""
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier | CTRL)
    assert note.edit.toPlainText() == "Cattle first, then people?"


def test_double_clicking_a_highlight_opens_its_note(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "volunteers filled sandbags")
    qtbot.keyClick(window.article, Qt.Key.Key_3, CTRL)
    cursor = window.article.textCursor()
    cursor.setPosition(cursor.selectionStart() + 4)
    point = window.article.cursorRect(cursor).center()
    qtbot.mouseDClick(window.article.viewport(), Qt.MouseButton.LeftButton, pos=point)
    note = window.note_editor
    assert note.annotation_id() == stored(project.path, tmp_path)[0].id
    assert note.edit.hasFocus()
    assert window.docks["note_dock"].isVisible()


def test_n_on_a_selection_without_annotation_makes_a_note_only_annotation(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "before dawn")
    qtbot.keyClick(window.article, Qt.Key.Key_N)
    note = window.note_editor
    qtbot.keyClicks(note.edit, "Which dawn?")
    note.save_now()
    [a] = stored(project.path, tmp_path)
    assert (a.exact, a.tags, a.note) == ("before dawn", (), "Which dawn?")
    highlighted = {s.cursor.selectedText() for s in window.article.extraSelections()}
    assert "before dawn" in highlighted


@popup_noise
def test_a_note_shows_in_the_tooltip_text(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "stay closed")
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    [a] = stored(project.path, tmp_path)
    window.annotator.edit_note(a.id)
    qtbot.keyClicks(window.note_editor.edit, "<b>not bold</b> & more")
    window.note_editor.save_now()
    found = window.session.index.at(a.start + 1)
    text = window.annotator.painter.tooltip_for(found)
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; more" in text
    assert "Fear" in text
    assert LAYER == "annotations"
