"""Correcting the structure in the window: each correction by context menu, menu bar or
key, what the reader sees after it (the thread, the article), what the file holds, and
undo and redo of each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QTextCursor

from reader.resources_path import seed_files
from reader.ui.panes.comments.delegate import CORRECTED_MARK

from .annotating import click_menu_item, open_context_menu, open_submenu, popup_noise

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = CTRL | Qt.KeyboardModifier.AltModifier


# ---- what the reader sees, and what the file holds


def thread(window) -> list[tuple[int, str]]:
    """The comment tree as shown: (depth, first words) in reading order."""
    model = window.comment_model
    out: list[tuple[int, str]] = []

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append((depth, model.comment(index).text[:24]))
            walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return out


def article_text(window) -> str:
    return window.article.toPlainText()


def in_file(path: Path) -> list[tuple[str, int]]:
    """The corrections in the project file, read through a connection of its own."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT kind, offset FROM corrections ORDER BY position").fetchall()
    finally:
        conn.close()


def annotation_parts(path: Path) -> dict[str, str | None]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT note, comment_id FROM annotations").fetchall())
    finally:
        conn.close()


def open_seed(window, project, prefix: str) -> None:
    doc_id = next(s.id for s in project.documents() if Path(s.source_path).name.startswith(prefix))
    if window.current_document_id() != doc_id:
        assert window.open_document(doc_id)


def select_comment(window, qtbot, words: str, cursor_at: str | None = None):
    """Make the comment starting with ``words`` current; put the text cursor at the start
    of ``cursor_at`` in it (as a click would)."""
    doc = window.current_document()
    comment = next(c for c in doc.comments if c.text.startswith(words))
    pane = window.comments
    assert pane.select_comment(comment.id)
    qtbot.waitUntil(lambda: pane.current_editor() is not None)
    editor = pane.current_editor()
    editor.setFocus(Qt.FocusReason.MouseFocusReason)
    if cursor_at is not None:
        at = doc.text.index(cursor_at, comment.start)
        cursor = QTextCursor(editor.document())
        cursor.setPosition(editor.text_map.to_qt(at))
        editor.setTextCursor(cursor)
    return comment


def cursor_in_article(window, words: str) -> int:
    doc = window.current_document()
    at = doc.text.index(words)
    cursor = QTextCursor(window.article.document())
    cursor.setPosition(window.article.text_map().to_qt(at))
    window.article.setFocus(Qt.FocusReason.MouseFocusReason)
    window.article.setTextCursor(cursor)
    return at


def press(qtbot, window, key, modifiers) -> None:
    stack = window.session.undo_stack
    with qtbot.waitSignal(stack.indexChanged):
        qtbot.keyClick(window.focusWidget() or window, key, modifiers)


def undo(qtbot, window) -> None:
    press(qtbot, window, Qt.Key.Key_Z, CTRL)


def redo(qtbot, window) -> None:
    press(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)


@pytest.fixture
def window(make_window, seeded_project):
    return make_window(seeded_project)


# ---- each correction, and its undo and redo


@popup_noise
def test_split_a_comment_from_its_context_menu_then_undo_and_redo(window, qtbot):
    project = window.project()
    open_seed(window, project, "001")
    before = thread(window)
    assert len(before) == 8
    select_comment(window, qtbot, "I am not surprised", "The worst thing about")
    editor = window.comments.current_editor()
    menu = open_context_menu(qtbot, editor.viewport(), editor.cursorRect().center())
    structure = open_submenu(qtbot, menu, "Structure")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        click_menu_item(qtbot, structure, "Split Comment Here")

    after = thread(window)
    assert len(after) == 9
    second = after.index((0, "The worst thing about th"))
    assert after[second - 1] == (0, "I am not surprised that ")
    at = window.current_document().text.index("The worst thing about")
    assert in_file(project.path) == [("split comment", at)]
    # The new comment is current, marked, and the status line says who changed it.
    current = window.current_document().comment(window.comments.current_comment())
    assert current.text.startswith("The worst thing about")
    index = window.comment_model.index_of(current.id)
    assert CORRECTED_MARK in window.comments.delegate.header_text(index, current)
    assert "corrected by you" in window.position_label.text()
    assert window.action("undo").text() == "&Undo Split comment #5"

    undo(qtbot, window)
    assert thread(window) == before
    assert in_file(project.path) == []
    assert "corrected by you" not in window.position_label.text()

    redo(qtbot, window)
    assert thread(window) == after
    assert len(in_file(project.path)) == 1


