"""Giving each line of the article its kind: title, standfirst, paragraph, caption,
pull-quote, byline, or the site's boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core import patterns
from reader.core.frozen import maker
from reader.core.lines import Line
from reader.core.model import Block, BlockKind, Decision
from reader.core.words import SpanWords

_make_block = maker(Block)  # one per line of the article: made by slot
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_QUOTE_START = re.compile(r"^[\"“‘'«„]")
# An appeal box ends where the article's own prose resumes: a quotation, or a long line.
_APPEAL_MAX_LINES = 8
_APPEAL_MAX_LINE = 150
_APPEAL_HEADING = 100


@dataclass(frozen=True, slots=True)
class ArticleResult:
    blocks: list[Block]
    title: str
    standfirst: str | None
    byline: str | None
    decisions: list[Decision]
    pullquotes: dict[int, int]  # pull-quote block index -> the body block it repeats


def _looks_like_headline(line: Line) -> bool:
    n_words = len(line.text.split())
    if not line.text or len(line.text) > 200 or _QUOTE_START.match(line.text):
        return False
    return not _SENTENCE_END.search(line.text) or n_words <= 8


def _looks_like_standfirst(line: Line) -> bool:
    return 20 <= len(line.text) <= 320 and not _SENTENCE_END.search(line.text)


def _derived_title(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return first if len(first) <= 90 else first[:89].rstrip() + "…"


def _appeal_end(lines: list[Line], i: int, blank_separated: bool) -> int:
    """Index after the last line of the appeal box that starts at ``lines[i]``.

    Where paragraphs are separated by blank lines, the box is the run of lines with none
    between them; otherwise it runs until the article's prose resumes."""
    j = i + 1
    while j < len(lines) and j - i < _APPEAL_MAX_LINES:
        text = lines[j].text
        if blank_separated and lines[j].blank_before:
            break
        if len(text) >= _APPEAL_MAX_LINE or _QUOTE_START.match(text):
            break
        if patterns.CALL_TO_ACTION.match(lines[j - 1].text) and not patterns.CALL_TO_ACTION.match(
            text
        ):
            break  # the box's button was its last line
        j += 1
    return j


def _kind_of(line: Line, position: int, count: int, names: set[str]) -> tuple[BlockKind, str]:
    text = line.text
    near_edge = position < 4 or position >= count - 6
    if patterns.ARTICLE_CLUTTER.match(text):
        return BlockKind.BOILERPLATE, "site widget or share bar"
    if patterns.CHROME.match(text) and len(text) <= 12:
        return BlockKind.BOILERPLATE, "page chrome"
    if len(text) <= 400 and patterns.caption(text):
        return BlockKind.CAPTION, "photo caption or credit"
    if len(text) <= 200 and patterns.byline(text):
        return BlockKind.BYLINE, "byline or credit line"
    if near_edge and patterns.NAME_ONLY.match(text):
        names.add(text)
        return BlockKind.BYLINE, "author's name"
    bio = patterns.AUTHOR_BIO.match(text)
    if bio and (bio.group("name") in names or position >= count - 4) and len(text) <= 700:
        return BlockKind.BYLINE, "author's biography"
    return BlockKind.PARAGRAPH, ""


def classify_article(lines: list[Line], words: SpanWords) -> ArticleResult:
    """Blocks for the article's lines (everything before the comment section)."""
    kinds: list[tuple[BlockKind, str]] = [(BlockKind.PARAGRAPH, "")] * len(lines)
    decisions: list[Decision] = []
    names: set[str] = set()
    blank_separated = sum(line.blank_before for line in lines) > len(lines) / 2
    i = 0
    while i < len(lines):
        line = lines[i]
        if len(line.text) <= _APPEAL_HEADING and patterns.appeal_start(line.text):
            end = _appeal_end(lines, i, blank_separated)
            for j in range(i, end):
                kinds[j] = (BlockKind.BOILERPLATE, "donation or newsletter appeal")
            decisions.append(Decision("appeal box", line.start, 0.7, f"{end - i} lines"))
            i = end
            continue
        kinds[i] = _kind_of(line, i, len(lines), names)
        i += 1

    title = ""
    standfirst = None
    content = [i for i, (k, _) in enumerate(kinds) if k is BlockKind.PARAGRAPH]
    if content and content[0] == _first_unremarkable(kinds):
        first = content[0]
        if _looks_like_headline(lines[first]):
            kinds[first] = (BlockKind.TITLE, "first line, shaped like a headline")
            title = lines[first].text
            following = [i for i in content[1:] if i > first]
            if following and following[0] == _next_unremarkable(kinds, first):
                nxt = following[0]
                if _looks_like_standfirst(lines[nxt]):
                    kinds[nxt] = (BlockKind.STANDFIRST, "short line under the headline")
                    standfirst = lines[nxt].text
        else:
            title = _derived_title(lines[first].text)
            decisions.append(Decision("no headline", lines[first].start, 0.6, title))

    blocks = [
        _make_block(kind, line.start, line.end, line.text, reason)
        for line, (kind, reason) in zip(lines, kinds, strict=True)
    ]
    pullquotes = pullquote_sources(blocks, words)
    blocks = [
        Block(BlockKind.PULLQUOTE, b.start, b.end, b.text, "repeats a sentence of the article")
        if i in pullquotes
        else b
        for i, b in enumerate(blocks)
    ]
    byline = next((b.text for b in blocks if b.kind is BlockKind.BYLINE), None)
    return ArticleResult(blocks, title, standfirst, byline, decisions, pullquotes)


