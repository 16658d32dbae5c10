"""The window's routing of intents: every connection the main window makes, once each,
as tables of (sender, signal name, slot): the few made before its first paint
(``first_routes``), the rest once it is built (``routes``). The panes and controllers
emit what the user asked for; these tables say who acts on it (a test checks each
controller signal has exactly the receivers listed here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

Route = tuple[QObject, str, Callable]


def first_routes(w: MainWindow) -> tuple[Route, ...]:
    """The connections the window makes before its first paint (``MainWindow.__init__``):
    what the reading panes and the session say while the rest is being built."""
    return ((w.session, "failed", w._on_status_message),)


def routes(w: MainWindow) -> tuple[Route, ...]:
    """Every other connection of the window ``w``, made once it is built
    (``MainWindow._connect_signals``)."""
    a, pf = w.actions_by_name, w.project_files
    status = w._on_status_message
    return (
        (a["new_project"], "triggered", pf._on_new_project_triggered),
        (a["open_project"], "triggered", pf._on_open_project_triggered),
        (a["open_shared"], "triggered", pf._on_open_shared_triggered),
        (w.live, "state_changed", w._on_live_state_changed),
        (w.live, "documents_changed", w._on_live_documents_changed),
        (a["import_files"], "triggered", pf._on_import_files_triggered),
        (a["import_folder"], "triggered", pf._on_import_folder_triggered),
        (w.import_menu, "import_requested", w._on_import_menu_import_requested),
        (a["import_annotations"], "triggered", w.annotation_importer.ask),
        (w.annotation_importer, "status_message", status),
        (a["import_codebook"], "triggered", w.codebook_importer.ask),
        (w.codebook_importer, "status_message", status),
        (a["reimport_encoding"], "triggered", w._on_reimport_encoding_triggered),
        (a["document_properties"], "triggered", w._on_document_properties_triggered),
        (a["quit"], "triggered", w.close),
        (a["filter"], "triggered", w.sidebar.focus_filter),
        (a["next_document"], "triggered", lambda: w.sidebar.step(1)),
        (a["previous_document"], "triggered", lambda: w.sidebar.step(-1)),
        (a["parent_comment"], "triggered", w.comments.select_parent),
        (a["show_left_out"], "toggled", w._on_show_left_out_toggled),
        (a["caret_browsing"], "toggled", w.article.set_caret_browsing),
        (a["zoom_in"], "triggered", w.article.zoom_in_step),
        (a["zoom_out"], "triggered", w.article.zoom_out_step),
        (a["zoom_reset"], "triggered", w.article.reset_zoom),
        (a["expand_all"], "triggered", w.comments.expand_all),
        (a["collapse_all"], "triggered", w.comments.collapse_all),
        (a["focus_sidebar"], "triggered", w.sidebar.list_view.setFocus),
        (a["focus_article"], "triggered", w.article.setFocus),
        (a["focus_comments"], "triggered", w.comments.focus_thread),
        (a["about"], "triggered", w._on_about_triggered),
        (a["keyboard_shortcuts"], "triggered", w._on_keyboard_shortcuts_triggered),
        (w.sidebar, "document_activated", w._on_document_requested),
        (w.sidebar, "filter_requested", w._on_sidebar_filter_requested),
        (w.article, "link_activated", w.links.follow),
        (w.article, "quoted_by_activated", w.links.select_quoting),
        (w.article, "zoom_changed", w._state.save_zoom),
        (w.comments, "link_activated", w.links.follow),
        (w.comments, "link_hovered", w.links.hover),
        (w.links, "status_message", w.statusBar().showMessage),
        (w.comments, "comment_selected", w._on_comments_comment_selected),
        (w.annotator, "document_requested", w._on_document_requested),
        (w.annotator, "pane_requested", w._on_pane_requested),
        (w.annotator, "status_message", status),
        (w.codebook_controller, "status_message", status),
        (w.retrieval, "document_requested", w._on_document_requested),
        (w.retrieval, "annotation_requested", w.annotator.show_annotation),
        (w.retrieval, "pane_requested", w._on_pane_requested),
        (w.retrieval, "status_message", status),
        (w.structure, "status_message", status),
        (w.team, "status_message", status),
        (w.session, "structure_changed", w._on_session_structure_changed),
        (w.key_guard, "refused", status),
    )
