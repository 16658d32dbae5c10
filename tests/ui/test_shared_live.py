"""Two windows on one shared project (PostgreSQL), as two coders on two machines: what A
tags appears in B's window without reopening anything, B's undo never touches A's work,
B cannot delete A's passage, and a lost connection is said and survived."""

from __future__ import annotations

import psycopg
import pytest

from reader.core.records import AnnotationMark
from reader.store.postgres.project import SharedProject
from tests.ui.annotating import article_highlights, select_in_article
from tests.ui.test_retrieval_ui import open_segments


@pytest.fixture
def team_windows(pg_server, pg_url, seeds, make_window):
    with SharedProject.open(pg_url, create=True) as owner:
        owner.import_files(seeds[:1])
        owner.add_tag("Claims")
    pg_server.create_login("ann", "reader_coder")
    pg_server.create_login("ben", "reader_coder")
    dbname = psycopg.conninfo.conninfo_to_dict(pg_url)["dbname"]
    ann = SharedProject.open(pg_server.url(dbname, "ann"))
    ben = SharedProject.open(pg_server.url(dbname, "ben"))
    a, b = make_window(ann), make_window(ben)
    yield a, b
    a.close()  # the windows go before their projects, as when the app quits
    b.close()
    ann.close()
    ben.close()


def _needle(window) -> str:
    return window.current_document().text.split("\n")[0][:30]


def test_a_passage_tagged_in_a_shows_in_b_and_stays_as(team_windows, qtbot):
    a, b = team_windows
    assert b.live.listening
    open_segments(b, qtbot)
    claims = a.session.project.tags()[0].id
    needle = _needle(a)
    select_in_article(a, needle)
    assert a.annotator.apply_tag(claims, a.passages.selected())
    [made] = a.session.project.annotations()
    assert made.coder == "ann"
    # B sees it in the annotations pane and in the article's highlights, unasked.
    qtbot.waitUntil(lambda: b.annotation_model.rowCount() == 1, timeout=10000)
    assert b.session.index.get(made.id) == AnnotationMark.of(made)  # what B paints
    assert b.annotation_model.annotation(0) == made  # and lists, quote and all
    qtbot.waitUntil(lambda: needle in article_highlights(b), timeout=10000)
    qtbot.waitUntil(lambda: b.segments_model.rowCount() == 1, timeout=10000)  # Coded Segments
    # B's undo is B's own: nothing to undo, and A's passage stays.
    assert b.session.undo_stack.count() == 0
    b.session.undo_stack.undo()
    assert b.session.project.annotation(made.id) == made
    # B cannot delete it: the command says why, and it is still there for both.
    failures = []
    b.session.failed.connect(failures.append)
    b.annotator.delete_annotations([made.id])
    assert failures and "coded by ann" in failures[0]
    assert a.session.project.annotation(made.id) == made
    # A's undo takes it away in B's window too.
    a.session.undo_stack.undo()
    qtbot.waitUntil(lambda: b.annotation_model.rowCount() == 0, timeout=10000)
    assert needle not in article_highlights(b)


def test_a_lost_connection_is_said_and_reading_goes_on(team_windows, pg_server, qtbot):
    a, b = team_windows
    pid = b.session.project._conn.raw.info.backend_pid
    listener_pid = b.live._listener._conn.info.backend_pid
    with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        admin.execute("SELECT pg_terminate_backend(%s)", (listener_pid,))
    b.live._timer.setInterval(100)
    # Connected again by itself (the server is up), having said it was lost meanwhile.
    said = []
    b.live.state_changed.connect(said.append)
    qtbot.waitUntil(lambda: len(said) >= 2 and said[-1] == "", timeout=20000)
    assert "lost" in said[0]
    assert b.live.listening and not b.live_label.isVisible()
    # …and it hears A again.
    select_in_article(a, _needle(a))
    a.annotator.apply_tag(a.session.project.tags()[0].id, a.passages.selected())
    qtbot.waitUntil(lambda: b.annotation_model.rowCount() == 1, timeout=10000)


