"""Coded segments (Ctrl+Shift+R) and the tag overview, on a small coded project: the
rows and numbers shown are checked against the project, sorting against the keys, the
exported rows against what is shown."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from reader.store.project import Project
from reader.ui.models.segments import QUOTE, TAG, SegmentsModel, SegmentsSortModel

from .annotating import FLOOD, select_in_article

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SECOND = """Sandbags run out 🧱 in Arden

Volunteers filled the last sandbags at noon. The council blamed the weather service.

2 Comments

  1. Dana
     The council always blames someone else.

  2. Eli
     Thank you, volunteers 🙏, for the sandbags.
"""


def coded_project(tmp_path: Path, open_project) -> Project:
    """Two documents, a codebook (Blame under Fear, and Solidarity) and passages tagged
    in the article and in comments, some with two tags, one with a note."""
    first, second = tmp_path / "flood.txt", tmp_path / "sandbags.txt"
    first.write_text(FLOOD, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    project = open_project(tmp_path / "coded.reader")
    project.import_files([first, second])
    fear = project.add_tag("Fear")
    blame = project.add_tag("Blame", parent=fear.id)
    solidarity = project.add_tag("Solidarity")
    one, two = (s.id for s in project.documents())

    def tag(doc_id: int, needle: str, tags, note: str = "") -> None:
        text = project.load(doc_id).text
        start = text.index(needle)
        project.add_annotation(doc_id, start, start + len(needle), [t.id for t in tags], note)

    tag(one, "the bridge at Arden closed", [fear])
    tag(one, "nobody listens to the engineers", [blame, fear], "whose fault? 🤔")
    tag(one, "deserve a medal", [solidarity])
    tag(two, "The council blamed the weather service", [blame])
    tag(two, "The council always blames someone else", [blame])
    tag(two, "Thank you, volunteers", [solidarity])
    return project


def tag_named(project: Project, name: str) -> str:
    return next(t.id for t in project.tags() if t.name == name)


def open_segments(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.docks["segments_dock"].isVisible())
    return window.segments


def test_segments_models_pass_the_model_tester(tmp_path, open_project, qtmodeltester):
    project = coded_project(tmp_path, open_project)
    model = SegmentsModel()
    qtmodeltester.check(model)
    model.set_segments(project.coded_segments())
    assert model.rowCount() == 7  # six passages, one of them with two tags
    qtmodeltester.check(model)
    proxy = SegmentsSortModel()
    proxy.setSourceModel(model)
    proxy.sort(QUOTE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    model.set_segments([])
    qtmodeltester.check(proxy)


def test_segments_of_a_tag_with_and_without_the_tags_below_it(
    make_window, tmp_path, open_project, qtbot
):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    pane = open_segments(window, qtbot)
    assert pane.view.hasFocus()
    assert window.segments_model.rowCount() == 7  # all tags at first
    assert pane.count_label.text() == "7 segments in 2 documents"
    fear = tag_named(project, "Fear")
    pane.choose_tag(fear, descendants=True)
    shown = pane.shown_segments()
    assert [s.quote for s in shown] == [
        "the bridge at Arden closed",
        "nobody listens to the engineers",  # as Fear (codebook order)
        "nobody listens to the engineers",  # as Blame
        "The council blamed the weather service",
        "The council always blames someone else",
    ]
    assert [s.tag_path for s in shown][:3] == ["Fear", "Fear", "Fear / Blame"]
    assert shown[1].note == "whose fault? 🤔"
    assert shown[1].part == "comment"
    assert "This 💧 is what happens when nobody listens to the engineers." in shown[1].context
    pane.below_box.setChecked(False)
    assert [s.quote for s in pane.shown_segments()] == [
        "the bridge at Arden closed",
        "nobody listens to the engineers",
    ]
    # the cells say where each passage is
    model = pane.proxy
    assert model.index(1, 1).data() == "Comment"
    assert model.index(0, 1).data() == "Article"


def test_sorting_by_a_column_and_exporting_the_rows_as_shown(
    make_window, tmp_path, open_project, qtbot
):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    pane = open_segments(window, qtbot)
    header = pane.view.horizontalHeader()
    quote_header = QPoint(header.sectionViewportPosition(QUOTE) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=quote_header)
    quotes = [s.quote for s in pane.shown_segments()]
    assert quotes == sorted(quotes, key=str.casefold)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=quote_header)
    quotes = [s.quote for s in pane.shown_segments()]
    assert quotes == sorted(quotes, key=str.casefold, reverse=True)

    target = tmp_path / "rows.csv"
    window.retrieval.ask_save_path = lambda *_: str(target)
    qtbot.mouseClick(pane.export_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["quote"] for r in rows] == quotes
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")

    pane.view.sortByColumn(TAG, Qt.SortOrder.AscendingOrder)
    book = tmp_path / "rows.xlsx"
    assert window.retrieval.export_segments(book)
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(book).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    column = values[0].index("tag path") if "tag path" in values[0] else None
    assert column is not None, values[0]
    assert [r[column] for r in values[1:]] == [s.tag_path for s in pane.shown_segments()]
    assert [s.tag_path for s in pane.shown_segments()] == sorted(
        (s.tag_path for s in pane.shown_segments()), key=str.casefold
    )


def test_a_failed_export_says_why_and_keeps_the_old_file(
    make_window, tmp_path, open_project, qtbot
):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    open_segments(window, qtbot)
    failures = []
    window.retrieval.report_failure = lambda title, text: failures.append(text)
    missing = tmp_path / "no such folder" / "rows.csv"
    assert not window.retrieval.export_segments(missing)
    assert failures and "rows.csv" in failures[0]
    assert not missing.exists()


def test_double_click_opens_the_passage_and_new_tags_appear(
    make_window, tmp_path, open_project, qtbot
):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    pane = open_segments(window, qtbot)
    second = project.documents()[1].id
    assert window.current_document_id() != second
    row = next(
        r for r, s in enumerate(pane.shown_segments()) if s.quote.startswith("The council always")
    )
    segment = pane.shown_segments()[row]
    index = pane.proxy.index(row, QUOTE)
    pane.view.scrollTo(index)
    point = pane.view.visualRect(index).center()
    # a double click as a mouse makes it: a click, then the double click (QTest sends the
    # second alone)
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.current_document_id() == second
    assert window.comments.current_comment() == segment.comment_id
    editor = window.comments.current_editor()
    assert editor.selected_span() == (segment.start, segment.end)

    # a passage tagged in the window shows up in the list
    before = window.segments_model.rowCount()
    select_in_article(window, "Volunteers filled the last sandbags")
    window.annotator.apply_tag(tag_named(project, "Solidarity"), window.passages.selected())
    qtbot.waitUntil(lambda: window.segments_model.rowCount() == before + 1)
    window.session.undo_stack.undo()
    qtbot.waitUntil(lambda: window.segments_model.rowCount() == before)


# ---- the tag overview ---------------------------------------------------------------


def open_overview(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.docks["overview_dock"].isVisible())
    return window.overview


def test_overview_models_pass_the_model_tester(tmp_path, open_project, qtmodeltester):
    from reader.store.retrieval import tag_paths
    from reader.ui.models.overview import CoOccurrenceModel, FrequencyModel

    project = coded_project(tmp_path, open_project)
    frequencies = FrequencyModel()
    qtmodeltester.check(frequencies)
    f = project.tag_frequencies()
    paths = tag_paths(f.tags)
    frequencies.set_rows(
        [(paths[t.id], f.totals[j], f.totals[j], f.spread[j]) for j, t in enumerate(f.tags)]
    )
    qtmodeltester.check(frequencies)
    co = CoOccurrenceModel()
    qtmodeltester.check(co)
    c = project.co_occurrence()
    co.set_matrix([t.name for t in c.tags], [paths[t.id] for t in c.tags], c.same_passage)
    qtmodeltester.check(co)
    co.set_dark(True)
    qtmodeltester.check(co)


def test_overview_bars_and_tables_show_the_projects_numbers(
    make_window, tmp_path, open_project, qtbot
):
    project = coded_project(tmp_path, open_project)
    one = project.documents()[0].id
    text = project.load(one).text
    start = text.index("the bridge at Arden")  # overlaps "the bridge at Arden closed" (Fear)
    project.add_annotation(
        one, start, start + len("the bridge at Arden"), [tag_named(project, "Solidarity")]
    )
    window = make_window(project)
    window.open_document(one)
    pane = open_overview(window, qtbot)
    # most used first; equal counts in codebook order
    assert pane.bar_values() == [("Fear / Blame", 3), ("Solidarity", 3), ("Fear", 2)]
    assert pane.frequency_model.rows() == [
        ("Fear", 2, 2, 1),
        ("Fear / Blame", 3, 3, 2),
        ("Solidarity", 3, 3, 2),
    ]
    pane.sort_box.setChecked(False)  # codebook order
    assert [label for label, _ in pane.bar_values()] == ["Fear", "Fear / Blame", "Solidarity"]

    pane.below_box.setChecked(True)  # a Blame passage counts for Fear too (once)
    assert dict(pane.bar_values())["Fear"] == 4
    pane.below_box.setChecked(False)

    pane.scope_combo.setCurrentIndex(1)  # the document shown
    pane.scope_combo.activated.emit(1)
    assert pane.bar_values() == [("Fear", 2), ("Fear / Blame", 1), ("Solidarity", 2)]
    assert pane.frequency_model.rows()[1] == ("Fear / Blame", 1, 3, 2)

    # co-occurrence: Fear and Blame on one passage; Fear and Solidarity on overlapping ones
    same = pane.co_model.matrix()
    assert same == [[2, 1, 0], [1, 3, 0], [0, 0, 3]]
    pane.kind_combo.setCurrentIndex(1)
    overlapping = pane.co_model.matrix()
    assert overlapping[0][2] == overlapping[2][0] == 1
    shade = pane.co_model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole)
    blank = pane.co_model.index(1, 2).data(Qt.ItemDataRole.BackgroundRole)
    assert shade != blank

    pane.tabs.setCurrentIndex(1)
    qtbot.mouseClick(pane.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtWidgets import QApplication

    copied = QApplication.clipboard().text().splitlines()
    assert copied[0] == "\tFear\tBlame\tSolidarity"
    assert copied[1] == "Fear\t2\t1\t1"  # overlapping counts a passage with itself
    pane.frequency_tabs.setCurrentIndex(1)
    pane.tabs.setCurrentIndex(0)
    pane.frequency_table.setFocus()
    pane.frequency_table.selectRow(1)
    qtbot.keyClick(pane.frequency_table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().splitlines() == [
        "Tag\tPassages\tIn the project\tDocuments with it",
        "Fear / Blame\t1\t3\t2",
    ]
    pane.grab()  # the chart and the heat map paint


def test_overview_follows_tagging(make_window, tmp_path, open_project, qtbot):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    window.open_document(project.documents()[1].id)
    pane = open_overview(window, qtbot)
    assert dict(pane.bar_values())["Solidarity"] == 2
    select_in_article(window, "Volunteers filled the last sandbags")
    window.annotator.apply_tag(tag_named(project, "Solidarity"), window.passages.selected())
    qtbot.waitUntil(lambda: dict(pane.bar_values())["Solidarity"] == 3)


def test_the_value_axis_has_whole_round_steps():
    from reader.ui.panes.overview import nice_scale

    assert nice_scale(0) == (1, 1)
    assert nice_scale(3) == (1, 4)
    assert nice_scale(42) == (10, 50)
    assert nice_scale(1234) == (500, 1500)


def test_the_context_column_marks_the_quote(make_window, tmp_path, open_project, qtbot):
    from reader.ui.models.segments import CONTEXT, quote_in_context

    project = coded_project(tmp_path, open_project)
    for segment in project.coded_segments():
        text, [(start, end)] = quote_in_context(segment)
        assert text[start:end] == " ".join(segment.quote.split())
    window = make_window(project)
    pane = open_segments(window, qtbot)
    assert pane.view.itemDelegateForColumn(CONTEXT) is not None
    pane.view.grab()  # the delegate paints every row


def test_a_tag_shows_in_the_open_segments_at_once_and_leaves_the_window_idle(
    tmp_path, open_project, make_window, qtbot
):
    """The segments shown take a new passage in the same turn of the event loop (no
    150 ms wait after each tag); with no listing shown, nothing is left pending."""
    from PySide6.QtCore import QCoreApplication

    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    window.open_document(project.documents()[0].id)
    select_in_article(window, "Farmers moved their herds")
    window.docks["segments_dock"].hide()
    window.docks["overview_dock"].hide()
    QCoreApplication.processEvents()
    window.action("quick_tag_1").trigger()
    assert not window.retrieval._refresh_timer.isActive()  # nothing shown to refresh
    pane = open_segments(window, qtbot)
    qtbot.waitUntil(lambda: window.segments_model.rowCount() == 8)
    select_in_article(window, "Schools in the lower town")
    window.action("quick_tag_1").trigger()
    QCoreApplication.processEvents()
    assert window.segments_model.rowCount() == 9
    assert "9 segments" in pane.count_label.text()


def _counts(n: int):
    from reader.core.records import CoOccurrence, Tag, TagFrequencies

    tags = tuple(Tag(f"t{i}", f"tag {i}", "#88aaee", "", None, i) for i in range(n))
    totals = tuple(range(n, 0, -1))
    square = tuple(tuple(0 for _ in tags) for _ in tags)
    return TagFrequencies(tags, (1,), (totals,), totals, (1,) * n), CoOccurrence(
        tags, square, square
    )


def test_a_few_bars_fit_a_short_overview_without_scrolling(qtbot):
    from reader.ui.panes.overview import OverviewPane

    pane = OverviewPane()
    qtbot.addWidget(pane)
    pane.resize(480, 190)  # a short dock: the chart has less room than it wants
    pane.show()
    qtbot.waitExposed(pane)
    frequencies, co = _counts(2)
    pane.show_numbers(frequencies, co, {}, None)
    bar = pane.chart_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: pane.chart_view.height() > 0)
    qtbot.wait(20)
    assert pane.chart_scroll.viewport().height() < pane.chart_view.maximumHeight()
    assert bar.maximum() == 0  # no scrolling for a few pixels
    assert pane.bar_values() == [("tag 0", 2), ("tag 1", 1)]
    shown = {i.toPlainText() for i in pane.chart_view.scene().items() if hasattr(i, "toPlainText")}
    assert {"tag 0", "tag 1"} <= shown  # their labels whole, not "..."
    pane.resize(480, 700)  # a tall one: the bars keep their thickness, not the pane's
    qtbot.waitUntil(lambda: pane.chart_scroll.viewport().height() > 500)
    assert pane.chart_view.height() < 200
    frequencies, co = _counts(40)  # many tags in a short pane: they scroll, readable
    pane.resize(480, 170)
    pane.show_numbers(frequencies, co, {}, None)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert pane.chart_view.height() >= 40 * 12
