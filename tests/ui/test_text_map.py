"""Pane positions <-> document offsets, through emoji, combining marks and left-out text."""

from reader.ui.text_map import TextMap, align


def test_align_finds_a_shown_slice_in_one_run():
    assert align("world", "hello world", 100) == [(0, 106, 5)]


def test_align_skips_list_markers_and_refolded_paragraph_breaks():
    source = "1. First line\nsecond 😀 line\n\n\nAnother paragraph"
    shown = "First line\nsecond 😀 line\n\nAnother paragraph"
    runs = align(shown, source, 50)
    for shown_at, doc_at, length in runs:
        assert shown[shown_at : shown_at + length] == source[doc_at - 50 : doc_at - 50 + length]
    assert sum(n for _, _, n in runs) >= len("First line\nsecond 😀 line") + len(
        "Another paragraph"
    )


def test_pieces_convert_both_ways_across_astral_characters():
    text = "ab😀cd e\u0301f"  # an emoji (two UTF-16 units) and a combining accent (one)
    m = TextMap()
    end = m.add(10, 1000, text)  # shown after 10 units of the pane's own text
    assert end == 10 + len(text) + 1
    assert m.to_qt(1000) == 10
    assert m.to_qt(1003) == 14  # after the emoji: one extra unit
    assert m.to_doc(14) == 1003
    assert m.to_doc(13) == 1002  # inside the surrogate pair: the emoji itself
    assert m.to_doc(5) is None  # the pane's own text
    assert m.qt_ranges(1002, 1003) == [(12, 14)]
    assert m.doc_span(12, 14) == (1002, 1003)


def test_a_span_across_two_pieces_gives_two_ranges_and_skips_the_gap():
    m = TextMap()
    m.add(0, 0, "hello")  # doc 0..5 at pane 0..5
    m.add(8, 7, "world")  # doc 7..12 at pane 8..13 (pane 5..8 is a label)
    assert m.qt_ranges(3, 9) == [(3, 5), (8, 10)]
    assert m.doc_span(4, 10) == (4, 9)
    assert m.doc_span(5, 8) is None


def test_a_map_over_a_whole_document_converts_through_its_index():
    from reader.core.offsets import Utf16Index

    text = "😀 intro\n\n1. ab😀cd e\u0301f"
    m = TextMap(Utf16Index(text))
    start = text.index("ab")
    end = m.add(7, start, text[start:])  # shown after 7 units of the pane's own text
    assert end == 7 + len(text[start:]) + 1
    assert m.to_qt(start + 3) == 7 + 4
    assert m.to_doc(7 + 4) == start + 3
    assert m.to_doc(7 + 3) == start + 2  # inside the pair: the emoji itself
    assert m.qt_ranges(start + 2, start + 3) == [(9, 11)]
    m2 = TextMap(Utf16Index("x😀yz"))
    m2.add_aligned(0, "q😀 y", "x😀yz", 0)
    assert m2.to_qt(2) == 4  # "y" after "q😀 " (four units)


def test_many_offsets_in_text_order_convert_as_one_by_one():
    # The scroll-bar ticks convert a document's annotation starts in one walk.
    from reader.core.offsets import Utf16Index

    doc = "ab😀cd\nleft out\ne\u0301f 🌊 gh\n\nlast 👍 line"
    m = TextMap(Utf16Index(doc))
    m.add(3, 0, doc[:5])  # a label of 3 units first
    m.add(12, 15, doc[15:24])  # "left out\n" not shown
    m.add(30, 26, doc[26:])
    offsets = list(range(len(doc) + 2))
    assert m.to_qt_many(offsets) == [m.to_qt(o) for o in offsets]
    assert m.to_qt_many([]) == []
    assert TextMap().to_qt_many([0, 4]) == [None, None]
