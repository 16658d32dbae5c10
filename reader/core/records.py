"""The domain's records: what the store hands out and the window shows (no Qt, no SQL).

Annotations and tags, and how to undo each change to them (below); the sidebar's
``DocumentSummary`` and an import's ``ImportOutcome``; retrieval's ``CodedSegment``,
``TagFrequencies`` and ``CoOccurrence``; search's ``SearchHit`` and ``SearchCount``; and
``ExportResult``, what an export wrote. ``reader.store`` re-exports each from the
module that used to define it, so older imports keep working.

All are frozen dataclasses (``AnnotationMark`` is a named tuple: see why there). Ids
are uuid4 strings, stable for life (undo/redo and exports keep them). Times are ISO
8601 UTC (``2026-11-21T21:30:00.123Z``). Offsets are code points into ``Document.text``.

``Tag(id, name, colour, description, parent, position)``
    ``colour`` is ``#rrggbb`` (see ``reader.core.palette.themed``/``text_colour`` to paint
    it); ``parent`` a tag id or None; ``position`` the 0-based place among its siblings.
``Annotation(id, document_id, start, end, exact, prefix, suffix, comment_id, note,
created, modified, orphan, tags, coder, note_coder)``
    ``exact``/``prefix``/``suffix`` are the W3C TextQuoteSelector (32 characters of
    context); ``comment_id`` is the comment the passage lies in (None: the article);
    ``orphan`` is True when a re-import could not find the passage again (start/end are
    then only its last known place); ``tags`` are tag ids in their order on the annotation
    (a new one goes last unless a position is given). ``modified`` moves with every
    note or tag edit, undo included (it is never wound back). ``coder`` is the name of
    who made it and ``note_coder`` who last wrote its note ('' for none); '' for one made
    before coders were recorded and not yet claimed (see ``coders.py``).
``AnnotationMark(id, document_id, start, end, comment_id, orphan, coder, note, tag_list)``
    what the window keeps of each annotation of an open document to paint, find and
    count it (no quote, no times): the store's light read, ``annotation_marks(doc_id)``.
    The whole record is read when one is listed or shown (``annotations_by_ids``).
``TagLink(annotation_id, tag_id, position)``
``DeletedTag(tags, links, annotations)`` what :meth:`Project.delete_tag` removed:
    the tag and its descendants (parents first), every link to them, and the annotations
    that were deleted because no tag and no note was left on them.
``MergedTags(source, target_id, source_links, added_links, children)`` what
    :meth:`Project.merge_tags` changed.

Operations on ``Project`` and their inverses (for ``QUndoCommand.undo``/``redo``):

- ``add_annotation(doc_id, start, end, tags=(), note="", *, annotation_id=None)
  -> Annotation`` (ValueError: empty span or outside the text; KeyError: unknown tag);
  undo ``delete_annotation(a.id)``, redo ``restore_annotation(a)``
- ``delete_annotation(id) -> Annotation``; undo ``restore_annotation(record)``
- ``set_note(id, note, coder="") -> str`` (the previous note; ``coder`` becomes the
  note's coder); undo ``set_note(id, previous)``
- ``add_tag_to_annotation(id, tag_id, position=None) -> bool`` (False: it had the tag);
  undo ``remove_tag_from_annotation(id, tag_id)``
- ``remove_tag_from_annotation(id, tag_id) -> int | None`` (its position, None: it had
  no such tag); undo ``add_tag_to_annotation(id, tag_id, position=pos)``
- ``add_tag(name, *, colour=None, parent=None, description="", position=None,
  tag_id=None) -> Tag``; undo ``delete_tag(tag.id)``, redo ``add_tag(... tag_id=tag.id,
  position=tag.position)`` (colour None: the least used palette colour)
- ``rename_tag(id, name) / recolour_tag(id, colour) / set_tag_description(id, text)
  -> str`` (the previous value); undo: the same call with the previous value
- ``move_tag(id, parent, position) -> tuple[str | None, int]`` (previous parent and
  position); undo ``move_tag(id, *previous)``
- ``delete_tag(id) -> DeletedTag``; undo ``restore_tag(record)``
- ``merge_tags(source_id, target_id) -> MergedTags``; undo ``unmerge_tags(record)``

Reading: ``tags() -> list[Tag]`` (depth-first, siblings in order), ``tag(id)``,
``tag_usage(coders=None) -> dict[str, int]`` (annotations per tag, directly; only
these coders' with ``coders``), ``annotation(id)``,
``annotations(doc_id=None) -> list[Annotation]`` (by document, then position),
``annotations_by_ids(ids) -> list[Annotation]``, ``annotation_marks(doc_id) ->
list[AnnotationMark]`` (in no set order), ``annotations_with_tag(tag_id, descendants=False)``.

Redo after an undo should bring back the same ids: redo an add with
``restore_annotation(A)`` / ``add_tag(..., tag_id=tag.id, position=tag.position)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from reader.core.text import squeeze


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    name: str
    colour: str
    description: str
    parent: str | None
    position: int


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str
    document_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    comment_id: str | None
    note: str
    created: str
    modified: str
    orphan: bool
    tags: tuple[str, ...]
    coder: str = ""
    note_coder: str = ""


# How an annotation's tag ids are joined in ``AnnotationMark.tag_list`` (and in the
# store's ``annotations.tag_list`` column): a control character no tag id holds.
TAG_SEPARATOR = "\x1f"


class AnnotationMark(NamedTuple):
    """What the window keeps of one annotation to paint it, find it and count its tags:
    the attributes of :class:`Annotation` a highlight needs, under the same names
    (``tags`` too), without the quote, its context and the times.

    A named tuple, unlike the other records: a document's thousands are made straight
    from the store's rows (a tuple each already), which costs ~2 ms for 5,000 where the
    same frozen dataclasses cost ~16 ms (issue 16: the first open of a document reads
    them all). ``orphan`` is 0 or 1 as stored; ``tag_list`` the tag ids joined by
    :data:`TAG_SEPARATOR`, split when ``tags`` is asked."""

    id: str
    document_id: int
    start: int
    end: int
    comment_id: str | None
    orphan: bool
    coder: str
    note: str
    tag_list: str

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self.tag_list.split(TAG_SEPARATOR)) if self.tag_list else ()

    @property
    def first_tag(self) -> str | None:
        return self.tag_list.partition(TAG_SEPARATOR)[0] if self.tag_list else None

    @classmethod
    def of(cls, a: Annotation | AnnotationMark) -> AnnotationMark:
        """The mark of a whole record (a mark stays as it is)."""
        if isinstance(a, AnnotationMark):
            return a
        return cls(
            a.id, a.document_id, a.start, a.end, a.comment_id, int(a.orphan), a.coder, a.note,
            TAG_SEPARATOR.join(a.tags),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class TagLink:
    annotation_id: str
    tag_id: str
    position: int


@dataclass(frozen=True, slots=True)
class DeletedTag:
    tags: tuple[Tag, ...]
    links: tuple[TagLink, ...]
    annotations: tuple[Annotation, ...]


@dataclass(frozen=True, slots=True)
class MergedTags:
    source: Tag
    target_id: str
    source_links: tuple[TagLink, ...]
    added_links: tuple[TagLink, ...]
    children: tuple[Tag, ...]


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the sidebar shows for a document, without parsing it."""

    id: int
    title: str
    source_path: str
    site: str | None
    date: str | None
    comment_count: int
    declared_comment_count: int | None
    # How its bytes were decoded (None: imported before Reader recorded it), and the
    # sentence about bytes that could not be read (None: all could).
    encoding: str | None = None
    reading_problem: str | None = None


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one file. ``status`` is 'imported', 'updated', 'unchanged',
    'failed' (``reason`` says why) or 'skipped' (the import was cancelled first).
    For 'updated', ``moved`` annotations found a new place and ``orphaned`` did not,
    and ``corrections_dropped`` of the user's structure corrections could not be found
    in the new text (see ``corrections_store.relocate_all``). ``problem``: bytes that
    could not be read in the file's encoding (see ``DecodedText.problem``)."""

    path: str
    status: str
    reason: str | None
    document_id: int | None
    moved: int = 0
    orphaned: int = 0
    corrections_dropped: int = 0
    problem: str | None = None
    # Which document of a file that holds several (an article, a page's URL); "" for
    # a file that is one document.
    item: str = ""

    @property
    def shown(self) -> str:
        """The file's name, and the part of it when the file holds several documents."""
        name = Path(self.path).name
        return f"{name} › {self.item}" if self.item else name


