"""The smaller things a first hour runs into: the wheel in the thread scrolls a few
lines, the thread's count is never cut at 1024×640."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from .test_search_ui import SEED_001, seed_id


def wheel(widget, notches: int) -> None:
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(
        pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, -120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_a_wheel_notch_in_the_thread_scrolls_a_few_lines(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_001))
    view = window.comments.view
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    before = bar.value()
    wheel(view.viewport(), 1)
    moved = bar.value() - before
    line = view.fontMetrics().lineSpacing()
    assert 0 < moved <= 4 * line  # a few lines, not most of the pane
    assert moved < view.viewport().height() // 3


def test_the_thread_count_is_never_cut_at_1024x640(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    window.resize(1024, 640)
    window.open_document(seed_id(window, SEED_001))
    qtbot.wait(50)
    label = window.comments.header
    text = label.text()
    assert text.endswith("comments")
    # the label's room holds its text on its lines: nothing is cut
    needed = label.heightForWidth(label.width())
    assert label.height() >= needed
    assert label.fontMetrics().horizontalAdvance(text) <= label.width() * max(
        1, label.height() // label.fontMetrics().lineSpacing()
    )
