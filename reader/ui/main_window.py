"""The reading window: sidebar, article and comments, wired together in one place.

The panes never talk to each other: each emits what the user asked for (an intent) and
``_connect_signals`` routes it to whoever can act on it. The project is handed in by
``reader.app``; this module never opens a database itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME
from reader.core.model import Document
from reader.ui.actions import build_actions, build_menu, insert_menu, menu_named
from reader.ui.commands.reimport import (
    ReimportCommand,
    choose_encoding,
    outcome_line,
    update_reimport_action,
)
from reader.ui.controllers.annotation_import import AnnotationImporter
from reader.ui.controllers.codebook import CodebookController
from reader.ui.controllers.import_menu import ImportMenu
from reader.ui.controllers.key_guard import KeyGuard
from reader.ui.controllers.links import Links
from reader.ui.controllers.live import LiveUpdates
from reader.ui.controllers.passages import Passages
from reader.ui.controllers.project_files import PROJECT_SUFFIX, ProjectFiles
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
from reader.ui.models.annotation_list import AnnotationListModel
from reader.ui.models.codebook import CodebookModel
from reader.ui.models.comment_tree import CommentTreeModel
from reader.ui.models.document_list import DocumentListModel
from reader.ui.models.search_results import SearchResultsModel
from reader.ui.models.segments import SegmentsModel
from reader.ui.panes.annotations import AnnotationsPane
from reader.ui.panes.article.pane import ArticlePane
from reader.ui.panes.codebook import CodebookPane
from reader.ui.panes.comments.pane import CommentPane
from reader.ui.panes.find_bar import FindBar
from reader.ui.panes.note_editor import NoteEditor
from reader.ui.panes.overview import OverviewPane
from reader.ui.panes.search import SearchPane
from reader.ui.panes.segments import SegmentsPane
from reader.ui.panes.sidebar import SidebarPane
from reader.ui.plain_text import message_box, plain_label
from reader.ui.session import DocumentSession, ProjectError
from reader.ui.window_layout import (
    ACTIONS,
    MENUS,
    build_docks,
    first_layout,
    fit_to_screen,
    tame_docks,
)
from reader.ui.window_state import STATE_VERSION, WindowSettings, WindowState
from reader.ui.wording import comment_count_text, plural

if TYPE_CHECKING:
    from reader.core.records import ImportOutcome
    from reader.store.project import Project

FULL_TEXT_FROM = 3
"""Filters this long or longer search the documents' text; shorter ones only titles."""


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

        self.document_model = DocumentListModel(self)
        self.comment_model = CommentTreeModel(self)
        self.sidebar = SidebarPane(self.document_model, self)
        self.article = ArticlePane(self)
        self.comments = CommentPane(self.comment_model, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        for pane, minimum in ((self.sidebar, 170), (self.article, 320), (self.comments, 280)):
            pane.setMinimumWidth(minimum)
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        central = QWidget(self)
        central.setObjectName("central")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.splitter, 1)
        column.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.position_label = plain_label(QLabel(self))
        self.position_label.setObjectName("position")
        self.statusBar().addPermanentWidget(self.position_label)
        # A shared project's connection, when it is lost (controllers/live.py).
        self.live_label = plain_label(QLabel(self))
        self.live_label.setObjectName("live_state")
        self.live_label.hide()
        self.statusBar().addWidget(self.live_label)
        self.setAcceptDrops(True)
        self.codebook_model = CodebookModel(self)
        self.annotation_model = AnnotationListModel(self)
        self.codebook = CodebookPane(self.codebook_model, self)
        self.annotations = AnnotationsPane(self.annotation_model, self)
        self.note_editor = NoteEditor(self)
        self.search_model = SearchResultsModel(self)
        self.search_pane = SearchPane(self.search_model, self)
        self.segments_model = SegmentsModel(self)
        self.segments = SegmentsPane(self.segments_model, self)
        self.overview = OverviewPane(self)
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
        self._build_menus()
        self.links = Links(
            self.session, self.article, self.comments, self.actions_by_name["show_left_out"], self
        )
        self.project_files = ProjectFiles(
            self,
            self._recent_menu,
            self._state,
            project_path=lambda: Path(self.session.project.path),
            switch_project=self.switch_project,
            import_paths=self.import_paths,
        )
        self._build_annotation_menus()
        self._build_retrieval_menus()
        self.team.fill_menu_bar(self.menuBar())
        self.actions_by_name.update(self.team.actions)
        self.key_guard = KeyGuard(self.annotator.actions.values(), self)
        self._connect_signals()
        self._restore_state()
        self._load_project_contents()

    # ---- building

    def _build_menus(self) -> None:
        self.actions_by_name.update(build_actions(ACTIONS, self))
        a = self.actions_by_name
        self.import_menu = ImportMenu(a["import_files"], a["import_folder"], self)
        self.import_menu.menu.addAction(a["import_annotations"])
        self.annotation_importer = AnnotationImporter(self.session, self)
        submenus = {"recent": self._recent_menu, "import": self.import_menu.menu}
        for title, name, items in MENUS:
            menu = build_menu(title, name, items, self.actions_by_name, self, submenus)
            self.menuBar().addMenu(menu)

    def _build_annotation_menus(self) -> None:
        """Edit (undo, redo) after File, Annotate after View, the docks in View."""
        bar = self.menuBar()
        edit, annotate = self.annotator.fill_menu_bar(bar)
        insert_menu(bar, edit, "view_menu")
        insert_menu(bar, annotate, "go_menu")
        view = menu_named(bar, "view_menu")
        assert view is not None
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        for name, action in self.annotator.actions.items():
            self.actions_by_name[name] = action
        self.structure.fill_menu_bar(bar, "go_menu")
        self.doubts.add_to(self.structure.menu)
        self.actions_by_name["structure_show_notices"] = self.doubts.show_notices
        for action in self.structure.actions.values():
            self.actions_by_name[action.objectName()] = action

    def _build_retrieval_menus(self) -> None:
        """Search after Annotate."""
        self.retrieval.fill_menu_bar(self.menuBar(), "go_menu")
        for name, action in self.retrieval.actions.items():
            self.actions_by_name[name] = action

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _connections(self) -> tuple[tuple[QObject, str, Callable], ...]:
        """Every connection the window makes, once each: (sender, signal name, slot)."""
        a, pf = self.actions_by_name, self.project_files
        status = self._on_status_message
        return (
            (a["new_project"], "triggered", pf._on_new_project_triggered),
            (a["open_project"], "triggered", pf._on_open_project_triggered),
            (a["open_shared"], "triggered", pf._on_open_shared_triggered),
            (self.live, "state_changed", self._on_live_state_changed),
            (a["import_files"], "triggered", pf._on_import_files_triggered),
            (a["import_folder"], "triggered", pf._on_import_folder_triggered),
            (self.import_menu, "import_requested", self._on_import_menu_import_requested),
            (a["import_annotations"], "triggered", self._on_import_annotations_triggered),
            (self.annotation_importer, "status_message", status),
            (a["reimport_encoding"], "triggered", self._on_reimport_encoding_triggered),
            (a["document_properties"], "triggered", self._on_document_properties_triggered),
            (a["quit"], "triggered", self.close),
            (a["filter"], "triggered", self.sidebar.focus_filter),
            (a["next_document"], "triggered", self._on_next_document_triggered),
            (a["previous_document"], "triggered", self._on_previous_document_triggered),
            (a["parent_comment"], "triggered", self.comments.select_parent),
            (a["show_left_out"], "toggled", self._on_show_left_out_toggled),
            (a["caret_browsing"], "toggled", self.article.set_caret_browsing),
            (a["zoom_in"], "triggered", self.article.zoom_in_step),
            (a["zoom_out"], "triggered", self.article.zoom_out_step),
            (a["zoom_reset"], "triggered", self.article.reset_zoom),
            (a["expand_all"], "triggered", self.comments.expand_all),
            (a["collapse_all"], "triggered", self.comments.collapse_all),
            (a["focus_sidebar"], "triggered", self.sidebar.list_view.setFocus),
            (a["focus_article"], "triggered", self.article.setFocus),
            (a["focus_comments"], "triggered", self.comments.focus_thread),
            (a["about"], "triggered", self._on_about_triggered),
            (a["keyboard_shortcuts"], "triggered", self._on_keyboard_shortcuts_triggered),
            (self.sidebar, "document_activated", self._on_document_requested),
            (self.sidebar, "filter_requested", self._on_sidebar_filter_requested),
            (self.article, "link_activated", self.links.follow),
            (self.article, "quoted_by_activated", self.links.select_quoting),
            (self.article, "zoom_changed", self._on_article_zoom_changed),
            (self.comments, "link_activated", self.links.follow),
            (self.comments, "link_hovered", self.links.hover),
            (self.links, "status_message", self.statusBar().showMessage),
            (self.comments, "comment_selected", self._on_comments_comment_selected),
            (self.annotator, "document_requested", self._on_document_requested),
            (self.annotator, "pane_requested", self._on_pane_requested),
            (self.annotator, "status_message", status),
            (self.codebook_controller, "status_message", status),
            (self.retrieval, "document_requested", self._on_document_requested),
            (self.retrieval, "annotation_requested", self.annotator.show_annotation),
            (self.retrieval, "pane_requested", self._on_pane_requested),
            (self.retrieval, "status_message", status),
            (self.structure, "status_message", status),
            (self.team, "status_message", status),
            (self.session, "structure_changed", self._on_session_structure_changed),
            (self.session, "failed", status),
            (self.key_guard, "refused", status),
        )

    def _connect_signals(self) -> None:
        self.connections = self._connections()
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
        doc, doc_id = self.session.document, self.session.document_id
        total = self.document_model.total()
        if doc is None or doc_id is None:
            self.position_label.setText(plural(total, "document") if total else "No documents")
            return
        n = (self.document_model.position(doc_id) or 0) + 1
        counts = comment_count_text(len(doc.comments), doc.declared_comment_count)
        text = f"Document {n:,} of {total:,} · {counts}"
        summary = self.document_model.summary(doc_id)
        if summary is not None and summary.reading_problem:
            text += f" · {summary.reading_problem}"
        current = self.comments.current_comment()
        if current:
            text += f" · comment #{self.comment_model.label(current)}"
            if self.structure.is_corrected(current):
                who = self.structure.corrected_by(current)
                text += f" · corrected by {', '.join(who) if who else 'you'}"
        self.position_label.setText(text)

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
        self.retrieval.index_after_import(self)
        self.annotator.reload()  # updated documents' annotations were re-anchored
        self.document_model.set_documents(self.session.project.documents())
        shown = next((o.document_id for o in outcomes if o.document_id is not None), None)
        if shown is not None:
            self.open_document(shown)
        else:
            self.sidebar.set_current_document(self.session.document_id)
            self._update_position()
        self.statusBar().showMessage(summary_line(outcomes), 8000)
        show_failures(outcomes, self)
        return outcomes

    @Slot(list, object)
    def _on_import_menu_import_requested(self, paths: list, mapping: object) -> None:
        self.import_paths(paths, mapping)

    def open_paths(self, paths: Sequence[Path]) -> None:
        """What ``reader PATH...`` and a drop do: a project file opens, the rest imports."""
        projects = [p for p in paths if p.suffix == PROJECT_SUFFIX]
        others = [p for p in paths if p.suffix != PROJECT_SUFFIX]
        if projects:
            self.switch_project(projects[0])
        if others:
            self.import_paths(others)

    # ---- remembered state

    def _restore_state(self) -> None:
        state = self._state.load()
        self.article.set_zoom(state.zoom)
        self.actions_by_name["show_left_out"].setChecked(state.show_left_out)
        self.actions_by_name["caret_browsing"].setChecked(state.caret_browsing)
        self.actions_by_name["snap_words"].setChecked(state.snap_words)
        if not state.geometry.isEmpty():
            self.restoreGeometry(state.geometry)
            fit_to_screen(self, state.geometry)  # saved on a larger screen
        if not state.docks.isEmpty():
            self.restoreState(state.docks, STATE_VERSION)
            QTimer.singleShot(0, self._tame_docks)  # once laid out
        if not state.splitter.isEmpty():
            self.splitter.restoreState(state.splitter)
            return
        first_layout(self, self.splitter)

    @Slot()
    def _tame_docks(self) -> None:
        tame_docks(self, self.docks)  # a remembered dock over half the window is not kept

    def save_state(self) -> None:
        self._state.save(
            WindowState(
                geometry=self.saveGeometry(),
                docks=self.saveState(STATE_VERSION),
                splitter=self.splitter.saveState(),
                zoom=self.article.zoom(),
                show_left_out=self.article.boilerplate_visible(),
                caret_browsing=self.article.caret_browsing(),
                snap_words=self.actions_by_name["snap_words"].isChecked(),
            )
        )

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
        dialog = AboutDialog(locations, icon=self._icon, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _on_keyboard_shortcuts_triggered(self) -> None:
        dialog = ShortcutsDialog(self.menuBar(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _on_next_document_triggered(self) -> None:
        self.sidebar.step(1)

    @Slot()
    def _on_previous_document_triggered(self) -> None:
        self.sidebar.step(-1)

    @Slot(bool)
    def _on_show_left_out_toggled(self, checked: bool) -> None:
        self.article.set_boilerplate_visible(checked)
        self.retrieval.left_out_toggled()
        self._state.save_show_left_out(checked)

    # ---- slots: panes

    @Slot(str)
    def _on_sidebar_filter_requested(self, text: str) -> None:
        if not text:
            self.document_model.show_only(None)
            self.statusBar().clearMessage()
            return
        if len(text) < FULL_TEXT_FROM:  # a letter or two: titles (the text would match all)
            ids = self.document_model.titles_containing(text)
            where = " in their title"
        else:
            ids = self.session.project.matching_documents(text)
            where = ""
        self.document_model.show_only(ids)
        self.statusBar().showMessage(
            f"{self.document_model.rowCount():,} of {self.document_model.total():,} "
            f"documents match “{text}”{where}"
        )

    @Slot(int)
    def _on_article_zoom_changed(self, step: int) -> None:
        self._state.save_zoom(step)

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

    def show_passage(self, document_id: int, start: int, end: int) -> bool:
        """Open a document and show, select and flash ``start..end`` (code points)."""
        if document_id != self.session.document_id and not self.open_document(document_id):
            return False
        doc = self.session.document
        comment = doc.comment_at(start) if doc is not None else None
        if comment is not None and end <= comment.end:
            return self.comments.reveal(comment.id, start, end)
        return self.article.reveal(start, end)

    @Slot()
    def _on_reimport_encoding_triggered(self) -> None:
        doc_id = self.session.document_id
        summary = self.document_model.summary(doc_id) if doc_id is not None else None
        if doc_id is None or summary is None:
            self.statusBar().showMessage("Open a document to re-import it.", 5000)
            return
        project = self.session.project
        refused = project.reimport_refusal(doc_id)
        if refused:
            self.statusBar().showMessage(f"Cannot re-import with an encoding: {refused}.", 8000)
            return
        current, picked = project.decoding(doc_id)
        encoding = choose_encoding(self, summary.title, current)
        if encoding is None:
            return
        command = ReimportCommand(
            lambda d, e: self.session.project.reimport(d, e), self._after_reimport,
            doc_id, summary.title, encoding, current if picked else None,
        )  # fmt: skip
        self.session.undo_stack.push(command)
        if command.outcome is not None and command.outcome.status == "failed":
            message_box(
                self, QMessageBox.Icon.Warning, "Not re-imported",
                f"{summary.source_path} could not be read again: {command.outcome.reason}.",
            ).exec()  # fmt: skip

    @Slot()
    def _on_import_annotations_triggered(self) -> None:
        self.annotation_importer.ask()

    @Slot()
    def _on_document_properties_triggered(self) -> None:
        from reader.ui.dialogs.document_properties import show_properties

        self.properties_dialog = show_properties(self, self.session)

    def _after_reimport(self, outcome: ImportOutcome, encoding: str | None) -> None:
        """Show a re-imported document's new text, annotations and status."""
        if outcome.status != "failed":
            self.retrieval.index_after_import(self)
            self.annotator.reload()
            self.document_model.set_documents(self.session.project.documents())
            if outcome.document_id is not None:
                self.open_document(outcome.document_id)
        self.statusBar().showMessage(outcome_line(outcome, encoding), 8000)

    def follow_link(self, link_index: int) -> bool:
        """Show, select and flash the passage link ``link_index`` quotes."""
        return self.links.follow(link_index)

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
