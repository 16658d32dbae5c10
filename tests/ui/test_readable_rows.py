"""Coded segments and search results read well: rows wrap the passage on two or three
lines with its context, nothing overlaps at 1024×640, and the full text is on hover,
escaped."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect
from PySide6.QtGui import QColor, QFont, QHelpEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QToolTip

from reader.ui.models.segments import CONTEXT, QUOTE
from reader.ui.painting.snippets import paint_marked_lines

from .annotating import popup_noise
from .test_retrieval_ui import coded_project, open_segments
from .test_search_ui import open_search, search

LONG = (
    "Officials said the dams held but warned that more rain was coming from the west, "
    "and that the lower town would have to be evacuated if the river rose again overnight."
)


def test_a_long_context_wraps_on_three_lines_with_an_ellipsis(qapp):
    image = QImage(220, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont()
    bold = QFont(font)
    bold.setBold(True)
    at = LONG.index("lower town")
    lines = paint_marked_lines(
        painter, QRect(0, 0, 220, 120), LONG, [(at, at + 10)], font, bold,
        QColor("black"), QColor("#fde68a"), 3,
    )  # fmt: skip
    painter.end()
    assert lines == 3
    tinted = sum(
        image.pixelColor(x, y) == QColor("#fde68a") for x in range(0, 220, 2) for y in range(120)
    )
    assert tinted > 0  # the quote was painted, on its tint, within the three lines


@popup_noise
def test_segments_rows_hold_three_lines_and_nothing_overlaps_at_1024x640(
    make_window, open_project, tmp_path, qtbot
):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    window.resize(1024, 640)
    pane = open_segments(window, qtbot)
    qtbot.waitUntil(lambda: window.segments_model.rowCount() == 7)
    line = pane.view.fontMetrics().height()
    assert pane.view.rowHeight(0) >= 3 * line
    assert pane.view.wordWrap()
    # the count never runs under the export button, nor the bar's widgets into each other
    widgets = [pane.tag_combo, pane.below_box, pane.export_button, pane.count_label]
    rects = [w.geometry() for w in widgets if w.isVisible()]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b)
    assert pane.count_label.text() == "7 segments in 2 documents"
    assert pane.count_label.width() >= pane.count_label.sizeHint().width()
    # the quote and the context columns are the widest
    widths = [pane.view.columnWidth(c) for c in range(pane.proxy.columnCount())]
    assert sorted(widths)[-2:] == sorted([widths[QUOTE], widths[CONTEXT]])
    # hover: the full context, escaped
    index = pane.proxy.index(0, CONTEXT)
    rect = pane.view.visualRect(index)
    event = QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), pane.view.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(pane.view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    segment = pane.shown_segments()[0]
    assert segment.context.split()[0] in QToolTip.text()
    assert QToolTip.text().startswith("<p")  # rich text that shows the characters as written
    QToolTip.hideText()


def test_a_search_hit_shows_two_lines_of_its_snippet(make_window, open_project, tmp_path, qtbot):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    open_search(window, qtbot)
    search(window, qtbot, "sandbags")
    view = window.search_pane.view
    hit = window.search_model.index(0, 0, window.search_model.index(0, 0))
    line = view.fontMetrics().height()
    assert view.visualRect(hit).height() >= 3 * line  # where, then two lines of snippet
    view.viewport().grab()  # the delegate paints the wrapped snippet
