"""Selecting with the keyboard in the read-only text panes (the article, a comment).

Qt's text browsers select by character, word, line and page with Shift and the arrow
keys once keyboard selection is on; this module adds what readers of prose select by:
the sentence (Alt+Shift+→/←, found by ``QTextBoundaryFinder``) and the paragraph
(Ctrl+Shift+↓/↑), and says which keys select, so a pane can claim them before a window
shortcut does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTextBoundaryFinder
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QTextEdit

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
