"""What a reader sees of a saved page, and which of it is page furniture.

Chrome (buttons, "Reply" links, counters, forms, hidden bits) is recognised by its role
and shape, never by words inside class names: real pages put comment text in elements
called ``comment-author`` or ``comments_reply``. Whatever is classified as chrome here is
only kept out of a comment's or the article's text; :mod:`reader.core.html.leftover`
still puts it in the document's left-out text, so nothing a page shows is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import html

Element = html.HtmlElement


def tag_of(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def classes(el: Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


def fold(text: str) -> str:
    return " ".join(text.split())


# Elements that are never something a person wrote.
CHROME_TAGS = frozenset((
    "script", "style", "noscript", "template", "button", "form", "input", "textarea",
    "select", "option", "svg", "img", "picture", "video", "audio", "iframe", "object",
    "embed", "nav", "canvas", "map", "label",
))  # fmt: skip
# Elements that a browser does not draw at all.
INVISIBLE_TAGS = frozenset((
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
    "img", "picture", "video", "audio", "iframe", "object", "embed", "canvas", "map",
    "input", "br", "hr", "wbr",
))  # fmt: skip
# Interactive roles: what they hold is a control's label.
_CHROME_ROLES = frozenset((
    "button", "toolbar", "menu", "menubar", "menuitem", "navigation", "search", "dialog",
    "tablist", "tab", "img", "presentation", "banner", "contentinfo",
))  # fmt: skip
# Class tokens (whole tokens, not substrings) that CSS frameworks use to hide text from
# sighted readers; a saved page has no style sheet to say so.
_SCREEN_READER_ONLY = frozenset((
    "sr-only", "screen-reader-text", "screen-reader-only", "visually-hidden",
    "visuallyhidden", "assistive-text", "hidden", "d-none", "hide",
))  # fmt: skip
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

BLOCK_TAGS = frozenset((
    "p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5",
    "h6", "section", "article", "header", "footer", "table", "tr", "dl", "dd", "dt",
    "figure", "figcaption", "hr", "address", "aside", "details", "summary", "main", "center",
))  # fmt: skip


def is_hidden(el: Element) -> bool:
    """Not drawn, as the markup itself says: the ``hidden`` attribute or an inline
    ``display: none``."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and HIDDEN_STYLE.search(style))


# A link that does something on the page (reply, vote, share, report, log in) rather
# than lead to another text: an in-page or script target, or such a verb in the URL.
_ACTION_TARGET = re.compile(
    r"^\s*(?:javascript:|#)|[?&](?:replytocom|reply|share|like|vote|report|flag|action)=|"
    r"/(?:reply|share|report|flag|vote|login|signin|sign-in|register|subscribe|"
    r"user|users|profile|member|members|u)(?:/|\?|$)",
    re.IGNORECASE,
)
# A short label: one to four words, no sentence.
_MAX_LABEL_CHARS = 40
_MAX_LABEL_WORDS = 4
# "12 points", "+3", "5 likes", "Reply (2)", "·": counters and separators.
_COUNTER = re.compile(
    r"^[^\w\s]*(?:[^\W\d]+\s*)?\(?[+-]?\d[\d.,]*[kKmM]?\)?(?:\s*[^\W\d]+){0,2}[^\w\s]*$"
)


_ENUMERATED = re.compile(r"^\d{1,2}[.)]\s+[^\W\d]")


def _short_label(text: str) -> bool:
    return 0 < len(text) <= _MAX_LABEL_CHARS and len(text.split()) <= _MAX_LABEL_WORDS


def _stands_alone(el: Element) -> bool:
    """Not inside running text: no words right before or after it in its parent."""
    if (el.tail or "").strip():
        return False
    prev = el.getprevious()
    if prev is None:
        parent = el.getparent()
        return parent is None or not (parent.text or "").strip()
    return not (prev.tail or "").strip()


def _on_click(el: Element) -> bool:
    """A click handler a script framework binds by attribute ("ng-click", "@click",
    "v-on:click", "air-click"): the element is a control."""
    return any(name.endswith("click") for name in el.attrib)


def is_action(el: Element) -> bool:
    """A control by its shape: a short link or element that acts on the page (a reply,
    vote, share or report link, a profile link beside a name), standing on its own."""
    tag = tag_of(el)
    if tag not in ("a", "span", "small", "div", "li", "p", "ul", "menu"):
        return False
    if el.get("onclick") is not None or el.get("data-action") is not None or _on_click(el):
        return _short_label(fold(el.text_content()))
    links = [el] if tag == "a" else list(el.iter("a"))
    if not links:
        return False
    text = fold(el.text_content())
    if not _short_label(text) or not _stands_alone(el):
        return False
    if text.startswith("@"):
        return False  # "@Chuck Roehrich": whom the reader answers, part of what they wrote
    # Every word of it sits in action links.
    in_links = "".join(fold(a.text_content()) for a in links).replace(" ", "")
    if in_links != text.replace(" ", ""):
        return False
    return all(_ACTION_TARGET.search(a.get("href") or "#") for a in links)


def is_counter(el: Element) -> bool:
    """A standalone number with a unit ("12 points", "+3", "Replies (2)")."""
    if tag_of(el) not in ("span", "small", "div", "a", "b", "strong", "em", "p", "li"):
        return False
    if len(el) > 2:
        return False
    text = fold(el.text_content())
    if _ENUMERATED.match(text):
        return False  # "2. Habitat loss": a numbered point of what someone wrote
    return _short_label(text) and bool(_COUNTER.match(text)) and _stands_alone(el)


def is_chrome(el: Element, counters: bool = True) -> bool:
    """Buttons, controls, counters, hidden bits: nothing a reader wrote (by tag, role,
    visibility and shape). ``counters=False``: a standalone number with a word is not
    taken for chrome (a comment that is only "Honor 9")."""
    tag = tag_of(el)
    if not tag:
        return True  # markup comments and processing instructions
    if tag in CHROME_TAGS:
        return True
    if el.get("aria-hidden") == "true" or is_hidden(el) or classes(el) & _SCREEN_READER_ONLY:
        return True
    role = (el.get("role") or "").lower()
    if role in _CHROME_ROLES:
        return True
    return is_action(el) or (counters and is_counter(el))


def paragraphs(el: Element, skip: Callable[[Element], bool] = is_chrome) -> list[str]:
    """The visible paragraphs under ``el``: whitespace folded, ``<br>`` kept as a line
    break, block elements separated; descendants for which ``skip`` holds left out."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        lines = (fold(line) for line in "".join(buf).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)
        buf.clear()

    def walk(node: Element) -> None:
        if node.text:
            buf.append(node.text.replace("\n", " "))
        for child in node:
            tag = tag_of(child)
            if tag and not skip(child):
                if tag == "br":
                    buf.append("\n")
                elif tag in BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)
            if child.tail:
                buf.append(child.tail.replace("\n", " "))

    walk(el)
    flush()
    return out
