"""A strip above the comments that says what Reader is unsure of in the thread's
structure (where the comments begin, how many boundaries are guesses), with a button
that takes the reader there and one that puts the strip away for this document.

It only shows what it is told (:meth:`DoubtNotice.tell`); deciding what is doubtful
belongs to the structure controller.

Signals:
    go_requested(): the user asked to see the doubtful place.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class FittedLabel(QLabel):
    """A word-wrapped plain-text label that, when given less height than its text
    needs, shows the whole lines that fit and ends the last with "…" (never a line cut
    through the middle); its text is unchanged, so its tooltip and accessible text are
    whole."""

    def shown_lines(self) -> list[str]:
        """The lines as painted at the label's present size."""
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        lines = self._wrapped(rect.width())
        fit = max(1, rect.height() // metrics.lineSpacing())
        if len(lines) <= fit:
            return lines
        rest = " ".join(" ".join(lines[fit - 1 :]).split())
        last = metrics.elidedText(rest + " …", Qt.TextElideMode.ElideRight, rect.width())
        return [*lines[: fit - 1], last]

    def _wrapped(self, width: int) -> list[str]:
        lines: list[str] = []
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        for paragraph in self.text().split("\n"):
            layout = QTextLayout(paragraph, self.font())
            layout.setTextOption(option)
            layout.beginLayout()
            while (line := layout.createLine()).isValid():
                line.setLineWidth(max(1, width))
                lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
            layout.endLayout()
        return [line.rstrip() for line in lines]

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.height() >= self.heightForWidth(self.width()):
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        for i, line in enumerate(self.shown_lines()):
            painter.drawText(rect.left(), rect.top() + i * metrics.lineSpacing() +
                             metrics.ascent(), line)  # fmt: skip


class DoubtNotice(QFrame):
    go_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("structure_doubt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = FittedLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # The note gives way when the pane is short (docks, small screens): it never
        # holds the window's layout to its wrapped height, and shows the whole lines
        # that fit, the last ending "…" (FittedLabel); its text is also its tooltip.
        self.label.setMinimumSize(1, 1)
        self.go_button = QToolButton(self)
        self.go_button.setText("Show Where")
        self.go_button.setToolTip("Go to where the comments were guessed to begin")
        self.close_button = QToolButton(self)
        self.close_button.setText("Dismiss")
        self.close_button.setToolTip("Hide this note for this document")
        for button in (self.go_button, self.close_button):
            button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setSizeConstraint(QHBoxLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.go_button)
        layout.addWidget(self.close_button)
        self.go_button.clicked.connect(self.go_requested)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def tell(self, text: str, *, can_go: bool) -> None:
        """Show ``text`` (plain); an empty text hides the strip."""
        self.label.setText(text)
        self.label.setToolTip(text)
        self.go_button.setVisible(can_go)
        if self.isVisibleTo(self.parentWidget()) != bool(text):
            self.setVisible(bool(text))
            # The thread below moves now, not at the next layout pass: whoever places
            # something on it right after (a scroll, a hover) sees where it is.
            layout = self.parentWidget().layout() if self.parentWidget() else None
            if layout is not None:
                layout.activate()
