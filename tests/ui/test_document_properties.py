"""File › Document Properties… (Alt+Return) shows what the source says about the open
document: its file and the item in it, a news database's outlet and length (issue 17)."""

from __future__ import annotations

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
