"""Fixtures for the window tests: settings and data in a temporary folder, the seeds in
a fresh project, and small hand-built documents."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QStandardPaths

from reader.resources_path import seed_files
from reader.store.project import Project
from reader.ui.main_window import MainWindow


def pytest_collection_modifyitems(items):
    # The offscreen platform says so whenever a top-level window's minimum size changes;
    # a real platform does not, and nothing is wrong.
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(r"does not support propagateSizeHints"))


@pytest.fixture(autouse=True)
def _isolated_locations():
    QStandardPaths.setTestModeEnabled(True)
    yield


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def seeds() -> list[Path]:
    return seed_files()


@pytest.fixture
def open_project(tmp_path):
    """Opens a project (as ``coder``: None, the account's name) that stays open until the
    test's windows are gone (``make_window`` closes them first, as the app does when it
    quits): a window never paints from a project closed under it."""
    opened: list[Project] = []

    def open_(path: Path, coder: str | None = None) -> Project:
        project = Project.open(path, backup_dir=tmp_path / "backups", coder=coder)
        opened.append(project)
        return project

    yield open_
    for project in opened:
        project.close()


@pytest.fixture
def seeded_project(tmp_path, seeds, open_project) -> Project:
    project = open_project(tmp_path / "seeds.reader")
    project.import_files(seeds)
    return project


@pytest.fixture
def make_window(qtbot, settings, open_project):
    made: list[MainWindow] = []

    def make(project: Project, *, show: bool = True) -> MainWindow:
        window = MainWindow(project, settings, open_project=open_project)
        qtbot.addWidget(window)
        made.append(window)
        if show:
            window.resize(1440, 900)
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make
    # Each test's windows are gone before the next test starts (and before their
    # projects close), as when the app quits; nothing of them can run in another test.
    for window in made:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
