"""What the store hands out about the codebook and annotations, and how to undo each change.

All are frozen dataclasses. Ids are uuid4 strings, stable for life (undo/redo and
exports keep them). Times are ISO 8601 UTC (``2026-11-21T21:30:00.123Z``). Offsets are code
points into ``Document.text``.

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
``tag_usage() -> dict[str, int]`` (annotations per tag, directly), ``annotation(id)``,
``annotations(doc_id=None) -> list[Annotation]`` (by document, then position),
``annotations_with_tag(tag_id, descendants=False)``.

Redo after an undo should bring back the same ids: redo an add with
``restore_annotation(A)`` / ``add_tag(..., tag_id=tag.id, position=tag.position)``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
