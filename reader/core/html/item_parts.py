"""What belongs to one comment item of a saved page: its body, name and date among the
elements inside it (not inside a reply nested in it), the name narrowed inside an author
box, the header and badges kept out of its text, names and dates as text, and whether an
item is only the box around another (``without_wrappers``).

Split from :mod:`reader.core.html.comments` (which finds the thread and builds it) along
this seam: everything here looks at one item's own elements.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from reader.core.html.families import Query, compiled, names_of
from reader.core.html.replies import REPLY_NAMED
from reader.core.html.shapes import is_author, is_time
from reader.core.html.visible import (
    CHROME_TAGS,
    Element,
    fold,
    is_chrome,
    paragraphs,
    tag_of,
    text_content,
)

_tag = tag_of
_fold = fold
_CHROME_TAGS = CHROME_TAGS


def text_of(el: Element | None, drop_says: bool = False) -> str | None:
    if el is None:
        return None

    if len(el) == 0:
        text = _fold(el.text or "")  # the usual name or date: no markup inside
    else:

        def skip(e: Element) -> bool:
            return _tag(e) in _CHROME_TAGS or e.get("aria-hidden") == "true"

        text = _fold(" ".join(paragraphs(el, skip=skip)))
    if drop_says:
        text = _SAYS_AFTER_NAME.sub("", text)
    return text or None


# The verb some themes put after the name ("Anna says:", "Андрей пишет:", "Anna dit :").
_SAYS_AFTER_NAME = re.compile(
    r"\s+(?:says|said|wrote|writes|пишет|говорит|написал[а]?|dit|a écrit|schreibt|sagt|"
    r"dice|escribió|scrive|zegt|skriver)\s*:?\s*$",
    re.IGNORECASE,
)


def date_of(el: Element | None) -> str | None:
    """A machine-readable or full date from ``datetime``/``title`` attributes when the
    markup has one ("2 days ago" on screen, the real date in the tooltip), else the text."""
    if el is None:
        return None
    for candidate in el.iter():
        if not isinstance(candidate.tag, str):
            continue
        for attribute in ("datetime", "title", "data-timestamp"):
            value = candidate.get(attribute)
            if value and (value := _fold(value)) and _LOOKS_LIKE_DATE.search(value):
                return value
    return text_of(el)


# A year, or a Unix timestamp: not "Permalink to comment 123".
_LOOKS_LIKE_DATE = re.compile(r"\b(?:1[89]|2[01])\d\d\b|\b\d{9,13}\b")


class Owners:
    """The comment item each element belongs to (its nearest item ancestor), remembered
    for every element on the way up, so a thread's elements are each climbed once; and
    what each XPath finds in the thread's containers, with the owners, so the queries of
    one thread that share an XPath (the generic family's) search the markup once."""

    def __init__(self, items: set[Element]) -> None:
        self.items = items
        self.known: dict[Element, Element | None] = {}
        self._found: dict[tuple, list[tuple[Element, Element | None]]] = {}

    def of(self, el: Element) -> Element | None:
        path = []
        a = el.getparent()
        while a is not None and a not in self.items and a not in self.known:
            path.append(a)
            a = a.getparent()
        owner = a if a is None or a in self.items else self.known[a]
        for p in path:
            self.known[p] = owner
        return owner

    def found(self, containers: list[Element], xpath: str) -> list[tuple[Element, Element | None]]:
        """Each element ``xpath`` finds in the containers that is no item nor a markup
        comment, once, in order, with its owner."""
        key = (xpath, *containers)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = []
            items = self.items
            seen: set[Element] = set()
            for container in containers:
                for el in compiled(xpath)(container):
                    if el in seen or el in items or not isinstance(el.tag, str):
                        continue
                    seen.add(el)
                    found.append((el, self.of(el)))
        return found


# A box whose class names it a reply ("reply-text", "comment-reply"), not a link or a
# button (those are never body candidates).
_REPLY_NAMED = REPLY_NAMED


def owned(
    containers: list[Element],
    owners: Owners,
    queries: tuple[Query, ...],
    longest: bool = False,
) -> dict[Element, Element]:
    """For each item, the first element matching the first query that finds one inside
    it and not inside a reply nested in it (with ``longest``, the match holding the
    most text of its own: a body guessed from its role beats a tooltip named like one,
    a box that only holds the replies is no body, and a box named as a reply, such as
    the blogger's answer under a comment, is the body only when nothing else is). One
    pass over the thread per query."""
    items = owners.items
    found: dict[Element, Element] = {}
    for query in queries:
        if len(found) == len(items):
            break  # every item has its match: later queries have nothing to add
        this_query: dict[Element, Element] = {}
        candidates: dict[Element, list[tuple[tuple[bool, int], str, Element]]] = {}
        for el, owner in owners.found(containers, query.xpath):
            if owner is None or owner in found:
                continue
            if owner in this_query and not longest:
                continue
            if query.test(el):
                if longest:
                    # Its own text: a box named like a body that holds the replies
                    # ("content-list_nested-comments") is not the comment's body.
                    # In an item itself named as a reply, such a box is its own.
                    text = "".join(own_text(el, items))
                    key = (
                        not _REPLY_NAMED.search(el.get("class") or "")
                        or bool(_REPLY_NAMED.search(owner.get("class") or "")),
                        len(text),
                    )
                    candidates.setdefault(owner, []).append((key, _fold(text), el))
                    continue
                this_query[owner] = el
        if candidates:
            this_query.update(_bodies(candidates))
        found.update(this_query)
    return found


# A text that this many comments hold word for word is a label ("This user has chosen
# to opt out of the Badges program"), not what one reader wrote.
_SAME_TEXT_ITEMS = 3


def _bodies(
    candidates: dict[Element, list[tuple[tuple[bool, int], str, Element]]],
) -> dict[Element, Element]:
    """Each item's body: its candidate with the most text of its own, passing over the
    text that several items hold alike when the item has another."""
    counts = Counter(t for found in candidates.values() for t in {t for _, t, _ in found} if t)
    chosen = {}
    for owner, found in candidates.items():
        own = [c for c in found if counts[c[1]] < _SAME_TEXT_ITEMS] or found
        chosen[owner] = max(own, key=lambda c: c[0])[2]
    return chosen


def _own_words(el: Element, items: set[Element]) -> str:
    return _fold("".join(own_text(el, items)))


def refine_author(el: Element) -> Element:
    """Inside an author box, the name itself: an element marked as the name (``.fn``,
    ``itemprop=name``), else, when the box also holds the time, its first short link
    that is not the time."""
    inner = list(el.iterdescendants())
    for e in inner:
        if isinstance(e.tag, str) and (
            re.search(r"\bfn\b|name", names_of(e))
            or (e.get("itemprop") or "") == "name"
            or e.tag == "cite"  # HTML's element for whose words these are
        ):
            return e
    # A box holding the time, a fan count or a badge besides the name: its first short
    # link with words is the name.
    words = len(_fold(text_content(el)).split())
    for e in inner:
        if _tag(e) == "a" and not is_time(e):
            name = _fold(text_content(e))
            if 0 < len(name) <= 60 and len(name.split()) < words:
                return e
    return el


def name_in_signature(date: Element | None) -> Element | None:
    """The name linked inside a signature line that holds the date ("<p><a>Name</a> on
    2014/01/01</p>"), for comments whose name is marked nowhere else."""
    if date is None or not len(date):
        return None
    for e in date.iter("a"):
        name = _fold(text_content(e))
        if 0 < len(name) <= 60 and not is_time(e) and name != _fold(text_content(date)):
            return e
    return None


def own_text(el: Element, items: set[Element]):
    if el.text:
        yield el.text
    for child in el:
        if child not in items and isinstance(child.tag, str):
            yield from own_text(child, items)
        if child.tail:
            yield child.tail


# A comment's header (name, badges, time, number) is a few words; a box of more holds
# what the reader wrote.
_HEADER_WORDS = 16


_BADGE_WORDS = 4


def header_boxes(
    body: Element, marks: list[Element], items: set[Element], tight: bool = False
) -> set[Element]:
    """The boxes of a comment's header inside its body: around each mark (the name, the
    time) the largest box of a few words that holds no paragraph, and the short labels
    before the first such box ("Subscriber", a rank). ``tight``: no larger than the
    smallest box holding all the marks."""
    if not marks:
        return set()
    boxes = set()
    for mark in marks:
        box = mark
        for a in mark.iterancestors():
            if a is body or a in items or a.find(".//p") is not None:
                break
            if len(_fold(text_content(a)).split()) > _HEADER_WORDS:
                break
            if tight and all(m is box or box in m.iterancestors() for m in marks):
                break
            box = a
        boxes.add(box)
    around_first = set()
    first = None
    for el in body.iterdescendants():
        if el in boxes:
            first = el
            break
    if first is None:
        return boxes
    around_first = set(first.iterancestors())
    before = []
    for el in body.iterdescendants():
        if el is first:
            break
        if el in around_first or not isinstance(el.tag, str):
            continue
        if before and before[-1] in el.iterancestors():
            continue
        before.append(el)
    words = sum(len(text_content(el).split()) for el in before)
    if 0 < words <= _BADGE_WORDS:
        boxes.update(before)
    return boxes


# The verb between a commenter's name and the comment, left behind once the name is out.
_SAYS = re.compile(
    r"^\W*(says|said|wrote|writes|пишет|написал[а]?|dit|a écrit|schreibt|sagt|dice|escribió|"
    r"scrive|zegt|skriver)\s*:?\s*$",
    re.IGNORECASE,
)


def without_says(paras: list[str]) -> list[str]:
    if paras:
        first, _, rest = paras[0].partition("\n")
        if _SAYS.match(first):
            paras = ([rest] if rest else []) + paras[1:]
    return paras


# ---- boxes that only wrap a comment -----------------------------------------------


def without_wrappers(items: list[Element]) -> list[Element]:
    """Drop an item that is only the box of the item around it (``li#li-comment-N`` holding
    ``article.comment-body``): the outer one, a level or two up, holds no words of its
    own outside it, and it is the first item inside."""
    item_set = set(items)
    doomed = set()
    for el in items:
        owner = None
        for up, a in enumerate(el.iterancestors()):
            if up >= _WRAPPER_LEVELS:
                break
            if a in item_set:
                owner = a
                break
        if owner is None or owner in doomed:
            continue
        # The first item inside, and whether there is a second (not all of them: an
        # item high in a long thread holds hundreds).
        inside = list(itertools.islice((d for d in owner.iterdescendants() if d in item_set), 2))
        if inside[0] is not el:
            continue
        if any(s in item_set for s in el.itersiblings()):
            continue  # a box of several comments side by side (a conversation), not a wrapper
        # Its own words, less controls ("Replies", a hidden count): a Blogger comment's
        # box holds the reply toggle beside its text box.
        if _few_words_outside(owner, item_set, 3):
            doomed.add(el)
        elif len(inside) == 1 and not _signs(el) and _signs(owner):
            # The other way round: the one box inside a signed item, with no name or time
            # of its own, is that comment's text (Livefyre's div.fyre-comment), not a reply.
            doomed.add(el)
    return [el for el in items if el not in doomed]


def _words_outside(el: Element, items: set[Element]):
    """``el``'s text outside the items in it and outside controls and hidden boxes."""
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str) and child not in items and not is_chrome(child):
            yield from _words_outside(child, items)
        if child.tail:
            yield child.tail


def _few_words_outside(el: Element, items: set[Element], chars: int) -> bool:
    """Whether ``el``'s words outside the items in it and outside controls, folded, are
    shorter than ``chars``; read only as far as it takes (folding more text never gives
    a shorter result), since a box with words of its own shows them early."""
    text = ""
    for piece in _words_outside(el, items):
        text += piece
        if not piece.isspace() and len(_fold(text)) >= chars:
            return False
    return True


def _signs(el: Element) -> bool:
    """Whether a box holds a name or a time of its own; not a name mentioned in running text
    ("@Chuck Roehrich she is…": a link to that person's profile inside a paragraph)."""
    for d in el.iter():
        if not isinstance(d.tag, str) or not (is_author(d) or is_time(d)):
            continue
        running = False
        for a in d.iterancestors():
            if a is el:
                break
            if _tag(a) in ("p", "blockquote"):
                running = True
                break
        if not running:
            return True
    return False


# How far above a comment the box that only wraps it sits.
_WRAPPER_LEVELS = 2
