"""Who answers whom in a saved page's thread, and where replies sit when the markup does
not nest them: ``nesting`` gives each item its parent (containment, a box of replies after
its comment, a stated parent or depth, indentation); ``depth_of`` and
``parent_by_attribute`` read what a flat list states (a depth class, ``aria-level``,
``data-parent``, ``margin-left``, a spacer image's width); an answer kept inside the box
of the comment it answers (a box named as a reply, signed with its own time) is found by
``with_answers``, and a depth stated on an inner box by ``stated_depth``.

Split from :mod:`reader.core.html.shapes` and :mod:`reader.core.html.comments` along this
seam: those find the items; this module says how they hang together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.core.html.visible import Element, classes, fold, has_text, tag_of, text_content

# A box whose class names it a reply ("reply-text", "comment-reply"): a link or a button
# so named is chrome, never such a box.
REPLY_NAMED = re.compile(r"(?:^|[\s_-])reply(?:[-_](?:text|content|body|message))?(?:\s|$)", re.I)
_ANSWER_TAGS = frozenset(("div", "li", "section", "article", "blockquote", "dd", "p"))


def with_answers(
    container: Element, items: list[Element], is_time: Callable[[Element], bool]
) -> list[Element]:
    """Items and the answers kept inside them: a box named as a reply, in a comment's own
    box, signed with its own time and holding words besides (a blogger's answer under each
    comment). In page order, so an answer follows the comment it answers."""
    item_set = set(items)
    answers = set()
    for item in items:
        for d in item.iterdescendants():
            if (
                d in item_set
                or tag_of(d) not in _ANSWER_TAGS
                or not REPLY_NAMED.search(d.get("class") or "")
            ):
                continue
            if any(a in answers for a in d.iterancestors()):
                continue
            if _signed_answer(d, is_time):
                answers.add(d)
    if not answers:
        return items
    wanted = item_set | answers
    return [el for el in container.iter() if el in wanted]


def _signed_answer(box: Element, is_time: Callable[[Element], bool]) -> bool:
    times = [el for el in box.iter() if isinstance(el.tag, str) and is_time(el)]
    if not times:
        return False
    signature = sum(len(fold(text_content(t))) for t in times)
    return len(fold(text_content(box))) - signature >= 2


# Attributes that state an item's depth (0 or 1 at the top).
DEPTH_ATTRS = ("aria-level", "data-depth", "data-level", "data-indent", "indent", "level")
# A depth stated in a class behind a widget's prefix ("sppre_depth-2") or in a data
# attribute that names it ("data-message-depth").
_PREFIXED_DEPTH = re.compile(r"(?:[a-z0-9]+(?:-|_|__))?(?:depth|level)[-_]?(\d+)")
_DEPTH_ATTR = re.compile(r"data-(?:[a-z]+-)?(?:depth|level)")


def stated_depth(el: Element) -> int | None:
    """The depth an item states in a class or an attribute, on itself or on the boxes
    that wrap its content (down the chain of first children, a few levels): never its
    indentation, which varies with what else the item holds."""
    candidate = el
    for _ in range(4):
        for token in classes(candidate):
            # (the patterns need "depth" or "level": most tokens are passed over unread)
            m = ("depth" in token or "level" in token) and _PREFIXED_DEPTH.fullmatch(token)
            if m:
                return int(m.group(1))
        for attribute, value in candidate.items():
            if (
                attribute in DEPTH_ATTRS
                or (
                    ("depth" in attribute or "level" in attribute)
                    and _DEPTH_ATTR.fullmatch(attribute)
                )
            ) and value.strip().isdigit():
                return int(value)
        candidate = next((c for c in candidate if isinstance(c.tag, str)), None)
        if candidate is None or tag_of(candidate) not in ("div", "article", "section"):
            break
    return None


def nesting(
    items: list[Element],
    depth_of: Callable[[Element], int | None],
    parent_of: Callable[[Element], Element | None] | None = None,
) -> list[int | None]:
    """Each item's parent by nesting; for a flat list that names each item's parent
    (``data-parent``) by that; for one that states each item's depth instead (WordPress
    ``depth-N`` classes, Hacker News indents, indentation), by those: the parent is the
    last item before it that is less deep."""
    index = {el: i for i, el in enumerate(items)}
    parents: list[int | None] = []
    for el, (parent, up) in zip(items, _items_above(items, index), strict=True):
        # A box of replies after its comment sits a level or two below the list; a
        # parent item that near holds the reply itself (a children list inside it).
        answered = _answered_by_box(el, index) if parent is None or up > 2 else None
        if answered is not None and _deeper_stated(items[answered], el) is False:
            answered = None  # a box of more comments at its level ("show more"), no replies
        if answered is not None and (
            parent is None or items[parent] in items[answered].iterancestors()
        ):
            parent = answered  # the box of replies is nearer than the item around it
        parents.append(parent)
    if any(p is not None for p in parents):
        return _by_stated_depth(items, parents)
    if parent_of is not None:
        named = [parent_of(el) for el in items]
        if any(p is not None for p in named):
            return [
                index[p] if p is not None and p in index and index[p] < i else None
                for i, p in enumerate(named)
            ]
    depths = [depth_of(el) for el in items]
    if not any(d for d in depths if d is not None):
        return parents
    parents = []
    last_at: dict[int, int] = {}
    for i, d in enumerate(depths):
        d = max(d or 0, 0)
        shallower = [k for k in last_at if k < d]
        parents.append(last_at[max(shallower)] if shallower else None)
        last_at[d] = i
        for deeper in [k for k in last_at if k > d]:
            del last_at[deeper]
    return parents


def _items_above(items: list[Element], index: dict[Element, int]) -> list[tuple[int | None, int]]:
    """For each item, the nearest item above it (its index, or None) and how many levels
    up that is; each element on the way climbed once for all items (replies share the
    boxes above their thread)."""
    # element -> (the nearest item at or above it, levels up to it)
    known: dict[Element, tuple[int | None, int]] = {}
    found = []
    for el in items:
        path = []
        a = el.getparent()
        while a is not None and a not in index and a not in known:
            path.append(a)
            a = a.getparent()
        base = (None, 0) if a is None else (index[a], 0) if a in index else known[a]
        for steps, p in enumerate(reversed(path), 1):
            known[p] = (base[0], base[1] + steps)
        if el.getparent() is None:
            found.append((None, 0))
        else:
            above, levels = known.get(el.getparent(), base)
            found.append((above, levels + 1))
    return found


def _deeper_stated(first: Element, then: Element) -> bool | None:
    """Whether ``then`` states a greater depth than ``first`` (``None``: not both state one)."""
    a, b = stated_depth(first), stated_depth(then)
    return None if a is None or b is None else b > a


def _by_stated_depth(items: list[Element], parents: list[int | None]) -> list[int | None]:
    """Replies kept flat in one list under the comment they belong to, each stating its
    own depth on an inner box ("depth-1", "depth-2", "depth-3" side by side): within each
    run of siblings, the parent is the last sibling before that is less deep."""
    groups: dict[int | None, list[int]] = {}
    for i, p in enumerate(parents):
        groups.setdefault(p, []).append(i)
    parents = list(parents)
    for members in groups.values():
        if len(members) < 2:
            continue
        depths = [stated_depth(items[i]) for i in members]
        if None in depths or len(set(depths)) < 2:
            continue
        stack: list[tuple[int, int]] = []  # (depth, item) of the open ancestors
        for i, d in zip(members, depths, strict=True):
            while stack and stack[-1][0] >= d:
                stack.pop()
            if stack:
                parents[i] = stack[-1][1]
            stack.append((d, i))
    return parents


# How far up from an item a box of replies may start.
_REPLY_BOX_LEVELS = 3


def _answered_by_box(el: Element, index: dict[Element, int]) -> int | None:
    """Replies kept in a box right after the comment they answer (Drupal's
    ``div.indented``, themes' ``ul.children`` beside the ``li``): the item just before
    the box (anchors and empty elements between them skipped)."""
    box = el
    for _ in range(_REPLY_BOX_LEVELS):
        box = box.getparent()
        if box is None or box in index:
            return None
        for sibling in box.itersiblings(preceding=True):
            if sibling in index:
                return index[sibling]
            if isinstance(sibling.tag, str) and has_text(sibling):
                break
    return None


# ---- depth and parents in flat lists ------------------------------------------------------

_DEPTH_TOKEN = re.compile(r"(?:depth|level|lvl|indent|nest(?:ed|ing)?)[-_]?(\d+)")
_DEPTH_WORDS = ("depth", "level", "lvl", "indent", "nest")  # how those tokens open
_INDENT_STYLE = re.compile(r"(?:margin|padding)-left\s*:\s*(\d+(?:\.\d+)?)\s*(px|em|rem)?")


def depth_of(el: Element) -> int | None:
    """The depth an item states: a class, an attribute, or its indentation (in pixels,
    turned into levels by the caller's comparison: only the order matters)."""
    for token in classes(el):
        m = token.startswith(_DEPTH_WORDS) and _DEPTH_TOKEN.fullmatch(token)
        if m:
            return int(m.group(1))
    for attribute in DEPTH_ATTRS:
        value = (el.get(attribute) or "").strip()
        if value.isdigit():
            return int(value)
    # Indentation sits on the item or on the boxes that wrap its content (down the
    # chain of first children, a few levels).
    candidate = el
    for _ in range(4):
        m = _INDENT_STYLE.search(candidate.get("style") or "")
        if m:
            size = float(m.group(1)) * (16 if m.group(2) in ("em", "rem") else 1)
            return int(size)
        candidate = next((c for c in candidate if isinstance(c.tag, str)), None)
        if candidate is None or tag_of(candidate) not in ("div", "td", "table", "tr", "tbody"):
            break
    wrapper = el.getparent()
    if wrapper is not None and len(wrapper) <= 3:
        m = _INDENT_STYLE.search(wrapper.get("style") or "")
        if m:
            return int(float(m.group(1)) * (16 if m.group(2) in ("em", "rem") else 1))
    for img in el.iter("img"):
        width = (img.get("width") or "").strip()
        if width.isdigit() and not fold(img.get("alt") or ""):
            return int(width)
        break
    return None


_PARENT_ATTRS = ("data-parent", "data-parent-id", "data-parentid", "data-reply-to",
                 "data-in-reply-to", "in-reply-to", "data-replyto", "parent")  # fmt: skip
_ID_ATTRS = ("id", "data-id", "data-comment-id", "data-commentid", "data-post-id", "name")
_DIGITS = re.compile(r"\d+")


def parent_by_attribute(items: list[Element]) -> Callable[[Element], Element | None] | None:
    """When items name their parent (``data-parent="123"``), the item with that id."""
    if not any(el.get(a) for el in items for a in _PARENT_ATTRS):
        return None
    by_id: dict[str, Element] = {}
    for el in items:
        for attribute in _ID_ATTRS:
            value = el.get(attribute)
            if value:
                by_id.setdefault(value, el)
                for digits in _DIGITS.findall(value):
                    by_id.setdefault(digits, el)

    def parent(el: Element) -> Element | None:
        for attribute in _PARENT_ATTRS:
            value = (el.get(attribute) or "").strip()
            if value and value not in ("0", "null", "none"):
                target = by_id.get(value)
                if target is None:
                    target = next((by_id[d] for d in _DIGITS.findall(value) if d in by_id), None)
                if target is not None and target is not el:
                    return target
        return None

    return parent
