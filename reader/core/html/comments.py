"""Finding the reader-comment thread in a saved page's markup.

Three families, tried in order: WordPress comment lists (``ol.commentlist`` /
``ol.comment-list`` with ``li.comment`` items and nested ``children`` lists), threads as
Disqus renders them (``#disqus_thread`` with ``li.post`` items), and a generic fallback
for nested lists inside an element whose class or id says "comment". Who replies to whom
comes from the nesting of the items, never from a guess; a page without such markup has
no comments.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree, html

Element = html.HtmlElement


@dataclass(frozen=True, slots=True)
class FoundComment:
    """One comment as the markup holds it; ``parent`` indexes the thread's tuple."""

    text: str
    parent: int | None
    depth: int
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class FoundThread:
    family: str
    comments: tuple[FoundComment, ...]
    declared_count: int | None
    # The markup the thread came from, so the article extractor can be kept off it.
    regions: tuple[Element, ...]


# ---- markup helpers ---------------------------------------------------------------


def classes(el: Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _names(el: Element) -> str:
    """Class and id, lower-cased, for substring tests."""
    return f"{(el.get('class') or '').lower()} {(el.get('id') or '').lower()}"


def _has_class(el: Element, name: str) -> bool:
    return name in classes(el)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _fold(text: str) -> str:
    return " ".join(text.split())


_CHROME_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "button",
        "form",
        "input",
        "textarea",
        "select",
        "option",
        "svg",
        "img",
        "picture",
        "video",
        "audio",
        "iframe",
        "object",
        "embed",
        "nav",
        "canvas",
        "map",
        "label",
    ]
)
_CHROME_NAMES = re.compile(
    r"reply|like|vote|share|report|flag|action|button|menu|avatar|toolbar|permalink|"
    r"edit-link|says|footer|badge|follow|moderat|sr-only|screen-reader|visually-hidden|"
    r"hidden|meta|author|byline|header|date|timestamp|time-ago|user-?info|cite"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "blockquote",
        "li",
        "ul",
        "ol",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "tr",
        "dl",
        "dd",
        "dt",
        "figure",
        "figcaption",
        "hr",
        "address",
        "aside",
        "details",
        "summary",
        "main",
        "center",
    ]
)


def is_chrome(el: Element) -> bool:
    """Buttons, avatars, meta lines, hidden bits: nothing a reader wrote."""
    tag = _tag(el)
    if not tag:
        return True  # comments and processing instructions
    if tag in _CHROME_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    return bool(_CHROME_NAMES.search(_names(el)))