@dataclass(frozen=True, slots=True)
class CodedSegment:
    """One tag on one passage (``tag_id`` None: a passage with a note and no tag).

    ``part`` is 'article' or 'comment'; ``comment_id``/``author``/``parent_comment_id``
    describe the comment the passage lies in. ``start``/``end`` are code points of
    ``Document.text``. ``context_before``/``context_after`` are the text around the quote
    within its part, whitespace collapsed; :attr:`context` joins them with the quote."""

    annotation_id: str
    tag_id: str | None
    tag_path: str
    document_id: int
    source_path: str
    title: str
    part: str
    comment_id: str | None
    parent_comment_id: str | None
    author: str | None
    start: int
    end: int
    quote: str
    context_before: str
    context_after: str
    note: str
    created: str
    modified: str
    orphan: bool
    coder: str = ""

    @property
    def context(self) -> str:
        return squeeze(f"{self.context_before}{self.quote}{self.context_after}")


@dataclass(frozen=True, slots=True)
class TagFrequencies:
    """How often each tag was applied. ``counts[i][j]`` is the number of passages in
    ``documents[i]`` carrying ``tags[j]`` (with ``descendants``: it or a tag below it,
    each passage once); ``totals[j]`` the same across the project and ``spread[j]`` the
    number of documents where it occurs."""

    tags: tuple[Tag, ...]
    documents: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]
    totals: tuple[int, ...]
    spread: tuple[int, ...]

    def count(self, document_id: int, tag_id: str) -> int:
        i = self.documents.index(document_id)
        j = next(k for k, t in enumerate(self.tags) if t.id == tag_id)
        return self.counts[i][j]


