"""Properties of the structural parser that hold for *any* input.

A user never loses a character (every non-whitespace character of the text is in exactly
one block or comment), the thread is a proper tree, links point at the words they show,
and no input, however mangled, makes the parser raise. Checked over arbitrary text,
line-shaped text full of bullets and indentation, synthetic scrapes, and the five seeds
mutated the way real re-scrapes and copy-pastes mangle pages.

``check_document`` is the one statement of these invariants; the fixture and seed tests
call it too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from reader.core.model import Block, BlockKind, Comment, Document
from reader.core.parse import parse_text
from reader.core.textio import normalise, read_text_file
from tests.benchmarks.synthetic import make_scrape, make_thread

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
SEED_TEXTS = [read_text_file(path).text for path in SEEDS]

# READER_PROPERTY_SCALE=20 runs every property twenty times as long (a deeper hunt).
SCALE = float(os.environ.get("READER_PROPERTY_SCALE", "1"))


def _examples(n: int) -> int:
    return max(1, round(n * SCALE))


BULLETS = ("•", "◦", "▪", "-", "*", "–", "·")
MARKERS = (*BULLETS, "1.", "2.", "12.", "3)", "a.")


# ---- the invariants ---------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def _loose(text: str) -> str:
    """Text as a reader compares quotes: case, spacing and punctuation ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _spans(doc: Document) -> list[tuple[int, int, str]]:
    spans = [(b.start, b.end, f"block {i} ({b.kind})") for i, b in enumerate(doc.blocks)]
    spans += [(c.start, c.end, f"comment {c.id}") for c in doc.comments]
    return sorted(spans)


def check_lossless(doc: Document) -> None:
    """Every non-whitespace character lies in exactly one block or comment span."""
    n = len(doc.text)
    spans = _spans(doc)
    for start, end, what in spans:
        assert 0 <= start < end <= n, f"{what} has span {start}-{end} in a text of {n}"
    for (s1, e1, w1), (s2, e2, w2) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2, f"{w1} ({s1}-{e1}) overlaps {w2} ({s2}-{e2})"
    covered = bytearray(n)
    for start, end, _ in spans:
        covered[start:end] = b"\x01" * (end - start)
    lost = [i for i, ch in enumerate(doc.text) if not covered[i] and not ch.isspace()]
    assert not lost, (
        f"{len(lost)} characters belong to no block or comment, first at {lost[0]}: "
        f"{doc.text[lost[0] : lost[0] + 40]!r}"
    )


def check_texts(doc: Document) -> None:
    """A block's or comment's text is made of the characters inside its own span."""
    for i, b in enumerate(doc.blocks):
        assert _is_subsequence(_squeeze(b.text), _squeeze(doc.text[b.start : b.end])), (
            f"block {i} text {b.text[:40]!r} is not taken from its span"
        )
    for c in doc.comments:
        assert _is_subsequence(_squeeze(c.text), _squeeze(doc.text[c.start : c.end])), (
            f"comment {c.id} text {c.text[:40]!r} is not taken from its span"
        )
        # Paragraphs joined by one blank line, no indentation or stray blank lines kept.
        assert c.text == c.text.strip(" \t\n"), f"comment {c.id} text is not trimmed"
        assert "\n\n\n" not in c.text, f"comment {c.id} text keeps extra blank lines"
        assert not re.search(r"\n[ \t]", c.text), f"comment {c.id} text keeps indentation"
        parts = getattr(c, "parts", ())
        if parts:
            # The pieces the text is made of are document spans inside the comment, and
            # the text is exactly those pieces joined by a blank line or a space.
            pieces = [doc.text[a:b] for a, b in parts]
            assert all(c.start <= a < b <= c.end for a, b in parts), f"comment {c.id} parts"
            rebuilt, pos = [], 0
            for i, piece in enumerate(pieces):
                if i:
                    sep = "\n\n" if c.text.startswith("\n\n", pos) else " "
                    rebuilt.append(sep)
                    pos += len(sep)
                rebuilt.append(piece)
                pos += len(piece)
            assert "".join(rebuilt) == c.text, f"comment {c.id} text is not its parts"


