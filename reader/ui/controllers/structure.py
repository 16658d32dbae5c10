"""Correcting the structure Reader found: where comments start, which text is the site's
clutter, where one comment ends and the next begins, who replies to whom.

:class:`StructureEditor` owns the actions of the Structure menu (with their keys) and
adds the same actions to the article's and the comments' context menus. Each action
becomes a :class:`~reader.ui.commands.structure.AddCorrection` (or a reset) on the
session's undo stack; when a command has run, the session's ``structure_changed`` asks
the window to show the document again. The panes are handed in and never see this object; it only
calls their public methods and listens to their signals.

The places the user corrected get a subtle mark: a thin line in the article's margin
and "✎ corrected" in a comment's header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMenu,
    QMenuBar,
    QWidget,
)

from reader.core.corrections import Correction, CorrectionKind, make_correction
from reader.core.model import BlockKind, Comment, Document
from reader.ui.actions import build_actions, build_menu, insert_menu
from reader.ui.commands.annotations import excerpt
from reader.ui.commands.structure import AddCorrection, ResetCorrections
from reader.ui.controllers.passages import Passages, Source
from reader.ui.controllers.structure_places import (
    ACTIONS,
    ARTICLE_MENU,
    COMMENT_MENU,
    SPECS,
    STRUCTURE_MENU,
    Place,
    ReadingPlace,
    corrected_places,
    word_start,
)

if TYPE_CHECKING:
    from reader.ui.panes.article.pane import ArticlePane
    from reader.ui.panes.comments.pane import CommentPane
    from reader.ui.session import DocumentSession, Project

CORRECTED_TIP = "Structure corrected by you (Structure ▸ Reset Structure to Automatic undoes all)"
K = CorrectionKind


class StructureEditor(QObject):
    """The Structure menu and the structure actions of the panes' context menus.

    ``choose_parent(title, labels, current) -> int | None`` asks which earlier comment a
    comment replies to (a list dialog; tests replace it).

    Signals:
        status_message(str): a line for the status bar.
    """

    status_message = Signal(str)

    def __init__(
        self,
        session: DocumentSession,
        *,
        window: QWidget,
        article: ArticlePane,
        comments: CommentPane,
        passages: Passages,
        comment_label: Callable[[str], str] = str,
    ) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._article = article
        self._comments = comments
        self._passages = passages
        self._label = comment_label
        self.choose_parent: Callable[[str, list[str], int], int | None] = self._ask_parent
        self._corrected: frozenset[str] = frozenset()
        self._menu_place: Place | None = None
        self._select_after: int | None = None
        self.actions: dict[str, QAction] = {}
        self.menu: QMenu | None = None
        self._build_actions()
        self._connect_signals()

    # ---- building

    def _build_actions(self) -> None:
        self.actions = build_actions(ACTIONS, self._window, prefix="structure_")
        for name, action in self.actions.items():
            action.setData(name)

    def fill_menu_bar(self, bar: QMenuBar, before: str | None = None) -> QMenu:
        """Add the Structure menu (before the menu named ``before``)."""
        menu = build_menu("St&ructure", "structure_menu", STRUCTURE_MENU, self.actions, bar)
        insert_menu(bar, menu, before)
        menu.aboutToShow.connect(self._on_menu_about_to_show)
        menu.aboutToHide.connect(self._on_menu_about_to_hide)
        self.menu = menu
        return menu

    def _connect_signals(self) -> None:
        for action in self.actions.values():
            action.triggered.connect(self._on_action_triggered)
        self._session.document_changed.connect(self._on_session_document_changed)
        self._session.document_restructured.connect(self._on_session_document_changed)
        self._article.context_menu_about_to_show.connect(self._on_article_context_menu)
        self._comments.context_menu_about_to_show.connect(self._on_comments_context_menu)

    # ---- the project and the document shown

    @property
    def _project(self) -> Project:
        return self._session.project

    @property
    def _doc(self) -> Document | None:
        return self._session.document

    @property
    def _doc_id(self) -> int | None:
        return self._session.document_id

    @Slot(object)
    def _on_session_document_changed(self, _doc_id: int | None) -> None:
        """The window now shows this document: mark the places the user corrected."""
        doc = self._session.document
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
            row = self._comments.top_row()
            found = doc.comment(row[0]) if row is not None else None
            if row is not None and found is not None:
                top, shift = found.start, row[1]
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
        if place.top is not None:
            top = doc.comment_at(place.top)
            if top is not None:
                self._comments.scroll_to_top_row(top.id, place.top_shift)
        if wanted is not None:
            comment = doc.comment_at(wanted)
            if comment is None:
                pass
            elif select_after is None:  # the reader's view stays where it was
                self._comments.select_comment_in_place(comment.id)
            else:
                self._comments.select_comment(comment.id)

    # ---- where an action applies

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
        source = source or self._passages.sources("comments")[0]
        comment_id, offset = self._passages.cursor(source)
        if source == "article":
            return self._article_place(offset)
        return self._comment_place(comment_id, offset)

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
        at = word_start(doc.text, place.offset, comment.start)
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
            self._session.undo_stack.push(ResetCorrections(self._session, doc_id))
            self.status_message.emit("The structure is Reader's own again (Ctrl+Z to undo)")
            return True
        correction, text = self.plan(name, place)
        if correction is None:
            if text:
                self.status_message.emit(text)
            return False
        if correction.kind is K.SPLIT_COMMENT:
            self._select_after = correction.offset
        command = AddCorrection(self._session, doc_id, correction, text=text)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a long thread: a second
        try:
            self._session.undo_stack.push(command)
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

    @Slot(QMenu, int)
    def _on_article_context_menu(self, menu: QMenu, offset: int) -> None:
        span = self._article.selected_span()
        at = span[0] if span is not None else (offset if offset >= 0 else None)
        self._fill_context_menu(menu, self._article_place(at), ARTICLE_MENU)

    @Slot(QMenu, str, int)
    def _on_comments_context_menu(self, menu: QMenu, comment_id: str, offset: int) -> None:
        chosen = self._comments.selection()
        span = chosen[1:] if chosen is not None and chosen[0] == comment_id else None
        at = span[0] if span is not None else (offset if offset >= 0 else None)
        place = self._comment_place(comment_id, at)
        if place is not None:
            self._fill_context_menu(menu, place, COMMENT_MENU)
