"""A structure correction applied to a corrected structure in place, instead of replayed.

``apply_corrections`` replays every correction over the parse; that makes the whole
thread again (every comment's id, body and depth) and looks for quotations again up to
the last comment a correction touches. A correction that only says who replies to whom
(REPARENT) changes far less: the moved comment's parent, the depth of the comments
below it, and the quotations of those comments (a comment's quotations depend on what
it replies to). :func:`reparented` computes only that, on a structure that a replay
made (parents before their replies, ids and bodies as ``_rebuild`` makes them), and
gives the same Document a replay would (held to it by ``tests/core``): every other
comment is the same object, and the links are the same tuple when none can change.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reader.core.links import comment_links
from reader.core.model import Comment, Decision, Document, Link
from reader.core.words import span_words

if TYPE_CHECKING:
    from reader.core.corrections import Correction

# A comment holding none of these quotes nothing in quotation marks (links.py looks
# for quotations only in comments holding one of the first three).
_QUOTE_MARKS = ('"', "“", "«", "„", "”", "»")


def reparented(doc: Document, correction: Correction) -> Document:
    """``doc`` with ``correction`` (a REPARENT) applied, as a replay applies it: the
    comment at its offset replies to the comment at its target (top level when None),
    unless that comment is not earlier or would make a loop (then nothing moves)."""
    decision = Decision(f"corrected: {correction.kind}", correction.offset, 1.0, "by you")
    unchanged = replace(doc, decisions=(*doc.decisions, decision))
    comments = doc.comments
    i = _at(comments, correction.offset)
    if i is None:
        return unchanged
    position = {c.id: k for k, c in enumerate(comments)}
    if correction.target is None:
        parent = None
    else:
        parent = _at(comments, correction.target)
        if parent is None or parent >= i:
            return unchanged  # a reply answers an earlier comment
        ancestor: int | None = parent
        while ancestor is not None:
            if ancestor == i:
                return unchanged  # would make a loop
            up = comments[ancestor].parent
            ancestor = None if up is None else position[up]
    moved = comments[i]
    new_parent = None if parent is None else comments[parent]
    if (new_parent.id if new_parent else None) == moved.parent:
        return unchanged
    shift = (0 if new_parent is None else new_parent.depth + 1) - moved.depth
    # The moved comment and the replies below it (a reply always follows its parent).
    below = {moved.id}
    members = [i]
    for k in range(i + 1, len(comments)):
        if comments[k].parent in below:
            below.add(comments[k].id)
            members.append(k)
    changed = list(comments)
    changed[i] = replace(moved, parent=new_parent.id if new_parent else None)
    if shift:
        for k in members:
            changed[k] = replace(changed[k], depth=changed[k].depth + shift)
    new_comments = tuple(changed)
    links = _links(doc, new_comments, members, below)
    return replace(unchanged, comments=new_comments, links=links)


def _at(comments: tuple[Comment, ...], offset: int) -> int | None:
    """The first comment (in thread order) holding ``offset``, as a replay finds it."""
    return next((k for k, c in enumerate(comments) if c.start <= offset < c.end), None)


def _links(
    doc: Document, comments: tuple[Comment, ...], members: list[int], moved: set[str]
) -> tuple[Link, ...]:
    """The links of the new structure: only the moved comments' quotations can differ.

    A comment's quotations depend on the sources before it (the same: no comment moved
    in the text) and on what it replies to. A moved comment with no link before quotes
    nothing verbatim (no run of its words is in any earlier source, whatever it replies
    to) and, holding no quotation mark, nothing in marks either: when that is so for
    every moved comment, the links stay as they are. Otherwise the quotations are looked
    for again up to the last moved comment (``comment_links`` keeps the others'); the
    links of the comments after it stay."""
    old = doc.links
    if not any(link.source.comment in moved for link in old) and not any(
        mark in comments[k].text for k in members for mark in _QUOTE_MARKS
    ):
        return old
    last = members[-1]
    after = {c.id for c in comments[last + 1 :]}
    blocks = [link for link in old if link.source.comment is None]
    of_comments = [link for link in old if link.source.comment is not None]
    head = comment_links(
        doc.text,
        doc.blocks,
        comments[: last + 1],
        span_words(doc.text),
        (doc.blocks, doc.comments[: last + 1], of_comments),
    )
    tail = [link for link in of_comments if link.source.comment in after]
    return (*blocks, *head, *tail)
