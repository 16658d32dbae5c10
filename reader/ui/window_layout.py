"""The window's layout, declared: its docks (which pane, where, tabbed with which, how
big at first) and the menus its bar ends with; the first layout of a window with nothing
remembered, and what fits a remembered one to this screen.

Everything here is what the first paint needs (``main_window``, ``window_stages``): the
dock frames are made and placed before their panes exist, so that a remembered layout is
restored at once and the panes move into frames that are already where they belong. The
actions and the menus' contents are ``window_menus``'.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMenuBar, QSplitter

DOCKS = (
    ("codebook_dock", "Codebook", "codebook", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("annotations_dock", "Annotations", "annotations", Qt.DockWidgetArea.BottomDockWidgetArea),
    ("note_dock", "Note", "note_editor", Qt.DockWidgetArea.BottomDockWidgetArea),
    ("search_dock", "Search", "search_pane", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("segments_dock", "Coded Segments", "segments", Qt.DockWidgetArea.BottomDockWidgetArea),
    ("overview_dock", "Tag Overview", "overview", Qt.DockWidgetArea.BottomDockWidgetArea),
)


MENU_BAR = (
    ("&File", "file_menu"),
    ("&Edit", "edit_menu"),
    ("&View", "view_menu"),
    ("&Annotate", "annotate_menu"),
    ("St&ructure", "structure_menu"),
    ("&Search", "search_menu"),
    ("&Go", "go_menu"),
    ("&Tools", "tools_menu"),
    ("&Help", "help_menu"),
)
"""The menus of the built bar, in order (``window_menus.build_menu_bar`` makes them; a
test holds the two alike). Until then the bar shows them disabled, so that the window's
layout does not move when they come."""


def placeholder_menus(bar: QMenuBar) -> list[QMenu]:
    """``MENU_BAR``'s menus on ``bar``, empty and disabled (the first paint's bar)."""
    menus = []
    for title, name in MENU_BAR:
        menu = QMenu(title, bar)
        menu.setObjectName(f"{name}_placeholder")
        menu.setEnabled(False)
        bar.addMenu(menu)
        menus.append(menu)
    return menus


def build_docks(window: QMainWindow) -> dict[str, QDockWidget]:
    """The dock frames named in ``DOCKS``, still empty (``fill_docks`` puts the panes in):
    the codebook on the left, the annotations list and the note below the text, the rest
    a tab away."""
    docks: dict[str, QDockWidget] = {}
    window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
    for name, title, _attribute, area in DOCKS:
        dock = QDockWidget(title, window)
        dock.setObjectName(name)
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


def fill_docks(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """Each dock frame gets its pane, the window's attribute named in ``DOCKS``."""
    for name, _title, attribute, _area in DOCKS:
        docks[name].setWidget(getattr(window, attribute))


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


GEOMETRY_MAGIC = 0x1D9D0CB  # how QWidget.saveGeometry's bytes begin


@dataclass(frozen=True)
class SavedGeometry:
    """What ``QWidget.saveGeometry`` (format 3, Qt 6) recorded: the frame (the window
    with its title bar and borders), the window itself, and whether it was maximized or
    full screen."""

    frame: QRect
    window: QRect
    maximized: bool
    full_screen: bool


def read_saved_geometry(geometry: QByteArray) -> SavedGeometry | None:
    """``geometry`` read (None when it is not ``saveGeometry``'s bytes, or an older
    format than Qt 6 writes, which does not record the window apart from its frame)."""
    stream = QDataStream(geometry, QIODevice.OpenModeFlag.ReadOnly)
    if stream.readUInt32() != GEOMETRY_MAGIC:
        return None
    major = stream.readUInt16()
    stream.readUInt16()  # minor version
    frame, normal, window = QRect(), QRect(), QRect()
    stream >> frame
    stream >> normal
    stream.readInt32()  # screen number
    maximized = bool(stream.readUInt8())
    full_screen = bool(stream.readUInt8())
    stream.readInt32()  # the screen's width
    stream >> window
    if major < 3 or stream.status() != QDataStream.Status.Ok or not frame.isValid():
        return None
    return SavedGeometry(frame, window, maximized, full_screen)


def saved_frame(geometry: QByteArray) -> QRect | None:
    """The window frame ``QWidget.saveGeometry`` recorded (None when it is not such bytes)."""
    saved = read_saved_geometry(geometry)
    return saved.frame if saved is not None else None


def restore_geometry(window: QMainWindow, geometry: QByteArray) -> None:
    """``window`` where ``geometry`` (its ``saveGeometry``) left it, before it is shown.

    ``restoreGeometry`` does the work (the screen, maximized or not), then two cases are
    put right. A window that fitted the screen is put back exactly: Qt takes a window as
    tall as the screen for one it must shrink, and moves it down by a title bar it
    assumes (a 1024×640 window came back 25 px lower and 26 px shorter, each run). A
    window saved on a larger screen is fitted to this one (``fit_to_screen``)."""
    window.restoreGeometry(geometry)
    saved = read_saved_geometry(geometry)
    if saved is None or saved.maximized or saved.full_screen:
        return
    on = QGuiApplication.screenAt(saved.frame.center()) or window.screen()  # of several
    screen = on.availableGeometry() if on is not None else None
    if screen is None or not screen.isValid():
        return
    if screen.contains(saved.frame):
        window.setGeometry(saved.window)
    else:
        fit_to_screen(window, geometry)


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
