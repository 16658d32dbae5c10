"""Team work in the window: who is coding, whose coding is shown, merging, agreement.

:class:`TeamWork` owns the window's coder filter (all coders, one, a chosen set, or "only
my coding") and hands it to those who show annotations (the annotator: highlights, margin
stripes, the annotations list; retrieval: coded segments). It adds:

* File › Merge Project… — one undoable step (``merge_command``), a progress dialog,
  a summary afterwards;
* View › Coders ▸ (All Coders, each coder) and View › Show Only My Coding;
* Tools › Coder Agreement (``agreement_dialog``);
* Edit › Preferences… — the coder's name (``preferences_dialog``);
* "Coding as NAME" at the right of the status bar (``coder_label``), so who is coding
  is never a guess (a name given for the run, or a shared project's login, included).

The current coder is the project's (``Project.coder``); a new name from Preferences is
saved in the settings and set on the project. Dialogs that would block are replaceable
in tests (``ask_merge_paths``, ``show_summary``).

Signals:
    status_message(str): a line for the status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QWidget,
)

from reader.ui.actions import (
    ActionSpec,
    build_actions,
    build_menu,
    insert_after,
    insert_menu,
    menu_named,
)
from reader.ui.commands.merge import MergeProject, merge_with_progress
from reader.ui.dialogs.preferences import CODER_KEY, PreferencesDialog
from reader.ui.plain_text import plain_label
from reader.ui.session import ProjectError

if TYPE_CHECKING:
    from reader.ui.dialogs.agreement import AgreementDialog
    from reader.ui.session import DocumentSession, Project


class TeamWork(QObject):
    """See the module's docstring."""

    status_message = Signal(str)

    ACTIONS = (
        ActionSpec("merge_project", "&Merge Project…", (),
                   "Add another project file's documents, tags and coding to this one"),
        ActionSpec("coder_agreement", "Coder &Agreement…", ("Ctrl+Shift+K",),
                   "Percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha"),
        ActionSpec("only_my_coding", "Show Only &My Coding", ("Ctrl+Shift+J",),
                   "Hide the other coders' passages (to code blind)"),
        ActionSpec("all_coders", "&All Coders", (), "Show every coder's passages"),
        ActionSpec("preferences", "&Preferences…", (QKeySequence.StandardKey.Preferences, "Ctrl+,"),
                   "Your name as a coder"),
    )  # fmt: skip

    def __init__(
        self,
        session: DocumentSession,
        *,
        window,
        settings: QSettings,
        apply_filter: Callable[[frozenset[str] | None], None],
        documents_changed: Callable[[], None],
        show_passage: Callable[[int, int, int], None],
    ) -> None:
        super().__init__(window)
        self._session = session
        self._window: QWidget = window
        self._settings = settings
        self._apply_filter = apply_filter
        self._documents_changed = documents_changed
        self._show_passage = show_passage
        self._shown: frozenset[str] | None = None  # None: every coder
        self.agreement_dialog: AgreementDialog | None = None
        self.last_merge: MergeProject | None = None
        # Replaceable in tests: the files to merge, and the summary afterwards.
        self.ask_merge_paths: Callable[[], list[Path]] = self._ask_merge_paths
        self.show_summary: Callable[[str, str], None] = self._show_summary
        self.actions: dict[str, QAction] = {}
        self.actions = build_actions(self.ACTIONS, window)
        self.actions["only_my_coding"].setCheckable(True)
        self.actions["all_coders"].setCheckable(True)
        self.actions["all_coders"].setChecked(True)
        self.coders_menu = QMenu("&Coders", window)
        self.coders_menu.setObjectName("coders_menu")
        self._coder_group = QActionGroup(self)
        self._coder_group.setExclusive(False)
        a = self.actions
        a["merge_project"].triggered.connect(self._on_merge_project_triggered)
        a["coder_agreement"].triggered.connect(self._on_coder_agreement_triggered)
        a["only_my_coding"].toggled.connect(self._on_only_my_coding_toggled)
        a["all_coders"].triggered.connect(self._on_all_coders_triggered)
        a["preferences"].triggered.connect(self._on_preferences_triggered)
        self.coders_menu.aboutToShow.connect(self._on_coders_menu_about_to_show)
        self.coder_label = plain_label(QLabel(window))
        self.coder_label.setObjectName("coder_label")
        self.coder_label.setContentsMargins(12, 0, 4, 0)  # apart from the position text
        self.coder_label.setToolTip("Your name on what you code (Edit › Preferences…)")
        if isinstance(window, QMainWindow):
            window.statusBar().addPermanentWidget(self.coder_label)
        self._show_coder()

    def fill_menu_bar(self, bar: QMenuBar) -> None:
        """Merge Project… in File (after Export…, else the imports), Preferences… in Edit,
        Coders and Show Only My Coding in View, and a Tools menu before Help."""
        file_menu = menu_named(bar, "file_menu")
        if file_menu is not None:
            names = [x.objectName() for x in file_menu.actions()]
            after = "export" if "export" in names else "import_menu"
            insert_after(file_menu, self.actions["merge_project"], after)
        edit = menu_named(bar, "edit_menu")
        if edit is not None:
            edit.addSeparator()
            edit.addAction(self.actions["preferences"])
        view = menu_named(bar, "view_menu")
        if view is not None:
            first = view.actions()[0] if view.actions() else None
            view.insertMenu(first, self.coders_menu)
            view.insertAction(first, self.actions["only_my_coding"])
            view.insertSeparator(first)
        tools = build_menu("&Tools", "tools_menu", ("coder_agreement",), self.actions, bar)
        insert_menu(bar, tools, "help_menu")
        self._fill_coders_menu()

    # ---- the project and the coder

    @property
    def _project(self) -> Project:
        return self._session.project

    def set_project(self, _project: Project) -> None:
        """Another project is open (the session has it): everyone's coding shown."""
        self.actions["only_my_coding"].setChecked(False)
        self.show_coders(None)
        self._show_coder()
        if self.agreement_dialog is not None:
            self.agreement_dialog.close()

    def coder(self) -> str:
        return self._project.coder

    def _show_coder(self) -> None:
        name = self.coder()
        self.coder_label.setText(f"Coding as {name}" if name else "")
        self.coder_label.setVisible(bool(name))

    def coders(self) -> list[str]:
        """The project's coders, the current one among them even before they code."""
        names = [c.name for c in self._project.coders()]
        if self.coder() and self.coder() not in names:
            names.append(self.coder())
        return sorted(names, key=str.casefold)

    def set_coder_name(self, name: str) -> None:
        """From now on the window codes as ``name`` (kept in the settings)."""
        self._settings.setValue(CODER_KEY, name)
        try:
            self._project.set_coder(name)
        except ProjectError as error:  # the file is busy or read-only
            self.status_message.emit(f"Your name could not be recorded in the project: {error}")
            return
        self._show_coder()
        if self.actions["only_my_coding"].isChecked():
            self.show_coders(frozenset({name}))
        self.status_message.emit(f"Coding as {self.coder()}")

    # ---- whose coding is shown

    def shown_coders(self) -> frozenset[str] | None:
        return self._shown

    def show_coders(self, coders: frozenset[str] | None) -> None:
        """Show these coders' passages (None: everyone's)."""
        self._shown = coders
        only_mine = coders is not None and coders == frozenset({self.coder()})
        if self.actions["only_my_coding"].isChecked() != only_mine:
            self.actions["only_my_coding"].blockSignals(True)
            self.actions["only_my_coding"].setChecked(only_mine)
            self.actions["only_my_coding"].blockSignals(False)
        self.actions["all_coders"].setChecked(coders is None)
        self._apply_filter(coders)
        if coders is None:
            self.status_message.emit("Showing every coder's passages")
        else:
            self.status_message.emit(f"Showing the passages of {', '.join(sorted(coders))}")

    def _fill_coders_menu(self) -> None:
        menu = self.coders_menu
        menu.clear()
        for action in self._coder_group.actions():
            self._coder_group.removeAction(action)
            action.deleteLater()
        menu.addAction(self.actions["all_coders"])
        menu.addSeparator()
        for name in self.coders():
            action = QAction(name + (" (you)" if name == self.coder() else ""), menu)
            action.setObjectName(f"coder:{name}")
            action.setData(name)
            action.setCheckable(True)
            action.setChecked(self._shown is None or name in self._shown)
            action.toggled.connect(self._on_coder_action_toggled)
            self._coder_group.addAction(action)
            menu.addAction(action)

    # ---- merge

    def _ask_merge_paths(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self._window, "Merge Project", str(Path(self._project.path).parent),
            "Reader projects (*.reader);;All files (*)",
        )  # fmt: skip
        return [Path(n) for n in names]

    def _show_summary(self, title: str, text: str) -> None:
        lines = text.splitlines()
        box = QMessageBox(QMessageBox.Icon.Information, title, lines[0],
                          QMessageBox.StandardButton.Ok, self._window)  # fmt: skip
        box.setObjectName("merge_summary")
        box.setInformativeText("\n".join(lines[1:4]))
        if len(lines) > 4:
            box.setDetailedText("\n".join(lines[4:]))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def merge(self, paths: Sequence[Path]) -> list[MergeProject]:
        """Merge each file as its own undoable step; a summary says what happened."""
        done: list[MergeProject] = []
        lines: list[str] = []
        for path in paths:
            try:
                report = merge_with_progress(self._project, Path(path), self._window)
            except ProjectError as error:
                lines.append(f"{Path(path).name} was not merged: {error}")
                continue
            command = MergeProject(self._session, Path(path), report,
                                   after=self._after_merge)  # fmt: skip
            self._session.undo_stack.push(command)
            done.append(command)
            lines += report.summary()
        if done:
            self.last_merge = done[-1]
            added = sum(c.report.annotations_added for c in done)
            self.status_message.emit(f"Merged: {added:,} annotations added (Ctrl+Z takes it back)")
        if lines:
            self.show_summary("Merge Project", "\n".join(lines))
        return done

    def _after_merge(self) -> None:
        self._documents_changed()
        self._fill_coders_menu()
        if self.agreement_dialog is not None and self.agreement_dialog.isVisible():
            self.agreement_dialog.refresh()

    # ---- agreement

    def open_agreement(self) -> AgreementDialog:
        # The agreement figures load when first asked for, not with the window.
        from reader.ui.dialogs.agreement import AgreementDialog
        from reader.ui.session import agreement_input

        if self.agreement_dialog is not None:
            self.agreement_dialog.close()
            self.agreement_dialog.deleteLater()
        project = self._project

        def measure(unit: str, coders):
            return agreement_input.measure(project, unit=unit, coders=coders)

        # Only those who coded something: a lead who has not coded is no coder to compare.
        coded = [c.name for c in project.coders() if c.annotations]
        dialog = AgreementDialog(measure, coded, self._window)
        dialog.passage_requested.connect(self._on_agreement_passage_requested)
        self.agreement_dialog = dialog
        dialog.show()
        return dialog

    # ---- slots

    @Slot()
    def _on_merge_project_triggered(self) -> None:
        paths = self.ask_merge_paths()
        if paths:
            self.merge(paths)

    @Slot()
    def _on_coder_agreement_triggered(self) -> None:
        self.open_agreement()

    @Slot(bool)
    def _on_only_my_coding_toggled(self, checked: bool) -> None:
        self.show_coders(frozenset({self.coder()}) if checked else None)

    @Slot()
    def _on_all_coders_triggered(self) -> None:
        self.show_coders(None)

    @Slot(bool)
    def _on_coder_action_toggled(self, _checked: bool) -> None:
        chosen = frozenset(str(a.data()) for a in self._coder_group.actions() if a.isChecked())
        everyone = frozenset(str(a.data()) for a in self._coder_group.actions())
        self.show_coders(None if chosen == everyone else chosen)

    @Slot()
    def _on_coders_menu_about_to_show(self) -> None:
        self._fill_coders_menu()

    @Slot()
    def _on_preferences_triggered(self) -> None:
        dialog = PreferencesDialog(self.coder(), self._window)
        dialog.coder_name_changed.connect(self.set_coder_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot(int, int, int)
    def _on_agreement_passage_requested(self, doc_id: int, start: int, end: int) -> None:
        self._show_passage(doc_id, start, end)
