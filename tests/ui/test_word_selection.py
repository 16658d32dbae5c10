"""Mouse selections take whole words (a setting turns it off, Alt keeps the exact
characters), and the first drag in a comment that is not yet current selects in it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from .annotating import flood_project, span_of

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
