"""Text from a document or the user that looks like markup is shown as written, never
rendered (issue 12): a walk over every item model in the window, every row, column and
header, with a project whose titles, file names, authors, passages, tags and notes are
all hostile."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui  # Qt.mightBeRichText lives in QtGui
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from reader.ui.plain_text import tooltip

BOLD = "<b>bold</b>"
IMAGE = '<img src="http://example.invalid/x.png">'
HOSTILE = f"{BOLD} {IMAGE} & <i>more</i>"
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def hostile_project(tmp_path: Path, open_project):
    folder = tmp_path / "<i>pages"  # no "/": it would be a folder
    folder.mkdir()
    page = folder / "<b><img src=x>story.txt"
    page.write_text(
        f"{HOSTILE} headline\n\nThe council said {BOLD} and {IMAGE} were not its words.\n\n"
        f"2 Comments\n\n1. {BOLD} says:\nI agree with <u>everything</u> {IMAGE}.\n\n"
        f"2. <script>x</script> says:\nNo {HOSTILE} at all.\n",
        encoding="utf-8",
    )
    project = open_project(tmp_path / "hostile.reader")
    [outcome] = project.import_files([page])
    doc_id = outcome.document_id
    parent = project.add_tag(f"{BOLD} codes", description=f"About {IMAGE}")
    child = project.add_tag(f"<i>{IMAGE}</i>", parent=parent.id)
    text = project.load(doc_id).text
    for needle, tags in ((BOLD, [parent.id]), (IMAGE, [child.id, parent.id])):
        start = text.index(needle)
        project.add_annotation(doc_id, start, start + len(needle), tags, note=HOSTILE)
    return project, doc_id


def _columns(model: QAbstractItemModel, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
    # A list model's columnCount is private in PySide6: it has one.
    return 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)


def _indexes(model: QAbstractItemModel, parent: QModelIndex = QModelIndex()):  # noqa: B008
    for row in range(model.rowCount(parent)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and not isinstance(model, QAbstractListModel) and model.rowCount(index):
                yield from _indexes(model, index)


def _rendered(value: str) -> str:
    """What a tooltip or label shows: Qt renders it as rich text when it guesses so."""
    if not QtGui.mightBeRichText(value):
        return value
    document = QTextDocument()
    document.setHtml(value)
    return document.toPlainText()


def _check(where: str, role, value, problems: list[str]) -> None:
    if not isinstance(value, str):
        return
    if role == Qt.ItemDataRole.DisplayRole:
        # Item views paint DisplayRole as plain text: it must be the text itself, never
        # escaped (the user would see &lt;b&gt;) nor stripped of its markup-like parts.
        if "&lt;" in value or "&amp;" in value:
            problems.append(f"{where} display shows escaped text: {value!r}")
        return
    if QtGui.mightBeRichText(value):
        shown = _rendered(value)
        markup = ("<b>", "<img", "<i>", "<u>", "<script>")
        # Rendered as rich text, a hostile string's markup must come out as characters.
        raw = html.unescape(value)
        for tag in markup:
            if tag in raw and tag not in shown:
                problems.append(f"{where} tooltip renders {tag!r}: {value!r}")
        if "<img" in value or "<b>" in value:
            problems.append(f"{where} tooltip carries live markup: {value!r}")


def walk(models: dict[str, QAbstractItemModel]) -> tuple[list[str], int]:
    problems: list[str] = []
    hostile_seen = 0
    for name, model in models.items():
        for index in _indexes(model):
            for role in ROLES:
                value = model.data(index, role)
                if isinstance(value, str) and ("<b>" in value or "&lt;b&gt;" in value):
                    hostile_seen += 1
                _check(f"{name}[{index.row()},{index.column()}]", role, value, problems)
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            horizontal = orientation == Qt.Orientation.Horizontal
            count = _columns(model) if horizontal else model.rowCount()
            for section in range(count):
                for role in ROLES:
                    value = model.headerData(section, orientation, role)
                    _check(f"{name} header {section}", role, value, problems)
    return problems, hostile_seen


def test_the_tooltip_helper_shows_the_text_verbatim(qapp):
    for text in (HOSTILE, "<qt>x</qt>", "a  b\nc", "<!doctype html><p>x"):
        shown = tooltip(text)
        assert shown is not None and QtGui.mightBeRichText(shown)
        assert _rendered(shown) == text
    assert tooltip("") is None and tooltip(None) is None


def test_no_model_renders_hostile_text_as_markup(make_window, tmp_path, open_project, qtbot):
    project, doc_id = hostile_project(tmp_path, open_project)
    window = make_window(project)
    window.open_document(doc_id)
    # Corpus search, coded segments and the overview, each filled from the project.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    pane = window.search_pane
    with qtbot.waitSignal(pane.search_requested, timeout=3000):
        qtbot.keyClicks(pane.query_edit, "bold")
    qtbot.waitUntil(lambda: window.search_model.rowCount() > 0)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: window.segments_model.rowCount() > 0)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: window.docks["overview_dock"].isVisible())
    qtbot.waitUntil(lambda: window.overview.frequency_model.rowCount() > 0)
    qtbot.waitUntil(lambda: window.overview.co_model.rowCount() > 0)
    # The tag chooser's list, as typing "<" into it would fill it.
    window.annotator.chooser.model.set_tags([(t, t.name, t.colour) for t in project.tags()])
    window.annotator.chooser.model.set_query("<")
    assert window.annotator.chooser.model.rowCount() >= 2
    models = {
        f"{type(m).__name__}#{i}": m for i, m in enumerate(window.findChildren(QAbstractItemModel))
    }
    kinds = {type(m).__name__ for m in models.values()}
    for expected in (
        "DocumentListModel", "CommentTreeModel", "CodebookModel", "AnnotationListModel",
        "SearchResultsModel", "SegmentsModel", "FrequencyModel", "CoOccurrenceModel",
        "TagMatchModel",
    ):  # fmt: skip
        assert expected in kinds
    problems, hostile_seen = walk(models)
    assert problems == []
    assert hostile_seen >= 10  # the walk saw the hostile text, not empty models
    # Labels that show the user's text show it as written.
    for label in window.findChildren(QLabel):
        if "<b>" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
