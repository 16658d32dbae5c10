"""The window's actions and menus, declared (see ``reader.ui.actions``): the window's own
actions and menus, the tagging controller's actions and its two menus; and
``build_menu_bar``, which puts every controller's menus in order. Built after the first
paint (``window_stages``); ``window_layout.MENU_BAR`` names the menus the bar ends with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from reader import APP_NAME
from reader.ui.actions import ActionSpec, build_menu, insert_menu, menu_named
from reader.ui.models.codebook import QUICK_KEYS

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

ACTIONS = (
    ActionSpec("new_project", "&New Project…", (QKeySequence.StandardKey.New,)),
    ActionSpec("open_project", "&Open Project…", (QKeySequence.StandardKey.Open,)),
    ActionSpec(
        "open_shared",
        "Open S&hared Project…",
        ("Ctrl+Alt+O",),
        "Open a team's project on a PostgreSQL server",
    ),
    ActionSpec("import_files", "&Import Files…", ("Ctrl+I",)),
    ActionSpec("import_folder", "Import &Folder…", ("Ctrl+Shift+I",)),
    ActionSpec(
        "import_codebook",
        "REFI-QDA C&odebook…",
        (),
        "Codes with their hierarchy, colours and descriptions from a REFI-QDA codebook (.qdc)",
    ),
    ActionSpec(
        "import_annotations",
        "&Annotations…",
        (),
        "Annotations from W3C, Hypothesis, Reader's CSV or a REFI-QDA project onto the"
        " documents here",
    ),
    ActionSpec(
        "reimport_encoding",
        "Re-import &With Encoding…",
        (),
        "Read this document's file again in an encoding you choose",
    ),
    ActionSpec(
        "document_properties",
        "Document &Properties…",
        ("Alt+Return",),
        "What the source says about this document: its file, outlet, date, variables…",
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
    ActionSpec(
        "caret_browsing",
        "Caret &Browsing",
        ("F7",),
        "A text cursor in the article: arrows move it, Shift selects (Alt+Shift: by "
        "sentence, Ctrl+Shift+Down: by paragraph), T tags the selection",
        checkable=True,
    ),
    ActionSpec("zoom_in", "Zoom &In", (QKeySequence.StandardKey.ZoomIn, "Ctrl+=")),
    ActionSpec("zoom_out", "Zoom &Out", (QKeySequence.StandardKey.ZoomOut, "Ctrl+-")),
    ActionSpec("zoom_reset", "&Actual Size", ("Ctrl+0",)),
    ActionSpec("expand_all", "&Expand All Comments", ("Ctrl+Shift+E",)),
    ActionSpec("collapse_all", "Colla&pse All Comments", ("Ctrl+Shift+W",)),
    ActionSpec("focus_sidebar", "Go to &Sidebar", ("Alt+1",)),
    ActionSpec("focus_article", "Go to A&rticle", ("Alt+2",)),
    ActionSpec("focus_comments", "Go to &Comments", ("Alt+3",)),
    ActionSpec(
        "keyboard_shortcuts", "&Keyboard Shortcuts", ("Ctrl+/",), "Every shortcut, searchable"
    ),
    ActionSpec("about", f"&About {APP_NAME}", (QKeySequence.StandardKey.HelpContents, "F1")),
)
MENUS = (
    (
        "&File",
        "file_menu",
        (
            "new_project",
            "open_project",
            "open_shared",
            "@recent",
            "-",
            "@import",
            "reimport_encoding",
            "document_properties",
            "-",
            "quit",
        ),
    ),
    (
        "&View",
        "view_menu",
        (
            "show_left_out",
            "caret_browsing",
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
        "go_menu",
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
    ("&Help", "help_menu", ("keyboard_shortcuts", "about")),
)


# The tagging controller's actions (reader.ui.controllers.tagging) and its two menus.
TAGGING_ACTIONS = (
    ActionSpec("tag_selection", "&Tag Selection…", ("T", "Ctrl+T"),
                "Choose a tag for the selected passage (type to find, Enter to apply)"),
    ActionSpec("tag_unit", "Tag Whole &Comment or Paragraph…", ("Shift+T", "Ctrl+Shift+T"),
                "Tag the whole comment (or article paragraph) under the cursor"),
    *(
        ActionSpec(f"quick_tag_{n}", f"Tag {n}", (f"Ctrl+{n}",))
        for n in range(1, QUICK_KEYS + 1)
    ),
    ActionSpec("edit_note", "Edit &Note", ("N",),
                "Write a note on the annotation under the cursor (or on the selection)"),
    ActionSpec("delete_annotation", "&Remove Annotation", ("Del",),
                "Remove the annotation under the cursor", local=True),
    ActionSpec("return_to_reading", "Back to Rea&ding", ("Esc",),
                "Nothing selected, no annotation current", local=True),
    ActionSpec("snap_words", "&Snap Selections to Whole Words", (),
                "A passage is tagged as whole words, dragged or selected with the keys "
                "(Alt at the click or drag: the exact characters)", checkable=True),
    ActionSpec("new_tag", "New T&ag…", ("Ctrl+Shift+N",), "Find or add a tag"),
    ActionSpec("focus_codebook", "Go to Code&book", ("Alt+4",)),
    ActionSpec("focus_annotations", "Go to Ann&otations", ("Alt+5",)),
)  # fmt: skip
EDIT_MENU = ("undo", "redo")
ANNOTATE_MENU = ("tag_selection", "tag_unit", "@quick", "-", "edit_note",
                 "delete_annotation", "return_to_reading", "-", "snap_words", "-",
                 "new_tag", "-", "focus_codebook", "focus_annotations")  # fmt: skip


def build_menu_bar(w: MainWindow, submenus: dict[str, QMenu]) -> None:
    """The menu bar: the window's menus (``MENUS``, with ``submenus`` in place), Edit
    (undo, redo) after File, Annotate and the structure's after View, the docks listed in
    View, Search after Annotate, then the team's; every action in ``w.actions_by_name``."""
    bar = w.menuBar()
    for menu in bar.findChildren(QMenu):
        if menu.objectName().endswith("_placeholder"):  # the first paint's menus give way
            menu.deleteLater()  # later: the click that finished the window may be on one
    bar.clear()
    for title, name, items in MENUS:
        bar.addMenu(build_menu(title, name, items, w.actions_by_name, w, submenus))
    edit, annotate = w.annotator.fill_menu_bar(bar)
    insert_menu(bar, edit, "view_menu")
    insert_menu(bar, annotate, "go_menu")
    view = menu_named(bar, "view_menu")
    assert view is not None
    view.addSeparator()
    for dock in w.docks.values():
        view.addAction(dock.toggleViewAction())
    w.actions_by_name.update(w.annotator.actions)
    w.structure.fill_menu_bar(bar, "go_menu")
    w.doubts.add_to(w.structure.menu)
    w.actions_by_name["structure_show_notices"] = w.doubts.show_notices
    for action in w.structure.actions.values():
        w.actions_by_name[action.objectName()] = action
    w.retrieval.fill_menu_bar(bar, "go_menu")
    w.actions_by_name.update(w.retrieval.actions)
    w.team.fill_menu_bar(bar)
    w.actions_by_name.update(w.team.actions)
