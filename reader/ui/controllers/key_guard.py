"""Single-key tagging shortcuts (T, Shift+T, N, Del) act only when the user is reading,
never on keys meant as text.

A burst of typing that put characters in a text field (a search, the document filter,
the tag chooser) may go on after Enter has moved the focus into a text pane: those next
keys were typed as text, and taken as commands they would tag a hit or make a tag of the rest of a
query. So a single-key shortcut is refused while the typing burst it ends began in a text
field (keys less than :data:`BURST_GAP_MS` apart), and while an input method is composing;
the status bar says why, and the same key after a pause, or after a click, acts as usual.
Shortcuts with Ctrl or Alt are never refused: nobody types them as text.

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

    def _key_pressed(self, widget: QObject, typed: str) -> None:
        """A key reached the focus widget: it begins a burst or goes on with one. The burst
        is text when characters were typed into a field (Enter or arrows in the tag
        chooser only choose: T, Enter, N is a chain, not typing)."""
        now = self._clock()
        printable = bool(typed) and typed.isprintable()
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
                self._key_pressed(watched, event.text())
            elif kind == QEvent.Type.InputMethod:
                assert isinstance(event, QInputMethodEvent)
                self._composing = bool(event.preeditString())
                self._key_pressed(watched, event.commitString() or event.preeditString())
        return super().eventFilter(watched, event)

    def _refuse(self, key: QKeySequence) -> None:
        if self._composing:
            self.refused.emit(f"“{key_name(key)}” was not taken as a shortcut while composing")
            return
        self.refused.emit(
            f"“{key_name(key)}” was typed straight after text in a field, so it was not "
            "taken as a shortcut; pause, then press it again"
        )
