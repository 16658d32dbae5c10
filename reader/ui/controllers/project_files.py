"""The File menu's projects and imports: New and Open Project, Open Recent, Import Files
and Import Folder. It asks the user (file dialogs) and hands the answer to the window,
which switches the project or imports (``switch_project``, ``import_paths``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from reader.ui.controllers.import_menu import READABLE_FILTER
from reader.ui.dialogs.shared_project import ask_shared_target
from reader.ui.session import is_shared_target, shared_label
from reader.ui.window_state import WindowSettings

PROJECT_SUFFIX = ".reader"


class ProjectFiles(QObject):
    """The dialogs of the File menu, and the recent projects in ``menu``."""

    def __init__(
        self,
        window: QWidget,
        menu: QMenu,
        settings: WindowSettings,
        *,
        project_path: Callable[[], Path],
        switch_project: Callable[[Path | str], bool],
        import_paths: Callable[[Sequence[Path]], object],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._menu = menu
        self._settings = settings
        self._project_path = project_path
        self._switch_project = switch_project
        self._import_paths = import_paths
        menu.aboutToShow.connect(self._on_menu_about_to_show)

    @Slot()
    def _on_new_project_triggered(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._window,
            "New Project",
            str(Path(self._project_path()).parent / f"untitled{PROJECT_SUFFIX}"),
            f"Reader projects (*{PROJECT_SUFFIX})",
        )
        if name:
            path = Path(name)
            if path.suffix != PROJECT_SUFFIX:
                path = path.with_suffix(PROJECT_SUFFIX)
            if path.exists():
                QMessageBox.warning(
                    self._window, "New Project", f"{path.name} already exists; open it instead."
                )
                return
            self._switch_project(path)

    @Slot()
    def _on_open_project_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window,
            "Open Project",
            str(Path(self._project_path()).parent),
            f"Reader projects (*{PROJECT_SUFFIX});;All files (*)",
        )
        if name:
            self._switch_project(Path(name))

    @Slot()
    def _on_open_shared_triggered(self) -> None:
        target = ask_shared_target(self._window)
        if target:
            self._switch_project(target)

    @Slot()
    def _on_import_files_triggered(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self._window, "Import Files", "", READABLE_FILTER)
        if names:
            self._import_paths([Path(n) for n in names])

    @Slot()
    def _on_import_folder_triggered(self) -> None:
        name = QFileDialog.getExistingDirectory(self._window, "Import Folder")
        if name:
            self._import_paths([Path(name)])

    @Slot()
    def _on_menu_about_to_show(self) -> None:
        self._menu.clear()
        current = str(Path(self._project_path()).resolve())
        for i, path in enumerate(self._settings.recent_projects()):
            if is_shared_target(path):
                label = f"{shared_label(path)} — shared"
            else:
                label = f"{Path(path).name} — {Path(path).parent}"
            action = self._menu.addAction(f"&{i + 1} {label}")
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+Alt+{i + 1}"))
            action.setEnabled(path != current)
            action.setData(path)
            action.triggered.connect(self._on_recent_action_triggered)
        if self._menu.isEmpty():
            self._menu.addAction("No recent projects").setEnabled(False)

    @Slot()
    def _on_recent_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and action.data():
            target = str(action.data())
            self._switch_project(target if is_shared_target(target) else Path(target))