def test_a_codebook_change_by_the_owner_shows_in_the_coders_windows(team_windows, pg_url, qtbot):
    a, b = team_windows
    with SharedProject.open(pg_url) as owner:
        tag = owner.tags()[0]
        owner.rename_tag(tag.id, "Claims made")
        owner.add_tag("Sources")

    def names(window) -> set[str]:
        return {t.name for t in window.annotator.tags().values()}

    qtbot.waitUntil(lambda: names(a) == names(b) == {"Claims made", "Sources"}, timeout=10000)
    assert b.codebook_model.rowCount() == 2


def test_documents_the_owner_imports_show_in_the_coders_sidebars(
    team_windows, pg_url, seeds, qtbot
):
    a, b = team_windows
    reading = b.session.document_id
    # A has narrowed the list to documents with a word only a coming one has.
    a.sidebar.filter_edit.setText("offenses")
    qtbot.waitUntil(lambda: a.document_model.rowCount() == 0)
    with SharedProject.open(pg_url) as owner:
        owner.import_files(seeds[1:3])
        titles = {d.title for d in owner.documents()}
        [offenses] = [d.title for d in owner.documents() if "offenses" in owner.load(d.id).text]
    assert len(titles) == 3

    def listed(window) -> set[str]:
        model = window.document_model
        return {model.summary(model.document_id(r)).title for r in range(model.rowCount())}

    # Both coders' sidebars list them, unasked; B goes on reading where B was, A's
    # filter still holds.
    qtbot.waitUntil(lambda: listed(b) == titles, timeout=20000)
    qtbot.waitUntil(lambda: listed(a) == {offenses}, timeout=20000)
    assert a.document_model.total() == 3 and a.sidebar.filter_edit.text() == "offenses"
    assert b.session.document_id == reading
    assert b.sidebar.current_document() == reading
    assert "2 documents added" in b.statusBar().currentMessage()
    # …and a new one opens there like any other.
    new = next(d.id for d in b.session.project.documents() if d.id != reading)
    assert b.open_document(new)
    assert b.current_document().text


def test_a_connection_lost_while_a_tag_is_written_is_said_once_and_saves_nothing(
    team_windows, pg_server, qtbot, monkeypatch
):
    from reader.store import annotations

    a, b = team_windows
    project = a.session.project
    claims = project.tags()[0].id
    insert = annotations.insert

    def cut_then_insert(conn, record):
        pg_server.terminate(project._conn.raw.info.backend_pid)  # mid-transaction
        return insert(conn, record)

    monkeypatch.setattr(annotations, "insert", cut_then_insert)
    said = []
    a.session.failed.connect(said.append)
    select_in_article(a, _needle(a))
    a.annotator.apply_tag(claims, a.passages.selected())
    monkeypatch.setattr(annotations, "insert", insert)
    # One sentence in the status bar; the passage is not shown as if it were saved, and
    # there is nothing to undo.
    assert len(said) == 1 and "lost" in said[0] and "not saved" in said[0]
    assert a.statusBar().currentMessage() == said[0]
    assert a.annotation_model.rowCount() == 0 and not a.session.undo_stack.canUndo()
    # Nothing reached the project, for A (connected again) or for B.
    assert project.annotations() == [] and b.session.project.annotations() == []
    # Once the connection is back, the same tag is saved whole.
    a.live._timer.setInterval(100)
    qtbot.waitUntil(project.ping, timeout=20000)
    assert a.annotator.apply_tag(claims, a.passages.selected())
    [made] = project.annotations()
    assert made.tags == (claims,)
    qtbot.waitUntil(lambda: b.annotation_model.rowCount() == 1, timeout=10000)


def test_a_change_that_arrives_while_the_connection_is_checked_is_shown(
    team_windows, pg_url, qtbot
):
    import select

    a, b = team_windows
    listener = b.live._listener
    with SharedProject.open(pg_url) as owner:  # committed without B's loop running
        owner.add_tag("Sources")
    # The notification is in B's socket; the connection check reads it before the
    # window's notifier does (as when a check's round trip meets a change).
    assert select.select([listener.fileno()], [], [], 10)[0]
    assert listener.check()
    b.live._timer.setInterval(100)
    qtbot.waitUntil(lambda: b.codebook_model.rowCount() == 2, timeout=10000)
