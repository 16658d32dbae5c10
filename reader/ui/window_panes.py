"""The window's panes and their models, made and put in place: the sidebar, article and
comments side by side in the central splitter, the find bar under them, the position in
the status bar, and the panes the docks hold (``window_layout.DOCKS`` names them).

``build_panes`` sets each as the window's attribute of the same name (the window's
public parts, which the controllers are handed and the tests drive); it connects nothing:
the window routes every intent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

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
from reader.ui.plain_text import plain_label

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

MINIMUM_WIDTHS = (170, 320, 280)  # sidebar, article, comments


def build_panes(w: MainWindow) -> None:
    """Make the panes and models and place the central ones (the docks come after)."""
    w.document_model = DocumentListModel(w)
    w.comment_model = CommentTreeModel(w)
    w.sidebar = SidebarPane(w.document_model, w)
    w.article = ArticlePane(w)
    w.comments = CommentPane(w.comment_model, w)
    w.splitter = QSplitter(Qt.Orientation.Horizontal, w)
    w.splitter.setObjectName("main_splitter")
    w.splitter.setChildrenCollapsible(False)
    for pane, minimum in zip((w.sidebar, w.article, w.comments), MINIMUM_WIDTHS, strict=True):
        pane.setMinimumWidth(minimum)
        w.splitter.addWidget(pane)
    for index, stretch in enumerate((0, 3, 2)):
        w.splitter.setStretchFactor(index, stretch)
    w.find_bar = FindBar(w)
    w.find_bar.hide()
    central = QWidget(w)
    central.setObjectName("central")
    column = QVBoxLayout(central)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(w.splitter, 1)
    column.addWidget(w.find_bar)
    w.setCentralWidget(central)
    w.position_label = plain_label(QLabel(w))
    w.position_label.setObjectName("position")
    w.statusBar().addPermanentWidget(w.position_label)
    # A shared project's connection, when it is lost (controllers/live.py).
    w.live_label = plain_label(QLabel(w))
    w.live_label.setObjectName("live_state")
    w.live_label.hide()
    w.statusBar().addWidget(w.live_label)
    w.codebook_model = CodebookModel(w)
    w.annotation_model = AnnotationListModel(w)
    w.codebook = CodebookPane(w.codebook_model, w)
    w.annotations = AnnotationsPane(w.annotation_model, w)
    w.note_editor = NoteEditor(w)
    w.search_model = SearchResultsModel(w)
    w.search_pane = SearchPane(w.search_model, w)
    w.segments_model = SegmentsModel(w)
    w.segments = SegmentsPane(w.segments_model, w)
    w.overview = OverviewPane(w)
