"""The reading window: sidebar, article and comments, wired together in one place.

The panes never talk to each other: each emits what the user asked for (an intent) and
``window_routes.routes`` lists who acts on it, one connection table. The project is handed in by
``reader.app``; this module never opens a database itself.

Its parts live beside it: the panes and models are made in ``window_panes``, the docks
and the menu bar in ``window_layout``, what is remembered between runs in
``window_state``, the status bar's position in ``position``; the controllers do the work.
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
    QMenu,
    QMessageBox,
    QWidget,
)

from reader import APP_NAME
from reader.core.model import Document
from reader.ui.actions import build_actions
from reader.ui.commands.reimport import outcome_line, reimport_current, update_reimport_action
from reader.ui.controllers.annotation_import import AnnotationImporter
from reader.ui.controllers.codebook import CodebookController
from reader.ui.controllers.document_filter import filter_documents
from reader.ui.controllers.import_menu import ImportMenu
from reader.ui.controllers.key_guard import KeyGuard
from reader.ui.controllers.links import Links
from reader.ui.controllers.live import LiveUpdates
from reader.ui.controllers.passages import Passages
from reader.ui.controllers.project_files import ProjectFiles
from reader.ui.controllers.retrieval import Retrieval
from reader.ui.controllers.structure import StructureEditor
from reader.ui.controllers.structure_doubts import StructureDoubts
from reader.ui.controllers.tagging import Annotator
from reader.ui.controllers.team import TeamWork
from reader.ui.dialogs.about import AboutDialog, DataLocations
from reader.ui.dialogs.importing import import_with_progress, show_failures, summary_line
from reader.ui.dialogs.refused_project import offer_restore
from reader.ui.dialogs.shortcuts import ShortcutsDialog
from reader.ui.dialogs.tag_chooser import TagChooser
from reader.ui.plain_text import message_box
from reader.ui.position import position_text
from reader.ui.session import DocumentSession, ProjectError
from reader.ui.window_layout import ACTIONS, build_docks, build_menu_bar
from reader.ui.window_panes import build_panes
from reader.ui.window_routes import routes
from reader.ui.window_state import WindowSettings, restore_window, save_window
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.core.records import ImportOutcome
    from reader.ui.session import Project


class MainWindow(QMainWindow):
    """Reader's one window.

    Signals:
        document_opened(int): a document is shown (its id).
        project_changed(str): another project file is open (its path).
    """

    document_opened = Signal(int)
    project_changed = Signal(str)

    def __init__(
        self,
        project: Project,
        settings: QSettings,
        *,
        open_project: Callable[[Path], Project],
        locations: DataLocations | None = None,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.session = DocumentSession(project, self)
        self._restructuring = False  # the document is shown again after a correction
        self._settings = settings
        self._state = WindowSettings(settings)
        self._open_project = open_project
        self._locations = locations
        self._icon = icon or QIcon()
        if icon is not None:
            self.setWindowIcon(icon)

        self.setAcceptDrops(True)
        build_panes(self)
        self.docks = build_docks(self)
        # First: the panes show a document before the controllers paint on it.
        self.session.document_changed.connect(self._on_session_document_changed)
        label = self.comment_model.label
        self.passages = Passages(self.session, self.article, self.comments, label, self)
        self.chooser = TagChooser(self)
        self.annotator = Annotator(
            self.session,
            window=self,
            article=self.article,
            comments=self.comments,
            codebook=self.codebook,
            codebook_model=self.codebook_model,
            annotations=self.annotations,
            annotation_model=self.annotation_model,
            note_editor=self.note_editor,
            passages=self.passages,
            chooser=self.chooser,
            comment_label=self.comment_model.label,
        )
        self.codebook_controller = CodebookController(
            self.session,
            window=self,
            codebook=self.codebook,
            codebook_model=self.codebook_model,
            annotations=self.annotations,
            annotation_model=self.annotation_model,
            chooser=self.chooser,
            tags=self.annotator.tags,
            fill=self.annotator.painter.fill,
        )
        self.annotator.codebook_filter = self.codebook_controller.clear_tag_filter
        self.structure = StructureEditor(
            self.session,
            window=self,
            article=self.article,
            comments=self.comments,
            passages=self.passages,
            comment_label=self.comment_model.label,
        )
        self.doubts = StructureDoubts(
            self.session, window=self, comments=self.comments, comment_model=self.comment_model
        )
        self.retrieval = Retrieval(
            self.session,
            window=self,
            article=self.article,
            comments=self.comments,
            find_bar=self.find_bar,
            search_pane=self.search_pane,
            segments_pane=self.segments,
            segments_model=self.segments_model,
            overview=self.overview,
        )

        self.team = TeamWork(
            self.session,
            window=self,
            settings=settings,
            apply_filter=self._apply_coder_filter,
            documents_changed=self._on_team_documents_changed,
            show_passage=self.show_passage,
        )

        self.live = LiveUpdates(self.session, self)
        self.actions_by_name: dict[str, QAction] = {}
        self._recent_menu = QMenu("Open &Recent", self)
        self._recent_menu.setObjectName("recent_menu")
        self.actions_by_name.update(build_actions(ACTIONS, self))
        a = self.actions_by_name
        self.import_menu = ImportMenu(a["import_files"], a["import_folder"], self)
        self.import_menu.menu.addAction(a["import_annotations"])
        self.annotation_importer = AnnotationImporter(self.session, self)
        build_menu_bar(self, {"recent": self._recent_menu, "import": self.import_menu.menu})
        self.links = Links(self.session, self.article, self.comments, a["show_left_out"], self)
        self.project_files = ProjectFiles(
            self,
            self._recent_menu,
            self._state,
            project_path=lambda: Path(self.session.project.path),
            switch_project=self.switch_project,
            import_paths=self.import_paths,
        )
        self.key_guard = KeyGuard(self.annotator.actions.values(), self)
        self._connect_signals()
        restore_window(self, self._state)
        self._load_project_contents()

    # ---- building

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _connect_signals(self) -> None:
        self.connections = routes(self)
        for sender, signal, slot in self.connections:
            getattr(sender, signal).connect(slot)

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
        self.article.show_document(doc)
        # after a structure correction, only the moved comments' rows change
        if not (self._restructuring and doc is not None and self.comments.restructure(doc)):
            self.comments.show_document(doc)
        self.sidebar.set_current_document(document_id)
        title = doc.title if doc and doc.title else None
        self.setWindowTitle(f"{title} — {APP_NAME}" if title else APP_NAME)
        self._update_position()
        update_reimport_action(self.action("reimport_encoding"), self.session.project, document_id)

    def _update_position(self) -> None:
        self.position_label.setText(position_text(self))

    def switch_project(self, path: Path | str) -> bool:
        """Open the project at ``path`` (created if missing; a ``str`` may name a shared
        project's database) in place of the current one."""
        try:
            project = self._open_project(path)
        except ProjectError as error:
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
        locations = self._locations or DataLocations(Path(self.session.project.path).parent)
        self._open_dialog(AboutDialog(locations, icon=self._icon, parent=self))

    @Slot()
    def _on_keyboard_shortcuts_triggered(self) -> None:
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
        reimport_current(self, self.session, summary, self._after_reimport, self.statusBar())

    @Slot()
    def _on_document_properties_triggered(self) -> None:
        from reader.ui.dialogs.document_properties import show_properties

        self.properties_dialog = show_properties(self, self.session)

    def _after_reimport(self, outcome: ImportOutcome, encoding: str | None) -> None:
        """Show a re-imported document's new text, annotations and status."""
        if outcome.status != "failed":
            self._show_imported(outcome.document_id)
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
        """A correction was made or undone: show the document again, keeping the place
        (the annotations are read again: their comment ids followed the thread)."""
        if document_id != self.session.document_id:
            self.open_document(document_id)
            self.annotator.reload()
        else:
            place = self.structure.reading_place()
            self.annotator.reload()
            doc = self.session.document
            if doc is None:
                self.statusBar().showMessage("That document cannot be shown again", 5000)
                return
            self._restructuring = True
            try:
                self.session.show(document_id, doc)
            finally:
                self._restructuring = False
            self.structure.restore_reading_place(place)
        self._update_position()
        try:
            summary = self.session.project.summary(document_id)
        except KeyError:
            return
        self.document_model.update_summary(summary)
