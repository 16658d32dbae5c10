"""Left-out text: every visible run of a saved page that is in neither the article nor a
comment, kept with the reason it was left out.

A page is read into runs (each text node a browser draws, with the paragraph it belongs
to and the region around it: navigation, header, footer, sidebar, form, the comment
section, or plain page text the article extractor passed over) *before* anything is
taken out of the tree. Once the article and the thread are known, the runs whose words are
not in them become boilerplate blocks, grouped by paragraph and region, so that Ctrl+B
shows them and "Not Boilerplate" can bring them back. Nothing a page shows is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.frozen import maker
from reader.core.html.visible import BLOCK_TAGS, HIDDEN_STYLE, INVISIBLE_TAGS, Element, fold
from reader.core.textio import normalise


@dataclass(frozen=True, slots=True)
class Run:
    """One drawn piece of text: ``paragraph`` numbers the block it sits in."""

    text: str
    paragraph: int
    region: str


_REGION_OF_TAG = {
    "nav": "navigation",
    "header": "page header",
    "footer": "page footer",
    "aside": "sidebar",
    "form": "form",
    "button": "control label",
    "select": "form",
    "label": "form",
}
_REGION_OF_ROLE = {
    "navigation": "navigation",
    "banner": "page header",
    "contentinfo": "page footer",
    "complementary": "sidebar",
    "search": "form",
    "form": "form",
    "button": "control label",
    "menu": "navigation",
    "menubar": "navigation",
}
_PLAIN = "page text outside the article"
COMMENT_SECTION = "comment section"


def page_runs(root: Element, thread_regions: Iterable[Element] = ()) -> list[Run]:
    """Every visible text run of the page's body, in page order."""
    body = root.find("body")
    if body is None:
        body = root
    thread = set(thread_regions)
    runs: list[Run] = []
    append = runs.append
    paragraph = 0
    # (Once per element of the page: the checks are written out here rather than called.)

    def walk(node: Element, region: str) -> None:
        nonlocal paragraph
        text = node.text
        if text and not text.isspace():
            append(_run(text, paragraph, region))
        for child in node:
            tag = child.tag
            tag = tag.lower() if isinstance(tag, str) else ""
            if tag and tag not in INVISIBLE_TAGS:
                style = child.get("style")
                if child.get("hidden") is None and not (style and HIDDEN_STYLE.search(style)):
                    inner = region
                    if child in thread:
                        inner = COMMENT_SECTION
                    elif region == _PLAIN:
                        inner = _REGION_OF_TAG.get(tag) or _REGION_OF_ROLE.get(
                            (child.get("role") or "").lower(), region
                        )
                    if tag in BLOCK_TAGS:
                        paragraph += 1
                        walk(child, inner)
                        paragraph += 1
                    else:
                        walk(child, inner)
            elif tag in ("br", "hr"):
                paragraph += 1
            text = child.tail
            if text and not text.isspace():
                append(_run(text, paragraph, region))

    walk(body, COMMENT_SECTION if body in thread else _PLAIN)
    return runs


_run = maker(Run)


_WORD = re.compile(r"\w+")
# Runs of up to this many words are checked word by word; longer ones must appear whole.
_SHORT_RUN = 3


class Coverage:
    """The words and the folded text of everything the document already holds."""

    def __init__(self, texts: Iterable[str]) -> None:
        folded = [fold(normalise(t)).lower() for t in texts if t]
        self.text = "\n".join(folded)
        # Most of a page's paragraphs are, word for word, a paragraph or line of the
        # article or a comment: a set lookup before any search of the text. (Folding
        # leaves no line break inside a text: each is one line.)
        self.lines = set(folded)
        # Short runs are looked up as word sequences, not searched for in the text. Each
        # text's words end with a line break here (a "word" never one of a run's), so
        # that no sequence spans two texts.
        words: list[str] = []
        for text in folded:
            words += _WORD.findall(text)
            words.append("\n")
        self._words = words
        self.words = set(words)
        # Sequences of two and three words: a page asks for few, so the first are looked
        # for in the words written one space apart; past _SEARCHES of them, in a set of
        # every sequence, made then.
        self._spaced = ""
        self._searches = 0
        self._sequences: set[tuple[str, ...]] | None = None
        self._held: dict[str, bool] = {}

    def holds(self, run: str) -> bool:
        # A page repeats its runs ("Reply", a name, a date under every comment).
        held = self._held.get(run)
        if held is None:
            held = self._held[run] = self._holds(run)
        return held

    def _holds(self, run: str) -> bool:
        folded = fold(run if run.isascii() else normalise(run)).lower()
        if folded in self.lines:
            return True  # a whole text (whose words, if few, are a sequence of it)
        words = _WORD.findall(folded)
        if not words:
            return True  # punctuation and separators: nothing to read
        if len(words) <= _SHORT_RUN:
            return self.has_sequence(words)
        # Inside a text, a run's inner words (not the first and last: those may be parts
        # of words there) are that text's words in sequence: where their first three (or
        # two) are not, the run is not there, and the text is not searched.
        if not self.has_sequence(words[1:-1][:3]):
            return False
        return folded in self.text

    def has_sequence(self, words: list[str]) -> bool:
        """Whether one to three words follow each other in one of the texts."""
        if len(words) == 1:
            return words[0] in self.words
        if not all(word in self.words for word in words):
            return False
        if self._sequences is None:
            if self._searches < _SEARCHES:
                self._searches += 1
                if not self._spaced:
                    self._spaced = f" {' '.join(self._words)} "
                return f" {' '.join(words)} " in self._spaced
            w = self._words
            self._sequences = set(zip(w, w[1:], strict=False))
            self._sequences.update(zip(w, w[1:], w[2:], strict=False))
        return tuple(words) in self._sequences


_SEARCHES = 32


@dataclass(frozen=True, slots=True)
class LeftOut:
    text: str
    region: str


def left_out(runs: list[Run], coverage: Coverage) -> list[LeftOut]:
    """The runs the document lacks, joined into paragraphs (one line each), consecutive
    paragraphs of one region joined into one piece. A paragraph the document holds whole
    is not looked at run by run (a word split by inline markup is still that word)."""
    grouped: list[tuple[str, list[str]]] = []
    last = None
    for run in runs:
        if run.paragraph != last:
            grouped.append((run.region, []))
            last = run.paragraph
        grouped[-1][1].append(run.text)
    pieces: list[LeftOut] = []
    lines: list[str] = []
    region = None
    for where, texts in grouped:
        if coverage.holds("".join(texts)):
            continue
        line = fold(" ".join(t for t in texts if not coverage.holds(t)))
        if not line:
            continue
        if where != region and lines:
            pieces.append(LeftOut("\n".join(lines), region or _PLAIN))
            lines = []
        region = where
        lines.append(line)
    if lines:
        pieces.append(LeftOut("\n".join(lines), region or _PLAIN))
    return pieces
