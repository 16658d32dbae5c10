"""Helpers for the tagging tests: a project with a small codebook, selections made in
the panes, and a second look at the file through a fresh connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from reader.core.palette import themed
from reader.store.project import Project
from reader.store.records import Annotation

FLOOD = """Rivers rise 🌊 across the valley

The river rose two metres overnight 🌧️ and the bridge at Arden closed before dawn. \
Farmers moved their herds 🐄 to higher ground while volunteers filled sandbags.

Officials said the dams held 👍 but warned that more rain was coming from the west. \
Schools in the lower town will stay closed until Thursday.

3 Comments

  1. Anna
     This 💧 is what happens when nobody listens to the engineers.

  2. Ben
     The volunteers 🙏 deserve a medal for the sandbags.

  3. Cora
     Nobody listens to anyone 😤 any more, not even about floods.
"""

TAGS = ("Fear", "Blame", "Solidarity")

# The offscreen platform cannot raise a popup or let it grab the keyboard, and says so;
# nothing is wrong. (A test's own marker replaces the one conftest adds, so that one's
# pattern is repeated here.)
popup_noise = pytest.mark.qt_log_ignore(
    r"does not support propagateSizeHints",
    r"does not support raise\(\)",
    r"does not support grabbing the (keyboard|mouse)",
)


def flood_project(tmp_path: Path, open_project) -> Project:
    """A project holding one emoji-rich document and three tags (Blame under Fear)."""
    source = tmp_path / "flood.txt"
    source.write_text(FLOOD, encoding="utf-8")
    project = open_project(tmp_path / "flood.reader")
    project.import_files([source])
    fear = project.add_tag("Fear")
    project.add_tag("Blame", parent=fear.id)
    project.add_tag("Solidarity")
    return project


def tag_id(project: Project, name: str) -> str:
    return next(t.id for t in project.tags() if t.name == name)


def stored(path: Path, tmp_path: Path) -> list[Annotation]:
    """The annotations in the file, read through a connection of its own."""
    with Project.open(path, backup_dir=tmp_path / "other-backups") as other:
        return other.annotations()


def span_of(window, needle: str, after: int = 0) -> tuple[int, int]:
    doc = window.current_document()
    start = doc.text.index(needle, after)
    return start, start + len(needle)


def select_in_article(window, needle: str) -> tuple[int, int]:
    """Select ``needle`` in the article as a drag would, and give the article focus."""
    start, end = span_of(window, needle)
    ranges = window.article.text_map().qt_ranges(start, end)
    cursor = QTextCursor(window.article.document())
    cursor.setPosition(ranges[0][0])
    cursor.setPosition(ranges[-1][1], QTextCursor.MoveMode.KeepAnchor)
    window.article.setFocus(Qt.FocusReason.MouseFocusReason)
    window.article.setTextCursor(cursor)
    assert window.article.textCursor().selectedText() == needle
    return start, end


def select_in_comment(window, qtbot, needle: str) -> tuple[str, int, int]:
    """Make the comment holding ``needle`` current and select ``needle`` in it."""
    doc = window.current_document()
    start, end = span_of(window, needle)
    comment = doc.comment_at(start)
    assert comment is not None
    pane = window.comments
    assert pane.select_comment(comment.id)
    qtbot.waitUntil(lambda: pane.current_editor() is not None)
    editor = pane.current_editor()
    editor.setFocus(Qt.FocusReason.MouseFocusReason)
    editor.select_span(start, end)
    assert editor.textCursor().selectedText() == needle
    return comment.id, start, end


def fill_of(project: Project, name: str, *, dark: bool = False) -> str:
    colour = next(t.colour for t in project.tags() if t.name == name)
    return themed(colour, dark=dark)


def article_highlights(window) -> dict[str, str]:
    """Highlighted text in the article -> its background colour."""
    return {
        s.cursor.selectedText(): s.format.background().color().name()
        for s in window.article.extraSelections()
        if s.format.background().style() != Qt.BrushStyle.NoBrush
    }


def comment_background(window, comment_id: str, start: int) -> str | None:
    """The background painted at document offset ``start`` of a comment."""
    pane = window.comments
    comment = window.current_document().comment(comment_id)
    qdoc = pane.texts.laid_out(comment, 400)
    position = pane.texts.text_map(comment).to_qt(start)
    cursor = QTextCursor(qdoc)
    cursor.setPosition(position + 1)
    brush = cursor.charFormat().background()
    return brush.color().name() if brush.style() != Qt.BrushStyle.NoBrush else None


def open_context_menu(qtbot, widget, pos: QPoint) -> QMenu:
    """Ask ``widget`` (a viewport) for its context menu at ``pos``; the menu shown."""
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos), Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def click_menu_item(qtbot, menu: QMenu, text: str) -> None:
    """Click the item whose text starts with ``text`` (opening it if it is a submenu)."""
    action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))
    menu.setActiveAction(action)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def open_submenu(qtbot, menu: QMenu, text: str) -> QMenu:
    action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))
    sub = action.menu()
    assert sub is not None
    menu.setActiveAction(action)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(sub.isVisible)
    return sub
