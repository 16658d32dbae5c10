"""Turning a scrape's normalised text into a Document: the article, its clutter, the
comment thread and the quotations that link them.

The parser is heuristic: it never raises, keeps every character (boilerplate is a block
kind, never dropped), and records how sure it was of each structural guess.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from reader.core.article import classify_article
from reader.core.boundary import find_boundary
from reader.core.lines import scan_lines
from reader.core.links import comment_links, pullquote_links
from reader.core.model import Decision, Document
from reader.core.thread import parse_thread
from reader.core.words import SpanWords


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while a page is parsed: a parse makes
    tens of thousands of objects that live on (lines, comments, word tuples) and no
    cycles, so the collections their making sets off walk them, and the rest of the
    heap, for nothing (7-9 % of a 1 MB page's parse, measured; 4 % of a saved page's,
    whose few cycles wait for the next collection). Only a collector that was on is
    turned back on; reference counting frees everything as before."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_text(text: str) -> Document:
    with collector_paused():
        return _parse(text)


def _parse(text: str) -> Document:
    lines = scan_lines(text)
    boundary = find_boundary(lines)
    split = len(lines) if boundary.start is None else boundary.start
    words = SpanWords(text)
    article = classify_article(lines[:split], words)
    decisions = list(article.decisions)
    if boundary.start is not None:
        offset = lines[boundary.start].start
        header = None if boundary.header is None else boundary.header - split
        blank_separated = sum(line.blank_before for line in lines) > 0.4 * len(lines)
        thread = parse_thread(
            text, lines[split:], header, blank_separated=blank_separated, words=words
        )
        decisions.append(Decision("comments start", offset, boundary.confidence, boundary.reason))
        decisions += thread.decisions
        thread_blocks, comments = thread.blocks, thread.comments
    else:
        decisions.append(Decision("no comments", len(text), boundary.confidence, boundary.reason))
        thread_blocks, comments = [], []
    blocks = sorted(article.blocks + thread_blocks, key=lambda b: b.start)
    # Block indices in links refer to the merged list; article blocks keep their order
    # because every thread block comes after them.
    links = pullquote_links(text, blocks, article.pullquotes, words)
    links += comment_links(text, blocks, comments, words)
    return Document(
        text=text,
        title=article.title,
        standfirst=article.standfirst,
        byline=article.byline,
        blocks=tuple(blocks),
        comments=tuple(comments),
        links=tuple(links),
        declared_comment_count=boundary.declared,
        decisions=tuple(decisions),
    )
