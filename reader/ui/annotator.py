"""Tagging and annotating: the intents of the panes become undoable commands, and the
highlights, the codebook, the annotations list and the note editor follow each change.

The window builds the panes and hands them in; this object owns the undo stack, the
tag chooser and the actions of the Edit and Annotate menus, and routes every
annotation intent in ``_connect_signals`` (the panes never talk to each other). It
keeps the current document's annotations in memory (:class:`AnnotationIndex`) and
updates them from what each command reports, so one more annotation among thousands
costs a few small repaints, not a reload.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCursor,
    QHelpEvent,
    QKeySequence,
    QMouseEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMenu,
    QMenuBar,
    QMessageBox,
    QTextEdit,
    QToolTip,
    QWidget,
)

from reader.core.model import Document
from reader.core.palette import themed
from reader.store.errors import ProjectError
from reader.store.records import Annotation, Tag
from reader.ui import undo_commands as commands
from reader.ui.action_spec import ActionSpec
from reader.ui.annotation_model import AnnotationListModel
from reader.ui.codebook_model import QUICK_KEYS, CodebookModel
from reader.ui.codebook_pane import NEW_TAG_NAME
from reader.ui.highlights import (
    LAYER,
    AnnotationIndex,
    ArticleHighlighter,
    CommentSpans,
    HighlightStyle,
    describe,
)
from reader.ui.margin_marks import CodingStripes, ScrollbarMarks
from reader.ui.tag_chooser import TagChooser
from reader.ui.undo_commands import ProjectChanges, excerpt
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.store.project import Project
    from reader.ui.annotations_pane import AnnotationsPane
    from reader.ui.article_pane import ArticlePane
    from reader.ui.codebook_pane import CodebookPane
    from reader.ui.comment_pane import CommentPane
    from reader.ui.note_editor import NoteEditor

MENU_ANNOTATIONS = 5
RECENT_INDEXES = 4  # documents whose annotations stay in memory (kept current) for reopening
Source = Literal["article", "comments"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of ``Document.text`` to tag; ``what`` names it for messages."""

    start: int
    end: int
    comment_id: str | None
    what: str


