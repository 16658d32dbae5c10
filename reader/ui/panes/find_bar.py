"""The find bar under the text: a line to type in, "3 of 17", previous/next and close.

It only takes input and shows a count; :class:`reader.ui.controllers.finder.Finder` finds
and paints.
Enter finds the next hit, Shift+Enter the previous one, Esc closes the bar (F3 and
Shift+F3 are the window's actions, so they work from the text too).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader.ui.wording import plural


class FindBar(QWidget):
    """Input for find-in-document.

    Signals:
        text_edited(str): the text to find changed (each keystroke).
        next_requested(): go to the next hit (Enter, the down button).
        previous_requested(): go to the previous hit (Shift+Enter, the up button).
        close_requested(): Esc or the close button.
    """

    text_edited = Signal(str)
    next_requested = Signal()
    previous_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.label = QLabel("Find in document:", self)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("find_edit")
        self.edit.setPlaceholderText("Words in the article and comments")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(360)
        self.label.setBuddy(self.edit)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("find_count")
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("10,000 of 10,000 "))
        self.previous_button = self._button("▲", "Previous match (Shift+F3, Shift+Enter)")
        self.next_button = self._button("▼", "Next match (F3, Enter)")
        self.close_button = self._button("✕", "Close the find bar (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 6, 3)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count_label)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.setFocusProxy(self.edit)

        self.edit.textEdited.connect(self.text_edited)
        self.edit.installEventFilter(self)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.close_button.clicked.connect(self.close_requested)
        self.show_count(-1, 0)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Put ``text`` in the line (as if typed: ``text_edited`` is emitted)."""
        if text != self.edit.text():
            self.edit.setText(text)
            self.text_edited.emit(text)

    def open(self) -> None:
        """Show the bar, focus the line and select what is in it."""
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def show_count(self, current: int, total: int) -> None:
        """ "3 of 17" (``current`` counts from 0; -1 for none), "No matches", or nothing."""
        has_text = bool(self.edit.text().split())
        if not has_text:
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText("No matches")
        elif current < 0:
            self.count_label.setText(plural(total, "match", "matches"))
        else:
            self.count_label.setText(f"{current + 1:,} of {total:,}")
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)
        palette = self.edit.palette()
        base = self.palette().color(QPalette.ColorRole.Base)
        if has_text and total == 0:  # a faint red: nothing found (the words say so too)
            dark = base.lightnessF() < 0.5
            base = QColor(90, 40, 40) if dark else QColor(255, 225, 225)
        palette.setColor(QPalette.ColorRole.Base, base)
        self.edit.setPalette(palette)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous_requested.emit()
                else:
                    self.next_requested.emit()
                return True
            if key == Qt.Key.Key_Escape and not event.modifiers():
                self.close_requested.emit()
                return True
        if watched is self.edit and event.type() == QEvent.Type.ShortcutOverride:
            # Esc and Enter belong to the line while it has the focus, whatever the
            # window's shortcuts say.
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()
                return True
        return super().eventFilter(watched, event)
