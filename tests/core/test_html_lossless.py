"""A saved page loses nothing: every word a browser would draw ends up in the article, in
a comment (its text, author or date) or in the left-out text, and no page, however
mangled, makes the reader raise anything but a clear refusal.

The visible words are worked out here independently of the parser: the body's text less
scripts, styles, templates and elements marked hidden.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from reader.core.html.page import parse_html
from reader.core.model import BlockKind, Document
from reader.core.source import read_document
from reader.core.textio import UnreadableFile, normalise

FIXTURES = Path(__file__).parent / "html_fixtures"
DEVSET = Path(__file__).parent / "devset"

_WORD = re.compile(r"\w+")
# What a browser does not draw, as the markup says (no style sheet is read).
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")


def visible_runs(page: str) -> list[str]:
    """Every text node a browser draws, lower-cased, white space squeezed out."""
    root = html.document_fromstring(page)
    for el in root.xpath("//*[@hidden or @style]"):
        if el.get("hidden") is not None or _HIDDEN.search(el.get("style") or ""):
            el.drop_tree()
    for tag in _INVISIBLE:
        for el in root.iter(tag):
            el.drop_tree()
    body = root.find("body")
    runs = (body if body is not None else root).itertext()
    return [r for r in (_squeeze(normalise(t)) for t in runs) if r]


def _squeeze(text: str) -> str:
    """Words only, run together: punctuation and spacing are not what a reader loses."""
    return "".join(_WORD.findall(text.lower()))


def document_text(doc: Document) -> str:
    """All the document holds, squeezed: a run split or joined differently by markup is
    still found."""
    texts = [doc.text, doc.title, doc.byline or "", doc.site or ""]
    texts += [t for c in doc.comments for t in (c.author, c.date) if t]
    return _squeeze(normalise(" ".join(texts)))


def lost_words(page: str, doc: Document) -> set[str]:
    held = document_text(doc)
    return {run for run in visible_runs(page) if run not in held}


PAGES = sorted(FIXTURES.glob("*.html")) + sorted(DEVSET.glob("*/page.html"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_visible_word_of_a_saved_page_is_lost(path):
    doc = read_document(path)
    page = path.read_bytes().decode("utf-8", errors="replace")
    if "charset=windows-1251" in page or "iso-8859-1" in page.lower():
        return  # decoded by the page's own charset: covered by test_html_input
    assert lost_words(page, doc) == set()


def test_chrome_inside_comments_is_left_out_not_deleted():
    page = (
        "<html><head><title>T</title></head><body><article><p>The article body, long enough"
        " to be taken for an article by any extractor.</p></article>"
        '<ol class="commentlist"><li class="comment" id="comment-1">'
        '<div class="comment-author vcard"><cite class="fn">Ana</cite> <span>says:</span></div>'
        '<div class="comment-content"><p>I was there.</p></div>'
        '<div class="reply"><a href="?replytocom=1#respond">Reply</a></div>'
        '<span class="likes">12 likes</span></li></ol></body></html>'
    )
    doc = parse_html(page)
    assert [c.text for c in doc.comments] == ["I was there."]
    left = " ".join(b.text for b in doc.blocks if b.kind is BlockKind.BOILERPLATE)
    assert "Reply" in left and "12 likes" in left
    assert lost_words(page, doc) == set()


def test_text_in_elements_named_like_chrome_stays_in_the_comment():
    # The words of real comments sit in elements called "comment-author", "author" or
    # "comments_reply": names say nothing about what a box holds.
    page = (
        "<html><head><title>T</title></head><body><article><p>The article body, long enough"
        " to be taken for an article by any extractor.</p></article>"
        '<div id="comments"><div class="comment" id="c1"><span class="author">Bo</span>'
        '<div class="comment-text">Top comment here.</div>'
        '<table class="comments comments_reply"><tr><td><div class="comment" id="c2">'
        '<span class="author">Cy</span><div class="comment-text meta-text">A reply inside'
        " a reply table.</div></div></td></tr></table></div></div></body></html>"
    )
    doc = parse_html(page)
    texts = [c.text for c in doc.comments]
    assert texts == ["Top comment here.", "A reply inside a reply table."]
    assert doc.comments[1].parent == doc.comments[0].id
    assert lost_words(page, doc) == set()


# ---- random pages ------------------------------------------------------------------------

_TAGS = ("div", "p", "span", "li", "ul", "ol", "a", "article", "section", "table", "tr",
         "td", "b", "em", "nav", "footer", "header", "aside", "form", "button", "cite",
         "time", "dl", "dt", "dd", "blockquote", "h2", "h3", "br")  # fmt: skip
_CLASSES = ("comment", "comment-author", "reply", "children", "depth-2", "commentlist",
            "comment-body", "meta", "fn", "vcard", "post", "author", "date", "content",
            "comments_reply", "message", "says", "hidden", "")  # fmt: skip
_WORDS = st.sampled_from(
    ("the", "council", "said", "I", "think", "Reply", "12", "likes", "you", "wrong", "é",
     "Ответ", "日本", "«quoted»", "—", "&amp;", "<", "says:", "2024-03-04", "ago")
)  # fmt: skip


@st.composite
def _node(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_TAGS))
    if tag == "br":
        return "<br>"
    cls = draw(st.sampled_from(_CLASSES))
    attrs = f' class="{cls}"' if cls else ""
    if draw(st.booleans()):
        attrs += f' id="comment-{draw(st.integers(1, 30))}"'
    text = " ".join(draw(st.lists(_WORDS, max_size=6)))
    children = []
    if depth < 4:
        children = draw(st.lists(_node(depth + 1), max_size=3))
    tail = " ".join(draw(st.lists(_WORDS, max_size=2)))
    return f"<{tag}{attrs}>{text}{''.join(children)}</{tag}>{tail}"


@st.composite
def _page(draw) -> str:
    body = "".join(draw(st.lists(_node(), min_size=1, max_size=6)))
    broken = draw(st.sampled_from(("", "</div>", "<li>", "<table><tr>", "</ol></ol>")))
    return f"<html><head><title>A page</title></head><body>{body}{broken}</body></html>"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_page())
def test_random_pages_never_raise_and_never_lose_a_word(page):
    try:
        doc = parse_html(page)
    except UnreadableFile:
        return  # a clear refusal: the page shows nothing to read
    assert lost_words(page, doc) == set()
    assert normalise(doc.text) == doc.text
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
    for c in doc.comments:
        assert doc.text[c.start : c.end] == c.text


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=400))
def test_random_text_as_a_page_never_raises(text):
    with contextlib.suppress(UnreadableFile):
        parse_html(text)
