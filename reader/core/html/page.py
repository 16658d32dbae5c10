"""A saved web page becomes a :class:`Document`: the article through trafilatura, the
comment thread from the page's own markup.

The page is parsed, never rendered: scripts, styles and markup comments are dropped
before anything reads it, and nothing it refers to (images, scripts, fonts, the page's
URL) is fetched. ``Document.text`` is the text Reader builds from the page: the article's
blocks, then each comment's text in thread order, separated by blank lines.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from lxml import etree, html

from reader.core.comment_ids import assign_ids_of_words
from reader.core.html.article_text import ArticleParts, Piece, find_article, may_hold_forms
from reader.core.html.comments import FoundThread, declared_count, find_thread, strip_noise
from reader.core.html.leftover import COMMENT_SECTION, Coverage, Run, left_out, page_runs
from reader.core.links import comment_links
from reader.core.model import Block, BlockKind, Comment, Decision, Document
from reader.core.parse import collector_paused
from reader.core.text import Paragraphs
from reader.core.textio import UnreadableFile, normalise
from reader.core.words import SpanWords

# Characters XML (and so lxml) refuses, and that no page shows.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


# A page embeds few frames worth reading; past this many the rest are ads and widgets.
_MAX_FRAMES = 12


def parse_html(
    page: str,
    fallback_title: str = "",
    frames: Callable[[str], str | None] | None = None,
) -> Document:
    """Build the document for a decoded page, or raise :class:`UnreadableFile` when the
    page holds neither article text nor comments.

    A comment thread that lives in an embedded frame (Disqus draws its thread in an
    ``<iframe>``) is read from the frame's ``srcdoc``, or through ``frames``, which maps
    the frame's ``src`` to the saved frame's text (the browser keeps it in the page's
    ``_files`` folder) or ``None``. Nothing is ever fetched."""
    with collector_paused():
        return _read(page, fallback_title, frames)


def _read(page: str, fallback_title: str, frames: Callable[[str], str | None] | None) -> Document:
    root = _parse(page)
    try:
        embedded = _frames(root)
        strip_noise(root)
        low = page.lower()
        thread = find_thread(root, page, low)
        runs = page_runs(root, thread.regions if thread is not None else ())
        if thread is None:
            thread = _thread_in_frames(embedded, frames)
        article = find_article(root, thread, fallback_title, forms=may_hold_forms(low))
    except RecursionError as error:
        raise UnreadableFile(_TOO_DEEP) from error
    return _assemble(article, thread, runs)


def _frames(root: html.HtmlElement) -> list[tuple[str, str]]:
    """(``srcdoc``, ``src``) of the page's frames, before they are stripped."""
    return [
        (frame.get("srcdoc") or "", (frame.get("src") or "").strip())
        for frame in _FRAME_ELEMENTS(root)[:_MAX_FRAMES]
    ]


def _thread_in_frames(
    embedded: list[tuple[str, str]], frames: Callable[[str], str | None] | None
) -> FoundThread | None:
    for srcdoc, src in embedded:
        text = srcdoc or (frames(src) if frames is not None and src else None)
        if not text:
            continue
        try:
            frame_root = _parse(text)
        except UnreadableFile:
            continue
        strip_noise(frame_root)
        thread = find_thread(frame_root, text)
        if thread is not None:
            # Its markup is in another tree: nothing to keep the article extractor off.
            # The frame is the comments widget: its count may sit anywhere in it.
            count = thread.declared_count
            if count is None:
                count = declared_count((frame_root,))
            return dataclasses.replace(thread, regions=(), declared_count=count)
    return None


_FRAME_ELEMENTS = etree.XPath("//iframe | //frame")


def _element_classes() -> etree.ElementNamespaceClassLookup | None:
    """The element classes ``lxml.html`` gives (``HtmlElement``; ``FormElement`` and the
    other form controls by tag), chosen in C: ``lxml.html``'s own lookup is a Python
    method called for every element object made (2-3 % of reading a page). None (keep
    lxml.html's own lookup) if a later lxml no longer keeps its table of form classes
    where this reads it: slower, never different."""
    by_tag_classes = getattr(html.HtmlElementClassLookup, "_default_element_classes", None)
    if not isinstance(by_tag_classes, dict):
        return None
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=html.HtmlElement,
            comment=html.HtmlComment,
            pi=html.HtmlProcessingInstruction,
            entity=html.HtmlEntity,
        )
    )
    by_tag = lookup.get_namespace(None)
    # (libxml2's HTML parser gives tag names in lower case, as lxml.html's lookup wants)
    by_tag.update(by_tag_classes)
    return lookup


_ELEMENT_CLASSES = _element_classes()


