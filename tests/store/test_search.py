"""Corpus search: the index follows every change, the query language, hits' places."""

from __future__ import annotations

import json

import pytest

from reader.app import main
from reader.store.project import Project
from reader.store.search import (
    SearchError,
    find_in_document,
    parse_query,
    snippet,
)
from tests.store.conftest import sqlite_only

ARTICLE = """Ceasefire holds in the Lachin corridor

The ceasefire agreement was signed on Monday after long talks in Moscow, officials said.

The humanitarian convoy reached Stepanakert with medicine and fuel; casualty figures rose to 220.

Residents of Goris described the shelling as the worst since 2016.

3 Comments

  1. The ceasefire will not hold, the drones are still flying over Lāchin every night.

  2. Negotiations in Moscow were a farce
    and everybody knew it.

    • I disagree: the negotiators achieved a ceasefire that saves lives.

Leave a Reply
"""

OTHER = """Budget talks stall in parliament

Parliament adjourned without a vote on the budget, the opposition said.

Ministers promised new talks next week.
"""


@pytest.fixture
def corpus(project, tmp_path):
    """The two texts in a project of each engine (``conftest.project``)."""
    a = tmp_path / "lachin.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    b = tmp_path / "budget.txt"
    b.write_text(OTHER, encoding="utf-8")
    outcomes = project.import_files([a, b])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    return project


def _doc(project, name):
    return next(s.id for s in project.documents() if s.source_path.endswith(name))


def _texts(project, hits):
    return [project.load(h.document_id).text[h.start : h.end] for h in hits]


# ---- places and parts --------------------------------------------------------------------


def test_a_word_is_found_in_article_and_comments_with_its_place(corpus):
    hits = corpus.search("ceasefire")
    assert [h.part for h in hits] == ["article", "article", "comment", "comment"]
    assert all(t.lower() == "ceasefire" for t in _texts(corpus, hits))
    doc = corpus.load(hits[0].document_id)
    assert hits[2].comment_id == doc.comments[0].id
    assert hits[3].comment_id == doc.comments[2].id
    assert hits[0].title == "Ceasefire holds in the Lachin corridor"
    assert hits[0].source_path.endswith("lachin.txt")


def test_case_and_accents_are_ignored(corpus):
    hits = corpus.search("LACHIN")
    assert [t for t in _texts(corpus, hits)] == ["Lachin", "Lāchin"]


def test_a_phrase_across_a_comment_line_break_maps_to_document_offsets(corpus):
    [hit] = corpus.search('"farce and everybody"')
    doc = corpus.load(hit.document_id)
    assert hit.part == "comment"
    ((s, e),) = hit.matches
    assert doc.text[s:e].split() == ["farce", "and", "everybody"]


def test_snippet_marks_the_match(corpus):
    [hit] = corpus.search("Stepanakert")
    assert hit.snippet[slice(*hit.snippet_marks[0])] == "Stepanakert"
    assert "**Stepanakert**" in hit.marked_snippet()


def test_snippet_of_a_long_text_is_cut_at_words():
    text = " ".join(f"word{i}" for i in range(200))
    at = text.index("word100")
    short, marks = snippet(text, [(at, at + 7)])
    assert short.startswith("…") and short.endswith("…")
    assert short[slice(*marks[0])] == "word100"
    assert len(short) <= 170


# ---- the query language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"talks in Moscow"', ["talks in Moscow"]),
        ("negotiat*", ["Negotiations", "negotiators"]),
        ("ceasefire AND drones", ["ceasefire"]),
        ("drones ceasefire", ["ceasefire"]),
        ("ceasefire NOT drones", ["Ceasefire", "ceasefire", "ceasefire"]),
        ("ceasefire -drones", ["Ceasefire", "ceasefire", "ceasefire"]),
        ("medicine OR parliament", ["medicine", "parliament", "Parliament"]),
        ("(medicine OR budget) AND fuel", ["medicine"]),
        ('"casualty fig"*', ["casualty figures"]),
    ],
)
def test_query_syntax(corpus, query, expected):
    assert _texts(corpus, corpus.search(query)) == expected


def test_operators_are_uppercase_only(corpus):
    # lowercase 'or' is a word like any other: no text holds ceasefire, or and budget
    assert corpus.search("ceasefire or budget") == []


