"""Tagging and annotating: the intents of the panes become undoable commands, and the
highlights, the codebook, the annotations list and the note editor follow each change.

The window builds the panes and hands them in; this object owns the undo stack, the
tag chooser and the actions of the Edit and Annotate menus, and routes every
annotation intent in ``_connect_signals`` (the panes never talk to each other). The
commands themselves are made by :class:`~reader.ui.controllers.coding.Coding` (which
also knows the annotation made last, for N and Del), and the views follow each change in
:class:`~reader.ui.controllers.annotation_views.AnnotationViews`: one more annotation
among thousands costs a few small repaints, not a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QMenuBar,
    QWidget,
)

from reader.core.annotation_index import AnnotationIndex
from reader.core.records import Annotation, Tag
from reader.core.text import quoted
from reader.ui.actions import build_actions, build_menu, insert_menu
from reader.ui.commands import annotations as commands
from reader.ui.commands.annotations import excerpt
from reader.ui.controllers.annotation_list import AnnotationList
from reader.ui.controllers.annotation_views import AnnotationViews
from reader.ui.controllers.choosing import AddTagTo, ApplyTag, offer_tags
from reader.ui.controllers.coding import Coding
from reader.ui.controllers.notes import Notes
from reader.ui.controllers.passages import Passage, Passages
from reader.ui.controllers.tag_menus import TagMenus
from reader.ui.controllers.undo_actions import UndoActions
from reader.ui.dialogs.tag_chooser import TagChooser
from reader.ui.event_watch import EventWatch
from reader.ui.models.annotation_list import AnnotationListModel
from reader.ui.models.codebook import QUICK_KEYS, CodebookModel
from reader.ui.painting.annotation_painter import AnnotationPainter
from reader.ui.window_menus import ANNOTATE_MENU, EDIT_MENU, TAGGING_ACTIONS

if TYPE_CHECKING:
    from reader.ui.panes.annotations import AnnotationsPane
    from reader.ui.panes.article.pane import ArticlePane
    from reader.ui.panes.codebook import CodebookPane
    from reader.ui.panes.comments.pane import CommentPane
    from reader.ui.panes.note_editor import NoteEditor
    from reader.ui.session import DocumentSession, Project


class Annotator(QObject):
    """Tags and notes on passages, with undo, for one window.

    Signals:
        document_requested(int): show this document (an annotation in it was chosen).
        pane_requested(str): show and raise this pane ("codebook", "annotations", "note").
        status_message(str): a line for the status bar.
    """

    document_requested = Signal(int)
    pane_requested = Signal(str)
    status_message = Signal(str)

    ACTIONS = TAGGING_ACTIONS
    EDIT_MENU = EDIT_MENU
    ANNOTATE_MENU = ANNOTATE_MENU

    def __init__(
        self,
        session: DocumentSession,
        *,
        window: QWidget,
        article: ArticlePane,
        comments: CommentPane,
        codebook: CodebookPane,
        codebook_model: CodebookModel,
        annotations: AnnotationsPane,
        annotation_model: AnnotationListModel,
        note_editor: NoteEditor,
        passages: Passages,
        chooser: TagChooser,
        comment_label: Callable[[str], str] = str,
    ) -> None:
        super().__init__(window)
        self._comment_label = comment_label
        self._session = session
        self._window = window
        self._article = article
        self._comments = comments
        self._codebook = codebook
        self._codebook_model = codebook_model
        self._annotations = annotations
        self._annotation_model = annotation_model
        self.notes = Notes(session, note_editor, self.tags, self.pane_requested.emit, self)
        self._passages = passages
        self.chooser = chooser
        self.painter = AnnotationPainter(session, article, comments, self)
        self.listed = AnnotationList(session, annotations, annotation_model, comment_label)
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self.coding = Coding(session, self.tags, self.status_message.emit, self.undo.after_push)
        self.views = AnnotationViews(
            session, self.painter, self.listed, self.notes, codebook_model, annotation_model,
            [self.actions[f"quick_tag_{n}"] for n in range(1, QUICK_KEYS + 1)], self,
        )  # fmt: skip
        self.menus = TagMenus(self, session, passages, codebook_model, article, comments)
        self._connect_signals()
        EventWatch(article, {QEvent.Type.PaletteChange: self._on_article_palette_changed}, self)
        comments.set_annotation_hooks(self.painter.comment_tooltip, self._on_comment_activated)
        self.reload_codebook()

    # ---- building

    def _build_actions(self) -> None:
        self.undo = UndoActions(self._session.undo_stack, self._window, self.status_message.emit)
        self.actions.update(undo=self.undo.undo, redo=self.undo.redo)
        self.actions.update(build_actions(self.ACTIONS, self._window))
        for name in ("delete_annotation", "return_to_reading"):  # only in the text
            self._article.addAction(self.actions[name])
            self._comments.addAction(self.actions[name])
        for n in range(1, QUICK_KEYS + 1):
            self.actions[f"quick_tag_{n}"].setData(n)

    def fill_menu_bar(self, bar: QMenuBar, before: str | None = None) -> list[QMenu]:
        """Add the Edit and Annotate menus (before the menu named ``before``)."""
        quick = build_menu(
            "&Quick Tags", "quick_tags_menu",
            [f"quick_tag_{n}" for n in range(1, QUICK_KEYS + 1)], self.actions, bar,
        )  # fmt: skip
        edit = build_menu("&Edit", "edit_menu", self.EDIT_MENU, self.actions, bar)
        annotate = build_menu(
            "&Annotate", "annotate_menu", self.ANNOTATE_MENU, self.actions, bar, {"quick": quick}
        )
        for menu in (edit, annotate):
            insert_menu(bar, menu, before)
        return [edit, annotate]

    def _connect_signals(self) -> None:
        a = self.actions
        a["tag_selection"].triggered.connect(self._on_tag_selection_triggered)
        a["tag_unit"].triggered.connect(self._on_tag_unit_triggered)
        for n in range(1, QUICK_KEYS + 1):
            a[f"quick_tag_{n}"].triggered.connect(self._on_quick_tag_triggered)
        a["edit_note"].triggered.connect(self._on_edit_note_triggered)
        a["delete_annotation"].triggered.connect(self._on_delete_annotation_triggered)
        a["return_to_reading"].triggered.connect(self._on_return_to_reading_triggered)
        a["snap_words"].toggled.connect(self._on_snap_words_toggled)
        self._passages.moved_on.connect(self.forget_current)
        a["new_tag"].triggered.connect(self._on_new_tag_triggered)
        a["focus_codebook"].triggered.connect(self._on_focus_codebook_triggered)
        a["focus_annotations"].triggered.connect(self._on_focus_annotations_triggered)

        se = self._session
        se.project_changed.connect(self._on_session_project_changed)
        se.document_changed.connect(self._on_session_document_changed)
        se.document_restructured.connect(self._on_session_document_restructured)
        se.codebook_changed.connect(self._on_session_codebook_changed)
        se.reload_needed.connect(self._on_session_reload_needed)

        hl = self.painter.highlighter
        hl.annotation_double_clicked.connect(self._on_highlight_double_clicked)

        self.chooser.tag_chosen.connect(self._on_chooser_tag_chosen)
        self.chooser.tag_create_requested.connect(self._on_chooser_tag_create_requested)
        self._codebook.tag_apply_requested.connect(self._on_codebook_tag_apply_requested)

        an = self._annotations
        an.annotation_activated.connect(self._on_annotations_annotation_activated)
        an.delete_requested.connect(self._on_annotations_delete_requested)
        an.note_requested.connect(self._on_annotations_note_requested)
        an.scope_changed.connect(self._on_annotations_scope_changed)

    # ---- the project and the document shown (the session's)

    def shows(self, a: Annotation) -> bool:
        """Whether the coder filter lets ``a`` be shown (the session's)."""
        return self._session.shows(a)

    def set_shown_coders(self, coders: frozenset[str] | None) -> None:
        """Show only these coders' annotations (None: everyone's), and paint again."""
        self._session.shown_coders = coders
        self.reload()

    @property
    def shown_coders(self) -> frozenset[str] | None:
        return self._session.shown_coders

    def tags(self) -> dict[str, Tag]:
        """The codebook's tags by id, as last read."""
        return self.views.tags

    @property
    def _tags(self) -> dict[str, Tag]:
        return self.views.tags

    def reload_codebook(self) -> None:
        """Read the codebook again: counts, colours, quick-tag keys, paint."""
        self.views.reload_codebook()

    @property
    def codebook_filter(self) -> Callable[[], None]:
        """Clears the annotations list's tag filter (when the tag shown is gone)."""
        return self.views.codebook_filter

    @codebook_filter.setter
    def codebook_filter(self, clear: Callable[[], None]) -> None:
        self.views.codebook_filter = clear

    @property
    def _project(self) -> Project:
        return self._session.project

    @property
    def index(self) -> AnnotationIndex:
        """The open document's annotations (the session's index)."""
        return self._session.index

    @Slot()
    def _on_session_project_changed(self) -> None:
        """Another project is open: its codebook, nothing to undo."""
        self.notes.clear()
        self.reload_codebook()
        self.painter.show_document()

    @Slot(object)
    def _on_session_document_changed(self, _doc_id: int | None) -> None:
        """The window now shows this document: paint its annotations."""
        self.show_document()

    @Slot(object)
    def _on_session_document_restructured(self, _doc_id: int) -> None:
        """The open document's comments moved: the highlights stay (no annotation
        changed comment); the list names the comments' new places."""
        self.listed.relabel()

    def show_document(self) -> None:
        """Paint the open document's annotations and list them."""
        self.painter.show_document()
        self.listed.show_document()

    def reload(self) -> None:
        """Everything may have changed (an import re-anchored annotations): read again."""
        self._session.reload_annotations()
        self.reload_codebook()
        self.show_document()
        if self._annotations.whole_project():
            self.listed.fill()

    # ---- doing things (each an undoable command)

    def push(self, command: QUndoCommand) -> None:
        self._session.undo_stack.push(command)

    def apply_tag(self, tag_id: str, passage: Passage | None) -> bool:
        return self.coding.apply_tag(tag_id, passage)

    def create_tag_and_apply(self, name: str, passage: Passage | None) -> None:
        self.coding.create_tag_and_apply(name, passage)

    def delete_annotations(self, ids: Sequence[str]) -> None:
        self.coding.delete_annotations(ids)

    def add_tag_to(self, a: Annotation, tag_id: str) -> None:
        self.coding.add_tag_to(a, tag_id)

    def remove_tag(self, a: Annotation, tag_id: str) -> None:
        self.coding.remove_tag(a, tag_id)

    def current_annotation(self) -> str | None:
        return self.coding.current_annotation()

    def forget_current(self) -> None:
        self.coding.forget_current()

    def edit_note(self, annotation_id: str) -> None:
        """Show an annotation's note in the note editor, ready for typing."""
        self.notes.edit(annotation_id)

    def _annotation(self, annotation_id: str) -> Annotation | None:
        return self._session.annotation(annotation_id)

    def show_annotation(self, annotation_id: str) -> bool:
        """Scroll to an annotation's passage and flash it (opening its document)."""
        a = self._annotation(annotation_id)
        if a is None:
            return False
        if a.document_id != self._session.document_id:
            self.document_requested.emit(a.document_id)
            if a.document_id != self._session.document_id:
                return False
        self.notes.show(a)
        if a.orphan:
            self.status_message.emit(
                "This passage was not found when its document last changed; "
                "its quote is kept in the list"
            )
            return False
        if a.comment_id is not None:
            return self._comments.reveal(a.comment_id, a.start, a.end)
        return self._article.reveal(a.start, a.end)

    def choose_tag(self, intent: ApplyTag | AddTagTo, title: str) -> None:
        """Open the tag chooser near the text cursor; the choice comes back with ``intent``."""
        offer_tags(
            self.chooser, self._codebook_model, self.painter.fill, self._window,
            title=title, intent=intent,
        )  # fmt: skip

    # ---- context menus in the text

    def quote(self, passage: Passage) -> str:
        doc = self._session.document
        return doc.text[passage.start : passage.end] if doc else ""

    # ---- slots: actions

    @Slot()
    def _on_tag_selection_triggered(self) -> None:
        passage = self._passages.selected(to_code=True)
        if passage is None:
            self.status_message.emit("Select a passage to tag first")
            return
        self.choose_tag(ApplyTag(passage), f"Tag {quoted(excerpt(self.quote(passage), 40))} with…")

    @Slot()
    def _on_tag_unit_triggered(self) -> None:
        passage = self._passages.unit()
        if passage is None:
            self.status_message.emit("Put the cursor in a comment or paragraph first")
            return
        self.choose_tag(ApplyTag(passage), f"Tag the whole {passage.what} with…")

    @Slot()
    def _on_quick_tag_triggered(self) -> None:
        action = self.sender()
        n = action.data() if isinstance(action, QAction) else None
        tags = self._codebook_model.tags()
        if not isinstance(n, int) or n > len(tags):
            return
        passage = self._passages.selected(to_code=True)
        if passage is None and self._passages.focused() == "comments":
            # Reading the thread with nothing selected: one key codes the whole comment.
            passage = self._passages.unit("comments")
        self.apply_tag(tags[n - 1].id, passage)

    @Slot()
    def _on_edit_note_triggered(self) -> None:
        if self._annotations.isAncestorOf(QApplication.focusWidget()):
            current = self._annotations.current_id()
            if current:
                self.edit_note(current)
                return
        found = self._passages.annotations_at_cursor()
        if found:
            self.edit_note(found[0].id)
            return
        current = self.current_annotation()
        if current is not None:
            self.edit_note(current)
            return
        passage = self._passages.selected(to_code=True)
        if passage is None or self._session.document_id is None:
            self.status_message.emit("Select a passage or an annotation to write a note on")
            return
        command = commands.AddAnnotation(
            self._session, self._session.document_id, (passage.start, passage.end),
            text=f"Annotate {quoted(excerpt(self.quote(passage)))}",
        )  # fmt: skip
        self.push(command)
        if command.record is not None:
            self.coding.set_current(command.record.id)
            self.edit_note(command.record.id)

    @Slot()
    def _on_delete_annotation_triggered(self) -> None:
        found = [a.id for a in self._passages.annotations_at_cursor()]
        current = self.current_annotation()
        if not found and current is None:
            self.status_message.emit("There is no annotation at the cursor")
            return
        self.delete_annotations([found[0] if found else current])

    @Slot(bool)
    def _on_snap_words_toggled(self, on: bool) -> None:
        """Mouse selections take whole words (or the exact characters) in both panes."""
        self._article.snapping.enabled = on
        self._comments.delegate.snap_words = on
        editor = self._comments.current_editor()
        if editor is not None:
            editor.snapping.enabled = on

    @Slot()
    def _on_return_to_reading_triggered(self) -> None:
        """Escape: no annotation current, nothing selected; the focus stays."""
        self.forget_current()
        self._passages.clear_selection()

    @Slot()
    def _on_new_tag_triggered(self) -> None:
        self.pane_requested.emit("codebook")
        self._codebook.focus_find()

    @Slot()
    def _on_focus_codebook_triggered(self) -> None:
        self.pane_requested.emit("codebook")
        self._codebook.focus_list()

    @Slot()
    def _on_focus_annotations_triggered(self) -> None:
        self.pane_requested.emit("annotations")
        self._annotations.focus_list()

    # ---- slots: the session

    @Slot()
    def _on_session_codebook_changed(self) -> None:
        self.reload_codebook()

    @Slot()
    def _on_session_reload_needed(self) -> None:
        self.reload()

    # ---- slots: the text panes

    def _on_comment_activated(self, comment_id: str, offset: int) -> bool:
        """A double-click on a comment's text: on a passage, open its note."""
        found = self.painter.in_comment_at(comment_id, offset)
        if found:
            self.edit_note(found[0].id)
        return bool(found)

    @Slot(str)
    def _on_highlight_double_clicked(self, annotation_id: str) -> None:
        self.edit_note(annotation_id)

    # ---- slots: the chooser

    @Slot(str, object)
    def _on_chooser_tag_chosen(self, tag_id: str, intent: object) -> None:
        if isinstance(intent, ApplyTag):
            self.apply_tag(tag_id, intent.passage)
        elif isinstance(intent, AddTagTo):
            a = self._annotation(intent.annotation_id)
            if a is not None:
                self.add_tag_to(a, tag_id)

    @Slot(str, object)
    def _on_chooser_tag_create_requested(self, name: str, intent: object) -> None:
        if isinstance(intent, ApplyTag):
            self.create_tag_and_apply(name, intent.passage)
        elif isinstance(intent, AddTagTo):
            self.coding.create_tag_and_add_to(name, intent.annotation_id)

    @Slot(str)
    def _on_codebook_tag_apply_requested(self, tag_id: str) -> None:
        self.apply_tag(tag_id, self._passages.selected(to_code=True))

    # ---- slots: the annotations list and the note

    @Slot(str)
    def _on_annotations_annotation_activated(self, annotation_id: str) -> None:
        self.show_annotation(annotation_id)

    @Slot(list)
    def _on_annotations_delete_requested(self, ids: list) -> None:
        self.delete_annotations([str(i) for i in ids])

    @Slot(str)
    def _on_annotations_note_requested(self, annotation_id: str) -> None:
        self.edit_note(annotation_id)

    @Slot(bool)
    def _on_annotations_scope_changed(self, _whole: bool) -> None:
        self.listed.fill()

    # ---- the theme

    def _on_article_palette_changed(self, _event: QEvent) -> None:
        self.reload_codebook()
        self._codebook_model.refresh_colours()
