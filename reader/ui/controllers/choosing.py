"""Opening the tag chooser near where the user is working, listing the codebook, and
the intents the tagging controller sends with it (what the choice will be for)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QTextEdit, QWidget

from reader.ui.controllers.passages import Passage

if TYPE_CHECKING:
    from reader.ui.dialogs.tag_chooser import TagChooser
    from reader.ui.models.codebook import CodebookModel


@dataclass(frozen=True, slots=True)
class ApplyTag:
    """The chooser is open to tag this passage."""

    passage: Passage


@dataclass(frozen=True, slots=True)
class AddTagTo:
    """The chooser is open to add a tag to this annotation."""

    annotation_id: str


def popup_point(window: QWidget) -> QPoint:
    """Below the text cursor of the focused text, else the mouse, else the window's middle."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QTextEdit):
        rect = focus.cursorRect()
        if focus.viewport().rect().intersects(rect):
            return focus.viewport().mapToGlobal(rect.bottomLeft())
    inside = window.mapFromGlobal(QCursor.pos())
    if window.rect().contains(inside):
        return QCursor.pos()
    return window.mapToGlobal(window.rect().center() - QPoint(160, 150))


def offer_tags(
    chooser: TagChooser,
    model: CodebookModel,
    fill: Callable[[str], str],
    window: QWidget,
    *,
    title: str,
    intent: object,
    allow_create: bool = True,
    exclude: Collection[str] = (),
) -> None:
    """Open the chooser on the codebook's tags (in its order, with their paths and
    colours); the choice comes back with ``intent``."""
    tags = [(t, model.path(t.id), fill(t.colour)) for t in model.tags()]
    chooser.choose(
        tags,
        title=title,
        at=popup_point(window),
        allow_create=allow_create,
        exclude=exclude,
        intent=intent,
    )
