"""The window's controllers, made after the first paint (``window_stages`` runs these
steps one event-loop turn apart; a window built at once runs them in a row). Each step
sets its controllers as the window's attributes; the window routes their intents
(``window_routes``) once every step is done.

The controllers read the open document from the session, so one made after the first
document opened catches up when the window announces it again (``MainWindow._built``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from reader.ui.actions import build_actions
from reader.ui.controllers.annotation_import import AnnotationImporter
from reader.ui.controllers.codebook import CodebookController
from reader.ui.controllers.codebook_import import CodebookImporter
from reader.ui.controllers.import_menu import ImportMenu
from reader.ui.controllers.key_guard import KeyGuard
from reader.ui.controllers.links import Links
from reader.ui.controllers.live import LiveUpdates
from reader.ui.controllers.passages import Passages
from reader.ui.controllers.project_files import ProjectFiles
from reader.ui.controllers.retrieval import Retrieval
from reader.ui.controllers.structure import StructureEditor
from reader.ui.controllers.tagging import Annotator
from reader.ui.controllers.team import TeamWork
from reader.ui.dialogs.tag_chooser import TagChooser
from reader.ui.window_menus import ACTIONS, build_menu_bar

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


def build_tagging(w: MainWindow) -> None:
    """Where the reader is (passages), tagging and notes, the codebook."""
    label = w.comment_model.label
    w.passages = Passages(w.session, w.article, w.comments, label, w)
    w.chooser = TagChooser(w)
    w.annotator = Annotator(
        w.session,
        window=w,
        article=w.article,
        comments=w.comments,
        codebook=w.codebook,
        codebook_model=w.codebook_model,
        annotations=w.annotations,
        annotation_model=w.annotation_model,
        note_editor=w.note_editor,
        passages=w.passages,
        chooser=w.chooser,
        comment_label=label,
    )
    w.codebook_controller = CodebookController(
        w.session,
        window=w,
        codebook=w.codebook,
        codebook_model=w.codebook_model,
        annotations=w.annotations,
        annotation_model=w.annotation_model,
        chooser=w.chooser,
        tags=w.annotator.tags,
        fill=w.annotator.painter.fill,
    )
    w.annotator.codebook_filter = w.codebook_controller.clear_tag_filter


def build_structure_and_search(w: MainWindow) -> None:
    """Structure corrections; find, search, segments, the overview."""
    w.structure = StructureEditor(
        w.session,
        window=w,
        article=w.article,
        comments=w.comments,
        passages=w.passages,
        comment_label=w.comment_model.label,
    )
    w.retrieval = Retrieval(
        w.session,
        window=w,
        article=w.article,
        comments=w.comments,
        find_bar=w.find_bar,
        search_pane=w.search_pane,
        segments_pane=w.segments,
        segments_model=w.segments_model,
        overview=w.overview,
    )


def build_team_and_files(w: MainWindow) -> None:
    """Coders and agreement, a shared project's changes, the window's own actions and
    menus (File, View, Go, Help with every controller's), links, project files."""
    w.team = TeamWork(
        w.session,
        window=w,
        settings=w._settings,
        apply_filter=w._apply_coder_filter,
        documents_changed=w._on_team_documents_changed,
        show_passage=w.show_passage,
    )
    w.live = LiveUpdates(w.session, w)
    recent_menu = QMenu("Open &Recent", w)
    recent_menu.setObjectName("recent_menu")
    w.actions_by_name.update(build_actions(ACTIONS, w))
    a = w.actions_by_name
    w.import_menu = ImportMenu(a["import_files"], a["import_folder"], w)
    w.import_menu.menu.insertAction(w.import_menu.data_action, a["import_codebook"])
    w.import_menu.menu.addAction(a["import_annotations"])
    w.annotation_importer = AnnotationImporter(w.session, w)
    w.codebook_importer = CodebookImporter(w.session, w)
    build_menu_bar(w, {"recent": recent_menu, "import": w.import_menu.menu})
    w.links = Links(w.session, w.article, w.comments, a["show_left_out"], w)
    w.project_files = ProjectFiles(
        w,
        recent_menu,
        w._state,
        project_path=lambda: Path(w.session.project.path),
        switch_project=w.switch_project,
        import_paths=w.import_paths,
    )
    w.key_guard = KeyGuard(w.annotator.actions.values(), w)
