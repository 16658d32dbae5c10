"""A REPARENT applied to a corrected structure in place (``correction_steps``) gives the
document a replay of every correction gives: the thread, the quotation links, the
decisions. Random sequences of corrections (moves among others, undone and redone)
on the seeds and on a long synthetic thread."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import corrections as corrections_module
from reader.core.corrections import CorrectionKind, apply_corrections, make_correction
from reader.core.model import Document
from reader.core.parse import parse_text
from reader.core.textio import read_text_file
from tests.benchmarks.synthetic import make_scrape

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@cache
def _doc(name: str) -> Document:
    if name == "long":
        return parse_text(make_scrape(600, target_bytes=120_000, seed=3))
    return parse_text(read_text_file(next(SEEDS.glob(f"{name}_*.txt"))).text)


def _replayed(doc: Document, corrections) -> Document:
    """Every correction replayed over the parse, remembering nothing."""
    return corrections_module._replay(doc, tuple(corrections), doc)


def _shape(doc: Document):
    return doc.blocks, doc.comments, doc.links, doc.decisions


def test_a_moved_comment_takes_its_replies_along_and_keeps_every_other_comment():
    doc = _doc("long")
    tops = [c for c in doc.comments if c.parent is None]
    earlier, parent = next(
        (a, b) for a, b in zip(tops, tops[1:], strict=False) if doc.children(b.id)
    )
    correction = make_correction(doc, CorrectionKind.REPARENT, parent.start, earlier.start)
    after = apply_corrections(doc, [correction])
    moved = after.comment(parent.id)
    assert moved is not None and moved.parent == earlier.id and moved.depth == 1
    assert all(reply.depth == 2 for reply in after.children(parent.id))
    assert [c.id for c in after.comments] == [c.id for c in doc.comments]
    assert _shape(after) == _shape(_replayed(doc, [correction]))


def test_a_move_that_cannot_be_made_changes_nothing_but_the_record():
    doc = _doc("long")
    first, later = doc.comments[0], doc.comments[5]
    wrong_way = make_correction(doc, CorrectionKind.REPARENT, first.start, later.start)
    after = apply_corrections(doc, [wrong_way])
    assert [(c.id, c.parent) for c in after.comments] == [(c.id, c.parent) for c in doc.comments]
    assert after.decisions[-1].what == "corrected: reparent"
    assert _shape(after) == _shape(_replayed(doc, [wrong_way]))


_STEP = st.tuples(
    st.sampled_from([CorrectionKind.REPARENT] * 5 + list(CorrectionKind)),
    st.floats(0, 1),
    st.floats(0, 1) | st.none(),
    st.booleans(),  # undo the step right after (then redo it)
)


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(["000", "001", "002", "long"]), steps=st.lists(_STEP, max_size=7))
def test_random_corrections_give_the_structure_a_full_replay_gives(name, steps):
    doc = _doc(name)
    corrections = []
    current = apply_corrections(doc, corrections)
    for kind, where, target, undo in steps:
        offset = int(where * (len(doc.text) - 1))
        if kind is CorrectionKind.REPARENT and current.comments:
            # mostly a comment's start, as the window makes them
            comment = current.comments[int(where * (len(current.comments) - 1))]
            offset = comment.start
            to = None
            if target is not None:
                to = current.comments[int(target * (len(current.comments) - 1))].start
        else:
            to = None
        corrections.append(make_correction(current, kind, offset, to))
        current = apply_corrections(doc, corrections)
        assert _shape(current) == _shape(_replayed(doc, corrections))
        if undo:
            earlier = corrections[:-1]
            expected = _replayed(doc, earlier) if earlier else doc
            assert _shape(apply_corrections(doc, earlier)) == _shape(expected)
            assert apply_corrections(doc, corrections) is current  # redo: the same structure
