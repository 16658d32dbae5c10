"""A shared project on PostgreSQL: what only it has (the store's API on it is tested by
the whole store suite, parametrised over both engines in ``conftest.py``): one schema
history, the command line, who may do what (through Reader and through plain SQL), a lost
connection."""

from __future__ import annotations

import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.app import main
from reader.core.corrections import CorrectionKind, make_correction
from reader.store import schema as sqlite_schema
from reader.store.errors import NewerSchemaError, NotAProjectError, ProjectError
from reader.store.postgres import is_shared_target
from reader.store.postgres import schema as pg_schema
from reader.store.postgres.dialect import UnsupportedStatement, translate
from reader.store.postgres.project import NotYoursError, OfflineError, SharedProject
from reader.store.project import Project


def test_one_schema_history_for_both_engines():
    # A migration appended for SQLite needs its PostgreSQL twin (postgres/schema.py).
    assert len(pg_schema.MIGRATIONS) == len(sqlite_schema.MIGRATIONS)
    assert pg_schema.SCHEMA_VERSION == sqlite_schema.SCHEMA_VERSION


def test_the_dialect_rewrites_what_differs_and_refuses_what_cannot_be():
    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE 'x%?'").sql == (
        "SELECT a FROM t WHERE b = %s AND c LIKE 'x%%?'"
    )
    assert translate("UPDATE tags SET p = 1 WHERE parent IS ?").sql.endswith(
        "parent IS NOT DISTINCT FROM %s"
    )
    upsert = translate("INSERT OR REPLACE INTO coders (name, first_seen) VALUES (?, ?)").sql
    assert upsert.endswith("ON CONFLICT (name) DO UPDATE SET first_seen = EXCLUDED.first_seen")
    assert translate("INSERT OR IGNORE INTO coders (name) VALUES (?)").sql.endswith(
        "ON CONFLICT DO NOTHING"
    )
    numbered = translate("INSERT INTO corrections (offset) VALUES (?)")
    assert numbered.returns_id and numbered.sql == (
        'INSERT INTO corrections ("offset") VALUES (%s) RETURNING id'
    )
    for sqlite_only in ("PRAGMA user_version", "SELECT rowid FROM f WHERE f MATCH ?"):
        with pytest.raises(UnsupportedStatement):
            translate(sqlite_only)


def test_a_database_is_told_from_a_file():
    for target in ("postgresql://ann@db.example/team", "postgres:///team", "service=team",
                   "host=db dbname=team sslmode=require"):  # fmt: skip
        assert is_shared_target(target)
    for target in ("team.reader", "/home/ann/postgresql/team.reader", "a=b.reader"):
        assert not is_shared_target(target)


