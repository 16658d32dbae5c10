"""Finding and retrieving for one window: find in the document, corpus search, coded
segments, the tag overview and exports, with their actions and the Search menu.

Like the annotator, it gets the panes it drives handed in and asks the window (by
signals) for what only the window does: opening a document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from reader.core.records import CodedSegment, ExportResult, SearchHit
from reader.core.tag_tree import tag_paths
from reader.ui.actions import (
    ActionSpec,
    build_actions,
    build_menu,
    insert_after,
    insert_menu,
    menu_named,
)
from reader.ui.controllers.exporting import Exports, ask_save_path
from reader.ui.controllers.finder import Finder
from reader.ui.dialogs.export import ExportChoice, ExportDialog
from reader.ui.models.segments import SegmentsModel
from reader.ui.panes.article.pane import ArticlePane
from reader.ui.panes.comments.pane import CommentPane
from reader.ui.panes.find_bar import FindBar
from reader.ui.panes.overview import PROJECT, OverviewPane
from reader.ui.panes.search import SearchPane
from reader.ui.panes.segments import SegmentsPane
from reader.ui.session import (
    ProjectError,
    SearchError,
)

if TYPE_CHECKING:
    from reader.store.project import Project
    from reader.ui.session import DocumentSession

SEARCH_LIMIT = 200  # hits listed; the count says how many there are in all
INDEX_PROGRESS_AFTER = 20  # documents to index before a progress dialog is worth it
log = logging.getLogger(__name__)
REFRESH_MS = 150  # annotation changes closer than this refresh the views once


class Retrieval(QObject):
    """Find, search, retrieve and export, for one window.

    Signals:
        document_requested(int): show this document (a hit or a segment in it was chosen).
        annotation_requested(str): show this annotation (a hit in its note was chosen).
        pane_requested(str): show and raise this dock ("search", "segments", "overview").
        status_message(str): a line for the status bar.
    """

    document_requested = Signal(int)
    annotation_requested = Signal(str)
    pane_requested = Signal(str)
    status_message = Signal(str)

    ACTIONS = (
        ActionSpec("find", "&Find in Document…", (QKeySequence.StandardKey.Find, "Ctrl+F"),
                    "Find words in the article and comments shown"),
        ActionSpec("find_next", "Find &Next", (QKeySequence.StandardKey.FindNext, "F3")),
        ActionSpec("find_previous", "Find Pre&vious",
                    (QKeySequence.StandardKey.FindPrevious, "Shift+F3")),
        ActionSpec("search_project", "&Search Project…", ("Ctrl+Shift+F",),
                    "Search every document's article, comments and notes"),
        ActionSpec("coded_segments", "&Coded Segments", ("Ctrl+Shift+R",),
                    "Every passage with a tag, across the project, with its context"),
        ActionSpec("tag_overview", "Tag &Overview", ("Ctrl+Shift+O",),
                    "How often each tag was applied, and which tags meet"),
        ActionSpec("export", "&Export…", ("Ctrl+E",),
                    "Write the project or the document shown for other tools, or as a report"),
    )  # fmt: skip
    SEARCH_MENU = ("find", "find_next", "find_previous", "-", "search_project", "-",
                   "coded_segments", "tag_overview")  # fmt: skip

    def __init__(
        self,
        session: DocumentSession,
        *,
        window: QWidget,
        article: ArticlePane,
        comments: CommentPane,
        find_bar: FindBar,
        search_pane: SearchPane,
        segments_pane: SegmentsPane,
        segments_model: SegmentsModel,
        overview: OverviewPane,
    ) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._article = article
        self._comments = comments
        self._search = search_pane
        self._segments = segments_pane
        self._segments_model = segments_model
        self._overview = overview
        self._stale: set[str] = {"segments", "overview"}  # to fill again when next shown
        self.shown_coders: frozenset[str] | None = None  # whose segments (None: all)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        # Asking the user, replaceable in tests: a path to save to ("" for none), and a
        # failure to report.
        self.ask_save_path: Callable[[str, str, str], str] = self._ask_save_path
        self.report_failure: Callable[[str, str], None] = self._report_failure
        self.exports = Exports(
            session, window, segments_pane, self.status_message.emit,
            lambda *args: self.ask_save_path(*args), lambda *args: self.report_failure(*args),
        )  # fmt: skip
        self.finder = Finder(session, find_bar, article, comments, self)
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self._connect_signals()
        self.reload_codebook()

    # ---- building

    def _build_actions(self) -> None:
        self.actions = build_actions(self.ACTIONS, self._window)

    def fill_menu_bar(self, bar: QMenuBar, before: str | None = None) -> QMenu:
        """Add the Search menu (before the menu named ``before``), and Export… to the
        File menu, after the imports."""
        file_menu = menu_named(bar, "file_menu")
        if file_menu is not None:
            insert_after(file_menu, self.actions["export"], "import_menu")
        menu = build_menu("&Search", "search_menu", self.SEARCH_MENU, self.actions, bar)
        insert_menu(bar, menu, before)
        return menu

    def _connect_signals(self) -> None:
        a = self.actions
        a["find"].triggered.connect(self.finder.open)
        a["find_next"].triggered.connect(self.finder.next_hit)
        a["find_previous"].triggered.connect(self.finder.previous_hit)
        a["search_project"].triggered.connect(self._on_search_project_triggered)
        self._search.search_requested.connect(self._on_search_search_requested)
        self._search.hit_activated.connect(self._on_search_hit_activated)
        self._search.text_focus_requested.connect(self._on_search_text_focus_requested)
        a["coded_segments"].triggered.connect(self._on_coded_segments_triggered)
        se = self._session
        se.project_changed.connect(self._on_session_project_changed)
        se.document_changed.connect(self._on_session_document_changed)
        se.codebook_changed.connect(self.reload_codebook)
        se.reload_needed.connect(self.reload_codebook)
        for signal in (se.annotations_changed, se.annotations_removed):
            signal.connect(self._on_session_annotations_changed)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)
        self._segments.tag_chosen.connect(self._on_segments_tag_chosen)
        self._segments.segment_activated.connect(self._on_segments_segment_activated)
        self._segments.export_requested.connect(self.exports.segments_export_requested)
        self._segments.installEventFilter(self)
        a["tag_overview"].triggered.connect(self._on_tag_overview_triggered)
        a["export"].triggered.connect(self.exports.open_export_dialog)
        self._overview.refresh_requested.connect(self._on_overview_refresh_requested)
        self._overview.installEventFilter(self)

    # ---- the window's calls

    @property
    def _project(self) -> Project:
        return self._session.project

    @property
    def _doc_id(self) -> int | None:
        return self._session.document_id

    @Slot()
    def _on_session_project_changed(self) -> None:
        """Another project is open."""
        self._search.clear()
        self._segments_model.set_segments([])
        self.reload_codebook()

    @Slot(object)
    def _on_session_document_changed(self, doc_id: int | None) -> None:
        """The window now shows this document."""
        self._overview.set_document_available(doc_id is not None)
        if self._overview.scope() != PROJECT:
            self._changed({"overview"})

    @Slot()
    def left_out_toggled(self) -> None:
        """The article shows or hides its left-out text: hits there come or go."""
        self.finder.refresh()

    @Slot()
    def reload_codebook(self) -> None:
        """The tags changed: offer them again in the filters."""
        tags = self._project.tags()
        paths = tag_paths(tags)
        self._search.set_tags([(t.name, paths[t.id]) for t in tags])
        self._segments.set_tags([(t.id, paths[t.id]) for t in tags])
        self._changed({"segments", "overview"})

    def set_shown_coders(self, coders: frozenset[str] | None) -> None:
        """List only these coders' segments (None: everyone's)."""
        self.shown_coders = coders
        self._changed({"segments"})

    def _changed(self, views: set[str]) -> None:
        """These views show what changed: fill them again soon if shown, else when shown."""
        self._stale |= views
        self._refresh_timer.start()

    def _refresh_shown(self) -> None:
        if "segments" in self._stale and self._segments.isVisible():
            self.show_segments(self._segments.tag_id(), self._segments.descendants())
        if "overview" in self._stale and self._overview.isVisible():
            self.show_overview()

    def show_overview(self) -> None:
        """Count the tags again (as the overview pane asks) and show the numbers."""
        self._stale.discard("overview")
        descendants = self._overview.descendants()
        try:
            frequencies = self._project.tag_frequencies(descendants=descendants)
            co = self._project.co_occurrence(descendants=descendants)
        except ProjectError as error:
            self.status_message.emit(f"The tags cannot be counted: {error}")
            return
        paths = tag_paths(frequencies.tags)
        scope = None if self._overview.scope() == PROJECT else self._doc_id
        self._overview.show_numbers(frequencies, co, paths, scope)

    def show_segments(self, tag_id: str, descendants: bool) -> list[CodedSegment]:
        """Fill the coded segments pane with this tag's ("" for every tag) segments."""
        self._stale.discard("segments")
        try:
            segments = self._project.coded_segments(tag_id or None, descendants=descendants)
        except (KeyError, ProjectError) as error:
            self.status_message.emit(f"The coded segments cannot be listed: {error}")
            segments = []
        if self.shown_coders is not None:
            segments = [s for s in segments if s.coder in self.shown_coders]
        self._segments_model.set_segments(segments)
        return segments

    # ---- exporting (controllers/exporting.py)

    @property
    def export_dialog(self) -> ExportDialog | None:
        return self.exports.export_dialog

    def open_export_dialog(self) -> ExportDialog:
        return self.exports.open_export_dialog()

    def export(self, choice: ExportChoice) -> ExportResult | None:
        return self.exports.export(choice)

    def export_segments(self, path: Path) -> bool:
        return self.exports.export_segments(path)

    def _ask_save_path(self, title: str, suggested: str, filters: str) -> str:
        return ask_save_path(title, suggested, filters, self._window)

    def _report_failure(self, title: str, text: str) -> None:
        QMessageBox.warning(self._window, title, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched in (self._segments, self._overview):
            self._refresh_timer.start()
        return super().eventFilter(watched, event)

    def index_after_import(self, parent: QWidget | None = None) -> int:
        """Bring the search index up to date after an import, with a progress dialog
        when there is much to do; returns how many documents were indexed."""
        dialog: QProgressDialog | None = None

        def progress(done: int, total: int) -> bool:
            nonlocal dialog
            if total < INDEX_PROGRESS_AFTER:
                return True
            if dialog is None:
                dialog = QProgressDialog("Indexing for search…", "Later", 0, total, parent)
                dialog.setObjectName("index_progress")
                dialog.setWindowTitle("Search index")
                dialog.setWindowModality(Qt.WindowModality.WindowModal)
                dialog.setMinimumDuration(400)
            dialog.setValue(done)
            return not dialog.wasCanceled()

        try:
            return self._project.refresh_search_index(progress=progress)
        except ProjectError as error:  # the next search indexes what is left
            self.status_message.emit(f"The search index is not up to date: {error}")
            return 0
        finally:
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()

    def search(self, query: str) -> list[SearchHit]:
        """Run ``query`` and show its hits (or why it cannot be read) in the pane."""
        if not query.strip():
            self._search.clear()
            return []
        try:
            hits = self._project.search(query, limit=SEARCH_LIMIT)
            count = self._project.search_count(query) if len(hits) >= SEARCH_LIMIT else None
        except SearchError as error:
            self._search.show_error(str(error))
            return []
        self._search.show_results(hits, count)
        return hits

    def show_hit(self, hit: SearchHit) -> bool:
        """Open the hit's document, then show, select and flash the match (a note: its
        passage, with the note)."""
        if hit.document_id != self._doc_id:
            self.document_requested.emit(hit.document_id)
            if hit.document_id != self._doc_id:
                return False
        if hit.part == "note" and hit.annotation_id:
            self.annotation_requested.emit(hit.annotation_id)
            return True
        if hit.part == "comment" and hit.comment_id:
            return self._comments.reveal(hit.comment_id, hit.start, hit.end)
        return self._article.reveal(hit.start, hit.end)

    # ---- slots

    @Slot()
    def _on_search_project_triggered(self) -> None:
        self.pane_requested.emit("search")
        self._make_room(self._search)
        self._search.focus_query()

    @Slot(str)
    def _on_search_search_requested(self, query: str) -> None:
        self.search(query)

    @Slot(object)
    def _on_search_hit_activated(self, hit: SearchHit) -> None:
        if not self.show_hit(hit):
            self.status_message.emit("That passage cannot be shown (its document changed?)")

    @Slot(object)
    def _on_search_text_focus_requested(self, hit: SearchHit) -> None:
        """Enter again in the query: into the text showing the hit, to act on it."""
        if hit.part == "comment" and hit.comment_id:
            self._comments.focus_thread()
        else:
            self._article.setFocus(Qt.FocusReason.OtherFocusReason)

    def _make_room(self, pane: QWidget, share: float = 0.0) -> None:
        """Give a docked pane at least ``share`` of the window's height (the bottom docks
        start low, for the annotations list; a chart or a long table needs more), or
        without a share, the width it would like (room allowing)."""
        dock, window = pane.parentWidget(), self._window
        if not isinstance(dock, QDockWidget) or not isinstance(window, QMainWindow):
            return
        if dock.isFloating():
            return
        if share:
            want = int(window.height() * share)
            if dock.height() < want:
                window.resizeDocks([dock], [want], Qt.Orientation.Vertical)
        elif dock.width() < pane.sizeHint().width():
            window.resizeDocks([dock], [pane.sizeHint().width()], Qt.Orientation.Horizontal)

    @Slot()
    def _on_coded_segments_triggered(self) -> None:
        self.pane_requested.emit("segments")
        self._make_room(self._segments, 0.35)
        self._refresh_shown()
        self._segments.focus_list()

    @Slot()
    def _on_tag_overview_triggered(self) -> None:
        self.pane_requested.emit("overview")
        self._make_room(self._overview, 0.45)  # (never more than half: tame_docks)
        self._refresh_shown()

    @Slot()
    def _on_overview_refresh_requested(self) -> None:
        self.show_overview()

    @Slot(list)
    def _on_session_annotations_changed(self, _records: list) -> None:
        self._changed({"segments", "overview"})

    @Slot()
    def _on_refresh_timer_timeout(self) -> None:
        self._refresh_shown()

    @Slot(str, bool)
    def _on_segments_tag_chosen(self, tag_id: str, descendants: bool) -> None:
        self.show_segments(tag_id, descendants)

    @Slot(object)
    def _on_segments_segment_activated(self, segment: CodedSegment) -> None:
        self.annotation_requested.emit(segment.annotation_id)
