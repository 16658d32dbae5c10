"""The note editor: plain text (Markdown welcome) on one annotation, saved as you type.

Typing is saved after a short pause (and at once when the editor loses focus or shows
another annotation), as one ``note_edited`` intent; the window turns it into an undoable
command, and consecutive edits of one note merge, so Ctrl+Z in the window undoes the
typing as a whole.

**Preview** (the button, or Ctrl+Shift+M in the editor) shows the note rendered as
Markdown in place of the text (``reader.core.note_markdown``: raw HTML off, so markup typed
in a note shows as text; links are not followed, nothing is loaded); it follows the note as
it changes, and the button again returns to the text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.note_markdown import note_html
from reader.ui.plain_text import plain_label

SAVE_DELAY_MS = 400


class NoteEditor(QWidget):
    """Edits the note of one annotation at a time.

    Signals:
        note_edited(str, str): the note of an annotation (id) now reads this text.
    """

    note_edited = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note_editor")
        self._annotation_id: str | None = None
        self._saved = ""
        self.heading = plain_label(QLabel(self))
        self.heading.setObjectName("note_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("note_text")
        self.edit.setTabChangesFocus(True)
        font = QFont(self.edit.font())
        font.setStyleHint(QFont.StyleHint.SansSerif)
        self.edit.setFont(font)
        self.hint = QLabel("Plain text; Markdown welcome. Saved as you type.", self)
        self.hint.setObjectName("note_hint")
        self.hint.setEnabled(False)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("note_preview")
        self.preview.setOpenLinks(False)  # a link in a note is shown, never followed
        self.preview.hide()
        self.preview_button = QToolButton(self)
        self.preview_button.setObjectName("note_preview_button")
        self.preview_button.setText("Preview")
        self.preview_button.setCheckable(True)
        self.preview_button.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.preview_button.setToolTip("Show the note as Markdown renders it (Ctrl+Shift+M)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.preview, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.preview_button)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self.show_annotation(None)

        self._timer.timeout.connect(self.save_now)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.preview_button.toggled.connect(self._on_preview_button_toggled)
        self.edit.installEventFilter(self)

    def annotation_id(self) -> str | None:
        return self._annotation_id

    def show_annotation(self, annotation_id: str | None, heading: str = "", note: str = "") -> None:
        """Edit another annotation's note (what was typed so far is saved first)."""
        self.save_now()
        self._annotation_id = annotation_id
        self._saved = note
        self.heading.setText(heading if annotation_id else "No annotation chosen")
        self.edit.blockSignals(True)
        self.edit.setPlainText(note)
        self.edit.blockSignals(False)
        self.edit.setReadOnly(annotation_id is None)
        self.edit.setPlaceholderText(
            "Write a note…" if annotation_id else "Choose an annotation, then press N"
        )
        self._refresh_preview()

    def note_changed_elsewhere(self, annotation_id: str, note: str, heading: str = "") -> None:
        """The stored note changed (undo, another window): show it unless it is what is
        being typed."""
        if annotation_id != self._annotation_id:
            return
        if heading:
            self.heading.setText(heading)
        if note == self.edit.toPlainText():
            self._saved = note
            return
        self._timer.stop()
        self._saved = note
        cursor = self.edit.textCursor().position()
        self.edit.blockSignals(True)
        self.edit.setPlainText(note)
        self.edit.blockSignals(False)
        text_cursor = self.edit.textCursor()
        text_cursor.setPosition(min(cursor, len(note)))
        self.edit.setTextCursor(text_cursor)
        self._refresh_preview()

    def start_editing(self) -> None:
        self.preview_button.setChecked(False)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)

    def pending(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def save_now(self) -> None:
        self._timer.stop()
        if self._annotation_id is None:
            return
        text = self.edit.toPlainText()
        if text != self._saved:
            self._saved = text
            self.note_edited.emit(self._annotation_id, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.save_now()
        return super().eventFilter(watched, event)

    @Slot()
    def _on_edit_text_changed(self) -> None:
        if self._annotation_id is not None:
            self._timer.start()

    @Slot(bool)
    def _on_preview_button_toggled(self, on: bool) -> None:
        if on:
            self.save_now()
        self._refresh_preview()
        self.preview.setVisible(on)
        self.edit.setVisible(not on)
        (self.preview_button if on else self.edit).setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_preview(self) -> None:
        if self.preview_button.isChecked():
            self.preview.setHtml(note_html(self.edit.toPlainText()))
