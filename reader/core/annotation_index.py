"""One document's annotations in text order: "which annotations touch this span", fast.

:class:`AnnotationIndex` is what the window keeps of an open document's annotations
(the session owns it and keeps it current with every change): their
:class:`~reader.core.records.AnnotationMark` records, what painting, finding and counting
need; a whole record (quote, times) is the store's to give. :func:`paint_order` says in
which order overlapping ones are painted (longest first: the shortest lies on top) and
which lie inside another. Offsets are code points of ``Document.text``. No Qt.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from operator import itemgetter

from reader.core.records import Annotation, AnnotationMark

# A mark's (start, end, id) and its orphan flag, by AnnotationMark's field order.
_KEY = itemgetter(2, 3, 0)
_ORPHAN = itemgetter(5)


class AnnotationIndex:
    """One document's annotations (orphans kept apart: they have no place to paint),
    held as marks; whole records given to it are kept as their marks."""

    def __init__(self, annotations: Iterable[Annotation | AnnotationMark] = ()) -> None:
        self._by_id: dict[str, AnnotationMark] = {}
        self._keys: list[tuple[int, int, str]] = []  # (start, end, id), sorted
        self._max_length = 0
        self.reset(annotations)

    def reset(self, annotations: Iterable[Annotation | AnnotationMark]) -> None:
        found = list(annotations)
        if not all(type(a) is AnnotationMark for a in found):
            found = [AnnotationMark.of(a) for a in found]
        self._by_id = {a.id: a for a in found}
        marks = self._by_id.values()
        placed = [a for a in marks if not a.orphan] if any(map(_ORPHAN, marks)) else marks
        self._keys = sorted(map(_KEY, placed))  # a first open sorts thousands: done in C
        self._max_length = max((e - s for s, e, _ in self._keys), default=0)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, annotation_id: object) -> bool:
        return annotation_id in self._by_id

    def get(self, annotation_id: str) -> AnnotationMark | None:
        return self._by_id.get(annotation_id)

    def all(self) -> list[AnnotationMark]:
        """Every annotation, placed ones in text order, then orphans."""
        placed = [self._by_id[k[2]] for k in self._keys]
        return placed + [a for a in self._by_id.values() if a.orphan]

    def put(self, annotation: Annotation | AnnotationMark) -> AnnotationMark | None:
        """Add or replace an annotation; returns the mark it replaced."""
        annotation = AnnotationMark.of(annotation)
        old = self.remove(annotation.id)
        self._by_id[annotation.id] = annotation
        if not annotation.orphan:
            insort(self._keys, (annotation.start, annotation.end, annotation.id))
            self._max_length = max(self._max_length, annotation.end - annotation.start)
        return old

    def remove(self, annotation_id: str) -> AnnotationMark | None:
        old = self._by_id.pop(annotation_id, None)
        if old is not None and not old.orphan:
            key = (old.start, old.end, old.id)
            i = bisect_left(self._keys, key)
            if i < len(self._keys) and self._keys[i] == key:
                del self._keys[i]
        return old

    def overlapping(self, lo: int, hi: int) -> list[AnnotationMark]:
        """Annotations sharing at least one character with ``lo..hi`` (or holding the
        position ``lo`` when ``lo == hi``), in text order."""
        first = bisect_left(self._keys, (lo - self._max_length,))
        last = bisect_right(self._keys, (hi, float("inf"))) if hi > lo else None
        keys = self._keys[first:last]
        if hi > lo:
            return [self._by_id[i] for s, e, i in keys if e > lo and s < hi]
        return [self._by_id[i] for s, e, i in keys if s <= lo < e]

    def at(self, offset: int) -> list[AnnotationMark]:
        """Annotations holding ``offset``, shortest first (the one painted on top)."""
        found = self.overlapping(offset, offset)
        return sorted(found, key=lambda a: (a.end - a.start, a.start))

    def exactly(self, start: int, end: int) -> list[AnnotationMark]:
        """Annotations on exactly ``start..end``."""
        i = bisect_left(self._keys, (start, end))
        out = []
        while i < len(self._keys) and self._keys[i][:2] == (start, end):
            out.append(self._by_id[self._keys[i][2]])
            i += 1
        return out

    def by_comment(self) -> dict[str, list[AnnotationMark]]:
        """Placed annotations lying in comments, by comment id, in text order."""
        out: dict[str, list[AnnotationMark]] = {}
        for _s, _e, i in self._keys:
            a = self._by_id[i]
            if a.comment_id is not None:
                out.setdefault(a.comment_id, []).append(a)
        return out


def paint_order(
    annotations: Sequence[Annotation | AnnotationMark],
) -> list[tuple[Annotation | AnnotationMark, bool]]:
    """Longest first, so shorter (nested) annotations are painted over longer ones;
    each with whether it lies inside an earlier-painted (longer) one."""
    ordered = sorted(annotations, key=lambda a: (-(a.end - a.start), a.start, a.id))
    out: list[tuple[Annotation | AnnotationMark, bool]] = []
    # Nesting by a sweep over the text-ordered spans: a span is nested when an earlier
    # (or equal-start, longer) span reaches at least to its end.
    by_start = sorted(annotations, key=lambda a: (a.start, -(a.end - a.start), a.id))
    reach = -1
    nested: set[str] = set()
    for a in by_start:
        if reach >= a.end:
            nested.add(a.id)
        reach = max(reach, a.end)
    for a in ordered:
        out.append((a, a.id in nested))
    return out
