"""Selecting with the keyboard in the read-only text panes (the article, a comment).

Qt's text browsers select by character, word, line and page with Shift and the arrow
keys once keyboard selection is on; this module adds what readers of prose select by:
the sentence (Alt+Shift+→/←, found by ``QTextBoundaryFinder``) and the paragraph
(Ctrl+Shift+↓/↑), and says which keys select, so a pane can claim them before a window
shortcut does. Selections snap to whole words (:class:`WordSnapping`), so a passage is
never coded as "…more t" or "…militar": a drag when the mouse is released, a selection
made with the keys (from a click inside a word, then Shift+→…) when it is coded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, QTextBoundaryFinder
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

_SK = QKeySequence.StandardKey
SELECTING = (
    _SK.SelectNextChar, _SK.SelectPreviousChar, _SK.SelectNextWord, _SK.SelectPreviousWord,
    _SK.SelectNextLine, _SK.SelectPreviousLine, _SK.SelectStartOfLine, _SK.SelectEndOfLine,
    _SK.SelectStartOfBlock, _SK.SelectEndOfBlock, _SK.SelectStartOfDocument,
    _SK.SelectEndOfDocument, _SK.SelectNextPage, _SK.SelectPreviousPage,
)  # fmt: skip

_ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
_MODS = _ALT_SHIFT | Qt.KeyboardModifier.ControlModifier


def _unit(event: QKeyEvent, paragraphs: bool) -> tuple[str, int] | None:
    """("sentence"|"paragraph", +1|-1) for the keys that select by those units."""
    mods = event.modifiers() & _MODS
    key = event.key()
    if mods == _ALT_SHIFT and key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
        return "sentence", 1 if key == Qt.Key.Key_Right else -1
    if paragraphs and mods == _CTRL_SHIFT and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        return "paragraph", 1 if key == Qt.Key.Key_Down else -1
    return None


def is_selection_key(event: QKeyEvent, *, paragraphs: bool = True) -> bool:
    """Whether ``event`` extends a selection (Shift with a moving key, or a unit key)."""
    return _unit(event, paragraphs) is not None or any(event.matches(k) for k in SELECTING)


def claims(event: QEvent, *, paragraphs: bool = True) -> bool:
    """Accept a ShortcutOverride for a selecting key, so the pane gets it, not a window
    shortcut on the same keys (Ctrl+Shift+↑ is Go to Parent Comment)."""
    if (
        event.type() == QEvent.Type.ShortcutOverride
        and isinstance(event, QKeyEvent)
        and is_selection_key(event, paragraphs=paragraphs)
    ):
        event.accept()
        return True
    return False


def extend_by_unit(edit: QTextEdit, event: QKeyEvent, *, paragraphs: bool = True) -> bool:
    """Extend the selection of ``edit`` to the next or previous sentence or paragraph
    boundary if ``event`` asks for it; whether it did."""
    unit = _unit(event, paragraphs)
    if unit is None:
        return False
    kind, step = unit
    cursor = edit.textCursor()
    if kind == "paragraph":
        _paragraph(cursor, step)
    else:
        cursor.setPosition(sentence_boundary(cursor, step), QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.ensureCursorVisible()
    return True


def _paragraph(cursor: QTextCursor, step: int) -> None:
    keep = QTextCursor.MoveMode.KeepAnchor
    if step > 0:
        if cursor.atBlockEnd():
            cursor.movePosition(QTextCursor.MoveOperation.NextBlock, keep)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, keep)
    else:
        if cursor.atBlockStart():
            cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock, keep)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, keep)


def sentence_boundary(cursor: QTextCursor, step: int) -> int:
    """The position of the next (``step`` 1) or previous (-1) sentence boundary from the
    cursor: within its block, else the block's end or the next block's first sentence.
    Moving forward stops after a sentence's last word, not after the spaces following it.
    (Positions are Qt's, in the block: the finder counts as the document does.)"""
    block = cursor.block()
    qdoc = block.document()
    first, length = block.position(), block.length() - 1
    at = cursor.position() - first
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Sentence, block.text())
    finder.setPosition(at)
    if step > 0:
        while True:
            found = finder.toNextBoundary()
            if found < 0:
                nxt = block.next()
                if at >= length and nxt.isValid():
                    return sentence_boundary(QTextCursor(nxt), 1)
                return first + length
            end = first + found
            while end > first + at and qdoc.characterAt(end - 1).isspace():
                end -= 1
            if end > first + at:
                return end
    found = finder.toPreviousBoundary()
    if at == 0:
        prev = block.previous()
        if prev.isValid():
            probe = QTextCursor(prev)
            probe.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            return sentence_boundary(probe, -1)
        return first
    back = first + max(found, 0)
    if cursor.anchor() < cursor.position():  # shrinking a selection: keep its last word
        while back > max(cursor.anchor(), first) and qdoc.characterAt(back - 1).isspace():
            back -= 1
    return back


# ---- whole words


def _is_letter(ch: str) -> bool:
    return ch.isalnum() or (bool(ch) and unicodedata.category(ch).startswith("M"))


