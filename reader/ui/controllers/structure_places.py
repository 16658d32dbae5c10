"""The structure actions as tables, and the places they apply to: ``ACTIONS`` (keys and
tips), the Structure menu and the context menus' rows, a :class:`Place` (where the cursor
is: a block or a comment, an offset) and a :class:`ReadingPlace` (what the reader was
looking at, to find again after a change), and :func:`corrected_places` (which comments
and blocks the user's corrections made, to mark them), :func:`word_start` (where a split
lands)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.corrections import CorrectionKind
from reader.core.model import Comment, Document
from reader.ui.actions import ActionSpec
from reader.ui.controllers.passages import Source

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class Place:
    """Where a structure action applies: a document ``offset`` (the cursor or the click;
    None when unknown) in the article (``block``: index into ``Document.blocks``) or in
    the comments (``comment``)."""

    source: Source
    offset: int | None
    comment: Comment | None = None
    block: int | None = None


@dataclass(frozen=True, slots=True)
class ReadingPlace:
    """What the reader was looking at, to find again once the structure changed."""

    article_top: int | None
    current: int | None  # document offset of the current comment's start
    top: int | None  # document offset of the comment at the top of the thread view
    top_shift: int  # how far that comment's row was scrolled past the top (pixels)


ACTIONS = (
    ActionSpec("comments_start", "&Comments Start Here", ("Ctrl+Alt+C",),
                "The comments begin with this paragraph (or comment); what is before is article"),
    ActionSpec("still_article", "This Is Still the &Article", ("Ctrl+Alt+A",),
                "This comment, and every one before it, is part of the article"),
    ActionSpec("split_comment", "&Split Comment Here", ("Ctrl+Alt+S",),
                "A new comment begins at the cursor"),
    ActionSpec("merge_comment", "&Merge with Previous Comment", ("Ctrl+Alt+M",),
                "This comment is the end of the one before it"),
    ActionSpec("reply_to", "&Reply to…", ("Ctrl+Alt+R",),
                "Choose the earlier comment this one answers"),
    ActionSpec("make_top_level", "Make &Top-Level", ("Ctrl+Alt+U",),
                "This comment answers the article, not another comment"),
    ActionSpec("boilerplate", "Mark as &Boilerplate", ("Ctrl+Alt+B",),
                "This paragraph (or comment) is the site's clutter: leave it out"),
    ActionSpec("not_boilerplate", "&Not Boilerplate", ("Ctrl+Alt+Shift+B",),
                "This left-out text is content after all (show left-out text to reach it)"),
    ActionSpec("reset", "Reset Structure to A&utomatic", (),
                "Forget every correction of this document (undoable)"),
)  # fmt: skip


SPECS = {s.name: s for s in ACTIONS}


STRUCTURE_MENU = ("comments_start", "still_article", "-", "split_comment", "merge_comment",
                  "reply_to", "make_top_level", "-", "boilerplate", "not_boilerplate", "-",
                  "reset")  # fmt: skip


# The structure actions a right-click offers in the article, and in a comment.
ARTICLE_MENU = ("comments_start", "boilerplate", "not_boilerplate")


COMMENT_MENU = (
    "split_comment", "merge_comment", "reply_to", "make_top_level", "-",
    "comments_start", "still_article", "boilerplate",
)  # fmt: skip


def corrected_places(doc: Document) -> tuple[frozenset[str], tuple[tuple[int, int], ...]]:
    """The comments (ids) and the article blocks (spans) the user's corrections made,
    found from the decisions ``apply_corrections`` records ("corrected: <kind>")."""
    comments: set[str] = set()
    blocks: set[tuple[int, int]] = set()
    text = doc.text

    def gap(a: int, b: int) -> bool:
        return a <= b and not text[a:b].strip()

    def comment_for(at: int) -> Comment | None:
        for c in doc.comments:  # in text order
            if c.start <= at < c.end:
                return c
            if c.start >= at:
                return c if gap(at, c.start) else None
        return None

    def block_for(at: int) -> int | None:
        for i, b in enumerate(doc.blocks):  # in text order
            if b.start <= at < b.end:
                return i
            if b.start >= at:
                return i if gap(at, b.start) else None
        return None

    for d in doc.decisions:
        if not d.what.startswith("corrected:"):
            continue
        at = d.offset
        found = comment_for(at)
        if found is not None:
            comments.add(found.id)
        if d.what.endswith(str(CorrectionKind.SPLIT_COMMENT)):  # the first half too
            before = [c for c in doc.comments if c.end <= at and gap(c.end, at)]
            comments.update(c.id for c in before[-1:])
        block = block_for(at)
        if block is not None:
            b = doc.blocks[block]
            blocks.add((b.start, b.end))
    return frozenset(comments), tuple(sorted(blocks))


def word_start(text: str, offset: int, floor: int) -> int:
    """The start of the word ``offset`` is in (a split never cuts a word)."""
    while offset > floor and not text[offset - 1].isspace():
        offset -= 1
    return offset
