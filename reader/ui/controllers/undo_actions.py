"""The Edit menu's Undo and Redo, made from the session's undo stack, that say in the
status bar what they did ("Undone: Tag “…” with “blame” · Ctrl+Shift+Z to redo"), so a
key pressed by mistake is never a silent change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from reader.ui.actions import key_sequences

UNDO_KEYS = (QKeySequence.StandardKey.Undo,)
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y", QKeySequence.StandardKey.Redo)


def first_key(action: QAction) -> str:
    keys = action.shortcuts()
    return keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""


class UndoActions(QObject):
    """``undo`` and ``redo``, added to ``window``; ``say(text)`` gets what they did."""

    def __init__(self, stack: QUndoStack, window: QWidget, say: Callable[[str], None]) -> None:
        super().__init__(window)
        self._stack = stack
        self._say = say
        self.undo = stack.createUndoAction(window, "&Undo")
        self.undo.setObjectName("undo")
        self.undo.setShortcuts(key_sequences(UNDO_KEYS))
        self.redo = stack.createRedoAction(window, "&Redo")
        self.redo.setObjectName("redo")
        self.redo.setShortcuts(key_sequences(REDO_KEYS))
        for action in (self.undo, self.redo):
            window.addAction(action)
        # connected after the stack's own slots: they run once the step is taken
        self.undo.triggered.connect(self._on_undo_triggered)
        self.redo.triggered.connect(self._on_redo_triggered)

    def after_push(self) -> str:
        """What the last command did, with the key that takes it back."""
        return f"{self._stack.undoText()} · {first_key(self.undo)} to undo"

    @Slot()
    def _on_undo_triggered(self) -> None:
        if self._stack.canRedo():
            self._say(f"Undone: {self._stack.redoText()} · {first_key(self.redo)} to redo")

    @Slot()
    def _on_redo_triggered(self) -> None:
        if self._stack.canUndo():
            self._say(f"Redone: {self._stack.undoText()} · {first_key(self.undo)} to undo")
