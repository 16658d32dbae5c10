"""The note editor beside the text: which annotation's note it shows, its heading (the
quote and the tags), kept current when the annotation changes or goes, and an edit
pushed as an undoable command."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from reader.core.records import Annotation, Tag
from reader.core.text import quoted
from reader.ui.commands import annotations as commands
from reader.ui.commands.annotations import excerpt

if TYPE_CHECKING:
    from reader.ui.panes.note_editor import NoteEditor
    from reader.ui.session import DocumentSession


class Notes(QObject):
    """Shows annotations' notes in ``editor``; ``request_pane("note")`` raises its dock,
    ``tags()`` gives the codebook by id (for the heading)."""

    def __init__(
        self,
        session: DocumentSession,
        editor: NoteEditor,
        tags: Callable[[], dict[str, Tag]],
        request_pane: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._editor = editor
        self._tags = tags
        self._request_pane = request_pane
        editor.note_edited.connect(self._on_editor_note_edited)

    def heading(self, a: Annotation) -> str:
        tags = self._tags()
        names = [tags[t].name for t in a.tags if t in tags]
        return f"{quoted(excerpt(a.exact, 70))} — {', '.join(names) if names else 'no tag'}"

    def edit(self, annotation_id: str) -> None:
        """Show an annotation's note in the editor, ready for typing."""
        a = self._session.annotation(annotation_id)
        if a is None:
            return
        self._editor.show_annotation(a.id, self.heading(a), a.note)
        self._request_pane("note")
        self._editor.start_editing()

    def show(self, a: Annotation) -> None:
        """Show an annotation's note, unless a note being typed is not saved yet."""
        if not self._editor.pending():
            self._editor.show_annotation(a.id, self.heading(a), a.note)

    def changed(self, a: Annotation) -> None:
        """An annotation changed (maybe elsewhere): the editor follows if it shows it."""
        if a.id == self._editor.annotation_id():
            self._editor.note_changed_elsewhere(a.id, a.note, self.heading(a))

    def removed(self, a: Annotation) -> None:
        if a.id == self._editor.annotation_id():
            self._editor.show_annotation(None)

    def clear(self) -> None:
        self._editor.show_annotation(None)

    @Slot(str, str)
    def _on_editor_note_edited(self, annotation_id: str, note: str) -> None:
        if not self._session.has_annotation(annotation_id):
            return
        self._session.undo_stack.push(commands.EditNote(self._session, annotation_id, note))
