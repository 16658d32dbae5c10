"""The comment section as a thread: who wrote what, and who replies to whom.

Scrapes mark comments in a handful of ways: numbered top-level posts, replies as
bullets whose indentation gives their depth, "Name says:" headers, or nothing at all.
Buttons ("Reply", "Like", vote counts) and the comment form are the site's chrome and
become boilerplate blocks between comments, never part of one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from reader.core import patterns
from reader.core.comment_ids import assign_ids_of_words
from reader.core.frozen import maker
from reader.core.lines import Line
from reader.core.model import Block, BlockKind, Comment, Decision
from reader.core.words import SpanWords

_CHROME_MAX = 30
_FORM_FIELD_MAX = 80
_NAME_MAX = 50
# "-", "–" and "*" start ordinary sentences too; they are bullets only before a space.
_WEAK_BULLETS = "-–*"
# Below this share of paragraphs opened by a number, bullet or "Name says:", markers are
# the comments' own text (measured: 0.27 to 0.45 in marked threads, at most 0.12 in
# unmarked ones of the development set); short threads keep any marker.
_MARKED_SHARE = 0.2
_FEW_PARAGRAPHS = 8


# Thousands on a long page: made by slot (see frozen.maker).
_make_comment = maker(Comment)
_make_decision = maker(Decision)
# A paragraph that only names whom it answers: "@Chuck Roehrich", "@TODD SEIBT @Mike D".
_ONLY_MENTIONS = re.compile(r"(?:@[^\W\d_][\w.'-]*(?: [^\W\d_][\w.'-]*){0,3}\s*)+")


@dataclass(slots=True)
class _Draft:
    start: int
    indent: int
    parent: int | None
    parts: list[tuple[int, int]] = field(default_factory=list)
    end: int = 0
    author: str | None = None
    date: str | None = None
    list_bullet: str | None = None
    open: bool = True
    confidence: float = 0.9


@dataclass(frozen=True, slots=True)
class ThreadResult:
    blocks: list[Block]
    comments: list[Comment]
    decisions: list[Decision]


class _ThreadBuilder:
    def __init__(self, lines: list[Line], blank_separated: bool):
        self.lines = lines
        self.blocks: list[Block] = []
        self.drafts: list[_Draft] = []
        self.stack: list[int] = []
        self.decisions: list[Decision] = []
        # Chrome between most comments ("Reply" under each) closes them; a stray "Report"
        # line does not make a thread chrome-separated.
        # Each line judged once: the builder asks again for every line it feeds.
        self.chrome_lines = {line.index for line in lines if self._is_chrome(line)}
        chrome = len(self.chrome_lines)
        paragraphs = sum(1 for line in lines if line.blank_before) + 1
        has_chrome = chrome > 0 and (not blank_separated or chrome >= 0.3 * paragraphs)
        self.blank_separated = blank_separated
        self.addressing: _Draft | None = None
        # Disqus-style threads name the author on a line of its own, above a date line.
        self.name_headers = {
            line.index
            for line, after in zip(lines, lines[1:], strict=False)
            if len(line.text) <= _NAME_MAX
            and line.text[-1:] not in ".!?:;,"
            and patterns.date_only(after.text)
            and line.index not in self.chrome_lines
        }
        numbered = [line.indent for line in lines if patterns.number_marker(line.text)]
        self.top_indent = min(numbered) if numbered else 0
        # Markers make a thread structured only when they open a fair share of its
        # paragraphs: a comment's own "1." list or a "- " aside in a thread that marks
        # nothing is the comment's text, not the thread's structure.
        need = 1 if paragraphs < _FEW_PARAGRAPHS else math.ceil(_MARKED_SHARE * paragraphs)
        structured = bool(self.name_headers)
        markers = 0
        if not structured:
            for line in lines:  # counted only as far as the share needs
                if self._is_marker(line) and not self._own_list_item(line, blank_separated):
                    markers += 1
                    if markers >= need:
                        structured = True
                        break
        if not structured and markers:
            structured = self._marked_items_hold(lines, paragraphs)
        self.line_per_comment = not structured and not has_chrome

    def _marked_items_hold(self, lines: list[Line], paragraphs: int) -> bool:
        """Whether the markers open a fair share of the paragraphs that are not their own
        items' continuations. A numbered comment of several paragraphs indents the ones
        after its first under its marker, as a list item does: those belong to the item,
        so two comments of four paragraphs each are a marked thread, not eight unmarked
        comments with a stray "1." and "2." among them."""
        markers = continuations = 0
        item_indent: int | None = None
        for line in lines:
            if self._is_marker(line):
                markers += 1
                item_indent = line.indent
            elif item_indent is not None and line.blank_before:
                if line.indent > item_indent:
                    continuations += 1
                else:
                    item_indent = None  # back at the markers' margin: the item is over
        own = paragraphs - continuations
        need = 1 if own < _FEW_PARAGRAPHS else math.ceil(_MARKED_SHARE * own)
        return markers >= need

    @staticmethod
    def _is_chrome(line: Line) -> bool:
        text = line.text
        if len(text) <= _CHROME_MAX and patterns.CHROME.match(text):
            return True
        # Glued strings ("Back to TopLeave a Reply"): a short line with a capital right
        # after a lower-case letter, looked at more closely only then.
        return len(text) <= 80 and not text.islower() and patterns.glued_chrome(text)

    @staticmethod
    def _bullet(line: Line):
        m = patterns.bullet_marker(line.text)
        if m and (m.group("b") not in _WEAK_BULLETS or m.group("space")):
            return m
        return None

    def _own_list_item(self, line: Line, blank_separated: bool) -> bool:
        """A bullet right under a line of text, where paragraphs stand apart by blank
        lines, is a list inside that paragraph's comment ("– first point"), not a mark
        the thread puts on its comments."""
        return (
            blank_separated
            and not line.blank_before
            and line.index > self.lines[0].index
            and self._bullet(line) is not None
            and not patterns.number_marker(line.text)
            and not patterns.author_header(line.text)
        )

    def _is_marker(self, line: Line) -> bool:
        text = line.text
        return bool(
            patterns.number_marker(text) or self._bullet(line) or patterns.author_header(text)
        )

    def _dash_continues(self, line: Line, m) -> bool:
        """An en dash that opens a line of the comment being read, not a reply: right
        under its text (no blank line, no deeper indentation), in a comment that did not
        itself begin with that dash ("– Too many compromises…" is the writer's aside)."""
        current = self.current
        return (
            m.group("b") == "–"
            and current is not None
            and current.open
            and bool(current.parts)
            and not line.blank_before
            and line.indent <= current.indent
            and current.list_bullet != "–"
        )

    @property
    def current(self) -> _Draft | None:
        return self.drafts[-1] if self.drafts else None

    def boilerplate(self, line: Line, reason: str) -> None:
        self.blocks.append(Block(BlockKind.BOILERPLATE, line.start, line.end, line.text, reason))
        if self.current is not None:
            self.current.open = False

    def open_comment(self, line: Line, *, top: bool, confidence: float) -> _Draft:
        if top:
            self.stack.clear()
        else:
            while self.stack and self.drafts[self.stack[-1]].indent >= line.indent:
                self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        draft = _Draft(line.start, line.indent, parent, end=line.end, confidence=confidence)
        self.drafts.append(draft)
        self.stack.append(len(self.drafts) - 1)
        return draft

    @staticmethod
    def add_part(draft: _Draft, start: int, end: int, text: str) -> None:
        if not draft.parts:
            bullet = patterns.bullet_marker(text)
            draft.list_bullet = bullet.group("b") if bullet else None
        draft.parts.append((start, end))
        draft.end = max(draft.end, end)

    def feed(self, line: Line) -> None:
        text = line.text
        current = self.current
        if line.index in self.chrome_lines:
            self.boilerplate(line, "comment buttons")
            return
        if line.index in self.name_headers:
            draft = self.open_comment(line, top=line.indent <= self.top_indent, confidence=0.85)
            draft.author = text
            return
        if m := patterns.author_header(text):
            draft = self.open_comment(line, top=line.indent <= self.top_indent, confidence=0.9)
            draft.author = m.group("author").strip()
            draft.date = m.groupdict().get("date")
            return
        if (
            current is not None
            and current.open
            and not current.parts
            and (m := patterns.date_only(text))
        ):
            current.date = m.group("date")
            current.end = line.end
            return
        m = patterns.number_marker(text)
        if m and line.indent <= self.top_indent + 1:
            draft = self.open_comment(line, top=True, confidence=0.95)
            self.add_part(draft, line.start + m.end(), line.end, text[m.end() :])
            return
        if (m := self._bullet(line)) and self._dash_continues(line, m):
            m = None
        if m:
            # A bullet is the comment's own list item when it has no space after it, when
            # the comment began with that bullet, or when it follows the comment's line
            # directly (replies stand apart, after a blank line).
            in_list = (
                current is not None
                and current.open
                and (
                    not m.group("space")
                    or current.list_bullet == m.group("b")
                    or (self.blank_separated and not line.blank_before)
                )
            )
            if not in_list:
                draft = self.open_comment(line, top=False, confidence=0.85)
                self.add_part(draft, line.start + m.end(), line.end, text[m.end() :])
                return
        if current is not None and current.open and not self.line_per_comment:
            self.add_part(current, line.start, line.end, text)
            return
        if (
            self.line_per_comment
            and self.blank_separated
            and current is not None
            and current.open
            and current.parts
            and not line.blank_before
        ):
            # Paragraphs are comments; a line right under one is its own next line.
            self.add_part(current, line.start, line.end, text)
            return
        if self.line_per_comment and current is not None and current is self.addressing:
            # "@Chuck Roehrich" on its own: whom the next paragraph answers, one comment.
            self.addressing = None
            self.add_part(current, line.start, line.end, text)
            return
        draft = self.open_comment(
            line, top=self.line_per_comment, confidence=0.5 if self.line_per_comment else 0.7
        )
        self.add_part(draft, line.start, line.end, text)
        self.addressing = draft if _ONLY_MENTIONS.fullmatch(text) else None

    def build(self, text: str, words: SpanWords) -> ThreadResult:
        # A header with no words under it (a deleted comment) is chrome, and its replies
        # move up to its parent.
        keep = [bool(d.parts) for d in self.drafts]
        for d in self.drafts:
            if not d.parts:
                self.blocks.append(
                    Block(
                        BlockKind.BOILERPLATE,
                        d.start,
                        d.end,
                        text[d.start : d.end],
                        "comment header without text",
                    )
                )

        def kept_parent(i: int | None) -> int | None:
            while i is not None and not keep[i]:
                i = self.drafts[i].parent
            return i

        kept = [i for i, k in enumerate(keep) if k]
        texts = ["\n\n".join([text[s:e] for s, e in self.drafts[i].parts]) for i in kept]
        ids = dict(
            zip(
                kept,
                assign_ids_of_words(words.many([self.drafts[i].parts for i in kept])),
                strict=True,
            )
        )
        depth: dict[int, int] = {}
        comments = []
        for i, body in zip(kept, texts, strict=True):
            d = self.drafts[i]
            parent = kept_parent(d.parent)
            depth[i] = 0 if parent is None else depth[parent] + 1
            comments.append(
                _make_comment(
                    ids[i],
                    None if parent is None else ids[parent],
                    depth[i],
                    body,
                    d.start,
                    d.end,
                    d.author,
                    d.date,
                    tuple(d.parts),
                    "comment",
                )
            )
            if d.confidence < 0.9:
                what = "reply" if parent is not None else "comment"
                self.decisions.append(_make_decision(what, d.start, d.confidence, ids[i]))
        self.blocks.sort(key=lambda b: b.start)
        return ThreadResult(self.blocks, comments, self.decisions)


def parse_thread(
    text: str,
    lines: list[Line],
    header: int | None,
    *,
    blank_separated: bool,
    words: SpanWords | None = None,
) -> ThreadResult:
    """Blocks and comments for the lines of the comment section. ``blank_separated``:
    the page puts blank lines between paragraphs, so lines without one belong together."""
    builder = _ThreadBuilder([line for i, line in enumerate(lines) if i != header], blank_separated)
    if header is not None:
        builder.boilerplate(lines[header], "comment count header")
    in_form = False
    for i, line in enumerate(lines):
        if i == header:
            continue
        if patterns.comment_form(line.text):
            in_form = True
            builder.boilerplate(line, "comment form")
            continue
        if in_form and (
            patterns.FORM_FIELD.match(line.text)
            or (len(line.text) <= _FORM_FIELD_MAX and not builder._is_marker(line))
        ):
            builder.boilerplate(line, "comment form")
            continue
        in_form = False
        builder.feed(line)
    return builder.build(text, words or SpanWords(text))
