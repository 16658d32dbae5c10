"""Tagging passages in the article and in comments: by shortcut and by context menu,
highlighted in the tag's colour, undone and redone through the file."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from .annotating import (
    article_highlights,
    click_menu_item,
    comment_background,
    fill_of,
    flood_project,
    open_context_menu,
    open_submenu,
    popup_noise,
    select_in_article,
    select_in_comment,
    stored,
    tag_id,
)

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@popup_noise
def test_ctrl_1_tags_the_article_selection_and_undo_redo_go_through_the_file(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "herds 🐄 to higher ground"
    start, end = select_in_article(window, needle)
    stack = window.session.undo_stack

    with qtbot.waitSignal(stack.indexChanged):
        qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    [a] = stored(project.path, tmp_path)
    assert (a.start, a.end, a.exact, a.comment_id) == (start, end, needle, None)
    assert a.tags == (tag_id(project, "Fear"),)
    assert article_highlights(window)[needle] == fill_of(project, "Fear")
    assert window.action("undo").text() == "&Undo Tag “herds 🐄 to higher ground” with “Fear”"

    with qtbot.waitSignal(stack.indexChanged):
        qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert stored(project.path, tmp_path) == []
    assert needle not in article_highlights(window)

    with qtbot.waitSignal(stack.indexChanged):
        qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL_SHIFT)
    [again] = stored(project.path, tmp_path)
    assert again == a  # the same id, times and tags
    assert article_highlights(window)[needle] == fill_of(project, "Fear")


@popup_noise
def test_a_second_tag_on_the_same_selection_joins_the_same_annotation(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "the bridge at Arden closed")
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(window.article, Qt.Key.Key_3, CTRL)  # Fear, Blame, Solidarity: 3rd
    [a] = stored(project.path, tmp_path)
    assert a.tags == (tag_id(project, "Fear"), tag_id(project, "Solidarity"))
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    [a] = stored(project.path, tmp_path)
    assert a.tags == (tag_id(project, "Fear"),)


@popup_noise
def test_the_context_menu_tags_the_article_selection(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "dams held 👍 but warned"
    select_in_article(window, needle)
    cursor = window.article.textCursor()
    point = window.article.cursorRect(cursor).center()
    menu = open_context_menu(qtbot, window.article.viewport(), point)
    tags = open_submenu(qtbot, menu, "Tag “dams held")
    fear = open_submenu(qtbot, tags, "Fear")  # Fear has a subtag: a submenu of its own
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        click_menu_item(qtbot, fear, "Blame")
    [a] = stored(project.path, tmp_path)
    assert a.exact == needle and a.tags == (tag_id(project, "Blame"),)
    assert article_highlights(window)[needle] == fill_of(project, "Blame")


@popup_noise
def test_ctrl_2_tags_a_selection_in_a_comment(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "volunteers 🙏 deserve a medal"
    comment_id, start, end = select_in_comment(window, qtbot, needle)
    editor = window.comments.current_editor()
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(editor, Qt.Key.Key_2, CTRL)
    [a] = stored(project.path, tmp_path)
    assert (a.start, a.end, a.exact, a.comment_id) == (start, end, needle, comment_id)
    assert a.tags == (tag_id(project, "Blame"),)
    blame = fill_of(project, "Blame")
    assert comment_background(window, comment_id, start) == blame
    # the comment being read shows it too
    editor = window.comments.current_editor()
    position = editor.text_map.to_qt(start)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position + 1)
    assert cursor.charFormat().background().color().name() == blame

    window.session.undo_stack.undo()
    assert stored(project.path, tmp_path) == []
    assert comment_background(window, comment_id, start) is None


@popup_noise
def test_the_context_menu_on_a_comment_tags_its_selection(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "nobody listens to the engineers"
    comment_id, start, _end = select_in_comment(window, qtbot, needle)
    editor = window.comments.current_editor()
    point = editor.cursorRect(editor.textCursor()).center()
    menu = open_context_menu(qtbot, editor.viewport(), point)
    tags = open_submenu(qtbot, menu, "Tag “nobody")
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        click_menu_item(qtbot, tags, "Solidarity")
    [a] = stored(project.path, tmp_path)
    assert a.exact == needle and a.comment_id == comment_id
    assert comment_background(window, comment_id, start) == fill_of(project, "Solidarity")


@popup_noise
def test_without_a_selection_nothing_is_tagged_and_the_status_bar_says_why(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    window.article.setFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)
    assert stored(project.path, tmp_path) == []
    assert "Select a passage" in window.statusBar().currentMessage()
    assert not window.session.undo_stack.canUndo()


@popup_noise
def test_highlights_stay_on_their_words_after_emoji_in_both_panes(
    make_window, open_project, tmp_path, qtbot
):
    """Every emoji before a passage is two UTF-16 units: highlights must not drift."""
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    doc = window.current_document()
    doc_id = window.current_document_id()
    fear = tag_id(project, "Fear")
    needles = ["Thursday", "west", "volunteers filled sandbags", "any more, not even"]
    for needle in needles:
        start = doc.text.index(needle)
        window.annotator.apply_tag(
            fear, window.passages.passage(start, start + len(needle), None, "test")
        )
    assert {a.exact for a in project.annotations(doc_id)} == set(needles)
    shown = article_highlights(window)
    for needle in needles[:3]:
        assert shown[needle] == fill_of(project, "Fear")
    comment = doc.comment_at(doc.text.index("any more"))
    text_map = window.comments.comment_text_map(comment.id)
    a = next(x for x in project.annotations(doc_id) if x.exact == needles[3])
    assert a.comment_id == comment.id
    qdoc = window.comments.texts.laid_out(comment, 400)
    a16, b16 = text_map.qt_ranges(a.start, a.end)[0]
    cursor = QTextCursor(qdoc)
    cursor.setPosition(a16)
    cursor.setPosition(b16, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == needles[3]


@popup_noise
def test_hovering_a_highlight_shows_its_tags(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "Schools in the lower town"
    select_in_article(window, needle)
    qtbot.keyClick(window.article, Qt.Key.Key_3, CTRL)
    cursor = window.article.textCursor()
    cursor.setPosition(cursor.selectionStart() + 3)
    window.article.setTextCursor(cursor)
    point = window.article.cursorRect(cursor).center() + QPoint(0, 0)
    found = window.annotator.painter.highlighter.annotations_at(point)
    assert [a.exact for a in window.session.records(found)] == [needle]
    from reader.ui.painting.highlights import describe

    text = describe(found, window.annotator._tags, window.annotator.painter.style)
    assert "Solidarity" in text
    QApplication.processEvents()


# ---- the tag chooser


@popup_noise
def test_t_opens_the_chooser_typing_narrows_and_enter_applies(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "bridge at Arden"
    select_in_article(window, needle)
    chooser = window.annotator.chooser
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    qtbot.waitUntil(chooser.isVisible)
    assert chooser.model.rowCount() == 3
    qtbot.keyClicks(chooser.edit, "sol")
    assert [chooser.model.choice(r).label for r in range(chooser.model.rowCount())] == [
        "Solidarity",
        "Create tag “sol”",
    ]
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    assert not chooser.isVisible()
    [a] = stored(project.path, tmp_path)
    assert a.exact == needle and a.tags == (tag_id(project, "Solidarity"),)


@popup_noise
def test_the_chooser_finds_subtags_by_their_parent_and_moves_with_arrows(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "Farmers moved")
    chooser = window.annotator.chooser
    qtbot.keyClick(window.article, Qt.Key.Key_T)
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClicks(chooser.edit, "fea")
    labels = [chooser.model.choice(r).label for r in range(chooser.model.rowCount())]
    assert labels[:2] == ["Fear", "Fear › Blame"]
    qtbot.keyClick(chooser.edit, Qt.Key.Key_Down)
    qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    [a] = stored(project.path, tmp_path)
    assert a.tags == (tag_id(project, "Blame"),)


@popup_noise
def test_the_chooser_creates_a_tag_inline_and_one_undo_takes_both_back(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "nobody listens to the engineers"
    select_in_comment(window, qtbot, needle)
    editor = window.comments.current_editor()
    chooser = window.annotator.chooser
    qtbot.keyClick(editor, Qt.Key.Key_T)
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClicks(chooser.edit, "Engineers ignored")
    assert chooser.current_choice().label == "Create tag “Engineers ignored”"
    qtbot.keyClick(chooser.edit, Qt.Key.Key_Enter)
    [a] = stored(project.path, tmp_path)
    assert a.exact == needle
    assert [t.name for t in project.tags() if t.id in a.tags] == ["Engineers ignored"]
    assert window.codebook_model.tag(a.tags[0]) is not None
    assert window.action("undo").text() == "&Undo Tag with new tag “Engineers ignored”"
    window.session.undo_stack.undo()
    assert stored(project.path, tmp_path) == []
    assert "Engineers ignored" not in [t.name for t in project.tags()]
    window.session.undo_stack.redo()
    [again] = stored(project.path, tmp_path)
    assert again.id == a.id and again.tags == a.tags


@popup_noise
def test_shift_t_tags_the_whole_current_comment(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    doc = window.current_document()
    comment = doc.comments[1]
    window.comments.select_comment(comment.id)
    window.comments.view.setFocus()
    chooser = window.annotator.chooser
    qtbot.keyClick(window.comments.view, Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(chooser.isVisible)
    assert "whole comment" in chooser.title.text()
    qtbot.keyClicks(chooser.edit, "Solid")
    qtbot.keyClick(chooser.edit, Qt.Key.Key_Return)
    [a] = stored(project.path, tmp_path)
    assert a.comment_id == comment.id
    # the whole comment, from its first word to its last, as the document has it
    assert a.exact.split() == comment.text.split()
    assert comment.start <= a.start < a.end <= comment.end


@popup_noise
def test_the_whole_paragraph_under_the_article_cursor(make_window, open_project, tmp_path, qtbot):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    doc = window.current_document()
    start, _end = select_in_article(window, "Schools in the lower")
    cursor = window.article.textCursor()
    cursor.clearSelection()
    window.article.setTextCursor(cursor)
    passage = window.passages.unit()
    block = doc.blocks[doc.block_at(start)]
    assert (passage.start, passage.end) == (block.start, block.end)
    window.annotator.apply_tag(tag_id(project, "Fear"), passage)
    [a] = stored(project.path, tmp_path)
    assert a.exact == block.text


@popup_noise
def test_ctrl_digit_in_the_thread_with_nothing_selected_tags_the_whole_comment(
    make_window, open_project, tmp_path, qtbot
):
    """Users who code whole posts move through the thread and press one key."""
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    doc = window.current_document()
    view = window.comments.view
    window.comments.select_comment(doc.comments[0].id)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_3, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_1, CTRL)
    first, second = stored(project.path, tmp_path)
    assert first.comment_id == doc.comments[0].id and first.tags == (tag_id(project, "Solidarity"),)
    assert second.comment_id == doc.comments[1].id and second.tags == (tag_id(project, "Fear"),)
    assert first.exact.split() == doc.comments[0].text.split()


@popup_noise
def test_a_real_tooltip_names_the_tags_and_the_note(make_window, open_project, tmp_path, qtbot):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "more rain was coming")
    qtbot.keyClick(window.article, Qt.Key.Key_2, CTRL)
    [a] = stored(project.path, tmp_path)
    project.set_note(a.id, "Forecast says so")
    window.annotator.reload()
    cursor = window.article.textCursor()
    cursor.setPosition(cursor.selectionStart() + 3)
    point = window.article.cursorRect(cursor).center()
    viewport = window.article.viewport()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Blame" in QToolTip.text() and "Forecast says so" in QToolTip.text()
    QToolTip.hideText()


def test_stripes_sit_in_the_margin_and_ticks_on_the_scroll_bar(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    for needle, key in (("river rose two metres", Qt.Key.Key_1), ("rose two", Qt.Key.Key_3)):
        select_in_article(window, needle)
        qtbot.keyClick(window.article, key, CTRL)
    project.set_note(stored(project.path, tmp_path)[0].id, "a note")
    window.annotator.reload()
    stripes = window.annotator.painter.stripes.stripes()
    assert len(stripes) == 2
    cursor = window.article.textCursor()
    text_left = window.article.cursorRect(cursor).left()
    # side by side (they overlap), both left of the text, one marked as having a note
    assert len({rect.left() for rect, _c, _n in stripes}) == 2
    assert all(rect.right() < text_left for rect, _c, _n in stripes)
    assert sorted(noted for _r, _c, noted in stripes) == [False, True]
    ticks = window.annotator.painter.scroll_marks.ticks()
    assert len(ticks) == 1  # one pixel row: the passages are close together
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert window.annotator.painter.scroll_marks.ticks() == []
    assert window.annotator.painter.stripes.stripes() == []


@popup_noise
def test_hovering_and_double_clicking_a_highlight_in_a_comment(
    make_window, open_project, tmp_path, qtbot
):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "deserve a medal"
    _cid, start, _end = select_in_comment(window, qtbot, needle)
    editor = window.comments.current_editor()
    qtbot.keyClick(editor, Qt.Key.Key_3, CTRL)
    editor = window.comments.current_editor()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(editor.text_map.to_qt(start) + 3)
    point = editor.cursorRect(cursor).center()
    viewport = editor.viewport()
    QApplication.sendEvent(
        viewport, QHelpEvent(QHelpEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Solidarity" in QToolTip.text()
    QToolTip.hideText()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert window.note_editor.annotation_id() == stored(project.path, tmp_path)[0].id


def test_the_chooser_model_ranks_names_before_paths(qapp, qtmodeltester):
    from reader.store.records import Tag
    from reader.ui.dialogs.tag_chooser import TagMatchModel

    fear = Tag("f", "Fear", "#fff176", "", None, 0)
    rows = [
        (fear, "Fear", "#fff176"),
        (Tag("b", "Blame", "#ffb74d", "", "f", 0), "Fear › Blame", "#ffb74d"),
        (Tag("o", "Official fear", "#ef9a9a", "", None, 1), "Official fear", "#ef9a9a"),
    ]
    model = TagMatchModel()
    model.set_tags(rows)
    qtmodeltester.check(model)
    model.set_query("fear")
    labels = [model.choice(r).label for r in range(model.rowCount())]
    assert labels == ["Fear", "Official fear", "Fear › Blame"]  # exact, word, path
    qtmodeltester.check(model)
    model.set_query("zzz")
    assert [model.choice(r).label for r in range(model.rowCount())] == ["Create tag “zzz”"]
    model.allow_create = False
    model.set_query("zzz")
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_the_scroll_bar_ticks_move_when_the_left_out_text_is_shown(
    make_window, seeded_project, qtbot
):
    """A tick's place is the passage's place in the text shown: showing the left-out
    text moves it; the text being laid out again (a resize) does not."""
    window = make_window(seeded_project)
    doc_id = next(
        s.id
        for s in seeded_project.documents()
        if s.source_path.endswith("001_975b6114f2d3a020.txt")
    )
    window.open_document(doc_id)
    doc = window.current_document()
    block = max(doc.article_blocks, key=lambda b: b.start)
    seeded_project.add_annotation(doc_id, block.start, block.start + 10)
    window.annotator.reload()
    marks = window.annotator.painter.scroll_marks
    qtbot.waitUntil(lambda: len(marks.ticks()) == 1)
    hidden = marks.ticks()
    window.resize(1300, 900)
    qtbot.wait(20)
    assert marks.ticks() == hidden
    window.action("show_left_out").trigger()
    qtbot.waitUntil(lambda: marks.ticks() != hidden)
    window.action("show_left_out").trigger()
    qtbot.waitUntil(lambda: marks.ticks() == hidden)
