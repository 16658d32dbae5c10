"""What the window says of a structure Reader is unsure of, and hiding pingbacks: a
thread found only by its readers' voice gets a note above the comments (how sure, how to
correct it, "Show Where"); a page's pingbacks leave the thread when the Structure menu's
choice is unchecked and come back when it is checked again."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from reader.ui.controllers.structure_doubts import doubt_text

UNMARKED = (
    "Title of a forum page\n\n"
    + "\n\n".join(
        [
            "I think you are right about this, my neighbour says the same thing every year.",
            "Why would anyone believe that? I have never seen it happen here, honestly.",
            "You should read the whole report before you say that, it is all in there.",
            "Thanks for the link! I did not know they published the numbers at all.",
            "My uncle worked there for years and he always told me the same story.",
            "Honestly I am tired of this debate, we have it every single winter here.",
            "Can you say where you found that? I would like to read it myself too.",
            "I agree with you, but my family would never accept it, sadly enough.",
        ]
    )
    + "\n"
)

WORDPRESS = (
    "<html><head><title>T</title></head><body><article><p>The article body, long enough"
    " to be taken for an article by any extractor that reads it.</p></article>"
    '<ol class="comment-list"><li class="comment depth-1" id="li-comment-1"><article'
    ' id="comment-1" class="comment-body"><footer class="comment-meta"><div'
    ' class="comment-author vcard"><b class="fn">Ann</b></div><time'
    ' datetime="2024-05-01T10:00:00+00:00">May 1</time></footer><div'
    ' class="comment-content"><p>First.</p></div></article></li>'
    '<li class="pingback" id="li-comment-2"><div class="comment-body">Pingback: <a'
    ' href="https://example.org/x">A blog that linked here</a></div></li></ol></body></html>'
)


def shown_texts(window) -> list[str]:
    model = window.comment_model
    return [model.comment(model.index(r, 0, QModelIndex())).text for r in range(model.rowCount())]


def test_a_thread_found_by_voice_alone_is_flagged_above_the_comments(
    tmp_path, qtbot, open_project, make_window
):
    path = tmp_path / "forum.txt"
    path.write_text(UNMARKED, encoding="utf-8")
    project = open_project(tmp_path / "p.reader")
    project.import_files([path])
    window = make_window(project)
    window.open_document(project.documents()[0].id)
    notice = window.comments.notice
    assert window.comment_model.comment_count() >= 6
    assert notice.isVisible()
    assert "sure the comments begin here" in notice.label.text()
    assert "Comments Start Here" in notice.label.text()
    notice.go_button.click()
    assert window.comments.current_comment() == window.session.document.comments[0].id
    notice.close_button.click()
    assert not notice.isVisible()


def test_a_clearly_marked_thread_has_no_note(tmp_path, seeds, open_project, make_window):
    project = open_project(tmp_path / "p.reader")
    project.import_files([s for s in seeds if s.name.startswith("001")])
    window = make_window(project)
    window.open_document(project.documents()[0].id)
    assert doubt_text(window.session.document) == ""
    assert not window.comments.notice.isVisible()


def test_pingbacks_can_be_hidden_and_shown_again(tmp_path, open_project, make_window):
    path = tmp_path / "page.html"
    path.write_text(WORDPRESS, encoding="utf-8")
    project = open_project(tmp_path / "p.reader")
    project.import_files([path])
    window = make_window(project)
    window.open_document(project.documents()[0].id)
    assert len(shown_texts(window)) == 2
    action = window.doubts.show_notices
    assert action in window.structure.menu.actions()
    action.trigger()  # unchecked: pingbacks leave the thread
    assert shown_texts(window) == ["First."]
    assert len(window.session.document.comments) == 2  # still in the document
    action.trigger()
    assert len(shown_texts(window)) == 2


def test_the_note_in_a_short_pane_shows_whole_lines_and_ends_with_an_ellipsis(qtbot):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from reader.ui.panes.comments.notice import DoubtNotice

    text = (
        "12 of 12 comment starts are guesses (nothing marks where one comment ends): "
        "Structure ▸ Split Comment Here and Merge with Previous Comment correct them."
    )
    pane = QWidget()
    qtbot.addWidget(pane)
    layout = QVBoxLayout(pane)
    notice = DoubtNotice(pane)
    layout.addWidget(notice)
    layout.addWidget(QWidget(pane), 1)
    notice.tell(text, can_go=False)
    label = notice.label
    pane.resize(300, 400)
    pane.show()
    qtbot.waitExposed(pane)
    spacing = label.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    roomy = label.shown_lines()
    assert len(roomy) > 2 and " ".join(roomy).split() == text.split()  # all of it
    label.setFixedHeight(2 * spacing + spacing // 2)  # a short pane: two and a half lines
    qtbot.waitUntil(lambda: label.height() < label.heightForWidth(label.width()))
    lines = label.shown_lines()
    assert len(lines) == 2  # whole lines only, none cut at the bottom
    assert lines[0] == roomy[0] and lines[-1].endswith("…")
    width = label.contentsRect().width()
    assert all(label.fontMetrics().horizontalAdvance(line) <= width for line in lines)
    assert label.toolTip() == text  # the whole note, on hovering
    label.grab()  # and it paints
