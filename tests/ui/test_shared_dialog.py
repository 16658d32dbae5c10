"""File › Open Shared Project… and shared projects in Open Recent."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from reader.ui.dialogs.shared_project import SharedProjectDialog
from reader.ui.window_state import WindowSettings


def test_the_dialog_makes_a_libpq_target_and_has_no_password_field(qtbot):
    dialog = SharedProjectDialog()
    qtbot.addWidget(dialog)
    open_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
    assert not open_button.isEnabled()  # a database or a service first
    dialog.host.setText("db.example")
    dialog.port.setValue(6432)
    dialog.database.setText("team corpus")
    dialog.user.setText("ann")
    dialog.sslmode.setCurrentText("verify-full")
    assert open_button.isEnabled()
    assert dialog.target() == (
        "host=db.example port=6432 dbname='team corpus' user=ann sslmode=verify-full"
    )
    assert not [e for e in dialog.findChildren(QLineEdit)
                if e.echoMode() != QLineEdit.EchoMode.Normal]  # fmt: skip
    dialog.database.clear()
    dialog.host.clear()
    dialog.service.setText("team")
    assert dialog.target() == "service=team port=6432 user=ann sslmode=verify-full"


def test_a_shared_project_in_open_recent_opens_by_its_target(
    seeded_project, make_window, settings, monkeypatch
):
    window = make_window(seeded_project)
    WindowSettings(settings).remember_project("postgresql://ann@db.example/team")
    asked = []
    monkeypatch.setattr(window.project_files, "_switch_project", asked.append)
    menu = window.project_files._menu
    menu.aboutToShow.emit()
    [action] = [a for a in menu.actions() if a.text().endswith("— shared")]
    assert "team on db.example" in action.text()
    action.trigger()
    assert asked == ["postgresql://ann@db.example/team"]
