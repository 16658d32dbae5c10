"""The user's corrections to the parser's structure, applied on top of a parse.

No heuristic is right every time: where Reader guessed wrong about where comments start,
which text is the site's clutter, or who replies to whom, the user says so once. A
correction is stored as data (what, and where in the text, with the words there so it
can be found again after a re-import) and :func:`apply_corrections` replays the list
over a freshly parsed Document. The parse itself is never edited, so "reset to
automatic" is simply an empty list.

Corrections name places by text offset rather than by comment id, because splitting and
merging comments changes the ids (they are derived from the comments' words).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from reader.core.anchoring import Anchor, TextQuote, reanchor
from reader.core.comment_ids import assign_ids_of_words
from reader.core.correction_steps import reparented
from reader.core.links import comment_links
from reader.core.model import Block, BlockKind, Comment, Decision, Document, Link
from reader.core.text import trimmed
from reader.core.words import span_words


class CorrectionKind(StrEnum):
    COMMENTS_START = "comments start"  # the comment section begins at offset
    STILL_ARTICLE = "still article"  # the comment at offset (and those before) is article
    SPLIT_COMMENT = "split comment"  # a new comment begins at offset
    MERGE_COMMENT = "merge comment"  # the comment at offset joins the one before it
    REPARENT = "reparent"  # the comment at offset replies to the one at target
    BOILERPLATE = "boilerplate"  # the block or comment at offset is the site's clutter
    NOT_BOILERPLATE = "not boilerplate"  # the boilerplate block at offset is content


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction. ``offset`` (and ``target`` for REPARENT: the start of the new
    parent, or None for top level) are code points of Document.text; ``quote`` is the
    text from ``offset`` on, kept to find the place again in a changed text."""

    kind: CorrectionKind
    offset: int
    quote: str = ""
    prefix: str = ""
    target: int | None = None
    target_quote: str = ""
    target_prefix: str = ""


_QUOTE_LENGTH = 48
_PREFIX_LENGTH = 32


def make_correction(
    doc: Document, kind: CorrectionKind, offset: int, target: int | None = None
) -> Correction:
    """A correction at ``offset`` of ``doc``, with the words there remembered."""
    text = doc.text

    def words_at(at: int) -> tuple[str, str]:
        return text[at : at + _QUOTE_LENGTH], text[max(0, at - _PREFIX_LENGTH) : at]

    quote, prefix = words_at(offset)
    target_quote, target_prefix = ("", "") if target is None else words_at(target)
    return Correction(kind, offset, quote, prefix, target, target_quote, target_prefix)


def relocate(corrections: Sequence[Correction], doc: Document) -> list[Correction | None]:
    """The corrections placed in a changed text (``doc``), or None where the words they
    were made on can no longer be found with confidence."""
    anchors = []
    for c in corrections:
        anchors.append(_anchor(c.offset, c.quote, c.prefix))
        if c.target is not None:
            anchors.append(_anchor(c.target, c.target_quote, c.target_prefix))
    placed = iter(reanchor(anchors, doc)) if anchors else iter(())
    out: list[Correction | None] = []
    for c in corrections:
        at = next(placed)
        to = next(placed) if c.target is not None else None
        if at is None or (c.target is not None and to is None):
            out.append(None)
            continue
        out.append(replace(c, offset=at.start, target=None if to is None else to.start))
    return out


def _anchor(offset: int, quote: str, prefix: str) -> Anchor:
    """An anchor for the stored words; the stored offset is only a hint."""
    return Anchor(offset, offset + len(quote), TextQuote(quote, prefix, ""), None)


# ---- applying ----------------------------------------------------------------------