@popup_noise
def test_merge_with_the_previous_comment_by_key(window, qtbot):
    project = window.project()
    open_seed(window, project, "000")
    before = thread(window)
    select_comment(window, qtbot, "It is better for them")
    press(qtbot, window, Qt.Key.Key_M, CTRL_ALT)
    after = thread(window)
    assert len(after) == len(before) - 1
    assert (0, "It is better for them to") not in after
    doc = window.current_document()
    merged = next(c for c in doc.comments if c.text.startswith("One last comment"))
    assert merged.text.endswith("support us on the down low.")
    assert window.comments.current_comment() == merged.id
    assert [k for k, _ in in_file(project.path)] == ["merge comment"]

    undo(qtbot, window)
    assert thread(window) == before and in_file(project.path) == []
    redo(qtbot, window)
    assert thread(window) == after


@popup_noise
def test_reply_to_an_earlier_comment_then_make_it_top_level(window, qtbot):
    project = window.project()
    open_seed(window, project, "000")
    before = thread(window)
    asked = []

    def choose(title, labels, current):
        asked.append((title, labels, current))
        return next(i for i, label in enumerate(labels) if "As usual, Russia" in label)

    window.structure.choose_parent = choose
    select_comment(window, qtbot, "Your comment hasn’t aged well")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        window.action("structure_reply_to").trigger()
    [(title, labels, current)] = asked
    assert title == "Comment #9 replies to…"
    assert len(labels) == 8 and labels[0].startswith("#1  As usual, Russia")
    assert current == 7  # no parent yet: the comment just before is offered first
    after = thread(window)
    assert after[:2] == [(0, "As usual, Russia who cal"), (1, "Your comment hasn’t aged")]
    assert [k for k, _ in in_file(project.path)] == ["reparent"]

    press(qtbot, window, Qt.Key.Key_U, CTRL_ALT)  # Make Top-Level
    assert sorted(thread(window)) == sorted(before)
    assert [k for k, _ in in_file(project.path)] == ["reparent", "reparent"]

    undo(qtbot, window)
    assert thread(window) == after
    undo(qtbot, window)
    assert thread(window) == before and in_file(project.path) == []


def thread_as_shown(window) -> list[tuple[int, str, str, int, bool]]:
    """Every row of the thread as the view shows it: depth, label, first words, replies
    below, and whether its replies are open."""
    model, view = window.comment_model, window.comments.view
    out = []

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            comment = model.comment(index)
            replies = model.rowCount(index)
            shown = (depth, model.label(comment.id), comment.text[:24], replies)
            out.append((*shown, bool(replies) and view.isExpanded(index)))
            walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return out


def reopened(window, qtbot) -> list[tuple[int, str, str, int, bool]]:
    """The thread of the open document as a fresh open shows it."""
    doc_id = window.current_document_id()
    other = next(s.id for s in window.project().documents() if s.id != doc_id)
    assert window.open_document(other) and window.open_document(doc_id)
    qtbot.waitUntil(window.comments.fully_expanded)
    return thread_as_shown(window)


def test_a_correction_its_undo_and_redo_show_the_thread_as_a_fresh_open(window, qtbot):
    project = window.project()
    open_seed(window, project, "000")
    qtbot.waitUntil(window.comments.fully_expanded)
    before = thread_as_shown(window)
    window.structure.choose_parent = lambda _title, labels, _current: next(
        i for i, label in enumerate(labels) if "As usual, Russia" in label
    )
    select_comment(window, qtbot, "Your comment hasn’t aged well")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        window.action("structure_reply_to").trigger()
    after = thread_as_shown(window)
    assert after != before
    assert after[:2] == [
        (0, "1", "As usual, Russia who cal", 1, True),
        (1, "1.1", "Your comment hasn’t aged", 0, False),
    ]
    assert window.comments.current_comment() is not None  # the reader's place is kept
    assert after == reopened(window, qtbot)

    undo(qtbot, window)
    assert thread_as_shown(window) == before == reopened(window, qtbot)
    redo(qtbot, window)
    assert thread_as_shown(window) == after == reopened(window, qtbot)


@popup_noise
def test_comments_start_here_from_the_article_context_menu(window, qtbot):
    project = window.project()
    open_seed(window, project, "000")
    words = "This is a developing story"
    assert words in article_text(window)
    before = thread(window)
    at = cursor_in_article(window, words)
    point = window.article.cursorRect().center()
    menu = open_context_menu(qtbot, window.article.viewport(), point)
    structure = open_submenu(qtbot, menu, "Structure")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        click_menu_item(qtbot, structure, "Comments Start Here")
    assert words not in article_text(window)
    assert thread(window)[0] == (0, "This is a developing sto")
    assert len(thread(window)) == len(before) + 1
    assert in_file(project.path) == [("comments start", at)]

    undo(qtbot, window)
    assert words in article_text(window) and thread(window) == before
    redo(qtbot, window)
    assert words not in article_text(window)


