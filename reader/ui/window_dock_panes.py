"""The window's docked panes and their models (the codebook, the annotations list, the
note, search, coded segments, the overview) and the find bar, made after the first paint
(``window_stages``) and put into the dock frames ``window_layout.build_docks`` made, and
under the reading panes. Each is the window's attribute of the same name; nothing is
connected here: the window routes every intent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.ui.models.annotation_list import AnnotationListModel
from reader.ui.models.codebook import CodebookModel
from reader.ui.models.search_results import SearchResultsModel
from reader.ui.models.segments import SegmentsModel
from reader.ui.panes.annotations import AnnotationsPane
from reader.ui.panes.codebook import CodebookPane
from reader.ui.panes.find_bar import FindBar
from reader.ui.panes.note_editor import NoteEditor
from reader.ui.panes.overview import OverviewPane
from reader.ui.panes.search import SearchPane
from reader.ui.panes.segments import SegmentsPane
from reader.ui.window_layout import fill_docks

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


def build_dock_panes(w: MainWindow) -> None:
    """Make the docked panes and the find bar, and put each in its place."""
    w.find_bar = FindBar(w)
    w.find_bar.hide()
    w.centralWidget().layout().addWidget(w.find_bar)
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
    fill_docks(w, w.docks)