@dataclass
class _Thread:
    """A mutable working copy of a document's blocks and comments."""

    text: str
    blocks: list[Block]
    comments: list[dict]  # start, end, parts, parent (index or None), author, date

    @classmethod
    def of(cls, doc: Document) -> _Thread:
        index = {c.id: i for i, c in enumerate(doc.comments)}
        comments = [
            {
                "start": c.start,
                "end": c.end,
                "parts": list(c.parts or ((c.start, c.end),)),
                "parent": None if c.parent is None else index.get(c.parent),
                "author": c.author,
                "date": c.date,
                "kind": c.kind,
            }
            for c in doc.comments
        ]
        return cls(doc.text, list(doc.blocks), comments)

    def comment_at(self, offset: int) -> int | None:
        for i, c in enumerate(self.comments):
            if c["start"] <= offset < c["end"]:
                return i
        return None

    def block_at(self, offset: int) -> int | None:
        for i, b in enumerate(self.blocks):
            if b.start <= offset < b.end:
                return i
        return None

    def remove_comments(self, doomed: set[int]) -> None:
        """Drop comments; their replies move up to the nearest surviving ancestor."""

        def survivor(i: int | None) -> int | None:
            while i is not None and i in doomed:
                i = self.comments[i]["parent"]
            return i

        keep = [i for i in range(len(self.comments)) if i not in doomed]
        renumber = {old: new for new, old in enumerate(keep)}
        kept = []
        for old in keep:
            c = dict(self.comments[old])
            parent = survivor(c["parent"])
            c["parent"] = None if parent is None else renumber[parent]
            kept.append(c)
        self.comments = kept

    def insert_comment(self, comment: dict) -> int:
        """Insert in text order, shifting parent indices; returns its index."""
        at = sum(1 for c in self.comments if c["start"] < comment["start"])
        for c in self.comments:
            if c["parent"] is not None and c["parent"] >= at:
                c["parent"] += 1
        if comment["parent"] is not None and comment["parent"] >= at:
            comment["parent"] += 1
        self.comments.insert(at, comment)
        return at

    def block_to_comment(self, i: int) -> None:
        b = self.blocks.pop(i)
        self.insert_comment(
            {"start": b.start, "end": b.end, "parts": [(b.start, b.end)], "parent": None,
             "author": None, "date": None}
        )  # fmt: skip

    def comment_to_block(self, i: int, kind: BlockKind, reason: str) -> None:
        c = self.comments[i]
        self.blocks.append(
            Block(kind, c["start"], c["end"], self.text[c["start"] : c["end"]], reason)
        )
        self.blocks.sort(key=lambda b: b.start)
        self.remove_comments({i})


def _comments_start(t: _Thread, offset: int) -> None:
    # Article text from the offset on becomes comments, one per paragraph.
    for i in reversed(range(len(t.blocks))):
        b = t.blocks[i]
        if b.end > offset and b.kind is not BlockKind.BOILERPLATE:
            t.block_to_comment(i)
    # Comments before the offset become article paragraphs.
    for i in reversed(range(len(t.comments))):
        if t.comments[i]["end"] <= offset:
            t.comment_to_block(i, BlockKind.PARAGRAPH, "marked as article by you")


def _still_article(t: _Thread, offset: int) -> None:
    for i in reversed(range(len(t.comments))):
        if t.comments[i]["start"] <= offset:
            t.comment_to_block(i, BlockKind.PARAGRAPH, "marked as article by you")


def _split(t: _Thread, offset: int) -> None:
    i = t.comment_at(offset)
    if i is None:
        return
    c = t.comments[i]
    before, after = [], []
    for s, e in c["parts"]:
        if e <= offset:
            before.append((s, e))
        elif s >= offset:
            after.append((s, e))
        else:
            before.append((s, offset))
            after.append((offset, e))
    before = [trimmed(t.text, s, e) for s, e in before]
    after = [trimmed(t.text, s, e) for s, e in after]
    before = [p for p in before if p[0] < p[1]]
    after = [p for p in after if p[0] < p[1]]
    if not before or not after:
        return
    c["parts"] = before
    c["end"] = before[-1][1]
    # A merge took the chrome between two comments into one span (see _merge); split
    # there, it must come back out as a left-out block, or its text would belong nowhere.
    gap_start, gap_end = trimmed(t.text, before[-1][1], after[0][0])
    if gap_start < gap_end:
        t.blocks.append(
            Block(BlockKind.BOILERPLATE, gap_start, gap_end, t.text[gap_start:gap_end],
                  "between two comments")
        )  # fmt: skip
        t.blocks.sort(key=lambda b: b.start)
    t.insert_comment(
        {"start": after[0][0], "end": max(after[-1][1], c["end"]), "parts": after,
         "parent": c["parent"], "author": None, "date": None}
    )  # fmt: skip


