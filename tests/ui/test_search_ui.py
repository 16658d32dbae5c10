"""Find in the document (Ctrl+F) and corpus search (Ctrl+Shift+F), driven by the keyboard
as a reader would, on the seeds and on hand-built documents."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from reader.core.model import BlockKind
from reader.ui.controllers.finder import CURRENT_LAYER, LAYER

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
    painted = window.comments._layers.by_comment(LAYER)
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
    window.session.show(None, doc)  # a document made here, in no project
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


# ---- corpus search ------------------------------------------------------------------


def open_search(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL | SHIFT)
    pane = window.search_pane
    qtbot.waitUntil(lambda: window.docks["search_dock"].isVisible())
    assert pane.query_edit.hasFocus()
    return pane


def search(window, qtbot, text: str):
    """Type ``text`` into the search line and wait for the search it runs."""
    pane = window.search_pane
    pane.query_edit.selectAll()
    with qtbot.waitSignal(pane.search_requested, timeout=3000):
        qtbot.keyClicks(pane.query_edit, text)
    return [window.search_model.hit(i) for i in hit_indexes(window.search_model)]


def hit_indexes(model):
    return [
        model.index(r, 0, model.index(d, 0))
        for d in range(model.rowCount())
        for r in range(model.rowCount(model.index(d, 0)))
    ]


def test_search_results_model_passes_the_model_tester(seeded_project, qtmodeltester):
    from reader.ui.models.search_results import SearchResultsModel

    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_results(seeded_project.search("armenia"))
    assert model.document_count() >= 3
    qtmodeltester.check(model)
    model.set_results(seeded_project.search("Lachin"))
    assert (model.document_count(), model.hit_count()) == (1, 2)
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_searching_lachin_lists_its_hits_and_enter_shows_the_first(
    make_window, seeded_project, qtbot
):
    window = make_window(seeded_project)
    window.open_document(seed_id(window, SEED_001))
    pane = open_search(window, qtbot)
    hits = search(window, qtbot, "Lachin")
    assert [(h.part, h.start, h.end) for h in hits] == [
        (h.part, h.start, h.end) for h in seeded_project.search("Lachin")
    ]
    assert len(hits) == 2
    assert pane.status_text() == "2 hits in 1 document."
    assert not pane.is_error_shown()
    for hit in hits:  # the snippet marks the word, and the place is the word
        (s, e), *_ = hit.snippet_marks
        assert hit.snippet[s:e] == "Lachin"
    qtbot.keyClick(pane.query_edit, Qt.Key.Key_Return)
    assert window.current_document_id() == seed_id(window, SEED_003)
    assert window.article.selected_span() == (hits[0].start, hits[0].end)
    assert window.article.textCursor().selectedText() == "Lachin"
    assert "flash" in window.article._layers
    assert pane.query_edit.hasFocus()  # what is typed next is still text
    # Down into the results, Down and Enter: the next hit
    qtbot.keyClick(pane.query_edit, Qt.Key.Key_Down)
    assert pane.view.hasFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Down)
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    assert window.article.selected_span() == (hits[1].start, hits[1].end)
    pane.view.grab()  # the delegate paints documents and snippets


def test_a_phrase_and_a_filter_toggle_narrow_the_search(make_window, seeded_project, qtbot):
    window = make_window(seeded_project)
    pane = open_search(window, qtbot)
    hits = search(window, qtbot, '"peace talks"')
    assert len(hits) == 1
    (s, e), *_ = hits[0].snippet_marks
    assert hits[0].snippet[s:e].lower() == "peace talks"

    everywhere = search(window, qtbot, "turkey")
    assert {h.part for h in everywhere} == {"article", "comment"}
    with qtbot.waitSignal(pane.search_requested):
        qtbot.mouseClick(pane.part_buttons["comment"], Qt.MouseButton.LeftButton)
    assert pane.query() == "turkey in:comments"
    in_comments = [window.search_model.hit(i) for i in hit_indexes(window.search_model)]
    assert in_comments and {h.part for h in in_comments} == {"comment"}
    assert len(in_comments) == len([h for h in everywhere if h.part == "comment"])
    # typing the filter sets the toggle, and clearing the toggle takes it out again
    with qtbot.waitSignal(pane.search_requested):
        qtbot.mouseClick(pane.part_buttons["comment"], Qt.MouseButton.LeftButton)
    assert pane.query() == "turkey"
    search(window, qtbot, "turkey in:article")
    assert pane.part_buttons["article"].isChecked()
    assert not pane.part_buttons["comment"].isChecked()

    # a click on a comment hit opens its document and selects the word in the comment
    with qtbot.waitSignal(pane.search_requested):
        qtbot.mouseClick(pane.part_buttons["article"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(pane.part_buttons["comment"], Qt.MouseButton.LeftButton)
    index = hit_indexes(window.search_model)[-1]
    hit = window.search_model.hit(index)
    assert hit.part == "comment"
    pane.view.scrollTo(index)
    rect = pane.view.visualRect(index)
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_document_id() == hit.document_id
    assert window.comments.current_comment() == hit.comment_id
    editor = window.comments.current_editor()
    assert editor.selected_span() == (hit.start, hit.end)
    assert editor.textCursor().selectedText().lower() == "turkey"


def test_a_query_that_cannot_be_read_says_why_in_the_pane(make_window, seeded_project, qtbot):
    from PySide6.QtWidgets import QApplication, QDialog

    window = make_window(seeded_project)
    pane = open_search(window, qtbot)
    search(window, qtbot, "Lachin")
    assert window.search_model.hit_count() == 2
    for bad, words in (
        ('"peace talks', "quotation mark is not closed"),
        ("drones OR", "'OR' needs words on both sides"),
        ("in:sidebar Lachin", "in:sidebar"),
        ("tag:nonesuch Lachin", "no tag named"),
    ):
        search(window, qtbot, bad)
        assert pane.is_error_shown()
        assert words in pane.status_text()
        assert window.search_model.rowCount() == 0
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    ]
    search(window, qtbot, "Lachin")
    assert not pane.is_error_shown()
    assert window.search_model.hit_count() == 2


def test_tag_filter_and_note_hits(make_window, seeded_project, qtbot):
    project = seeded_project
    doc_id = next(s.id for s in project.documents() if s.source_path.endswith(SEED_003))
    doc = project.load(doc_id)
    start = doc.text.index("Lachin")
    tag = project.add_tag("Corridor")
    project.add_tag("Roads", parent=tag.id)
    a = project.add_annotation(
        doc_id, start, start + len("Lachin Corridor"), [tag.id], "the only road: disputed"
    )
    window = make_window(project)
    pane = open_search(window, qtbot)
    assert [pane.tag_combo.itemText(i) for i in range(pane.tag_combo.count())] == [
        "Any tag",
        "Corridor",
        "Corridor / Roads",
    ]
    hits = search(window, qtbot, "Lachin")
    assert len(hits) == 2
    with qtbot.waitSignal(pane.search_requested):
        pane.tag_combo.setCurrentIndex(1)
        pane.tag_combo.activated.emit(1)
    assert pane.query() == "Lachin tag:Corridor"
    hits = [window.search_model.hit(i) for i in hit_indexes(window.search_model)]
    assert [(h.start, h.end) for h in hits] == [(start, start + len("Lachin"))]

    hits = search(window, qtbot, "disputed in:notes")
    assert [(h.part, h.annotation_id) for h in hits] == [("note", a.id)]
    assert window.search_model.data(
        hit_indexes(window.search_model)[0], Qt.ItemDataRole.ToolTipRole
    )
    qtbot.keyClick(pane.query_edit, Qt.Key.Key_Return)
    assert window.current_document_id() == doc_id
    assert window.article.selected_span() == (a.start, a.end)
    assert window.note_editor.annotation_id() == a.id


def test_trimming_and_query_filters_as_text():
    from reader.ui.painting.snippets import trim_to_match
    from reader.ui.panes.search import query_parts, query_tag, with_parts, with_tag

    assert with_parts("drones", ["comment"]) == "drones in:comments"
    assert with_parts("drones in:comments", ["article", "comment", "note"]) == "drones"
    assert with_parts('"a b" in:notes x', []) == '"a b" x'
    assert query_parts('x in:Comments in:article "in:notes"') == {"comment", "article"}
    assert with_tag("x tag:old", "two words") == 'x tag:"two words"'
    assert query_tag('x tag:"two words"') == "two words"
    assert with_tag('x tag:"two words"', None) == "x"
    text = "one two three four five six seven eight nine ten MATCH after"
    at = text.index("MATCH")
    trimmed, marks = trim_to_match(text, [(at, at + 5)], len, 30)
    assert trimmed.startswith("…") and trimmed[marks[0][0] : marks[0][1]] == "MATCH"
    assert len(trimmed[: marks[0][0]]) <= 30 / 4 + 1
    assert trim_to_match("MATCH x", [(0, 5)], len, 30) == ("MATCH x", [(0, 5)])


def test_the_new_docks_fit_a_small_screen(make_window, seeded_project, qtbot):
    window = make_window(seeded_project, show=False)
    window.resize(1024, 640)
    window.show()
    qtbot.waitExposed(window)
    assert window.width() == 1024
    for name in ("search_project", "coded_segments", "tag_overview"):
        window.action(name).trigger()
        assert window.width() == 1024, name
    assert window.docks["search_dock"].isVisible()


def test_the_part_buttons_read_whole_in_a_narrow_search_pane(qtbot):
    from reader.ui.models.search_results import SearchResultsModel
    from reader.ui.panes.search import SearchPane

    pane = SearchPane(SearchResultsModel())
    qtbot.addWidget(pane)
    pane.resize(pane.minimumWidth(), 400)
    pane.show()
    qtbot.waitExposed(pane)
    buttons = pane.part_buttons.values()

    def whole() -> bool:  # never squeezed below its own text ("Co…ts")
        return all(b.width() >= b.sizeHint().width() for b in buttons)

    qtbot.waitUntil(whole)
    assert pane.part_buttons["comment"].text() != "Comments"  # a shorter label
    assert all("Only hits in" in b.toolTip() for b in buttons)  # saying it in full
    pane.resize(360, 400)
    qtbot.waitUntil(lambda: pane.part_buttons["comment"].text() == "Comments")
    qtbot.waitUntil(whole)