def _parse(page: str) -> html.HtmlElement:
    page = _XML_DECLARATION.sub("", _NOT_XML.sub("", page), count=1)
    if not page or page.isspace():
        raise UnreadableFile("the page is empty")
    parser = html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        default_doctype=False,
        collect_ids=False,
        # Past 256 levels libxml2 stops reading and the rest of the page is lost without
        # a word; badly nested saved pages get that deep.
        huge_tree=True,
    )
    if _ELEMENT_CLASSES is not None:
        parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        root = html.document_fromstring(page, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise UnreadableFile("it is not a web page Reader can read") from error
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 2,048 levels and drops the rest of the page.
        raise UnreadableFile(_TOO_DEEP)
    return root


_TOO_DEEP = "its markup is nested too deeply for Reader to read all of it"


# ---- putting it together ----------------------------------------------------------------


# How sure each way of finding the parts is: named comment markup says who replies to
# whom outright; the generic reading of comment-named boxes, and the page's paragraphs
# when the extractor found no article, are good guesses.
_CONFIDENCE = {
    "wordpress": 1.0,
    "disqus": 1.0,
    "hacker news": 1.0,
    "schema.org": 1.0,
    "generic": 0.8,
    "page structure": 0.7,
    "trafilatura": 0.9,
    "page paragraphs": 0.5,
}


def _assemble(article: ArticleParts, thread: FoundThread | None, runs: list[Run] = ()) -> Document:
    heads: list[Piece] = []
    if article.sitename and article.sitename != article.title:
        heads.append(Piece(BlockKind.BOILERPLATE, article.sitename, "site name"))
    if article.title:
        heads.append(Piece(BlockKind.TITLE, article.title, "page title"))
    body = list(article.pieces)
    if body and body[0].kind is BlockKind.STANDFIRST:
        heads.append(body.pop(0))  # under the headline, as the page shows it
    if article.byline:
        heads.append(Piece(BlockKind.BYLINE, article.byline, "page author and date"))
    pieces = heads + body
    found = thread.comments if thread else ()
    if not article.pieces and not found:
        raise UnreadableFile("the page holds no article text and no comments")
    # What the page shows and neither the article nor a comment holds: left-out text,
    # before the comments (page furniture) or after them (the comment section's own).
    coverage = Coverage(
        [p.text for p in pieces]
        + [t for c in found for t in (c.text, c.author, c.date) if t]
        + [article.title or "", article.byline or "", article.standfirst or ""]
    )
    missing = left_out(list(runs), coverage)
    pieces += [
        Piece(BlockKind.BOILERPLATE, m.text, f"left out: {m.region}")
        for m in missing
        if m.region != COMMENT_SECTION
    ]
    after = [
        Piece(BlockKind.BOILERPLATE, m.text, f"left out: {m.region}")
        for m in missing
        if m.region == COMMENT_SECTION
    ]

    joined = Paragraphs()
    place = joined.place

    blocks = []
    for piece in pieces:
        text = normalise(piece.text).strip()
        if text:
            start, end = place(text)
            blocks.append(Block(piece.kind, start, end, text, piece.reason))

    texts = [normalise(c.text).strip() for c in found]
    spans = [place(text) for text in texts]
    for piece in after:
        text = normalise(piece.text).strip()
        if text:
            start, end = place(text)
            blocks.append(Block(piece.kind, start, end, text, piece.reason))
    text = joined.text()
    # The comments' words, split once for their ids and again found by the quotation
    # links (as the text parser does).
    words = SpanWords(text)
    ids = assign_ids_of_words(words.many([(span,) for span in spans]))
    comments = [
        Comment(cid, ids[c.parent] if c.parent is not None else None, c.depth, own, start, end,
                c.author, c.date, ((start, end),), c.kind)
        for c, own, cid, (start, end) in zip(found, texts, ids, spans, strict=True)
    ]  # fmt: skip

    decisions = [
        Decision(
            "article",
            blocks[0].start if blocks else 0,
            _CONFIDENCE.get(article.extractor, 0.5),
            article.extractor,
        )
    ]
    if thread is not None and comments:
        decisions.append(
            Decision(
                "comments",
                comments[0].start,
                _CONFIDENCE.get(thread.family, 0.5),
                f"{thread.family} comment markup",
            )
        )
    title = article.title or (blocks[0].text if blocks else "")
    return Document(
        text=text,
        title=title,
        standfirst=article.standfirst,
        byline=article.byline,
        blocks=tuple(blocks),
        comments=tuple(comments),
        links=tuple(comment_links(text, blocks, comments, words)),
        declared_comment_count=thread.declared_count if thread else None,
        decisions=tuple(decisions),
        site=article.sitename,
        date=article.date,
    )
