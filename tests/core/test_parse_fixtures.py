"""The parser against hand-written scrapes in the shapes seen across news sites.

Each ``fixtures/NAME.txt`` is a scrape; ``fixtures/NAME.json`` says what a careful human
reader finds in it (written from reading the page, never from parser output):

``title``, ``standfirst``, ``byline``
    the document's title exactly; words the standfirst/byline contain.
``declared_comment_count``
    the count the page states ("7 Responses"), or null.
``last_paragraph_ends``
    how the article's last paragraph (the last ``paragraph`` block) ends.
``comments``
    every comment in reading order: the words its text ``starts`` with and the words its
    ``parent`` starts with (null for top-level); optionally ``contains`` (phrases of its
    own text), ``paragraphs`` (how many) and ``lacks_lines`` (lines that are page chrome,
    never part of its text).
``blocks``
    for a kind, the lines of the scrape that lie in blocks of that kind. A line is given
    whole, or as its beginning followed by "…"; every line of the scrape that matches is
    meant.
``pullquote_links``
    a pull-quote and a phrase of the body paragraph it repeats: a link joins them.
``comment_links``
    a comment (the words it starts with) that quotes the article (``to_block``: a phrase
    of the quoted paragraph) or an earlier comment (``to_comment``: the words it starts
    with); the quoted text the link points at holds ``quote``.
``author`` (in a comment)
    the name the page gives as the comment's author ("Name says:").

Files are read the way the app reads them (``read_text_file``), so the CRLF and BOM
fixtures go through decoding first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from reader.core.model import BlockKind, Comment, Document
from reader.core.parse import parse_text
from reader.core.textio import read_text_file
from tests.core.test_parse_properties import check_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


@dataclass(frozen=True)
class Case:
    name: str
    doc: Document
    expected: dict


@cache
def _expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@cache
def _load(name: str) -> Case:
    doc = parse_text(read_text_file(FIXTURES / f"{name}.txt").text)
    return Case(name, doc, _expected(name))


def _stating(key: str) -> list[str]:
    """The fixtures whose expectations say something about ``key``."""
    return [name for name in NAMES if _expected(name).get(key)]


@pytest.fixture(params=NAMES)
def case(request) -> Case:
    return _load(request.param)


def _starting(doc: Document, words: str) -> Comment:
    found = [c for c in doc.comments if c.text.lstrip().startswith(words)]
    assert len(found) == 1, (
        f"expected one comment starting {words!r}, found {len(found)}; comments start: "
        f"{[c.text[:30] for c in doc.comments]}"
    )
    return found[0]


def _matching_lines(text: str, pattern: str) -> list[tuple[int, str]]:
    """(offset of first non-space character, line) for each line ``pattern`` names."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if not line:
            continue
        hit = line.startswith(pattern[:-1]) if pattern.endswith("…") else line == pattern
        if hit:
            out.append((m.start() + len(m.group()) - len(m.group().lstrip()), line))
    return out


def _squeeze(text: str) -> str:
    return " ".join(text.split())


# ---- the tests -----------------------------------------------------------------------------


def test_there_are_enough_fixtures():
    assert len(NAMES) >= 12
    for name in NAMES:
        assert (FIXTURES / f"{name}.json").is_file(), f"{name}.txt has no expectations"


def test_invariants_hold(case):
    check_document(case.doc)


def test_text_is_clean_of_bom_and_carriage_returns(case):
    assert "\r" not in case.doc.text
    assert "\ufeff" not in case.doc.text


def test_title(case):
    assert case.doc.title == case.expected["title"]


@pytest.mark.parametrize("name", _stating("standfirst"))
def test_standfirst(name):
    case = _load(name)
    assert case.doc.standfirst is not None
    assert case.expected["standfirst"] in case.doc.standfirst


@pytest.mark.parametrize("name", _stating("byline"))
def test_byline(name):
    case = _load(name)
    assert case.doc.byline is not None
    assert case.expected["byline"] in case.doc.byline


def test_declared_comment_count(case):
    assert case.doc.declared_comment_count == case.expected["declared_comment_count"]


def test_comment_count(case):
    assert len(case.doc.comments) == len(case.expected["comments"]), [
        c.text[:40] for c in case.doc.comments
    ]


def test_comments_in_reading_order(case):
    wanted = [c["starts"] for c in case.expected["comments"]]
    got = [c.text.lstrip() for c in case.doc.comments]
    assert len(got) == len(wanted)
    for text, words in zip(got, wanted, strict=True):
        assert text.startswith(words), f"{text[:50]!r} should start {words!r}"


