"""Finding the reader-comment thread in a saved page's markup.

The families (:mod:`reader.core.html.families`) are tried in order; the first that finds
comments gives the thread, except the generic reading of comment-named boxes, which a
thread found by its shape beats when it vouches for more (names, times, replies). Who
replies to whom comes from the markup (nesting, a box of replies after its comment, a
stated depth or parent, indentation), never from a guess; a page without such markup
has no comments. Chrome inside a comment is left out of its text by role and shape.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from reader.core.html.families import (
    FAMILIES,
    MIN_TIME_HINTS,
    NOT_CONTAINER,
    Family,
    compiled,
    generic_list_items,
    kind_of,
    names_of,
    pair_definition_lists,
    shape_family,
    time_hints,
)
from reader.core.html.item_parts import (
    Owners,
    date_of,
    header_boxes,
    name_in_signature,
    owned,
    refine_author,
    text_of,
    without_says,
    without_wrappers,
)
from reader.core.html.replies import nesting, parent_by_attribute
from reader.core.html.shapes import (
    find_shaped,
    is_signature,
    opens_with_by,
    signature_name,
)
from reader.core.html.visible import (
    CHROME_TAGS,
    Element,
    classes,
    fold,
    is_chrome,
    paragraphs,
    tag_of,
    text_content,
)

_tag = tag_of
_fold = fold
_CHROME_TAGS = CHROME_TAGS

__all__ = ["FoundComment", "FoundThread", "classes", "declared_count", "find_thread",
           "is_chrome", "paragraphs", "strip_noise"]  # fmt: skip


@dataclass(frozen=True, slots=True)
class FoundComment:
    """One comment as the markup holds it; ``parent`` indexes the thread's tuple."""

    text: str
    parent: int | None
    depth: int
    author: str | None = None
    date: str | None = None
    # "comment", or "pingback"/"trackback": another site's notice that it linked here.
    kind: str = "comment"


@dataclass(frozen=True, slots=True)
class FoundThread:
    family: str
    comments: tuple[FoundComment, ...]
    declared_count: int | None
    # The markup the thread came from, so the article extractor can be kept off it.
    regions: tuple[Element, ...]


def _signed(thread: FoundThread) -> int:
    """How much of a thread the markup vouched for: names, times and replies."""
    return sum(bool(c.author) + bool(c.date) + (c.parent is not None) for c in thread.comments)


# ---- building the thread ------------------------------------------------------------


def _items_in(
    containers: list[Element], is_item: Callable[[Element], bool], xpath: str
) -> list[Element]:
    seen: set[Element] = set()
    items = []
    for container in containers:
        for el in compiled(xpath)(container):
            if isinstance(el.tag, str) and el not in seen and is_item(el):
                seen.add(el)
                items.append(el)
    return items


def _comment_text(
    body: Element,
    items: set[Element],
    signature: set[Element],
    inside: list[Element],
    named: bool,
) -> str:
    """A comment's paragraphs, less its replies, name, date, header and chrome. A signed
    comment is never emptied by them: one short enough to fit in the few words a header
    may hold keeps it (the header is then only the box around the name and the time),
    and one that is only a name and a number ("Honor 9") is not taken for a counter.
    An unsigned one may be empty ("Comment deleted by user · 4 yr. ago")."""

    def attempts() -> Iterator[tuple[set[Element], bool]]:
        yield header_boxes(body, inside, items), True
        if named:
            tight = header_boxes(body, inside, items, tight=True)
            yield tight, True
            yield tight, False

    for header, counters in attempts():
        leave = signature | header

        def skip(e: Element, leave: set = leave, counters: bool = counters) -> bool:
            return e in items or e in leave or is_chrome(e, counters)

        text = "\n\n".join(without_says(paragraphs(body, skip)))
        if text:
            return text
    return ""


# An unsigned "comment" of this many words or fewer, in a box only named for comments,
# is a label or a call to action.
_LABEL_WORDS = 3


def _holds(box: Element, el: Element, item: Element) -> bool:
    """Whether ``box`` holds ``el``, both inside ``item`` (or ``box`` the item itself):
    ``el``'s ancestors climbed no higher than the item."""
    if el is item:
        return False
    a = el.getparent()
    while a is not None:
        if a is box:
            return True
        if a is item:
            return False
        a = a.getparent()
    return False


def _holds_items(el: Element, items: set[Element]) -> bool:
    return any(d in items for d in el.iterdescendants())


