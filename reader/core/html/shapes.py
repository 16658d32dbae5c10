"""Finding a comment thread by its shape when no known markup names it.

A thread is a run of sibling elements of one shape (same tag, same stable classes), each
holding a signature (a name, a time) and a body of running text, and often the same
shape again inside (replies). Candidates are scored by how many of their items carry
that evidence; list teasers, menus and article paragraphs lack it. Who replies to whom
(containment, or what a flat list states: a depth class, a depth or parent attribute,
indentation) is read by :mod:`reader.core.html.replies`.

Evidence is read from roles and shapes (``<time>``, ``<cite>``, ``itemprop``, ``rel``,
links to a profile, text that reads as a date) rather than from words in class names.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from reader.core.html.replies import depth_of, parent_by_attribute, with_answers
from reader.core.html.visible import Element, classes, fold, is_chrome, tag_of, text_content

# ---- evidence ---------------------------------------------------------------------------

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|"
    "sept|déc|ene|abr|ago|dic|januar|februar|märz|okt|dez|янв|фев|мар|апр|мая|июн|июл|авг|"
    "сен|окт|ноя|дек"
)
DATE_TEXT = re.compile(
    r"\b(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}\.?\s+(?:" + _MONTHS + r")\w*\.?\s+\d{2,4}|"
    r"(?:" + _MONTHS + r")\w*\.?\s+\d{1,2},?\s+\d{4}|\d{4}年\d{1,2}月\d{1,2}日|"
    r"\d{1,2}:\d{2}\s*(?:am|pm)?)",
    re.IGNORECASE,
)
RELATIVE_TIME = re.compile(
    r"\b\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|"
    r"yr|mo|min|h|d|w|y)s?\.?\s+ago\b|\bago\b|\bvor\s+\d+|\bil y a\b|\bhace\s+\d+|"
    r"назад|\d+\s*(?:分|小时|時間|天|日|周|週|个月|ヶ月|年)前|\byesterday\b|\bgestern\b|\bhier\b",
    re.IGNORECASE,
)
# The whole text of a time as widgets abbreviate it: "15h", "3d", "2 w", "5min".
_COMPACT_AGO = re.compile(r"\d{1,3}\s?(?:s|m|min|h|hr|d|w|wk|mo|y|yr)\.?", re.IGNORECASE)
# A name's class, behind a widget's prefixes too ("sppre_username", "fyre-comment-username"); not
# "comment-author", which is often the box around the name and the time.
_NAME_CLASS = re.compile(
    r"(?:[a-z0-9]+(?:-|_|__)){0,3}(?:username|user-name|user_name|nickname|screen-name|display-name)"
)
_PROFILE_HREF = re.compile(
    r"/(?:user|users|u|profile|profiles|member|members|author|people|people/|~)[/?=]|"
    r"/(?:profile|user|member)s?\.[a-z]{2,5}(?:[?#]|$)|"
    r"[?&](?:user|uid|id)=|^mailto:|/~[\w.-]+/?(?:$|[?#])",
    re.IGNORECASE,
)
# A build tool's hash after a class name ("username--2Y8YKhbw", "Comment_body__x7Fq2"):
# CSS modules keep the name a person gave the role and append a hash with a digit in it.
_HASHED = re.compile(r"([a-z][a-z0-9-]*?[a-z])(?:--|__)(?=[\w-]*\d)[\w-]{5,12}")


def role_tokens(el: Element) -> set[str]:
    """The element's class tokens, with a CSS-module hash cut off each."""
    tokens = classes(el)
    if not any("--" in t or "__" in t for t in tokens):
        return tokens
    return {m.group(1) if (m := _HASHED.fullmatch(t)) else t for t in tokens}


_AUTHOR_PROPS = frozenset(("author", "creator", "name"))
_DATE_PROPS = frozenset(("datecreated", "datepublished", "commenttime", "datemodified"))
_BODY_PROPS = frozenset(("text", "commenttext", "articlebody", "description", "reviewbody"))


# The longest line that signs a comment with a name and a date in its own words.
_SIGNATURE_LINE = 60
_AROUND_DATE = 3