def _first_unremarkable(kinds: list[tuple[BlockKind, str]]) -> int | None:
    """The first line that is neither boilerplate nor a caption (bylines may come first)."""
    for i, (k, _) in enumerate(kinds):
        if k is BlockKind.PARAGRAPH:
            return i
        if k not in (BlockKind.BOILERPLATE, BlockKind.CAPTION, BlockKind.BYLINE):
            return None
    return None


def _next_unremarkable(kinds: list[tuple[BlockKind, str]], after: int) -> int | None:
    for i in range(after + 1, len(kinds)):
        k = kinds[i][0]
        if k is BlockKind.PARAGRAPH:
            return i
        if k is not BlockKind.BOILERPLATE and k is not BlockKind.CAPTION:
            return None
    return None


# ---- pull-quotes ---------------------------------------------------------------------

_PULLQUOTE_MAX_WORDS = 60
_SENTENCE_MIN_WORDS = 5
_SENTENCES = re.compile(r"[^.!?]+[.!?]*")


def _joined(words: tuple[str, ...]) -> str:
    return " " + " ".join(words) + " "


def pullquote_sources(blocks: list[Block], words: SpanWords) -> dict[int, int]:
    """For each short paragraph whose every sentence stands in one other, longer
    paragraph, the index of that paragraph."""
    kinds = (BlockKind.PARAGRAPH, BlockKind.STANDFIRST)
    kept = [i for i, b in enumerate(blocks) if b.kind in kinds]
    # Split together (see SpanWords.many): the article's paragraphs are most of a page.
    spans = [((blocks[i].start, blocks[i].end),) for i in kept]
    body = list(zip(kept, words.many(spans), strict=True))
    candidates = [(i, w) for i, w in body if _SENTENCE_MIN_WORDS <= len(w) <= _PULLQUOTE_MAX_WORDS]
    if not candidates:
        return {}
    joined = {i: _joined(w) for i, w in body}
    article = "".join(joined.values())
    # A repeated sentence shows up twice in the whole article: one scan (in C) rules out
    # nearly every paragraph; only on very long pages is an index of word runs cheaper.
    holders = _run_holders(body) if len(candidates) * len(article) > _SCAN_LIMIT else None
    result: dict[int, int] = {}
    for i, _ in candidates:
        block = blocks[i]
        spans = [m.span() for m in _SENTENCES.finditer(words.text, block.start, block.end)]
        # Every sentence must stand in another paragraph too, so in the article twice:
        # the first that has words, looked up alone, rules out nearly every paragraph
        # before the rest are split into words.
        first = next((s for span in spans if (s := words(*span))), ())
        if first and article.count(_joined(first)) < 2:
            continue
        sentences = [s for span in spans if (s := words(*span))]
        if all(len(s) < _SENTENCE_MIN_WORDS for s in sentences):
            continue
        needles = [_joined(s) for s in sentences]
        longest = max(sentences, key=len)
        if holders is None:
            if article.count(_joined(longest)) < 2:
                continue
            others = (j for j, _ in body)
        else:
            others = min(
                (holders.get(longest[k : k + 3], ()) for k in range(len(longest) - 2)), key=len
            )
        for j in others:
            if j != i and len(joined[j]) > len(joined[i]) and all(n in joined[j] for n in needles):
                result[i] = j
                break
    return result


_SCAN_LIMIT = 20_000_000


def _run_holders(body: list[tuple[int, tuple[str, ...]]]) -> dict[tuple[str, ...], list[int]]:
    """Which paragraphs hold each run of three words."""
    holders: dict[tuple[str, ...], list[int]] = {}
    for j, w in body:
        for k in range(len(w) - 2):
            found = holders.setdefault(w[k : k + 3], [])
            if not found or found[-1] != j:
                found.append(j)
    return holders