def test_reply_structure(case):
    for spec in case.expected["comments"]:
        comment = _starting(case.doc, spec["starts"])
        if spec["parent"] is None:
            assert comment.parent is None, f"{spec['starts']!r} should be top-level"
            assert comment.depth == 0
        else:
            parent = _starting(case.doc, spec["parent"])
            actual = case.doc.comment(comment.parent) if comment.parent else None
            assert comment.parent == parent.id, (
                f"{spec['starts']!r} should reply to {spec['parent']!r}, "
                f"replies to {actual.text[:40] if actual else None!r}"
            )
            assert comment.depth == parent.depth + 1


def test_comment_texts(case):
    for spec in case.expected["comments"]:
        comment = _starting(case.doc, spec["starts"])
        flat = _squeeze(comment.text)
        for phrase in spec.get("contains", []):
            assert phrase in flat, f"{phrase!r} should be part of comment {spec['starts']!r}"
        if "paragraphs" in spec:
            assert len(comment.text.strip().split("\n\n")) == spec["paragraphs"], comment.text
        lines = {line.strip() for line in comment.text.split("\n")}
        for chrome in spec.get("lacks_lines", []):
            assert chrome not in lines, f"chrome {chrome!r} is inside {spec['starts']!r}"


def test_comment_text_leaves_out_marker_but_span_covers_it(case):
    text = case.doc.text
    for spec in case.expected["comments"]:
        comment = _starting(case.doc, spec["starts"])
        at = text.find(spec["starts"], comment.start, comment.end)
        assert at >= 0, f"{spec['starts']!r} is not inside its own comment's span"
        line_start = text.rfind("\n", 0, at) + 1
        prefix = text[line_start:at]
        marker_at = line_start + len(prefix) - len(prefix.lstrip())
        assert comment.start <= marker_at, (
            f"the span of {spec['starts']!r} leaves out its marker {prefix.strip()!r}"
        )


def test_block_kinds(case):
    for kind, patterns in case.expected.get("blocks", {}).items():
        for pattern in patterns:
            lines = _matching_lines(case.doc.text, pattern)
            assert lines, f"fixture error: no line matches {pattern!r}"
            for offset, line in lines:
                i = case.doc.block_at(offset)
                assert i is not None, f"{line!r} is not in any block"
                assert case.doc.blocks[i].kind is BlockKind(kind), (
                    f"{line!r} is a {case.doc.blocks[i].kind}, should be {kind}"
                )


def test_article_ends_with_its_last_paragraph(case):
    paragraphs = [b for b in case.doc.blocks if b.kind is BlockKind.PARAGRAPH]
    assert paragraphs
    assert _squeeze(paragraphs[-1].text).endswith(case.expected["last_paragraph_ends"])


def test_article_blocks_come_before_the_comments(case):
    if not case.doc.comments:
        return
    first = case.doc.comments[0].start
    late = [
        b.text[:40]
        for b in case.doc.blocks
        if b.kind is not BlockKind.BOILERPLATE and b.end > first
    ]
    assert not late, f"article blocks among the comments: {late}"


@pytest.mark.parametrize("name", _stating("pullquote_links"))
def test_pullquotes_link_to_the_body(name):
    case = _load(name)
    doc = case.doc
    for spec in case.expected["pullquote_links"]:
        (quote_at, _), *_ = _matching_lines(doc.text, spec["pullquote"])
        body_at = doc.text.index(spec["body"])
        quote_block, body_block = doc.block_at(quote_at), doc.block_at(body_at)
        assert any(
            link.source.block == quote_block and link.target.block == body_block
            for link in doc.links
        ), f"no link from the pull-quote {spec['pullquote'][:30]!r} to its body paragraph"


@pytest.mark.parametrize("name", _stating("comment_links"))
def test_comments_link_to_what_they_quote(name):
    case = _load(name)
    doc = case.doc
    for spec in case.expected["comment_links"]:
        source = _starting(doc, spec["from"])
        if "to_block" in spec:
            target_block = doc.block_at(doc.text.index(spec["to_block"]))
            assert target_block is not None
            links = [
                link
                for link in doc.links
                if link.source.comment == source.id and link.target.block == target_block
            ]
            where = f"the paragraph {spec['to_block']!r}"
        else:
            target = _starting(doc, spec["to_comment"])
            links = [
                link
                for link in doc.links
                if link.source.comment == source.id and link.target.comment == target.id
            ]
            where = f"the comment {spec['to_comment']!r}"
        assert links, f"{spec['from']!r} is not linked to {where}"
        shown = [_squeeze(doc.text[link.target.start : link.target.end]) for link in links]
        assert any(spec["quote"] in text for text in shown), (
            f"the link shows {shown}, not {spec['quote']!r}"
        )


def _naming_authors() -> list[str]:
    return [name for name in NAMES if any("author" in spec for spec in _expected(name)["comments"])]


@pytest.mark.parametrize("name", _naming_authors())
def test_comment_authors(name):
    case = _load(name)
    for spec in (spec for spec in case.expected["comments"] if "author" in spec):
        assert _starting(case.doc, spec["starts"]).author == spec["author"]