def is_time(el: Element) -> bool:
    """A time by its role or shape: ``<time>``, a ``datetime`` attribute, a date in the
    tooltip, a short text that reads as a date or a relative time."""
    if tag_of(el) == "time" or el.get("datetime") is not None:
        return True
    if (el.get("itemprop") or "").lower() in _DATE_PROPS:
        return True
    title = el.get("title")
    if title and DATE_TEXT.search(title) and len(title) < 60:
        return True
    if len(el):
        # A signature line whose own words are the date, the name linked inside it
        # ("<p><a>Name</a> on 2014/01/01 20:31</p>"); not a box around a time element.
        if len(el) > 3:
            return False
        own = fold("".join([el.text or "", *(c.tail or "" for c in el)]))
        if len(own) < 6 or len(fold(text_content(el))) > _SIGNATURE_LINE:
            return False
        rest = RELATIVE_TIME.sub(" ", DATE_TEXT.sub(" ", own))
        # Its own words are the date and a word or two around it ("on", "replied"), not
        # a sentence that mentions a date.
        return rest != own and len(rest.split()) <= _AROUND_DATE
    text = fold(el.text or "")
    if len(text) == 2:
        return bool(_COMPACT_AGO.fullmatch(text))  # "9h", "3d"
    if not 3 <= len(text) <= 40:
        return False
    return bool(
        DATE_TEXT.search(text) or RELATIVE_TIME.search(text) or _COMPACT_AGO.fullmatch(text)
    )


def is_author(el: Element) -> bool:
    """A commenter's name by role or shape: ``<cite>``, ``.fn``, ``vcard``, ``itemprop``
    author, ``rel=author``, a short link to a profile."""
    tag = tag_of(el)
    if tag in ("cite",):
        return _short_name(el)
    if (el.get("itemprop") or "").lower() in ("author", "creator"):
        return True
    if el.get("class"):  # (no class, no name token)
        tokens = role_tokens(el)
        if not _NAME_TOKENS.isdisjoint(tokens):
            return _short_name(el)
        if any(_NAME_CLASS.fullmatch(t) for t in tokens):
            return _short_name(el)
    if "author" in (el.get("rel") or "").lower().split():
        return _short_name(el)
    if tag == "a":
        href = el.get("href") or ""
        if _PROFILE_HREF.search(href):
            return _short_name(el)
        # A link whose words are the last step of its address ("/social/MochaLite",
        # "/page/democrate10") is a link to that person's page.
        slug = "".join(_SLUG.findall(text_content(el).lower()))
        # Not "/comment/16060957/alerter": a verb acting on a numbered thing.
        path = href.split("?")[0].split("#")[0].rstrip("/").lower()
        steps = path.split("/")
        if any(step.isdigit() for step in steps):
            return False
        last = "".join(_SLUG.findall(steps[-1]))
        return len(slug) >= 3 and slug == last and _short_name(el)
    return False


_SLUG = re.compile(r"[^\W_]+")
_NAME_TOKENS = frozenset(("fn", "vcard", "author", "username", "user-name", "nickname", "hnuser"))

# A signature line, where no element is marked as the name or the time: "Posted by: NAME,
# 27 Sep 2011", "Soumis par NAME, le 29 octobre 2012", "on Sep 21, 3:29 PM said:". Read
# from the words a reader sees (by whom, or the verb after the name), never from classes.
_BY = (
    r"^(?:(?:posted|written|submitted|sent|comment(?:ed)?)\s+)?by\b|"
    r"^(?:soumis|posté|publié|écrit|envoyé)\s+par\b|^(?:geschrieben\s+)?von\b|"
    r"^(?:publicado|escrito|enviado)\s+por\b|^(?:автор|от)\b"
)
_SAYS = r"\b(?:said|says|wrote|writes|a écrit|écrit|schrieb|schreibt|escribió|пишет|написал)\s*:?$"
_SIGNED_BY = re.compile(_BY + "|" + _SAYS, re.IGNORECASE)
_BY_PHRASE = re.compile(_BY, re.IGNORECASE)
_INLINE = frozenset(("a", "span", "b", "strong", "em", "i", "abbr", "time", "cite", "small", "br"))
_SIGNATURE_CHARS = 120


