"""The comment thread: a tree view whose delegate paints every comment in full.

Each comment is laid out as a small ``QTextDocument`` (cached, a bounded number at a
time) so painting, size hints and hit-testing of quote links agree. The current comment
gets a read-only text browser as a persistent editor, where text can be selected and
copied; its selection is reported in document offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QPointF,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QFont,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import Document
from reader.ui.models.comment_tree import CommentTreeModel
from reader.ui.panes.comments.current import CurrentEditor
from reader.ui.panes.comments.delegate import CommentDelegate
from reader.ui.panes.comments.editor import CommentEditor
from reader.ui.panes.comments.header import ThreadHeader
from reader.ui.panes.comments.hooks import SpanHooks
from reader.ui.panes.comments.layers import CommentLayers
from reader.ui.panes.comments.notice import DoubtNotice
from reader.ui.panes.comments.shown_state import ShownState
from reader.ui.panes.comments.texts import CommentTexts, Span
from reader.ui.panes.comments.view import CommentTreeView
from reader.ui.text_map import TextMap


class CommentPane(QWidget):
    """The comments of one document as a thread.

    Signals:
        link_activated(int): a quote link in a comment was clicked (index into links).
        link_hovered(int): the mouse is over a quote link, or -1 when it left.
        comment_selected(str): the current comment changed ("" for none).
        selection_changed(str, int, int): text selected in a comment: its id and the
            document span; ("", -1, -1) when nothing is selected.
        context_menu_about_to_show(QMenu, str, int): a context menu is about to open on
            a comment (its id) at a document offset (-1: not on its text); slots may add
            actions to it. It is shown only if it has any.
    """

    link_activated = Signal(int)
    link_hovered = Signal(int)
    comment_selected = Signal(str)
    selection_changed = Signal(str, int, int)
    context_menu_about_to_show = Signal(QMenu, str, int)

    def __init__(self, model: CommentTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comments")
        self._model = model
        self._doc: Document | None = None
        self.thread_header = ThreadHeader(self)
        self.header = self.thread_header.label
        self.expand_button = self.thread_header.expand_button
        self.collapse_button = self.thread_header.collapse_button
        self.view = CommentTreeView(model, self)
        self.texts = CommentTexts(self.view.palette(), self._comment_font())
        self._layers = CommentLayers(self.texts)
        self.delegate = CommentDelegate(self.view, self.texts)
        self.view.setItemDelegate(self.delegate)
        model.row_size = self.delegate.row_size
        self._moving = False  # rows are being moved: the current row is put back after
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.thread_header)
        self.notice = DoubtNotice(self)  # told by the structure controller
        layout.addWidget(self.notice)
        layout.addWidget(self.view)
        self._current = CurrentEditor(self.view, self.texts, self)

        self.expand_button.clicked.connect(self.expand_all)
        self.collapse_button.clicked.connect(self.collapse_all)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.view.collapsed.connect(self._on_view_expansion_changed)
        self.view.expanded.connect(self._on_view_expansion_changed)
        self.view.link_hovered.connect(self.link_hovered)
        self.view.link_clicked.connect(self.link_activated)
        self.view.context_menu_requested.connect(self._on_view_context_menu_requested)
        self._current.selection_changed.connect(self.selection_changed)
        self._current.link_activated.connect(self.link_activated)
        self._current.link_hovered.connect(self.link_hovered)
        self._current.context_menu_about_to_show.connect(self.context_menu_about_to_show)
        self._update_header()

    # ---- public

    def show_document(self, doc: Document | None) -> None:
        self._current.close()
        self._doc = doc
        self.texts.set_document(doc)
        self.delegate.related = None
        self._layers.distribute(doc)
        self._model.set_document(doc)
        self._open_all()  # every reply open (Qt lays the rows out, no Python per row)
        self.view.scrollToTop()
        self._update_header()

    def restructure(self, doc: Document) -> bool:
        """Show ``doc`` in place of the shown document when it has the same comments
        under other parents (a structure correction or its undo): only the moved rows
        change; what is expanded, current and selected stays, and a comment that gains
        its first reply opens, as on opening. False (nothing done) when the comments
        differ; then :meth:`show_document` is the way."""
        if not self._model.same_comments(doc):
            return False
        self._current.close()
        state = ShownState.before_moving(self.view, self._model, self._model.moving(doc))
        self._doc = doc
        self.texts.set_document(doc, same_texts=True)
        self.delegate.related = None
        self._layers.distribute(doc, changed=())  # the same comments: the same highlights
        self._moving = True
        try:
            gained = self._model.restructure(doc)
        finally:
            self._moving = False
        state.restore(gained)
        if self.view.currentIndex().isValid():  # its editor again, with the new quote links
            self._on_view_current_changed(self.view.currentIndex(), QModelIndex())
        self._update_header()
        return True

    def fully_expanded(self) -> bool:
        """Whether every reply is open (a thread is shown with all its replies open)."""
        return self._model.comment_count() == 0 or all(
            self.view.isExpanded(self._model.index_of(cid)) for cid in self._model.with_replies()
        )

    def document_shown(self) -> Document | None:
        return self._doc

    @Slot()
    def expand_all(self) -> None:
        self._open_all()

    def _open_all(self) -> None:
        # (one repaint after, not a slot call for each of thousands of rows opened)
        blocked = self.view.blockSignals(True)
        try:
            self.view.expandAll()
        finally:
            self.view.blockSignals(blocked)
        self.view.viewport().update()

    @Slot()
    def collapse_all(self) -> None:
        self.view.collapseAll()

    def current_comment(self) -> str | None:
        comment = self._model.comment(self.view.currentIndex())
        return comment.id if comment else None

    def select_comment(self, comment_id: str) -> bool:
        index = self._model.index_of(comment_id)
        if not index.isValid():
            return False
        self._expand_to(index)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def select_comments(self, ids: Sequence[str]) -> None:
        """Select several comments (those quoting a passage); the first becomes current."""
        indexes = [self._model.index_of(i) for i in ids]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        for index in indexes:
            self._expand_to(index)
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index)
        model = self.view.selectionModel()
        model.setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(indexes[0], QAbstractItemView.ScrollHint.PositionAtTop)

    def select_parent(self) -> None:
        parent = self.view.currentIndex().parent()
        if parent.isValid():
            comment = self._model.comment(parent)
            if comment is not None:
                self.select_comment(comment.id)

    def reveal(self, comment_id: str, start: int, end: int) -> bool:
        """Make ``comment_id`` current, select ``start..end`` in it, scroll and flash it."""
        if not self.select_comment(comment_id):
            return False
        self.view.relayout_now()
        self.view.scrollTo(self.view.currentIndex(), QAbstractItemView.ScrollHint.EnsureVisible)
        self._current.flash(start, end, self.palette().color(QPalette.ColorRole.Highlight))
        return True

    def is_visible(self, comment_id: str) -> bool:
        index = self._model.index_of(comment_id)
        if not index.isValid():
            return False
        rect = self.view.visualRect(index)
        return rect.isValid() and rect.intersects(self.view.viewport().rect())

    def current_editor(self) -> CommentEditor | None:
        return self._current.editor()

    def set_highlights(self, layer: str, spans: Sequence[Span]) -> None:
        """Overlay ``spans`` (document offsets) on the comments holding them."""
        self._layers.set_spans(layer, spans)
        self._layers.distribute(self._doc)
        self._current.refresh_layers()
        self.view.viewport().update()

    def set_corrected_comments(self, ids: Iterable[str]) -> None:
        """Mark these comments' headers as corrected by the user (see CORRECTED_MARK)."""
        self.delegate.corrected = frozenset(ids)
        self.view.viewport().update()

    def set_comment_highlights(
        self,
        layer: str,
        by_comment: Mapping[str, Sequence[Span]],
        changed: Iterable[str] | None = None,
    ) -> None:
        """Like :meth:`set_highlights`, with the spans already grouped by comment id (no
        look-up per span, for thousands of them). ``changed`` names the comments whose
        spans differ from the last call (None: any may); only those are laid out again."""
        self._layers.set_by_comment(layer, by_comment)
        changed = None if changed is None else set(changed)
        self._layers.distribute(self._doc, changed)
        editor = self.current_editor()
        if editor is not None and (changed is None or editor.comment.id in changed):
            self._current.refresh_layers()
        self.view.viewport().update()

    def offset_at(self, global_pos: QPoint) -> tuple[str, int] | None:
        """The comment (id) and document offset of the character at a screen point."""
        editor = self.current_editor()
        if editor is not None:
            local = editor.viewport().mapFromGlobal(global_pos)
            if editor.viewport().rect().contains(local):
                offset = editor.offset_at(local)
                return (editor.comment.id, offset) if offset >= 0 else None
        pos = self.view.viewport().mapFromGlobal(global_pos)
        index = self.view.indexAt(pos)
        comment = self._model.comment(index)
        if comment is None:
            return None
        body = self.delegate.body_rect(self.view.visualRect(index))
        if not body.contains(pos):
            return None
        layout = self.texts.laid_out(comment, body.width()).documentLayout()
        position = layout.hitTest(QPointF(pos - body.topLeft()), Qt.HitTestAccuracy.ExactHit)
        offset = self.texts.text_map(comment).to_doc(position) if position >= 0 else None
        return None if offset is None else (comment.id, offset)

    def highlights(self, layer: str) -> list[Span]:
        """The spans shown in ``layer`` (document offsets)."""
        return self._layers.spans(layer)

    def comment_text_map(self, comment_id: str) -> TextMap | None:
        comment = self._doc.comment(comment_id) if self._doc else None
        return self.texts.text_map(comment) if comment else None

    # ---- public: what is selected, what is under the cursor (code points)

    def snap_selection(self) -> bool:
        """Make the current comment's selection whole words, as it is about to be coded
        (unless the reader turned snapping off or asked for the exact characters)."""
        editor = self.current_editor()
        return editor is not None and editor.snap_selection()

    def selection(self) -> tuple[str, int, int] | None:
        """The current comment's id and the document span selected in it, if any."""
        editor = self.current_editor()
        span = editor.selected_span() if editor is not None else None
        return None if editor is None or span is None else (editor.comment.id, *span)

    def cursor_place(self) -> tuple[str, int | None] | None:
        """The current comment (id) and the document offset of the text cursor in it
        (None: the comment has no editor yet)."""
        cid = self.current_comment()
        if cid is None:
            return None
        editor = self.current_editor()
        if editor is None or editor.comment.id != cid:
            return cid, None
        return cid, editor.text_map.to_doc(editor.textCursor().selectionStart())

    def comment_text_span(self, comment_id: str) -> tuple[int, int] | None:
        """The document span of a comment's own text (its marker left out)."""
        text_map = self.comment_text_map(comment_id)
        return text_map.doc_span(0, 1 << 30) if text_map is not None else None

    def shows_span(self, comment_id: str, start: int, end: int) -> bool:
        """Whether the comment's text shows any of ``start..end`` (a list marker does not)."""
        text_map = self.comment_text_map(comment_id)
        return text_map is not None and bool(text_map.qt_ranges(start, end))

    def editor_has_focus(self) -> bool:
        editor = self.current_editor()
        return editor is not None and editor.hasFocus()

    def focus_thread(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_annotation_hooks(
        self, tooltip: Callable[[str, int], str], activate: Callable[[str, int], bool]
    ) -> None:
        """Over the comments' text: ``tooltip(comment_id, offset)`` gives the tooltip of
        the character under the mouse ("" for the usual), ``activate(comment_id, offset)``
        takes a double-click (True: taken, the word is not selected)."""
        self._current.hooks = SpanHooks(self.offset_at, tooltip, activate, self)
        self.view.viewport().installEventFilter(self._current.hooks)

    # ---- public: keeping the reader's place

    def top_row(self) -> tuple[str, int] | None:
        """The comment at the top of the view and how far its row starts above it."""
        index = self.view.indexAt(QPoint(1, 1))
        comment = self._model.comment(index)
        return None if comment is None else (comment.id, self.view.visualRect(index).top())

    def scroll_to_top_row(self, comment_id: str, shift: int) -> None:
        """Scroll so that ``comment_id`` starts ``shift`` pixels from the top (as
        :meth:`top_row` said)."""
        index = self._model.index_of(comment_id)
        if index.isValid():
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
            bar = self.view.verticalScrollBar()
            bar.setValue(bar.value() - shift)

    def select_comment_in_place(self, comment_id: str) -> bool:
        """Make a comment current without scrolling the thread."""
        bar = self.view.verticalScrollBar()
        kept = bar.value()
        done = self.select_comment(comment_id)
        bar.setValue(kept)
        return done

    # ---- internals

    def _comment_font(self) -> QFont:
        font = QFont(self.view.font())
        font.setPointSizeF(font.pointSizeF() * 1.08)
        return font

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.texts.palette = self.view.palette()
            self.texts.font = self._comment_font()
            self.texts.invalidate()
            self.delegate.fonts_changed()
            self._model.refresh_sizes()
            self.view.scheduleDelayedItemsLayout()

    def _expand_to(self, index: QModelIndex) -> None:
        parent = index.parent()
        chain = []
        while parent.isValid():
            chain.append(parent)
            parent = parent.parent()
        for p in reversed(chain):
            self.view.expand(p)

    def _update_header(self) -> None:
        self.thread_header.show_count(self._doc)

    @Slot(QModelIndex, QModelIndex)
    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._moving:
            return  # (a moved row was current: it is made current again after the move)
        had_focus = self._current.has_focus()
        self._current.close()
        comment = self._model.comment(current)
        parent = self._model.comment(current.parent()) if current.isValid() else None
        self.delegate.related = parent.id if parent else None
        if comment is not None:
            width = self.delegate.body_width(current)
            self.texts.exact_height(comment, width)  # its row as tall as its text
            self.view.request_relayout(current)
            self._current.open(current, keep_focus_in_view=had_focus)
        self.view.viewport().update()
        self.comment_selected.emit(comment.id if comment else "")
        self.selection_changed.emit("", -1, -1)

    @Slot()
    def _on_view_expansion_changed(self) -> None:
        self.view.viewport().update()

    @Slot(QPoint, QPoint)
    def _on_view_context_menu_requested(self, pos: QPoint, global_pos: QPoint) -> None:
        comment = self._model.comment(self.view.indexAt(pos))
        if comment is None:
            return
        found = self.offset_at(global_pos)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu_about_to_show.emit(menu, comment.id, found[1] if found else -1)
        if menu.isEmpty():
            menu.deleteLater()
        else:
            menu.popup(global_pos)
