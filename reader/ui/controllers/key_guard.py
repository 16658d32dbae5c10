"""Single-key tagging shortcuts (T, Shift+T, N, Del) act only when the user is reading,
never on keys meant as text.

A burst of typing that put characters in a text field (a search, the document filter,
the tag chooser) may go on after Enter has moved the focus into a text pane: those next
keys were typed as text, and taken as commands they would tag a hit or make a tag of the rest of a
query. So a single-key shortcut is refused while the typing burst it ends began in a text
field (keys less than :data:`BURST_GAP_MS` apart), and while an input method is composing;
the status bar says why, and the same key after a pause, or after a click, acts as usual.
Shortcuts with Ctrl or Alt are never refused: nobody types them as text. The other way
round, a chord a window action has that a text field would take only as a second way to
move (X11's Emacs-style Ctrl+E for End, which ate Export in the document filter the
window starts in) goes to the action; the editing chords (undo, copy, paste, select,
delete by word…) stay the field's (:func:`field_keeps`).

The guard watches only the widget with the focus (it moves its event filter along with
the focus) and the shortcut events sent to the guarded actions, nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QInputMethodEvent, QKeyEvent, QKeySequence, QShortcutEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

BURST_GAP_MS = 800
"""Keys closer together than this are one burst of typing (typists leave 100–300 ms)."""

_TEXT_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def is_single_key(sequence: QKeySequence) -> bool:
    """Whether ``sequence`` is one key a typist could press as text: a printable key
    (with Shift at most), or Delete."""
    if sequence.count() != 1:
        return False
    combination = sequence[0]
    if combination.keyboardModifiers() & ~_TEXT_MODIFIERS:
        return False
    key = combination.key()
    return key == Qt.Key.Key_Delete or int(key) < 0x01000000


def takes_text(widget: QWidget | None) -> bool:
    """Whether keys typed in ``widget`` become text (an editable field)."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


_FIELD_KEYS = tuple(
    getattr(QKeySequence.StandardKey, name)
    for name in (
        "Undo", "Redo", "Copy", "Cut", "Paste", "SelectAll", "Delete", "Backspace",
        "DeleteStartOfWord", "DeleteEndOfWord", "MoveToNextWord", "MoveToPreviousWord",
        "SelectNextWord", "SelectPreviousWord", "SelectStartOfLine", "SelectEndOfLine",
        "MoveToStartOfLine", "MoveToEndOfLine", "SelectStartOfDocument", "SelectEndOfDocument",
    )
)  # fmt: skip


def field_keeps(chord: QKeySequence) -> bool:
    """Whether a text field keeps ``chord`` from the window's actions: an editing chord
    (undo, copy, select by word…), not only an Emacs-style second key for a move (Ctrl+E
    is End on X11; End itself stays)."""
    for standard in _FIELD_KEYS:
        bindings = QKeySequence.keyBindings(standard)
        if chord in bindings and (
            bindings.index(chord) == 0
            or standard not in (QKeySequence.StandardKey.MoveToEndOfLine,
                                QKeySequence.StandardKey.MoveToStartOfLine)
        ):  # fmt: skip
            return True
    return False


_CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _is_chord(modifiers: Qt.KeyboardModifier | None) -> bool:
    """Whether keys pressed with these modifiers are a command, not text: Ctrl, Alt or
    Meta held (Ctrl+Alt together is AltGr on Windows, which types characters)."""
    if modifiers is None:
        return False
    held = modifiers & (_CTRL_ALT | Qt.KeyboardModifier.MetaModifier)
    return bool(held) and held != _CTRL_ALT


def key_name(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText) or "that key"


class KeyGuard(QObject):
    """Refuses the single-key shortcuts of ``actions`` during a typing burst begun in a
    text field, or while an input method composes.

    Signals:
        refused(str): a shortcut was not taken; a sentence for the status bar.
    """

    refused = Signal(str)

    def __init__(
        self,
        actions: Iterable[QAction],
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._last_key = -1e9  # seconds, by the clock
        self._burst_from_text = False
        self._composing = False
        self._watched: QWidget | None = None
        self._guarded: set[QAction] = set()
        self.guard(actions)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_app_focus_changed)
        self._watch(QApplication.focusWidget())

    def guard(self, actions: Iterable[QAction]) -> None:
        """Guard these actions too (those with a single-key shortcut; others are left)."""
        for action in actions:
            if action not in self._guarded and any(map(is_single_key, action.shortcuts())):
                self._guarded.add(action)
                action.installEventFilter(self)

    def typing(self) -> bool:
        """Whether a key now would belong to a typing burst begun in a text field."""
        gap = self._clock() - self._last_key
        return self._burst_from_text and gap * 1000 < BURST_GAP_MS

    # ---- what the focus widget sees

    def _watch(self, widget: QWidget | None) -> None:
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)  # (a widget deleted took its filters)
        self._watched = widget
        if widget is not None:
            widget.installEventFilter(self)

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._burst_from_text = False  # a click: the user chose where to be
        self._composing = False
        self._watch(new)

    def _key_pressed(
        self, widget: QObject, typed: str, modifiers: Qt.KeyboardModifier | None = None
    ) -> None:
        """A key reached the focus widget: it begins a burst or goes on with one. The burst
        is text when characters were typed into a field (Enter or arrows in the tag
        chooser only choose: T, Enter, N is a chain, not typing; nor is a chord such as
        Alt+2, which X11 still gives a text "2")."""
        now = self._clock()
        printable = bool(typed) and typed.isprintable() and not _is_chord(modifiers)
        text = printable and isinstance(widget, QWidget) and takes_text(widget)
        if (now - self._last_key) * 1000 >= BURST_GAP_MS:
            self._burst_from_text = text
        else:
            self._burst_from_text = self._burst_from_text or text
        self._last_key = now

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Shortcut and watched in self._guarded:
            assert isinstance(event, QShortcutEvent)
            if is_single_key(event.key()) and (self._composing or self.typing()):
                self._refuse(event.key())
                return True
        elif watched is self._watched:
            if kind == QEvent.Type.ShortcutOverride:
                assert isinstance(event, QKeyEvent)
                self._key_pressed(watched, event.text(), event.modifiers())
                if self._window_takes(watched, event):
                    event.ignore()  # not overridden: the window's shortcut fires
                    return True
            elif kind == QEvent.Type.InputMethod:
                assert isinstance(event, QInputMethodEvent)
                self._composing = bool(event.preeditString())
                self._key_pressed(watched, event.commitString() or event.preeditString())
        return super().eventFilter(watched, event)

    def _window_takes(self, widget: QObject, event: QKeyEvent) -> bool:
        """Whether a chord typed in a text field belongs to a window action instead."""
        chords = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if not event.modifiers() & chords or not isinstance(widget, QWidget):
            return False
        if not takes_text(widget):
            return False
        chord = QKeySequence(event.keyCombination())
        if field_keeps(chord):
            return False
        window = widget.window()
        return any(
            chord in action.shortcuts() and action.isEnabled()
            for action in window.findChildren(QAction)
        )

    def _refuse(self, key: QKeySequence) -> None:
        if self._composing:
            self.refused.emit(f"“{key_name(key)}” was not taken as a shortcut while composing")
            return
        self.refused.emit(
            f"“{key_name(key)}” was typed straight after text in a field, so it was not "
            "taken as a shortcut; pause, then press it again"
        )