def paragraphs(el: Element, skip: Callable[[Element], bool] = is_chrome) -> list[str]:
    """The visible paragraphs under ``el``: whitespace folded, ``<br>`` kept as a line
    break, block elements separated; descendants for which ``skip`` holds left out."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        lines = (_fold(line) for line in "".join(buf).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)
        buf.clear()

    def walk(node: Element) -> None:
        if node.text:
            buf.append(node.text.replace("\n", " "))
        for child in node:
            tag = _tag(child)
            if tag and not skip(child):
                if tag == "br":
                    buf.append("\n")
                elif tag in _BLOCK_TAGS:
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


def _first(
    root: Element,
    test: Callable[[Element], bool],
    inside: Callable[[Element], bool],
    xpath: str = ".//*",
) -> Element | None:
    """First descendant (in document order) passing ``test``, not looking into elements
    where ``inside`` is false (nested comments). ``xpath`` narrows the candidates first,
    in C, which is what keeps a long thread fast."""
    for el in _compiled(xpath)(root):
        if not isinstance(el.tag, str) or not test(el) or not inside(el):
            continue
        if all(inside(a) for a in _ancestors_below(el, root)):
            return el
    return None


@functools.cache
def _compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


def _ancestors_below(el: Element, root: Element) -> Iterator[Element]:
    for a in el.iterancestors():
        if a is root:
            return
        yield a


def _with_class(fragment: str, tags: str = "*") -> str:
    """Descendants whose class attribute contains ``fragment`` (a cheap prefilter)."""
    return f".//{tags}[contains(@class, '{fragment}')]"


def _text(el: Element | None, drop: Iterable[str] = ()) -> str | None:
    if el is None:
        return None

    def skip(e: Element) -> bool:
        return _tag(e) in _CHROME_TAGS or e.get("aria-hidden") == "true"

    text = _fold(" ".join(paragraphs(el, skip=skip)))
    for word in drop:
        text = re.sub(rf"\s*{word}\s*$", "", text, flags=re.IGNORECASE)
    return text or None


def _date_of(el: Element | None) -> str | None:
    """A machine-readable or full date from ``datetime``/``title`` attributes when the
    markup has one ("2 days ago" on screen, the real date in the tooltip), else the text."""
    if el is None:
        return None
    for candidate in el.iter():
        if not isinstance(candidate.tag, str):
            continue
        for attribute in ("datetime", "title", "data-timestamp"):
            value = _fold(candidate.get(attribute) or "")
            if value and any(ch.isdigit() for ch in value):
                return value
    return _text(el)


# ---- the families ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Family:
    name: str
    containers: Callable[[Element], list[Element]]
    is_item: Callable[[Element], bool]
    author: Callable[[Element, Callable[[Element], bool]], str | None]
    date: Callable[[Element, Callable[[Element], bool]], str | None]
    body: Callable[[Element, Callable[[Element], bool]], Element | None]
    # Candidates for ``is_item``, selected in C before the Python test.
    item_xpath: str = "descendant-or-self::*[@class or @id]"


def _xpath_class(tag: str, name: str) -> str:
    return f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


# WordPress


def _wp_containers(root: Element) -> list[Element]:
    return _compiled(
        " | ".join(
            _xpath_class(tag, name)
            for tag in ("ol", "ul", "div")
            for name in ("commentlist", "comment-list")
        )
    )(root)


def _wp_is_item(el: Element) -> bool:
    if _tag(el) not in ("li", "article"):
        return False
    cls = classes(el)
    if cls & {"pingback", "trackback"}:
        return False
    return "comment" in cls or bool(re.fullmatch(r"(li-)?comment-\d+", el.get("id") or ""))


def _wp_author(item: Element, inside: Callable[[Element], bool]) -> str | None:
    fn = _first(item, lambda e: _has_class(e, "fn"), inside, _with_class("fn"))
    if fn is None:
        fn = _first(
            item, lambda e: _has_class(e, "comment-author"), inside, _with_class("comment-author")
        )
    if fn is None:
        fn = _first(item, lambda e: True, inside, ".//cite")
    return _text(fn, drop=("says:", "says"))


def _wp_date(item: Element, inside: Callable[[Element], bool]) -> str | None:
    meta = _first(
        item,
        lambda e: bool(classes(e) & {"comment-metadata", "comment-meta", "commentmetadata"}),
        inside,
        _with_class("meta"),
    )
    if meta is None:
        meta = _first(item, lambda e: True, inside, ".//time")
    return _date_of(meta)


def _wp_body(item: Element, inside: Callable[[Element], bool]) -> Element | None:
    content = _first(
        item, lambda e: _has_class(e, "comment-content"), inside, _with_class("comment-content")
    )
    if content is None:
        content = _first(
            item, lambda e: _has_class(e, "comment-body"), inside, _with_class("comment-body")
        )
    return content


# Disqus


def _disqus_containers(root: Element) -> list[Element]:
    return _compiled("//*[@id='disqus_thread' or @id='posts' or @id='post-list']")(root)


def _disqus_is_item(el: Element) -> bool:
    return _tag(el) == "li" and "post" in classes(el)


def _disqus_author(item: Element, inside: Callable[[Element], bool]) -> str | None:
    byline = _first(item, lambda e: _has_class(e, "post-byline"), inside, _with_class("byline"))
    author = _first(
        byline if byline is not None else item,
        lambda e: _has_class(e, "author"),
        inside,
        _with_class("author"),
    )
    return _text(author if author is not None else byline)


def _disqus_date(item: Element, inside: Callable[[Element], bool]) -> str | None:
    stamp = _first(
        item,
        lambda e: (
            _tag(e) == "time"
            or bool(classes(e) & {"time-ago", "post-meta"})
            or e.get("data-role") == "relative-time"
        ),
        inside,
        ".//time | .//*[contains(@class, 'time-ago') or contains(@class, 'post-meta')"
        " or @data-role = 'relative-time']",
    )
    return _date_of(stamp)


def _disqus_body(item: Element, inside: Callable[[Element], bool]) -> Element | None:
    return _first(item, lambda e: _has_class(e, "post-message"), inside, _with_class("message"))


# Generic: an element whose class or id says "comment", holding nested lists.

_GENERIC_ITEM = re.compile(
    r"(comment|reply|response)([-_]?(item|entry|node|wrap|wrapper|\d+))?|c\d+|"
    r"(comment|reply)[-_]\d+"
)
_GENERIC_NOT_CONTAINER = frozenset(("html", "body", "head", "main"))


# Elements with a class or id (or a <cite>/<time>), the only ones generic tests look at.
_NAMED = ".//*[@class or @id or self::cite or self::time]"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = _UPPER.lower()


def _names_contain(word: str) -> str:
    """XPath test: class or id contains ``word``, ignoring case."""
    return (
        f"contains(translate(@class, '{_UPPER}', '{_LOWER}'), '{word}')"
        f" or contains(translate(@id, '{_UPPER}', '{_LOWER}'), '{word}')"
    )


def _generic_containers(root: Element) -> list[Element]:
    found = [
        el
        for el in _compiled(f"//*[{_names_contain('comment')}]")(root)
        if isinstance(el.tag, str)
        and _tag(el) not in _GENERIC_NOT_CONTAINER
        and "comment" in _names(el)
        and not is_chrome_container(el)
    ]
    # Keep the outermost: an element inside another found one is part of it.
    keep = set(found)
    return [el for el in found if not any(a in keep for a in el.iterancestors())]


_NOT_A_THREAD = re.compile(
    r"respond|comments?-?form|reply-?title|comments?-?count|comments?-?link|recent|widget|"
    r"guideline|policy|polici|rules|closed|notice|comments?-?title|comments?-?header"
)


def is_chrome_container(el: Element) -> bool:
    """Comment forms, counters, notices, rules and sidebar widgets are not threads."""
    return _tag(el) in ("form", "a", "button", "textarea") or bool(_NOT_A_THREAD.search(_names(el)))


def _generic_is_item(el: Element) -> bool:
    if _tag(el) not in ("li", "article", "div", "section"):
        return False
    tokens = classes(el) | {(el.get("id") or "").lower()}
    return any(_GENERIC_ITEM.fullmatch(t) for t in tokens if t)


def _generic_list_items(container: Element) -> list[Element]:
    """``li`` items of comment-named lists, and of the lists nested inside those items."""
    items: list[Element] = []
    accepted: set[Element] = set()
    for li in container.iter("li"):
        lst = li.getparent()
        if lst is None or _tag(lst) not in ("ul", "ol"):
            continue
        owner = next((a for a in lst.iterancestors() if _tag(a) == "li"), None)
        named = ("comment" in _names(lst) or lst is container) and not is_chrome_container(lst)
        if (owner is None and named) or (owner is not None and owner in accepted):
            accepted.add(li)
            items.append(li)
    return items


def _generic_author(item: Element, inside: Callable[[Element], bool]) -> str | None:
    el = _first(
        item,
        lambda e: (
            _tag(e) == "cite"
            or (
                bool(re.search(r"author|user-?name|nick|\bname\b|byline", _names(e)))
                and "avatar" not in _names(e)
            )
        ),
        inside,
        _NAMED,
    )
    if el is not None:
        inner = _first(el, lambda e: bool(re.search(r"\bfn\b|name", _names(e))), inside, _NAMED)
        el = inner if inner is not None else el
    return _text(el, drop=("says:", "says", "wrote:", "writes:"))


def _generic_date(item: Element, inside: Callable[[Element], bool]) -> str | None:
    el = _first(
        item,
        lambda e: _tag(e) == "time" or bool(re.search(r"date|time|posted", _names(e))),
        inside,
        _NAMED,
    )
    return _date_of(el)


def _generic_body(item: Element, inside: Callable[[Element], bool]) -> Element | None:
    return _first(
        item,
        lambda e: (
            bool(re.search(r"content|text|body|message", _names(e)))
            and not re.search(r"meta|author|date|header", _names(e))
        ),
        inside,
        _NAMED,
    )


def _generic_family() -> _Family:
    return _Family(
        "generic",
        _generic_containers,
        _generic_is_item,
        _generic_author,
        _generic_date,
        _generic_body,
    )


_FAMILIES = (
    _Family(
        "wordpress",
        _wp_containers,
        _wp_is_item,
        _wp_author,
        _wp_date,
        _wp_body,
        "descendant-or-self::li | descendant-or-self::article",
    ),
    _Family(
        "disqus",
        _disqus_containers,
        _disqus_is_item,
        _disqus_author,
        _disqus_date,
        _disqus_body,
        "descendant-or-self::li[contains(@class, 'post')]",
    ),
)


# ---- building the thread ------------------------------------------------------------


def _items_in(
    containers: list[Element], is_item: Callable[[Element], bool], xpath: str
) -> list[Element]:
    seen: set[Element] = set()
    items = []
    for container in containers:
        for el in _compiled(xpath)(container):
            if isinstance(el.tag, str) and el not in seen and is_item(el):
                seen.add(el)
                items.append(el)
    return items


_DEPTH_CLASS = re.compile(r"depth-(\d+)")


def _depth_class(el: Element) -> int | None:
    for token in classes(el):
        m = _DEPTH_CLASS.fullmatch(token)
        if m:
            return int(m.group(1)) - 1
    return None


def _parents(items: list[Element]) -> list[int | None]:
    """Each item's parent by nesting; for a flat list that carries WordPress ``depth-N``
    classes instead, by those."""
    index = {el: i for i, el in enumerate(items)}
    parents: list[int | None] = []
    for el in items:
        parent = next((index[a] for a in el.iterancestors() if a in index), None)
        parents.append(parent)
    depths = [_depth_class(el) for el in items]
    if all(p is None for p in parents) and any(d for d in depths if d is not None):
        parents = []
        last_at: dict[int, int] = {}
        for i, d in enumerate(depths):
            d = d or 0
            parent = last_at.get(d - 1) if d > 0 else None
            parents.append(parent)
            last_at[d] = i
            for deeper in [k for k in last_at if k > d]:
                del last_at[deeper]
    return parents


def _thread(family: _Family, containers: list[Element], items: list[Element]) -> FoundThread:
    item_set = set(items)
    parents = _parents(items)
    found: list[FoundComment] = []
    kept: dict[int, int] = {}  # item index -> index in ``found``

    for i, item in enumerate(items):

        def inside(e: Element, item: Element = item) -> bool:
            return e not in item_set or e is item

        def skip(e: Element) -> bool:
            return (e in item_set) or is_chrome(e)

        body = family.body(item, inside)
        text = "\n\n".join(paragraphs(body if body is not None else item, skip))
        if not text:
            continue  # a deleted or empty comment: its replies move up
        parent = parents[i]
        while parent is not None and parent not in kept:
            parent = parents[parent]
        parent_index = kept.get(parent) if parent is not None else None
        depth = 0 if parent_index is None else found[parent_index].depth + 1
        kept[i] = len(found)
        found.append(
            FoundComment(
                text=text,
                parent=parent_index,
                depth=depth,
                author=family.author(item, inside),
                date=family.date(item, inside),
            )
        )
    regions = tuple(_region(c) for c in containers)
    return FoundThread(family.name, tuple(found), _declared_count(regions), regions)


def _region(container: Element) -> Element:
    """The comments section around a list: ``#comments``/``.comments-area`` when there is
    one, so its heading and form go too."""
    for a in container.iterancestors():
        if _tag(a) in _GENERIC_NOT_CONTAINER:
            break
        if "comment" in _names(a) or a.get("id") == "disqus_thread":
            container = a
    return container


_COUNT = re.compile(
    r"(\d[\d,.]*)\s+(?:comments?|responses?|replies|thoughts|reactions|kommentare?|"
    r"commentaires?|comentarios?)\b",
    re.IGNORECASE,
)


# "Comments (4)", "Комментарии (3)": a short heading ending in a bracketed number.
_COUNT_IN_BRACKETS = re.compile(r"^\D{0,40}\((\d[\d,.]*)\)$")


def _declared_count(regions: tuple[Element, ...]) -> int | None:
    for region in regions:
        for el in _heading_like(region):
            heading = _fold(el.text_content())
            m = _COUNT.search(heading) or _COUNT_IN_BRACKETS.search(heading)
            if m:
                digits = re.sub(r"\D", "", m.group(1))
                if digits:
                    return int(digits)
    return None


def _heading_like(region: Element) -> Iterator[Element]:
    for el in region.iter():
        if not isinstance(el.tag, str):
            continue
        if _tag(el) in ("h1", "h2", "h3", "h4") or re.search(r"count|title", _names(el)):
            yield el


def find_thread(root: Element) -> FoundThread | None:
    """The page's comment thread, or ``None`` when its markup holds none."""
    for family in (*_FAMILIES, _generic_family()):
        containers = family.containers(root)
        if not containers:
            continue
        items = _items_in(containers, family.is_item, family.item_xpath)
        if family.name == "generic" and not items:
            items = [li for c in containers for li in _generic_list_items(c)]
        if not items:
            continue
        thread = _thread(family, containers, items)
        if thread.comments:
            return thread
    return None


def strip_noise(root: Element) -> None:
    """Remove what never reaches a reader: scripts, styles, templates and markup comments."""
    etree.strip_elements(
        root,
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        etree.Comment,
        etree.ProcessingInstruction,
        with_tail=False,
    )