def _merge(t: _Thread, offset: int) -> None:
    i = t.comment_at(offset)
    if i is None or i == 0:
        return
    prev, c = t.comments[i - 1], t.comments[i]
    prev["parts"] = prev["parts"] + c["parts"]
    prev["end"] = c["end"]
    # Chrome between the two now lies inside one comment's span.
    t.blocks = [b for b in t.blocks if not (prev["start"] <= b.start and b.end <= prev["end"])]
    for other in t.comments:
        if other["parent"] == i:
            other["parent"] = i - 1
    t.remove_comments({i})


def _reparent(t: _Thread, offset: int, target: int | None) -> None:
    i = t.comment_at(offset)
    if i is None:
        return
    if target is None:
        t.comments[i]["parent"] = None
        return
    j = t.comment_at(target)
    if j is None or j >= i:
        return  # a reply answers an earlier comment
    ancestor: int | None = j
    while ancestor is not None:
        if ancestor == i:
            return  # would make a loop
        ancestor = t.comments[ancestor]["parent"]
    t.comments[i]["parent"] = j


def _boilerplate(t: _Thread, offset: int) -> None:
    b = t.block_at(offset)
    if b is not None:
        old = t.blocks[b]
        t.blocks[b] = Block(BlockKind.BOILERPLATE, old.start, old.end, old.text, "marked by you")
        return
    i = t.comment_at(offset)
    if i is not None:
        t.comment_to_block(i, BlockKind.BOILERPLATE, "marked by you")


def _not_boilerplate(t: _Thread, offset: int, comments_from: int | None) -> None:
    b = t.block_at(offset)
    if b is None or t.blocks[b].kind is not BlockKind.BOILERPLATE:
        return
    if comments_from is not None and t.blocks[b].start >= comments_from:
        t.block_to_comment(b)
    else:
        old = t.blocks[b]
        t.blocks[b] = Block(BlockKind.PARAGRAPH, old.start, old.end, old.text, "restored by you")


def apply_corrections(doc: Document, corrections: Sequence[Correction]) -> Document:
    """``doc`` with the corrections replayed in order. Corrections that no longer apply
    (their place is not where they expect) are passed over.

    The last few structures made from one parse are remembered by their list of
    corrections: an undo or redo finds its structure again, and a list that extends a
    remembered one by corrections that only move comments (REPARENT) is applied to it in
    place (``correction_steps.reparented``: only the moved comments change, and only
    their quotations are looked for again) instead of replaying every correction."""
    if not corrections:
        return doc
    key = tuple(corrections)
    memo = _memo(doc)
    found = memo.get(key)
    if found is not None:
        memo.move_to_end(key)
        return found
    result = _extended(doc, memo, key)
    if result is None:
        # The links of the last structure made from this parse (else of the parse
        # itself) stay where the correction cannot have changed them.
        before = next(reversed(memo.values()), doc)
        result = _replay(doc, key, before)
    memo[key] = result
    while len(memo) > _STRUCTURES_KEPT:
        memo.popitem(last=False)
    return result


def _extended(
    doc: Document, memo: OrderedDict[tuple[Correction, ...], Document], key: tuple
) -> Document | None:
    """The structure of ``key`` made from the longest remembered beginning of it, when
    every correction after that beginning only moves comments; else None."""
    for n in range(len(key) - 1, -1, -1):
        if any(c.kind is not CorrectionKind.REPARENT for c in key[n:]):
            return None  # (a shorter beginning leaves the same correction to replay)
        base = memo.get(key[:n]) if n else _normalised(doc, memo)
        if base is None:
            continue
        for c in key[n:]:
            base = reparented(base, c)
        return base
    return None


def _normalised(doc: Document, memo: OrderedDict) -> Document:
    """The parse as a replay of no corrections makes it (ids, depths and bodies computed
    the way a corrected structure has them), remembered under the empty list: the base
    the first in-place correction is applied to."""
    found = memo.get(())
    if found is None:
        made = _rebuild(doc, _Thread.of(doc), (), doc)
        if len(made.comments) == len(doc.comments):
            # The parse's own comment where the replay makes an equal one, and the parse
            # itself when all are: a structure then shares the objects the window shows.
            comments = tuple(
                a if a == b else b for a, b in zip(doc.comments, made.comments, strict=True)
            )
            links = doc.links if made.links == doc.links else made.links
            if made.blocks == doc.blocks and comments == doc.comments and links is doc.links:
                made = doc
            else:
                made = replace(made, comments=comments, links=links)
        found = memo[()] = made
    return found


