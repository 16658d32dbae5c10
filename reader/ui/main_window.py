"""The reading window: sidebar, article and comments, wired together in one place.

The panes never talk to each other: each emits what the user asked for (an intent) and
``window_routes.routes`` lists who acts on it, one connection table. The project is handed in by
``reader.app``; this module never opens a database itself.

The window is built in two parts. Its constructor makes what the first paint shows:
the session, the reading panes (``window_panes``), the dock frames and the menu bar's
titles (``window_layout``), the remembered layout (``window_state``), and opens the
document. The rest (the docked panes, the controllers, the actions and menus, the
routes: ``window_stages.STEPS``) is built by :meth:`MainWindow.finish_building` at once
(the default, and what every test sees), or with ``staged=True`` one part per event-loop
turn after :meth:`MainWindow.build_in_steps` (``reader.app``, after the first paint).
Either way the same steps run in the same order and the window ends the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
)
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from reader import APP_NAME
from reader.ui.controllers.structure_doubts import StructureDoubts
from reader.ui.plain_text import message_box
from reader.ui.position import position_text
from reader.ui.session import DocumentSession, ProjectError
from reader.ui.window_layout import build_docks, placeholder_menus
from reader.ui.window_panes import build_panes
from reader.ui.window_routes import first_routes, routes
from reader.ui.window_stages import StagedBuild
from reader.ui.window_state import (
    WindowSettings,
    restore_actions,
    restore_window,
    save_window,
)
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.core.model import Document
    from reader.core.records import ImportOutcome
    from reader.data_locations import DataLocations
    from reader.ui.session import Project


class MainWindow(QMainWindow):
    """Reader's one window.

    Signals:
        document_opened(int): a document is shown (its id).
        project_changed(str): another project file is open (its path).
        built(): every part of the window is made (at once, or in steps after the
            first paint: ``staged``).
    """

    document_opened = Signal(int)
    project_changed = Signal(str)
    built = Signal()

    def __init__(
        self,
        project: Project,
        settings: QSettings,
        *,
        open_project: Callable[[Path], Project],
        locations: DataLocations | None = None,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
        staged: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.session = DocumentSession(project, self)
        self._settings = settings
        self._state = WindowSettings(settings)
        self._open_project = open_project
        self._locations = locations
        self._icon = icon or QIcon()
        if icon is not None:
            self.setWindowIcon(icon)

        self.setAcceptDrops(True)
        self.actions_by_name: dict[str, QAction] = {}
        self._catching_up = False  # the document announced again to late controllers
        build_panes(self)
        self.docks = build_docks(self)
        placeholder_menus(self.menuBar())
        # First: the panes show a document before the controllers paint on it.
        self.session.document_changed.connect(self._on_session_document_changed)
        self.session.document_restructured.connect(self._on_session_document_restructured)
        self.connections = first_routes(self)
        for sender, signal, slot in self.connections:
            getattr(sender, signal).connect(slot)
        # The comments' note on guessed comment starts is part of the first paint (light:
        # made with it, so the thread does not move down when the rest is built).
        self.doubts = StructureDoubts(
            self.session, window=self, comments=self.comments, comment_model=self.comment_model
        )
        restore_window(self, self._state)
        self._build = StagedBuild(self, done=self._built)
        self._load_project_contents()
        if not staged:
            self.finish_building()

    # ---- building

    def build_in_steps(self) -> None:
        """Build the rest of a ``staged`` window one part per event-loop turn (after its
        first paint); the user's first key press or click finishes it at once."""
        self._build.start()

    def finish_building(self) -> None:
        """Build whatever of the window is not built yet, now."""
        self._build.finish()

    def is_built(self) -> bool:
        return self._build.is_done()

    def _built(self) -> None:
        """Every part is made: route the intents, set the actions as remembered, and
        announce the open document to the controllers made after it opened."""
        restore_actions(self, self._state)
        self._connect_signals()
        self._catching_up = True
        try:
            self.session.document_changed.emit(self.session.document_id)
        finally:
            self._catching_up = False
        self.built.emit()

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _connect_signals(self) -> None:
        later = routes(self)
        for sender, signal, slot in later:
            getattr(sender, signal).connect(slot)
        self.connections += later

    # ---- the project and its documents

    def project(self) -> Project:
        return self.session.project

    def current_document(self) -> Document | None:
        return self.session.document

    def current_document_id(self) -> int | None:
        return self.session.document_id

    def _load_project_contents(self) -> None:
        self.document_model.set_documents(self.session.project.documents())
        self.sidebar.filter_edit.clear()
        last_id = self._state.last_document(self.session.project.path)
        if last_id is None or self.document_model.summary(last_id) is None:
            last_id = self.document_model.document_id(0)
        if last_id is not None:
            self.open_document(last_id)
        else:
            self.session.show(None, None)
        self._state.remember_project(self.session.project.location)

    def open_document(self, document_id: int) -> bool:
        if not self.session.open(document_id):
            return False
        self._state.remember_document(self.session.project.path, document_id)
        self.document_opened.emit(document_id)
        return True

    @Slot(object)
    def _on_session_document_changed(self, document_id: int | None) -> None:
        doc = self.session.document
        if not self._catching_up:  # (announced again for late controllers: shown already)
            self.article.show_document(doc)
            self.comments.show_document(doc)
            self.sidebar.set_current_document(document_id)
        title = doc.title if doc and doc.title else None
        self.setWindowTitle(f"{title} — {APP_NAME}" if title else APP_NAME)
        self._update_position()
        if self.is_built():
            from reader.ui.commands.reimport import update_reimport_action

            action = self.action("reimport_encoding")
            update_reimport_action(action, self.session.project, document_id)

    @Slot(object)
    def _on_session_document_restructured(self, _document_id: int) -> None:
        """The open document's comments moved (a correction): only what moved changes,
        and the reader's place stays."""
        doc = self.session.document
        assert doc is not None
        place = self.structure.reading_place()
        self.article.restructure(doc)
        if not self.comments.restructure(doc):
            self.comments.show_document(doc)
        self.structure.restore_reading_place(place)

    def _update_position(self) -> None:
        self.position_label.setText(position_text(self))

    def switch_project(self, path: Path | str) -> bool:
        """Open the project at ``path`` (created if missing; a ``str`` may name a shared
        project's database) in place of the current one."""
        try:
            project = self._open_project(path)
        except ProjectError as error:
            from reader.ui.dialogs.refused_project import offer_restore

            # Why it was refused, with its newest good backup to restore if it has one.
            if not offer_restore(self, path, error):
                return False
            try:
                project = self._open_project(path)
            except ProjectError as again:
                message_box(self, QMessageBox.Icon.Warning, "Project not opened", str(again)).exec()
                return False
        old = self.session.project
        self.session.set_project(project)
        old.close()
        self.team.set_project(project)
        self._load_project_contents()
        self.project_changed.emit(str(path))
        return True

    def import_paths(self, paths: Sequence[Path], mapping: object = None) -> list[ImportOutcome]:
        """Import files/folders into the project and show the first document imported
        (``mapping``: the fields of comment data, see ``formats.datasets.FieldMapping``)."""
        from reader.core.formats import UnreadableFile, reader_of
        from reader.ui.dialogs.importing import import_with_progress, show_failures, summary_line

        def codebook(path: Path) -> bool:
            try:
                return path.is_file() and reader_of(path) == "qdc"
            except UnreadableFile:
                return False  # the import says why

        self.finish_building()  # (``reader PATH…`` imports before the window is complete)
        # A REFI-QDA codebook (dropped, or among Import Files) goes into the codebook as
        # File › Import › REFI-QDA Codebook… takes it: one undoable step.
        books = [Path(p) for p in paths if codebook(Path(p))]
        for book in books:
            self.codebook_importer.run(book)
        paths = [p for p in paths if Path(p) not in books]
        if not paths:
            return []
        outcomes = import_with_progress(self.session.project, paths, self, mapping)
        shown = [o.document_id for o in outcomes if o.document_id is not None]
        self._show_imported(shown[0] if shown else None)
        self.statusBar().showMessage(summary_line(outcomes), 8000)
        show_failures(outcomes, self)
        return outcomes

    @Slot(list, object)
    def _on_import_menu_import_requested(self, paths: list, mapping: object) -> None:
        self.import_paths(paths, mapping)

    def open_paths(self, paths: Sequence[Path]) -> None:
        """What ``reader PATH...`` and a drop do: a project file opens, the rest imports."""
        self.project_files.open_paths(paths)

    # ---- remembered state

    def save_state(self) -> None:
        save_window(self, self._state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish_building()  # what it saves and stops is the complete window's
        self.save_state()
        self.live.stop()
        super().closeEvent(event)

    # ---- drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # ---- slots: menus

    @Slot()
    def _on_about_triggered(self) -> None:
        from reader.ui.dialogs.about import AboutDialog, DataLocations

        locations = self._locations or DataLocations(Path(self.session.project.path).parent)
        self._open_dialog(AboutDialog(locations, icon=self._icon, parent=self))

    @Slot()
    def _on_keyboard_shortcuts_triggered(self) -> None:
        from reader.ui.dialogs.shortcuts import ShortcutsDialog

        self._open_dialog(ShortcutsDialog(self.menuBar(), self))

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot(bool)
    def _on_show_left_out_toggled(self, checked: bool) -> None:
        self.article.set_boilerplate_visible(checked)
        self.retrieval.left_out_toggled()
        self._state.save_show_left_out(checked)

    # ---- slots: panes

    @Slot(str)
    def _on_sidebar_filter_requested(self, text: str) -> None:
        from reader.ui.controllers.document_filter import filter_documents

        message = filter_documents(self.session, self.document_model, text)
        if message:
            self.statusBar().showMessage(message)
        else:
            self.statusBar().clearMessage()

    @Slot(str)
    def _on_comments_comment_selected(self, _comment_id: str) -> None:
        self._update_position()

    @Slot(int)
    def _on_document_requested(self, document_id: int) -> None:
        if document_id != self.session.document_id:
            self.open_document(document_id)

    @Slot(str)
    def _on_pane_requested(self, pane: str) -> None:
        dock = self.docks.get(f"{pane}_dock")
        if dock is not None:
            dock.show()
            dock.raise_()

    @Slot(str)
    def _apply_coder_filter(self, coders: frozenset[str] | None) -> None:
        """Show only these coders' passages (the team controller decides; None: all)."""
        self.annotator.set_shown_coders(coders)
        self.retrieval.set_shown_coders(coders)

    def _on_team_documents_changed(self) -> None:
        """A merge (or its undo) added or removed documents: list them again."""
        self.document_model.set_documents(self.session.project.documents())
        doc_id = self.session.document_id
        if doc_id is not None and self.document_model.summary(doc_id) is None:
            first = self.document_model.document_id(0)
            if first is not None:
                self.open_document(first)
            else:
                self.session.show(None, None)
        elif doc_id is not None:  # its structure corrections may have come or gone
            self._on_session_structure_changed(doc_id)
        self._update_position()

    @Slot()
    def _on_live_documents_changed(self) -> None:
        """Others added, re-imported or corrected documents of the shared project: list
        them again, the filter and the document read kept (the session's reload_needed
        has shown it again already), and say how many came."""
        before = self.document_model.total()
        self.document_model.set_documents(self.session.project.documents())
        typed = self.sidebar.filter_edit.text().strip()
        if typed:
            from reader.ui.controllers.document_filter import filter_documents

            filter_documents(self.session, self.document_model, typed)
        doc_id = self.session.document_id
        if doc_id is not None and self.document_model.summary(doc_id) is None:
            first = self.document_model.document_id(0)  # the one read is gone
            if first is not None:
                self.open_document(first)
            else:
                self.session.show(None, None)
        else:
            self.sidebar.set_current_document(doc_id)
            self._update_position()
        added = self.document_model.total() - before
        if added > 0:
            self.statusBar().showMessage(f"{plural(added, 'document')} added by others", 8000)

    def show_passage(self, document_id: int, start: int, end: int) -> bool:
        """Open a document and show, select and flash ``start..end`` (code points)."""
        if document_id != self.session.document_id and not self.open_document(document_id):
            return False
        return self.links.reveal(start, end)

    @Slot()
    def _on_reimport_encoding_triggered(self) -> None:
        doc_id = self.session.document_id
        summary = self.document_model.summary(doc_id) if doc_id is not None else None
        if doc_id is None or summary is None:
            self.statusBar().showMessage("Open a document to re-import it.", 5000)
            return
        from reader.ui.commands.reimport import reimport_current

        reimport_current(self, self.session, summary, self._after_reimport, self.statusBar())

    @Slot()
    def _on_document_properties_triggered(self) -> None:
        from reader.ui.dialogs.document_properties import show_properties

        self.properties_dialog = show_properties(self, self.session)

    def _after_reimport(self, outcome: ImportOutcome, encoding: str | None) -> None:
        """Show a re-imported document's new text, annotations and status."""
        if outcome.status != "failed":
            self._show_imported(outcome.document_id)
        from reader.ui.commands.reimport import outcome_line

        self.statusBar().showMessage(outcome_line(outcome, encoding), 8000)

    def _show_imported(self, shown: int | None) -> None:
        """After an import: index, annotations read again (updated documents' were
        re-anchored), the list, and ``shown`` opened (None: the list's place kept)."""
        self.retrieval.index_after_import(self)
        self.annotator.reload()
        self.document_model.set_documents(self.session.project.documents())
        if shown is not None:
            self.open_document(shown)
        else:
            self.sidebar.set_current_document(self.session.document_id)
            self._update_position()

    def _on_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    @Slot(str)
    def _on_live_state_changed(self, text: str) -> None:
        self.live_label.setText(text)
        self.live_label.setVisible(bool(text))
        if not text:
            self.statusBar().showMessage("Connected to the shared project again.", 5000)

    @Slot(int)
    def _on_session_structure_changed(self, document_id: int) -> None:
        """A correction was made or undone: when it only moved comments, the open
        document changes in place (``_on_session_document_restructured``); else it is
        shown again, keeping the place (the annotations are read again: their comment
        ids followed the thread)."""
        if document_id != self.session.document_id:
            self.open_document(document_id)
            self.annotator.reload()
        elif self.session.restructure(document_id):  # the same comments, moved: in place
            pass
        else:
            place = self.structure.reading_place()
            self.annotator.reload()
            doc = self.session.document
            if doc is None:
                self.statusBar().showMessage("That document cannot be shown again", 5000)
                return
            self.session.show(document_id, doc)
            self.structure.restore_reading_place(place)
        self._update_position()
        try:
            summary = self.session.project.summary(document_id)
        except KeyError:
            return
        self.document_model.update_summary(summary)