@pytest.mark.parametrize(
    ("query", "part"),
    [
        ("ceasefire in:article", {"article"}),
        ("ceasefire in:comments", {"comment"}),
        ("ceasefire in:comment in:article", {"article", "comment"}),
    ],
)
def test_part_filters(corpus, query, part):
    hits = corpus.search(query)
    assert hits and {h.part for h in hits} == part


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"ceasefire', "quotation mark"),
        ("(ceasefire OR drones", "not closed"),
        ("ceasefire)", "no opening"),
        ("ceasefire OR", "both sides"),
        ("AND ceasefire", "both sides"),
        ("NOT drones", "not only words to leave out"),
        ("-drones", "not only words to leave out"),
        ("ceasefire OR NOT drones", "NOT"),
        ("()", "nothing between"),
        ("", "Type words"),
        ("in:comments", "filters alone"),
        ("ceasefire in:footnotes", "in:article"),
        ("ceasefire tag:", "needs something"),
        ("*", "after the beginning"),
        ('"…"', "no letters or digits"),
        ("ceasefire tag:nosuchtag", "no tag named"),
    ],
)
def test_bad_queries_say_what_is_wrong(corpus, query, says):
    with pytest.raises(SearchError, match=says):
        corpus.search(query)


def test_no_fts_syntax_gets_through():
    # FTS5 column filters, NEAR and carets are words here, quoted
    fts = parse_query("body:x NEAR(a b) ^c").fts()
    assert fts == '("body:x" AND "NEAR" AND ("a" AND "b") AND "^c")'


# ---- notes and tags ------------------------------------------------------------------------


def test_notes_are_found_and_follow_edits(corpus):
    doc_id = _doc(corpus, "lachin.txt")
    text = corpus.load(doc_id).text
    at = text.index("casualty figures")
    a = corpus.add_annotation(doc_id, at, at + len("casualty figures"), note="check the Ombudsman")
    [hit] = corpus.search("ombudsman")
    assert (hit.part, hit.annotation_id, hit.start, hit.end) == ("note", a.id, a.start, a.end)
    assert hit.matches == ((10, 19),)
    corpus.set_note(a.id, "numbers from the ministry")
    assert corpus.search("ombudsman") == []
    assert [h.annotation_id for h in corpus.search("ministry in:notes")] == [a.id]
    corpus.delete_annotation(a.id)
    assert corpus.search("ministry in:notes") == []


def test_tag_filter_keeps_hits_inside_tagged_passages(corpus):
    doc_id = _doc(corpus, "lachin.txt")
    doc = corpus.load(doc_id)
    parent = corpus.add_tag("Claims")
    child = corpus.add_tag("Casualty figure", parent=parent.id)
    comment = doc.comments[0]
    corpus.add_annotation(doc_id, comment.start, comment.end, [child.id])
    hits = corpus.search("ceasefire tag:claims")  # a tag takes its descendants along
    assert [(h.part, h.comment_id) for h in hits] == [("comment", comment.id)]
    assert corpus.search('ceasefire tag:"casualty figure"') == hits
    assert corpus.search("medicine tag:claims") == []


def test_index_follows_a_changed_file(corpus, tmp_path):
    assert corpus.search("Goris")
    (tmp_path / "lachin.txt").write_text(ARTICLE.replace("Goris", "Kapan"), encoding="utf-8")
    [outcome] = corpus.import_files([tmp_path / "lachin.txt"])
    assert outcome.status == "updated"
    assert corpus.search("Goris") == []
    assert _texts(corpus, corpus.search("Kapan")) == ["Kapan"]


@sqlite_only  # a file reopened by path, or SQLite's own index
def test_a_second_instance_sees_the_other_ones_imports(tmp_path, corpus):
    with Project.open(corpus.path, backup_dir=tmp_path / "b2") as other:
        assert _texts(other, other.search("Stepanakert")) == ["Stepanakert"]
        extra = tmp_path / "extra.txt"
        extra.write_text("Stepanakert again\n\nStepanakert under fire.\n", encoding="utf-8")
        other.import_files([extra])
    assert len(corpus.search("Stepanakert")) == 3


def test_limit_and_refresh_with_progress(corpus):
    assert len(corpus.search("ceasefire", limit=2)) == 2
    calls = []
    corpus.refresh_search_index(progress=lambda done, total: calls.append((done, total)) or True)
    assert calls == [(0, 0)]  # nothing was stale


def test_migration_indexes_an_existing_project(tmp_path, seeds):
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "b") as p:
        p.import_files(seeds)
        before = p.search("Pashinyan*", limit=None)
        conn = p._conn
        conn.execute("DELETE FROM search_fts")
        conn.execute("UPDATE search_state SET text_hash = NULL")
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "b") as p:
        assert p.search("Pashinyan*", limit=None) == before
        assert len(before) > 5