@popup_noise
def test_this_is_still_the_article_by_key_marks_the_paragraph(window, qtbot):
    project = window.project()
    open_seed(window, project, "000")
    words = "As usual, Russia who calls itself"
    assert words not in article_text(window)
    select_comment(window, qtbot, words)
    press(qtbot, window, Qt.Key.Key_A, CTRL_ALT)
    assert words in article_text(window)
    assert thread(window)[0] == (0, "I don’t care about who c")
    assert len(window.article.margin_mark_rects()) == 1
    assert [k for k, _ in in_file(project.path)] == ["still article"]
    undo(qtbot, window)
    assert words not in article_text(window)
    assert window.article.margin_mark_rects() == []


@popup_noise
def test_boilerplate_marked_by_key_and_brought_back_from_the_menu(window, qtbot):
    project = window.project()
    open_seed(window, project, "001")
    words = "Military officials added 21"
    cursor_in_article(window, words)
    press(qtbot, window, Qt.Key.Key_B, CTRL_ALT)
    assert words not in article_text(window)  # left out, and left-out text is hidden
    assert [k for k, _ in in_file(project.path)] == ["boilerplate"]

    window.action("show_left_out").setChecked(True)
    assert "[left out: marked by you] " + words in article_text(window)
    assert len(window.article.margin_mark_rects()) == 1
    cursor_in_article(window, words)
    menu = window.structure.menu
    menu.aboutToShow.emit()
    assert window.action("structure_not_boilerplate").isEnabled()
    assert not window.action("structure_boilerplate").isEnabled()
    menu.aboutToHide.emit()
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        window.action("structure_not_boilerplate").trigger()
    assert "[left out" not in article_text(window).split(words)[0][-30:]
    assert [k for k, _ in in_file(project.path)] == ["boilerplate", "not boilerplate"]

    undo(qtbot, window)
    undo(qtbot, window)
    assert in_file(project.path) == []
    assert "[left out" not in article_text(window).split(words)[0][-30:]


@popup_noise
def test_a_spam_comment_marked_as_boilerplate_leaves_the_thread(window, qtbot):
    project = window.project()
    open_seed(window, project, "001")
    comment = select_comment(window, qtbot, "Well, as long as Azerbaijan")
    editor = window.comments.current_editor()
    menu = open_context_menu(qtbot, editor.viewport(), QPoint(5, 5))
    structure = open_submenu(qtbot, menu, "Structure")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        click_menu_item(qtbot, structure, "Mark as Boilerplate")
    shown = thread(window)
    assert len(shown) == 7 and (0, "Armenian PM is doing muc") in shown
    assert in_file(project.path) == [("boilerplate", comment.start)]
    undo(qtbot, window)
    assert len(thread(window)) == 8


@popup_noise
def test_reset_to_automatic_forgets_every_correction_and_undo_brings_them_back(window, qtbot):
    project = window.project()
    open_seed(window, project, "000")
    before = thread(window)
    select_comment(window, qtbot, "It is better for them")
    press(qtbot, window, Qt.Key.Key_M, CTRL_ALT)
    select_comment(window, qtbot, "Your comment hasn’t aged well")
    window.structure.choose_parent = lambda _t, labels, _c: 0
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        window.action("structure_reply_to").trigger()
    corrected = thread(window)
    assert len(in_file(project.path)) == 2

    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        window.action("structure_reset").trigger()
    assert thread(window) == before and in_file(project.path) == []
    assert window.action("undo").text() == "&Undo Reset structure to automatic"
    window.structure.menu.aboutToShow.emit()
    assert not window.action("structure_reset").isEnabled()
    window.structure.menu.aboutToHide.emit()

    undo(qtbot, window)
    assert thread(window) == corrected
    assert [k for k, _ in in_file(project.path)] == ["merge comment", "reparent"]


# ---- what stays put


@popup_noise
def test_an_annotation_stays_on_its_words_and_follows_its_comment(window, qtbot):
    project = window.project()
    open_seed(window, project, "001")
    doc = window.current_document()
    doc_id = window.current_document_id()
    words = "The worst thing about these kind of comments"
    start = doc.text.index(words)
    tag = project.add_tag("Meta")
    a = project.add_annotation(doc_id, start, start + len(words), [tag.id], note="tail")
    window.annotator.reload()
    whole = doc.comment_at(start).id
    assert annotation_parts(project.path) == {"tail": whole}

    select_comment(window, qtbot, "I am not surprised", words)
    press(qtbot, window, Qt.Key.Key_S, CTRL_ALT)
    second = window.current_document().comment_at(start)
    assert second.text.startswith(words) and second.id != whole
    assert annotation_parts(project.path) == {"tail": second.id}
    [shown] = window.session.index.all()
    assert (shown.id, shown.start, shown.end, shown.comment_id) == (a.id, a.start, a.end, second.id)
    assert window.annotation_model.rowCount() == 1

    undo(qtbot, window)
    assert annotation_parts(project.path) == {"tail": whole}
    [shown] = window.session.index.all()
    assert shown.comment_id == whole


