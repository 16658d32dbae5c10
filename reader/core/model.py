"""The document model: what a scraped page becomes once Reader has read it.

Every offset here is a code-point offset into ``Document.text``, the document's
normalised text (see ``reader.core.textio``). Nothing in this module knows about Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    TITLE = "title"
    STANDFIRST = "standfirst"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    PULLQUOTE = "pullquote"
    BYLINE = "byline"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True, slots=True)
class Block:
    """A run of article (or page-chrome) text. ``reason`` says why it got its kind."""

    kind: BlockKind
    start: int
    end: int
    text: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment.

    ``id`` is derived from the comment's own words, so it survives a re-scrape that
    reorders or adds comments. ``text`` leaves out the list marker ("1.", "•") and joins
    the comment's paragraphs with a blank line; ``start``/``end`` cover the marker.
    ``parts`` are the document spans of the pieces ``text`` is made of, in order: the
    text is those pieces joined by "\n\n" (between paragraphs) or " " (between the
    wrapped lines of one paragraph). Use :meth:`to_document` / :meth:`to_text` to map
    positions between the comment's text and the document.
    """

    id: str
    parent: str | None
    depth: int
    text: str
    start: int
    end: int
    author: str | None = None
    date: str | None = None
    parts: tuple[tuple[int, int], ...] = ()
    # "comment"; "pingback" or "trackback" for another site's notice that it linked to
    # the page (saved pages mark them), which a reader may want to hide.
    kind: str = "comment"

    def _pieces(self):
        """(text offset, document offset, length) of every part, in order."""
        pos = 0
        for i, (start, end) in enumerate(self.parts):
            if i:
                pos += 2 if self.text.startswith("\n\n", pos) else 1
            yield pos, start, end - start
            pos += end - start

    def to_document(self, text_offset: int) -> int:
        """The document offset of a position in ``text`` (a separator maps to the end
        of the piece before it)."""
        best = self.start
        for t, d, n in self._pieces():
            if text_offset < t:
                break
            best = d + min(text_offset - t, n)
        return best

    def to_text(self, doc_offset: int) -> int:
        """The position in ``text`` of a document offset (outside a piece: the nearest
        piece boundary)."""
        best = 0
        for t, d, n in self._pieces():
            if doc_offset < d:
                break
            best = t + min(doc_offset - d, n)
        return best


@dataclass(frozen=True, slots=True)
class LinkEnd:
    """One side of a link: a span inside a comment (``comment`` set) or a block."""

    start: int
    end: int
    comment: str | None = None
    block: int | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """``source`` quotes ``target``: a comment quoting the article or an earlier comment,
    or a pull-quote repeating a body sentence."""

    source: LinkEnd
    target: LinkEnd
    text: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A structural guess the parser made, with how sure it was (0..1)."""

    what: str
    offset: int
    confidence: float
    detail: str = ""


# Below this, a structural guess is worth a reader's look (the window can flag it, and
# the Structure menu corrects it).
LOW_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    title: str
    standfirst: str | None
    byline: str | None
    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...]
    links: tuple[Link, ...]
    declared_comment_count: int | None = None
    decisions: tuple[Decision, ...] = field(default=())
    # Where and when the page was published, when the page says (saved web pages do).
    site: str | None = None
    date: str | None = None

    @property
    def doubts(self) -> tuple[Decision, ...]:
        """The structural guesses the parser was unsure of (confidence below
        ``LOW_CONFIDENCE``), in text order: where an unmarked thread begins, a comment
        start read from the text's voice."""
        return tuple(
            sorted(
                (d for d in self.decisions if d.confidence < LOW_CONFIDENCE),
                key=lambda d: d.offset,
            )
        )

    @property
    def article_blocks(self) -> tuple[Block, ...]:
        """Blocks that are the article's own text (boilerplate left out)."""
        return tuple(b for b in self.blocks if b.kind is not BlockKind.BOILERPLATE)

    def comment(self, comment_id: str) -> Comment | None:
        for c in self.comments:
            if c.id == comment_id:
                return c
        return None

    def comment_at(self, offset: int) -> Comment | None:
        """The comment whose span holds ``offset``, if any."""
        for c in self.comments:
            if c.start <= offset < c.end:
                return c
        return None

    def block_at(self, offset: int) -> int | None:
        """Index of the block whose span holds ``offset``, if any."""
        for i, b in enumerate(self.blocks):
            if b.start <= offset < b.end:
                return i
        return None

    def children(self, comment_id: str | None) -> tuple[Comment, ...]:
        """Direct replies to ``comment_id`` (top-level comments for ``None``), in order."""
        return tuple(c for c in self.comments if c.parent == comment_id)