def signature_name(el: Element) -> str | None:
    """The name in a signature line: its one short inline element ("Soumis par
    <span>NAME</span>, le …"), else the words after "by" up to the first comma."""
    for child in el:
        if tag_of(child) in ("span", "a", "b", "strong", "cite", "em"):
            text = fold(text_content(child))
            if text and not DATE_TEXT.search(text) and _short_name(child):
                return text
    m = _BY_PHRASE.match(fold(text_content(el)))
    if m is None:
        return None
    name = fold(text_content(el))[m.end() :].lstrip(" :").split(",")[0].strip()
    return name if 0 < len(name) <= 60 else None


def opens_with_by(el: Element) -> bool:
    """The line names the writer first ("Posted by …", "Soumis par …"): what stands above
    it is a title, not the name (as in "NAME on DATE said:")."""
    return bool(_BY_PHRASE.match(fold(text_content(el))))


_LINE_TAGS = frozenset(("div", "p", "span", "small", "li", "dd", "dt", "td", "header", "footer"))


def is_signature(el: Element) -> bool:
    """A short line of inline text that signs a comment: by whom, and when."""
    if tag_of(el) not in _LINE_TAGS or len(el) > 4:
        return False
    for child in el:
        if tag_of(child) not in _INLINE:
            return False
    text = fold(text_content(el))
    if not 8 <= len(text) <= _SIGNATURE_CHARS or not _SIGNED_BY.search(text):
        return False
    return bool(DATE_TEXT.search(text) or RELATIVE_TIME.search(text))


_URL_TEXT = re.compile(r"^(?:[a-z][a-z+.-]*://|www\.)", re.IGNORECASE)


def _short_name(el: Element) -> bool:
    text = fold(text_content(el))
    # A pasted address is a link the reader shared, not a name.
    return 0 < len(text) <= 60 and len(text.split()) <= 7 and not _URL_TEXT.match(text)


def is_body(el: Element) -> bool:
    """The comment's text by role: ``itemprop=text``, ``data-testid=comment``, or a box
    whose class names its role as the content."""
    if (el.get("itemprop") or "").lower() in _BODY_PROPS:
        return True
    if (el.get("data-testid") or "").lower() in ("comment", "comment-body", "comment-text"):
        return True
    tokens = role_tokens(el)
    return any(
        t.endswith(("content", "-text", "_text", "body", "message", "commtext", "usertext"))
        and "meta" not in t
        and "author" not in t
        for t in tokens
    )


# ---- shapes -------------------------------------------------------------------------------

# Class tokens that vary between items of one list (parity, thread position, who wrote
# it, the item's number) and so say nothing of its shape.
_VARIABLE = re.compile(
    r".*\d.*|odd|even|alt|parent|thread-.*|bypostauthor|byuser|comment-author-.*|"
    r"collapsed|expanded|highlighted|new|unread|first|last|selected|active|open|closed"
)


def _stable_tokens(el: Element) -> frozenset[str]:
    return frozenset(t for t in classes(el) if not _VARIABLE.fullmatch(t))


@dataclass(frozen=True, slots=True)
class Shape:
    tag: str
    tokens: frozenset[str]

    def fits(self, el: Element) -> bool:
        return tag_of(el) == self.tag and self.tokens <= classes(el)


_RUN_TAGS = frozenset(
    ("div", "li", "article", "section", "tr", "dd", "dt", "blockquote", "table", "ul", "ol")
)


def _groups(parent: Element) -> list[tuple[Shape, list[Element]]]:
    """Runs of children of one shape: same tag, holding the tokens most of them share."""
    return _runs(parent)


def _cousins(members: list[Element]) -> list[tuple[Shape, list[Element]]]:
    """Runs of one shape across the boxes of a run, when each box holds a few (a
    conversation's box of replies, side by side with the next conversation's)."""
    found = []
    for shape, cousins in _runs(c for m in members for c in m):
        if len({c.getparent() for c in cousins}) >= 2:
            found.append((shape, cousins))
    return found


