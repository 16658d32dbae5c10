"""A document opens with a light read of its annotations (what the highlights need: the
session's index holds marks), and what the user sees is as before: highlights in the
tags' colours, the list with each passage's quote (read when its row is shown), tooltips,
undo texts; kept right through tagging, retagging, undo and reopening the project."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.records import Annotation, AnnotationMark
from reader.core.text import excerpt, quoted
from reader.ui.models.annotation_list import (
    EXCERPT,
    PAGE,
    PASSAGE,
    TAGS,
    AnnotationListModel,
)

from .annotating import (
    article_highlights,
    fill_of,
    flood_project,
    popup_noise,
    select_in_article,
    tag_id,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def _listed(window) -> list[tuple[str, str]]:
    """(passage, tags) of each row of the annotations list, as shown."""
    model = window.annotation_model
    return [
        (model.index(r, PASSAGE).data(), model.index(r, TAGS).data())
        for r in range(model.rowCount())
    ]


@popup_noise
def test_tag_retag_undo_and_reopen_show_the_same_highlights_and_list(
    make_window, open_project, tmp_path, qtbot
):
    project = flood_project(tmp_path, open_project)
    window = make_window(project)
    needle = "Schools in the lower town"
    select_in_article(window, needle)
    qtbot.keyClick(window.article, Qt.Key.Key_1, CTRL)  # Fear
    qtbot.keyClick(window.article, Qt.Key.Key_3, CTRL)  # and Solidarity: the same passage
    assert _listed(window) == [(f"“{needle}”", "Fear, Solidarity")]
    assert article_highlights(window)[needle] == fill_of(project, "Fear")
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)  # Solidarity taken off again
    assert _listed(window) == [(f"“{needle}”", "Fear")]
    [a] = project.annotations()
    assert a.tags == (tag_id(project, "Fear"),)
    # Retag: Fear off, Blame on (through the annotator, as the context menu does).
    window.annotator.add_tag_to(a, tag_id(project, "Blame"))
    window.annotator.remove_tag(window.session.annotation(a.id), tag_id(project, "Fear"))
    assert _listed(window) == [(f"“{needle}”", "Blame")]
    assert article_highlights(window)[needle] == fill_of(project, "Blame")
    assert window.action("undo").text() == f"&Undo Remove “Fear” from “{needle}”"

    # The project opened again, in another window: the first open reads marks.
    again = open_project(project.path)
    other = make_window(again)
    other.open_document(again.documents()[0].id)
    held = other.session.index.get(a.id)
    assert isinstance(held, AnnotationMark)
    assert held.tags == (tag_id(project, "Blame"),)
    assert _listed(other) == [(f"“{needle}”", "Blame")]  # the quote read for the row
    assert article_highlights(other)[needle] == fill_of(project, "Blame")
    found = other.session.index.at(held.start + 2)
    assert "Blame" in other.annotator.painter.tooltip_for(found)
    # Undo in the first window is seen by the second when it reads the file again.
    window.session.undo_stack.undo()  # Fear back (the other window has the keys now)
    window.session.undo_stack.undo()  # Blame off
    other.annotator.reload()
    assert _listed(other) == [(f"“{needle}”", "Fear")]
    assert article_highlights(other)[needle] == fill_of(project, "Fear")


def test_the_list_reads_the_quotes_of_the_rows_shown_a_page_at_a_time(
    open_project, tmp_path, qapp, qtmodeltester
):
    project = flood_project(tmp_path, open_project)
    doc_id = project.documents()[0].id
    text = project.load(doc_id).text
    fear = tag_id(project, "Fear")
    for i in range(3 * PAGE):
        start = (7 * i) % (len(text) - 20)
        project.add_annotation(doc_id, start, start + 5 + i % 9, [fear])
    whole = {a.id: a for a in project.annotations(doc_id)}
    asked: list[int] = []

    def records(marks) -> list[Annotation]:
        asked.append(len(marks))
        return project.annotations_by_ids([m.id for m in marks])

    model = AnnotationListModel()
    model.records = records
    marks = sorted(
        project.annotation_marks(doc_id), key=lambda m: (m.document_id, m.orphan, m.start, m.id)
    )
    model.set_annotations(marks, ordered=True)
    qtmodeltester.check(model)
    shown = [model.index(r, PASSAGE).data() for r in range(model.rowCount())]
    assert shown == [quoted(excerpt(whole[m.id].exact, EXCERPT)) for m in marks]  # all right
    assert len(asked) <= 3 * PAGE // (PAGE - PAGE // 4) + 2  # a page per query, not a row
    assert all(n <= PAGE + PAGE // 4 for n in asked)
    assert model.annotation(5) == whole[marks[5].id]
    # A change replaces the row with the whole record; nothing more is read for it.
    changed = project.annotation(marks[0].id)
    model.put(changed)
    before = len(asked)
    shown = model.index(model.row_of(changed.id), PASSAGE).data()
    assert shown == quoted(excerpt(changed.exact, EXCERPT))
    assert len(asked) == before


def test_rows_not_readable_are_not_asked_for_at_every_paint(open_project, tmp_path, qapp):
    # A shared project offline gives nothing (and would try to connect at each ask):
    # the list shows those rows without their quote until it is filled again.
    project = flood_project(tmp_path, open_project)
    doc_id = project.documents()[0].id
    made = project.add_annotation(doc_id, 0, 6, [tag_id(project, "Fear")])
    offline = True
    asked: list[int] = []

    def records(marks) -> list[Annotation]:
        asked.append(len(marks))
        return [] if offline else project.annotations_by_ids([m.id for m in marks])

    model = AnnotationListModel()
    model.records = records
    model.tags = {t.id: t for t in project.tags()}
    model.set_annotations(project.annotation_marks(doc_id), ordered=True)
    assert model.index(0, PASSAGE).data() == ""
    assert model.index(0, PASSAGE).data() == "" and model.annotation(0) is None
    assert asked == [1]  # asked once, not at every paint
    assert model.index(0, TAGS).data() == "Fear"  # what the mark has is shown all along
    offline = False
    model.set_annotations(project.annotation_marks(doc_id), ordered=True)  # read again
    assert model.index(0, PASSAGE).data() == quoted(excerpt(made.exact, EXCERPT))
    assert asked == [1, 1]


def test_a_project_that_cannot_be_read_now_is_said_not_raised(qapp):
    # A shared project offline: asking for a whole record says why in the status bar
    # (the session's ``failed``) instead of raising in a slot, and a change to an
    # annotation is still tried (so its own failure is said, and nothing typed is lost).
    from reader.store.errors import ProjectError
    from reader.ui.session import DocumentSession

    class Offline:
        path = "offline"

        def annotation(self, annotation_id):
            raise ProjectError("The connection to team was lost.")

        def annotations_by_ids(self, ids):
            raise ProjectError("The connection to team was lost.")

    session = DocumentSession(Offline())
    said: list[str] = []
    session.failed.connect(said.append)
    assert session.annotation("a1") is None
    assert said == ["That annotation cannot be read now: The connection to team was lost."]
    assert session.has_annotation("a1")
    mark = AnnotationMark("a1", 1, 0, 5, None, 0, "", "", "")
    assert session.records([mark]) == []
