"""Keys meant as text never become commands: a query typed, Enter, and more letters
tag nothing and annotate nothing; the same keys after a pause act as shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from .annotating import flood_project, popup_noise, select_in_article, tag_id
from .test_search_ui import SEED_001, SEED_003, open_search, search, seed_id


def advance(window, seconds: float) -> None:
    """Let ``seconds`` pass for the key guard (the test types faster than any pause)."""
    clock = window.key_guard._clock
    window.key_guard._clock = lambda: clock() + seconds


@popup_noise
def test_a_query_enter_and_more_letters_make_no_tag(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_001))
    seeded_project.add_tag("blame")
    window.annotator.reload_codebook()
    pane = open_search(window, qtbot)
    search(window, qtbot, "Lachin")
    qtbot.keyClick(pane.query_edit, Qt.Key.Key_Return)
    assert window.current_document_id() == seed_id(window, SEED_003)
    assert window.article.textCursor().selectedText() == "Lachin"
    # the focus stays in the query: what is typed next is text
    assert pane.query_edit.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "tag:blame")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N)
    assert not window.annotator.chooser.isVisible()
    assert seeded_project.annotations() == []
    assert pane.query() == "Lachintag:blamen"
    assert {t.name for t in seeded_project.tags()} == {"blame"}


@popup_noise
def test_enter_again_goes_to_the_hit_but_the_typing_burst_stays_text(
    make_window, seeded_project, qtbot
):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_001))
    pane = open_search(window, qtbot)
    search(window, qtbot, "Lachin")
    qtbot.keyClick(pane.query_edit, Qt.Key.Key_Return)
    assert pane.query_edit.hasFocus()
    qtbot.keyClick(pane.query_edit, Qt.Key.Key_Return)  # again: into the text
    assert window.article.hasFocus()
    assert window.article.textCursor().selectedText() == "Lachin"
    # still the same burst of typing: T, N and Del are not taken as shortcuts
    for key in (Qt.Key.Key_T, Qt.Key.Key_N, Qt.Key.Key_A, Qt.Key.Key_Delete):
        qtbot.keyClick(window.article, key)
    assert not window.annotator.chooser.isVisible()
    assert seeded_project.annotations() == []
    assert "not taken as a shortcut" in window.statusBar().currentMessage()
    # after a pause, T is the shortcut again
    advance(window, 2.0)
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    qtbot.waitUntil(window.annotator.chooser.isVisible)
    qtbot.keyClick(window.annotator.chooser.edit, Qt.Key.Key_Escape)


@popup_noise
def test_the_document_filter_enter_then_t_tags_nothing(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "bridge at Arden")
    window.sidebar.focus_filter()
    qtbot.keyClicks(window.sidebar.filter_edit, "riv")
    qtbot.keyClick(window.sidebar.filter_edit, Qt.Key.Key_Return)
    assert window.sidebar.list_view.hasFocus()
    qtbot.keyClick(window.sidebar.list_view, Qt.Key.Key_T)
    qtbot.keyClick(window.sidebar.list_view, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier)
    assert not window.annotator.chooser.isVisible()
    assert project.annotations() == []
    # Ctrl+1 is no text: it tags at once, typing or not
    qtbot.keyClick(window.sidebar.list_view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    [a] = project.annotations()
    assert a.exact == "bridge at Arden" and a.tags == (tag_id(project, "Fear"),)


@popup_noise
def test_no_shortcut_while_an_input_method_composes(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "bridge at Arden")
    advance(window, 2.0)
    composing = QInputMethodEvent("t", [])
    QApplication.sendEvent(window.article, composing)
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    assert not window.annotator.chooser.isVisible()
    QApplication.sendEvent(window.article, QInputMethodEvent())  # committed (nothing)
    select_in_article(window, "bridge at Arden")
    advance(window, 4.0)
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    qtbot.waitUntil(window.annotator.chooser.isVisible)
    qtbot.keyClick(window.annotator.chooser.edit, Qt.Key.Key_Escape)