def check_order(doc: Document) -> None:
    """Blocks and comments are listed in reading order."""
    assert [b.start for b in doc.blocks] == sorted(b.start for b in doc.blocks)
    assert [c.start for c in doc.comments] == sorted(c.start for c in doc.comments)


def check_thread(doc: Document) -> None:
    """Comment ids are unique; a parent is an earlier comment; depth = parent's depth + 1."""
    ids = [c.id for c in doc.comments]
    assert len(ids) == len(set(ids)), "two comments share an id"
    seen: dict[str, int] = {}
    for c in doc.comments:
        assert c.id, "a comment without an id"
        if c.parent is None:
            assert c.depth == 0, f"top-level comment {c.id} has depth {c.depth}"
        else:
            assert c.parent in seen, f"comment {c.id} replies to {c.parent}, not an earlier one"
            assert c.depth == seen[c.parent] + 1, f"comment {c.id} has depth {c.depth}"
        seen[c.id] = c.depth


def _end_container(doc: Document, end) -> tuple[int, int, str]:
    assert (end.comment is None) != (end.block is None), f"{end} names both or neither"
    if end.comment is not None:
        c = doc.comment(end.comment)
        assert c is not None, f"a link names comment {end.comment}, which does not exist"
        return c.start, c.end, f"comment {c.id}"
    assert 0 <= end.block < len(doc.blocks), f"a link names block {end.block}"
    b = doc.blocks[end.block]
    return b.start, b.end, f"block {end.block}"


def check_links(doc: Document) -> None:
    """Each link end lies inside the comment/block it names and shows the linked words."""
    for link in doc.links:
        shown = []
        for end in (link.source, link.target):
            lo, hi, what = _end_container(doc, end)
            assert lo <= end.start < end.end <= hi, (
                f"link end {end.start}-{end.end} is outside {what} ({lo}-{hi})"
            )
            shown.append(_loose(doc.text[end.start : end.end]))
        wanted = _loose(link.text)
        assert wanted, f"a link with no words: {link.text!r}"
        assert wanted in shown, f"neither end of the link shows {link.text!r}"
        for text in shown:
            assert fuzz.ratio(text, wanted) >= 85, f"{text!r} does not match {link.text!r}"
        assert link.source != link.target


def check_decisions(doc: Document) -> None:
    """Every recorded guess has a confidence between 0 and 1 and a place in the text."""
    for d in doc.decisions:
        assert 0.0 <= d.confidence <= 1.0, d
        assert 0 <= d.offset <= len(doc.text), d


def check_document(doc: Document, text: str | None = None) -> None:
    """All the invariants; with ``text``, also that the document keeps it unchanged."""
    if text is not None:
        assert doc.text == text, "the parser changed the text its offsets count in"
    check_lossless(doc)
    check_order(doc)
    check_texts(doc)
    check_thread(doc)
    check_links(doc)
    check_decisions(doc)


# ---- strategies ---------------------------------------------------------------------------

WORDS = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "S", "Zs", "M", "Cc", "Cf", "Co"),
        exclude_characters="\n\r",
    ),
    max_size=60,
)

LINE = st.builds(
    lambda indent, marker, gap, words: " " * indent + marker + gap + words,
    st.one_of(st.integers(0, 8), st.integers(0, 400)),
    st.one_of(st.just(""), st.sampled_from(MARKERS)),
    st.sampled_from(["", " ", "  ", "\t"]),
    st.one_of(
        WORDS,
        st.sampled_from(
            [
                "8 Comments",
                "3 Responses",
                "2 thoughts on “A Title”",
                "Comments are closed.",
                "Leave a Reply",
                "Your email address will not be published.",
                "Required fields are marked *",
                "Reply",
                "Like",
                "▲ 3 ▼",
                "12",
                "*",
                "“",
                "“quoted words here”",
                "(Photo: A. Person)",
                "This slideshow requires JavaScript.",
                "😀👨‍👩‍👧 ‏שלום عالم",
            ]
        ),
    ),
)