@popup_noise
def test_the_reading_position_is_kept_across_a_correction(window, qtbot):
    project = window.project()
    open_seed(window, project, "001")
    window.resize(1024, 640)
    article = window.article
    bar = article.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200)
    bar.setValue(bar.maximum() // 2)
    top = article.reading_offset()
    assert top is not None
    select_comment(window, qtbot, "I am not surprised", "The worst thing about")
    press(qtbot, window, Qt.Key.Key_S, CTRL_ALT)
    assert abs(article.reading_offset() - top) < 80
    undo(qtbot, window)
    assert abs(article.reading_offset() - top) < 80


@popup_noise
def test_nothing_to_change_is_not_pushed_and_the_status_bar_says_why(window, qtbot):
    project = window.project()
    open_seed(window, project, "001")
    select_comment(window, qtbot, "Well, as long as Azerbaijan")  # the first comment
    window.action("structure_merge_comment").trigger()
    assert window.session.undo_stack.count() == 0
    assert "has one before it" in window.statusBar().currentMessage()
    window.action("structure_make_top_level").trigger()
    assert window.session.undo_stack.count() == 0
    assert "already top-level" in window.statusBar().currentMessage()
    assert in_file(project.path) == []


@popup_noise
def test_undoing_a_correction_of_another_document_shows_that_document(window, qtbot):
    project = window.project()
    open_seed(window, project, "001")
    doc_id = window.current_document_id()
    select_comment(window, qtbot, "Well, as long as Azerbaijan")
    press(qtbot, window, Qt.Key.Key_B, CTRL_ALT)
    count = window.document_model.summary(doc_id).comment_count
    assert count == 7
    open_seed(window, project, "000")
    undo(qtbot, window)
    assert window.current_document_id() == doc_id
    assert len(thread(window)) == 8
    assert window.document_model.summary(doc_id).comment_count == 8


def test_the_structure_menu_lists_every_action_with_distinct_keys(window):
    menu = window.structure.menu
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Comments Start Here", "This Is Still the Article", "Split Comment Here",
        "Merge with Previous Comment", "Reply to…", "Make Top-Level", "Mark as Boilerplate",
        "Not Boilerplate", "Reset Structure to Automatic", "Show Pingbacks and Trackbacks",
    ]  # fmt: skip
    seen: dict[str, str] = {}
    for action in window.findChildren(type(window.action("undo"))):
        for key in action.shortcuts():
            name = key.toString()
            assert name not in seen, f"{name}: {seen.get(name)} and {action.objectName()}"
            seen[name] = action.objectName()


@popup_noise
def test_a_reimport_says_how_many_corrections_were_lost_and_undo_copes(
    make_window, open_project, tmp_path, qtbot
):
    source = tmp_path / "page.txt"
    seed = next(p for p in seed_files() if p.name.startswith("000"))
    source.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    project = open_project(tmp_path / "page.reader")
    project.import_files([source])
    window = make_window(project)
    gone = "Destroying Azerbaijan’s oil pipelines"
    select_comment(window, qtbot, gone)
    press(qtbot, window, Qt.Key.Key_M, CTRL_ALT)  # merged into the comment before it
    select_comment(window, qtbot, "It is better for them")
    press(qtbot, window, Qt.Key.Key_M, CTRL_ALT)
    assert len(thread(window)) == 10
    old = window.current_document().text
    cut = old.index(gone)
    source.write_text(
        old[:cut]
        + "A different comment entirely, about the weather."
        + old[old.index("\n", cut) :],
        encoding="utf-8",
    )
    window.import_paths([source])
    assert "1 updated; 1 correction could not be re-applied" in window.statusBar().currentMessage()
    assert [k for k, _ in in_file(project.path)] == ["merge comment"]
    shown = thread(window)
    assert (0, "A different comment enti") in shown and (0, "It is better for them to") not in shown

    undo(qtbot, window)  # the second merge, still there (moved by the re-import)
    assert in_file(project.path) == [] and (0, "It is better for them to") in thread(window)
    redo(qtbot, window)
    assert (0, "It is better for them to") not in thread(window)
    undo(qtbot, window)
    window.session.undo_stack.undo()  # the first merge: its correction is gone
    assert "Could not undo" in window.statusBar().currentMessage()
    assert len(thread(window)) == 12
