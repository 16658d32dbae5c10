"""The article of a saved page: trafilatura's extraction, captions, standfirst, byline,
title and date, as :class:`ArticleParts` (pieces of text with their kind and the reason
for it). ``page.py`` assembles them with the comment thread into a document; the
comment-section regions the thread finder found are kept off the extractor first.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import htmldate
import trafilatura
from lxml import etree, html
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import Extractor, use_config

from reader.core.html.comments import FoundThread
from reader.core.html.select import named_with, with_class_holding
from reader.core.html.visible import classes, paragraphs, text_content
from reader.core.model import BlockKind


def _extractor_config():
    config = use_config()
    # Trafilatura hands a short article (under 250 characters) to a fallback that runs
    # its paragraphs together; short articles are still articles, so keep its own result.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "25")
    return config


_CONFIG = _extractor_config()


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the article's text, what kind of block it makes, and why."""

    kind: BlockKind
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class ArticleParts:
    """What the page says of its article; ``extractor`` names what found the pieces."""

    title: str
    standfirst: str | None
    byline: str | None
    sitename: str | None
    pieces: tuple[Piece, ...]
    extractor: str
    date: str | None = None


_CAPTION_CLASSES = {"wp-caption-text", "caption", "figure-caption", "image-caption"}
_CAPTIONS = etree.XPath("//figcaption | //*[contains(@class, 'caption')]")


def _mark_captions(root: html.HtmlElement) -> set[str]:
    """Turn captions into paragraphs the extractor keeps; return their folded texts."""
    captions = set()
    for el in _CAPTIONS(root):
        if el.tag == "figcaption" or classes(el) & _CAPTION_CLASSES:
            text = " ".join(text_content(el).split())
            if text:
                captions.add(text)
                # The extractor drops figures, and elements named like captions, whole.
                el.tag = "p"
                el.attrib.pop("class", None)
                figure = el.getparent()
                if figure is not None and figure.tag == "figure":
                    figure.tag = "div"
                    figure.attrib.pop("class", None)
    return captions


# Class or id words of a form's box (as written), looked for before the pattern below.
_FORM_LIKE = ("respond", "Respond", "form", "Form")
_COMMENT_FORM = re.compile(r"respond|comments?-?form|reply-?form")
# Words that say the page may hold a comment form: a quick look at the source (plain
# substring search) before the slower search of the tree.
_FORM_WORDS = ("respond", "commentform", "comment-form", "commentsform", "comments-form",
               "replyform", "reply-form")  # fmt: skip


def may_hold_forms(low: str) -> bool:
    """Whether the page's text (lower-cased) may hold a comment form."""
    return any(word in low for word in _FORM_WORDS)


