"""The window's index of a document's annotations, built from marks (as a document is
opened) or from whole records (as changes come), answers "which touch this span" as a
plain scan of every annotation would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotation_index import AnnotationIndex
from reader.core.records import TAG_SEPARATOR, Annotation, AnnotationMark


def _record(i: int, start: int, length: int, orphan: bool, tags: tuple[str, ...]) -> Annotation:
    return Annotation(
        f"a{i}", 1, start, start + length, "q", "", "", None, "", "t", "t", orphan, tags
    )


_ANNOTATIONS = st.lists(
    st.tuples(
        st.integers(0, 200),
        st.integers(1, 40),
        st.booleans(),
        st.lists(st.sampled_from(["t1", "t2", "t3"]), unique=True, max_size=3).map(tuple),
    ),
    max_size=40,
).map(lambda found: [_record(i, *a) for i, a in enumerate(found)])


@given(found=_ANNOTATIONS, lo=st.integers(0, 250), width=st.integers(0, 60))
def test_marks_and_records_index_alike_and_as_a_scan_would(found, lo, width):
    hi = lo + width
    marks = [AnnotationMark.of(a) for a in found]
    from_marks, from_records = AnnotationIndex(marks), AnnotationIndex(found)
    placed = sorted((a for a in marks if not a.orphan), key=lambda a: (a.start, a.end, a.id))
    for index in (from_marks, from_records):
        assert index.all() == placed + [a for a in marks if a.orphan]
        if hi > lo:
            expected = [a for a in placed if a.end > lo and a.start < hi]
        else:
            expected = [a for a in placed if a.start <= lo < a.end]
        assert index.overlapping(lo, hi) == expected
    assert [m.tags for m in marks] == [a.tags for a in found]
    assert all(
        m.first_tag == (a.tags[0] if a.tags else None) for m, a in zip(marks, found, strict=True)
    )


def test_a_change_replaces_the_mark_and_says_what_it_was():
    a = _record(1, 10, 5, False, ("t1",))
    index = AnnotationIndex([AnnotationMark.of(a)])
    moved = _record(1, 30, 5, False, ("t2", "t1"))
    old = index.put(moved)
    assert old == AnnotationMark.of(a) and old.tags == ("t1",)
    assert index.at(12) == [] and index.at(32) == [AnnotationMark.of(moved)]
    assert index.get("a1").tag_list == f"t2{TAG_SEPARATOR}t1"
    assert index.remove("a1") == AnnotationMark.of(moved) and len(index) == 0