def test_opening_needs_a_project_or_an_empty_database(pg_server, pg_url):
    with pytest.raises(NotAProjectError, match="reader shared init"):
        SharedProject.open(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (x int)")
    with pytest.raises(NotAProjectError, match="other tables"):
        SharedProject.open(pg_url, create=True)


def test_a_newer_project_is_refused_untouched(pg_url):
    SharedProject.open(pg_url, create=True).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE reader_meta SET value = '999' WHERE key = 'schema_version'")
        with pytest.raises(NewerSchemaError):
            SharedProject.open(pg_url)
        assert conn.execute("SELECT value FROM reader_meta WHERE key = 'schema_version'"
                            ).fetchone()[0] == "999"  # fmt: skip


def test_init_push_search_and_pull_on_the_command_line(pg_url, tmp_path, seeds, capsys):
    local = tmp_path / "mine.reader"
    with Project.open(local, coder="Ann") as p:
        p.import_files(seeds[:2])
        doc = p.documents()[0].id
        tag = p.add_tag("Claims")
        text = p.load(doc).text
        made = p.add_annotation(doc, 0, 20, [tag.id], note="first words", coder="Ann")
    assert main(["shared", "init", pg_url]) == 0
    assert main(["shared", "push", str(local), pg_url, "--coder", "Owner"]) == 0
    assert "2 added" in capsys.readouterr().out
    with SharedProject.open(pg_url) as shared:
        [there] = shared.annotations()
        assert (there.id, there.coder, there.note) == (made.id, "Ann", "first words")
        assert there.exact == text[0:20]
        assert [t.name for t in shared.tags()] == ["Claims"]
    assert main(["search", pg_url, "first words", "--json"]) == 0
    assert '"part": "note"' in capsys.readouterr().out
    copy = tmp_path / "copy.reader"
    assert main(["shared", "pull", pg_url, str(copy)]) == 0
    with Project.open(copy) as pulled:
        assert [(a.id, a.coder) for a in pulled.annotations()] == [(made.id, "Ann")]
        assert len(pulled.documents()) == 2
    assert main(["shared", "pull", pg_url, str(copy)]) == 2  # never over a file


# ---- who may do what -------------------------------------------------------------------------


@pytest.fixture
def team(pg_server, pg_url, seeds):
    """A shared project with one document and a tag, made by its owner; logins for the
    coders ann and ben and the reader rita."""
    with SharedProject.open(pg_url, create=True) as owner:
        owner.import_files(seeds[:1])
        owner.add_tag("Claims")
    pg_server.create_login("ann", "reader_coder")
    pg_server.create_login("ben", "reader_coder")
    pg_server.create_login("rita", "reader_reader")
    dbname = psycopg.conninfo.conninfo_to_dict(pg_url)["dbname"]
    return {who: pg_server.url(dbname, who) for who in ("ann", "ben", "rita")} | {"owner": pg_url}


def test_a_coder_writes_as_their_login_whatever_name_they_give(team):
    with SharedProject.open(team["ann"], coder="Someone Else") as ann:
        doc = ann.documents()[0].id
        made = ann.add_annotation(doc, 0, 10, [ann.tags()[0].id])
        assert made.coder == "ann" == ann.coder
        assert "ann" in [c.name for c in ann.coders()]


def test_ben_cannot_change_or_delete_anns_annotation_through_reader(team):
    with SharedProject.open(team["ann"]) as ann:
        doc = ann.documents()[0].id
        made = ann.add_annotation(doc, 0, 10, [ann.tags()[0].id], note="mine")
    with SharedProject.open(team["ben"]) as ben:
        for change in (
            lambda: ben.delete_annotation(made.id),
            lambda: ben.set_note(made.id, "ben was here"),
            lambda: ben.remove_tag_from_annotation(made.id, made.tags[0]),
        ):
            with pytest.raises(NotYoursError, match="coded by ann"):
                change()
        own = ben.add_annotation(doc, 5, 15)  # his own passage: all his
        ben.set_note(own.id, "ben's")
        ben.delete_annotation(own.id)
        with pytest.raises(ProjectError, match="may not"):
            ben.add_tag("Ben's own code")  # the codebook is the owner's
        assert ben.annotation(made.id) == made


def test_ben_cannot_change_or_delete_anns_annotation_in_plain_sql(team):
    with SharedProject.open(team["ann"]) as ann:
        doc = ann.documents()[0].id
        made = ann.add_annotation(doc, 0, 10, [ann.tags()[0].id], note="mine")
    with psycopg.connect(team["ben"], autocommit=True) as ben:
        assert ben.execute("DELETE FROM annotations WHERE id = %s", (made.id,)).rowcount == 0
        assert ben.execute("DELETE FROM annotation_tags").rowcount == 0
        assert ben.execute("UPDATE annotations SET note = 'x'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # not as ann, either
            ben.execute(
                "INSERT INTO annotations (id, document_id, span_start, span_end, exact,"
                " prefix, suffix, created, modified, coder) VALUES"
                " ('forged', %s, 0, 1, 'x', '', '', '', '', 'ann')",
                (doc,),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ben.execute("DELETE FROM tags")
    with SharedProject.open(team["owner"]) as owner:
        assert owner.annotation(made.id) == made
        assert len(owner.tags()) == 1


def test_a_refused_annotation_leaves_nothing_behind_and_the_next_one_is_saved(team):
    # A passage's transaction is sent at once: the refusal of its tag comes after its row.
    with SharedProject.open(team["ann"]) as ann:
        doc = ann.documents()[0].id
        with pytest.raises(KeyError):
            ann.add_annotation(doc, 0, 10, ["no-such-tag"], note="lost?", annotation_id="a1")
        with pytest.raises(KeyError):
            ann.annotation("a1")
        made = ann.add_annotation(doc, 0, 10, [ann.tags()[0].id], note="kept")
        ann.add_annotation(doc, 10, 20)
    with SharedProject.open(team["ben"]) as ben:
        assert [a.note for a in ben.annotations(doc)] == ["kept", ""]
        assert ben.annotation(made.id) == made


def test_a_coder_anchors_on_the_document_as_the_owner_last_corrected_it(team):
    with SharedProject.open(team["ann"]) as ann, SharedProject.open(team["owner"]) as owner:
        doc = ann.documents()[0].id
        before = ann.load(doc)
        ann.add_annotation(doc, 0, 10)
        first_comment = before.comments[0].start
        owner.add_correction(
            doc, make_correction(before, CorrectionKind.STILL_ARTICLE, first_comment)
        )
        assert ann.load(doc) == owner.load(doc) != before
        made = ann.add_annotation(doc, 0, 10)
        assert owner.annotation(made.id) == made


def test_a_reader_reads_and_searches_but_writes_nothing(team):
    with SharedProject.open(team["ann"]) as ann:
        doc = ann.documents()[0].id
        ann.add_annotation(doc, 0, 10, note="a findable note")
    with SharedProject.open(team["rita"]) as rita:
        assert len(rita.annotations()) == 1
        assert [h.part for h in rita.search("findable")] == ["note"]
        with pytest.raises(ProjectError):
            rita.add_annotation(doc, 0, 10)
    with (
        psycopg.connect(team["rita"], autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("DELETE FROM annotations")


def test_the_owner_manages_the_codebook_and_anyones_passages(team):
    with SharedProject.open(team["ann"]) as ann:
        made = ann.add_annotation(ann.documents()[0].id, 0, 10, [ann.tags()[0].id])
    with SharedProject.open(team["owner"]) as owner:
        owner.rename_tag(owner.tags()[0].id, "Claims made")
        deleted = owner.delete_annotation(made.id)
        owner.restore_annotation(deleted)
        assert owner.annotation(made.id).coder == "ann"


# ---- a lost connection -------------------------------------------------------------------


def test_a_lost_connection_refuses_changes_clearly_and_comes_back(pg_server, pg_url, seeds):
    with SharedProject.open(pg_url, create=True) as project:
        project.import_files(seeds[:1])
        doc = project.documents()[0].id
        pid = project._conn.raw.info.backend_pid
        with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(OfflineError, match="lost"):
            project.add_annotation(doc, 0, 10)
        assert project.annotations() == []  # connected again; nothing half-written
        project.add_annotation(doc, 0, 10)
        assert len(project.annotations()) == 1


def test_a_connection_lost_in_the_middle_of_a_write_is_said_once_and_saves_nothing(
    pg_server, pg_url, seeds, monkeypatch, caplog
):
    import logging

    from reader.store import annotations

    with SharedProject.open(pg_url, create=True) as project:
        project.import_files(seeds[:1])
        doc = project.documents()[0].id
        tag = project.add_tag("Claims")
        pid = project._conn.raw.info.backend_pid
        insert = annotations.insert

        def cut_then_insert(conn, record):
            # The transaction has begun in the pipeline when the server goes.
            pg_server.terminate(pid)
            return insert(conn, record)

        monkeypatch.setattr(annotations, "insert", cut_then_insert)
        caplog.set_level(logging.INFO)
        with pytest.raises(OfflineError) as refused:
            project.add_annotation(doc, 0, 10, [tag.id], note="half a thought")
        assert "lost" in str(refused.value) and "not saved" in str(refused.value)
        # One message, and nothing else said about it as a warning (psycopg's "error
        # ignored terminating <Pipeline [BAD]>" was one).
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
        monkeypatch.setattr(annotations, "insert", insert)
        # Nothing half-written: no passage, no tag link, no note; the next write is whole.
        assert project.annotations() == []
        assert project._conn.execute("SELECT count(*) FROM annotation_tags").fetchone() == (0,)
        made = project.add_annotation(doc, 0, 10, [tag.id], note="a whole thought")
        assert project.annotations() == [made] and made.tags == (tag.id,)


def test_matches_are_marked_as_the_index_reads_words():
    from reader.core.query import parse_query
    from reader.store.postgres.search import _terms, mark
    from reader.store.search_index import MARK_CLOSE, MARK_OPEN

    def marked(query: str, body: str) -> str:
        text = mark(body, _terms(parse_query(query).expression))
        return text.replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]")

    assert marked("lachin", "Over Lāčhin's hills, LACHIN.") == "Over [Lāčhin]'s hills, [LACHIN]."
    assert marked('"talks in moscow"', "The talks in\nMoscow ended.") == (
        "The [talks in\nMoscow] ended."
    )
    assert marked("negotiat*", "Negotiators negotiate; a negotiation.") == (
        "[Negotiators] [negotiate]; a [negotiation]."
    )
    assert marked("ceasefire NOT talks", "ceasefire talks") == "[ceasefire] talks"
    assert marked("fire", "ceasefire") == "ceasefire"  # words, not substrings


_WORDS = st.sampled_from(["ab", "abc", "b", "Ab", "ABC", "a_b", "1", "x9"])
_BETWEEN = st.sampled_from([" ", ", ", "\n", "-", "'", "__", "’", " “", "” "])


@given(
    body=st.lists(st.one_of(_WORDS, _BETWEEN)).map("".join),
    terms=st.lists(
        st.tuples(st.lists(_WORDS.map(str.lower), min_size=1, max_size=3).map(tuple),
                  st.booleans()),
        min_size=1, max_size=3,
    ),
)  # fmt: skip
def test_plain_text_is_marked_as_word_by_word_marking_would(body, terms):
    # Text whose words are ASCII is marked by a regular expression per term, the rest
    # word by word; both must find the same places.
    from reader.store.postgres.search import _ascii_spans, _word_spans

    assert sorted(_ascii_spans(body, terms)) == sorted(_word_spans(body, terms))