def _drop_comment_regions(root: html.HtmlElement, thread: FoundThread | None, forms: bool) -> None:
    doomed = list(thread.regions) if thread else []
    if forms:
        doomed += [
            el
            for el in named_with(root, _FORM_LIKE)
            if el.tag not in ("html", "body", "main", "article")
            and _COMMENT_FORM.search(f"{el.get('class') or ''} {el.get('id') or ''}".lower())
        ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


# Below this many characters of article, the quick extraction is checked against the
# thorough one (a few milliseconds more per page).
_SHORT_ARTICLE = 400
# Less than this from the fallback extractors is page chrome ("Home"), not an article.
_MIN_ARTICLE = 25


def _extractor(fast: bool) -> Extractor:
    """The extraction's options, made once: ``bare_extraction`` would make the same from
    its keywords on every call (reading them from the configuration each time), and
    takes a shared ``Extractor`` instead (it copies one before changing it)."""
    return Extractor(
        config=_CONFIG,
        output_format="python",
        fast=fast,
        comments=False,
        images=False,
        links=False,
        tables=True,
        with_metadata=False,
    )


_EXTRACTORS = {fast: _extractor(fast) for fast in (True, False)}


def _extract(root: html.HtmlElement, fast: bool):
    return trafilatura.bare_extraction(root, options=_EXTRACTORS[fast])


@dataclass(frozen=True, slots=True)
class _Metadata:
    title: str
    author: str
    date: str
    sitename: str


def _metadata(root: html.HtmlElement) -> _Metadata:
    """Title, author, date and site name the way trafilatura finds them (meta tags,
    JSON-LD, then the page's own markup), without the categories, tags and licence its
    full metadata pass also looks for, which cost more than the article itself."""
    tm = trafilatura_metadata
    meta = tm.examine_meta(root)
    if meta.author and " " not in meta.author:
        meta.author = None  # a handle or a site name, as trafilatura also judges
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader is not robust
        meta = tm.extract_meta_json(root, meta)
    title = meta.title or tm.extract_title(root) or ""
    author = meta.author or tm.extract_author(root) or ""
    # Dates from the page's markup only: the extensive search takes any year in the text
    # ("due to open in 2026") for the publication date.
    date = htmldate.find_date(root, extensive_search=False, original_date=True) or ""
    sitename = (meta.sitename or tm.extract_sitename(root) or "").lstrip("@")
    return _Metadata(_fold(title), _fold(author), _fold(date), _fold(sitename))


def _pieces_of(extracted, captions: set[str]) -> list[Piece]:
    body = getattr(extracted, "body", None)
    return list(_body_pieces(body, captions)) if body is not None else []


def find_article(
    root: html.HtmlElement, thread: FoundThread | None, fallback_title: str, forms: bool
) -> ArticleParts:
    page_title = _page_title(root)
    _drop_comment_regions(root, thread, forms)
    meta = _metadata(root)
    standfirsts = _standfirsts(root)
    captions = _mark_captions(root)
    extracted = _extract(root, fast=True)
    pieces = _pieces_of(extracted, captions)
    if sum(len(p.text) for p in pieces) < _SHORT_ARTICLE:
        # Little found: let trafilatura compare its result with its fallback extractors.
        thorough = _extract(root, fast=False)
        thorough_pieces = _pieces_of(thorough, captions)
        found = sum(len(p.text) for p in thorough_pieces)
        if found > max(sum(len(p.text) for p in pieces), _MIN_ARTICLE):
            extracted, pieces = thorough, thorough_pieces
    extractor = "trafilatura"
    if sum(len(p.text) for p in pieces) < _MIN_ARTICLE:
        # Nothing, or a scrap of navigation: read the page's own paragraphs instead.
        pieces = list(_fallback_pieces(root, captions))
        extractor = "page paragraphs"
    title = meta.title or page_title or _fold(fallback_title)
    if pieces and title and pieces[0].text == title:
        pieces.pop(0)
    author, date = meta.author, meta.date
    byline = " · ".join(part for part in (author, date) if part) or None
    if (
        byline
        and pieces
        and _fold(pieces[0].text).lower() in (author.lower(), f"by {author}".lower())
    ):
        pieces.pop(0)
    standfirst = _mark_standfirst(pieces, standfirsts)
    sitename = meta.sitename or None
    return ArticleParts(
        title, standfirst, byline, sitename, tuple(pieces), extractor, meta.date or None
    )


_STANDFIRST_CLASS = re.compile(
    r"(?:.*[-_])?(?:standfirst|dek|subheadline|sub-headline|subtitle|strapline|summary|lede|"
    r"intro|description|excerpt)"
)
# Candidates for the pattern above: a paragraph, heading or box whose class holds one of
# these (as written).
_STANDFIRST_WORDS = ("standfirst", "dek", "sub", "summary", "lede", "intro", "strapline",
                     "description", "excerpt")  # fmt: skip
_STANDFIRST_TAGS = frozenset(("p", "h2", "div", "span"))
_NOT_STANDFIRST = re.compile(r"related|promo|card|teaser|widget|sidebar|newsletter|subscri")


def _standfirsts(root: html.HtmlElement) -> list[str]:
    """Texts marked up as the article's standfirst (dek, summary), outside page chrome."""
    found = []
    for el in with_class_holding(root, _STANDFIRST_WORDS, _STANDFIRST_TAGS):
        if not any(_STANDFIRST_CLASS.fullmatch(token) for token in classes(el)):
            continue
        if any(
            a.tag in ("nav", "aside", "footer", "form")
            or _NOT_STANDFIRST.search((a.get("class") or "").lower())
            for a in el.iterancestors()
        ) or _NOT_STANDFIRST.search((el.get("class") or "").lower()):
            continue
        text = _fold(text_content(el))
        if 20 <= len(text) <= 600:
            found.append(text)
    return found


def _mark_standfirst(pieces: list[Piece], standfirsts: list[str]) -> str | None:
    """Make the extracted piece that is the marked-up standfirst one; put the standfirst
    first when the extractor left it out (it often sits in the header, outside the body)."""
    if not standfirsts:
        return None
    wanted = set(standfirsts)
    for i, piece in enumerate(pieces[:3]):
        if _fold(piece.text) in wanted:
            pieces[i] = Piece(BlockKind.STANDFIRST, piece.text, "standfirst markup")
            return piece.text
    first = standfirsts[0]
    if any(first in _fold(piece.text) for piece in pieces):
        return None
    pieces.insert(0, Piece(BlockKind.STANDFIRST, first, "standfirst markup"))
    return first


def _fold(text: str) -> str:
    return " ".join(text.split())


def _page_title(root: html.HtmlElement) -> str:
    for path in ("//head/title", "//h1"):
        for el in root.xpath(path):
            text = _fold(text_content(el))
            if text:
                return text
    return ""


def _lines(el: etree._Element) -> str:
    """An extracted element's text, folded, keeping trafilatura's line breaks."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = (_fold(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _body_pieces(body: etree._Element, captions: set[str]) -> Iterable[Piece]:
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "list":
            for item in el.iter("item"):
                text = _lines(item)
                if text:
                    yield Piece(BlockKind.PARAGRAPH, text, "list item")
        elif tag == "table":
            for row in el.iter("row"):
                text = "\t".join(_lines(cell) for cell in row.iter("cell"))
                if text.strip():
                    yield Piece(BlockKind.PARAGRAPH, text.strip(), "table row")
        else:
            text = _lines(el)
            if not text:
                continue
            if _fold(text) in captions:
                yield Piece(BlockKind.CAPTION, text, "figure caption")
            elif tag == "head":
                yield Piece(BlockKind.PARAGRAPH, text, "subheading")
            elif tag == "quote":
                yield Piece(BlockKind.PARAGRAPH, text, "block quotation")
            else:
                yield Piece(BlockKind.PARAGRAPH, text, "paragraph")


_PAGE_CHROME = {"nav", "header", "footer", "aside", "form"}


def _fallback_pieces(root: html.HtmlElement, captions: set[str]) -> Iterable[Piece]:
    """When the extractor finds no article (a short page), the body's own paragraphs,
    less navigation, headers and footers."""
    body = root.find("body")
    if body is None:
        body = root

    def skip(el: html.HtmlElement) -> bool:
        return not isinstance(el.tag, str) or el.tag in _PAGE_CHROME or el.tag == "img"

    for text in paragraphs(body, skip):
        kind = BlockKind.CAPTION if _fold(text) in captions else BlockKind.PARAGRAPH
        yield Piece(kind, text, "page paragraph")
