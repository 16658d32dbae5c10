"""Where replies sit when the markup does not nest them: an answer kept inside the box
of the comment it answers (a box named as a reply, signed with its own time), and a depth
a flat list's item states on itself or on an inner box (a class such as ``x_depth-2``,
an attribute such as ``data-message-depth``).

Split from :mod:`reader.core.html.shapes` along this seam; :mod:`reader.core.html.comments`
nests a run of siblings by the depths stated here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.core.html.visible import Element, classes, fold, tag_of

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
    signature = sum(len(fold(t.text_content())) for t in times)
    return len(fold(box.text_content())) - signature >= 2


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
            m = _PREFIXED_DEPTH.fullmatch(token)
            if m:
                return int(m.group(1))
        for attribute, value in candidate.attrib.items():
            if (attribute in DEPTH_ATTRS or _DEPTH_ATTR.fullmatch(attribute)) and (
                value.strip().isdigit()
            ):
                return int(value)
        candidate = next((c for c in candidate if isinstance(c.tag, str)), None)
        if candidate is None or tag_of(candidate) not in ("div", "article", "section"):
            break
    return None
