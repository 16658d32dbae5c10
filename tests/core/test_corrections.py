"""The user's structure corrections, replayed on top of the parse."""

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.corrections import (
    Correction,
    CorrectionKind,
    apply_corrections,
    make_correction,
    relocate,
)
from reader.core.model import BlockKind, Document
from reader.core.parse import parse_text
from reader.core.textio import read_text_file

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed(prefix: str) -> Document:
    return parse_text(read_text_file(next(SEEDS.glob(f"{prefix}_*.txt"))).text)


def _comment(doc: Document, words: str):
    return next(c for c in doc.comments if c.text.startswith(words))


def _at(doc: Document, words: str) -> int:
    return doc.text.index(words)


def _assert_consistent(doc: Document) -> None:
    spans = sorted(
        [(b.start, b.end) for b in doc.blocks] + [(c.start, c.end) for c in doc.comments]
    )
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start, "two spans overlap"
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    assert all(ch.isspace() for i, ch in enumerate(doc.text) if i not in covered)
    seen = set()
    for c in doc.comments:
        assert c.parent is None or c.parent in seen
        seen.add(c.id)


def test_no_corrections_leave_the_parse_as_it_is():
    doc = _seed("001")
    assert apply_corrections(doc, []) is doc


def test_this_is_still_the_article_moves_a_comment_into_the_article():
    doc = _seed("000")
    first = doc.comments[0]
    fixed = apply_corrections(
        doc, [make_correction(doc, CorrectionKind.STILL_ARTICLE, first.start)]
    )
    assert len(fixed.comments) == len(doc.comments) - 1
    block = fixed.blocks[fixed.block_at(first.start)]
    assert block.kind is BlockKind.PARAGRAPH and block.text.startswith("As usual, Russia")
    _assert_consistent(fixed)


def test_comments_start_here_moves_article_paragraphs_into_the_thread():
    doc = _seed("000")
    at = _at(doc, "This is a developing story")
    fixed = apply_corrections(doc, [make_correction(doc, CorrectionKind.COMMENTS_START, at)])
    assert fixed.comments[0].text.startswith("This is a developing story")
    assert len(fixed.comments) == len(doc.comments) + 1
    _assert_consistent(fixed)


def test_split_a_comment_in_two():
    doc = _seed("001")
    fifth = _comment(doc, "I am not surprised")
    at = _at(doc, "The worst thing about these kind of comments")
    fixed = apply_corrections(doc, [make_correction(doc, CorrectionKind.SPLIT_COMMENT, at)])
    assert len(fixed.comments) == 9
    first, second = _comment(fixed, "I am not surprised"), _comment(fixed, "The worst thing")
    assert "The worst thing" not in first.text
    assert second.parent == first.parent == fifth.parent
    _assert_consistent(fixed)


def test_merge_a_comment_with_the_one_before():
    doc = _seed("000")
    tail = _comment(doc, "It is better for them to just support us")
    fixed = apply_corrections(doc, [make_correction(doc, CorrectionKind.MERGE_COMMENT, tail.start)])
    merged = _comment(fixed, "One last comment")
    assert merged.text.endswith("It is better for them to just support us on the down low.")
    assert len(fixed.comments) == len(doc.comments) - 1
    _assert_consistent(fixed)


def test_make_a_comment_a_reply_and_top_level_again():
    doc = _seed("000")
    reply = _comment(doc, "Your comment hasn’t aged well")
    parent = _comment(doc, "As usual, Russia")
    first = make_correction(doc, CorrectionKind.REPARENT, reply.start, parent.start)
    fixed = apply_corrections(doc, [first])
    assert _comment(fixed, "Your comment hasn’t aged well").parent == parent.id
    assert _comment(fixed, "Your comment hasn’t aged well").depth == 1
    back = make_correction(fixed, CorrectionKind.REPARENT, reply.start, None)
    assert _comment(apply_corrections(doc, [first, back]), "Your comment").parent is None


