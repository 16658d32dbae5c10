"""The whole window, driven as a user would: keyboard through the sidebar, a click on a
quote, the left-out text toggled, and the layout restored in a second window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from reader.ui.self_test import run_self_test

from .test_comment_pane import link_point

SEED_001 = "001_975b6114f2d3a020.txt"


def seed_id(window, name: str) -> int:
    return next(s.id for s in window.project().documents() if s.source_path.endswith(name))


def test_moving_through_the_sidebar_by_keyboard_opens_each_document(
    make_window, seeded_project, qtbot
):
    window = make_window(seeded_project)
    summaries = seeded_project.documents()
    assert window.current_document_id() == summaries[0].id
    view = window.sidebar.list_view
    view.setFocus()
    for summary in summaries[1:]:
        with qtbot.waitSignal(window.document_opened) as opened:
            qtbot.keyClick(view, Qt.Key.Key_Down)
        assert opened.args == [summary.id]
        doc = window.current_document()
        assert doc.title in window.windowTitle()
        assert window.position_label.text().startswith(
            f"Document {summaries.index(summary) + 1} of {len(summaries)}"
        )
    with qtbot.waitSignal(window.document_opened):
        qtbot.keyClick(view, Qt.Key.Key_Up)
    assert window.current_document_id() == summaries[-2].id


def test_seed_001_thread_follows_a_quote_and_toggles_left_out_text(
    make_window, seeded_project, qtbot
):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_001))
    doc = window.current_document()
    model = window.comment_model
    tops = [model.index(r, 0) for r in range(model.rowCount())]
    assert len(tops) == 5
    replies = [c for c in doc.comments if c.parent is not None]
    assert len(replies) == 3
    for reply in replies:
        index = model.index_of(reply.id)
        assert model.comment(index.parent()).id == reply.parent
    assert sum(model.rowCount(t) for t in tops) == 3
    assert window.comments.header.text() == "8 comments"

    # comment 4 quotes comment 2: click the quote in comment 4
    fourth, second = (model.comment(tops[3]), model.comment(tops[1]))
    link = next(
        i
        for i, k in enumerate(doc.links)
        if k.source.comment == fourth.id and k.target.comment == second.id
    )
    source = doc.links[link].source
    window.comments.view.scrollTo(tops[3])
    point = link_point(window.comments, fourth.id, source.start, source.end)
    qtbot.mouseClick(window.comments.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.comments.current_comment() == second.id)
    target = doc.links[link].target
    editor = window.comments.current_editor()
    assert editor.textCursor().selectedText() == doc.text[target.start : target.end]
    assert window.comments.is_visible(second.id)

    # left-out text: hidden, then shown in place by the shortcut
    article = window.article.document()
    assert "This slideshow requires JavaScript." not in article.toPlainText()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert "This slideshow requires JavaScript." in window.article.document().toPlainText()
    assert window.action("show_left_out").isChecked()


def test_a_second_window_restores_the_layout(make_window, seeded_project, qtbot, settings):
    first = make_window(seeded_project)
    other = seeded_project.documents()[2].id
    first.open_document(other)
    first.splitter.setSizes([200, 700, 540])
    sizes = first.splitter.sizes()
    first.action("zoom_in").trigger()
    first.action("zoom_in").trigger()
    first.action("show_left_out").setChecked(True)
    first.close()
    second = make_window(seeded_project)
    assert second.splitter.sizes() == sizes
    assert second.article.zoom() == 2
    assert second.article.boilerplate_visible()
    assert second.current_document_id() == other
    assert settings.value("window/state_version", 0, int) == 1


def test_the_filter_narrows_the_sidebar_by_title_and_text(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    total = window.document_model.rowCount()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.filter_edit.hasFocus()
    qtbot.keyClicks(window.sidebar.filter_edit, "Champagne")  # only in seed 001's text
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 1)
    assert window.document_model.document_id(0) == seed_id(window, SEED_001)
    with qtbot.waitSignal(window.document_opened):
        qtbot.keyClick(window.sidebar.filter_edit, Qt.Key.Key_Down)
    assert window.current_document_id() == seed_id(window, SEED_001)
    qtbot.keyClick(window.sidebar.filter_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.document_model.rowCount() == total)
    window.article.setFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_Slash)  # "/" also goes to the filter
    assert window.sidebar.filter_edit.hasFocus()
    qtbot.keyClick(window.sidebar.filter_edit, Qt.Key.Key_Slash)  # and types there
    assert window.sidebar.filter_edit.text() == "/"


def test_bad_files_are_named_with_why_and_the_rest_is_imported(
    make_window, seeded_project, qtbot, tmp_path
):
    window = make_window(seeded_project)
    before = len(seeded_project.documents())
    good = tmp_path / "good.txt"
    good.write_text(
        "A headline\n\nA paragraph of the article that says something.\n", encoding="utf-8"
    )
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    window.import_paths([binary, good, empty])
    box = window.findChild(QMessageBox, "import_failures")
    assert box is not None
    assert "photo.txt" in box.text() and "empty.txt" in box.text()
    assert "good.txt" not in box.text()
    assert len(seeded_project.documents()) == before + 1
    assert window.current_document().title == "A headline"
    box.close()


def test_dropping_files_imports_them(make_window, seeded_project, qtbot, tmp_path):
    window = make_window(seeded_project)
    dropped = tmp_path / "dropped.txt"
    dropped.write_text("Dropped headline\n\nSome text of it.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPointF(QPoint(300, 300)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.document_opened):
        window.dropEvent(event)  # a real drag goes through the platform's drag manager
    assert window.current_document().title == "Dropped headline"


def test_clicking_a_quoted_by_marker_selects_the_quoting_comments(
    make_window, seeded_project, qtbot
):
    window = make_window(seeded_project)
    for summary in seeded_project.documents():
        window.open_document(summary.id)
        doc = window.current_document()
        quoting = [k for k in doc.links if k.source.comment and k.target.block is not None]
        if quoting:
            break
    else:
        return  # no seed quotes its article today
    window.article._on_self_anchor_clicked(QUrl("quoted:0"))
    selected = window.comments.view.selectionModel().selectedIndexes()
    assert {window.comment_model.comment(i).id for i in selected} >= {quoting[0].source.comment}


def test_the_self_test_passes_on_the_seeds(make_window, seeded_project):
    window = make_window(seeded_project)
    result = run_self_test(window)
    assert result.ok, result.summary
    assert result.summary.startswith("self-test ok: 5 documents")


def test_reader_self_test_from_the_command_line(tmp_path):
    env = dict(
        os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data")
    )
    done = subprocess.run(
        [sys.executable, "-m", "reader.app", "--self-test", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("self-test ok: 5 documents")
    assert (tmp_path / "data" / "default.reader").exists()


def test_hovering_a_quote_highlights_its_source(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_001))
    doc = window.current_document()
    link = next(k for k in doc.links if k.source.comment and k.target.comment)
    window.comments.view.scrollTo(window.comment_model.index_of(link.source.comment))
    point = link_point(window.comments, link.source.comment, link.source.start, link.source.end)
    with qtbot.waitSignal(window.comments.link_hovered):
        qtbot.mouseMove(window.comments.view.viewport(), point)
    spans = window.comments.highlights("hovered_link_source")
    assert [(s, e) for s, e, _ in spans] == [(link.target.start, link.target.end)]
    qtbot.mouseMove(window.comments.view.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: window.comments.highlights("hovered_link_source") == [])


def test_a_project_path_opens_that_project_and_text_files_go_into_it(
    make_window, seeded_project, open_project, tmp_path, qtbot
):
    other_path = tmp_path / "other.reader"
    other = open_project(other_path)
    note = tmp_path / "note.txt"
    note.write_text("Other headline\n\nA paragraph.\n", encoding="utf-8")
    other.import_files([note])
    other.close()
    window = make_window(seeded_project)
    extra = tmp_path / "extra.txt"
    extra.write_text("Extra headline\n\nMore text.\n", encoding="utf-8")
    with qtbot.waitSignal(window.project_changed):
        window.open_paths([other_path, extra])
    assert window.project().path == other_path
    assert [s.title for s in window.project().documents()] == ["Other headline", "Extra headline"]
    assert window.current_document().title == "Extra headline"
    assert window.document_model.rowCount() == 2


def test_sigterm_closes_the_window_and_keeps_its_layout(
    make_window, seeded_project, settings, qtbot
):
    """A desktop session logging out (or ``kill``) sends SIGTERM: the window closes as
    by its close button, so the next start finds it as it was left."""
    import os
    import signal

    from reader.app import close_on_sigterm

    window = make_window(seeded_project)
    assert settings.value("window/geometry") is None
    before = signal.getsignal(signal.SIGTERM)
    try:
        close_on_sigterm(window)
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    finally:
        signal.signal(signal.SIGTERM, before)
        signal.set_wakeup_fd(-1)
    settings.sync()
    assert not settings.value("window/geometry").isEmpty()
