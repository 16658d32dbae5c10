"""The smaller things a first hour runs into: the wheel in the thread scrolls a few
lines, the thread's count is never cut at 1024×640."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from .annotating import popup_noise
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


def test_the_thread_count_is_never_cut_at_1024x640(make_window, open_project, tmp_path, qtbot):
    comments = "".join(
        f"  {n}. Reader{n}\n     Comment number {n} says something.\n\n" for n in range(1, 13)
    )
    page = tmp_path / "thread.txt"
    page.write_text(
        "A headline\n\nThe article's one paragraph, long enough to read as an article.\n\n"
        f"20 Comments\n\n{comments}",
        encoding="utf-8",
    )
    project = open_project(tmp_path / "thread.reader")
    project.import_files([page])
    window = make_window(project)
    window.resize(1024, 640)
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0], sum(sizes) - sizes[0] - 280, 280])  # as narrow as it goes
    qtbot.waitUntil(lambda: window.comments.width() <= 300)
    label = window.comments.header
    text = label.text()
    assert text == "12 of 20 comments found"
    # the label's room holds its text on its lines: nothing is cut ("12 of 20 comme")
    lines = max(1, label.height() // label.fontMetrics().lineSpacing())
    assert label.fontMetrics().horizontalAdvance(text) <= label.width() * lines


PAGE = """<html><head><title>Dated</title></head><body><article><p>Body text here, long
enough to be an article for sure, with a few words more.</p></article>
<ol class="commentlist"><li class="comment"><div class="comment-author">
<span class="fn">Kim</span></div><div class="comment-meta"><a href="#c-123">
<time datetime="2012-08-09T19:42:00">August 9, 2012 at 7:42 pm</time></a></div>
<div class="comment-content"><p>First.</p></div></li></ol></body></html>"""


@popup_noise
def test_comment_dates_read_in_the_locale_with_the_timestamp_on_hover(
    make_window, open_project, tmp_path, qtbot
):
    from PySide6.QtCore import QEvent, QLocale
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from reader.ui.dates import shown_date

    page = tmp_path / "dated.html"
    page.write_text(PAGE, encoding="utf-8")
    project = open_project(tmp_path / "dated.reader")
    project.import_files([page])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    try:
        window = make_window(project)
        view = window.comments.view
        index = window.comment_model.index(0, 0)
        comment = window.current_document().comments[0]
        assert comment.date == "2012-08-09T19:42:00"
        header = view.itemDelegate().header_text(index, comment)
        assert "9 Aug 2012, 19:42" in header
        assert "T19" not in header
        # hovering the header shows the full timestamp
        rect = view.visualRect(index)
        at = QPoint(rect.left() + 40, rect.top() + 8)
        qtbot.mouseMove(view.viewport(), at)
        QApplication.sendEvent(
            view.viewport(),
            QHelpEvent(QEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at)),
        )
        qtbot.waitUntil(QToolTip.isVisible)
        assert "2012-08-09T19:42:00" in QToolTip.text()
        QToolTip.hideText()
    finally:
        QLocale.setDefault(QLocale.system())
    assert shown_date("March 3rd, 2008 at 10:15 am") == "March 3rd, 2008 at 10:15 am"
    assert shown_date("2012-08-09", QLocale(QLocale.Language.English)) == "9 Aug 2012"


def test_a_dock_over_half_the_window_is_not_restored_so(make_window, seeded_project, qtbot):
    from reader.ui.window_layout import tame_docks

    window = make_window(seeded_project)
    window.resize(1024, 640)
    qtbot.keyClick(
        window,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dock = window.docks["overview_dock"]
    qtbot.waitUntil(dock.isVisible)
    assert dock.height() <= window.height() // 2  # the overview asks for less than half
    window.resizeDocks([dock], [520], Qt.Orientation.Vertical)  # the user drags it up
    qtbot.waitUntil(lambda: dock.height() > window.height() // 2)
    window.close()  # remembers the layout
    again = make_window(seeded_project)
    again.resize(1024, 640)
    dock = again.docks["overview_dock"]
    qtbot.waitUntil(lambda: dock.isVisible() and dock.height() <= again.height() // 2)
    assert tame_docks(again, again.docks) == []


def test_find_hits_are_hatched_and_underlined_never_a_fill_like_a_tag(
    make_window, open_project, tmp_path, qtbot
):
    from .annotating import flood_project, select_in_article

    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    select_in_article(window, "volunteers")
    qtbot.keyClick(window.article, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # a tag
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    finder = window.retrieval.finder
    with qtbot.waitSignal(finder.results_changed, timeout=3000):
        qtbot.keyClicks(window.find_bar.edit, "river")
    qtbot.waitUntil(lambda: "find" in window.article._layers)
    found = window.article._layers["find"] + window.article._layers.get("find_current", [])
    assert found
    for selection in found:
        brush = selection.format.background()
        assert brush.style() not in (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.NoBrush)
        assert selection.format.fontUnderline()
    tagged = [
        s for s in window.article.extraSelections()
        if s.cursor.selectedText() == "volunteers"
        and s.format.background().style() == Qt.BrushStyle.SolidPattern
    ]  # fmt: skip
    assert tagged  # the tag is a fill: the two never look alike


def test_dark_check_boxes_and_radio_buttons_show_their_frame(qtbot):
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyleFactory

    from reader.ui.painting.palette import VisibleIndicators, dark_palette

    palette = dark_palette()
    back = palette.color(palette.ColorRole.Window).lightness()
    styles = []  # kept alive while their widgets paint

    def frame_contrast(widget_type, style) -> int:
        styles.append(style)
        widget = widget_type("Option")
        qtbot.addWidget(widget)
        widget.setStyle(style)
        widget.setPalette(palette)
        widget.resize(widget.sizeHint())
        widget.show()
        qtbot.waitExposed(widget)
        if widget_type is QCheckBox:  # checked, and unchecked again: the empty box
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        image = widget.grab().toImage()
        side = image.height()  # the indicator sits at the left, as tall as the widget
        values = [image.pixelColor(x, y).lightness() for x in range(side) for y in range(side)]
        return max(abs(v - back) for v in values)

    for kind in (QCheckBox, QRadioButton):
        shown = frame_contrast(kind, VisibleIndicators("Fusion"))
        assert shown > 50  # (plain Fusion: about 15, all but invisible)
        assert shown > frame_contrast(kind, QStyleFactory.create("Fusion")) + 20


def test_the_sidebar_shows_a_document_date_for_reading(make_window, seeded_project, qtbot):
    import dataclasses

    from PySide6.QtCore import QLocale

    from reader.ui.models.document_list import detail_line

    window = make_window(seeded_project)
    summary = dataclasses.replace(seeded_project.documents()[0], date="2012-08-09T19:42:00")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    try:
        assert "9 Aug 2012, 19:42" in detail_line(summary)
        window.document_model.update_summary(summary)
        row = window.document_model.index(0, 0)
        assert "2012-08-09T19:42:00" in row.data(Qt.ItemDataRole.ToolTipRole)
    finally:
        QLocale.setDefault(QLocale.system())