def test_a_reply_cannot_answer_a_later_comment():
    doc = _seed("000")
    early, late = doc.comments[0], doc.comments[5]
    fixed = apply_corrections(
        doc, [make_correction(doc, CorrectionKind.REPARENT, early.start, late.start)]
    )
    assert fixed.comments[0].parent is None


def test_boilerplate_marked_and_brought_back():
    doc = _seed("001")
    slideshow = _at(doc, "This slideshow requires JavaScript.")
    paragraph = _at(doc, "Military officials added 21")
    fixed = apply_corrections(
        doc,
        [
            make_correction(doc, CorrectionKind.NOT_BOILERPLATE, slideshow),
            make_correction(doc, CorrectionKind.BOILERPLATE, paragraph),
        ],
    )
    assert fixed.blocks[fixed.block_at(slideshow)].kind is BlockKind.PARAGRAPH
    assert fixed.blocks[fixed.block_at(paragraph)].kind is BlockKind.BOILERPLATE
    _assert_consistent(fixed)


def test_a_spam_comment_marked_as_boilerplate_leaves_its_replies_in_the_thread():
    doc = _seed("001")
    first = doc.comments[0]
    fixed = apply_corrections(doc, [make_correction(doc, CorrectionKind.BOILERPLATE, first.start)])
    assert len(fixed.comments) == 7
    assert _comment(fixed, "Armenian PM is doing much more").parent is None
    _assert_consistent(fixed)


def test_corrections_follow_their_words_into_a_changed_text():
    doc = _seed("000")
    reply = _comment(doc, "Your comment hasn’t aged well")
    parent = _comment(doc, "As usual, Russia")
    corrections = [
        make_correction(doc, CorrectionKind.REPARENT, reply.start, parent.start),
        make_correction(
            doc, CorrectionKind.MERGE_COMMENT, _comment(doc, "It is better for them").start
        ),
    ]
    rescraped = parse_text("Breaking: an update was added at the top.\n" + doc.text)
    moved = relocate(corrections, rescraped)
    assert all(c is not None for c in moved)
    fixed = apply_corrections(rescraped, moved)
    assert _comment(fixed, "Your comment hasn’t aged well").parent == _comment(fixed, "As usual").id
    assert _comment(fixed, "One last comment").text.endswith("down low.")


def test_a_correction_whose_words_are_gone_is_not_reapplied():
    doc = _seed("000")
    gone = _comment(doc, "Destroying Azerbaijan’s oil pipelines")
    correction = make_correction(doc, CorrectionKind.MERGE_COMMENT, gone.start)
    rescraped = parse_text(
        doc.text.replace(gone.text, "A different comment entirely, about weather.")
    )
    assert relocate([correction], rescraped) == [None]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.sampled_from(["000", "001", "002"]),
    steps=st.lists(
        st.tuples(st.sampled_from(list(CorrectionKind)), st.floats(0, 1), st.floats(0, 1)),
        max_size=6,
    ),
)
@example(  # a split where a merge had joined two comments across the chrome between them
    seed="002",
    steps=[
        (CorrectionKind.COMMENTS_START, 0.0, 0.0),
        (CorrectionKind.MERGE_COMMENT, 0.71875, 0.0),
        (CorrectionKind.SPLIT_COMMENT, 0.6875, 0.0),
    ],
)
def test_any_corrections_keep_the_document_whole(seed, steps):
    doc = _seed(seed)
    corrections = []
    current = doc
    for kind, where, target in steps:
        offset = int(where * (len(doc.text) - 1))
        to = int(target * (len(doc.text) - 1)) if kind is CorrectionKind.REPARENT else None
        corrections.append(make_correction(current, kind, offset, to))
        current = apply_corrections(doc, corrections)
        _assert_consistent(current)
    assert isinstance(corrections, list) and all(isinstance(c, Correction) for c in corrections)
