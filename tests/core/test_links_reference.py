"""The quotation-link finder gives the same links as the straightforward one it
replaced (``tests/core/links_reference.py``), on texts full of shared runs of words,
stock phrases, quotations in marks and pull-quotes, and on synthetic scrapes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import links
from reader.core.model import Block, BlockKind, Comment
from reader.core.parse import parse_text
from tests.benchmarks.synthetic import make_scrape
from tests.core import links_reference
from tests.core.test_parse_properties import _examples

# A small vocabulary makes runs of eight words repeat often.
WORDS = ("the", "war", "Ceasefire", "talks", "it's", "ministry", "said", "a", "Peace", "now")
# ... and with punctuation, apostrophes, other scripts and marks glued to them, so that
# comments whose words are and are not the pieces of the blanked copy mix.
MARKED = (*WORDS, "war,", "(talks)", "it’s", "naïve", "Straße", "x_y", "'tis", "don't'", "—",
          "«now»", "“said”", "ΣΊΣΥΦΟΣ", "PEACE!", "a\tb", "said:", "3.5")  # fmt: skip


@st.composite
def _pieces(draw, vocabulary: tuple[str, ...] = WORDS) -> list[str]:
    """Texts of article blocks and comments, many copying runs of earlier ones."""
    pieces: list[str] = []
    for _ in range(draw(st.integers(1, 14))):
        if pieces and draw(st.booleans()):
            earlier = draw(st.sampled_from(pieces)).split()
            a = draw(st.integers(0, len(earlier)))
            b = draw(st.integers(a, min(len(earlier), a + 20)))
            run = earlier[a:b]
            if draw(st.booleans()):
                run = ["“" + " ".join(run) + "”"] if run else run
            words = draw(st.lists(st.sampled_from(vocabulary), max_size=6)) + run
            words += draw(st.lists(st.sampled_from(vocabulary), max_size=6))
        else:
            words = draw(st.lists(st.sampled_from(vocabulary), max_size=30))
        if draw(st.integers(0, 5)) == 0:
            quoted = draw(st.lists(st.sampled_from(vocabulary), max_size=6))
            words.insert(0, '"' + " ".join(quoted) + '"')
        glue = draw(st.sampled_from((" ", " ", " ", "\n", "  ")))
        pieces.append(glue.join(words) or "x")
    return pieces


def _layout(pieces: list[str], n_blocks: int, parents: list[int]):
    text, blocks, comments = "", [], []
    for k, piece in enumerate(pieces):
        start = len(text)
        text += piece + "\n\n"
        if k < n_blocks:
            kind = BlockKind.TITLE if k == 0 else BlockKind.PARAGRAPH
            blocks.append(Block(kind, start, start + len(piece), piece))
        else:
            c = k - n_blocks
            parent = None
            if c and parents[c % len(parents)] % (c + 1) < c:
                parent = f"c{parents[c % len(parents)] % (c + 1)}"
            depth = 0 if parent is None else 1
            comments.append(Comment(f"c{c}", parent, depth, piece, start, start + len(piece)))
    return text, blocks, comments


@settings(max_examples=_examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pieces(), st.integers(0, 4), st.lists(st.integers(0, 50), min_size=1, max_size=10))
def test_comment_links_match_the_reference(pieces, n_blocks, parents) -> None:
    text, blocks, comments = _layout(pieces, n_blocks, parents)
    assert links.comment_links(text, blocks, comments) == links_reference.comment_links(
        text, blocks, comments
    )


@settings(max_examples=_examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pieces(MARKED), st.integers(0, 4), st.lists(st.integers(0, 50), min_size=1, max_size=10))
def test_comment_links_match_the_reference_in_marked_text(pieces, n_blocks, parents) -> None:
    text, blocks, comments = _layout(pieces, n_blocks, parents)
    assert links.comment_links(text, blocks, comments) == links_reference.comment_links(
        text, blocks, comments
    )


@settings(max_examples=_examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pieces())
def test_pullquote_links_match_the_reference(pieces) -> None:
    text, blocks, _ = _layout(pieces, len(pieces), [0])
    sources = {k: k - 1 for k in range(1, len(blocks))}
    assert links.pullquote_links(text, blocks, sources) == links_reference.pullquote_links(
        text, blocks, sources
    )


def test_a_stock_phrase_shared_by_many_comments_links_like_the_reference() -> None:
    phrase = "this comment has been removed by the moderators of this site"
    pieces = ["An article about nothing much at all"] + [
        f"comment {k} says {phrase} and then more" for k in range(60)
    ]
    text, blocks, comments = _layout(pieces, 1, [0])
    found = links.comment_links(text, blocks, comments)
    assert found == links_reference.comment_links(text, blocks, comments)
    assert found  # the first few repeats link; past COMMON sources the phrase is stock


@settings(max_examples=_examples(12), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.sampled_from(["threaded", "markerless"]))
def test_synthetic_scrapes_link_like_the_reference(seed, shape) -> None:
    doc = parse_text(make_scrape(40, seed=seed, shape=shape))
    expected = links_reference.comment_links(doc.text, doc.blocks, doc.comments)
    assert links.comment_links(doc.text, doc.blocks, doc.comments) == expected


@settings(max_examples=_examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 1000),
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 10**6), st.integers(0, 10**6)),
        min_size=1,
        max_size=6,
    ),
)
def test_corrections_keep_the_links_a_fresh_search_finds(seed, steps) -> None:
    """Each correction re-links only what it can touch; the links are those a search
    of the corrected structure from scratch finds, and the ids those of the bodies."""
    from reader.core.comment_ids import assign_ids
    from reader.core.corrections import CorrectionKind, apply_corrections, make_correction

    parsed = parse_text(make_scrape(60, seed=seed))
    kinds = list(CorrectionKind)
    made = []
    doc = parsed
    for kind_at, where, target in steps:
        if not doc.comments:
            break
        kind = kinds[kind_at % len(kinds)]
        comment = doc.comments[where % len(doc.comments)]
        other = doc.comments[target % len(doc.comments)].start
        made.append(make_correction(doc, kind, comment.start, other))
        doc = apply_corrections(parsed, made)  # reuses the last structure's links
        fresh = links_reference.comment_links(doc.text, doc.blocks, doc.comments)
        assert [link for link in doc.links if link.source.comment is not None] == fresh
        assert [c.id for c in doc.comments] == assign_ids(c.text for c in doc.comments)


def test_a_reply_moved_elsewhere_loses_the_quote_it_found_in_its_old_parent() -> None:
    pieces = [
        "An article about the harbour",
        "the mayor promised a new bridge by spring",
        "something else entirely about the weather",
        'you wrote "a new bridge by spring" and I doubt it',
    ]
    text, blocks, comments = _layout(pieces, 1, [0])
    a, b, reply = comments
    b = Comment(b.id, None, 0, b.text, b.start, b.end)
    as_reply = [a, b, Comment(reply.id, a.id, 1, reply.text, reply.start, reply.end)]
    before = links.comment_links(text, blocks, as_reply)
    assert [link.target.comment for link in before] == [a.id]  # quoted in marks: short
    moved = [a, b, Comment(reply.id, b.id, 1, reply.text, reply.start, reply.end)]
    after = links.comment_links(text, blocks, moved, previous=(blocks, as_reply, before))
    assert after == links_reference.comment_links(text, blocks, moved) == []
