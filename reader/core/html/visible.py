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


def has_text(el: Element) -> bool:
    """Whether ``el`` holds any text but white space (``fold(el.text_content())`` is not
    empty), without gathering its text when its first words show it."""
    text = el.text
    if text and not text.isspace():
        return True
    text = el.text_content()
    return bool(text) and not text.isspace()


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


def _label(el: Element) -> str | None:
    """``fold(text_content(el))`` when it is a short label (see ``_short_label``), else
    None; a long text is folded only when its first characters do not already make
    more than a label may hold (folding more text never gives less)."""
    text = text_content(el)
    if len(text) > _PEEK and len(fold(text[:_PEEK])) > _MAX_LABEL_CHARS:
        return None
    text = fold(text)
    return text if _short_label(text) else None


_PEEK = 4 * _MAX_LABEL_CHARS


def text_content(el: Element) -> str:
    """``el.text_content()``: the text of ``el`` and of everything inside it; for an element
    with nothing inside, its own text, read without the XPath call that gathers it."""
    if len(el):
        return el.text_content()
    return el.text or ""


def _stands_alone(el: Element) -> bool:
    """Not inside running text: no words right before or after it in its parent."""
    tail = el.tail
    if tail and not tail.isspace():
        return False
    prev = el.getprevious()
    if prev is None:
        parent = el.getparent()
        if parent is None:
            return True
        text = parent.text
        return not text or text.isspace()
    tail = prev.tail
    return not tail or tail.isspace()


def _on_click(el: Element) -> bool:
    """A click handler a script framework binds by attribute ("ng-click", "@click",
    "v-on:click", "air-click"): the element is a control."""
    return any(name.endswith("click") for name in el.keys())  # noqa: SIM118 (no dict)


_ACTION_TAGS = frozenset(("a", "span", "small", "div", "li", "p", "ul", "menu"))
_COUNTER_TAGS = frozenset(("span", "small", "div", "a", "b", "strong", "em", "p", "li"))


def is_action(el: Element) -> bool:
    """A control by its shape: a short link or element that acts on the page (a reply,
    vote, share or report link, a profile link beside a name), standing on its own."""
    tag = tag_of(el)
    if tag not in _ACTION_TAGS:
        return False
    if el.get("onclick") is not None or el.get("data-action") is not None or _on_click(el):
        return _label(el) is not None
    if tag == "a":
        links = [el]
    elif not len(el):
        return False  # nothing inside it, so no link
    else:
        links = list(el.iter("a"))
        if not links:
            return False
    text = _label(el)
    if text is None or not _stands_alone(el):
        return False
    if text.startswith("@"):
        return False  # "@Chuck Roehrich": whom the reader answers, part of what they wrote
    # Every word of it sits in action links (a link's own words do).
    if tag != "a":
        in_links = "".join(fold(text_content(a)) for a in links).replace(" ", "")
        if in_links != text.replace(" ", ""):
            return False
    return all(_ACTION_TARGET.search(a.get("href") or "#") for a in links)


def is_counter(el: Element) -> bool:
    """A standalone number with a unit ("12 points", "+3", "Replies (2)")."""
    if tag_of(el) not in _COUNTER_TAGS:
        return False
    if len(el) > 2:
        return False
    text = _label(el)
    if text is None or _ENUMERATED.match(text):
        return False  # ("2. Habitat loss": a numbered point of what someone wrote)
    return bool(_COUNTER.match(text)) and _stands_alone(el)


def is_chrome(el: Element, counters: bool = True) -> bool:
    """Buttons, controls, counters, hidden bits: nothing a reader wrote (by tag, role,
    visibility and shape). ``counters=False``: a standalone number with a word is not
    taken for chrome (a comment that is only "Honor 9")."""
    tag = el.tag
    if not isinstance(tag, str):
        return True  # markup comments and processing instructions
    tag = tag.lower()
    if not tag or tag in CHROME_TAGS:
        return True
    if el.get("aria-hidden") == "true" or el.get("hidden") is not None:
        return True
    value = el.get("style")
    if value and HIDDEN_STYLE.search(value):
        return True
    value = el.get("class")
    if value and not _SCREEN_READER_ONLY.isdisjoint(value.lower().split()):
        return True
    value = el.get("role")
    if value and value.lower() in _CHROME_ROLES:
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
