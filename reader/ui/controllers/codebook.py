"""The codebook: adding, renaming, recolouring, describing, moving, merging and deleting
tags (each an undoable command), and narrowing the annotations list to a tag.

The codebook pane and its model emit what the user asked for; this controller turns it
into commands on the session's undo stack. Merging into and moving under another tag
ask for that tag in the tag chooser: what the choice is for travels with it (an intent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from reader.core.records import Tag
from reader.ui.commands import annotations as commands
from reader.ui.controllers.choosing import offer_tags
from reader.ui.panes.codebook import NEW_TAG_NAME
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.ui.dialogs.tag_chooser import TagChooser
    from reader.ui.models.annotation_list import AnnotationListModel
    from reader.ui.models.codebook import CodebookModel
    from reader.ui.panes.annotations import AnnotationsPane
    from reader.ui.panes.codebook import CodebookPane
    from reader.ui.session import DocumentSession


@dataclass(frozen=True, slots=True)
class MergeInto:
    """The chooser is open to pick the tag this one merges into."""

    tag_id: str


@dataclass(frozen=True, slots=True)
class MoveUnder:
    """The chooser is open to pick the tag this one moves under."""

    tag_id: str


class CodebookController(QObject):
    """Edits the codebook with undo, and narrows the annotations list to a tag.

    ``tags() -> dict[str, Tag]`` and ``fill(colour) -> str`` are the tags as the window
    has them and their colour in this theme. ``confirm(title, text, detail) -> bool``
    asks the user before a change that touches many annotations (a dialog; tests
    replace it).

    Signals:
        status_message(str): a line for the status bar.
    """

    status_message = Signal(str)

    def __init__(
        self,
        session: DocumentSession,
        *,
        window: QWidget,
        codebook: CodebookPane,
        codebook_model: CodebookModel,
        annotations: AnnotationsPane,
        annotation_model: AnnotationListModel,
        chooser: TagChooser,
        tags: Callable[[], dict[str, Tag]],
        fill: Callable[[str], str],
    ) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._codebook = codebook
        self._codebook_model = codebook_model
        self._annotations = annotations
        self._annotation_model = annotation_model
        self._chooser = chooser
        self._tags = tags
        self._fill = fill
        self.confirm: Callable[[str, str, str], bool] = self._ask
        self._connect_signals()

    def _connect_signals(self) -> None:
        cb = self._codebook
        cb.tag_selected.connect(self._on_codebook_pane_tag_selected)
        cb.create_requested.connect(self._on_codebook_pane_create_requested)
        cb.recolour_requested.connect(self._on_codebook_pane_recolour_requested)
        cb.describe_requested.connect(self._on_codebook_pane_describe_requested)
        cb.move_requested.connect(self._on_codebook_pane_move_requested)
        cb.move_under_requested.connect(self._on_codebook_pane_move_under_requested)
        cb.merge_requested.connect(self._on_codebook_pane_merge_requested)
        cb.delete_requested.connect(self._on_codebook_pane_delete_requested)
        self._codebook_model.rename_requested.connect(self._on_codebook_pane_rename_requested)
        self._codebook_model.move_requested.connect(self._on_codebook_pane_move_requested)
        self._annotations.filter_cleared.connect(self.clear_tag_filter)
        self._chooser.tag_chosen.connect(self._on_chooser_tag_chosen)

    def push(self, command) -> None:
        self._session.undo_stack.push(command)

    def _choose(self, intent: MergeInto | MoveUnder, title: str) -> None:
        exclude = {intent.tag_id}
        if isinstance(intent, MoveUnder):
            exclude |= set(self._codebook_model.descendants(intent.tag_id))
        offer_tags(
            self._chooser, self._codebook_model, self._fill, self._window,
            title=title, intent=intent, allow_create=False, exclude=exclude,
        )  # fmt: skip

    @Slot(str, object)
    def _on_chooser_tag_chosen(self, tag_id: str, intent: object) -> None:
        if isinstance(intent, MergeInto):
            self.merge_tags(intent.tag_id, tag_id)
        elif isinstance(intent, MoveUnder):
            siblings = sum(1 for t in self._tags().values() if t.parent == tag_id)
            self._move_tag(intent.tag_id, tag_id, siblings)

    def _ask(self, title: str, text: str, detail: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setInformativeText(detail)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    @Slot(str)
    def _on_codebook_pane_tag_selected(self, tag_id: str) -> None:
        if not tag_id:
            self._annotation_model.set_tag_filter(None)
            self._annotations.set_filter_text(None)
            return
        ids = [tag_id, *self._codebook_model.descendants(tag_id)]
        self._annotation_model.set_tag_filter(ids)
        self._annotations.set_filter_text(self._codebook_model.path(tag_id))

    @Slot(str, str)
    def _on_codebook_pane_create_requested(self, name: str, parent: str) -> None:
        command = commands.AddTag(self._session, name, parent=parent or None)
        self.push(command)
        if command.tag is not None:
            if name == NEW_TAG_NAME:
                self._codebook.edit_name(command.tag.id)
            else:
                self._codebook.select_tag(command.tag.id)

    @Slot(str, str)
    def _on_codebook_pane_rename_requested(self, tag_id: str, name: str) -> None:
        if tag_id in self._tags():
            self.push(commands.RenameTag(self._session, tag_id, name))

    @Slot(str, str)
    def _on_codebook_pane_recolour_requested(self, tag_id: str, colour: str) -> None:
        tag = self._tags().get(tag_id)
        if tag is not None and tag.colour != colour:
            self.push(commands.RecolourTag(self._session, tag_id, colour))

    @Slot(str)
    def _on_codebook_pane_describe_requested(self, tag_id: str) -> None:
        tag = self._tags().get(tag_id)
        if tag is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self._window, "Tag Description", f"What “{tag.name}” is for:", tag.description
        )
        if ok and text != tag.description:
            self.push(commands.DescribeTag(self._session, tag_id, text))

    @Slot(str, str, int)
    def _on_codebook_pane_move_requested(self, tag_id: str, parent: str, position: int) -> None:
        self._move_tag(tag_id, parent or None, position)

    def _move_tag(self, tag_id: str, parent: str | None, position: int) -> None:
        tag = self._tags().get(tag_id)
        if tag is None or (tag.parent, tag.position) == (parent, position):
            return
        self.push(commands.MoveTag(self._session, tag_id, parent, position))
        self._codebook.select_tag(tag_id)

    @Slot(str)
    def _on_codebook_pane_move_under_requested(self, tag_id: str) -> None:
        tag = self._tags().get(tag_id)
        if tag is not None:
            self._choose(MoveUnder(tag_id), f"Move “{tag.name}” under…")

    @Slot(str)
    def _on_codebook_pane_merge_requested(self, tag_id: str) -> None:
        tag = self._tags().get(tag_id)
        if tag is not None:
            self._choose(MergeInto(tag_id), f"Merge “{tag.name}” (its annotations) into…")

    def merge_tags(self, source_id: str, target_id: str) -> bool:
        source, target = self._tags().get(source_id), self._tags().get(target_id)
        if source is None or target is None or source_id == target_id:
            return False
        if target_id in self._codebook_model.descendants(source_id):
            self.status_message.emit(
                f"“{source.name}” cannot be merged into one of its own subtags"
            )
            return False
        self.push(commands.MergeTags(self._session, source_id, target_id))
        self._codebook.select_tag(target_id)
        self.status_message.emit(f"Merged “{source.name}” into “{target.name}”")
        return True

    @Slot(str)
    def _on_codebook_pane_delete_requested(self, tag_id: str) -> None:
        self.delete_tag(tag_id)

    def delete_tag(self, tag_id: str) -> bool:
        """Delete a tag (and its subtags) once the user agreed; undoable."""
        tag = self._tags().get(tag_id)
        if tag is None:
            return False
        ids = {tag_id, *self._codebook_model.descendants(tag_id)}
        touched = self._session.project.annotations_with_tag(tag_id, descendants=True)
        emptied = sum(1 for a in touched if not a.note and set(a.tags) <= ids)
        text = f"Delete the tag “{tag.name}”"
        if len(ids) > 1:
            text += f" and its {plural(len(ids) - 1, 'subtag')}"
        text += "?"
        detail = f"It is on {plural(len(touched), 'annotation')}."
        if emptied:
            detail += f" {plural(emptied, 'annotation')} with no other tag or note will be removed."
        detail += " You can undo this (Ctrl+Z)."
        if not self.confirm("Delete Tag", text, detail):
            return False
        self.push(commands.DeleteTag(self._session, tag_id))
        self.status_message.emit(f"Deleted the tag “{tag.name}”")
        return True

    @Slot()
    def clear_tag_filter(self) -> None:
        self._codebook.clear_selection()
        self._on_codebook_pane_tag_selected("")
