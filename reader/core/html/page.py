"""A saved web page becomes a :class:`Document`: the article through trafilatura, the
comment thread from the page's own markup.

The page is parsed, never rendered: scripts, styles and markup comments are dropped
before anything reads it, and nothing it refers to (images, scripts, fonts, the page's
URL) is fetched. ``Document.text`` is the text Reader builds from the page: the article's
blocks, then each comment's text in thread order, separated by blank lines.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import htmldate
import trafilatura
from lxml import etree, html
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import use_config

from reader.core.comment_ids import assign_ids
from reader.core.html.comments import FoundThread, declared_count, find_thread, strip_noise
from reader.core.html.leftover import COMMENT_SECTION, Coverage, Run, left_out, page_runs
from reader.core.html.visible import classes, paragraphs
from reader.core.links import comment_links
from reader.core.model import Block, BlockKind, Comment, Decision, Document
from reader.core.textio import UnreadableFile, normalise

_SEPARATOR = "\n\n"

# Characters XML (and so lxml) refuses, and that no page shows.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _extractor_config():
    config = use_config()
    # Trafilatura hands a short article (under 250 characters) to a fallback that runs
    # its paragraphs together; short articles are still articles, so keep its own result.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "25")
    return config


_CONFIG = _extractor_config()


@dataclass(frozen=True, slots=True)
class _Piece:
    kind: BlockKind
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class _Article:
    title: str
    standfirst: str | None
    byline: str | None
    sitename: str | None
    pieces: tuple[_Piece, ...]
    extractor: str
    date: str | None = None


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
    root = _parse(page)
    try:
        embedded = _frames(root)
        strip_noise(root)
        thread = find_thread(root, page)
        runs = page_runs(root, thread.regions if thread is not None else ())
        if thread is None:
            thread = _thread_in_frames(embedded, frames)
        article = _article(root, thread, fallback_title, forms=_may_hold_forms(page))
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


def _parse(page: str) -> html.HtmlElement:
    page = _XML_DECLARATION.sub("", _NOT_XML.sub("", page), count=1)
    if not page.strip():
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
    try:
        root = html.document_fromstring(page, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise UnreadableFile("it is not a web page Reader can read") from error
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 2,048 levels and drops the rest of the page.
        raise UnreadableFile(_TOO_DEEP)
    return root


_TOO_DEEP = "its markup is nested too deeply for Reader to read all of it"


# ---- the article --------------------------------------------------------------------

_CAPTION_CLASSES = {"wp-caption-text", "caption", "figure-caption", "image-caption"}
_CAPTIONS = etree.XPath("//figcaption | //*[contains(@class, 'caption')]")


def _mark_captions(root: html.HtmlElement) -> set[str]:
    """Turn captions into paragraphs the extractor keeps; return their folded texts."""
    captions = set()
    for el in _CAPTIONS(root):
        if el.tag == "figcaption" or classes(el) & _CAPTION_CLASSES:
            text = " ".join(el.text_content().split())
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


_FORM_LIKE = etree.XPath(
    "//*["
    + " or ".join(
        f"contains(@{attribute}, '{word}')"
        for attribute in ("class", "id")
        for word in ("respond", "Respond", "form", "Form")
    )
    + "]"
)
_COMMENT_FORM = re.compile(r"respond|comments?-?form|reply-?form")
# Words that say the page may hold a comment form: a quick look at the source (plain
# substring search) before the slower search of the tree.
_FORM_WORDS = ("respond", "commentform", "comment-form", "commentsform", "comments-form",
               "replyform", "reply-form")  # fmt: skip


def _may_hold_forms(page: str) -> bool:
    low = page.lower()
    return any(word in low for word in _FORM_WORDS)


def _drop_comment_regions(root: html.HtmlElement, thread: FoundThread | None, forms: bool) -> None:
    doomed = list(thread.regions) if thread else []
    if forms:
        doomed += [
            el
            for el in _FORM_LIKE(root)
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


def _extract(root: html.HtmlElement, fast: bool):
    return trafilatura.bare_extraction(
        root,
        fast=fast,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_tables=True,
        with_metadata=False,
        config=_CONFIG,
    )


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


def _pieces_of(extracted, captions: set[str]) -> list[_Piece]:
    body = getattr(extracted, "body", None)
    return list(_body_pieces(body, captions)) if body is not None else []


def _article(
    root: html.HtmlElement, thread: FoundThread | None, fallback_title: str, forms: bool
) -> _Article:
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
    return _Article(
        title, standfirst, byline, sitename, tuple(pieces), extractor, meta.date or None
    )


_STANDFIRST_CLASS = re.compile(
    r"(?:.*[-_])?(?:standfirst|dek|subheadline|sub-headline|subtitle|strapline|summary|lede|"
    r"intro|description|excerpt)"
)
_STANDFIRST_CANDIDATES = etree.XPath(
    "//*[self::p or self::h2 or self::div or self::span]["
    + " or ".join(
        f"contains(@class, '{word}')"
        for word in (
            "standfirst", "dek", "sub", "summary", "lede", "intro", "strapline",
            "description", "excerpt",
        )
    )
    + "]"
)  # fmt: skip
_NOT_STANDFIRST = re.compile(r"related|promo|card|teaser|widget|sidebar|newsletter|subscri")


def _standfirsts(root: html.HtmlElement) -> list[str]:
    """Texts marked up as the article's standfirst (dek, summary), outside page chrome."""
    found = []
    for el in _STANDFIRST_CANDIDATES(root):
        if not any(_STANDFIRST_CLASS.fullmatch(token) for token in classes(el)):
            continue
        if any(
            a.tag in ("nav", "aside", "footer", "form")
            or _NOT_STANDFIRST.search((a.get("class") or "").lower())
            for a in el.iterancestors()
        ) or _NOT_STANDFIRST.search((el.get("class") or "").lower()):
            continue
        text = _fold(el.text_content())
        if 20 <= len(text) <= 600:
            found.append(text)
    return found


