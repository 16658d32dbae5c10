"""A damaged project is refused with the README's message and its newest good backup
offered: Restore puts the backup in place and the window opens it (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from reader.store import backups
from reader.store.project import NotAProjectError, Project


def _damaged_project_with_backup(tmp_path: Path, seeds) -> tuple[Path, bytes]:
    path = tmp_path / "study.reader"
    backup_dir = tmp_path / "backups"
    with Project.open(path, backup_dir=backup_dir) as p:
        p.import_files(seeds[:2])
        p.add_tag("<b>Claims</b>")
    with Project.open(path, backup_dir=backup_dir):
        pass  # keeps a backup
    damaged = path.read_bytes()[:-100]
    path.write_bytes(damaged)
    return path, damaged


def _answer(monkeypatch, button_name: str | None) -> list[QMessageBox]:
    """Make every message box answer at once: click ``button_name`` (None: Cancel)."""
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        if button_name is not None:
            button = box.findChild(QAbstractButton, button_name)
            if button is not None:
                button.click()
                return 0
        cancel = box.button(QMessageBox.StandardButton.Cancel) or box.button(
            QMessageBox.StandardButton.Ok
        )
        cancel.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_a_refused_project_offers_its_backup_and_restore_opens_it(
    make_window, seeded_project, tmp_path, seeds, monkeypatch
):
    path, damaged = _damaged_project_with_backup(tmp_path, seeds)
    window = make_window(seeded_project)
    shown = _answer(monkeypatch, "restore_backup")
    assert window.switch_project(path)
    box = shown[0]
    assert "is damaged: it has been cut short" in box.text()
    assert "newest good backup" in box.text()
    assert box.textFormat().name == "PlainText"
    assert window.project().path == path
    assert len(window.project().documents()) == 2
    assert [t.name for t in window.project().tags()] == ["<b>Claims</b>"]
    kept = sorted(tmp_path.glob("study.reader.replaced-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_declining_the_restore_keeps_the_current_project_and_the_file_untouched(
    make_window, seeded_project, tmp_path, seeds, monkeypatch
):
    path, damaged = _damaged_project_with_backup(tmp_path, seeds)
    window = make_window(seeded_project)
    shown = _answer(monkeypatch, None)
    assert not window.switch_project(path)
    assert shown and shown[0].findChild(QAbstractButton, "restore_backup") is not None
    assert window.project() is seeded_project
    assert path.read_bytes() == damaged
    assert not list(tmp_path.glob("study.reader.replaced-*"))
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()


def test_a_refused_file_without_a_backup_has_no_restore_button(
    make_window, seeded_project, tmp_path, monkeypatch
):
    path = tmp_path / "notes.reader"
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 5000)
    window = make_window(seeded_project)
    shown = _answer(monkeypatch, "restore_backup")
    assert not window.switch_project(path)
    assert shown[0].findChild(QAbstractButton, "restore_backup") is None
    assert backups.backups_of(path, tmp_path / "backups") == []
    with pytest.raises(NotAProjectError) as caught:
        Project.open(path, backup_dir=tmp_path / "backups")
    assert caught.value.backup is None