@dataclass(frozen=True, slots=True)
class _Choosing:
    """What the open tag chooser is for."""

    kind: Literal["apply", "add_to", "merge", "move_under"]
    passage: Passage | None = None
    subject: str | None = None  # an annotation id (add_to) or a tag id (merge, move)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start..end`` without white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Annotator(QObject):
    """Tags and notes on passages, with undo, for one window.

    ``confirm(title, text, detail) -> bool`` asks the user before a change that touches
    many annotations (a dialog; tests replace it).

    Signals:
        document_requested(int): show this document (an annotation in it was chosen).
        pane_requested(str): show and raise this pane ("codebook", "annotations", "note").
        status_message(str): a line for the status bar.
    """

    document_requested = Signal(int)
    pane_requested = Signal(str)
    status_message = Signal(str)

    ACTIONS = (
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
                    "Remove the annotation under the cursor"),
        ActionSpec("new_tag", "New T&ag…", ("Ctrl+Shift+N",), "Find or add a tag"),
        ActionSpec("focus_codebook", "Go to Code&book", ("Alt+4",)),
        ActionSpec("focus_annotations", "Go to Annota&tions", ("Alt+5",)),
    )  # fmt: skip

    def __init__(
        self,
        project: Project,
        *,
        window: QWidget,
        article: ArticlePane,
        comments: CommentPane,
        codebook: CodebookPane,
        codebook_model: CodebookModel,
        annotations: AnnotationsPane,
        annotation_model: AnnotationListModel,
        note_editor: NoteEditor,
        comment_label: Callable[[str], str] = str,
    ) -> None:
        super().__init__(window)
        self._comment_label = comment_label
        self._project = project
        self._window = window
        self._article = article
        self._comments = comments
        self._codebook = codebook
        self._codebook_model = codebook_model
        self._annotations = annotations
        self._annotation_model = annotation_model
        self._note = note_editor
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undo_stack")
        self.changes = ProjectChanges(self)
        self.chooser = TagChooser(window)
        self.index = AnnotationIndex()
        self._recent: OrderedDict[int, AnnotationIndex] = OrderedDict()
        # Whose annotations are shown (None: every coder's); set by the team controller.
        self.shown_coders: frozenset[str] | None = None
        self.highlighter = ArticleHighlighter(article, self.index, self)
        self.stripes = CodingStripes(article, self._stripe_source)
        self.scroll_marks = ScrollbarMarks(
            article.verticalScrollBar(),
            index=self.highlighter.index,
            style=self.highlighter.style,
            converter=lambda: article.text_map().to_qt,
            length=lambda: article.document().characterCount(),
        )
        self.confirm: Callable[[str, str, str], bool] = self._ask
        self._doc: Document | None = None
        self._doc_id: int | None = None
        self._tags: dict[str, Tag] = {}
        self._usage: dict[str, int] = {}  # annotations per tag, kept up to date
        self._style = HighlightStyle({}, article.palette())
        self._comment_spans = CommentSpans(self.index, self._style, {})
        self._comment_bounds: dict[str, tuple[int, int]] = {}
        self._labels: dict[str, str] = {}
        self._authors: dict[str, str | None] = {}
        self._titles: dict[int, str] = {}
        self._last_source: Source | None = None
        self._choosing: _Choosing | None = None
        self._menu_passage: Passage | None = None
        self._menu_unit: Passage | None = None
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self._connect_signals()
        article.installEventFilter(self)
        comments.view.viewport().installEventFilter(self)  # hovering painted comments
        self.reload_codebook()

    # ---- building

    def _build_actions(self) -> None:
        undo = self.undo_stack.createUndoAction(self._window, "&Undo")
        undo.setObjectName("undo")
        undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        redo = self.undo_stack.createRedoAction(self._window, "&Redo")
        redo.setObjectName("redo")
        keys = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
            if key not in keys:
                keys.append(key)
        redo.setShortcuts(keys)
        for action in (undo, redo):
            self._window.addAction(action)
            self.actions[action.objectName()] = action
        for spec in self.ACTIONS:
            action = QAction(spec.text, self._window)
            action.setObjectName(spec.name)
            action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
            if spec.tip:
                action.setStatusTip(spec.tip)
                action.setToolTip(spec.tip)
            if spec.name == "delete_annotation":
                # Delete means something else in lists and text fields: only in the text.
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self._article.addAction(action)
                self._comments.addAction(action)
            else:
                self._window.addAction(action)
            self.actions[spec.name] = action
        for n in range(1, QUICK_KEYS + 1):
            self.actions[f"quick_tag_{n}"].setData(n)

    def fill_menu_bar(self, bar: QMenuBar, before: QAction | None = None) -> list[QMenu]:
        """Add the Edit and Annotate menus (before the menu whose action is ``before``)."""
        a = self.actions
        edit = QMenu("&Edit", bar)
        edit.setObjectName("edit_menu")
        edit.addAction(a["undo"])
        edit.addAction(a["redo"])
        annotate = QMenu("&Annotate", bar)
        annotate.setObjectName("annotate_menu")
        annotate.addAction(a["tag_selection"])
        annotate.addAction(a["tag_unit"])
        quick = annotate.addMenu("&Quick Tags")
        quick.setObjectName("quick_tags_menu")
        for n in range(1, QUICK_KEYS + 1):
            quick.addAction(a[f"quick_tag_{n}"])
        annotate.addSeparator()
        annotate.addAction(a["edit_note"])
        annotate.addAction(a["delete_annotation"])
        annotate.addSeparator()
        annotate.addAction(a["new_tag"])
        annotate.addSeparator()
        annotate.addAction(a["focus_codebook"])
        annotate.addAction(a["focus_annotations"])
        for menu in (edit, annotate):
            if before is not None:
                bar.insertMenu(before, menu)
            else:
                bar.addMenu(menu)
        return [edit, annotate]

    def _connect_signals(self) -> None:
        a = self.actions
        a["tag_selection"].triggered.connect(self._on_tag_selection_triggered)
        a["tag_unit"].triggered.connect(self._on_tag_unit_triggered)
        for n in range(1, QUICK_KEYS + 1):
            a[f"quick_tag_{n}"].triggered.connect(self._on_quick_tag_triggered)
        a["edit_note"].triggered.connect(self._on_edit_note_triggered)
        a["delete_annotation"].triggered.connect(self._on_delete_annotation_triggered)
        a["new_tag"].triggered.connect(self._on_new_tag_triggered)
        a["focus_codebook"].triggered.connect(self._on_focus_codebook_triggered)
        a["focus_annotations"].triggered.connect(self._on_focus_annotations_triggered)

        self.changes.annotations_changed.connect(self._on_changes_annotations_changed)
        self.changes.annotations_removed.connect(self._on_changes_annotations_removed)
        self.changes.codebook_changed.connect(self._on_changes_codebook_changed)
        self.changes.reload_needed.connect(self._on_changes_reload_needed)
        self.changes.failed.connect(self.status_message)

        self._article.selection_changed.connect(self._on_article_selection_changed)
        self._article.context_menu_about_to_show.connect(self._on_article_context_menu)
        self._comments.selection_changed.connect(self._on_comments_selection_changed)
        self._comments.context_menu_about_to_show.connect(self._on_comments_context_menu)
        self._comments.comment_selected.connect(self._on_comments_comment_selected)
        self.highlighter.annotation_double_clicked.connect(self._on_highlight_double_clicked)

        self.chooser.tag_chosen.connect(self._on_chooser_tag_chosen)
        self.chooser.tag_create_requested.connect(self._on_chooser_tag_create_requested)
        self.chooser.dismissed.connect(self._on_chooser_dismissed)

        cb = self._codebook
        cb.tag_selected.connect(self._on_codebook_tag_selected)
        cb.tag_apply_requested.connect(self._on_codebook_tag_apply_requested)
        cb.create_requested.connect(self._on_codebook_create_requested)
        cb.recolour_requested.connect(self._on_codebook_recolour_requested)
        cb.describe_requested.connect(self._on_codebook_describe_requested)
        cb.move_requested.connect(self._on_codebook_move_requested)
        cb.move_under_requested.connect(self._on_codebook_move_under_requested)
        cb.merge_requested.connect(self._on_codebook_merge_requested)
        cb.delete_requested.connect(self._on_codebook_delete_requested)
        self._codebook_model.rename_requested.connect(self._on_codebook_rename_requested)
        self._codebook_model.move_requested.connect(self._on_codebook_move_requested)

        an = self._annotations
        an.annotation_activated.connect(self._on_annotations_annotation_activated)
        an.delete_requested.connect(self._on_annotations_delete_requested)
        an.note_requested.connect(self._on_annotations_note_requested)
        an.scope_changed.connect(self._on_annotations_scope_changed)
        an.filter_cleared.connect(self._on_annotations_filter_cleared)

        self._note.note_edited.connect(self._on_note_note_edited)

    # ---- the project and the document shown

    def project(self) -> Project:
        return self._project

    def shows(self, a: Annotation) -> bool:
        """Whether the coder filter lets ``a`` be shown (see ``team.py``)."""
        return self.shown_coders is None or a.coder in self.shown_coders

    def set_shown_coders(self, coders: frozenset[str] | None) -> None:
        """Show only these coders' annotations (None: everyone's), and paint again."""
        self.shown_coders = coders
        self.reload()

    def _shown_usage(self) -> dict[str, int]:
        """Annotations per tag, counting only the coders shown (so that coding blind
        does not show how often the others used a tag)."""
        if self.shown_coders is None:
            return self._project.tag_usage()
        usage: dict[str, int] = {}
        for a in self._project.annotations():
            if self.shows(a):
                for tag_id in a.tags:
                    usage[tag_id] = usage.get(tag_id, 0) + 1
        return usage

    def set_project(self, project: Project) -> None:
        """Another project is open: its codebook, nothing to undo."""
        self._note.show_annotation(None)
        self.undo_stack.clear()
        self._project = project
        self._doc, self._doc_id = None, None
        self._recent.clear()
        self._use_index(AnnotationIndex())
        self.reload_codebook()

    def show_document(self, doc_id: int | None, doc: Document | None) -> None:
        """The window now shows this document: paint its annotations."""
        self._doc_id, self._doc = doc_id, doc
        self._last_source = None
        self._comment_bounds = {c.id: (c.start, c.end) for c in doc.comments} if doc else {}
        self._labels = {c.id: self._comment_label(c.id) for c in doc.comments} if doc else {}
        self._authors = {c.id: c.author for c in doc.comments} if doc else {}
        index = self._recent.pop(doc_id, None) if doc_id is not None else None
        if index is None:
            found = self._project.annotations(doc_id) if doc_id is not None else []
            index = AnnotationIndex([a for a in found if self.shows(a)])
        if doc_id is not None:
            self._recent[doc_id] = index
            while len(self._recent) > RECENT_INDEXES:
                self._recent.popitem(last=False)
        self._use_index(index)
        self._paint_all()
        if not self._annotations.whole_project():
            self._fill_annotation_list()

    def _use_index(self, index: AnnotationIndex) -> None:
        self.index = index
        self.highlighter.set_index(index)
        self.scroll_marks.reset()

    def _stripe_source(self) -> tuple[list[Annotation], HighlightStyle | None]:
        return self.highlighter.shown(), self.highlighter.style()

    def reload(self) -> None:
        """Everything may have changed (an import re-anchored annotations): read again."""
        self._recent.clear()
        self.reload_codebook()
        if self._doc_id is not None:
            try:
                doc = self._project.load(self._doc_id)
            except (KeyError, ProjectError):
                doc = None
            self.show_document(self._doc_id if doc else None, doc)
        if self._annotations.whole_project():
            self._fill_annotation_list()

    def reload_codebook(self) -> None:
        tags = self._project.tags()
        self._tags = {t.id: t for t in tags}
        self._style = HighlightStyle(self._tags, self._article.palette())
        self._codebook_model.fill = self._fill
        self._usage = self._shown_usage()
        self._codebook_model.set_tags(tags, self._usage)
        self._annotation_model.tags = self._tags
        self._annotation_model.fill = self._fill
        self._annotation_model.where = self._where_listed
        self._annotation_model.refresh_tags()
        narrowed = self._annotation_model.tag_filter()
        if narrowed is not None and narrowed.isdisjoint(self._tags):
            self._on_annotations_filter_cleared()  # the tag shown is gone
        ordered = self._codebook_model.tags()
        for n in range(1, QUICK_KEYS + 1):
            action = self.actions[f"quick_tag_{n}"]
            tag = ordered[n - 1] if n <= len(ordered) else None
            action.setText(f"&{n} {tag.name}" if tag else f"Tag {n} (none yet)")
            action.setEnabled(tag is not None)
        self._paint_all()

    def _fill(self, colour: str) -> str:
        return themed(colour, dark=self._style.dark)

    # ---- painting

    def _paint_all(self) -> None:
        self.highlighter.set_style(self._style)
        self.scroll_marks.reset()
        self.stripes.update()
        self._comment_spans = CommentSpans(self.index, self._style, self._comment_bounds)
        self._comments.set_comment_highlights(LAYER, self._comment_spans)

    def _paint_changed(self, touched: Sequence[Annotation]) -> None:
        article = [a for a in touched if a.comment_id is None]
        if article:
            self.highlighter.changed(article)
            self.scroll_marks.changed(article)
            self.stripes.update()
        cids = {a.comment_id for a in touched if a.comment_id is not None}
        if not cids:
            return
        self._comment_spans.forget(cids)
        self._comments.set_comment_highlights(LAYER, self._comment_spans, cids)

    # ---- the annotations list

    def _where(self, a: Annotation, title: str | None = None) -> str:
        if a.comment_id is None:
            part = "Article"
        elif a.document_id == self._doc_id and a.comment_id in self._labels:
            part = f"Comment #{self._labels[a.comment_id]}"
            author = self._authors.get(a.comment_id)
            if author:
                part += f" · {author}"
        else:
            part = "Comment"
        return f"{title} · {part}" if title else part

    def _where_listed(self, a: Annotation) -> str:
        title = None
        if self._annotations.whole_project():
            title = self._titles.get(a.document_id, f"Document {a.document_id}")
        return self._where(a, title)

    def _fill_annotation_list(self) -> None:
        if self._annotations.whole_project():
            self._titles = {s.id: s.title or s.source_path for s in self._project.documents()}
            found = [a for a in self._project.annotations() if self.shows(a)]
        else:
            found = self.index.all()
        self._annotation_model.set_annotations(found, ordered=True)

    def _lists(self, a: Annotation) -> bool:
        return self._annotations.whole_project() or a.document_id == self._doc_id

    # ---- what to tag

    def _focused(self) -> Source | None:
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        for name, pane in (("article", self._article), ("comments", self._comments)):
            if focus is pane or pane.isAncestorOf(focus):
                return name  # type: ignore[return-value]
        return None

    def _sources(self) -> list[Source]:
        first = self._focused() or self._last_source or "article"
        return [first, "comments" if first == "article" else "article"]

    def _passage(self, start: int, end: int, comment_id: str | None, what: str) -> Passage | None:
        if self._doc is None:
            return None
        start, end = trimmed(self._doc.text, start, end)
        if not 0 <= start < end <= len(self._doc.text):
            return None
        return Passage(start, end, comment_id, what)

    def selected_passage(self, source: Source | None = None) -> Passage | None:
        """The passage selected in ``source`` (None: the pane with the focus, or the one
        last used)."""
        for each in [source] if source else self._sources():
            if each == "article":
                span = self._article.selected_span()
                if span is not None:
                    found = self._passage(*span, None, "selection")
                    if found:
                        return found
            else:
                editor = self._comments.current_editor()
                span = editor.selected_span() if editor else None
                if editor is not None and span is not None:
                    found = self._passage(*span, editor.comment.id, "selection")
                    if found:
                        return found
        return None

    def unit_passage(self, source: Source | None = None) -> Passage | None:
        """The whole comment (or article paragraph) under the cursor in ``source``."""
        doc = self._doc
        if doc is None:
            return None
        for each in [source] if source else self._sources():
            if each == "comments":
                cid = self._comments.current_comment()
                text_map = self._comments.comment_text_map(cid) if cid else None
                span = text_map.doc_span(0, 1 << 30) if text_map else None
                if cid and span:
                    label = self._labels.get(cid, "")
                    return self._passage(*span, cid, f"comment #{label}")
            else:
                cursor = self._article.textCursor()
                offset = self._article.text_map().to_doc(cursor.selectionStart())
                block = doc.block_at(offset) if offset is not None else None
                if block is not None:
                    b = doc.blocks[block]
                    return self._passage(b.start, b.end, None, "paragraph")
        return None

    def _cursor_annotations(self) -> list[Annotation]:
        """Annotations at the text cursor (exactly on the selection when there is one)."""
        passage = self.selected_passage()
        if passage is not None:
            exact = self.index.exactly(passage.start, passage.end)
            if exact:
                return exact
        for source in self._sources():
            if source == "article":
                cursor = self._article.textCursor()
                offset = self._article.text_map().to_doc(cursor.selectionStart())
            else:
                editor = self._comments.current_editor()
                if editor is None:
                    continue
                offset = editor.text_map.to_doc(editor.textCursor().selectionStart())
            if offset is not None:
                found = self.index.at(offset)
                if found:
                    return found
        return []

    # ---- doing things (each an undoable command)

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def apply_tag(self, tag_id: str, passage: Passage | None) -> bool:
        """Tag ``passage`` (a new annotation, or one more tag on the annotation already
        on exactly that passage)."""
        tag = self._tags.get(tag_id)
        if tag is None or passage is None or self._doc_id is None or self._doc is None:
            if passage is None:
                self.status_message.emit(
                    "Select a passage first (or press Shift+T to tag the whole comment)"
                )
            return False
        quote = excerpt(self._doc.text[passage.start : passage.end])
        text = f"Tag “{quote}” with “{excerpt(tag.name)}”"
        existing = self.index.exactly(passage.start, passage.end)
        if existing:
            target = existing[0]
            if tag_id in target.tags:
                self.status_message.emit(f"“{quote}” already has the tag “{tag.name}”")
                return False
            self.push(commands.AddTagToAnnotation(
                self._project, self.changes, target.id, tag_id, text=text
            ))  # fmt: skip
        else:
            self.push(commands.AddAnnotation(
                self._project, self.changes, self._doc_id, (passage.start, passage.end),
                [tag_id], text=text,
            ))  # fmt: skip
        self.status_message.emit(text.replace("Tag ", "Tagged ", 1))
        return True

    def create_tag_and_apply(self, name: str, passage: Passage | None) -> None:
        """A new tag, and the passage tagged with it: one step to undo."""
        self.undo_stack.beginMacro(f"Tag with new tag “{excerpt(name)}”")
        try:
            command = commands.AddTag(self._project, self.changes, name)
            self.push(command)
            if command.tag is not None and passage is not None:
                self.apply_tag(command.tag.id, passage)
        finally:
            self.undo_stack.endMacro()

    def delete_annotations(self, ids: Sequence[str]) -> None:
        if ids:
            self.push(commands.DeleteAnnotations(self._project, self.changes, ids))

    def edit_note(self, annotation_id: str) -> None:
        """Show an annotation's note in the note editor, ready for typing."""
        a = self._annotation(annotation_id)
        if a is None:
            return
        self._note.show_annotation(a.id, self._heading(a), a.note)
        self.pane_requested.emit("note")
        self._note.start_editing()

    def _annotation(self, annotation_id: str) -> Annotation | None:
        found = self.index.get(annotation_id)
        if found is not None:
            return found
        try:
            return self._project.annotation(annotation_id)
        except KeyError:
            return None

    def _heading(self, a: Annotation) -> str:
        names = [self._tags[t].name for t in a.tags if t in self._tags]
        return f"“{excerpt(a.exact, 70)}” — {', '.join(names) if names else 'no tag'}"

    def show_annotation(self, annotation_id: str) -> bool:
        """Scroll to an annotation's passage and flash it (opening its document)."""
        a = self._annotation(annotation_id)
        if a is None:
            return False
        if a.document_id != self._doc_id:
            self.document_requested.emit(a.document_id)
            if a.document_id != self._doc_id:
                return False
        if not self._note.pending():
            self._note.show_annotation(a.id, self._heading(a), a.note)
        if a.orphan:
            self.status_message.emit(
                "This passage was not found when its document last changed; "
                "its quote is kept in the list"
            )
            return False
        if a.comment_id is not None:
            return self._comments.reveal(a.comment_id, a.start, a.end)
        return self._article.reveal(a.start, a.end)

    def choose_tag(self, choosing: _Choosing, title: str) -> None:
        """Open the tag chooser near the text cursor."""
        self._choosing = choosing
        exclude: set[str] = set()
        allow_create = choosing.kind in ("apply", "add_to")
        if choosing.kind in ("merge", "move_under") and choosing.subject:
            exclude = {choosing.subject}
            if choosing.kind == "move_under":
                exclude |= set(self._codebook_model.descendants(choosing.subject))
        tags = [
            (t, self._codebook_model.path(t.id), self._fill(t.colour))
            for t in self._codebook_model.tags()
        ]
        self.chooser.choose(
            tags, title=title, at=self._popup_point(), allow_create=allow_create, exclude=exclude
        )

    def _popup_point(self) -> QPoint:
        focus = QApplication.focusWidget()
        if isinstance(focus, QTextEdit):
            rect = focus.cursorRect()
            if focus.viewport().rect().intersects(rect):
                return focus.viewport().mapToGlobal(rect.bottomLeft())
        window = self._window
        inside = window.mapFromGlobal(QCursor.pos())
        if window.rect().contains(inside):
            return QCursor.pos()
        return window.mapToGlobal(window.rect().center() - QPoint(160, 150))

    # ---- confirmation (a dialog; tests replace ``confirm``)

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

    # ---- context menus in the text

    def _fill_context_menu(
        self, menu: QMenu, source: Source, offset: int, passage: Passage | None
    ) -> None:
        self._menu_passage = passage
        self._menu_unit = unit = self.unit_passage(source)
        menu.addSeparator()
        if passage is not None:
            tag_menu = menu.addMenu(f"Tag “{excerpt(self._quote(passage), 24)}”")
            tag_menu.setObjectName("tag_selection_menu")
            self._fill_tag_menu(tag_menu, "apply")
        if unit is not None and unit != passage:
            unit_menu = menu.addMenu(f"Tag Whole {unit.what.split(' ')[0].capitalize()}")
            unit_menu.setObjectName("tag_unit_menu")
            unit_menu.setProperty("unit", True)
            self._fill_tag_menu(unit_menu, "apply_unit")
        found = self.index.at(offset) if offset >= 0 else []
        for a in found[:MENU_ANNOTATIONS]:
            names = ", ".join(self._tags[t].name for t in a.tags if t in self._tags)
            sub = menu.addMenu(f"“{excerpt(a.exact, 24)}” ({names or 'no tag'})")
            sub.setObjectName(f"annotation_menu_{a.id}")
            note = sub.addAction("Edit Note…" if a.note else "Add Note…")
            note.setData(("note", a.id, ""))
            add = sub.addMenu("Add Tag")
            for tag in self._codebook_model.tags():
                if tag.id not in a.tags:
                    action = add.addAction(self._codebook_model.path(tag.id))
                    action.setData(("add_tag", a.id, tag.id))
            more = add.addAction("Other Tag…")
            more.setData(("choose_add", a.id, ""))
            if a.tags:
                remove = sub.addMenu("Remove Tag")
                for tag_id in a.tags:
                    if tag_id in self._tags:
                        action = remove.addAction(self._codebook_model.path(tag_id))
                        action.setData(("remove_tag", a.id, tag_id))
            sub.addSeparator()
            delete = sub.addAction("Remove Annotation")
            delete.setData(("delete", a.id, ""))
            sub.triggered.connect(self._on_annotation_menu_triggered)

    def _quote(self, passage: Passage) -> str:
        return self._doc.text[passage.start : passage.end] if self._doc else ""

    def _fill_tag_menu(self, menu: QMenu, kind: str) -> None:
        model = self._codebook_model
        tags = model.tags()
        children: dict[str | None, list[Tag]] = {}
        for tag in tags:
            children.setdefault(tag.parent, []).append(tag)

        def add(into: QMenu, parent: str | None) -> None:
            for tag in children.get(parent, ()):
                if tag.id in children:
                    sub = into.addMenu(tag.name)
                    own = sub.addAction(tag.name)
                    self._decorate(own, tag, kind)
                    sub.addSeparator()
                    add(sub, tag.id)
                else:
                    self._decorate(into.addAction(tag.name), tag, kind)

        add(menu, None)
        if tags:
            menu.addSeparator()
        other = menu.addAction("Other Tag…" if tags else "New Tag…")
        other.setData((kind, ""))
        if kind == "apply":
            other.setShortcut(self.actions["tag_selection"].shortcut())
        menu.triggered.connect(self._on_tag_menu_triggered)

    def _decorate(self, action: QAction, tag: Tag, kind: str) -> None:
        action.setData((kind, tag.id))
        index = self._codebook_model.index_of(tag.id)
        action.setIcon(self._codebook_model.data(index, Qt.ItemDataRole.DecorationRole))
        key = self._codebook_model.quick_key(tag.id)
        if key and kind == "apply":
            action.setShortcut(QKeySequence(f"Ctrl+{key}"))

    # ---- slots: actions

    @Slot()
    def _on_tag_selection_triggered(self) -> None:
        passage = self.selected_passage()
        if passage is None:
            self.status_message.emit("Select a passage to tag first")
            return
        self.choose_tag(
            _Choosing("apply", passage), f"Tag “{excerpt(self._quote(passage), 40)}” with…"
        )

    @Slot()
    def _on_tag_unit_triggered(self) -> None:
        passage = self.unit_passage()
        if passage is None:
            self.status_message.emit("Put the cursor in a comment or paragraph first")
            return
        self.choose_tag(_Choosing("apply", passage), f"Tag the whole {passage.what} with…")

    @Slot()
    def _on_quick_tag_triggered(self) -> None:
        action = self.sender()
        n = action.data() if isinstance(action, QAction) else None
        tags = self._codebook_model.tags()
        if not isinstance(n, int) or n > len(tags):
            return
        passage = self.selected_passage()
        if passage is None and self._focused() == "comments":
            # Reading the thread with nothing selected: one key codes the whole comment.
            passage = self.unit_passage("comments")
        self.apply_tag(tags[n - 1].id, passage)

    @Slot()
    def _on_edit_note_triggered(self) -> None:
        if self._annotations.isAncestorOf(QApplication.focusWidget()):
            current = self._annotations.current_id()
            if current:
                self.edit_note(current)
                return
        found = self._cursor_annotations()
        if found:
            self.edit_note(found[0].id)
            return
        passage = self.selected_passage()
        if passage is None or self._doc_id is None:
            self.status_message.emit("Select a passage or an annotation to write a note on")
            return
        command = commands.AddAnnotation(
            self._project, self.changes, self._doc_id, (passage.start, passage.end),
            text=f"Annotate “{excerpt(self._quote(passage))}”",
        )  # fmt: skip
        self.push(command)
        if command.record is not None:
            self.edit_note(command.record.id)

    @Slot()
    def _on_delete_annotation_triggered(self) -> None:
        found = self._cursor_annotations()
        if not found:
            self.status_message.emit("There is no annotation at the cursor")
            return
        self.delete_annotations([found[0].id])

    @Slot()
    def _on_new_tag_triggered(self) -> None:
        self.pane_requested.emit("codebook")
        self._codebook.focus_find()

    @Slot()
    def _on_focus_codebook_triggered(self) -> None:
        self.pane_requested.emit("codebook")
        self._codebook.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _on_focus_annotations_triggered(self) -> None:
        self.pane_requested.emit("annotations")
        self._annotations.focus_list()

    # ---- slots: what the commands changed

    @Slot(list)
    def _on_changes_annotations_changed(self, records: list) -> None:
        touched: list[Annotation] = []
        usage_known = True
        for a in records:
            old = None
            if a.document_id == self._doc_id:
                old = self.index.put(a)
                touched.append(a)
                if old is not None and (old.start, old.end) != (a.start, a.end):
                    touched.append(old)
            elif a.document_id in self._recent:
                old = self._recent[a.document_id].put(a)
            else:
                usage_known = False  # its tags before the change are not at hand
            self._count_tags(old, -1)
            self._count_tags(a, +1)
            if self._lists(a):
                self._annotation_model.put(a)
            if a.id == self._note.annotation_id():
                self._note.note_changed_elsewhere(a.id, a.note, self._heading(a))
        self._paint_changed(touched)
        if not usage_known:
            self._usage = self._shown_usage()
        self._codebook_model.set_usage(self._usage)

    def _count_tags(self, a: Annotation | None, delta: int) -> None:
        for tag_id in a.tags if a is not None else ():
            self._usage[tag_id] = self._usage.get(tag_id, 0) + delta

    @Slot(list)
    def _on_changes_annotations_removed(self, records: list) -> None:
        touched = []
        for a in records:
            if self.index.remove(a.id) is not None:
                touched.append(a)
            elif a.document_id in self._recent:
                self._recent[a.document_id].remove(a.id)
            self._annotation_model.remove(a.id)
            if a.id == self._note.annotation_id():
                self._note.show_annotation(None)
            self._count_tags(a, -1)
        self._paint_changed(touched)
        self._codebook_model.set_usage(self._usage)

    @Slot()
    def _on_changes_codebook_changed(self) -> None:
        self.reload_codebook()

    @Slot()
    def _on_changes_reload_needed(self) -> None:
        self.reload()

    # ---- slots: the text panes

    @Slot(int, int)
    def _on_article_selection_changed(self, start: int, _end: int) -> None:
        if start >= 0:
            self._last_source = "article"

    @Slot(str, int, int)
    def _on_comments_selection_changed(self, comment_id: str, _start: int, _end: int) -> None:
        if comment_id:
            self._last_source = "comments"

    @Slot(str)
    def _on_comments_comment_selected(self, _comment_id: str) -> None:
        editor = self._comments.current_editor()
        if editor is not None:  # a new editor for each current comment
            editor.viewport().installEventFilter(self)

    @Slot(QMenu, int)
    def _on_article_context_menu(self, menu: QMenu, offset: int) -> None:
        self._last_source = "article"
        span = self._article.selected_span()
        passage = self._passage(*span, None, "selection") if span else None
        self._fill_context_menu(menu, "article", offset, passage)

    @Slot(QMenu, str, int)
    def _on_comments_context_menu(self, menu: QMenu, comment_id: str, offset: int) -> None:
        self._last_source = "comments"
        editor = self._comments.current_editor()
        span = editor.selected_span() if editor and editor.comment.id == comment_id else None
        passage = self._passage(*span, comment_id, "selection") if span else None
        self._fill_context_menu(menu, "comments", offset, passage)

    @Slot(str)
    def _on_highlight_double_clicked(self, annotation_id: str) -> None:
        self.edit_note(annotation_id)

    @Slot(QAction)
    def _on_tag_menu_triggered(self, action: QAction) -> None:
        data = action.data()
        if not isinstance(data, tuple) or len(data) != 2:
            return
        kind, tag_id = data
        passage = self._menu_unit if kind == "apply_unit" else self._menu_passage
        if tag_id:
            self.apply_tag(tag_id, passage)
        elif passage is not None:
            self.choose_tag(_Choosing("apply", passage), "Tag with…")

    @Slot(QAction)
    def _on_annotation_menu_triggered(self, action: QAction) -> None:
        data = action.data()
        if not isinstance(data, tuple) or len(data) != 3:
            return
        kind, annotation_id, tag_id = data
        a = self._annotation(annotation_id)
        if a is None:
            return
        quote = excerpt(a.exact)
        if kind == "note":
            self.edit_note(annotation_id)
        elif kind == "add_tag" and tag_id in self._tags:
            self.push(commands.AddTagToAnnotation(
                self._project, self.changes, annotation_id, tag_id,
                text=f"Tag “{quote}” with “{excerpt(self._tags[tag_id].name)}”",
            ))  # fmt: skip
        elif kind == "choose_add":
            self.choose_tag(_Choosing("add_to", subject=annotation_id), f"Add a tag to “{quote}”")
        elif kind == "remove_tag" and tag_id in self._tags:
            self.remove_tag(a, tag_id)
        elif kind == "delete":
            self.delete_annotations([annotation_id])

    def remove_tag(self, a: Annotation, tag_id: str) -> None:
        """Take a tag off; an annotation left with no tag and no note goes altogether."""
        name = excerpt(self._tags[tag_id].name) if tag_id in self._tags else "tag"
        text = f"Remove “{name}” from “{excerpt(a.exact)}”"
        if a.tags == (tag_id,) and not a.note:
            self.push(commands.DeleteAnnotations(self._project, self.changes, [a.id], text=text))
        else:
            self.push(commands.RemoveTagFromAnnotation(
                self._project, self.changes, a.id, tag_id, text=text
            ))  # fmt: skip

    # ---- slots: the chooser

    @Slot(str)
    def _on_chooser_tag_chosen(self, tag_id: str) -> None:
        choosing, self._choosing = self._choosing, None
        if choosing is None:
            return
        if choosing.kind == "apply":
            self.apply_tag(tag_id, choosing.passage)
        elif choosing.kind == "add_to" and choosing.subject and tag_id in self._tags:
            a = self._annotation(choosing.subject)
            if a is not None:
                self.push(commands.AddTagToAnnotation(
                    self._project, self.changes, a.id, tag_id,
                    text=f"Tag “{excerpt(a.exact)}” with “{excerpt(self._tags[tag_id].name)}”",
                ))  # fmt: skip
        elif choosing.kind == "merge" and choosing.subject:
            self.merge_tags(choosing.subject, tag_id)
        elif choosing.kind == "move_under" and choosing.subject:
            siblings = sum(1 for t in self._tags.values() if t.parent == tag_id)
            self._move_tag(choosing.subject, tag_id, siblings)

    @Slot(str)
    def _on_chooser_tag_create_requested(self, name: str) -> None:
        choosing, self._choosing = self._choosing, None
        if choosing is None:
            return
        if choosing.kind == "apply":
            self.create_tag_and_apply(name, choosing.passage)
        elif choosing.kind == "add_to" and choosing.subject:
            self.undo_stack.beginMacro(f"Tag with new tag “{excerpt(name)}”")
            try:
                command = commands.AddTag(self._project, self.changes, name)
                self.push(command)
                if command.tag is not None:
                    self.push(commands.AddTagToAnnotation(
                        self._project, self.changes, choosing.subject, command.tag.id
                    ))  # fmt: skip
            finally:
                self.undo_stack.endMacro()

    @Slot()
    def _on_chooser_dismissed(self) -> None:
        self._choosing = None

    # ---- slots: the codebook

    @Slot(str)
    def _on_codebook_tag_selected(self, tag_id: str) -> None:
        if not tag_id:
            self._annotation_model.set_tag_filter(None)
            self._annotations.set_filter_text(None)
            return
        ids = [tag_id, *self._codebook_model.descendants(tag_id)]
        self._annotation_model.set_tag_filter(ids)
        self._annotations.set_filter_text(self._codebook_model.path(tag_id))

    @Slot(str)
    def _on_codebook_tag_apply_requested(self, tag_id: str) -> None:
        self.apply_tag(tag_id, self.selected_passage())

    @Slot(str, str)
    def _on_codebook_create_requested(self, name: str, parent: str) -> None:
        command = commands.AddTag(self._project, self.changes, name, parent=parent or None)
        self.push(command)
        if command.tag is not None:
            if name == NEW_TAG_NAME:
                self._codebook.edit_name(command.tag.id)
            else:
                self._codebook.select_tag(command.tag.id)

    @Slot(str, str)
    def _on_codebook_rename_requested(self, tag_id: str, name: str) -> None:
        if tag_id in self._tags:
            self.push(commands.RenameTag(self._project, self.changes, tag_id, name))

    @Slot(str, str)
    def _on_codebook_recolour_requested(self, tag_id: str, colour: str) -> None:
        tag = self._tags.get(tag_id)
        if tag is not None and tag.colour != colour:
            self.push(commands.RecolourTag(self._project, self.changes, tag_id, colour))

    @Slot(str)
    def _on_codebook_describe_requested(self, tag_id: str) -> None:
        tag = self._tags.get(tag_id)
        if tag is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self._window, "Tag Description", f"What “{tag.name}” is for:", tag.description
        )
        if ok and text != tag.description:
            self.push(commands.DescribeTag(self._project, self.changes, tag_id, text))

    @Slot(str, str, int)
    def _on_codebook_move_requested(self, tag_id: str, parent: str, position: int) -> None:
        self._move_tag(tag_id, parent or None, position)

    def _move_tag(self, tag_id: str, parent: str | None, position: int) -> None:
        tag = self._tags.get(tag_id)
        if tag is None or (tag.parent, tag.position) == (parent, position):
            return
        self.push(commands.MoveTag(self._project, self.changes, tag_id, parent, position))
        self._codebook.select_tag(tag_id)

    @Slot(str)
    def _on_codebook_move_under_requested(self, tag_id: str) -> None:
        tag = self._tags.get(tag_id)
        if tag is not None:
            self.choose_tag(_Choosing("move_under", subject=tag_id), f"Move “{tag.name}” under…")

    @Slot(str)
    def _on_codebook_merge_requested(self, tag_id: str) -> None:
        tag = self._tags.get(tag_id)
        if tag is not None:
            self.choose_tag(
                _Choosing("merge", subject=tag_id), f"Merge “{tag.name}” (its annotations) into…"
            )

    def merge_tags(self, source_id: str, target_id: str) -> bool:
        source, target = self._tags.get(source_id), self._tags.get(target_id)
        if source is None or target is None or source_id == target_id:
            return False
        if target_id in self._codebook_model.descendants(source_id):
            self.status_message.emit(
                f"“{source.name}” cannot be merged into one of its own subtags"
            )
            return False
        self.push(commands.MergeTags(self._project, self.changes, source_id, target_id))
        self._codebook.select_tag(target_id)
        self.status_message.emit(f"Merged “{source.name}” into “{target.name}”")
        return True

    @Slot(str)
    def _on_codebook_delete_requested(self, tag_id: str) -> None:
        self.delete_tag(tag_id)

    def delete_tag(self, tag_id: str) -> bool:
        """Delete a tag (and its subtags) once the user agreed; undoable."""
        tag = self._tags.get(tag_id)
        if tag is None:
            return False
        ids = {tag_id, *self._codebook_model.descendants(tag_id)}
        touched = self._project.annotations_with_tag(tag_id, descendants=True)
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
        self.push(commands.DeleteTag(self._project, self.changes, tag_id))
        self.status_message.emit(f"Deleted the tag “{tag.name}”")
        return True

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
        self._fill_annotation_list()

    @Slot()
    def _on_annotations_filter_cleared(self) -> None:
        self._codebook.clear_selection()
        self._on_codebook_tag_selected("")

    @Slot(str, str)
    def _on_note_note_edited(self, annotation_id: str, note: str) -> None:
        if self._annotation(annotation_id) is None:
            return
        self.push(commands.EditNote(self._project, self.changes, annotation_id, note))

    # ---- the theme

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._article and kind == QEvent.Type.PaletteChange:
            self.reload_codebook()
            self._codebook_model.refresh_colours()
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self._comment_annotations_at(event.globalPos())
            if found and isinstance(watched, QWidget):
                QToolTip.showText(event.globalPos(), self.tooltip_for(found), watched)
                return True
        elif (
            kind == QEvent.Type.MouseButtonDblClick
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            found = self._comment_annotations_at(event.globalPosition().toPoint())
            if found:
                self.edit_note(found[0].id)
                return True
        return super().eventFilter(watched, event)

    def _comment_annotations_at(self, global_pos: QPoint) -> list[Annotation]:
        """Annotations under a screen point in the thread, shortest first."""
        found = self._comments.offset_at(global_pos)
        if found is None:
            return []
        comment_id, offset = found
        return [a for a in self.index.at(offset) if a.comment_id == comment_id]

    def tooltip_for(self, annotations: Sequence[Annotation]) -> str:
        return describe(annotations, self._tags, self._style)
