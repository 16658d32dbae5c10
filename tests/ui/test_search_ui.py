"""Find in the document (Ctrl+F) and corpus search (Ctrl+Shift+F), driven by the keyboard
as a reader would, on the seeds and on hand-built documents."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from reader.core.model import BlockKind
from reader.ui.finder import CURRENT_LAYER, LAYER

from .docs import Builder

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SEED_001 = "001_975b6114f2d3a020.txt"  # article and comments
SEED_003 = "003_cd1e58f0605889ec.txt"  # "Lachin", twice, in the article


def seed_id(window, name: str) -> int:
    return next(s.id for s in window.project().documents() if s.source_path.endswith(name))


def expected_hits(doc, word: str) -> list[tuple[int, int, str | None]]:
    """Where ``word`` occurs in what the panes show, worked out from the document alone."""
    found = []
    pattern = re.compile(re.escape(word), re.IGNORECASE)
    for block in doc.blocks:
        if block.kind is BlockKind.BOILERPLATE:
            continue
        found += [
            (block.start + m.start(), block.start + m.end(), None)
            for m in pattern.finditer(doc.text[block.start : block.end])
        ]
    for c in doc.comments:
        words_at = c.parts[0][0] if c.parts else c.start + doc.text[c.start : c.end].index(c.text)
        for m in pattern.finditer(doc.text[words_at : c.end]):
            found.append((words_at + m.start(), words_at + m.end(), c.id))
    return sorted(found)


def find(window, qtbot, text: str):
    finder = window.retrieval.finder
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.find_bar.isVisible()
    assert window.find_bar.edit.hasFocus()
    with qtbot.waitSignal(finder.results_changed, timeout=3000) as changed:
        qtbot.keyClicks(window.find_bar.edit, text)
    qtbot.waitUntil(lambda: not finder._typing.isActive())
    return changed


def count_text(window) -> str:
    return window.find_bar.count_label.text()


def article_layer_texts(window, layer_fill: str) -> list[str]:
    article = window.article
    return [
        s.cursor.selectedText()
        for s in article.extraSelections()
        if s.format.background().color().name() == layer_fill
    ]


def test_find_keys_step_through_the_hits_in_the_article(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_003))
    find(window, qtbot, "lachin")
    finder = window.retrieval.finder
    hits = finder.hits()
    assert [(h.start, h.end, h.comment_id) for h in hits] == expected_hits(
        window.current_document(), "lachin"
    )
    assert len(hits) == 2
    assert count_text(window) == "1 of 2"
    assert window.article.textCursor().selectedText() == "Lachin"
    steps = [
        (Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier, "2 of 2"),
        (Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier, "1 of 2"),  # round to the first
        (Qt.Key.Key_F3, SHIFT, "2 of 2"),  # and back to the last
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "1 of 2"),
        (Qt.Key.Key_Return, SHIFT, "2 of 2"),
    ]
    for key, modifiers, label in steps:
        with qtbot.waitSignal(finder.results_changed):
            qtbot.keyClick(window.find_bar.edit, key, modifiers)
        assert count_text(window) == label
        hit = finder.current_hit()
        cursor = window.article.textCursor()
        assert window.article.selected_span() == (hit.start, hit.end)
        assert cursor.selectedText() == "Lachin"
    # F3 works from the text too
    window.article.setFocus()
    with qtbot.waitSignal(finder.results_changed):
        qtbot.keyClick(window.article, Qt.Key.Key_F3)
    assert count_text(window) == "1 of 2"

    # both hits painted in the find layer, as overlays: the text is untouched
    assert window.article._layer_spans[LAYER] and len(window.article._layer_spans[LAYER]) == 2
    assert len(window.article._layer_spans[CURRENT_LAYER]) == 1
    assert "Lachin" in window.article.toPlainText()

    window.find_bar.edit.setFocus()
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert LAYER not in window.article._layer_spans
    assert CURRENT_LAYER not in window.article._layer_spans
    assert window.article.hasFocus()


def test_find_counts_hits_in_article_and_comments_and_shows_those_in_comments(
    make_window, seeded_project, qtbot
):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_001))
    doc = window.current_document()
    expected = expected_hits(doc, "turkey")
    in_comments = [h for h in expected if h[2] is not None]
    assert in_comments and len(expected) > len(in_comments)  # both panes have hits
    find(window, qtbot, "turkey")
    finder = window.retrieval.finder
    assert [(h.start, h.end, h.comment_id) for h in finder.hits()] == expected
    assert count_text(window) == f"1 of {len(expected)}"
    first_in_comments = expected.index(in_comments[0])
    for _ in range(first_in_comments):
        with qtbot.waitSignal(finder.results_changed):
            qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_F3)
    assert count_text(window) == f"{first_in_comments + 1} of {len(expected)}"
    start, end, comment_id = in_comments[0]
    assert window.comments.current_comment() == comment_id
    editor = window.comments.current_editor()
    assert editor.selected_span() == (start, end)
    assert editor.textCursor().selectedText().lower() == "turkey"
    assert window.find_bar.edit.hasFocus()  # the reader goes on typing or pressing F3
    # every comment with a hit has it painted (in its laid-out text, not in the document)
    painted = window.comments._comment_layers[LAYER]
    assert sorted(painted) == sorted({h[2] for h in in_comments})


def test_typing_narrows_the_hits_and_a_miss_says_so(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_003))
    finder = window.retrieval.finder
    find(window, qtbot, "lac")
    wide = len(finder.hits())
    assert wide >= 2
    with qtbot.waitSignal(finder.results_changed):
        qtbot.keyClicks(window.find_bar.edit, "hin")
    assert len(finder.hits()) == 2
    with qtbot.waitSignal(finder.results_changed):
        qtbot.keyClicks(window.find_bar.edit, "xq")
    assert finder.hits() == []
    assert count_text(window) == "No matches"
    with qtbot.waitSignal(finder.results_changed):
        qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_F3)
    assert count_text(window) == "No matches"


def test_find_converts_offsets_and_follows_left_out_text(
    make_window, open_project, tmp_path, qtbot
):
    b = Builder()
    b.block(BlockKind.TITLE, "Offsets 👍🏽 and cafe\u0301 Lachin")
    b.block(BlockKind.PARAGRAPH, "Ünïcode 🇦🇲 before Lachin, then lachin again.")
    b.block(BlockKind.BOILERPLATE, "Subscribe to Lachin news", "newsletter")
    b.comment("A reply 👩‍👩‍👧 naming Lachin once.")
    doc = b.build()
    project = open_project(tmp_path / "p.reader")
    window = make_window(project)
    window._show(None, doc)  # a document made here, in no project
    find(window, qtbot, "LACHIN")
    finder = window.retrieval.finder
    assert len(finder.hits()) == 4  # the left-out paragraph is hidden
    painted = [s.cursor.selectedText() for s in window.article._layers[LAYER]]
    assert painted == ["Lachin", "Lachin", "lachin"]  # past emoji and combining marks
    assert [h.comment_id for h in finder.hits()] == [None, None, None, "c1"]
    assert window.article.textCursor().selectedText() == "Lachin"
    window.action("show_left_out").setChecked(True)
    assert len(finder.hits()) == 5
    window.action("show_left_out").setChecked(False)
    assert len(finder.hits()) == 4