def _in_word(edit: QTextEdit, position: int) -> bool:
    """Whether the character at ``position`` belongs to a word (an apostrophe does when
    letters are on both sides: "don't")."""
    qdoc = edit.document()
    ch = qdoc.characterAt(position)
    if ch in ("'", "\u2019"):
        return _is_letter(qdoc.characterAt(position - 1)) and _is_letter(
            qdoc.characterAt(position + 1)
        )
    return _is_letter(ch)


def snap_to_words(edit: QTextEdit) -> bool:
    """Widen the selection of ``edit`` to whole words at both ends (a drag that ended
    inside "military" takes all of it); whether it changed. The direction is kept."""
    cursor = edit.textCursor()
    if not cursor.hasSelection():
        return False
    anchor, position = cursor.anchor(), cursor.position()
    low, high = min(anchor, position), max(anchor, position)
    start = edit.document().findBlock(low).position()
    end_block = edit.document().findBlock(max(low, high - 1))
    end = end_block.position() + end_block.length() - 1
    new_low, new_high = low, high
    if _in_word(edit, low) and low > start and _in_word(edit, low - 1):
        while new_low > start and _in_word(edit, new_low - 1):
            new_low -= 1
    if high > low and _in_word(edit, high - 1) and high < end and _in_word(edit, high):
        while new_high < end and _in_word(edit, new_high):
            new_high += 1
    if (new_low, new_high) == (low, high):
        return False
    forward = anchor <= position
    cursor.setPosition(new_low if forward else new_high)
    cursor.setPosition(new_high if forward else new_low, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    return True


class WordSnapping:
    """Snaps a pane's selections to whole words: the pane calls :meth:`pressed`,
    :meth:`moved` and :meth:`released` from its mouse events, and a drag snaps when the
    mouse is released; a selection the keys made is snapped by :meth:`settle` when it is
    about to be coded (so the keys still move by characters, and copy takes what they
    selected). Alt at the click or the drag keeps the exact characters, for the drag and
    for the keys that extend from that click; ``enabled`` False turns it all off."""

    def __init__(self, edit: QTextEdit) -> None:
        self._edit = edit
        self.enabled = True
        self._dragging = False
        self._exact = False

    def pressed(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return  # a right click opens a menu on the selection: it stays as it was made
        self._dragging = False
        self._exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)

    def moved(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._dragging = True

    def released(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self._exact = True
        if self._dragging and self.enabled and not self._exact:
            snap_to_words(self._edit)
        self._dragging = False

    def settle(self) -> bool:
        """Widen the selection to whole words before it is coded, unless snapping is off
        or the reader asked for the exact characters; whether it changed. (A drag was
        snapped when it ended: settling it again changes nothing.)"""
        return self.enabled and not self._exact and snap_to_words(self._edit)


class SnappingTextBrowser(QTextBrowser):
    """A read-only text view whose selections snap to whole words (``snapping``): the
    article and the current comment are both one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapping = WordSnapping(self)

    def snap_selection(self) -> bool:
        """Make the selection whole words now, as it is about to be coded (see
        :meth:`WordSnapping.settle`); whether it changed."""
        return self.snapping.settle()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.snapping.pressed(event)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.snapping.moved(event)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.snapping.released(event)


# ---- caret browsing


class KeyboardSelection:
    """Keyboard selection in a read-only text view: with ``caret`` on (F7), a visible
    text cursor the arrows, Home and End move; off, the arrows scroll as in any reading
    view, yet Shift with them still selects (from the top of the view when the cursor is
    out of sight), and the sentence and paragraph keys work either way."""

    def __init__(self, edit: QTextEdit) -> None:
        self._edit = edit
        self.caret = False
        edit.setCursorWidth(2)  # seen when caret browsing

    def set_caret(self, on: bool) -> None:
        self.caret = on
        self._edit.setTextInteractionFlags(self._interaction(on))
        if on:
            self._cursor_into_view()

    @staticmethod
    def _interaction(keyboard: bool) -> Qt.TextInteractionFlag:
        flags = Qt.TextInteractionFlag.TextBrowserInteraction
        return flags | Qt.TextInteractionFlag.TextSelectableByKeyboard if keyboard else flags

    def _cursor_into_view(self) -> None:
        """Put the text cursor at the top of the view if it is out of sight (and nothing
        is selected), so the keys start where the reader is."""
        edit = self._edit
        cursor = edit.textCursor()
        if cursor.hasSelection() or edit.viewport().rect().contains(
            edit.cursorRect(cursor).center()
        ):
            return
        top = edit.cursorForPosition(edit.viewport().rect().topLeft() + QPoint(0, 4))
        top.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        edit.setTextCursor(top)

    def key_pressed(self, event: QKeyEvent, press: Callable[[QKeyEvent], None]) -> bool:
        """Handle a selecting key (``press``: the view's own key handling); whether it
        was one."""
        selecting = is_selection_key(event)
        if selecting and not self.caret:
            self._cursor_into_view()
        if extend_by_unit(self._edit, event):
            event.accept()
            return True
        if not selecting or self.caret:
            return False
        self._edit.setTextInteractionFlags(self._interaction(True))
        try:
            press(event)
        finally:
            self._edit.setTextInteractionFlags(self._interaction(False))
        return True
