"""The window's reading panes and their models, made and put in place: the sidebar,
article and comments side by side in the central splitter, the position in the status
bar. These are what the first paint shows; the docked panes and the find bar follow
(``window_dock_panes``).

``build_panes`` sets each as the window's attribute of the same name (the window's
public parts, which the controllers are handed and the tests drive); it connects nothing:
the window routes every intent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from reader.ui.models.comment_tree import CommentTreeModel
from reader.ui.models.document_list import DocumentListModel
from reader.ui.panes.article.pane import ArticlePane
from reader.ui.panes.comments.pane import CommentPane
from reader.ui.panes.sidebar import SidebarPane
from reader.ui.plain_text import plain_label

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

MINIMUM_WIDTHS = (170, 320, 280)  # sidebar, article, comments


def build_panes(w: MainWindow) -> None:
    """Make the reading panes and their models and place them (the docks come after)."""
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
    central = QWidget(w)
    central.setObjectName("central")
    column = QVBoxLayout(central)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(w.splitter, 1)  # the find bar comes under it (window_dock_panes)
    w.setCentralWidget(central)
    w.position_label = plain_label(QLabel(w))
    w.position_label.setObjectName("position")
    w.statusBar().addPermanentWidget(w.position_label)
    # A shared project's connection, when it is lost (controllers/live.py).
    w.live_label = plain_label(QLabel(w))
    w.live_label.setObjectName("live_state")
    w.live_label.hide()
    w.statusBar().addWidget(w.live_label)
