"""Chains that work: right after tagging, the new annotation is the current one (N writes
its note, Del removes it, both by the keyboard), and Escape returns to reading."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from .annotating import flood_project, popup_noise, select_in_comment, span_of
from .test_keys_as_text import advance

SHIFT = Qt.KeyboardModifier.ShiftModifier


def drag_select(window, qtbot, needle: str) -> None:
    """Select ``needle`` in the article with a mouse drag."""
    article = window.article
    start, end = span_of(window, needle)
    points = []
    for offset in (start, end):
        cursor = QTextCursor(article.document())
        cursor.setPosition(article.text_map().to_qt(offset))
        rect = article.cursorRect(cursor)
        points.append(QPoint(rect.left() + 1, rect.center().y()))
    viewport = article.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=points[0])  # (off a selection)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=points[0])
    qtbot.mouseMove(viewport, points[1])
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=points[1])
    assert article.textCursor().selectedText() == needle


def tag_with_chooser(window, qtbot, letters: str) -> None:
    chooser = window.annotator.chooser
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClicks(chooser.edit, letters)
    qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not chooser.isVisible())
    advance(window, 2.0)  # the reader pauses after the chooser's typing


@popup_noise
def test_tag_then_n_writes_the_new_annotations_note(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    drag_select(window, qtbot, "bridge at Arden")
    tag_with_chooser(window, qtbot, "Soli")
    [a] = project.annotations()
    assert window.annotator.current_annotation() == a.id
    assert window.article.hasFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_N)
    editor = window.note_editor
    qtbot.waitUntil(editor.edit.hasFocus)
    qtbot.keyClicks(editor.edit, "closed at dawn")
    qtbot.waitUntil(lambda: project.annotations()[0].note == "closed at dawn", timeout=3000)
    [again] = project.annotations()
    assert again.id == a.id  # the note is on the tagged passage, not a new annotation


@popup_noise
def test_tag_then_del_removes_it_and_escape_returns_to_reading(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    drag_select(window, qtbot, "volunteers filled sandbags")
    tag_with_chooser(window, qtbot, "Fear")
    assert len(project.annotations()) == 1
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert project.annotations() == []
    message = window.statusBar().currentMessage()
    assert message == "Remove annotation “volunteers filled sandbags” (Fear) · Ctrl+Z to undo"
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(project.annotations()) == 1
    assert window.statusBar().currentMessage() == (
        "Undone: Remove annotation “volunteers filled sandbags” (Fear) · Ctrl+Shift+Z to redo"
    )
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | SHIFT)
    assert project.annotations() == []
    assert window.statusBar().currentMessage().startswith("Redone: Remove annotation")
    # again, and Escape: nothing is current and nothing selected, N asks for a passage
    drag_select(window, qtbot, "volunteers filled sandbags")
    tag_with_chooser(window, qtbot, "Fear")
    qtbot.keyClick(window.article, Qt.Key.Key_Escape)
    assert window.annotator.current_annotation() is None
    assert not window.article.textCursor().hasSelection()
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert len(project.annotations()) == 1


@popup_noise
def test_tag_in_a_comment_then_n(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_comment(window, qtbot, "deserve a medal")
    editor = window.comments.current_editor()
    chooser = window.annotator.chooser
    qtbot.keyClick(editor, Qt.Key.Key_T)
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClicks(chooser.edit, "Soli")
    qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not chooser.isVisible())
    advance(window, 2.0)
    [a] = project.annotations()
    assert window.annotator.current_annotation() == a.id
    qtbot.keyClick(editor, Qt.Key.Key_N)
    qtbot.waitUntil(window.note_editor.edit.hasFocus)
    qtbot.keyClicks(window.note_editor.edit, "praise")
    qtbot.waitUntil(lambda: project.annotations()[0].note == "praise", timeout=3000)
    assert [x.id for x in project.annotations()] == [a.id]


@popup_noise
def test_t_enter_n_at_once_is_a_chain_not_typing(make_window, open_project, tmp_path, qtbot):
    """Only Enter in the chooser (its first tag): no text was typed, so N right after
    writes the note at once (T, letters, Enter, N would wait for a pause)."""
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    drag_select(window, qtbot, "bridge at Arden")
    chooser = window.annotator.chooser
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not chooser.isVisible())
    [a] = project.annotations()
    qtbot.keyClick(window.article, Qt.Key.Key_N)
    qtbot.waitUntil(window.note_editor.edit.hasFocus)
    qtbot.keyClicks(window.note_editor.edit, "at dawn")
    qtbot.waitUntil(lambda: project.annotations()[0].note == "at dawn", timeout=3000)
    assert [x.id for x in project.annotations()] == [a.id]
