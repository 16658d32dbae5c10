"""Highlights: which annotations touch a span, the order they are painted in, and the
formats that keep overlaps apart."""

from __future__ import annotations

from PySide6.QtGui import QPalette, QTextCharFormat

from reader.core.palette import PALETTE, themed
from reader.store.records import Annotation, Tag
from reader.ui.painting.highlights import AnnotationIndex, CommentSpans, HighlightStyle, paint_order

YELLOW, BLUE = PALETTE[0].light, PALETTE[6].light
TAGS = {
    "y": Tag("y", "Yellow", YELLOW, "", None, 0),
    "b": Tag("b", "Blue", BLUE, "", None, 1),
}


def ann(i: str, start: int, end: int, tags=("y",), note="", comment=None, orphan=False):
    return Annotation(
        i, 1, start, end, "x" * (end - start), "", "", comment, note, "t", "t", orphan, tags
    )


def test_the_index_finds_overlaps_positions_and_exact_spans():
    index = AnnotationIndex(
        [
            ann("long", 0, 100),
            ann("mid", 10, 30),
            ann("far", 200, 210),
            ann("gone", 5, 9, orphan=True),
        ]
    )
    assert [a.id for a in index.overlapping(20, 40)] == ["long", "mid"]
    assert [a.id for a in index.overlapping(100, 200)] == []
    assert [a.id for a in index.at(15)] == ["mid", "long"]  # shortest first
    assert [a.id for a in index.exactly(10, 30)] == ["mid"]
    assert [a.id for a in index.all()] == ["long", "mid", "far", "gone"]  # orphans last
    index.put(ann("mid", 12, 30))
    assert index.exactly(10, 30) == [] and [a.id for a in index.exactly(12, 30)] == ["mid"]
    index.remove("long")
    assert [a.id for a in index.at(15)] == ["mid"]


def test_longest_is_painted_first_and_nested_ones_are_known():
    order = paint_order([ann("inner", 10, 20), ann("outer", 0, 50), ann("apart", 60, 70)])
    assert [(a.id, nested) for a, nested in order] == [
        ("outer", False),
        ("inner", True),
        ("apart", False),
    ]


def test_formats_tell_second_tags_nesting_and_notes_apart(qapp):
    style = HighlightStyle(TAGS, qapp.palette())
    plain = style.format(ann("a", 0, 5), nested=False)
    assert plain.background().color().name() == themed(YELLOW, dark=style.dark)
    assert plain.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    two = style.format(ann("b", 0, 5, tags=("y", "b")), nested=False)
    assert two.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert two.underlineColor().name() == themed(BLUE, dark=not style.dark)
    nested = style.format(ann("c", 0, 5), nested=True)
    assert nested.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    noted = style.format(ann("d", 0, 5, note="why"), nested=False)
    assert noted.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    untagged = style.format(ann("e", 0, 5, tags=(), note="only a note"), nested=False)
    mid = qapp.palette().color(QPalette.ColorRole.Mid)
    assert untagged.background().color().name() == mid.name()


def test_a_dark_theme_paints_the_dark_shades(qapp):
    dark = QPalette(qapp.palette())
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        dark.setColor(group, QPalette.ColorRole.Base, PALETTE[12].dark)
    style = HighlightStyle(TAGS, dark)
    assert style.dark
    fmt = style.format(ann("a", 0, 5), nested=False)
    assert fmt.background().color().name() == PALETTE[0].dark
    assert fmt.foreground().color().name() == "#ffffff"


def test_comment_spans_are_worked_out_only_when_asked(qapp):
    index = AnnotationIndex([ann("a", 10, 20, comment="c1"), ann("b", 40, 45, comment="c2")])
    style = HighlightStyle(TAGS, qapp.palette())
    spans = CommentSpans(index, style, {"c1": (0, 30), "c2": (30, 60), "c3": (60, 90)})
    assert spans._cache == {}
    assert [s[:2] for s in spans["c1"]] == [(10, 20)]
    assert spans.get("c3") is None
    assert set(spans) == {"c1", "c2"} and len(spans) == 2
    index.put(ann("c", 12, 14, comment="c1"))
    assert len(spans["c1"]) == 1  # cached until told
    spans.forget(["c1"])
    assert [s[:2] for s in spans["c1"]] == [(10, 20), (12, 14)]
