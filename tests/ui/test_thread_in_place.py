"""A structure correction that moves comments changes the thread in place: the moved
rows move, and everything the reader had (replies opened or closed, the current
comment, the place in the thread, the annotations list) stays; undo and redo the same.
Random sequences of moves leave the tree as the structure says (and as a fresh open
shows it)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from reader.core.corrections import CorrectionKind, make_correction
from reader.core.model import Document
from reader.ui.commands.structure import AddCorrection
from reader.ui.models.annotation_list import WHERE
from reader.ui.models.comment_tree import CommentTreeModel
from tests.benchmarks.synthetic import make_scrape

from .docs import sample_document
from .test_corrections_ui import reopened, thread_as_shown


@pytest.fixture
def window(make_window, seeded_project):
    return make_window(seeded_project)


def open_thread(window, tmp_path, comments: int = 90, seed: int = 4) -> int:
    path = tmp_path / f"thread-{seed}.txt"
    path.write_text(make_scrape(comments, target_bytes=comments * 400, seed=seed), "utf-8")
    [outcome] = window.project().import_files([path])
    assert window.open_document(outcome.document_id)
    return outcome.document_id


def expected_thread(doc: Document) -> list[tuple[int, str, str, int]]:
    """The thread as ``doc`` says it is: depth, label, first words and direct replies, in
    reading order, worked out from the comments' parents alone."""
    children: dict[str | None, list] = {}
    for c in doc.comments:
        children.setdefault(c.parent, []).append(c)
    out = []

    def walk(parent: str | None, depth: int, prefix: str) -> None:
        for n, c in enumerate(children.get(parent, ()), 1):
            label = f"{prefix}{n}"
            out.append((depth, label, c.text[:24], len(children.get(c.id, ()))))
            walk(c.id, depth + 1, f"{label}.")

    walk(None, 0, "")
    return out


def shown(window) -> list[tuple[int, str, str, int]]:
    return [row[:4] for row in thread_as_shown(window)]


def undo(qtbot, window) -> None:
    """Edit › Undo, as the menu does it."""
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        window.action("undo").trigger()


def redo(qtbot, window) -> None:
    with qtbot.waitSignal(window.session.undo_stack.indexChanged):
        window.action("redo").trigger()


def move(window, qtbot, doc_id: int, comment_id: str, under: str | None) -> None:
    doc = window.current_document()
    at = doc.comment(comment_id)
    target = doc.comment(under).start if under is not None else None
    correction = make_correction(doc, CorrectionKind.REPARENT, at.start, target)
    stack = window.session.undo_stack
    with qtbot.waitSignal(stack.indexChanged):
        stack.push(AddCorrection(window.session, doc_id, correction, text="Reply to…"))


def test_a_move_keeps_what_the_reader_opened_closed_and_was_reading(window, qtbot, tmp_path):
    doc_id = open_thread(window, tmp_path)
    doc = window.current_document()
    model, view, pane = window.comment_model, window.comments.view, window.comments
    tops = [c for c in doc.comments if c.parent is None]
    with_replies = [c for c in tops if doc.children(c.id)]
    mover, other = with_replies[-1], with_replies[0]
    target = next(c for c in reversed(tops) if c.start < mover.start and c.id != other.id)
    view.collapse(model.index_of(other.id))
    assert pane.select_comment(mover.id)
    qtbot.waitUntil(lambda: pane.current_editor() is not None)
    before = thread_as_shown(window)
    top = pane.top_row()
    sessions_index = window.session.index

    move(window, qtbot, doc_id, mover.id, target.id)
    moved = model.index_of(mover.id)
    assert model.comment(moved.parent()).id == target.id
    assert model.label(mover.id).startswith(model.label(target.id) + ".")
    assert view.isExpanded(moved) and view.isExpanded(model.index_of(target.id))
    assert not view.isExpanded(model.index_of(other.id))  # closed by the reader: stays closed
    assert pane.current_comment() == mover.id
    assert pane.current_editor() is not None and pane.current_editor().comment.id == mover.id
    assert pane.top_row()[0] == top[0]  # the same comment at the top of the thread
    assert window.session.index is sessions_index  # the annotations were not read again
    after = thread_as_shown(window)
    assert [r[:4] for r in after] == expected_thread(window.current_document())

    undo(qtbot, window)
    assert thread_as_shown(window) == before
    assert pane.current_comment() == mover.id
    redo(qtbot, window)
    assert thread_as_shown(window) == after
    assert [r[:4] for r in after] == [r[:4] for r in reopened(window, qtbot)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_moves_undone_and_redone_leave_the_tree_as_the_structure_says(
    window, qtbot, qtmodeltester, tmp_path, seed
):
    doc_id = open_thread(window, tmp_path, comments=60, seed=seed)
    rng = random.Random(seed)
    stack = window.session.undo_stack
    for _ in range(7):
        doc = window.current_document()
        i = rng.randrange(1, len(doc.comments))
        under = None if rng.random() < 0.2 else doc.comments[rng.randrange(0, i)].id
        move(window, qtbot, doc_id, doc.comments[i].id, under)
        if rng.random() < 0.4:
            undo(qtbot, window)
            if rng.random() < 0.5:
                redo(qtbot, window)
        assert shown(window) == expected_thread(window.current_document())
        assert window.comments.fully_expanded()
    qtmodeltester.check(window.comment_model)
    assert shown(window) == [r[:4] for r in reopened(window, qtbot)]
    while stack.canUndo():
        undo(qtbot, window)
    assert shown(window) == expected_thread(window.project().parsed(doc_id))


def test_the_annotations_list_names_the_new_place_of_a_moved_comment(window, qtbot, tmp_path):
    doc_id = open_thread(window, tmp_path)
    doc = window.current_document()
    tops = [c for c in doc.comments if c.parent is None]
    mover, target = tops[-1], tops[0]
    project = window.project()
    tag = project.add_tag("Moved")
    start = mover.start + 2
    project.add_annotation(doc_id, start, start + 5, [tag.id])
    window.annotator.reload()
    model = window.annotation_model
    where = model.index(0, WHERE)
    assert where.data().startswith(f"Comment #{window.comment_model.label(mover.id)}")
    move(window, qtbot, doc_id, mover.id, target.id)
    label = window.comment_model.label(mover.id)
    assert label.startswith(window.comment_model.label(target.id) + ".")
    assert model.index(0, WHERE).data().startswith(f"Comment #{label}")
    undo(qtbot, window)
    assert model.index(0, WHERE).data().startswith(f"Comment #{len(tops)}")


def test_a_comment_row_tells_who_and_when_on_hover_and_to_a_screen_reader(qtbot):
    doc = sample_document()
    first = replace(doc.comments[0], author="Ana <b>", date="2012-08-09T19:42:00")
    doc = replace(doc, comments=(first, *doc.comments[1:]))
    model = CommentTreeModel()
    model.set_document(doc)
    hover = model.tooltip_of(model.index_of(first.id))
    assert "2012-08-09T19:42:00" in hover and "Ana &lt;b&gt;" in hover  # shown as written
    assert model.tooltip_of(model.index_of(doc.comments[1].id)) is None  # no date: no hover
    # what a screen reader says of the row: who, then what
    assert model.index_of(first.id).data() == f"Ana <b>: {first.text}"
