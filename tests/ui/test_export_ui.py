"""File > Export… (Ctrl+E): the dialog writes the file chosen, in the format and scope
chosen; cancelling the progress leaves no file (and an earlier one as it was); a failed
export says why."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QProgressDialog

from .test_retrieval_ui import coded_project

CTRL = Qt.KeyboardModifier.ControlModifier


def open_export(window, qtbot):
    window.activateWindow()  # back from an earlier dialog
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    dialog = window.retrieval.export_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def click_export(qtbot, dialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_export_is_in_the_file_menu(make_window, tmp_path, open_project):
    window = make_window(coded_project(tmp_path, open_project))
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    names = [a.objectName() for a in file_menu.actions()]
    assert names.index("export") == names.index("import_menu") + 1


def test_the_dialog_writes_the_project_as_csv(make_window, tmp_path, open_project, qtbot):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    dialog = open_export(window, qtbot)
    dialog.set_format("csv")
    dialog.project_button.setChecked(True)
    target = tmp_path / "out" / "all.csv"
    target.parent.mkdir()
    dialog.set_path(target)
    with qtbot.waitSignal(window.retrieval.status_message) as said:
        click_export(qtbot, dialog)
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(project.coded_segments(untagged=True)) == 7
    assert said.args == [f"Wrote 7 rows to {target}"]  # the full path: where to look
    assert window.retrieval.exports.written.button.isVisible()  # and an Open Folder button
    assert window.retrieval.exports.written.folder == target.parent
    assert {r["document"] for r in rows} == {s.source_path for s in project.documents()}
    qtbot.waitUntil(lambda: window.retrieval.export_dialog is None)  # closed, deleted
    assert sorted(p.name for p in target.parent.iterdir()) == ["all.csv"]


def test_the_document_shown_as_a_report_and_the_formats_scopes(
    make_window, tmp_path, open_project, qtbot
):
    project = coded_project(tmp_path, open_project)
    second = project.documents()[1]
    window = make_window(project)
    window.open_document(second.id)
    dialog = open_export(window, qtbot)
    dialog.set_format("md")
    assert dialog.document_button.isEnabled() and dialog.document_button.isChecked()
    assert dialog.path_edit.text().endswith(".md")
    assert "Sandbags run out" in dialog.path_edit.text()  # named after the document
    dialog.set_format("qdc")  # the codebook: of the project only
    assert not dialog.document_button.isEnabled()
    assert dialog.project_button.isChecked()
    assert dialog.path_edit.text().endswith(".qdc")
    dialog.set_format("qdpx")
    assert dialog.crlf_box.isVisibleTo(dialog)
    dialog.set_format("md")
    dialog.document_button.setChecked(True)
    target = tmp_path / "report.md"
    dialog.set_path(target)
    assert dialog.choice().document_id == second.id
    with qtbot.waitSignal(window.retrieval.status_message):
        click_export(qtbot, dialog)
    text = target.read_text(encoding="utf-8")
    assert "Sandbags run out" in text
    assert "Thank you, volunteers" in text
    assert "Rivers rise" not in text  # the other document is not in it


def test_cancelling_leaves_no_file_and_keeps_the_old_one(
    make_window, tmp_path, open_project, qtbot, monkeypatch
):
    monkeypatch.setattr("reader.ui.dialogs.export.PROGRESS_AFTER_MS", 0)  # at once
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    folder = tmp_path / "exports"
    folder.mkdir()
    old = folder / "old.html"
    old.write_text("the report of last week", encoding="utf-8")

    def cancel() -> None:
        """Press Cancel as soon as the export's progress shows."""
        for w in QApplication.topLevelWidgets():
            if (
                isinstance(w, QProgressDialog)
                and w.objectName() == "export_progress"
                and (w.isVisible())
            ):
                w.cancel()
                watcher.stop()

    watcher = QTimer()
    watcher.setInterval(0)
    watcher.timeout.connect(cancel)

    for target in (old, folder / "new.xlsx"):
        dialog = open_export(window, qtbot)
        dialog.set_format(target.suffix[1:])
        dialog.project_button.setChecked(True)
        dialog.set_path(target)
        dialog._confirmed = target  # as if the file chooser had asked about replacing it
        watcher.start()
        with qtbot.waitSignal(window.retrieval.status_message) as said:
            click_export(qtbot, dialog)
        assert said.args[0].startswith("The export was cancelled; nothing was written")
        qtbot.waitUntil(lambda: window.retrieval.export_dialog is None)
    assert old.read_text(encoding="utf-8") == "the report of last week"
    assert sorted(p.name for p in folder.iterdir()) == ["old.html"]


def test_a_failed_export_says_why(make_window, tmp_path, open_project, qtbot):
    project = coded_project(tmp_path, open_project)
    window = make_window(project)
    failures = []
    window.retrieval.report_failure = lambda title, text: failures.append((title, text))
    dialog = open_export(window, qtbot)
    dialog.set_format("w3c")
    target = tmp_path / "missing folder" / "notes.jsonld"
    dialog.set_path(target)
    click_export(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(failures))
    assert failures[0][0] == "Export failed"
    assert "notes.jsonld" in failures[0][1]
    assert not target.parent.exists()


def test_the_dialog_reads_right_and_starts_where_a_first_time_user_looks(
    make_window, tmp_path, open_project, qtbot, monkeypatch
):
    from PySide6.QtWidgets import QFormLayout, QLabel

    from reader.ui.controllers import exporting

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(exporting, "documents_folder", lambda: documents)
    project = coded_project(tmp_path, open_project)
    empty = tmp_path / "empty.txt"
    empty.write_text("Nothing coded here\n\nA paragraph of text to read.\n", encoding="utf-8")
    project.import_files([empty])
    window = make_window(project)
    uncoded = next(s.id for s in project.documents() if s.source_path.endswith("empty.txt"))
    window.open_document(uncoded)
    dialog = open_export(window, qtbot)
    # the labels are words, not "&File:" shown as such (a buddy makes & a mnemonic)
    form = dialog.findChild(QFormLayout)
    labels = [
        form.itemAt(r, QFormLayout.ItemRole.LabelRole).widget()
        for r in range(form.rowCount())
        if form.itemAt(r, QFormLayout.ItemRole.LabelRole) is not None
    ]
    texts = [label.text() for label in labels if isinstance(label, QLabel)]
    assert "&File:" in texts
    file_label = next(label for label in labels if label.text() == "&File:")
    assert file_label.buddy() is dialog.path_edit
    # drawn as "File:" with the F underlined, no "&" (a label without a buddy shows it)
    assert file_label.sizeHint().width() < file_label.fontMetrics().horizontalAdvance("&File:")
    # nothing coded in the document shown: the whole project, into Documents
    assert dialog.project_button.isChecked()
    assert dialog.choice().document_id is None
    assert dialog.choice().path.parent == documents
    dialog.set_format("csv")
    with qtbot.waitSignal(window.retrieval.status_message):
        click_export(qtbot, dialog)
    written = documents / "coded.csv"
    assert written.exists()
    assert window.statusBar().currentMessage() == f"Wrote 7 rows to {written}"
    # a coded document: that document, into the folder used last
    window.open_document(project.documents()[0].id)
    dialog = open_export(window, qtbot)
    assert dialog.document_button.isChecked()
    assert Path(dialog.path_edit.text()).parent == documents
    dialog.reject()
