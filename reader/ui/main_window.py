"""The reading window: sidebar, article and comments, wired together in one place.

The panes never talk to each other: each emits what the user asked for (an intent) and
``_connect_signals`` routes it to whoever can act on it. The project is handed in by
``reader.app``; this module never opens a database itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QPalette,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME
from reader.core.model import BlockKind, Document
from reader.store.errors import ProjectError
from reader.ui.about_dialog import AboutDialog, DataLocations
from reader.ui.annotation_model import AnnotationListModel
from reader.ui.annotations_pane import AnnotationsPane
from reader.ui.annotator import Annotator
from reader.ui.article_pane import ArticlePane
from reader.ui.codebook_model import CodebookModel
from reader.ui.codebook_pane import CodebookPane
from reader.ui.comment_model import CommentTreeModel
from reader.ui.comment_pane import CommentPane
from reader.ui.document_list import DocumentListModel
from reader.ui.find_bar import FindBar
from reader.ui.importing import import_with_progress, show_failures, summary_line
from reader.ui.note_editor import NoteEditor
from reader.ui.overview_charts import OverviewPane
from reader.ui.plain_text import message_box, plain_label
from reader.ui.refused_project import offer_restore
from reader.ui.reimport import ReimportCommand, choose_encoding, outcome_line
from reader.ui.retrieval import Retrieval
from reader.ui.search_model import SearchResultsModel
from reader.ui.search_pane import SearchPane
from reader.ui.segments_model import SegmentsModel
from reader.ui.segments_view import SegmentsPane
from reader.ui.sidebar import SidebarPane
from reader.ui.structure_actions import StructureEditor
from reader.ui.team import TeamWork
from reader.ui.wording import comment_count_text, plural

if TYPE_CHECKING:
    from reader.store.documents import ImportOutcome
    from reader.store.project import Project

STATE_VERSION = 1
"""Bump when the layout changes so that old saved splitter/window states are ignored."""
PROJECT_SUFFIX = ".reader"
RECENT_KEPT = 8
HOVER_LAYER = "hovered_link_source"
FULL_TEXT_FROM = 3
"""Filters this long or longer search the documents' text; shorter ones only titles."""


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    shortcuts: tuple[QKeySequence | str | QKeySequence.StandardKey, ...]
    tip: str = ""
    checkable: bool = False


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
        self._project = project
        self._settings = settings
        self._open_project = open_project
        self._locations = locations
        self._icon = icon or QIcon()
        self._doc: Document | None = None
        self._doc_id: int | None = None
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
        self.docks = self._build_docks()
        self.annotator = Annotator(
            project,
            window=self,
            article=self.article,
            comments=self.comments,
            codebook=self.codebook,
            codebook_model=self.codebook_model,
            annotations=self.annotations,
            annotation_model=self.annotation_model,
            note_editor=self.note_editor,
            comment_label=self.comment_model.label,
        )
        self.structure = StructureEditor(
            project,
            window=self,
            article=self.article,
            comments=self.comments,
            undo_stack=self.annotator.undo_stack,
            comment_label=self.comment_model.label,
        )
        self.retrieval = Retrieval(
            project,
            window=self,
            article=self.article,
            comments=self.comments,
            find_bar=self.find_bar,
            search_pane=self.search_pane,
            segments_pane=self.segments,
            segments_model=self.segments_model,
            overview=self.overview,
            changes=self.annotator.changes,
        )

        self.team = TeamWork(
            project,
            window=self,
            settings=settings,
            undo_stack=self.annotator.undo_stack,
            changes=self.annotator.changes,
            apply_filter=self._apply_coder_filter,
            documents_changed=self._on_team_documents_changed,
            show_passage=self.show_passage,
        )

        self.actions_by_name: dict[str, QAction] = {}
        self._recent_menu = QMenu("Open &Recent", self)
        self._recent_menu.setObjectName("recent_menu")
        self._build_menus()
        self._build_annotation_menus()
        self._build_retrieval_menus()
        self.team.fill_menu_bar(self.menuBar())
        self.actions_by_name.update(self.team.actions)
        self._connect_signals()
        self._restore_state()
        self._load_project_contents()

    # ---- building

    ACTIONS = (
        ActionSpec("new_project", "&New Project…", (QKeySequence.StandardKey.New,)),
        ActionSpec("open_project", "&Open Project…", (QKeySequence.StandardKey.Open,)),
        ActionSpec("import_files", "&Import Files…", ("Ctrl+I",)),
        ActionSpec("import_folder", "Import &Folder…", ("Ctrl+Shift+I",)),
        ActionSpec(
            "reimport_encoding",
            "Re-import &With Encoding…",
            (),
            "Read this document's file again in an encoding you choose",
        ),
        ActionSpec("quit", "&Quit", (QKeySequence.StandardKey.Quit, "Ctrl+Q")),
        ActionSpec("filter", "&Filter Documents", ("Ctrl+L", "/"), "Type to narrow the list"),
        ActionSpec("next_document", "&Next Document", ("Alt+Down", "Ctrl+PgDown")),
        ActionSpec("previous_document", "&Previous Document", ("Alt+Up", "Ctrl+PgUp")),
        ActionSpec("parent_comment", "Go to P&arent Comment", ("Ctrl+Shift+Up",)),
        ActionSpec(
            "show_left_out",
            "Show &Left-Out Text",
            ("Ctrl+B",),
            "Show page text the parser left out of the article (greyed, with why)",
            checkable=True,
        ),
        ActionSpec("zoom_in", "Zoom &In", (QKeySequence.StandardKey.ZoomIn, "Ctrl+=")),
        ActionSpec("zoom_out", "Zoom &Out", (QKeySequence.StandardKey.ZoomOut, "Ctrl+-")),
        ActionSpec("zoom_reset", "&Actual Size", ("Ctrl+0",)),
        ActionSpec("expand_all", "&Expand All Comments", ("Ctrl+Shift+E",)),
        ActionSpec("collapse_all", "&Collapse All Comments", ("Ctrl+Shift+W",)),
        ActionSpec("focus_sidebar", "Go to &Sidebar", ("Alt+1",)),
        ActionSpec("focus_article", "Go to A&rticle", ("Alt+2",)),
        ActionSpec("focus_comments", "Go to &Comments", ("Alt+3",)),
        ActionSpec("about", f"&About {APP_NAME}", (QKeySequence.StandardKey.HelpContents, "F1")),
    )
    MENUS = (
        (
            "&File",
            (
                "new_project",
                "open_project",
                "@recent",
                "-",
                "import_files",
                "import_folder",
                "reimport_encoding",
                "-",
                "quit",
            ),
        ),
        (
            "&View",
            (
                "show_left_out",
                "-",
                "zoom_in",
                "zoom_out",
                "zoom_reset",
                "-",
                "expand_all",
                "collapse_all",
            ),
        ),
        (
            "&Go",
            (
                "filter",
                "next_document",
                "previous_document",
                "parent_comment",
                "-",
                "focus_sidebar",
                "focus_article",
                "focus_comments",
            ),
        ),
        ("&Help", ("about",)),
    )

    def _build_menus(self) -> None:
        for spec in self.ACTIONS:
            action = QAction(spec.text, self)
            action.setObjectName(spec.name)
            keys: list[QKeySequence] = []
            for key in spec.shortcuts:
                if isinstance(key, QKeySequence.StandardKey):
                    keys += QKeySequence.keyBindings(key)
                else:
                    keys.append(QKeySequence(key))
            unique: list[QKeySequence] = []
            for key in keys:
                if not key.isEmpty() and key not in unique:
                    unique.append(key)
            action.setShortcuts(unique)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setCheckable(spec.checkable)
            if spec.tip:
                action.setStatusTip(spec.tip)
                action.setToolTip(spec.tip)
            self.addAction(action)
            self.actions_by_name[spec.name] = action
        bar = self.menuBar()
        for title, names in self.MENUS:
            menu = bar.addMenu(title)
            for name in names:
                if name == "-":
                    menu.addSeparator()
                elif name == "@recent":
                    menu.addMenu(self._recent_menu)
                else:
                    menu.addAction(self.actions_by_name[name])

    DOCKS = (
        ("codebook_dock", "Codebook", "codebook", Qt.DockWidgetArea.LeftDockWidgetArea),
        ("annotations_dock", "Annotations", "annotations", Qt.DockWidgetArea.BottomDockWidgetArea),
        ("note_dock", "Note", "note_editor", Qt.DockWidgetArea.BottomDockWidgetArea),
        ("search_dock", "Search", "search_pane", Qt.DockWidgetArea.LeftDockWidgetArea),
        ("segments_dock", "Coded Segments", "segments", Qt.DockWidgetArea.BottomDockWidgetArea),
        ("overview_dock", "Tag Overview", "overview", Qt.DockWidgetArea.BottomDockWidgetArea),
    )

    def _build_docks(self) -> dict[str, QDockWidget]:
        """The codebook on the left, the annotations list and the note below the text."""
        docks: dict[str, QDockWidget] = {}
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        for name, title, attribute, area in self.DOCKS:
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(getattr(self, attribute))
            self.addDockWidget(area, dock)
            docks[name] = dock
        self.splitDockWidget(
            docks["annotations_dock"], docks["note_dock"], Qt.Orientation.Horizontal
        )
        # Search shares the left side with the codebook; coded segments and the overview
        # share the bottom with the annotations; each a tab away, hidden until asked for.
        # (Tabbed before the sizes are set: tabbing after them loses the codebook's width.)
        # (The bottom first: tabbing the codebook first made the window wider than asked.)
        for first, second in (("annotations", "segments"), ("annotations", "overview"),
                              ("codebook", "search")):  # fmt: skip
            self.tabifyDockWidget(docks[f"{first}_dock"], docks[f"{second}_dock"])
            docks[f"{second}_dock"].hide()
        below = [docks["annotations_dock"], docks["note_dock"]]
        self.resizeDocks(below, [3, 1], Qt.Orientation.Horizontal)
        screen = self.screen().availableGeometry() if self.screen() else None
        small_height = screen is not None and screen.height() < 720
        narrow = screen is not None and screen.width() < 1200
        below_height = 150 if small_height else 190
        self.resizeDocks([docks["annotations_dock"]], [below_height], Qt.Orientation.Vertical)
        self.resizeDocks(
            [docks["codebook_dock"]], [170 if narrow else 210], Qt.Orientation.Horizontal
        )
        docks["note_dock"].hide()  # until a note is opened (N, a double-click)
        return docks

    def _build_annotation_menus(self) -> None:
        """Edit (undo, redo) after File, Annotate after View, the docks in View."""
        menus = {a.text(): a for a in self.menuBar().actions()}
        edit, annotate = self.annotator.fill_menu_bar(self.menuBar())
        self.menuBar().insertMenu(menus["&View"], edit)
        self.menuBar().insertMenu(menus["&Go"], annotate)
        view = menus["&View"].menu()
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        for name, action in self.annotator.actions.items():
            self.actions_by_name[name] = action
        self.structure.fill_menu_bar(self.menuBar(), menus["&Go"])
        for action in self.structure.actions.values():
            self.actions_by_name[action.objectName()] = action

    def _build_retrieval_menus(self) -> None:
        """Search after Annotate."""
        menus = {a.text(): a for a in self.menuBar().actions()}
        self.retrieval.fill_menu_bar(self.menuBar(), menus["&Go"])
        for name, action in self.retrieval.actions.items():
            self.actions_by_name[name] = action

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _connect_signals(self) -> None:
        a = self.actions_by_name
        a["new_project"].triggered.connect(self._on_new_project_triggered)
        a["open_project"].triggered.connect(self._on_open_project_triggered)
        a["import_files"].triggered.connect(self._on_import_files_triggered)
        a["import_folder"].triggered.connect(self._on_import_folder_triggered)
        a["reimport_encoding"].triggered.connect(self._on_reimport_encoding_triggered)
        a["quit"].triggered.connect(self.close)
        a["filter"].triggered.connect(self.sidebar.focus_filter)
        a["next_document"].triggered.connect(self._on_next_document_triggered)
        a["previous_document"].triggered.connect(self._on_previous_document_triggered)
        a["parent_comment"].triggered.connect(self.comments.select_parent)
        a["show_left_out"].toggled.connect(self._on_show_left_out_toggled)
        a["zoom_in"].triggered.connect(self.article.zoom_in_step)
        a["zoom_out"].triggered.connect(self.article.zoom_out_step)
        a["zoom_reset"].triggered.connect(self.article.reset_zoom)
        a["expand_all"].triggered.connect(self.comments.expand_all)
        a["collapse_all"].triggered.connect(self.comments.collapse_all)
        a["focus_sidebar"].triggered.connect(self.sidebar.list_view.setFocus)
        a["focus_article"].triggered.connect(self.article.setFocus)
        a["focus_comments"].triggered.connect(self.comments.view.setFocus)
        a["about"].triggered.connect(self._on_about_triggered)
        self._recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)

        self.sidebar.document_activated.connect(self._on_sidebar_document_activated)
        self.sidebar.filter_requested.connect(self._on_sidebar_filter_requested)
        self.article.link_activated.connect(self._on_article_link_activated)
        self.article.quoted_by_activated.connect(self._on_article_quoted_by_activated)
        self.article.zoom_changed.connect(self._on_article_zoom_changed)
        self.comments.link_activated.connect(self._on_comments_link_activated)
        self.comments.link_hovered.connect(self._on_comments_link_hovered)
        self.comments.comment_selected.connect(self._on_comments_comment_selected)
        self.annotator.document_requested.connect(self._on_annotator_document_requested)
        self.annotator.pane_requested.connect(self._on_annotator_pane_requested)
        self.annotator.status_message.connect(self._on_annotator_status_message)
        self.retrieval.document_requested.connect(self._on_retrieval_document_requested)
        self.retrieval.annotation_requested.connect(self._on_retrieval_annotation_requested)
        self.retrieval.pane_requested.connect(self._on_annotator_pane_requested)
        self.retrieval.status_message.connect(self._on_annotator_status_message)
        self.structure.structure_changed.connect(self._on_structure_structure_changed)
        self.structure.status_message.connect(self._on_annotator_status_message)
        self.team.status_message.connect(self._on_annotator_status_message)
        self.retrieval.document_requested.connect(self._on_retrieval_document_requested)
        self.retrieval.annotation_requested.connect(self._on_retrieval_annotation_requested)
        self.retrieval.pane_requested.connect(self._on_annotator_pane_requested)
        self.retrieval.status_message.connect(self._on_annotator_status_message)

    # ---- the project and its documents

    def project(self) -> Project:
        return self._project

    def current_document(self) -> Document | None:
        return self._doc

    def current_document_id(self) -> int | None:
        return self._doc_id

    def _load_project_contents(self) -> None:
        self.document_model.set_documents(self._project.documents())
        self.sidebar.filter_edit.clear()
        last = self._settings.value(self._last_document_key(), None)
        try:
            last_id = int(last) if last is not None else None
        except (TypeError, ValueError):
            last_id = None
        if last_id is None or self.document_model.summary(last_id) is None:
            last_id = self.document_model.document_id(0)
        if last_id is not None:
            self.open_document(last_id)
        else:
            self._show(None, None)
        self._remember_recent(self._project.path)

    def open_document(self, document_id: int) -> bool:
        try:
            doc = self._project.load(document_id)
        except (KeyError, ProjectError) as error:
            self.statusBar().showMessage(f"That document cannot be opened: {error}", 5000)
            return False
        self._show(document_id, doc)
        self._settings.setValue(self._last_document_key(), document_id)
        self.document_opened.emit(document_id)
        return True

    def _show(self, document_id: int | None, doc: Document | None) -> None:
        self._doc_id, self._doc = document_id, doc
        self.article.show_document(doc)
        self.comments.show_document(doc)
        self.annotator.show_document(document_id, doc)
        self.retrieval.show_document(document_id, doc)
        self.structure.show_document(document_id, doc)
        self.sidebar.set_current_document(document_id)
        title = doc.title if doc and doc.title else None
        self.setWindowTitle(f"{title} — {APP_NAME}" if title else APP_NAME)
        self._update_position()

    def _update_position(self) -> None:
        doc, total = self._doc, self.document_model.total()
        if doc is None or self._doc_id is None:
            self.position_label.setText(plural(total, "document") if total else "No documents")
            return
        n = (self.document_model.position(self._doc_id) or 0) + 1
        counts = comment_count_text(len(doc.comments), doc.declared_comment_count)
        text = f"Document {n:,} of {total:,} · {counts}"
        summary = self.document_model.summary(self._doc_id)
        if summary is not None and summary.reading_problem:
            text += f" · {summary.reading_problem}"
        current = self.comments.current_comment()
        if current:
            text += f" · comment #{self.comment_model.label(current)}"
            if self.structure.is_corrected(current):
                who = self.structure.corrected_by(current)
                text += f" · corrected by {', '.join(who) if who else 'you'}"
        self.position_label.setText(text)

    def _last_document_key(self) -> str:
        digest = hashlib.sha1(str(Path(self._project.path).resolve()).encode()).hexdigest()[:16]
        return f"session/last_document_{digest}"

    def switch_project(self, path: Path) -> bool:
        """Open the project at ``path`` (created if missing) in place of the current one."""
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
        old, self._project = self._project, project
        old.close()
        self.annotator.set_project(project)
        self.retrieval.set_project(project)
        self.structure.set_project(project)
        self.retrieval.set_project(project)
        self.team.set_project(project)
        self._load_project_contents()
        self.project_changed.emit(str(path))
        return True

    def import_paths(self, paths: Sequence[Path]) -> list[ImportOutcome]:
        """Import files/folders into the project and show the first document imported."""
        outcomes = import_with_progress(self._project, paths, self)
        self.retrieval.index_after_import(self)
        self.annotator.reload()  # updated documents' annotations were re-anchored
        self.document_model.set_documents(self._project.documents())
        shown = next((o.document_id for o in outcomes if o.document_id is not None), None)
        if shown is not None:
            self.open_document(shown)
        else:
            self.sidebar.set_current_document(self._doc_id)
            self._update_position()
        self.statusBar().showMessage(summary_line(outcomes), 8000)
        show_failures(outcomes, self)
        return outcomes

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
        s = self._settings
        zoom = s.value("article/zoom", 0, int)
        self.article.set_zoom(int(zoom))
        left_out = s.value("article/show_left_out", False, bool)
        self.actions_by_name["show_left_out"].setChecked(bool(left_out))
        if s.value("window/state_version", 0, int) == STATE_VERSION:
            geometry = s.value("window/geometry", QByteArray(), QByteArray)
            if not geometry.isEmpty():
                self.restoreGeometry(geometry)
            state = s.value("window/state", QByteArray(), QByteArray)
            if not state.isEmpty():
                self.restoreState(state, STATE_VERSION)
            splitter = s.value("window/main_splitter", QByteArray(), QByteArray)
            if not splitter.isEmpty():
                self.splitter.restoreState(splitter)
                return
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1360, 840
        if screen is not None and screen.isValid():
            width, height = min(width, screen.width()), min(height, screen.height())
            self.move(
                screen.left() + (screen.width() - width) // 2,
                screen.top() + (screen.height() - height) // 2,
            )
        self.resize(width, height)
        sidebar = max(180, min(280, width // 5))
        article = (width - sidebar) * 11 // 20
        self.splitter.setSizes([sidebar, article, width - sidebar - article])

    def save_state(self) -> None:
        s = self._settings
        s.setValue("window/state_version", STATE_VERSION)
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(STATE_VERSION))
        s.setValue("window/main_splitter", self.splitter.saveState())
        s.setValue("article/zoom", self.article.zoom())
        s.setValue("article/show_left_out", self.article.boilerplate_visible())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

    def _remember_recent(self, path: Path) -> None:
        path_text = str(Path(path).resolve())
        recent = [p for p in self._recent_projects() if p != path_text]
        self._settings.setValue("projects/recent", [path_text, *recent][:RECENT_KEPT])

    def _recent_projects(self) -> list[str]:
        value = self._settings.value("projects/recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]

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
    def _on_new_project_triggered(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "New Project",
            str(Path(self._project.path).parent / f"untitled{PROJECT_SUFFIX}"),
            f"Reader projects (*{PROJECT_SUFFIX})",
        )
        if name:
            path = Path(name)
            if path.suffix != PROJECT_SUFFIX:
                path = path.with_suffix(PROJECT_SUFFIX)
            if path.exists():
                QMessageBox.warning(
                    self, "New Project", f"{path.name} already exists; open it instead."
                )
                return
            self.switch_project(path)

    @Slot()
    def _on_open_project_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open Project",
            str(Path(self._project.path).parent),
            f"Reader projects (*{PROJECT_SUFFIX});;All files (*)",
        )
        if name:
            self.switch_project(Path(name))

    @Slot()
    def _on_import_files_triggered(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import Files", "", "Text files (*.txt *.text *.md);;All files (*)"
        )
        if names:
            self.import_paths([Path(n) for n in names])

    @Slot()
    def _on_import_folder_triggered(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import Folder")
        if name:
            self.import_paths([Path(name)])

    @Slot()
    def _on_reimport_encoding_triggered(self) -> None:
        doc_id = self._doc_id
        summary = self.document_model.summary(doc_id) if doc_id is not None else None
        if doc_id is None or summary is None:
            self.statusBar().showMessage("Open a document to re-import it.", 5000)
            return
        current, picked = self._project.decoding(doc_id)
        encoding = choose_encoding(self, summary.title, current)
        if encoding is None:
            return
        command = ReimportCommand(
            lambda d, e: self._project.reimport(d, e), self._after_reimport,
            doc_id, summary.title, encoding, current if picked else None,
        )  # fmt: skip
        self.annotator.undo_stack.push(command)
        if command.outcome is not None and command.outcome.status == "failed":
            message_box(
                self, QMessageBox.Icon.Warning, "Not re-imported",
                f"{summary.source_path} could not be read again: {command.outcome.reason}.",
            ).exec()  # fmt: skip

    def _after_reimport(self, outcome: ImportOutcome, encoding: str | None) -> None:
        """Show a re-imported document's new text, annotations and status."""
        if outcome.status != "failed":
            self.retrieval.index_after_import(self)
            self.annotator.reload()
            self.document_model.set_documents(self._project.documents())
            if outcome.document_id is not None:
                self.open_document(outcome.document_id)
        self.statusBar().showMessage(outcome_line(outcome, encoding), 8000)

    @Slot()
    def _on_recent_menu_about_to_show(self) -> None:
        self._recent_menu.clear()
        current = str(Path(self._project.path).resolve())
        for i, path in enumerate(self._recent_projects()):
            action = self._recent_menu.addAction(
                f"&{i + 1} {Path(path).name} — {Path(path).parent}"
            )
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+Alt+{i + 1}"))
            action.setEnabled(path != current)
            action.setData(path)
            action.triggered.connect(self._on_recent_action_triggered)
        if self._recent_menu.isEmpty():
            self._recent_menu.addAction("No recent projects").setEnabled(False)

    @Slot()
    def _on_recent_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and action.data():
            self.switch_project(Path(str(action.data())))

    @Slot()
    def _on_about_triggered(self) -> None:
        locations = self._locations or DataLocations(Path(self._project.path).parent)
        dialog = AboutDialog(locations, icon=self._icon, parent=self)
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
        self._settings.setValue("article/show_left_out", checked)

    # ---- slots: panes

    @Slot(int)
    def _on_sidebar_document_activated(self, document_id: int) -> None:
        if document_id != self._doc_id:
            self.open_document(document_id)

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
            ids = self._project.matching_documents(text)
            where = ""
        self.document_model.show_only(ids)
        self.statusBar().showMessage(
            f"{self.document_model.rowCount():,} of {self.document_model.total():,} "
            f"documents match “{text}”{where}"
        )

    @Slot(int)
    def _on_article_link_activated(self, link: int) -> None:
        self.follow_link(link)

    @Slot(int)
    def _on_comments_link_activated(self, link: int) -> None:
        self.follow_link(link)

    def follow_link(self, link_index: int) -> bool:
        """Show, select and flash the passage link ``link_index`` quotes."""
        doc = self._doc
        if doc is None or not 0 <= link_index < len(doc.links):
            return False
        target = doc.links[link_index].target
        if target.comment is not None:
            return self.comments.reveal(target.comment, target.start, target.end)
        if (
            target.block is not None
            and doc.blocks[target.block].kind is BlockKind.BOILERPLATE
            and not self.article.boilerplate_visible()
        ):
            self.actions_by_name["show_left_out"].setChecked(True)
        return self.article.reveal(target.start, target.end)

    @Slot(list)
    def _on_article_quoted_by_activated(self, comment_ids: list) -> None:
        self.comments.select_comments([str(i) for i in comment_ids])
        self.statusBar().showMessage(f"Quoted by {plural(len(comment_ids), 'comment')}", 4000)

    @Slot(int)
    def _on_article_zoom_changed(self, step: int) -> None:
        self._settings.setValue("article/zoom", step)

    @Slot(int)
    def _on_comments_link_hovered(self, link_index: int) -> None:
        doc = self._doc
        self.article.set_highlights(HOVER_LAYER, [])
        self.comments.set_highlights(HOVER_LAYER, [])
        if doc is None or not 0 <= link_index < len(doc.links):
            return
        target = doc.links[link_index].target
        fmt = QTextCharFormat()
        color = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        color.setAlpha(70)
        fmt.setBackground(color)
        if target.comment is not None:
            self.comments.set_highlights(HOVER_LAYER, [(target.start, target.end, fmt)])
        else:
            self.article.set_highlights(HOVER_LAYER, [(target.start, target.end, fmt)])

    @Slot(str)
    def _on_comments_comment_selected(self, _comment_id: str) -> None:
        self._update_position()

    @Slot(int)
    def _on_annotator_document_requested(self, document_id: int) -> None:
        if document_id != self._doc_id:
            self.open_document(document_id)

    @Slot(str)
    def _on_annotator_pane_requested(self, pane: str) -> None:
        dock = self.docks.get(f"{pane}_dock")
        if dock is not None:
            dock.show()
            dock.raise_()

    @Slot(str)
    def _on_annotator_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    @Slot(int)
    def _on_structure_structure_changed(self, document_id: int) -> None:
        """A correction was made or undone: show the document again, keeping the place
        (the annotations are read again: their comment ids followed the thread)."""
        if document_id != self._doc_id:
            self.open_document(document_id)
            self.annotator.reload()
        else:
            place = self.structure.reading_place()
            try:
                doc = self._project.load(document_id)
            except (KeyError, ProjectError) as error:
                self.statusBar().showMessage(f"That document cannot be shown: {error}", 5000)
                return
            self.annotator.reload()
            self._show(document_id, doc)
            self.structure.restore_reading_place(place)
        self._update_position()
        try:
            summary = self._project.summary(document_id)
        except KeyError:
            return
        self.document_model.update_summary(summary)

    def _apply_coder_filter(self, coders: frozenset[str] | None) -> None:
        """Show only these coders' passages (team.py decides; None: everyone's)."""
        self.annotator.set_shown_coders(coders)
        self.retrieval.set_shown_coders(coders)

    def _on_team_documents_changed(self) -> None:
        """A merge (or its undo) added or removed documents: list them again."""
        self.document_model.set_documents(self._project.documents())
        if self._doc_id is not None and self.document_model.summary(self._doc_id) is None:
            first = self.document_model.document_id(0)
            if first is not None:
                self.open_document(first)
            else:
                self._show(None, None)
        elif self._doc_id is not None:  # its structure corrections may have come or gone
            self._on_structure_structure_changed(self._doc_id)
        self._update_position()

    def show_passage(self, document_id: int, start: int, end: int) -> bool:
        """Open a document and show, select and flash ``start..end`` (code points)."""
        if document_id != self._doc_id and not self.open_document(document_id):
            return False
        doc = self._doc
        comment = doc.comment_at(start) if doc is not None else None
        if comment is not None and end <= comment.end:
            return self.comments.reveal(comment.id, start, end)
        return self.article.reveal(start, end)

    @Slot(int)
    def _on_retrieval_document_requested(self, document_id: int) -> None:
        if document_id != self._doc_id:
            self.open_document(document_id)

    @Slot(str)
    def _on_retrieval_annotation_requested(self, annotation_id: str) -> None:
        self.annotator.show_annotation(annotation_id)
