"""The one way text from a document or the user reaches a tooltip, label or message box:
as plain text, never as markup.

Qt shows a tooltip, a ``QLabel`` and a ``QMessageBox`` text as rich text whenever
``Qt.mightBeRichText`` guesses it is (``Qt.AutoText``), so a page title, comment author,
passage, tag name, note or file name such as ``<b>bold</b> <img src="http://…">`` would
be rendered: bold text, a broken-image icon, even a request for the image. Every such
text goes through here:

* :func:`tooltip` escapes it into rich text that shows exactly the characters written
  (line breaks and runs of spaces kept, long lines wrapped);
* :func:`plain_label` and :func:`message_box` set ``Qt.PlainText`` on the widget.

Item views paint ``DisplayRole`` text as plain text already; only their tooltips need
escaping. ``tests/ui/test_hostile_text.py`` walks every model to keep it so.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

# Rich text so that Qt does not guess, and wraps long passages at the tooltip's width.
_TOOLTIP = '<p style="white-space:pre-wrap;">{}</p>'


def tooltip(text: str | None) -> str | None:
    """``text`` as a tooltip that shows it verbatim (None or "" for no tooltip)."""
    if not text:
        return None
    return _TOOLTIP.format(html.escape(text, quote=False))


def plain_label(label: QLabel) -> QLabel:
    """Make ``label`` show its text as written, whatever it looks like."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    """A message box (not yet shown) whose text, which may hold file names and error
    messages, is plain text."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