def _mark_standfirst(pieces: list[_Piece], standfirsts: list[str]) -> str | None:
    """Make the extracted piece that is the marked-up standfirst one; put the standfirst
    first when the extractor left it out (it often sits in the header, outside the body)."""
    if not standfirsts:
        return None
    wanted = set(standfirsts)
    for i, piece in enumerate(pieces[:3]):
        if _fold(piece.text) in wanted:
            pieces[i] = _Piece(BlockKind.STANDFIRST, piece.text, "standfirst markup")
            return piece.text
    first = standfirsts[0]
    if any(first in _fold(piece.text) for piece in pieces):
        return None
    pieces.insert(0, _Piece(BlockKind.STANDFIRST, first, "standfirst markup"))
    return first


def _fold(text: str) -> str:
    return " ".join(text.split())


def _page_title(root: html.HtmlElement) -> str:
    for path in ("//head/title", "//h1"):
        for el in root.xpath(path):
            text = _fold(el.text_content())
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


def _body_pieces(body: etree._Element, captions: set[str]) -> Iterable[_Piece]:
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "list":
            for item in el.iter("item"):
                text = _lines(item)
                if text:
                    yield _Piece(BlockKind.PARAGRAPH, text, "list item")
        elif tag == "table":
            for row in el.iter("row"):
                text = "\t".join(_lines(cell) for cell in row.iter("cell"))
                if text.strip():
                    yield _Piece(BlockKind.PARAGRAPH, text.strip(), "table row")
        else:
            text = _lines(el)
            if not text:
                continue
            if _fold(text) in captions:
                yield _Piece(BlockKind.CAPTION, text, "figure caption")
            elif tag == "head":
                yield _Piece(BlockKind.PARAGRAPH, text, "subheading")
            elif tag == "quote":
                yield _Piece(BlockKind.PARAGRAPH, text, "block quotation")
            else:
                yield _Piece(BlockKind.PARAGRAPH, text, "paragraph")


_PAGE_CHROME = {"nav", "header", "footer", "aside", "form"}


def _fallback_pieces(root: html.HtmlElement, captions: set[str]) -> Iterable[_Piece]:
    """When the extractor finds no article (a short page), the body's own paragraphs,
    less navigation, headers and footers."""
    body = root.find("body")
    if body is None:
        body = root

    def skip(el: html.HtmlElement) -> bool:
        return not isinstance(el.tag, str) or el.tag in _PAGE_CHROME or el.tag == "img"

    for text in paragraphs(body, skip):
        kind = BlockKind.CAPTION if _fold(text) in captions else BlockKind.PARAGRAPH
        yield _Piece(kind, text, "page paragraph")


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


def _assemble(article: _Article, thread: FoundThread | None, runs: list[Run] = ()) -> Document:
    heads: list[_Piece] = []
    if article.sitename and article.sitename != article.title:
        heads.append(_Piece(BlockKind.BOILERPLATE, article.sitename, "site name"))
    if article.title:
        heads.append(_Piece(BlockKind.TITLE, article.title, "page title"))
    body = list(article.pieces)
    if body and body[0].kind is BlockKind.STANDFIRST:
        heads.append(body.pop(0))  # under the headline, as the page shows it
    if article.byline:
        heads.append(_Piece(BlockKind.BYLINE, article.byline, "page author and date"))
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
        _Piece(BlockKind.BOILERPLATE, m.text, f"left out: {m.region}")
        for m in missing
        if m.region != COMMENT_SECTION
    ]
    after = [
        _Piece(BlockKind.BOILERPLATE, m.text, f"left out: {m.region}")
        for m in missing
        if m.region == COMMENT_SECTION
    ]

    chunks: list[str] = []
    offset = 0

    def place(text: str) -> tuple[int, int]:
        nonlocal offset
        if chunks:
            chunks.append(_SEPARATOR)
            offset += len(_SEPARATOR)
        chunks.append(text)
        start = offset
        offset += len(text)
        return start, offset

    blocks = []
    for piece in pieces:
        text = normalise(piece.text).strip()
        if text:
            start, end = place(text)
            blocks.append(Block(piece.kind, start, end, text, piece.reason))

    texts = [normalise(c.text).strip() for c in found]
    ids = assign_ids(texts)
    comments = []
    for c, text, cid in zip(found, texts, ids, strict=True):
        start, end = place(text)
        parent = ids[c.parent] if c.parent is not None else None
        comments.append(
            Comment(
                cid, parent, c.depth, text, start, end, c.author, c.date, ((start, end),), c.kind
            )
        )
    for piece in after:
        text = normalise(piece.text).strip()
        if text:
            start, end = place(text)
            blocks.append(Block(piece.kind, start, end, text, piece.reason))

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
    text = "".join(chunks)
    return Document(
        text=text,
        title=title,
        standfirst=article.standfirst,
        byline=article.byline,
        blocks=tuple(blocks),
        comments=tuple(comments),
        links=tuple(comment_links(text, blocks, comments)),
        declared_comment_count=thread.declared_count if thread else None,
        decisions=tuple(decisions),
        site=article.sitename,
        date=article.date,
    )
