"""The article pane: a reading view of the document's own text, never HTML."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication

from reader.core.model import BlockKind
from reader.ui.panes.article.pane import ArticlePane

from .docs import Builder, sample_document


def make_pane(qtbot, doc=None) -> ArticlePane:
    pane = ArticlePane()
    qtbot.addWidget(pane)
    pane.resize(800, 600)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_document(doc or sample_document())
    return pane


def plain(pane: ArticlePane) -> str:
    return pane.document().toPlainText()


def test_markup_in_the_text_is_shown_literally_and_nothing_is_loaded(qtbot):
    b = Builder()
    b.block(BlockKind.TITLE, "<b>Not bold</b>")
    b.block(
        BlockKind.PARAGRAPH, '<script>alert("x")</script> and <img src="http://example.org/a.png">'
    )
    pane = make_pane(qtbot, b.build())
    text = plain(pane)
    assert '<script>alert("x")</script>' in text
    assert '<img src="http://example.org/a.png">' in text
    assert "<b>Not bold</b>" in text
    html = pane.document().toHtml()
    assert "<img" not in html.replace("&lt;img", "")
    assert pane.loadResource(2, "http://example.org/a.png") is None
    assert not pane.openLinks() and not pane.openExternalLinks()


def test_left_out_text_is_hidden_until_toggled_then_shown_greyed_with_why(qtbot):
    pane = make_pane(qtbot)
    assert "Subscribe to our newsletter" not in plain(pane)
    pane.set_boilerplate_visible(True)
    text = plain(pane)
    assert "Subscribe to our newsletter" in text
    assert "a call to subscribe" in text
    cursor = QTextCursor(pane.document())
    cursor.setPosition(text.index("Subscribe") + 1)
    muted = pane.palette().color(pane.palette().ColorRole.PlaceholderText)
    assert cursor.charFormat().foreground().color() == muted
    pane.set_boilerplate_visible(False)
    assert "Subscribe" not in plain(pane)


def test_a_selection_is_reported_in_document_code_points(qtbot):
    doc = sample_document()
    pane = make_pane(qtbot, doc)
    start, end = doc.text.index("herds 🐄 to"), doc.text.index("herds 🐄 to") + len("herds 🐄 to")
    with qtbot.waitSignal(pane.selection_changed) as signal:
        pane.reveal(start, end)
    assert signal.args == [start, end]
    assert pane.selected_span() == (start, end)
    assert pane.textCursor().selectedText() == "herds 🐄 to"


def test_copy_leaves_out_readers_own_labels(qtbot):
    doc = sample_document()
    pane = make_pane(qtbot, doc)
    assert "quoted by 1" in plain(pane)
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text()
    assert "quoted by" not in copied
    assert "The river rose two metres overnight." in copied


def test_clicking_the_quoted_by_marker_names_the_quoting_comments(qtbot):
    pane = make_pane(qtbot)
    at = plain(pane).index("quoted by 1") + 3
    cursor = QTextCursor(pane.document())
    cursor.setPosition(at)
    point = pane.cursorRect(cursor).center() + QPoint(2, 0)
    with qtbot.waitSignal(pane.quoted_by_activated) as signal:
        qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == [["c3"]]


def test_a_pull_quote_links_to_its_body_sentence(qtbot):
    doc = sample_document()
    pane = make_pane(qtbot, doc)
    quote_block = next(i for i, b in enumerate(doc.blocks) if b.kind is BlockKind.PULLQUOTE)
    at = pane.text_map().to_qt(doc.blocks[quote_block].start + 3)
    cursor = QTextCursor(pane.document())
    cursor.setPosition(at)
    with qtbot.waitSignal(pane.link_activated) as signal:
        qtbot.mouseClick(
            pane.viewport(), Qt.MouseButton.LeftButton, pos=pane.cursorRect(cursor).center()
        )
    link = doc.links[signal.args[0]]
    assert link.source.block == quote_block and link.target.block is not None


def test_zoom_steps_and_resets(qtbot):
    pane = make_pane(qtbot)
    size = pane.document().defaultFont().pointSizeF()
    with qtbot.waitSignal(pane.zoom_changed) as signal:
        pane.zoom_in_step()
    assert signal.args == [1]
    assert pane.document().defaultFont().pointSizeF() > size
    pane.reset_zoom()
    assert pane.document().defaultFont().pointSizeF() == size


def test_highlight_layers_overlay_without_touching_the_text(qtbot):
    doc = sample_document()
    pane = make_pane(qtbot, doc)
    before = plain(pane)
    fmt = QTextCharFormat()
    start = doc.text.index("Farmers")
    pane.set_highlights("tags", [(start, start + len("Farmers"), fmt)])
    assert len(pane.extraSelections()) == 1
    assert pane.extraSelections()[0].cursor.selectedText() == "Farmers"
    pane.set_boilerplate_visible(True)  # a rebuild keeps overlays
    assert pane.extraSelections()[0].cursor.selectedText() == "Farmers"
    pane.set_highlights("tags", [])
    assert pane.extraSelections() == []
    pane.set_boilerplate_visible(False)
    assert plain(pane) == before