LINED_TEXT = st.lists(LINE, max_size=40).map("\n".join)


def _mutate(lines: list[str], data: st.DataObject) -> list[str]:
    """Mangle a scrape the way re-scrapes and copy-pastes do, as hypothesis chooses."""
    lines = list(lines)
    for _ in range(data.draw(st.integers(1, 8), label="mutations")):
        if not lines:
            lines.append("")
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        kind = data.draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "shuffle", "indent", "bullet", "insert", "join"]
            ),
            label="mutation",
        )
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "swap":
            j = data.draw(st.integers(0, len(lines) - 1), label="other line")
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "shuffle":
            j = data.draw(st.integers(i, min(len(lines), i + 12)), label="range end")
            part = lines[i:j]
            order = data.draw(st.permutations(range(len(part))), label="order")
            lines[i:j] = [part[k] for k in order]
        elif kind == "indent":
            spaces = data.draw(st.sampled_from(["", "  ", "    ", "      ", "\t", " " * 40]))
            lines[i] = spaces + line.lstrip()
        elif kind == "bullet":
            body = line.lstrip()
            indent = line[: len(line) - len(body)]
            body = re.sub(r"^(\d+\.|[•◦▪\-*])\s*", "", body)
            lines[i] = indent + data.draw(st.sampled_from(MARKERS), label="marker") + " " + body
        elif kind == "insert":
            lines.insert(i, data.draw(LINE, label="new line"))
        elif kind == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [line + " " + lines[i + 1]]
    return lines


# ---- the properties -----------------------------------------------------------------------


@settings(max_examples=_examples(300), deadline=None)
@given(st.text())
def test_any_text_parses_without_error(text):
    parse_text(text)


@settings(max_examples=_examples(200), deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(st.characters(codec="utf-8"), max_size=12),
            st.sampled_from(["\n", "\n\n", " " * 16, "\t", "\x0b", "\x0c", "\x1c", "\u2028"]),
            st.sampled_from(["•", "◦", "▪", "-", "1.", "“", "”", "\u200f", "\ufeff", "👨‍👩‍👧"]),
        ),
        max_size=60,
    ).map("".join)
)
def test_arbitrary_text_keeps_every_character(text):
    text = normalise(text)
    check_document(parse_text(text), text)


@settings(max_examples=_examples(200), deadline=None)
@given(LINED_TEXT)
def test_bullets_numbers_and_indentation_keep_every_character(text):
    text = normalise(text)
    check_document(parse_text(text), text)


@settings(max_examples=_examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEED_TEXTS), st.data())
def test_mutated_seeds_keep_every_character(seed, data):
    text = normalise("\n".join(_mutate(seed.split("\n"), data)))
    check_document(parse_text(text), text)


@settings(max_examples=_examples(30), deadline=None)
@given(st.integers(0, 40), st.integers(0, 2**32 - 1), st.sampled_from(["threaded", "markerless"]))
def test_synthetic_scrapes_keep_every_character(n_comments, seed, shape):
    text = make_scrape(n_comments, seed=seed, shape=shape)
    check_document(parse_text(text), text)


