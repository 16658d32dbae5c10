"""Selecting the article with the keyboard: Shift and the arrows always, a visible caret
with F7 (caret browsing), by sentence (Alt+Shift+→) and paragraph (Ctrl+Shift+↓); T tags
what the keys selected. The same sentence keys in a comment."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from .annotating import flood_project, popup_noise, span_of, tag_id

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def click_before(window, qtbot, needle: str) -> None:
    """Click in the article just before the first letter of ``needle``."""
    article = window.article
    start, _ = span_of(window, needle)
    cursor = QTextCursor(article.document())
    cursor.setPosition(article.text_map().to_qt(start))
    rect = article.cursorRect(cursor)
    qtbot.mouseClick(
        article.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.left() + 1, rect.center().y()),
    )
    assert article.hasFocus()


def selected(window) -> str:
    return window.article.textCursor().selectedText()


@popup_noise
def test_shift_arrows_select_in_the_article_and_t_tags_it(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    click_before(window, qtbot, "bridge at Arden")
    for _ in range(6):
        qtbot.keyClick(window.article, Qt.Key.Key_Right, SHIFT)
    assert selected(window) == "bridge"
    for _ in range(3):  # to " at", to " Arden", past it
        qtbot.keyClick(window.article, Qt.Key.Key_Right, CTRL | SHIFT)
    assert selected(window).rstrip() == "bridge at Arden"
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    chooser = window.annotator.chooser
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClicks(chooser.edit, "Soli")
    qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    [a] = project.annotations()
    assert a.exact == "bridge at Arden" and a.tags == (tag_id(project, "Solidarity"),)


def test_f7_shows_a_caret_the_arrows_move(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    article = window.article
    click_before(window, qtbot, "bridge at Arden")
    at = article.textCursor().position()
    qtbot.keyClick(article, Qt.Key.Key_Right)  # reading: the arrows do not move a caret
    assert article.textCursor().position() == at
    assert not window.action("caret_browsing").isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert window.action("caret_browsing").isChecked()
    assert article.caret_browsing()
    caret = article.cursorRect()
    shot = article.viewport().grab().toImage()
    x, y = caret.left(), caret.center().y()
    background = shot.pixelColor(caret.left() - 6, y)
    assert shot.pixelColor(x, y) != background  # a caret is drawn
    qtbot.keyClick(article, Qt.Key.Key_Right)
    qtbot.keyClick(article, Qt.Key.Key_Right)
    assert article.textCursor().position() == at + 2
    qtbot.keyClick(article, Qt.Key.Key_End, SHIFT)
    assert selected(window).startswith("idge at Arden")
    qtbot.keyClick(article, Qt.Key.Key_Home)
    assert not article.textCursor().hasSelection()
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert not article.caret_browsing()


def test_sentence_and_paragraph_keys_select_whole_units(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    article = window.article
    click_before(window, qtbot, "The river rose")
    qtbot.keyClick(article, Qt.Key.Key_Right, ALT | SHIFT)
    sentence = "The river rose two metres overnight 🌧️ and the bridge at Arden closed before dawn."
    assert selected(window) == sentence
    qtbot.keyClick(article, Qt.Key.Key_Right, ALT | SHIFT)
    assert selected(window).endswith("filled sandbags.")
    qtbot.keyClick(article, Qt.Key.Key_Left, ALT | SHIFT)
    assert selected(window) == sentence
    # Ctrl+Shift+Down: to the paragraph's end, then the next paragraph's (not the
    # window's Go to Parent Comment, which Ctrl+Shift+Up is in the thread)
    click_before(window, qtbot, "Officials said")
    qtbot.keyClick(article, Qt.Key.Key_Down, CTRL | SHIFT)
    assert selected(window).endswith("until Thursday.")
    assert selected(window).startswith("Officials said")
    qtbot.keyClick(article, Qt.Key.Key_Up, CTRL | SHIFT)
    assert selected(window) == ""
    qtbot.keyClick(article, Qt.Key.Key_Up, CTRL | SHIFT)
    assert selected(window).startswith("The river rose")


def test_sentence_keys_in_a_comment(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    doc = window.current_document()
    start, _ = span_of(window, "Nobody listens to anyone")
    comment = doc.comment_at(start)
    pane = window.comments
    assert pane.select_comment(comment.id)
    qtbot.waitUntil(lambda: pane.current_editor() is not None)
    editor = pane.current_editor()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(editor.text_map.to_qt(start))
    rect = editor.cursorRect(cursor)
    qtbot.mouseClick(
        editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 1, rect.center().y())
    )
    qtbot.keyClick(editor, Qt.Key.Key_Right, ALT | SHIFT)
    assert editor.textCursor().selectedText() == (
        "Nobody listens to anyone 😤 any more, not even about floods."
    )
    assert pane.selection() == (comment.id, start, start + len(editor.textCursor().selectedText()))