def _runs(children: Iterable[Element]) -> list[tuple[Shape, list[Element]]]:
    by_tag: dict[str, list[Element]] = {}
    for child in children:
        tag = tag_of(child)
        # A list per comment (PIXNET's ul.single-post: name, photo, text, reply) too.
        if tag in _RUN_TAGS:
            by_tag.setdefault(tag, []).append(child)
    found = []
    for tag, children in by_tag.items():
        if len(children) < 2:
            continue
        counts = Counter(t for c in children for t in _stable_tokens(c))
        common = frozenset(t for t, n in counts.items() if n >= 0.6 * len(children))
        shapes = [Shape(tag, common)]
        # Items among siblings of other kinds (separators, forms, ads between comments):
        # a token most children lack still makes a run of those that have it.
        shapes += [
            Shape(tag, common | {t}) for t, n in counts.items() if n >= 3 and t not in common
        ]
        for shape in shapes:
            members = [c for c in children if shape.fits(c)]
            if len(members) >= 2:
                found.append((shape, members))
    return found


_MIN_BODY = 12  # characters of running text outside links


@dataclass(frozen=True, slots=True)
class _Evidence:
    signed: bool  # a name or a time
    named: bool
    timed: bool
    body: int  # characters outside links


# A comment is signed in its header or its footer: a name deep inside a big box is a
# byline of something else in it.
_HEAD = 40
_FOOT = 15


_LAST = etree.XPath(f"(.//*)[position() > last() - {_FOOT}]")


class _Judge:
    """Each element judged once per page, however many candidate runs hold it."""

    def __init__(self) -> None:
        self.author: dict[Element, bool] = {}
        self.time: dict[Element, bool] = {}
        self.signature: dict[Element, bool] = {}
        self.items: dict[Element, _Evidence] = {}

    def evidence(self, item: Element) -> _Evidence:
        found = self.items.get(item)
        if found is None:
            found = self.items[item] = _evidence(item, self)
        return found

    def is_author(self, el: Element) -> bool:
        found = self.author.get(el)
        if found is None:
            found = self.author[el] = is_author(el)
        return found

    def is_time(self, el: Element) -> bool:
        found = self.time.get(el)
        if found is None:
            found = self.time[el] = is_time(el)
        return found

    def is_signature(self, el: Element) -> bool:
        found = self.signature.get(el)
        if found is None:
            found = self.signature[el] = is_signature(el)
        return found


def _evidence(item: Element, judge: _Judge) -> _Evidence:
    """What an item shows of a comment, looking only at its first and last elements for
    the signature (the cost stays flat however big the item is)."""
    named = timed = False
    for el in itertools.chain(itertools.islice(item.iter(), _HEAD), _LAST(item)):
        if not isinstance(el.tag, str):
            continue
        if not named and judge.is_author(el):
            named = True
        if not timed and judge.is_time(el):
            timed = True
        if not (named and timed) and judge.is_signature(el):
            named = timed = True
        if named and timed:
            break
    if not (named or timed):
        return _Evidence(False, False, False, 0)
    link_chars = sum(len(fold(text_content(a))) for a in item.iter("a"))
    words = fold(text_content(item))
    text = len(words)
    if not words.isascii():
        # Han, kana and hangul say in one character what a Latin word says in several.
        text += sum(1 for c in words if "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af")
    return _Evidence(named or timed, named, timed, max(0, text - link_chars))


@dataclass(frozen=True, slots=True)
class ShapedThread:
    container: Element
    shape: Shape
    items: list[Element]
    depth: Callable[[Element], int | None]
    parent_of: Callable[[Element], Element | None] | None
    score: float


_SEARCHED = etree.XPath(
    "//body//*[self::div or self::ul or self::ol or self::section or self::tbody or "
    "self::table or self::dl or self::main or self::article]"
)
# Past this many candidate parents the page is a huge listing; looking at every one
# costs more than it can find.
_MAX_PARENTS = 20000


