"""Hand-built documents for pane tests: offsets computed, never typed in."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.model import Block, BlockKind, Comment, Document, Link, LinkEnd


@dataclass
class Builder:
    """Appends blocks and comments to one text, keeping every offset right."""

    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def _append(self, raw: str) -> int:
        if self.text:
            self.text += "\n\n"
        start = len(self.text)
        self.text += raw
        return start

    def block(self, kind: BlockKind, words: str, reason: str = "") -> int:
        start = self._append(words)
        self.blocks.append(Block(kind, start, start + len(words), words, reason))
        return len(self.blocks) - 1

    def comment(self, words: str, parent: str | None = None, marker: str = "• ") -> str:
        """A comment written with a list marker before it (left out of its text)."""
        start = self._append(marker + words)
        depth = 0 if parent is None else next(c.depth for c in self.comments if c.id == parent) + 1
        cid = f"c{len(self.comments) + 1}"
        self.comments.append(Comment(cid, parent, depth, words, start, start + len(marker + words)))
        return cid

    def where(self, needle: str, after: int = 0) -> tuple[int, int]:
        at = self.text.index(needle, after)
        return at, at + len(needle)

    def quote(self, source_comment: str, target: str | int, needle: str) -> None:
        """``source_comment`` quotes ``needle`` from a comment id or a block index."""
        src = next(c for c in self.comments if c.id == source_comment)
        s, e = self.where(needle, src.start)
        if isinstance(target, str):
            tgt = next(c for c in self.comments if c.id == target)
            ts, te = self.where(needle, tgt.start)
            end = LinkEnd(ts, te, comment=target)
        else:
            ts, te = self.where(needle, self.blocks[target].start)
            end = LinkEnd(ts, te, block=target)
        self.links.append(Link(LinkEnd(s, e, comment=source_comment), end, needle))

    def pullquote(self, quote_block: int, body_block: int) -> None:
        q = self.blocks[quote_block]
        ts, te = self.where(q.text, self.blocks[body_block].start)
        self.links.append(
            Link(
                LinkEnd(q.start, q.end, block=quote_block),
                LinkEnd(ts, te, block=body_block),
                q.text,
            )
        )

    def build(self, declared: int | None = None) -> Document:
        title = next((b.text for b in self.blocks if b.kind is BlockKind.TITLE), "")
        return Document(
            self.text,
            title,
            None,
            None,
            tuple(self.blocks),
            tuple(self.comments),
            tuple(self.links),
            declared,
        )


def sample_document() -> Document:
    """A short article (with a pull-quote and left-out text) and a quoting thread."""
    b = Builder()
    b.block(BlockKind.TITLE, "Rivers rise 🌊 across the valley")
    b.block(BlockKind.BYLINE, "By A. Writer")
    b.block(BlockKind.BOILERPLATE, "Subscribe to our newsletter", reason="a call to subscribe")
    body = b.block(
        BlockKind.PARAGRAPH,
        "The river rose two metres overnight. Farmers moved their herds 🐄 to higher ground.",
    )
    quote = b.block(BlockKind.PULLQUOTE, "Farmers moved their herds 🐄 to higher ground.")
    b.pullquote(quote, body)
    b.block(BlockKind.PARAGRAPH, "Officials said the dams held. <script>alert(1)</script>")
    first = b.comment("This 💧 is what happens when nobody listens.", marker="1. ")
    reply = b.comment("Nobody listens to anyone any more.", parent=first)
    b.comment("Quoting the article: The river rose two metres overnight. Scary.", marker="2. ")
    b.quote("c3", body, "The river rose two metres overnight.")
    b.comment("“This 💧 is what happens when nobody listens.”\n\nExactly right.", marker="3. ")
    b.quote("c4", first, "This 💧 is what happens when nobody listens.")
    assert reply == "c2"
    return b.build(declared=5)
