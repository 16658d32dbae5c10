"""Help › Keyboard Shortcuts: a sheet made from the window's actions (so it never
drifts), searchable by typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from reader.ui.dialogs.shortcuts import ShortcutsDialog


def open_sheet(window, qtbot) -> ShortcutsDialog:
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    return QApplication.activeModalWidget()


def test_the_sheet_lists_every_action_with_keys_and_filters(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    sheet = open_sheet(window, qtbot)
    shown = sheet.shown()
    listed = {(row[1], row[2]) for row in shown}
    # every action of the window with a shortcut is there, with its keys as they are now
    for action in window.actions_by_name.values():
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        if keys and action.isVisible():
            text = action.text().replace("&", "").rstrip("…").strip()
            assert (text, ", ".join(keys)) in listed, text
    assert ("Tag Selection", "T, Ctrl+T") in listed
    assert ("Caret Browsing", "F7") in listed
    # typing narrows it: by word and by key
    qtbot.keyClicks(sheet.filter_edit, "note")
    assert sheet.shown() and all("note" in " ".join(r).lower() for r in sheet.shown())
    sheet.filter_edit.clear()
    qtbot.keyClicks(sheet.filter_edit, "Ctrl+Z")
    assert [r[1] for r in sheet.shown()] == ["Undo"]
    sheet.filter_edit.clear()
    qtbot.keyClicks(sheet.filter_edit, "sentence")
    assert [r[1] for r in sheet.shown()] == ["Caret Browsing", "Select sentences"]
    sheet.reject()


def test_empty_panes_say_what_to_do(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    hint = window.codebook.empty_hint.label
    assert hint.isVisible()
    assert "press T to tag" in hint.text()
    assert window.annotations.empty_hint.label.isVisibleTo(window.annotations)
    # a tag made in the codebook's line: the hint goes
    window.codebook.focus_find()
    qtbot.keyClicks(window.codebook.find_edit, "Blame")
    qtbot.keyClick(window.codebook.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.codebook_model.rowCount() == 1)
    assert not hint.isVisible()
