"""The thread's header: how many comments ("12 of 20 comments"), and Expand / Collapse
buttons; the count wraps rather than being cut when the pane is narrow."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from reader.core.model import Document
from reader.ui.panes.comments.texts import PAD_X
from reader.ui.plain_text import plain_label
from reader.ui.wording import comment_count_text


class ThreadHeader(QWidget):
    """``label`` says how many comments; ``expand_button`` and ``collapse_button``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = plain_label(QLabel(self))
        self.label.setObjectName("comment_count")
        font = QFont(self.label.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.label.setFont(font)
        self.label.setWordWrap(True)  # "12 of 20 comments" on two lines, never cut
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(60)
        self.expand_button = QToolButton(self)
        self.expand_button.setText("Expand all")
        self.expand_button.setToolTip("Open every reply (Ctrl+Shift+E)")
        self.collapse_button = QToolButton(self)
        self.collapse_button.setText("Collapse all")
        self.collapse_button.setToolTip("Close every reply (Ctrl+Shift+W)")
        for button in (self.expand_button, self.collapse_button):
            button.setAutoRaise(True)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(PAD_X, 4, 4, 4)
        bar.addWidget(self.label, 1)
        bar.addWidget(self.expand_button)
        bar.addWidget(self.collapse_button)

    def show_count(self, doc: Document | None) -> None:
        if doc is None:
            self.label.setText("No document")
        else:
            self.label.setText(comment_count_text(len(doc.comments), doc.declared_comment_count))
        self.label.setToolTip(self.label.text())
        has = bool(doc and doc.comments)
        self.expand_button.setEnabled(has)
        self.collapse_button.setEnabled(has)