@settings(max_examples=_examples(30), deadline=None)
@given(st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_synthetic_threads_find_every_declared_comment(n_comments, seed):
    doc = parse_text(make_scrape(n_comments, seed=seed))
    assert doc.declared_comment_count == n_comments
    assert len(doc.comments) == n_comments


@settings(max_examples=_examples(30), deadline=None)
@given(st.integers(1, 60), st.integers(0, 2**32 - 1))
@example(2, 377149)  # two numbered comments of four paragraphs each, and a comment form
def test_synthetic_threads_are_recovered_at_every_depth(n_comments, seed):
    """Numbered comments with •/◦/▪/- replies down to depth 5: the exact tree comes back."""
    thread = make_thread(n_comments, seed=seed)
    doc = parse_text(thread.text)
    assert len(doc.comments) == len(thread.comments)
    for got, wrote in zip(doc.comments, thread.comments, strict=True):
        assert got.text.startswith(wrote.first_words), (got.text[:40], wrote.first_words)
        assert got.depth == wrote.depth, wrote.first_words
        want_parent = None if wrote.parent is None else doc.comments[wrote.parent].id
        assert got.parent == want_parent, wrote.first_words


@settings(max_examples=_examples(50), deadline=None)
@given(LINED_TEXT)
def test_parsing_is_deterministic(text):
    text = normalise(text)
    assert parse_text(text) == parse_text(text)


def test_the_seeds_keep_every_character():
    for text in SEED_TEXTS:
        check_document(parse_text(text), text)


def test_huge_indentation_and_a_lone_bullet_parse():
    for text in ["•", " " * 100_000 + "•", "1.", "\n" * 10_000, "  1.\n    •\n      ◦\n"]:
        check_document(parse_text(text), text)


# ---- the checks themselves catch what they claim to -----------------------------------------


def test_the_lossless_check_sees_a_dropped_character():
    doc = Document("ab cd", "", None, None, (Block(BlockKind.PARAGRAPH, 0, 2, "ab"),), (), ())
    with pytest.raises(AssertionError, match="belong to no block or comment"):
        check_lossless(doc)


def test_the_lossless_check_sees_an_overlap():
    doc = Document(
        "ab cd",
        "",
        None,
        None,
        (Block(BlockKind.PARAGRAPH, 0, 4, "ab c"),),
        (Comment("x", None, 0, "cd", 3, 5),),
        (),
    )
    with pytest.raises(AssertionError, match="overlaps"):
        check_lossless(doc)


# ---- a re-scrape that changes only whitespace or bullet style keeps the thread -------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"
THREADED = [
    read_text_file(path).text
    for path in [
        *(p for p in SEEDS if p.name.startswith(("001", "002"))),
        FIXTURES / "01_responses_deep_bullets.txt",
        FIXTURES / "13_dash_nesting_returns.txt",
    ]
]
_REPLY_BULLET = re.compile(r"^(\s+)[•◦▪\-] ", flags=re.MULTILINE)


def _rescrape(text: str, data: st.DataObject) -> str:
    """The same page through a scraper with other habits: hypothesis picks which."""
    if data.draw(st.booleans(), label="shift indentation"):
        pad = " " * data.draw(st.integers(1, 4), label="by")
        text = "\n".join(pad + line if line.strip() else line for line in text.split("\n"))
    if data.draw(st.booleans(), label="swap reply bullets"):
        bullet = data.draw(st.sampled_from(["•", "◦", "▪", "-"]), label="to")
        text = _REPLY_BULLET.sub(lambda m: m.group(1) + bullet + " ", text)
    if data.draw(st.booleans(), label="trailing spaces"):
        tail = data.draw(st.sampled_from([" ", "  ", "\u00a0", " \u00a0 "]), label="tail")
        text = "\n".join(line + tail if line.strip() else line for line in text.split("\n"))
    if data.draw(st.booleans(), label="wider gaps"):
        text = text.replace("\n\n", "\n\n\n")
    return text


def _shape(doc: Document) -> list[tuple[str, int, int | None]]:
    index = {c.id: i for i, c in enumerate(doc.comments)}
    return [
        (" ".join(c.text.split()), c.depth, None if c.parent is None else index[c.parent])
        for c in doc.comments
    ]


@settings(max_examples=_examples(40), deadline=None)
@given(st.sampled_from(THREADED), st.data())
def test_whitespace_and_bullet_style_do_not_change_the_thread(text, data):
    before = parse_text(text)
    changed = _rescrape(text, data)
    after = parse_text(changed)
    check_document(after, changed)
    assert _shape(after) == _shape(before)
    assert [c.id for c in after.comments] == [c.id for c in before.comments]
    assert after.declared_comment_count == before.declared_comment_count
