"""The note editor's preview: the note as Markdown renders it, markup typed in it shown as
text, links not followed; it follows the note and gives way to the text again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QTextDocument

from reader.ui.note_editor import NoteEditor

NOTE = "**bold** and <b>not bold</b>\n\n- one\n- two\n\n[click](javascript:alert(1)) ![p](x.png)"


def _fragments(doc: QTextDocument) -> list[tuple[str, bool]]:
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            out.append((frag.text(), frag.charFormat().fontWeight() >= QFont.Weight.Bold))
            it += 1
        block = block.next()
    return out


def test_preview_renders_markdown_and_never_markup(qtbot):
    editor = NoteEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.show_annotation("a1", "“a passage”", NOTE)
    assert editor.preview.isHidden() and editor.edit.isVisible()
    qtbot.mouseClick(editor.preview_button, Qt.MouseButton.LeftButton)
    assert editor.preview.isVisible() and editor.edit.isHidden()
    frags = _fragments(editor.preview.document())
    assert ("bold", True) in frags
    assert any("<b>not bold</b>" in t and not b for t, b in frags)  # shown as typed
    text = editor.preview.toPlainText()
    assert "one" in text and "two" in text and "[click](javascript:alert(1))" in text
    shown = editor.preview.toHtml()
    assert "<img" not in shown and 'href="javascript' not in shown
    assert editor.preview.openLinks() is False
    # the note changes elsewhere (undo): the preview follows
    editor.note_changed_elsewhere("a1", "*now* this")
    assert editor.preview.toPlainText().strip() == "now this"
    # back to the text, where typing goes on
    qtbot.mouseClick(editor.preview_button, Qt.MouseButton.LeftButton)
    assert editor.edit.isVisible() and editor.preview.isHidden()
    assert editor.preview_button.shortcut() == QKeySequence("Ctrl+Shift+M")


def test_turning_to_the_preview_saves_what_was_typed(qtbot):
    editor = NoteEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.show_annotation("a1", "h", "")
    qtbot.keyClicks(editor.edit, "**typed**")
    with qtbot.waitSignal(editor.note_edited) as saved:
        editor.preview_button.click()
    assert saved.args == ["a1", "**typed**"]
    assert ("typed", True) in _fragments(editor.preview.document())
    editor.start_editing()  # N on an annotation goes back to the text
    assert editor.edit.isVisible() and not editor.preview_button.isChecked()