def find_shaped(root: Element) -> ShapedThread | None:
    """The best run of same-shaped, signed items of running text on the page."""
    best: ShapedThread | None = None
    parents = _SEARCHED(root)
    if len(parents) > _MAX_PARENTS:
        return None
    judge = _Judge()
    body = root.find("body")
    page_chars = len(fold(text_content(body if body is not None else root))) or 1
    for parent in parents:
        if len(parent) < 2:
            continue
        for group_shape, group in _groups(parent):
            # The run itself, then the runs inside its boxes taken together: a box of
            # several comments is looked into (those win only with more evidence).
            for shape, members in [(group_shape, group), *_cousins(group)]:
                score = _score(shape, members, judge, page_chars)
                if score <= 0 or (best is not None and score <= best.score):
                    continue
                best = ShapedThread(parent, shape, members, depth_of, None, score)
    if best is None:
        return None
    items = with_answers(best.container, _items(best.shape, best.items, judge), judge.is_time)
    return ShapedThread(
        best.container, best.shape, items, depth_of, parent_by_attribute(items), best.score
    )


def _comment_like(el: Element, judge: _Judge) -> bool:
    ev = judge.evidence(el)
    return ev.signed and ev.body >= _MIN_BODY


def _nests(shape: Shape) -> bool:
    """Whether replies of this shape are looked for inside an item: a classed shape, or a
    list item (lists of lists are how threads nest); not a bare ``<div>``."""
    return bool(shape.tokens) or shape.tag == "li"


def _own_body(shape: Shape, item: Element, judge: _Judge, body: int) -> int:
    """An item's text less the replies of its shape inside it: a thread saved alone (a
    conversation widget's page) has items holding most of the page with their replies."""
    if not _nests(shape):
        return body
    nested = 0
    skip: set[Element] = set()
    for d in item.iterdescendants():
        if d in skip or not shape.fits(d) or not _comment_like(d, judge):
            continue
        nested += judge.evidence(d).body
        skip.update(d.iterdescendants())
    return body - nested


def _items(shape: Shape, members: list[Element], judge: _Judge) -> list[Element]:
    """The run's signed members, and elements of the same shape nested inside them
    (replies); a box of that shape with no name or time in it is not a comment. A shape
    with no class at all (a bare ``<div>``) is too common to look for inside."""
    items = []
    for member in members:
        if not _comment_like(member, judge):
            continue
        items.append(member)
        if _nests(shape):
            # A reply of the run's shape needs its name or time, not a long text ("Did you?").
            items += [
                d
                for d in member.iterdescendants()
                if shape.fits(d) and judge.evidence(d).signed and judge.evidence(d).body > 0
            ]
    return items


# A thread worth finding by shape alone has a few comments; fewer are found only when
# markup names them (the families in ``comments``).
_MIN_ITEMS = 3
_MIN_MEAN_BODY = 30
# No comment holds this share of the page's text: a box that does is the article.
_MAX_SHARE = 0.35


def _score(shape: Shape, members: list[Element], judge: _Judge, page_chars: int) -> float:
    signed = timed = named = body = 0
    for el in members:
        ev = judge.evidence(el)
        if ev.signed and ev.body >= _MIN_BODY:
            if ev.body > _MAX_SHARE * page_chars and _own_body(shape, el, judge, ev.body) > (
                _MAX_SHARE * page_chars
            ):
                return 0.0
            signed += 1
            timed += ev.timed
            named += ev.named
            body += ev.body
    if signed < _MIN_ITEMS or signed < 0.5 * len(members):
        return 0.0
    # A name and a time on most items is what comment lists have and teasers (a
    # headline and a date, or a headline and a byline) lack.
    if named < 0.6 * signed or timed < 0.6 * signed or body / signed < _MIN_MEAN_BODY:
        return 0.0
    both = min(timed, named) / signed
    return signed * (1.0 + both) + min(body / signed, 400) / 400


def chrome_or_item(items: set[Element]) -> Callable[[Element], bool]:
    return lambda e: e in items or is_chrome(e)
