"""The markup families a comment thread comes in, and how each is read.

WordPress comment lists (``ol.commentlist`` / ``ol.comment-list`` with ``li.comment``
items, ``children`` lists, ``depth-N``, pingbacks), threads as Disqus renders them
(``#disqus_thread`` with ``li.post`` items), Hacker News's indented table rows,
schema.org ``Comment`` microdata, a generic reading of nested lists and boxes inside an
element whose class or id says "comment", and, built per page, the family of a thread
found by its shape (:mod:`reader.core.html.shapes`). Each family says where its threads
sit, what an item is, and where an item's author, date and body are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from reader.core.html.replies import depth_of
from reader.core.html.select import named_with, outermost, with_id, with_item_markup
from reader.core.html.shapes import (
    ShapedThread,
    is_author,
    is_body,
    is_signature,
    is_time,
)
from reader.core.html.visible import CHROME_TAGS, Element, classes, fold, tag_of, text_content

# ---- markup helpers ---------------------------------------------------------------


def names_of(el: Element) -> str:
    """Class and id, lower-cased, for substring tests."""
    return f"{(el.get('class') or '').lower()} {(el.get('id') or '').lower()}"


_tag = tag_of
_fold = fold


@functools.cache
def compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


_DEPTH_CLASS = re.compile(r"depth-(\d+)")


def _depth_class(el: Element) -> int | None:
    for token in classes(el):
        m = _DEPTH_CLASS.fullmatch(token)
        if m:
            return int(m.group(1)) - 1
    return None


# ---- the families ------------------------------------------------------------------


def _always(el: Element) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Query:
    """Elements matching ``xpath`` (cheap, in C) and then ``test`` (in Python)."""

    xpath: str
    test: Callable[[Element], bool] = _always


@dataclass(frozen=True, slots=True)
class Family:
    """How one kind of markup holds a thread. ``author``, ``date`` and ``body`` are tried
    in order; each comment takes the first match that belongs to it rather than to a
    reply nested inside it."""

    name: str
    # Words the page's source holds when it may have this markup (a quick look first).
    hints: tuple[str, ...]
    containers: Callable[[Element], list[Element]]
    is_item: Callable[[Element], bool]
    author: tuple[Query, ...]
    date: tuple[Query, ...]
    body: tuple[Query, ...]
    # Candidates for ``is_item``, selected in C before the Python test.
    item_xpath: str = "descendant-or-self::*[@class or @id]"
    # For markup that keeps replies flat and says their depth instead (0 = top level).
    depth: Callable[[Element], int | None] = lambda el: _depth_class(el)
    # For markup whose items name their parent (``data-parent="123"``).
    parent_of: Callable[[Element], Element | None] | None = None
    # Inside an author box, the name itself.
    refine_author: bool = False


def _with_class(fragment: str, tags: str = "*") -> str:
    """Descendants whose class attribute contains ``fragment`` (a cheap prefilter)."""
    return f".//{tags}[contains(@class, '{fragment}')]"


def _class_is(*names: str) -> Callable[[Element], bool]:
    wanted = set(names)
    return lambda el: bool(classes(el) & wanted)


# WordPress

_WP_CONTAINERS = (
    "//*[self::ol or self::ul or self::div]"
    "[contains(@class, 'commentlist') or contains(@class, 'comment-list')]"
)


def _wp_containers(root: Element) -> list[Element]:
    return [
        el for el in compiled(_WP_CONTAINERS)(root) if classes(el) & {"commentlist", "comment-list"}
    ]


def _wp_is_item(el: Element) -> bool:
    if _tag(el) not in ("li", "article"):
        return False
    cls = classes(el)
    if cls & _NOTICE_KINDS:
        return True
    return "comment" in cls or bool(re.fullmatch(r"(li-)?comment-\d+", el.get("id") or ""))


_NOTICE_KINDS = frozenset(("pingback", "trackback"))


def kind_of(el: Element) -> str:
    found = classes(el) & _NOTICE_KINDS
    return min(found) if found else "comment"


_WORDPRESS = Family(
    "wordpress",
    ("commentlist", "comment-list"),
    _wp_containers,
    _wp_is_item,
    author=(
        Query(_with_class("fn"), _class_is("fn")),
        Query(_with_class("comment-author"), _class_is("comment-author")),
        Query(".//cite"),
    ),
    refine_author=True,
    date=(
        Query(
            _with_class("meta"), _class_is("comment-metadata", "comment-meta", "commentmetadata")
        ),
        Query(".//time"),
        # Themes of their own name the box after what it holds ("comment-time").
        Query(
            _with_class("time") + " | " + _with_class("date"),
            lambda e: bool(_DATEISH.search(names_of(e))),
        ),
    ),
    body=(
        Query(_with_class("comment-content"), _class_is("comment-content")),
        Query(_with_class("comment-body"), _class_is("comment-body")),
    ),
    item_xpath="descendant-or-self::li | descendant-or-self::article",
)


# Disqus


def _disqus_containers(root: Element) -> list[Element]:
    return with_id(root, ("disqus_thread", "posts", "post-list"))


def _disqus_is_item(el: Element) -> bool:
    return _tag(el) == "li" and "post" in classes(el)


_DISQUS = Family(
    "disqus",
    ("disqus_thread", "posts", "post-list"),
    _disqus_containers,
    _disqus_is_item,
    author=(
        Query(_with_class("author"), _class_is("author")),
        Query(_with_class("byline"), _class_is("post-byline")),
    ),
    date=(
        Query(
            ".//time | .//*[contains(@class, 'time-ago') or contains(@class, 'post-meta')"
            " or @data-role = 'relative-time']"
        ),
    ),
    body=(Query(_with_class("message"), _class_is("post-message")),),
    item_xpath="descendant-or-self::li[contains(@class, 'post')]",
)


# Hacker News: a flat table of rows, each indented by its depth.


def _hn_containers(root: Element) -> list[Element]:
    return compiled("//table[contains(@class, 'comment-tree')]")(root)


def _hn_is_item(el: Element) -> bool:
    return _tag(el) == "tr" and "comtr" in classes(el)


def _hn_depth(el: Element) -> int | None:
    for ind in compiled(".//td[contains(@class, 'ind')]")(el):
        indent = ind.get("indent")
        if indent is not None and indent.strip().isdigit():
            return int(indent)
        for img in ind.iter("img"):
            width = (img.get("width") or "").strip()
            if width.isdigit():
                return int(width) // 40  # older pages: a spacer 40 pixels per level
    return None


_HACKER_NEWS = Family(
    "hacker news",
    ("comtr",),
    _hn_containers,
    _hn_is_item,
    author=(Query(_with_class("hnuser"), _class_is("hnuser")),),
    date=(Query(_with_class("age"), _class_is("age")),),
    body=(Query(_with_class("commtext"), _class_is("commtext")),),
    item_xpath="descendant-or-self::tr[contains(@class, 'comtr')]",
    depth=_hn_depth,
)


# Generic: an element whose class or id says "comment", holding nested lists or boxes.

# "comment", "comment-item", "reply_3", and the same behind a short block prefix
# ("d-comment", "js-comment", "c-comment"); a BEM list's element ("comments__item": the
# plural only with an item word, "comments" alone being the list); never
# "comment__author" or "comment-body".
_GENERIC_ITEM = re.compile(
    r"(?:[a-z]{1,6}[-_])?(comment|reply|response)([-_]?(item|entry|node|wrap|wrapper|\d+))?"
    r"|c\d+|(comment|reply)[-_]\d+|(comments|replies|responses)(-|_|__)(item|entry|node)"
)
NOT_CONTAINER = frozenset(("html", "body", "head", "main"))
# Elements with a class or id (or a <cite>/<time>), the only ones generic tests look at.
_NAMED = ".//*[@class or @id or self::cite or self::time]"


# Elements whose class or id holds "comment" as written, capitalised or upper case, that
# are neither the page's frame, a form or a control, nor named for a form, a counter, a
# notice or a widget (case counts in these tests, as in XPath's ``contains``).
_COMMENT_SPELLINGS = ("comment", "Comment", "COMMENT")
_NEVER_THREAD_TAGS = frozenset(("html", "body", "head", "main", "form", "a", "button", "textarea"))
_NEVER_THREAD_WORDS = ("respond", "form", "count", "link", "recent", "widget", "guideline",
                       "polic", "rules", "closed", "notice", "title", "header")  # fmt: skip


def _comment_named(root: Element) -> list[Element]:
    found = []
    for el in named_with(root, _COMMENT_SPELLINGS):
        if el.tag in _NEVER_THREAD_TAGS:
            continue
        names = f"{el.get('class') or ''}\x00{el.get('id') or ''}"
        if not any(word in names for word in _NEVER_THREAD_WORDS):
            found.append(el)
    return found


def _generic_containers(root: Element) -> list[Element]:
    found = [
        el
        for el in _comment_named(root)
        if isinstance(el.tag, str) and "comment" in names_of(el) and not is_chrome_container(el)
    ]
    # Keep the outermost: an element inside another found one is part of it.
    outer = outermost(found)
    # A sidebar's widget ("comment of the day", "recent comments") is not the thread
    # when the page has comments elsewhere.
    main = [el for el in outer if not _in_sidebar(el)]
    return main or outer


def _in_sidebar(el: Element) -> bool:
    for a in (el, *el.iterancestors()):
        if _tag(a) == "aside" or (a.get("role") or "").lower() == "complementary":
            return True
        if any(t.startswith("sidebar") for t in classes(a)):
            return True
    return False


_NOT_A_THREAD = re.compile(
    r"respond|comments?-?form|reply-?title|comments?-?count|comments?-?link|recent|widget|"
    r"guideline|policy|polici|rules|closed|notice|comments?-?title|comments?-?header"
)


def is_chrome_container(el: Element) -> bool:
    """Comment forms, counters, notices, rules and sidebar widgets are not threads."""
    return _tag(el) in ("form", "a", "button", "textarea") or bool(
        _NOT_A_THREAD.search(names_of(el))
    )


def _generic_is_item(el: Element) -> bool:
    if _tag(el) not in ("li", "article", "div", "section"):
        return False
    tokens = classes(el) | {(el.get("id") or "").lower()}
    return any(_GENERIC_ITEM.fullmatch(t) for t in tokens if t)


def generic_list_items(container: Element) -> list[Element]:
    """``li`` items of comment-named lists, and of the lists nested inside those items."""
    items: list[Element] = []
    accepted: set[Element] = set()
    for li in container.iter("li"):
        lst = li.getparent()
        if lst is None or _tag(lst) not in ("ul", "ol"):
            continue
        owner = next((a for a in lst.iterancestors() if _tag(a) == "li"), None)
        named = ("comment" in names_of(lst) or lst is container) and not is_chrome_container(lst)
        if (owner is None and named) or (owner is not None and owner in accepted):
            accepted.add(li)
            items.append(li)
    return items


_AUTHORISH = re.compile(r"author|user-?name|nick|\bname\b|byline|[-_]user\b")
_DATEISH = re.compile(r"date|time|posted")
_BODYISH = re.compile(r"content|text|body|message")
_NOT_BODY = re.compile(r"meta|author|date|header")


def _generic_author_test(el: Element) -> bool:
    names = names_of(el)
    if not (_tag(el) == "cite" or (_AUTHORISH.search(names) and "avatar" not in names)):
        return False
    # A name is a few words, and not a form's field for one.
    text = _fold(text_content(el))
    return 0 < len(text) <= 80 and _tag(el) != "label" and el.find(".//input") is None


def _generic_date_test(el: Element) -> bool:
    # Not an icon named for time ("icon--ui__time" on an svg beside a hidden rating).
    return _tag(el) == "time" or (
        _tag(el) not in CHROME_TAGS and bool(_DATEISH.search(names_of(el)))
    )


_GENERIC = Family(
    "generic",
    ("comment",),
    _generic_containers,
    _generic_is_item,
    refine_author=True,
    depth=depth_of,
    author=(Query(_NAMED, _generic_author_test), Query(".//a | .//cite", is_author)),
    date=(
        Query(_NAMED, _generic_date_test),
        Query(".//*", is_time),
    ),
    body=(
        Query(
            _NAMED,
            lambda e: bool(_BODYISH.search(names_of(e))) and not _NOT_BODY.search(names_of(e)),
        ),
    ),
)

# schema.org Comment microdata: the page states what is a comment and who wrote it.


def _microdata_containers(root: Element) -> list[Element]:
    items = [el for el in with_item_markup(root) if _microdata_marked(el)]
    if len(items) < 1:
        return []
    outer = outermost(items)
    parents = {el.getparent() for el in outer if el.getparent() is not None}
    return [p for p in parents if not any(a in parents for a in p.iterancestors())]


def _microdata_typed(el: Element) -> bool:
    """An element whose microdata type is a comment or an answer."""
    itemtype = el.get("itemtype") or ""
    return (
        "schema.org/Comment" in itemtype
        or "schema.org/Answer" in itemtype
        or "UserComments" in itemtype
    )


def _microdata_marked(el: Element) -> bool:
    """An element microdata marks as a comment (or an answer), scoped or not."""
    return _microdata_typed(el) or el.get("itemprop") == "comment"


def _microdata_is_item(el: Element) -> bool:
    return _microdata_typed(el) or (
        el.get("itemprop") == "comment" and el.get("itemscope") is not None
    )


def _prop(*names: str) -> Query:
    test = " or ".join(f"@itemprop='{n}'" for n in names)
    return Query(f".//*[{test}]")


_MICRODATA = Family(
    "schema.org",
    ("itemtype", "itemprop"),
    _microdata_containers,
    _microdata_is_item,
    # Microdata that marks the comment and its text but not who wrote it: the name by
    # its role or shape (a short link to the person's page).
    author=(_prop("author", "creator"), Query(".//a | .//cite", is_author)),
    date=(_prop("dateCreated", "datePublished", "commentTime", "dateModified"),),
    body=(_prop("text", "commentText", "articleBody", "description"),),
    item_xpath="descendant-or-self::*[@itemtype or @itemprop]",
    refine_author=True,
)

FAMILIES = (_WORDPRESS, _DISQUS, _HACKER_NEWS, _MICRODATA, _GENERIC)


def shape_family(found: ShapedThread) -> Family:
    items = set(found.items)
    return Family(
        "page structure",
        (),
        lambda root: [found.container],
        lambda el: el in items,
        # A signature line ("Posted by: NAME, DATE") where nothing marks the two apart.
        author=(Query(".//*", is_author), Query(".//*", is_signature)),
        date=(Query(".//*", is_time), Query(".//*", is_signature)),
        body=(Query(".//*", is_body),),
        item_xpath="descendant-or-self::" + found.shape.tag,
        depth=found.depth,
        parent_of=found.parent_of,
        refine_author=True,
    )


# Marks of a time in a page's source: a thread found by its shape has one per comment.
# Plain substrings and digit-led forms, so the whole page is scanned in a moment.
_TIME_WORDS = ("<time", "datetime=", " ago")
# "15:46", "29/10", "2012-10-29", the French "15h46", and "15h" alone in an element (a
# widget's time). Written to open with one class of characters ("\d[:/-]\d|\dh\d\d|>\d{1,3}…<"
# with the first character taken out), which lets the regex engine skip to the next digit
# or ">" between tries: twice as fast over a page, the same matches.
_TIME_FORMS = re.compile(
    r"[\d>](?:(?<=>)\d{1,3}(?:s|m|min|h|hr|d|w|wk|mo|y|yr)<|(?<!>)(?:[:/-]\d|h\d\d))"
)


def time_hints(low: str, enough: int) -> bool:
    """Whether the lower-cased page source shows at least ``enough`` times."""
    found = sum(low.count(word) for word in _TIME_WORDS)
    if found >= enough:
        return True
    for _ in _TIME_FORMS.finditer(low):
        if found >= enough:
            break
        found += 1
    return found >= enough


MIN_TIME_HINTS = 3


def pair_definition_lists(root: Element) -> None:
    """Old themes write a comment as ``<dt>`` (name, date) and ``<dd>`` (text): each pair
    becomes one box, so the comment is one element as everywhere else."""
    for dl in compiled("//dl[dt[starts-with(@id, 'comment')] or dt[contains(@class, 'comment')]]")(
        root
    ):
        children = list(dl)
        for i, dt in enumerate(children):
            if _tag(dt) != "dt" or i + 1 >= len(children) or _tag(children[i + 1]) != "dd":
                continue
            dd = children[i + 1]
            box = etree.Element("div")
            for attribute in ("id", "class", "style"):
                value = dt.get(attribute) or dd.get(attribute)
                if value:
                    box.set(attribute, value)
            dt.addprevious(box)
            box.append(dt)  # moves it (and its tail) into the box
            box.append(dd)
