"""Every change the user makes to tags and annotations, as an undoable command.

Each command calls one ``Project`` method in ``redo`` and its inverse in ``undo`` (the
pairs listed in ``reader.core.records``), then emits on the session what
changed, so the panes refresh only that. Redo after undo brings back the same ids.

A command whose store call fails (another Reader deleted the annotation meanwhile, say)
marks itself obsolete, so the stack drops it, and reports the failure; the window then
reloads what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from reader.core.records import Annotation, DeletedTag, MergedTags, Tag
from reader.core.text import excerpt as text_excerpt
from reader.store.errors import ProjectError

if TYPE_CHECKING:
    from reader.ui.session import DocumentSession

EXCERPT = 32
NOTE_MERGE_ID = 4101
TAG_NAME_MERGE_ID = 4102


def excerpt(text: str, width: int = EXCERPT) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    return text_excerpt(text, width)


class ProjectCommand(QUndoCommand):
    """A change to the session's project; subclasses implement ``_do`` and ``_undo``
    (and emit on the session what they changed)."""

    def __init__(self, text: str, session: DocumentSession) -> None:
        super().__init__(text)
        self.session = session
        self.project = session.project
        self.failed = False  # read after a push: the stack deletes an obsolete command
        self._ever_done = False  # (a name of its own: subclasses keep state too)

    def redo(self) -> None:
        try:
            self._do()
        except (KeyError, ValueError, ProjectError) as error:
            self._fail("redo", error)
        else:
            self._ever_done = True

    def undo(self) -> None:
        try:
            self._undo()
        except (KeyError, ValueError, ProjectError) as error:
            self._fail("undo", error)

    def _fail(self, what: str, error: Exception) -> None:
        self.setObsolete(True)
        self.failed = True
        message = error.args[0] if isinstance(error, ProjectError) and error.args else error
        text = self.text()
        # The first time it is the user's own action ("Could not tag …"), not a redo.
        first = not self._ever_done and what == "redo"
        said = text[:1].lower() + text[1:] if first else f"{what} “{text}”"
        self.session.failed.emit(f"Could not {said}: {message}")
        self.session.reload_needed.emit()

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


# ---- annotations ------------------------------------------------------------------------


class AddAnnotation(ProjectCommand):
    """Annotate ``Document.text[start:end]`` of a document with tags and a note."""

    def __init__(
        self,
        session: DocumentSession,
        doc_id: int,
        span: tuple[int, int],
        tags: Sequence[str] = (),
        note: str = "",
        *,
        text: str = "Annotate",
    ) -> None:
        super().__init__(text, session)
        self.doc_id = doc_id
        self.span = span
        self.tags = tuple(tags)
        self.note = note
        self.record: Annotation | None = None

    def _do(self) -> None:
        if self.record is None:
            start, end = self.span
            self.record = self.project.add_annotation(self.doc_id, start, end, self.tags, self.note)
        else:
            self.project.restore_annotation(self.record)
        self.session.annotations_changed.emit([self.record])

    def _undo(self) -> None:
        assert self.record is not None
        removed = self.project.delete_annotation(self.record.id)
        self.record = removed  # keeps a note edited meanwhile for the next redo
        self.session.annotations_removed.emit([removed])


class DeleteAnnotations(ProjectCommand):
    """Delete one or more annotations (their tags and notes come back on undo)."""

    def __init__(self, session: DocumentSession, ids: Sequence[str], *, text: str = "") -> None:
        n = len(ids)
        super().__init__(
            text or ("Delete annotation" if n == 1 else f"Delete {n} annotations"),
            session,
        )
        self.ids = tuple(ids)
        self.records: list[Annotation] = []

    def _do(self) -> None:
        self.records = [self.project.delete_annotation(i) for i in self.ids]
        self.session.annotations_removed.emit(list(self.records))

    def _undo(self) -> None:
        for record in reversed(self.records):
            self.project.restore_annotation(record)
        self.session.annotations_changed.emit(list(self.records))


class AddTagToAnnotation(ProjectCommand):
    """Give an existing annotation one more tag (obsolete if it had it already)."""

    def __init__(
        self,
        session: DocumentSession,
        annotation_id: str,
        tag_id: str,
        *,
        text: str = "Add tag",
    ) -> None:
        super().__init__(text, session)
        self.annotation_id = annotation_id
        self.tag_id = tag_id

    def _do(self) -> None:
        if not self.project.add_tag_to_annotation(self.annotation_id, self.tag_id):
            self.setObsolete(True)
            return
        self.session.annotations_changed.emit([self.project.annotation(self.annotation_id)])

    def _undo(self) -> None:
        self.project.remove_tag_from_annotation(self.annotation_id, self.tag_id)
        self.session.annotations_changed.emit([self.project.annotation(self.annotation_id)])


class RemoveTagFromAnnotation(ProjectCommand):
    """Take one tag off an annotation; it goes back to the same place among its tags."""

    def __init__(
        self,
        session: DocumentSession,
        annotation_id: str,
        tag_id: str,
        *,
        text: str = "Remove tag",
    ) -> None:
        super().__init__(text, session)
        self.annotation_id = annotation_id
        self.tag_id = tag_id
        self.position: int | None = None

    def _do(self) -> None:
        self.position = self.project.remove_tag_from_annotation(self.annotation_id, self.tag_id)
        if self.position is None:
            self.setObsolete(True)
            return
        self.session.annotations_changed.emit([self.project.annotation(self.annotation_id)])

    def _undo(self) -> None:
        self.project.add_tag_to_annotation(self.annotation_id, self.tag_id, self.position)
        self.session.annotations_changed.emit([self.project.annotation(self.annotation_id)])


class EditNote(ProjectCommand):
    """Set an annotation's note. Consecutive edits of one note merge into one command,
    so typing is undone as a whole; an edit that ends where it began disappears."""

    def __init__(self, session: DocumentSession, annotation_id: str, note: str) -> None:
        super().__init__("Edit note", session)
        self.annotation_id = annotation_id
        self.note = note
        self.previous: str | None = None

    def id(self) -> int:
        return NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNote) or other.annotation_id != self.annotation_id:
            return False
        self.note = other.note
        if self.note == self.previous:
            self.setObsolete(True)
        return True

    def _do(self) -> None:
        previous = self.project.set_note(self.annotation_id, self.note)
        if self.previous is None:
            self.previous = previous
            if previous == self.note:
                self.setObsolete(True)
                return
        self.session.annotations_changed.emit([self.project.annotation(self.annotation_id)])

    def _undo(self) -> None:
        assert self.previous is not None
        self.project.set_note(self.annotation_id, self.previous)
        self.session.annotations_changed.emit([self.project.annotation(self.annotation_id)])


# ---- the codebook ---------------------------------------------------------------------


class AddTag(ProjectCommand):
    """Create a tag. A rename of the new tag pushed right after it merges into it, so
    "New tag, then type its name" is one step to undo."""

    def __init__(
        self,
        session: DocumentSession,
        name: str,
        *,
        parent: str | None = None,
        colour: str | None = None,
        position: int | None = None,
    ) -> None:
        super().__init__(f"New tag “{excerpt(name)}”", session)
        self.name = name
        self.parent = parent
        self.colour = colour
        self.position = position
        self.tag: Tag | None = None

    def id(self) -> int:
        return TAG_NAME_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, RenameTag) or self.tag is None or other.tag_id != self.tag.id:
            return False
        self.tag = self.session.project.tag(self.tag.id)
        self.setText(f"New tag “{excerpt(self.tag.name)}”")
        return True

    def _do(self) -> None:
        if self.tag is None:
            self.tag = self.project.add_tag(
                self.name, colour=self.colour, parent=self.parent, position=self.position
            )
        else:
            t = self.tag
            self.tag = self.project.add_tag(
                t.name,
                colour=t.colour,
                parent=t.parent,
                description=t.description,
                position=t.position,
                tag_id=t.id,
            )
        self.session.codebook_changed.emit()

    def _undo(self) -> None:
        assert self.tag is not None
        self.tag = self.session.project.tag(self.tag.id)  # as it is now (renamed, recoloured)
        record = self.project.delete_tag(self.tag.id)
        if record.links or record.annotations:  # cannot happen with a stack in order
            self.session.reload_needed.emit()
        self.session.codebook_changed.emit()


class RenameTag(ProjectCommand):
    def __init__(self, session: DocumentSession, tag_id: str, name: str) -> None:
        old = session.project.tag(tag_id).name
        super().__init__(f"Rename “{excerpt(old)}” to “{excerpt(name)}”", session)
        self.tag_id = tag_id
        self.name = name
        self.previous = old

    def id(self) -> int:
        return TAG_NAME_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, RenameTag) or other.tag_id != self.tag_id:
            return False
        self.name = other.name
        self.setText(f"Rename “{excerpt(self.previous)}” to “{excerpt(self.name)}”")
        if self.name == self.previous:
            self.setObsolete(True)
        return True

    def _do(self) -> None:
        self.previous = self.project.rename_tag(self.tag_id, self.name)
        self.session.codebook_changed.emit()

    def _undo(self) -> None:
        self.project.rename_tag(self.tag_id, self.previous)
        self.session.codebook_changed.emit()


class _SetTagField(ProjectCommand):
    """Set one field of a tag through a store setter that returns the value it replaced;
    undo sets that value back."""

    verb = ""
    setter = ""

    def __init__(self, session: DocumentSession, tag_id: str, value: str) -> None:
        super().__init__(f"{self.verb} “{excerpt(session.project.tag(tag_id).name)}”", session)
        self.tag_id = tag_id
        self.value = value
        self.previous: str | None = None

    def _set(self, value: str) -> str:
        return getattr(self.project, self.setter)(self.tag_id, value)

    def _do(self) -> None:
        self.previous = self._set(self.value)
        self.session.codebook_changed.emit()

    def _undo(self) -> None:
        assert self.previous is not None
        self._set(self.previous)
        self.session.codebook_changed.emit()


class RecolourTag(_SetTagField):
    verb, setter = "Recolour", "recolour_tag"


class DescribeTag(_SetTagField):
    verb, setter = "Describe", "set_tag_description"


class MoveTag(ProjectCommand):
    """Put a tag under ``parent`` (None: top level) at ``position`` among its siblings
    (counted without the tag itself)."""

    def __init__(
        self,
        session: DocumentSession,
        tag_id: str,
        parent: str | None,
        position: int,
    ) -> None:
        super().__init__(f"Move “{excerpt(session.project.tag(tag_id).name)}”", session)
        self.tag_id = tag_id
        self.parent = parent
        self.position = position
        self.previous: tuple[str | None, int] | None = None

    def _do(self) -> None:
        self.previous = self.project.move_tag(self.tag_id, self.parent, self.position)
        if self.previous == (self.parent, self.position):
            self.setObsolete(True)
        self.session.codebook_changed.emit()

    def _undo(self) -> None:
        assert self.previous is not None
        self.project.move_tag(self.tag_id, *self.previous)
        self.session.codebook_changed.emit()


class DeleteTag(ProjectCommand):
    """Delete a tag with its subtags; annotations left with no tag and no note go too."""

    def __init__(self, session: DocumentSession, tag_id: str) -> None:
        super().__init__(f"Delete tag “{excerpt(session.project.tag(tag_id).name)}”", session)
        self.tag_id = tag_id
        self.record: DeletedTag | None = None

    def _do(self) -> None:
        self.record = self.project.delete_tag(self.tag_id)
        self.session.reload_needed.emit()

    def _undo(self) -> None:
        assert self.record is not None
        self.project.restore_tag(self.record)
        self.session.reload_needed.emit()


class MergeTags(ProjectCommand):
    """Move every annotation (and subtag) of ``source`` to ``target`` and delete source."""

    def __init__(self, session: DocumentSession, source_id: str, target_id: str) -> None:
        source, target = session.project.tag(source_id), session.project.tag(target_id)
        super().__init__(f"Merge “{excerpt(source.name)}” into “{excerpt(target.name)}”", session)
        self.source_id = source_id
        self.target_id = target_id
        self.record: MergedTags | None = None

    def _do(self) -> None:
        self.record = self.project.merge_tags(self.source_id, self.target_id)
        self.session.reload_needed.emit()

    def _undo(self) -> None:
        assert self.record is not None
        self.project.unmerge_tags(self.record)
        self.session.reload_needed.emit()