def _thread(family: Family, containers: list[Element], items: list[Element]) -> FoundThread:
    items = without_wrappers(items)
    item_set = set(items)
    parents = nesting(items, family.depth, family.parent_of)
    owners = Owners(item_set)
    bodies = owned(containers, owners, family.body, longest=family.refine_author)
    authors = owned(containers, owners, family.author)
    dates = owned(containers, owners, family.date)
    found: list[FoundComment] = []
    kept: dict[int, int] = {}  # item index -> index in ``found``
    position = {el: i for i, el in enumerate(items)}
    # Where comments are signed, an unsigned item holding others is the list's box.
    signed_thread = len(set(authors) | set(dates)) >= 0.5 * len(items)
    for i, item in enumerate(items):
        body = bodies.get(item, item)
        # Where the text is the item itself (old themes: name, "Says:", date, paragraphs),
        # the name and date found for it are not part of what the reader wrote.
        marks = [e for e in (authors.get(item), dates.get(item)) if e is not None]
        signature = {e for e in marks if e is not body and not _holds(e, body, item)}
        inside = [e for e in signature if _holds(body, e, item)]
        if not marks and signed_thread and _holds_items(item, item_set):
            continue  # a box around comments, not one: its words go to the left-out text
        text = _comment_text(body, item_set, signature, inside, authors.get(item) is not None)
        title = _title_before(item, body, marks, item_set) if text else None
        if title:
            text = f"{title}\n\n{text}"
        if not text:
            continue  # a deleted or empty comment: its replies move up
        if family.name == "generic" and not marks and len(text.split()) <= _LABEL_WORDS:
            continue  # "Leave a comment" in a box named for comments: a label

        parent = parents[i]
        while parent is not None and parent not in kept:
            parent = parents[parent]
        parent_index = kept.get(parent) if parent is not None else None
        if parent_index is None and family.parent_of is not None:
            # Inside a box that is no comment (a conversation's), the parent it names.
            named = family.parent_of(item)
            if named is not None and position.get(named, i) < i:
                parent_index = kept.get(position[named])
        depth = 0 if parent_index is None else found[parent_index].depth + 1
        kept[i] = len(found)
        author = authors.get(item)
        if author is not None and family.refine_author:
            author = refine_author(author)
        elif author is None:
            author = name_in_signature(dates.get(item))
        date = dates.get(item)
        found.append(
            FoundComment(
                text=text,
                parent=parent_index,
                depth=depth,
                author=_name_without(author, date),
                date=date_of(date),
                kind=kind_of(item),
            )
        )
    found = _without_repeated_labels(found)
    regions = tuple(_region(c) for c in containers)
    count = declared_count(regions) or declared_count(_headings_before(regions))
    return FoundThread(family.name, tuple(found), count, regions)


# A control's label: a word or two, no sentence ("Reply", "Share", "Report").
_LABEL = re.compile(r"^[^\W\d]+(?: [^\W\d]+)?$")
# Comments that must end (or open) with a label before it counts as the thread's chrome.
_LABEL_SHARE = 0.5
_LABEL_MIN = 3


def _without_repeated_labels(found: list[FoundComment]) -> list[FoundComment]:
    """Short labels that end (or open) most comments of a thread, each on its own line
    ("Reply", "Share" drawn as plain text, with no link to tell them by): the thread's
    controls, not what each reader wrote. They stay in the left-out text."""
    edges: Counter[str] = Counter()
    for c in found:
        paras = c.text.split("\n\n")
        if len(paras) > 1:
            edges.update({p for p in (paras[0], *paras[-2:]) if _LABEL.match(p)})
    labels = {p for p, n in edges.items() if n >= max(_LABEL_MIN, _LABEL_SHARE * len(found))}
    if not labels:
        return found
    cleaned = []
    for c in found:
        paras = c.text.split("\n\n")
        while len(paras) > 1 and paras[-1] in labels:
            paras.pop()
        while len(paras) > 1 and paras[0] in labels:
            paras.pop(0)
        text = "\n\n".join(paras)
        cleaned.append(c if text == c.text else dataclasses.replace(c, text=text))
    return cleaned


_TITLE_WORDS = 15
_BLOCKS = frozenset(("div", "p", "ul", "ol", "table", "section", "article", "header", "footer"))


def _title_before(
    item: Element, body: Element, marks: list[Element], items: set[Element]
) -> str | None:
    """A comment's own title: the one short run of words in the item before both its
    by-line ("Posted by NAME, DATE") and its text, where the body box leaves it out ("Une histoire
    bien française" above "Soumis par NAME, le …")."""
    if body is item or not marks or not all(_in_by_line(m, item) for m in marks):
        return None  # a title stands above a by-line, as an article's does
    stops = {body, *marks}
    found = []
    for el in item.iterdescendants():
        if el in stops or el in items:
            break
        if not isinstance(el.tag, str) or is_chrome(el):
            continue
        if any(s in el.iterdescendants() for s in stops):
            continue  # a box around the signature or the text, not before them
        if any(_tag(c) in _BLOCKS for c in el):
            continue  # the leaf boxes are looked at, not the boxes around them
        words = _fold(text_content(el))
        if words and not any(f in el.iterancestors() for f in found):
            found.append(el)
    if len(found) != 1:
        return None
    words = _fold(text_content(found[0]))
    return words if len(words.split()) <= _TITLE_WORDS and not words.endswith(":") else None


