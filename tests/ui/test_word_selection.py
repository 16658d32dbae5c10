"""Selections take whole words (a setting turns it off, Alt keeps the exact
characters): a drag when it ends, a selection made with the keys from a click inside a
word when it is coded; and the first drag in a comment that is not yet current selects
in it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from .annotating import flood_project, popup_noise, select_in_comment, span_of, stored

ALT = Qt.KeyboardModifier.AltModifier


def point_at(edit, position: int) -> QPoint:
    cursor = QTextCursor(edit.document())
    cursor.setPosition(position)
    rect = edit.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drag(qtbot, widget, a: QPoint, b: QPoint, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, modifier, a)
    qtbot.mouseMove(widget, QPoint((a.x() + b.x()) // 2, b.y()))
    qtbot.mouseMove(widget, b)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, modifier, b)


def drag_in_article(window, qtbot, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier):
    article = window.article
    to_qt = article.text_map().to_qt
    viewport = article.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    drag(qtbot, viewport, point_at(article, to_qt(start)), point_at(article, to_qt(end)), modifier)
    return article.selected_span()


def test_a_drag_inside_words_takes_the_whole_words(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    start, end = span_of(window, "bridge at Arden")
    # from inside "bridge" to inside "Arden": "idge at Ard" widened to both words
    span = drag_in_article(window, qtbot, start + 2, end - 2)
    assert span == (start, end)
    assert window.article.textCursor().selectedText() == "bridge at Arden"
    # backwards, too
    span = drag_in_article(window, qtbot, end - 2, start + 2)
    assert span == (start, end)
    # Alt while dragging keeps the exact characters
    span = drag_in_article(window, qtbot, start + 2, end - 2, ALT)
    assert span == (start + 2, end - 2)
    # and the setting turns snapping off
    action = window.action("snap_words")
    assert action.isChecked()
    action.trigger()
    span = drag_in_article(window, qtbot, start + 2, end - 2)
    assert span == (start + 2, end - 2)


def test_the_first_drag_in_a_comment_not_yet_current_selects(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    pane = window.comments
    doc = window.current_document()
    start, end = span_of(window, "deserve a medal")
    comment = doc.comment_at(start)
    assert pane.current_comment() != comment.id
    view = pane.view
    index = window.comment_model.index_of(comment.id)
    view.scrollTo(index)
    # where the painted words are: the body of the row, laid out as the editor will be
    body = pane.delegate.body_rect(view.visualRect(index))
    qdoc = pane.texts.laid_out(comment, body.width())
    text_map = pane.texts.text_map(comment)
    points = []
    for offset in (start + 1, end - 1):  # inside "deserve" and "medal"
        cursor = QTextCursor(qdoc)
        cursor.setPosition(text_map.to_qt(offset))
        line = (
            cursor.block()
            .layout()
            .lineForTextPosition(cursor.position() - cursor.block().position())
        )
        x = line.cursorToX(cursor.position() - cursor.block().position())[0]
        y = cursor.block().layout().position().y() + line.y() + line.height() / 2
        points.append(body.topLeft() + QPoint(int(x) + 1, int(y)))
    drag(qtbot, view.viewport(), points[0], points[1])
    assert pane.current_comment() == comment.id
    assert pane.selection() == (comment.id, start, end)
    assert pane.current_editor().textCursor().selectedText() == "deserve a medal"


# ---- selections made with the keys, from a click inside a word

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def click_then_shift_right(qtbot, edit, position: int, steps: int, modifier=None):
    """Click at Qt ``position`` (with ``modifier`` held), then Shift+→ ``steps`` times."""
    mods = Qt.KeyboardModifier.NoModifier if modifier is None else modifier
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton, mods, point_at(edit, position))
    assert edit.textCursor().position() == position
    qtbot.keyPress(edit, Qt.Key.Key_Shift)
    for _ in range(steps):
        qtbot.keyClick(edit, Qt.Key.Key_Right, SHIFT)
    qtbot.keyRelease(edit, Qt.Key.Key_Shift)


@pytest.mark.parametrize("snap", [True, False])
def test_a_keyboard_selection_from_a_click_inside_a_word_is_coded_as_whole_words(
    make_window, open_project, tmp_path, qtbot, snap
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    if not snap:
        window.action("snap_words").trigger()  # Annotate › Snap Selections to Whole Words
    article = window.article
    start, end = span_of(window, "bridge at Arden")
    to_qt = article.text_map().to_qt
    # click in "br|idge", then Shift+→ to "Ard|en": the keys select "idge at Ard"
    click_then_shift_right(qtbot, article, to_qt(start + 2), (end - 2) - (start + 2))
    assert article.textCursor().selectedText() == "idge at Ard"
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(article, Qt.Key.Key_1, CTRL)  # Tag 1: Fear
    [a] = stored(project.path, tmp_path)
    if snap:
        assert a.exact == "bridge at Arden"
        # the reader sees what was coded: the selection widened to the words
        assert article.textCursor().selectedText() == "bridge at Arden"
    else:
        assert a.exact == "idge at Ard"


def test_alt_at_the_click_keeps_the_exact_characters_for_the_keys(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    article = window.article
    start, end = span_of(window, "bridge at Arden")
    to_qt = article.text_map().to_qt
    click_then_shift_right(qtbot, article, to_qt(start + 2), end - start - 4, ALT)
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(article, Qt.Key.Key_1, CTRL)
    [a] = stored(project.path, tmp_path)
    assert a.exact == "idge at Ard"
    # a plain click afterwards snaps again
    other_start, other_end = span_of(window, "higher ground")
    click_then_shift_right(qtbot, article, to_qt(other_start + 1), other_end - other_start - 2)
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(article, Qt.Key.Key_2, CTRL)
    assert sorted(b.exact for b in stored(project.path, tmp_path)) == [
        "higher ground", "idge at Ard",
    ]  # fmt: skip


@popup_noise
def test_t_in_a_comment_codes_whole_words_of_a_keyboard_selection(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    # make Ben's comment current, with the editor ready
    cid, start, end = select_in_comment(window, qtbot, "deserve a medal")
    editor = window.comments.current_editor()
    to_qt = editor.text_map.to_qt
    # click in "des|erve", then Ctrl+Shift+→ three times (a word step ends after the
    # space): "erve a medal ", the start inside "deserve"
    qtbot.mouseClick(
        editor.viewport(), Qt.MouseButton.LeftButton, pos=point_at(editor, to_qt(start + 3))
    )
    qtbot.keyPress(editor, Qt.Key.Key_Shift)
    for _ in range(3):
        qtbot.keyClick(editor, Qt.Key.Key_Right, SHIFT | CTRL)
    qtbot.keyRelease(editor, Qt.Key.Key_Shift)
    assert editor.textCursor().selectedText().startswith("erve a medal")
    chooser = window.annotator.chooser
    qtbot.keyClick(editor, Qt.Key.Key_T)
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClicks(chooser.edit, "Solid")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    [a] = stored(project.path, tmp_path)
    assert a.comment_id == cid
    assert a.exact == "deserve a medal"
