"""The window comes back where it was closed: same frame, same size, run after run
(``window_layout.restore_geometry``), including a window that filled the screen, which
Qt's own ``restoreGeometry`` shrinks and moves down by a title bar."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow

from reader.ui.window_layout import read_saved_geometry, restore_geometry


def made_window(qtbot) -> QMainWindow:
    """A main window with the parts that give it a minimum size: menu, text, status."""
    window = QMainWindow()
    window.menuBar().addMenu("&File")
    window.setCentralWidget(QLabel("text"))
    window.statusBar().showMessage("Document 1 of 5")
    qtbot.addWidget(window)
    return window


def shown(qtbot, window: QMainWindow) -> QMainWindow:
    window.show()
    qtbot.waitExposed(window)
    return window


def closed_at(qtbot, frame: QRect):
    """The bytes ``saveGeometry`` keeps for a window whose frame was ``frame``."""
    window = shown(qtbot, made_window(qtbot))
    edges = window.frameGeometry().size() - window.size()
    window.resize(frame.width() - edges.width(), frame.height() - edges.height())
    window.move(frame.topLeft())
    qtbot.waitUntil(lambda: window.frameGeometry() == frame)
    geometry = window.saveGeometry()
    window.close()
    return geometry, window.geometry()


def reopened(qtbot, geometry) -> QMainWindow:
    window = made_window(qtbot)
    restore_geometry(window, geometry)  # before show, as Qt documents
    return shown(qtbot, window)


def test_a_window_that_filled_the_screen_comes_back_where_it_was(qtbot):
    screen = QGuiApplication.primaryScreen().availableGeometry()
    geometry, closed = closed_at(qtbot, screen)
    saved = read_saved_geometry(geometry)
    assert saved is not None and saved.frame == screen and saved.window == closed
    for _run in range(3):  # not drifting down run after run either
        window = reopened(qtbot, geometry)
        qtbot.waitUntil(lambda w=window: w.frameGeometry() == screen)
        assert window.geometry() == closed
        geometry = window.saveGeometry()
        window.close()


def test_a_smaller_window_comes_back_where_it_was(qtbot):
    screen = QGuiApplication.primaryScreen().availableGeometry()
    frame = QRect(screen.left() + 60, screen.top() + 40, screen.width() // 2, screen.height() // 2)
    geometry, closed = closed_at(qtbot, frame)
    window = reopened(qtbot, geometry)
    qtbot.waitUntil(lambda: window.frameGeometry() == frame)
    assert window.geometry() == closed


def test_a_maximized_window_comes_back_maximized(qtbot):
    window = shown(qtbot, made_window(qtbot))
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    geometry = window.saveGeometry()
    window.close()
    again = made_window(qtbot)
    restore_geometry(again, geometry)
    again.show()
    qtbot.waitUntil(again.isMaximized)


def test_bytes_that_are_not_a_saved_geometry_read_as_none():
    from PySide6.QtCore import QByteArray

    assert read_saved_geometry(QByteArray(b"not a geometry")) is None
    assert read_saved_geometry(QByteArray()) is None