@dataclass(frozen=True, slots=True)
class CoOccurrence:
    """Which tags meet. ``same_passage[i][j]``: passages carrying both ``tags[i]`` and
    ``tags[j]`` (the diagonal: passages carrying the tag). ``overlapping[i][j]``: pairs of
    passages of one document whose spans overlap (a passage pairs with itself too), one
    carrying ``tags[i]`` and the other ``tags[j]``. Both are symmetric; orphans are left
    out of ``overlapping``."""

    tags: tuple[Tag, ...]
    same_passage: tuple[tuple[int, ...], ...]
    overlapping: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One part of a document where the query matched.

    ``part`` is 'article' (a block), 'comment' (``comment_id``, ``author``) or 'note'
    (the note of annotation ``annotation_id``; ``comment_id`` is the comment its passage
    lies in, if any). ``start``/``end`` are code points in ``Document.text``: the first
    match for article and comment hits, the annotated passage for a note. ``matches``
    are every matched word or phrase: document offsets for article and comment hits,
    offsets in the note's text for a note. ``snippet`` is a short excerpt (whitespace
    collapsed) and ``snippet_marks`` the (start, end) of the matches in it."""

    document_id: int
    source_path: str
    title: str
    part: str
    comment_id: str | None
    author: str | None
    annotation_id: str | None
    start: int
    end: int
    matches: tuple[tuple[int, int], ...]
    snippet: str
    snippet_marks: tuple[tuple[int, int], ...] = field(default=())

    def marked_snippet(self, before: str = "**", after: str = "**") -> str:
        """The snippet with each match between ``before`` and ``after``."""
        out, pos = [], 0
        for s, e in self.snippet_marks:
            out += [self.snippet[pos:s], before, self.snippet[s:e], after]
            pos = e
        out.append(self.snippet[pos:])
        return "".join(out)


@dataclass(frozen=True, slots=True)
class SearchCount:
    """How many parts (blocks, comments, notes) and documents a query matches. With a
    ``tag:`` filter, parts that hold a passage with the tag (the words may lie outside it:
    an upper bound of what :func:`search` returns)."""

    parts: int
    documents: int


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written: ``items`` counts rows (csv, xlsx), passages (qdpx, w3c, md,
    html) or tags (qdc); ``left_out`` says what the format could not carry."""

    path: Path
    format: str
    documents: int
    items: int
    left_out: tuple[str, ...] = field(default=())
