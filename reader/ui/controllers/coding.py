"""Coding passages, each an undoable command: a tag on a passage (a new annotation, or
one more tag on the annotation already there), a new tag made and applied in one step,
a tag taken off, annotations removed; each says in the status bar what it did.

It also knows the annotation made or tagged last, the *current* one, so that the keys
that follow a tagging act on it (N writes its note, Del removes it) even where the pane
lost the selection, until the reader moves on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from reader.core.records import Annotation, Tag
from reader.core.text import quoted
from reader.ui.commands import annotations as commands
from reader.ui.commands.annotations import excerpt

if TYPE_CHECKING:
    from reader.ui.controllers.passages import Passage
    from reader.ui.session import DocumentSession


class Coding:
    """The coding commands of one window; ``tags()`` the codebook by id, ``say(text)``
    the status bar, ``after_push()`` what the last command did and how to undo it."""

    def __init__(
        self,
        session: DocumentSession,
        tags: Callable[[], dict[str, Tag]],
        say: Callable[[str], None],
        after_push: Callable[[], str],
    ) -> None:
        self._session = session
        self._tags = tags
        self._say = say
        self._after_push = after_push
        self._current: str | None = None

    def push(self, command: QUndoCommand) -> bool:
        """Do ``command`` (on the undo stack); whether it was done (a failed one has said
        why, and nothing should claim it was done)."""
        self._session.undo_stack.push(command)
        return not getattr(command, "failed", False)

    def set_current(self, annotation_id: str | None) -> None:
        self._current = annotation_id

    def apply_tag(self, tag_id: str, passage: Passage | None) -> bool:
        """Tag ``passage`` (a new annotation, or one more tag on the annotation already
        on exactly that passage)."""
        tag = self._tags().get(tag_id)
        doc, doc_id = self._session.document, self._session.document_id
        if tag is None or passage is None or doc_id is None or doc is None:
            if passage is None:
                self._say("Select a passage first (or press Shift+T to tag the whole comment)")
            return False
        quote = excerpt(self._session.document.text[passage.start : passage.end])
        text = f"Tag {quoted(quote)} with “{excerpt(tag.name)}”"
        existing = self._session.index.exactly(passage.start, passage.end)
        if existing:
            target = existing[0]
            if tag_id in target.tags:
                self._say(f"{quoted(quote)} already has the tag “{tag.name}”")
                return False
            done = self.push(commands.AddTagToAnnotation(
                self._session, target.id, tag_id, text=text
            ))  # fmt: skip
            self.set_current(target.id if done else None)
        else:
            command = commands.AddAnnotation(
                self._session, self._session.document_id, (passage.start, passage.end),
                [tag_id], text=text,
            )  # fmt: skip
            done = self.push(command)
            self.set_current(command.record.id if done and command.record is not None else None)
        if not done:
            return False  # the command said why in the status bar
        self._say(text.replace("Tag ", "Tagged ", 1) + " · N: a note on it, Del: remove it")
        return True

    def current_annotation(self) -> str | None:
        """The annotation made or tagged last, while the reader has not moved on (N writes
        its note and Del removes it even where the pane lost the selection)."""
        if self._current is not None and not self._session.has_annotation(self._current):
            self.set_current(None)
        return self._current

    def forget_current(self) -> None:
        """The reader moved on (another selection, comment or document, or Escape)."""
        self.set_current(None)

    def create_tag_and_apply(self, name: str, passage: Passage | None) -> None:
        """A new tag, and the passage tagged with it: one step to undo."""
        self._session.undo_stack.beginMacro(f"Tag with new tag “{excerpt(name)}”")
        try:
            command = commands.AddTag(self._session, name)
            self.push(command)
            if command.tag is not None and passage is not None:
                self.apply_tag(command.tag.id, passage)
        finally:
            self._session.undo_stack.endMacro()

    def delete_annotations(self, ids: Sequence[str]) -> None:
        """Remove these annotations (one step to undo), saying what went."""
        if not ids:
            return
        if len(ids) == 1 and (a := self._session.annotation(ids[0])) is not None:
            names = [self._tags()[t].name for t in a.tags if t in self._tags()]
            what = f" ({', '.join(excerpt(n) for n in names)})" if names else ""
            text = f"Remove annotation {quoted(excerpt(a.exact))}{what}"
        else:
            text = f"Remove {len(ids)} annotations"
        if self.push(commands.DeleteAnnotations(self._session, ids, text=text)):
            self._say(self._after_push())

    def add_tag_to(self, a: Annotation, tag_id: str) -> None:
        """One more tag on an annotation."""
        if tag_id in self._tags():
            self.push(commands.AddTagToAnnotation(
                self._session, a.id, tag_id,
                text=f"Tag {quoted(excerpt(a.exact))} with “{excerpt(self._tags()[tag_id].name)}”",
            ))  # fmt: skip

    def remove_tag(self, a: Annotation, tag_id: str) -> None:
        """Take a tag off; an annotation left with no tag and no note goes altogether."""
        name = excerpt(self._tags()[tag_id].name) if tag_id in self._tags() else "tag"
        text = f"Remove “{name}” from {quoted(excerpt(a.exact))}"
        if a.tags == (tag_id,) and not a.note:
            self.push(commands.DeleteAnnotations(self._session, [a.id], text=text))
        else:
            self.push(commands.RemoveTagFromAnnotation(
                self._session, a.id, tag_id, text=text
            ))  # fmt: skip

    def create_tag_and_add_to(self, name: str, annotation_id: str) -> None:
        """A new tag, and one more tag on an annotation: one step to undo."""
        self._session.undo_stack.beginMacro(f"Tag with new tag “{excerpt(name)}”")
        try:
            command = commands.AddTag(self._session, name)
            self.push(command)
            if command.tag is not None:
                self.push(commands.AddTagToAnnotation(
                    self._session, annotation_id, command.tag.id
                ))  # fmt: skip
        finally:
            self._session.undo_stack.endMacro()