def test_find_in_document(corpus):
    doc = corpus.load(_doc(corpus, "lachin.txt"))
    found = find_in_document(doc, "FARCE and")
    assert len(found) == 1 and found[0].comment_id == doc.comments[1].id
    assert doc.text[found[0].start : found[0].end].split() == ["farce", "and"]
    assert len(find_in_document(doc, "ceasefire")) == 4
    assert find_in_document(doc, "  ") == ()


# ---- the command -------------------------------------------------------------------------


@sqlite_only  # a file reopened by path, or SQLite's own index
def test_reader_search_json(corpus, capsys):
    path = str(corpus.path)
    assert main(["search", path, "ceasefire in:comments", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["part"] for h in hits] == ["comment", "comment"]
    assert set(hits[0]) == {"document", "title", "part", "comment", "start", "end", "snippet"}
    assert hits[0]["document"].endswith("lachin.txt") and hits[0]["comment"]
    assert "**ceasefire**" in hits[0]["snippet"].lower()


@sqlite_only  # a file reopened by path, or SQLite's own index
def test_reader_search_text_and_errors(corpus, capsys, tmp_path):
    path = str(corpus.path)
    assert main(["search", path, "Stepanakert"]) == 0
    out = capsys.readouterr().out
    assert "lachin.txt" in out and "**Stepanakert**" in out
    assert main(["search", path, '"open']) == 2
    assert "quotation mark" in capsys.readouterr().err
    assert main(["search", str(tmp_path / "none.reader"), "x"]) == 2


def test_tag_filter_follows_tag_changes(corpus):
    doc_id = _doc(corpus, "lachin.txt")
    tag = corpus.add_tag("Claims")
    at = corpus.load(doc_id).text.index("humanitarian convoy")
    a = corpus.add_annotation(doc_id, at, at + 19, [tag.id])
    assert _texts(corpus, corpus.search("convoy tag:claims")) == ["convoy"]
    corpus.remove_tag_from_annotation(a.id, tag.id)
    assert corpus.search("convoy tag:claims") == []
    corpus.add_tag_to_annotation(a.id, tag.id)
    assert len(corpus.search("convoy tag:claims")) == 1
    # a word of the same block outside the passage is not inside it
    assert corpus.search("medicine tag:claims") == []


def test_author_and_part_filters_are_index_columns():
    from reader.store.search import match_expression

    q = parse_query('ceasefire in:comments author:"Ana P" author:pet*')
    assert match_expression(q) == (
        'body : ("ceasefire") AND part : ("comment") AND author : ("Ana P" OR "pet" *)'
    )


@sqlite_only  # a file reopened by path, or SQLite's own index
def test_an_index_of_another_shape_is_built_again(corpus):
    corpus._conn.execute("DROP TABLE search_fts")
    corpus._conn.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, part UNINDEXED)")
    assert _texts(corpus, corpus.search("Stepanakert")) == ["Stepanakert"]


def test_count_beside_a_limited_list(corpus):
    counted = corpus.search_count("ceasefire")
    assert (counted.parts, counted.documents) == (4, 1)
    assert corpus.search_count("talks").documents == 2
    with pytest.raises(SearchError):
        corpus.search_count('"open')


def test_every_match_points_at_its_word_in_synthetic_threads(tmp_path):
    """Comments made of several paragraphs and wrapped lines: each match's document
    offsets hold the word found (the comment-to-document mapping)."""
    import unicodedata

    from tests.benchmarks.synthetic import make_corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(make_corpus(12, seed=3)):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    with Project.open(tmp_path / "s.reader", backup_dir=tmp_path / "b") as p:
        p.import_files([folder])

        def fold(text):
            plain = unicodedata.normalize("NFKD", text.casefold())
            return "".join(c for c in plain if not unicodedata.combining(c))

        checked = 0
        for word in ("ceasefire", "refugees", "shelling", "winter", "government"):
            for hit in p.search(word, limit=None):
                text = p.load(hit.document_id).text
                for s, e in hit.matches:
                    assert fold(text[s:e]) == word, (hit, text[s:e])
                    checked += 1
                if hit.part == "comment":
                    comment = p.load(hit.document_id).comment(hit.comment_id)
                    assert comment.start <= hit.start < hit.end <= comment.end
        assert checked > 50


def test_find_in_document_names_the_comment_as_the_document_does(corpus):
    for summary in corpus.documents():
        doc = corpus.load(summary.id)
        for hit in find_in_document(doc, "e"):
            comment = doc.comment_at(hit.start)
            assert hit.comment_id == (comment.id if comment else None)
