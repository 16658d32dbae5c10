"""Find in the document shown (Ctrl+F): every hit painted in the article and the comments,
one of them current (selected, scrolled to and painted stronger).

The store finds (``find_in_document``: code points of ``Document.text``, case ignored,
any whitespace matching any whitespace); the panes' text maps turn the spans into Qt
positions. Hits are overlays (the panes' highlight layers), never edits of the text.
Only hits the panes show count: text left out of the article counts once it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPalette, QTextCharFormat

from reader.core.find import Found, find_in_document
from reader.core.model import Document
from reader.ui.panes.article.pane import ArticlePane
from reader.ui.panes.comments.pane import CommentPane
from reader.ui.panes.find_bar import FindBar
from reader.ui.text_map import TextMap

if TYPE_CHECKING:
    from reader.ui.session import DocumentSession

LAYER = "find"
CURRENT_LAYER = "find_current"
TYPING_MS = 60  # keystrokes closer than this are found once
LONGEST_PREFILL = 120  # a selection longer than this is not put in the find bar

# Hit colours (all hits, the current one), light and dark: an amber that is neither a
# tag colour of the palette nor the selection's blue, drawn as a hatch, not a fill.
_FILLS = {False: ("#fde68a", "#f59e0b"), True: ("#6b5314", "#d08700")}

FindFunction = Callable[[Document, str], Sequence[Found]]


class Finder(QObject):
    """Finds text in the document shown and paints what it found.

    Signals:
        results_changed(int, int): the current hit (from 0; -1 for none) and how many
            there are; emitted after every search and every step.
    """

    results_changed = Signal(int, int)

    def __init__(
        self,
        session: DocumentSession,
        bar: FindBar,
        article: ArticlePane,
        comments: CommentPane,
        parent: QObject | None = None,
        *,
        find: FindFunction = find_in_document,
    ) -> None:
        super().__init__(parent)
        self._bar = bar
        self._article = article
        self._comments = comments
        self._find = find
        self._session = session
        self._hits: list[Found] = []
        self._current = -1
        self._text = ""
        self._painted_comments: set[str] = set()
        self._current_comment: str | None = None
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_MS)

        self._typing.timeout.connect(self._on_typing_timeout)
        bar.text_edited.connect(self._on_bar_text_edited)
        bar.next_requested.connect(self.next_hit)
        bar.previous_requested.connect(self.previous_hit)
        bar.close_requested.connect(self.close)
        session.document_changed.connect(self._on_session_document_changed)

    # ---- what is found

    def hits(self) -> list[Found]:
        return list(self._hits)

    def current(self) -> int:
        return self._current

    def current_hit(self) -> Found | None:
        return self._hits[self._current] if 0 <= self._current < len(self._hits) else None

    def is_open(self) -> bool:
        return self._bar.isVisible()

    # ---- the window's calls

    @property
    def _doc(self) -> Document | None:
        return self._session.document

    @Slot(object)
    def _on_session_document_changed(self, _doc_id: int | None) -> None:
        """Another document is shown: find the same text in it (nothing is selected)."""
        self._current_comment = None
        self._painted_comments = set()
        if self.is_open() and self._text:
            self._run(self._text, reveal=False, anchor=None)
        else:
            self._hits, self._current = [], -1
            self._bar.show_count(-1, 0)

    @Slot()
    def open(self) -> None:
        """Show the bar (Ctrl+F); a short selection in the text becomes what is found."""
        selected = self._selected_text()
        self._bar.open()
        if selected:
            self._bar.set_text(selected)
            self._bar.edit.selectAll()
            self.find(selected)
        elif self._bar.text() and not self._hits:
            self.find(self._bar.text())

    @Slot()
    def close(self) -> None:
        """Hide the bar and the hits; the text goes back to the pane of the last hit."""
        self._typing.stop()
        had_focus = self._bar.isAncestorOf(self._focus_widget())
        hit = self.current_hit()
        self._clear_paint()
        self._hits, self._current = [], -1
        self._bar.hide()
        if had_focus:
            if hit is not None and hit.comment_id is not None:
                self._comments.view.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self._article.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def refresh(self) -> None:
        """Find again (what the panes show changed: left-out text shown or hidden)."""
        if self.is_open() and self._text:
            hit = self.current_hit()
            self._run(self._text, reveal=False, anchor=hit.start if hit else None)

    def find(self, text: str) -> int:
        """Find ``text`` now, make the first hit from the last one current and show it;
        returns how many there are."""
        self._typing.stop()
        hit = self.current_hit()
        self._run(text, reveal=True, anchor=hit.start if hit else 0)
        return len(self._hits)

    @Slot()
    def next_hit(self) -> None:
        """The next hit (F3, Enter), round to the first after the last."""
        self._step(1)

    @Slot()
    def previous_hit(self) -> None:
        """The previous hit (Shift+F3, Shift+Enter), round to the last before the first."""
        self._step(-1)

    # ---- internals

    def _step(self, direction: int) -> None:
        if self._typing.isActive():  # Enter right after typing: find what was typed first
            self.find(self._bar.text())
            if direction > 0:
                return
        if not self.is_open():
            self._bar.open()
            if self._bar.text() and not self._hits:
                self.find(self._bar.text())
                return
        if not self._hits:
            self.results_changed.emit(-1, 0)
            return
        if self._current < 0:
            target = 0 if direction > 0 else len(self._hits) - 1
        else:
            target = (self._current + direction) % len(self._hits)
        self._make_current(target, reveal=True)

    def _run(self, text: str, *, reveal: bool, anchor: int | None) -> None:
        self._text = text
        found = list(self._find(self._doc, text)) if self._doc is not None and text else []
        self._hits = self._shown(found)
        self._paint_all()
        target = -1
        if self._hits and anchor is not None:
            target = next((i for i, h in enumerate(self._hits) if h.start >= anchor), 0)
        self._current = -1
        self._make_current(target, reveal=reveal)

    def _shown(self, found: Sequence[Found]) -> list[Found]:
        """The hits a pane shows (not those in hidden left-out text or list markers)."""
        article = self._article.text_map()
        by_id = {c.id: c for c in self._doc.comments} if self._doc is not None else {}
        maps: dict[str, TextMap | None] = {}
        kept = []
        for hit in found:
            if hit.comment_id is None:
                if article.qt_ranges(hit.start, hit.end):
                    kept.append(hit)
                continue
            if hit.comment_id not in maps:
                comment = by_id.get(hit.comment_id)
                maps[hit.comment_id] = self._comments.texts.text_map(comment) if comment else None
            text_map = maps[hit.comment_id]
            if text_map is not None and text_map.qt_ranges(hit.start, hit.end):
                kept.append(hit)
        return kept

    def _make_current(self, index: int, *, reveal: bool) -> None:
        self._current = index
        hit = self.current_hit()
        _, strong = self._formats()
        old = self._current_comment
        self._current_comment = hit.comment_id if hit is not None else None
        spans = [(hit.start, hit.end, strong)] if hit is not None else []
        self._article.set_highlights(
            CURRENT_LAYER, spans if hit is not None and hit.comment_id is None else []
        )
        changed = {c for c in (old, self._current_comment) if c is not None}
        if changed:
            by_comment = {self._current_comment: spans} if self._current_comment else {}
            self._comments.set_comment_highlights(CURRENT_LAYER, by_comment, changed)
        if hit is not None and reveal:
            if hit.comment_id is not None:
                self._comments.reveal(hit.comment_id, hit.start, hit.end)
            else:
                self._article.reveal(hit.start, hit.end)
        self._bar.show_count(self._current, len(self._hits))
        self.results_changed.emit(self._current, len(self._hits))

    def _paint_all(self) -> None:
        weak, _ = self._formats()
        article = []
        by_comment: dict[str, list[tuple[int, int, QTextCharFormat]]] = {}
        for hit in self._hits:
            if hit.comment_id is None:
                article.append((hit.start, hit.end, weak))
            else:
                by_comment.setdefault(hit.comment_id, []).append((hit.start, hit.end, weak))
        self._article.set_highlights(LAYER, article)
        changed = self._painted_comments | set(by_comment)
        self._painted_comments = set(by_comment)
        if changed:
            self._comments.set_comment_highlights(LAYER, by_comment, changed)

    def _clear_paint(self) -> None:
        self._article.set_highlights(LAYER, [])
        self._article.set_highlights(CURRENT_LAYER, [])
        if self._painted_comments:
            self._comments.set_comment_highlights(LAYER, {}, self._painted_comments)
        if self._current_comment is not None:
            self._comments.set_comment_highlights(CURRENT_LAYER, {}, {self._current_comment})
        self._painted_comments = set()
        self._current_comment = None

    def _formats(self) -> tuple[QTextCharFormat, QTextCharFormat]:
        base = self._article.palette().color(QPalette.ColorRole.Base)
        fills = _FILLS[base.lightnessF() < 0.5]
        out = []
        # A hatch and an underline, never a fill: a hit must not pass for a tagged
        # passage (tags are solid fills); the current hit's hatch is dense.
        for fill, pattern in zip(
            fills, (Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.Dense3Pattern), strict=True
        ):
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(QColor(fill), pattern))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor(fills[1]))
            fmt.setFontUnderline(True)
            out.append(fmt)
        return out[0], out[1]

    def _focus_widget(self):
        return self._bar.window().focusWidget() if self._bar.window() else None

    def _selected_text(self) -> str:
        """The selection in the text pane that has the focus, if short and on one line."""
        doc = self._doc
        if doc is None:
            return ""
        span = None
        editor = self._comments.current_editor()
        if self._article.hasFocus():
            span = self._article.selected_span()
        elif editor is not None and editor.hasFocus():
            span = editor.selected_span()
        if span is None:
            return ""
        text = doc.text[span[0] : span[1]]
        if not text.strip() or len(text) > LONGEST_PREFILL or "\n" in text.strip():
            return ""
        return " ".join(text.split())

    @Slot(str)
    def _on_bar_text_edited(self, _text: str) -> None:
        self._typing.start()

    @Slot()
    def _on_typing_timeout(self) -> None:
        self.find(self._bar.text())
