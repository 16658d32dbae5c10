"""Selecting a page's elements by the words their attributes hold, cheaply.

An XPath test such as ``contains(@class, 'comment')`` makes libxml2 copy the attribute's
value for every test of every element: a query that tries a dozen words on the class
and the id costs about a microsecond an element, a few milliseconds a page. The
selections here take two steps instead: a plain XPath for the elements that have the
attribute at all, then Python's substring test on its value. Each gives the elements
the XPath ``//*[contains(@class, w1) or contains(@id, w1) or ...]`` would, in the same
(document) order: the test is the same (a substring, case counting), and the whole
document is searched whatever element ``root`` is, as an XPath starting ``//`` does.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from reader.core.html.visible import Element

_WITH_CLASS_OR_ID = etree.XPath("/descendant::*[@class or @id]")
_WITH_ID = etree.XPath("/descendant::*[@id]")
_WITH_CLASS = etree.XPath("/descendant::*[@class]")
_WITH_ITEM_MARKUP = etree.XPath("/descendant::*[@itemtype or @itemprop]")


def named_with(root: Element, words: Iterable[str]) -> list[Element]:
    """The elements whose class or id holds one of ``words`` (as written)."""
    words = tuple(words)
    found = []
    for el in _WITH_CLASS_OR_ID(root):
        names = f"{el.get('class') or ''}\x00{el.get('id') or ''}"  # no word spans the two
        for word in words:
            if word in names:
                found.append(el)
                break
    return found


def with_class_holding(root: Element, words: Iterable[str], tags: frozenset[str]) -> list[Element]:
    """The elements of one of ``tags`` whose class holds one of ``words`` (as written)."""
    words = tuple(words)
    found = []
    for el in _WITH_CLASS(root):
        if el.tag in tags:
            names = el.get("class")
            for word in words:
                if word in names:
                    found.append(el)
                    break
    return found


def with_id(root: Element, ids: Iterable[str]) -> list[Element]:
    """The elements whose id is one of ``ids``."""
    wanted = frozenset(ids)
    return [el for el in _WITH_ID(root) if el.get("id") in wanted]


def with_item_markup(root: Element) -> list[Element]:
    """The elements with microdata's ``itemtype`` or ``itemprop``."""
    return _WITH_ITEM_MARKUP(root)


def outermost(found: list[Element]) -> list[Element]:
    """Those of ``found`` that no other of them holds, in order: what
    ``[el for el in found if not any(a in set(found) for a in el.iterancestors())]``
    gives, each element's ancestors climbed once for all of them (nested comment boxes
    share most of theirs)."""
    keep = set(found)
    known: dict[Element, bool] = {}  # element -> it or an ancestor of it is in keep

    def held(a: Element | None) -> bool:
        path = []
        while a is not None and a not in known:
            if a in keep:
                break
            path.append(a)
            a = a.getparent()
        result = a is not None and (a in keep or known[a])
        for p in path:
            known[p] = result
        return result

    return [el for el in found if not held(el.getparent())]