def _in_by_line(mark: Element, item: Element) -> bool:
    """The mark is a by-line, or the name or time inside one."""
    el = mark
    while el is not None:  # up from the mark, no further than the item
        if el is item:
            return False
        if is_signature(el):
            return opens_with_by(el)
        el = el.getparent()
    return False


def _name_without(author: Element | None, date: Element | None) -> str | None:
    """The name, without the time when the name's box holds it too ("Damon Hart-Davis
    <span>Saturday, November 24, 2012</span>")."""
    if author is not None and author is date and is_signature(author):
        return signature_name(author)  # "Posted by: NAME, 27 Sep 2011"
    name = text_of(author, drop_says=True)
    if name and date is not None and author in date.iterancestors():
        when = text_of(date)
        if when and name.endswith(when):
            name = name[: -len(when)].rstrip(" ,|·-–—") or name
        elif when and name.startswith(when):
            name = name[len(when) :].lstrip(" ,|·-–—") or name
    return name


def _headings_before(regions: tuple[Element, ...]) -> tuple[Element, ...]:
    """Headings just before a comment list ("2 Responses to …" above an old theme's list)."""
    found = []
    for region in regions:
        for sibling in list(region.itersiblings(preceding=True))[:3]:
            if isinstance(sibling.tag, str) and _tag(sibling) in ("h1", "h2", "h3", "h4", "p"):
                found.append(sibling)
    return tuple(found)


def _region(container: Element) -> Element:
    """The comments section around a list: ``#comments``/``.comments-area`` when there is
    one, so its heading and form go too."""
    for a in container.iterancestors():
        if _tag(a) in NOT_CONTAINER:
            break
        if "comment" in names_of(a) or a.get("id") == "disqus_thread":
            container = a
    return container


_COUNT = re.compile(
    r"(\d[\d,.]*)\s+(?:comments?|responses?|replies|thoughts|reactions|kommentare?|"
    r"commentaires?|comentarios?)\b",
    re.IGNORECASE,
)


# "Comments (4)", "Комментарии (3)": a short heading ending in a bracketed number.
_COUNT_IN_BRACKETS = re.compile(r"^\D{0,40}\((\d[\d,.]*)\)$")


def declared_count(regions: tuple[Element, ...]) -> int | None:
    for region in regions:
        for el in _heading_like(region):
            heading = _fold(text_content(el))
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
        if _tag(el) in ("h1", "h2", "h3", "h4") or re.search(r"count|title", names_of(el)):
            yield el


def find_thread(
    root: Element, source: str | None = None, lowered: str | None = None
) -> FoundThread | None:
    """The page's comment thread, or ``None`` when its markup holds none. ``source``, the
    page's text, lets families whose class names it does not hold be skipped unsearched
    (``lowered``: that text already lower-cased, from a caller that has it)."""
    low = lowered if lowered is not None else source.lower() if source is not None else None
    if low is None or "<dt" in low:
        pair_definition_lists(root)
    generic = None
    for family in FAMILIES:
        if low is not None and not any(hint in low for hint in family.hints):
            continue
        containers = family.containers(root)
        if not containers:
            continue
        items = _items_in(containers, family.is_item, family.item_xpath)
        if family.name == "generic" and not items:
            items = [li for c in containers for li in generic_list_items(c)]
        if not items:
            continue
        if family.parent_of is None:
            # Flat lists whose items name their parent (``data-parent="123"``).
            family = dataclasses.replace(family, parent_of=parent_by_attribute(items))
        thread = _thread(family, containers, items)
        if thread.comments and family.name == "generic":
            generic = thread
        elif thread.comments:
            return thread
    # No markup names the thread: look for its shape. A comment-named box that the
    # generic reading found wins only when it signs at least as many comments; one that
    # names and dates every comment is not second-guessed.
    if generic is not None and _signed(generic) >= 2 * len(generic.comments):
        return generic
    if low is not None and not time_hints(low, MIN_TIME_HINTS):
        return generic  # fewer times on the page than a thread found by shape needs
    shaped = find_shaped(root)
    if shaped is not None:
        thread = _thread(shape_family(shaped), [shaped.container], shaped.items)
        if thread.comments and (generic is None or _signed(thread) > _signed(generic)):
            return thread
    return generic


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
