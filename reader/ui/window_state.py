"""What the window remembers between runs, typed, in one place.

:class:`WindowState` is every setting the window keeps (its geometry and docks, the
splitter, the article's zoom and left-out text, the recent projects, the document last
open in each project) as one dataclass; :class:`WindowSettings` reads and writes it in a
``QSettings`` under fixed keys. Nothing else in the window names a settings key.

``STATE_VERSION`` is bumped when the layout changes, so old saved geometry, dock and
splitter states are ignored rather than restored into a different window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QTimer

from reader.ui.window_layout import first_layout, restore_geometry, tame_docks

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

STATE_VERSION = 1
RECENT_KEPT = 8


@dataclass
class WindowState:
    """The window's remembered layout and preferences (empty byte arrays: none saved)."""

    geometry: QByteArray = field(default_factory=QByteArray)
    docks: QByteArray = field(default_factory=QByteArray)
    splitter: QByteArray = field(default_factory=QByteArray)
    zoom: int = 0
    show_left_out: bool = False
    caret_browsing: bool = False
    snap_words: bool = True


class WindowSettings:
    """The window's settings in ``settings`` (the app's QSettings, or a test's)."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    # ---- layout and preferences

    def load(self) -> WindowState:
        s = self._s
        state = WindowState(
            zoom=int(s.value("article/zoom", 0, int)),
            show_left_out=bool(s.value("article/show_left_out", False, bool)),
            caret_browsing=bool(s.value("reading/caret_browsing", False, bool)),
            snap_words=bool(s.value("reading/snap_words", True, bool)),
        )
        if s.value("window/state_version", 0, int) == STATE_VERSION:
            state.geometry = s.value("window/geometry", QByteArray(), QByteArray)
            state.docks = s.value("window/state", QByteArray(), QByteArray)
            state.splitter = s.value("window/main_splitter", QByteArray(), QByteArray)
        return state

    def save(self, state: WindowState) -> None:
        s = self._s
        s.setValue("window/state_version", STATE_VERSION)
        s.setValue("window/geometry", state.geometry)
        s.setValue("window/state", state.docks)
        s.setValue("window/main_splitter", state.splitter)
        self.save_zoom(state.zoom)
        self.save_show_left_out(state.show_left_out)
        s.setValue("reading/caret_browsing", state.caret_browsing)
        s.setValue("reading/snap_words", state.snap_words)
        s.sync()

    def save_zoom(self, step: int) -> None:
        self._s.setValue("article/zoom", step)

    def save_show_left_out(self, shown: bool) -> None:
        self._s.setValue("article/show_left_out", shown)

    # ---- projects and documents

    def recent_projects(self) -> list[str]:
        value = self._s.value("projects/recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]

    def remember_project(self, path: Path | str) -> None:
        """``path``: a file (kept as its full path) or a ``str`` kept as given (a project's
        ``location``: a file's full path, a shared project's database)."""
        path_text = path if isinstance(path, str) else str(Path(path).resolve())
        recent = [p for p in self.recent_projects() if p != path_text]
        self._s.setValue("projects/recent", [path_text, *recent][:RECENT_KEPT])

    def last_document(self, project_path: Path | str) -> int | None:
        value = self._s.value(self._last_document_key(project_path), None)
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def remember_document(self, project_path: Path | str, document_id: int) -> None:
        self._s.setValue(self._last_document_key(project_path), document_id)

    @staticmethod
    def _last_document_key(project_path: Path | str) -> str:
        path = str(Path(project_path).resolve())
        return f"session/last_document_{hashlib.sha1(path.encode()).hexdigest()[:16]}"


def restore_window(w: MainWindow, settings: WindowSettings) -> None:
    """Put the window as it was left (the article's zoom, left-out text and caret,
    geometry, docks, splitter), before its first paint; a window with nothing remembered
    gets the first layout. The dock frames exist by then, their panes not yet."""
    state = settings.load()
    w.article.set_zoom(state.zoom)
    w.article.set_boilerplate_visible(state.show_left_out)
    w.article.set_caret_browsing(state.caret_browsing)
    if not state.geometry.isEmpty():
        restore_geometry(w, state.geometry)
    if not state.docks.isEmpty():
        w.restoreState(state.docks, STATE_VERSION)
        # Once laid out: a remembered dock over half the window is not kept.
        QTimer.singleShot(0, w, lambda: tame_docks(w, w.docks))
    if not state.splitter.isEmpty():
        w.splitter.restoreState(state.splitter)
        return
    first_layout(w, w.splitter)


def restore_actions(w: MainWindow, settings: WindowSettings) -> None:
    """Check the actions as they were left, once they exist (the article shows so
    already: ``restore_window``)."""
    state = settings.load()
    w.action("show_left_out").setChecked(state.show_left_out)
    w.action("caret_browsing").setChecked(state.caret_browsing)
    w.action("snap_words").setChecked(state.snap_words)


def save_window(w: MainWindow, settings: WindowSettings) -> None:
    """Keep how the window is now, for the next run."""
    settings.save(
        WindowState(
            geometry=w.saveGeometry(),
            docks=w.saveState(STATE_VERSION),
            splitter=w.splitter.saveState(),
            zoom=w.article.zoom(),
            show_left_out=w.article.boilerplate_visible(),
            caret_browsing=w.article.caret_browsing(),
            snap_words=w.action("snap_words").isChecked(),
        )
    )
