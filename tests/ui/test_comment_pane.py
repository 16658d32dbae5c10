"""The comment pane: the thread as a tree, whole comments, selectable text, quote links."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView

from reader.ui.models.comment_tree import CommentTreeModel
from reader.ui.panes.comments.pane import CommentPane

from .docs import sample_document


def make_pane(qtbot, doc=None) -> CommentPane:
    pane = CommentPane(CommentTreeModel())
    qtbot.addWidget(pane)
    pane.resize(500, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_document(doc or sample_document())
    return pane


def link_point(pane: CommentPane, comment_id: str, start: int, end: int) -> QPoint:
    """Where the span ``start..end`` of a painted comment is, in viewport coordinates
    (scrolling the thread so that it is on screen)."""
    index = pane.view.model().index_of(comment_id)
    pane.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
    for _ in range(2):
        point = _span_point(pane, index, comment_id, start, end)
        viewport = pane.view.viewport().rect()
        if viewport.contains(point):
            return point
        bar = pane.view.verticalScrollBar()
        bar.setValue(bar.value() + point.y() - viewport.height() // 2)
    return point


def _span_point(pane, index, comment_id: str, start: int, end: int) -> QPoint:
    rect = pane.view.visualRect(index)
    body = pane.delegate.body_rect(rect)
    comment = pane.document_shown().comment(comment_id)
    qdoc = pane.texts.laid_out(comment, body.width())
    a, _b = pane.texts.text_map(comment).qt_ranges(start, end)[0]
    cursor = QTextCursor(qdoc)
    cursor.setPosition(a + 2)
    line = qdoc.documentLayout().blockBoundingRect(cursor.block())
    layout = cursor.block().layout()
    text_line = layout.lineForTextPosition(cursor.positionInBlock())
    x = text_line.cursorToX(cursor.positionInBlock())[0]
    y = line.top() + text_line.y() + text_line.height() / 2
    return body.topLeft() + QPoint(int(x), int(y))


def test_the_header_counts_comments_and_says_when_some_were_not_found(qtbot):
    pane = make_pane(qtbot)
    assert pane.header.text() == "4 of 5 comments found"


def test_every_comment_is_painted_whole_with_a_height_that_fits_its_width(qtbot):
    doc = sample_document()
    long = doc.comments[2]
    pane = make_pane(qtbot)
    index = pane.view.model().index_of(long.id)
    wide = pane.view.visualRect(index).height()
    pane.resize(260, 700)
    qtbot.waitUntil(lambda: pane.view.visualRect(index).height() > wide)


def test_left_and_right_collapse_and_expand_and_a_collapsed_comment_counts_its_replies(qtbot):
    pane = make_pane(qtbot)
    view = pane.view
    first = view.model().index_of("c1")
    view.setFocus()
    view.setCurrentIndex(first)
    assert view.isExpanded(first)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert not view.isExpanded(first)
    assert "1 reply hidden" in pane.delegate.header_text(first, pane.document_shown().comment("c1"))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.isExpanded(first)
    pane.collapse_all()
    assert not view.isExpanded(first)
    pane.expand_all()
    assert view.isExpanded(first)


def test_clicking_a_quote_in_a_comment_asks_for_its_source(qtbot):
    doc = sample_document()
    pane = make_pane(qtbot, doc)
    link = next(i for i, k in enumerate(doc.links) if k.source.comment == "c4")
    point = link_point(pane, "c4", doc.links[link].source.start, doc.links[link].source.end)
    with qtbot.waitSignal(pane.link_activated) as signal:
        qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == [link]


def test_reveal_selects_the_span_in_the_comment_and_reports_document_offsets(qtbot):
    doc = sample_document()
    pane = make_pane(qtbot, doc)
    target = next(k.target for k in doc.links if k.target.comment == "c1")
    with qtbot.waitSignal(
        pane.selection_changed, check_params_cb=lambda cid, _s, _e: cid == "c1"
    ) as signal:
        assert pane.reveal("c1", target.start, target.end)
    assert signal.args == ["c1", target.start, target.end]
    assert pane.current_comment() == "c1"
    assert pane.is_visible("c1")
    editor = pane.current_editor()
    assert editor.textCursor().selectedText() == doc.text[target.start : target.end]


def test_selecting_text_by_keyboard_in_the_current_comment(qtbot):
    doc = sample_document()
    pane = make_pane(qtbot, doc)
    assert pane.select_comment("c2")
    editor = pane.current_editor()
    editor.setFocus()
    with qtbot.waitSignal(pane.selection_changed) as signal:
        qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    c2 = doc.comment("c2")
    assert signal.args == ["c2", c2.start + 2, c2.start + 3]  # after the "• " marker
    # a plain arrow goes back to the thread
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    assert pane.current_comment() == "c3"


def test_selecting_a_reply_marks_its_parent_and_can_go_to_it(qtbot):
    pane = make_pane(qtbot)
    pane.select_comment("c2")
    assert pane.delegate.related == "c1"
    pane.select_parent()
    assert pane.current_comment() == "c1"


def test_the_quoting_comments_are_selected_together(qtbot):
    pane = make_pane(qtbot)
    pane.select_comments(["c3", "c4"])
    selected = {i.data() for i in pane.view.selectionModel().selectedIndexes()}
    assert len(selected) == 2
    assert pane.current_comment() == "c3"


def test_hovering_a_quote_in_the_current_comment_reports_it(qtbot):
    doc = sample_document()
    pane = make_pane(qtbot, doc)
    link = next(i for i, k in enumerate(doc.links) if k.source.comment == "c4")
    pane.select_comment("c4")
    editor = pane.current_editor()
    a, _b = editor.text_map.qt_ranges(doc.links[link].source.start, doc.links[link].source.end)[0]
    cursor = QTextCursor(editor.document())
    cursor.setPosition(a + 3)
    with qtbot.waitSignal(pane.link_hovered, check_params_cb=lambda i: i == link):
        qtbot.mouseMove(editor.viewport(), editor.cursorRect(cursor).center())


def test_a_long_thread_shows_at_once_and_opens_every_reply_soon_after(qtbot, qtmodeltester):
    from reader.core.parse import parse_text
    from tests.benchmarks.synthetic import make_scrape

    doc = parse_text(make_scrape(900, seed=3))
    assert len(doc.comments) > 800
    pane = make_pane(qtbot, doc)
    qtmodeltester.check(pane.view.model())
    assert pane.header.text().startswith(f"{len(doc.comments):,}")
    qtbot.waitUntil(pane.fully_expanded)
    model = pane.view.model()
    parents = {c.parent for c in doc.comments if c.parent}
    assert all(pane.view.isExpanded(model.index_of(p)) for p in parents)
    last = doc.comments[-1].id
    assert pane.select_comment(last)
    assert pane.is_visible(last)
