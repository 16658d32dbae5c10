"""File › Document Properties… (Alt+Return) shows what the source says about the open
document: its file and the item in it, a news database's outlet and length (issue 17)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from reader.ui.dialogs.document_properties import DocumentPropertiesDialog
from tests.formats.test_documents import MAKERS, NEXIS


def test_the_properties_of_the_open_document_are_shown_and_copied(
    make_window, open_project, tmp_path, qtbot
):
    path = tmp_path / "nexis.docx"
    MAKERS["docx"](path, NEXIS)
    project = open_project(tmp_path / "p.reader")
    outcomes = project.import_files([path])
    window = make_window(project)
    action = window.action("document_properties")
    assert action.shortcut().toString() == "Alt+Return"
    assert action in window.menuBar().actions()[0].menu().actions()
    window.open_document(outcomes[1].document_id)
    action.trigger()
    dialog = window.findChild(DocumentPropertiesDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    shown = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert shown["File"] == str(path) and shown["Item in the file"] == "0002"
    assert shown["Outlet"] == "The Mainland Gazette" and shown["Length"] == "230 words"
    assert "meta:Outlet=" in table.item(list(shown).index("Outlet"), 0).toolTip()
    table.selectRow(list(shown).index("Outlet"))
    assert dialog.copied_text() == "Outlet\tThe Mainland Gazette"
    dialog.findChild(QPushButton, "copy_properties").click()
    assert QGuiApplication.clipboard().text() == "Outlet\tThe Mainland Gazette"
    dialog.close()


LONG_TITLE = (
    "Residents who have demanded answers for months about the flooding of the lower "
    "town say the council's report, published late on Friday, still leaves the main "
    "question unanswered: who decided to open the sluices, and when"
)
LONG_URL = (
    "https://web.archive.org/web/20240101000000/https://example.org/news/local/"
    "2024/01/residents-demand-answers-over-flooding-of-the-lower-town?utm_source=feed"
    "&id=" + "7" * 60
)


def test_a_long_title_and_url_read_whole_in_the_properties(qtbot):
    rows = [("Title", LONG_TITLE), ("File", "/tmp/x.html"), ("Capture URL", LONG_URL)]
    dialog = DocumentPropertiesDialog("A title", rows)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.wordWrap()
    assert table.textElideMode() == Qt.TextElideMode.ElideNone
    metrics = table.fontMetrics()
    for row in (0, 2):
        cell = table.visualRect(table.model().index(row, 1))
        # the whole value, wrapped to the cell's width, fits in its row's height
        needed = metrics.boundingRect(
            QRect(0, 0, cell.width() - 8, 10_000),
            int(Qt.TextFlag.TextWrapAnywhere),
            table.item(row, 1).text(),
        )
        assert needed.height() > metrics.height()  # it does wrap
        assert cell.height() >= needed.height(), row
    # three rows fit without a scroll bar, and the dialog stays within the screen
    assert not table.verticalScrollBar().isVisible()
    dialog.table.selectRow(2)
    assert dialog.copied_text() == f"Capture URL\t{LONG_URL}"  # no break marks copied
    assert dialog.height() <= dialog.screen().availableGeometry().height()
