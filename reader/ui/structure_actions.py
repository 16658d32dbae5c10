"""Correcting the structure Reader found: where comments start, which text is the site's
clutter, where one comment ends and the next begins, who replies to whom.

:class:`StructureEditor` owns the actions of the Structure menu (with their keys) and
adds the same actions to the article's and the comments' context menus. Each action
becomes a :class:`~reader.ui.correction_commands.AddCorrection` (or a reset) on the
window's undo stack; when a command has run, ``structure_changed`` asks the window to
show the document again. The panes are handed in and never see this object; it only
calls their public methods and listens to their signals.

The places the user corrected get a subtle mark: a thin line in the article's margin
and "✎ corrected" in a comment's header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QInputDialog,
    QMenu,
    QMenuBar,
    QWidget,
)

from reader.core.corrections import Correction, CorrectionKind, make_correction
from reader.core.model import BlockKind, Comment, Document
from reader.ui.comment_model import CommentTreeModel
from reader.ui.correction_commands import AddCorrection, ResetCorrections, StructureChanges
from reader.ui.undo_commands import excerpt

if TYPE_CHECKING:
    from reader.store.project import Project
    from reader.ui.article_pane import ArticlePane
    from reader.ui.comment_pane import CommentPane

Source = Literal["article", "comments"]
CORRECTED_TIP = "Structure corrected by you (Structure ▸ Reset Structure to Automatic undoes all)"
K = CorrectionKind


@dataclass(frozen=True, slots=True)
class Place:
    """Where a structure action applies: a document ``offset`` (the cursor or the click;
    None when unknown) in the article (``block``: index into ``Document.blocks``) or in
    the comments (``comment``)."""

    source: Source
    offset: int | None
    comment: Comment | None = None
    block: int | None = None


@dataclass(frozen=True, slots=True)
class ReadingPlace:
    """What the reader was looking at, to find again once the structure changed."""

    article_top: int | None
    current: int | None  # document offset of the current comment's start
    top: int | None  # document offset of the comment at the top of the thread view
    top_shift: int  # how far that comment's row was scrolled past the top (pixels)


@dataclass(frozen=True, slots=True)
class _Spec:
    name: str
    text: str
    keys: tuple[str, ...]
    tip: str


ACTIONS = (
    _Spec("comments_start", "&Comments Start Here", ("Ctrl+Alt+C",),
          "The comments begin with this paragraph (or comment); what is before is article"),
    _Spec("still_article", "This Is Still the &Article", ("Ctrl+Alt+A",),
          "This comment, and every one before it, is part of the article"),
    _Spec("split_comment", "&Split Comment Here", ("Ctrl+Alt+S",),
          "A new comment begins at the cursor"),
    _Spec("merge_comment", "&Merge with Previous Comment", ("Ctrl+Alt+M",),
          "This comment is the end of the one before it"),
    _Spec("reply_to", "&Reply to…", ("Ctrl+Alt+R",),
          "Choose the earlier comment this one answers"),
    _Spec("make_top_level", "Make &Top-Level", ("Ctrl+Alt+U",),
          "This comment answers the article, not another comment"),
    _Spec("boilerplate", "Mark as &Boilerplate", ("Ctrl+Alt+B",),
          "This paragraph (or comment) is the site's clutter: leave it out"),
    _Spec("not_boilerplate", "&Not Boilerplate", ("Ctrl+Alt+Shift+B",),
          "This left-out text is content after all (show left-out text to reach it)"),
    _Spec("reset", "Reset Structure to &Automatic", (),
          "Forget every correction of this document (undoable)"),
)  # fmt: skip
SPECS = {s.name: s for s in ACTIONS}
_ARTICLE_MENU = ("comments_start", "boilerplate", "not_boilerplate")
_COMMENT_MENU = (
    "split_comment", "merge_comment", "reply_to", "make_top_level", "-",
    "comments_start", "still_article", "boilerplate",
)  # fmt: skip


def corrected_places(doc: Document) -> tuple[frozenset[str], tuple[tuple[int, int], ...]]:
    """The comments (ids) and the article blocks (spans) the user's corrections made,
    found from the decisions ``apply_corrections`` records ("corrected: <kind>")."""
    comments: set[str] = set()
    blocks: set[tuple[int, int]] = set()
    text = doc.text

    def gap(a: int, b: int) -> bool:
        return a <= b and not text[a:b].strip()

    def comment_for(at: int) -> Comment | None:
        for c in doc.comments:  # in text order
            if c.start <= at < c.end:
                return c
            if c.start >= at:
                return c if gap(at, c.start) else None
        return None

    def block_for(at: int) -> int | None:
        for i, b in enumerate(doc.blocks):  # in text order
            if b.start <= at < b.end:
                return i
            if b.start >= at:
                return i if gap(at, b.start) else None
        return None

    for d in doc.decisions:
        if not d.what.startswith("corrected:"):
            continue
        at = d.offset
        found = comment_for(at)
        if found is not None:
            comments.add(found.id)
        if d.what.endswith(str(K.SPLIT_COMMENT)):  # the first half too
            before = [c for c in doc.comments if c.end <= at and gap(c.end, at)]
            comments.update(c.id for c in before[-1:])
        block = block_for(at)
        if block is not None:
            b = doc.blocks[block]
            blocks.add((b.start, b.end))
    return frozenset(comments), tuple(sorted(blocks))


def _word_start(text: str, offset: int, floor: int) -> int:
    """The start of the word ``offset`` is in (a split never cuts a word)."""
    while offset > floor and not text[offset - 1].isspace():
        offset -= 1
    return offset


class StructureEditor(QObject):
    """The Structure menu and the structure actions of the panes' context menus.

    ``choose_parent(title, labels, current) -> int | None`` asks which earlier comment a
    comment replies to (a list dialog; tests replace it).

    Signals:
        structure_changed(int): this document's structure changed: show it again.
        status_message(str): a line for the status bar.
    """

    structure_changed = Signal(int)
    status_message = Signal(str)

    def __init__(
        self,
        project: Project,
        *,
        window: QWidget,
        article: ArticlePane,
        comments: CommentPane,
        undo_stack: QUndoStack,
        comment_label: Callable[[str], str] = str,
    ) -> None:
        super().__init__(window)
        self._project = project
        self._window = window
        self._article = article
        self._comments = comments
        self._stack = undo_stack
        self._label = comment_label
        self.changes = StructureChanges(self)
        self.choose_parent: Callable[[str, list[str], int], int | None] = self._ask_parent
        self._doc: Document | None = None
        self._doc_id: int | None = None
        self._corrected: frozenset[str] = frozenset()
        self._last_source: Source | None = None
        self._menu_place: Place | None = None
        self._select_after: int | None = None
        self.actions: dict[str, QAction] = {}
        self.menu: QMenu | None = None
        self._build_actions()
        self._connect_signals()

    # ---- building

    def _build_actions(self) -> None:
        for spec in ACTIONS:
            action = QAction(spec.text, self._window)
            action.setObjectName(f"structure_{spec.name}")
            action.setShortcuts([QKeySequence(k) for k in spec.keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
            action.setData(spec.name)
            self._window.addAction(action)
            self.actions[spec.name] = action

    def fill_menu_bar(self, bar: QMenuBar, before: QAction | None = None) -> QMenu:
        """Add the Structure menu (before the menu whose action is ``before``)."""
        menu = QMenu("S&tructure", bar)
        menu.setObjectName("structure_menu")
        for name in ("comments_start", "still_article", "-", "split_comment", "merge_comment",
                     "reply_to", "make_top_level", "-", "boilerplate", "not_boilerplate", "-",
                     "reset"):  # fmt: skip
            if name == "-":
                menu.addSeparator()
            else:
                menu.addAction(self.actions[name])
        if before is not None:
            bar.insertMenu(before, menu)
        else:
            bar.addMenu(menu)
        menu.aboutToShow.connect(self._on_menu_about_to_show)
        menu.aboutToHide.connect(self._on_menu_about_to_hide)
        self.menu = menu
        return menu

    def _connect_signals(self) -> None:
        for action in self.actions.values():
            action.triggered.connect(self._on_action_triggered)
        self.changes.structure_changed.connect(self._on_changes_structure_changed)
        self.changes.failed.connect(self.status_message)
        self._article.context_menu_about_to_show.connect(self._on_article_context_menu)
        self._article.selection_changed.connect(self._on_article_selection_changed)
        self._comments.context_menu_about_to_show.connect(self._on_comments_context_menu)
        self._comments.comment_selected.connect(self._on_comments_comment_selected)

    # ---- the project and the document shown

    def set_project(self, project: Project) -> None:
        self._project = project
        self._doc, self._doc_id = None, None

    def show_document(self, doc_id: int | None, doc: Document | None) -> None:
        """The window now shows this document: mark the places the user corrected."""
        self._doc_id, self._doc = doc_id, doc
        comments, blocks = corrected_places(doc) if doc is not None else (frozenset(), ())
        self._corrected = comments
        self._article.set_margin_marks(blocks, CORRECTED_TIP)
        self._comments.set_corrected_comments(comments)

    def is_corrected(self, comment_id: str) -> bool:
        return comment_id in self._corrected

    def corrected_by(self, comment_id: str) -> list[str]:
        """Who made the corrections that start inside a comment ("you" for the current
        coder), in the order they were made; [] when none is known."""
        doc, doc_id = self._doc, self._doc_id
        comment = doc.comment(comment_id) if doc is not None else None
        if comment is None or doc_id is None:
            return []
        names: list[str] = []
        for record in self._project.corrections(doc_id):
            if comment.start <= record.correction.offset < comment.end and record.coder:
                name = "you" if record.coder == self._project.coder else record.coder
                if name not in names:
                    names.append(name)
        return names

    def corrected_comments(self) -> frozenset[str]:
        return self._corrected

    # ---- keeping the reader's place across a change

    def reading_place(self) -> ReadingPlace:
        doc = self._doc
        current = top = None
        shift = 0
        if doc is not None:
            cid = self._comments.current_comment()
            comment = doc.comment(cid) if cid else None
            current = comment.start if comment else None
            view = self._comments.view
            index = view.indexAt(QPoint(1, 1))
            model = view.model()
            found = model.comment(index) if isinstance(model, CommentTreeModel) else None
            if found is not None:
                top, shift = found.start, view.visualRect(index).top()
        return ReadingPlace(self._article.reading_offset(), current, top, shift)

    def restore_reading_place(self, place: ReadingPlace) -> None:
        """After the document was shown again: the article scrolled where it was, the
        comment the reader was on current again (or the new comment a split made)."""
        doc = self._doc
        self._article.scroll_to_reading_offset(place.article_top)
        if doc is None:
            return
        select_after, self._select_after = self._select_after, None
        wanted = select_after if select_after is not None else place.current
        view = self._comments.view
        model = view.model()
        if place.top is not None and isinstance(model, CommentTreeModel):
            top = doc.comment_at(place.top)
            index = model.index_of(top.id) if top is not None else QModelIndex()
            if index.isValid():
                view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
                bar = view.verticalScrollBar()
                bar.setValue(bar.value() - place.top_shift)
        if wanted is not None:
            comment = doc.comment_at(wanted)
            if comment is not None:
                bar = view.verticalScrollBar()
                kept = bar.value()
                self._comments.select_comment(comment.id)
                if select_after is None:
                    bar.setValue(kept)  # the reader's view stays where it was

    # ---- where an action applies

    def _focused(self) -> Source | None:
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        for name, pane in (("article", self._article), ("comments", self._comments)):
            if focus is pane or pane.isAncestorOf(focus):
                return name  # type: ignore[return-value]
        return None

    def _article_place(self, offset: int | None) -> Place:
        doc = self._doc
        block = doc.block_at(offset) if doc is not None and offset is not None else None
        return Place("article", offset, None, block)

    def _comment_place(self, comment_id: str | None, offset: int | None) -> Place | None:
        doc = self._doc
        comment = doc.comment(comment_id) if doc is not None and comment_id else None
        if comment is None:
            return None
        return Place("comments", offset, comment, None)

    def current_place(self, source: Source | None = None) -> Place | None:
        """Where the actions of the menu bar and keys apply: the cursor in the pane with
        the focus (or the one used last)."""
        if self._doc is None:
            return None
        source = source or self._focused() or self._last_source or "comments"
        if source == "article":
            cursor = self._article.textCursor()
            offset = self._article.text_map().to_doc(cursor.selectionStart())
            return self._article_place(offset)
        cid = self._comments.current_comment()
        editor = self._comments.current_editor()
        offset = None
        if editor is not None and editor.comment.id == cid:
            offset = editor.text_map.to_doc(editor.textCursor().selectionStart())
        return self._comment_place(cid, offset)

    def _place_for(self, name: str) -> Place | None:
        """Comment-only actions look at the current comment whatever has the focus."""
        if name in ("split_comment", "merge_comment", "reply_to", "make_top_level",
                    "still_article"):  # fmt: skip
            return self.current_place("comments")
        return self.current_place()

    # ---- what an action would do

    def applicable(self, name: str, place: Place | None) -> bool:
        """Cheap: whether ``name`` can mean anything at ``place`` (for enabling)."""
        doc = self._doc
        if doc is None or self._doc_id is None:
            return False
        if name == "reset":
            return any(d.what.startswith("corrected:") for d in doc.decisions)
        if place is None:
            return False
        comment, block = place.comment, place.block
        if place.source == "article":
            if block is None:
                return False
            boiler = doc.blocks[block].kind is BlockKind.BOILERPLATE
            return {
                "comments_start": not boiler,
                "boilerplate": not boiler,
                "not_boilerplate": boiler,
            }.get(name, False)
        if comment is None:
            return False
        first = doc.comments[0].id == comment.id
        return {
            "comments_start": not first,
            "still_article": True,
            "split_comment": self._split_offset(place) is not None,
            "merge_comment": not first,
            "reply_to": not first,
            "make_top_level": comment.parent is not None,
            "boilerplate": True,
        }.get(name, False)

    def _split_offset(self, place: Place) -> int | None:
        doc, comment = self._doc, place.comment
        if doc is None or comment is None or place.offset is None:
            return None
        at = _word_start(doc.text, place.offset, comment.start)
        inside = any(s < at < e or (at == s and i) for i, (s, e) in enumerate(comment.parts))
        if not inside or not doc.text[comment.start : at].strip():
            return None
        if not doc.text[at : comment.end].strip():
            return None
        return at

    def plan(self, name: str, place: Place | None) -> tuple[Correction | None, str]:
        """The correction ``name`` makes at ``place`` and the undo text; or None and why
        not (a sentence for the status bar)."""
        doc = self._doc
        if doc is None or not self.applicable(name, place):
            return None, self._why_not(name)
        assert place is not None
        comment, block = place.comment, place.block
        label = f"comment #{self._label(comment.id)}" if comment is not None else ""
        if name == "comments_start":
            at = comment.start if comment is not None else doc.blocks[block].start  # type: ignore[index]
            return make_correction(doc, K.COMMENTS_START, at), "Comments start here"
        if name == "boilerplate":
            at = comment.start if comment is not None else doc.blocks[block].start  # type: ignore[index]
            what = label or f"“{excerpt(doc.blocks[block].text, 24)}”"  # type: ignore[index]
            return make_correction(doc, K.BOILERPLATE, at), f"Mark {what} as boilerplate"
        if name == "not_boilerplate":
            b = doc.blocks[block]  # type: ignore[index]
            return (
                make_correction(doc, K.NOT_BOILERPLATE, b.start),
                f"Bring back “{excerpt(b.text, 24)}”",
            )
        assert comment is not None
        if name == "still_article":
            return make_correction(doc, K.STILL_ARTICLE, comment.start), "This is still the article"
        if name == "split_comment":
            at = self._split_offset(place)
            assert at is not None
            return make_correction(doc, K.SPLIT_COMMENT, at), f"Split {label}"
        if name == "merge_comment":
            return (
                make_correction(doc, K.MERGE_COMMENT, comment.start),
                f"Merge {label} with the previous comment",
            )
        if name == "make_top_level":
            return make_correction(doc, K.REPARENT, comment.start, None), f"Make {label} top-level"
        if name == "reply_to":
            earlier = [c for c in doc.comments if c.start < comment.start]
            labels = [self._choice_label(c) for c in earlier]
            current = next(
                (i for i, c in enumerate(earlier) if c.id == comment.parent), len(earlier) - 1
            )
            chosen = self.choose_parent(f"{label.capitalize()} replies to…", labels, current)
            if chosen is None or not 0 <= chosen < len(earlier):
                return None, ""
            parent = earlier[chosen]
            if parent.id == comment.parent:
                return None, f"{label.capitalize()} already replies to that comment"
            return (
                make_correction(doc, K.REPARENT, comment.start, parent.start),
                f"Make {label} a reply to #{self._label(parent.id)}",
            )
        return None, self._why_not(name)

    def _choice_label(self, c: Comment) -> str:
        who = f"{c.author}: " if c.author else ""
        return f"#{self._label(c.id)}  {who}{excerpt(c.text, 60)}"

    @staticmethod
    def _why_not(name: str) -> str:
        return {
            "comments_start": "Put the cursor in the paragraph (or comment) where comments start",
            "still_article": "Choose the comment that is still part of the article",
            "split_comment": "Click in the comment where the new comment should begin",
            "merge_comment": "Choose a comment that has one before it",
            "reply_to": "Choose a comment that has one before it",
            "make_top_level": "That comment is already top-level",
            "boilerplate": "Put the cursor in the paragraph (or comment) to leave out",
            "not_boilerplate": "Show left-out text (Ctrl+B) and click in the text to bring back",
            "reset": "This document has no corrections",
        }.get(name, "")

    # ---- doing it

    def run(self, name: str, place: Place | None) -> bool:
        """Push the command for ``name`` at ``place``; False (and a status line saying
        why) when it does not apply there. (:meth:`applicable` and :meth:`plan` rule out
        what would change nothing: replaying a thread of 5,000 comments only to find
        that out would take a second.)"""
        doc, doc_id = self._doc, self._doc_id
        if doc is None or doc_id is None:
            return False
        if name == "reset":
            if not self.applicable("reset", None):
                self.status_message.emit(self._why_not("reset"))
                return False
            self._stack.push(ResetCorrections(self._project, self.changes, doc_id))
            self.status_message.emit("The structure is Reader's own again (Ctrl+Z to undo)")
            return True
        correction, text = self.plan(name, place)
        if correction is None:
            if text:
                self.status_message.emit(text)
            return False
        if correction.kind is K.SPLIT_COMMENT:
            self._select_after = correction.offset
        command = AddCorrection(self._project, self.changes, doc_id, correction, text=text)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a long thread: a second
        try:
            self._stack.push(command)
        finally:
            QApplication.restoreOverrideCursor()
        self.status_message.emit(f"{text} — corrected by you (Ctrl+Z to undo)")
        return True

    def _ask_parent(self, title: str, labels: list[str], current: int) -> int | None:
        if not labels:
            return None
        chosen, ok = QInputDialog.getItem(
            self._window, "Reply to", title, labels, max(current, 0), False
        )
        return labels.index(chosen) if ok and chosen in labels else None

    def _fill_context_menu(self, menu: QMenu, place: Place, names: tuple[str, ...]) -> None:
        self._menu_place = place
        menu.addSeparator()
        sub = menu.addMenu("Structure")
        sub.setObjectName("structure_context_menu")
        for name in (*names, "-", "reset"):
            if name == "-":
                sub.addSeparator()
                continue
            spec = SPECS[name]
            action = sub.addAction(spec.text)
            action.setData(name)
            action.setStatusTip(spec.tip)
            action.setEnabled(self.applicable(name, place))
        sub.triggered.connect(self._on_context_action_triggered)

    # ---- slots

    @Slot()
    def _on_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            name = str(action.data())
            self.run(name, self._place_for(name))

    @Slot(QAction)
    def _on_context_action_triggered(self, action: QAction) -> None:
        place, self._menu_place = self._menu_place, None
        self.run(str(action.data()), place)

    @Slot()
    def _on_menu_about_to_show(self) -> None:
        for name, action in self.actions.items():
            action.setEnabled(self.applicable(name, self._place_for(name)))

    @Slot()
    def _on_menu_about_to_hide(self) -> None:
        # Keys must keep working: each checks its place when pressed.
        for action in self.actions.values():
            action.setEnabled(True)

    @Slot(int)
    def _on_changes_structure_changed(self, doc_id: int) -> None:
        self.structure_changed.emit(doc_id)

    @Slot(QMenu, int)
    def _on_article_context_menu(self, menu: QMenu, offset: int) -> None:
        self._last_source = "article"
        span = self._article.selected_span()
        at = span[0] if span is not None else (offset if offset >= 0 else None)
        self._fill_context_menu(menu, self._article_place(at), _ARTICLE_MENU)

    @Slot(QMenu, str, int)
    def _on_comments_context_menu(self, menu: QMenu, comment_id: str, offset: int) -> None:
        self._last_source = "comments"
        editor = self._comments.current_editor()
        span = editor.selected_span() if editor and editor.comment.id == comment_id else None
        at = span[0] if span is not None else (offset if offset >= 0 else None)
        place = self._comment_place(comment_id, at)
        if place is not None:
            self._fill_context_menu(menu, place, _COMMENT_MENU)

    @Slot(int, int)
    def _on_article_selection_changed(self, start: int, _end: int) -> None:
        if start >= 0:
            self._last_source = "article"

    @Slot(str)
    def _on_comments_comment_selected(self, comment_id: str) -> None:
        if comment_id:
            self._last_source = "comments"
