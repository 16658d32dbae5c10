"""The window's layout, declared: its actions and menus (see ``reader.ui.actions``), and
its docks (which pane, where, tabbed with which, how big at first), and the tagging
controller's actions and menus; ``build_menu_bar`` puts every controller's menus in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QSplitter

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


DOCKS = (
    ("codebook_dock", "Codebook", "codebook", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("annotations_dock", "Annotations", "annotations", Qt.DockWidgetArea.BottomDockWidgetArea),
    ("note_dock", "Note", "note_editor", Qt.DockWidgetArea.BottomDockWidgetArea),
    ("search_dock", "Search", "search_pane", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("segments_dock", "Coded Segments", "segments", Qt.DockWidgetArea.BottomDockWidgetArea),
    ("overview_dock", "Tag Overview", "overview", Qt.DockWidgetArea.BottomDockWidgetArea),
)


def build_docks(window: QMainWindow) -> dict[str, QDockWidget]:
    """The panes in docks, each the window's attribute named in ``DOCKS``: the codebook
    on the left, the annotations list and the note below the text, the rest a tab away."""
    docks: dict[str, QDockWidget] = {}
    window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
    for name, title, attribute, area in DOCKS:
        dock = QDockWidget(title, window)
        dock.setObjectName(name)
        dock.setWidget(getattr(window, attribute))
        window.addDockWidget(area, dock)
        docks[name] = dock
    window.splitDockWidget(docks["annotations_dock"], docks["note_dock"], Qt.Orientation.Horizontal)
    # Search shares the left side with the codebook; coded segments and the overview
    # share the bottom with the annotations; each a tab away, hidden until asked for.
    # (Tabbed before the sizes are set: tabbing after them loses the codebook's width.)
    # (The bottom first: tabbing the codebook first made the window wider than asked.)
    for first, second in (("annotations", "segments"), ("annotations", "overview"),
                          ("codebook", "search")):  # fmt: skip
        window.tabifyDockWidget(docks[f"{first}_dock"], docks[f"{second}_dock"])
        docks[f"{second}_dock"].hide()
    below = [docks["annotations_dock"], docks["note_dock"]]
    window.resizeDocks(below, [3, 1], Qt.Orientation.Horizontal)
    screen = window.screen().availableGeometry() if window.screen() else None
    small_height = screen is not None and screen.height() < 720
    narrow = screen is not None and screen.width() < 1200
    below_height = 150 if small_height else 190
    window.resizeDocks([docks["annotations_dock"]], [below_height], Qt.Orientation.Vertical)
    window.resizeDocks(
        [docks["codebook_dock"]], [170 if narrow else 210], Qt.Orientation.Horizontal
    )
    docks["note_dock"].hide()  # until a note is opened (N, a double-click)
    return docks


def first_layout(window: QMainWindow, splitter: QSplitter) -> None:
    """The size and place of a window with nothing remembered: centred, at most
    1360×840, the sidebar a fifth (180–280 px) and the article a little over half."""
    screen = window.screen().availableGeometry() if window.screen() else None
    width, height = 1360, 840
    if screen is not None and screen.isValid():
        width, height = min(width, screen.width()), min(height, screen.height())
        window.move(
            screen.left() + (screen.width() - width) // 2,
            screen.top() + (screen.height() - height) // 2,
        )
    window.resize(width, height)
    sidebar = max(180, min(280, width // 5))
    article = (width - sidebar) * 11 // 20
    splitter.setSizes([sidebar, article, width - sidebar - article])


def build_menu_bar(w: MainWindow, submenus: dict[str, QMenu]) -> None:
    """The menu bar: the window's menus (``MENUS``, with ``submenus`` in place), Edit
    (undo, redo) after File, Annotate and the structure's after View, the docks listed in
    View, Search after Annotate, then the team's; every action in ``w.actions_by_name``."""
    bar = w.menuBar()
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


GEOMETRY_MAGIC = 0x1D9D0CB  # how QWidget.saveGeometry's bytes begin


def saved_frame(geometry: QByteArray) -> QRect | None:
    """The window frame ``QWidget.saveGeometry`` recorded (None when it is not such bytes)."""
    stream = QDataStream(geometry, QIODevice.OpenModeFlag.ReadOnly)
    if stream.readUInt32() != GEOMETRY_MAGIC:
        return None
    stream.readUInt16()  # major version
    stream.readUInt16()  # minor version
    frame = QRect()
    stream >> frame
    return frame if stream.status() == QDataStream.Status.Ok and frame.isValid() else None


def fit_to_screen(window: QMainWindow, geometry: QByteArray) -> None:
    """After ``restoreGeometry``: a window saved on a larger screen (1440×900, now a
    1024×640 laptop) takes as much of this screen as it can, centred, instead of what Qt
    makes of it (a small window in a corner)."""
    screen = window.screen().availableGeometry() if window.screen() else None
    frame = saved_frame(geometry)
    if screen is None or not screen.isValid() or frame is None:
        return
    if frame.width() <= screen.width() and frame.height() <= screen.height():
        return
    width, height = min(frame.width(), screen.width()), min(frame.height(), screen.height())
    edges = window.frameGeometry().size() - window.size()  # title bar and borders
    window.resize(width - edges.width(), height - edges.height())
    window.move(
        screen.left() + (screen.width() - width) // 2,
        screen.top() + (screen.height() - height) // 2,
    )


MOST_OF_WINDOW = 0.5
"""No dock takes more than this share of the window's height (below) or width (beside)."""
TAMED_SHARE = 0.32  # what a dock that took too much is given back


def tame_docks(window: QMainWindow, docks: dict[str, QDockWidget]) -> list[str]:
    """Shrink any docked pane that takes more than half the window (a chart opened on a
    small screen, or such a layout remembered from last time) to a third of it, so the
    text stays the larger part; the names of the docks shrunk."""
    tamed: list[str] = []
    height, width = window.height(), window.width()
    for name, dock in docks.items():
        if not dock.isVisible() or dock.isFloating():
            continue
        area = window.dockWidgetArea(dock)
        below = area in (
            Qt.DockWidgetArea.BottomDockWidgetArea,
            Qt.DockWidgetArea.TopDockWidgetArea,
        )
        if below and dock.height() > height * MOST_OF_WINDOW:
            window.resizeDocks([dock], [int(height * TAMED_SHARE)], Qt.Orientation.Vertical)
            tamed.append(name)
        elif not below and dock.width() > width * MOST_OF_WINDOW:
            window.resizeDocks([dock], [int(width * TAMED_SHARE)], Qt.Orientation.Horizontal)
            tamed.append(name)
    return tamed