def _memo(doc: Document) -> OrderedDict[tuple[Correction, ...], Document]:
    """The structures remembered for the parse ``doc`` (the last few parses are kept)."""
    entry = _STRUCTURES.get(id(doc))
    if entry is None or entry[0] is not doc:
        entry = _STRUCTURES[id(doc)] = (doc, OrderedDict())
    _STRUCTURES.move_to_end(id(doc))
    while len(_STRUCTURES) > _PARSES_KEPT:
        _STRUCTURES.popitem(last=False)
    return entry[1]


def _replay(doc: Document, corrections: Sequence[Correction], before: Document) -> Document:
    t = _Thread.of(doc)
    for c in corrections:
        match c.kind:
            case CorrectionKind.COMMENTS_START:
                _comments_start(t, c.offset)
            case CorrectionKind.STILL_ARTICLE:
                _still_article(t, c.offset)
            case CorrectionKind.SPLIT_COMMENT:
                _split(t, c.offset)
            case CorrectionKind.MERGE_COMMENT:
                _merge(t, c.offset)
            case CorrectionKind.REPARENT:
                _reparent(t, c.offset, c.target)
            case CorrectionKind.BOILERPLATE:
                _boilerplate(t, c.offset)
            case CorrectionKind.NOT_BOILERPLATE:
                first = t.comments[0]["start"] if t.comments else None
                _not_boilerplate(t, c.offset, first)
    return _rebuild(doc, t, corrections, before)


# id(parsed document) -> (that document, its structures by list of corrections, the
# latest last); a structure shares its text and most of its comments with the others.
_STRUCTURES: OrderedDict[int, tuple[Document, OrderedDict[tuple[Correction, ...], Document]]] = (
    OrderedDict()
)
_PARSES_KEPT = 4
_STRUCTURES_KEPT = 8


def _rebuild(
    doc: Document, t: _Thread, corrections: Sequence[Correction], before: Document
) -> Document:
    text = doc.text
    bodies = ["\n\n".join(text[s:e] for s, e in c["parts"]) for c in t.comments]
    # A body's words are its parts' words (no word runs across the blank line between).
    words = span_words(text)
    ids = assign_ids_of_words(words.of_spans(c["parts"]) if c["parts"] else () for c in t.comments)
    depth: list[int] = []
    comments = []
    for i, (c, body) in enumerate(zip(t.comments, bodies, strict=True)):
        parent = c["parent"]
        depth.append(0 if parent is None else depth[parent] + 1)
        comments.append(
            Comment(
                id=ids[i],
                parent=None if parent is None else ids[parent],
                depth=depth[i],
                text=body,
                start=c["start"],
                end=c["end"],
                author=c["author"],
                date=c["date"],
                parts=tuple(c["parts"]),
                kind=c.get("kind", "comment"),
            )
        )
    blocks = sorted(t.blocks, key=lambda b: b.start)
    previous = (before.blocks, before.comments, before.links)
    links = _block_links(doc, blocks) + comment_links(text, blocks, comments, words, previous)
    decisions = doc.decisions + tuple(
        Decision(f"corrected: {c.kind}", c.offset, 1.0, "by you") for c in corrections
    )
    return replace(doc, blocks=tuple(blocks), comments=tuple(comments), links=tuple(links),
                   decisions=decisions)  # fmt: skip


def _block_links(doc: Document, blocks: list[Block]) -> list[Link]:
    """Pull-quote links of the parse, with block indices renumbered to ``blocks``."""
    index = {(b.start, b.end): i for i, b in enumerate(blocks)}
    links = []
    for link in doc.links:
        if link.source.block is None or link.target.block is None:
            continue
        src = doc.blocks[link.source.block]
        dst = doc.blocks[link.target.block]
        si, di = index.get((src.start, src.end)), index.get((dst.start, dst.end))
        if si is None or di is None or blocks[si].kind is not BlockKind.PULLQUOTE:
            continue
        links.append(
            Link(replace(link.source, block=si), replace(link.target, block=di), link.text)
        )
    return links
