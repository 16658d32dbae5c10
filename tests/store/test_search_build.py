"""Building the search index in bulk finds exactly what indexing document by document
finds: documents read straight from their stored structure, corrected documents,
notes and tags alike; a build that is stopped keeps what it indexed."""

from __future__ import annotations

import pytest

from reader.core.corrections import CorrectionKind, make_correction
from reader.store import search_index
from reader.store.project import Project
from tests.benchmarks.synthetic import make_corpus

QUERIES = (
    "ceasefire", '"humanitarian crisis"', "minist*", "shelling in:comments", "ceasefire OR talks",
    "winter tag:Claims", "supplies in:notes", "ministry NOT talks", "in:article the",
)  # fmt: skip


@pytest.fixture
def project(tmp_path, seeds):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(make_corpus(30, seed=3)):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "backups") as p:
        p.import_files([folder, *seeds])
        tag = p.add_tag("Claims")
        summaries = p.documents()
        for s in summaries[::4]:
            doc = p.load(s.id)
            block = doc.article_blocks[-1]
            p.add_annotation(s.id, block.start, block.end, [tag.id], note="winter supplies")
        for s in summaries[1::6]:  # corrected: indexed as corrected, not as parsed
            doc = p.load(s.id)
            if doc.comments:
                where = doc.comments[0].start
                p.add_correction(s.id, make_correction(doc, CorrectionKind.BOILERPLATE, where))
        yield p


def _results(p: Project) -> dict[str, list]:
    return {q: p.search(q, limit=None) for q in QUERIES}


def _automerge(p: Project) -> int | None:
    row = p._conn.execute("SELECT v FROM search_fts_config WHERE k = 'automerge'").fetchone()
    return None if row is None else row[0]


def test_a_bulk_build_finds_what_document_by_document_indexing_finds(project, monkeypatch):
    # Document by document: every document loaded as a Document, small transactions.
    with monkeypatch.context() as m:
        m.setattr(search_index, "_stored_shape", lambda text, structure: None)
        m.setattr(search_index, "_PER_TRANSACTION", 1)
        m.setattr(search_index, "_BATCH", 1)
        search_index.rebuild(project._conn, project.load)
    expected = _results(project)
    assert all(expected[q] for q in QUERIES)  # every query finds something
    assert any(h.part == "note" for h in expected["supplies in:notes"])
    # In bulk: stored structures read directly, automerge off, one optimize.
    monkeypatch.setattr(search_index, "_BUILD", 10)
    search_index.rebuild(project._conn, project.load)
    assert _results(project) == expected
    assert _automerge(project) == search_index._AUTOMERGE  # the default merging is back


def test_a_stopped_build_keeps_what_it_indexed_and_the_next_finishes(project, monkeypatch):
    expected = _results(project)
    monkeypatch.setattr(search_index, "_BATCH", 3)
    monkeypatch.setattr(search_index, "_PER_TRANSACTION", 2)
    monkeypatch.setattr(search_index, "_BUILD", 10)
    conn = project._conn
    conn.execute("UPDATE search_state SET text_hash = NULL")
    total = len(search_index.stale_documents(conn))
    calls = []

    def stop_at_second(done: int, of: int) -> bool:
        calls.append((done, of))
        return len(calls) < 2

    assert project.refresh_search_index(progress=stop_at_second) == 6
    assert calls == [(0, total), (6, total)]
    assert len(search_index.stale_documents(conn)) == total - 6
    assert _automerge(project) == search_index._AUTOMERGE
    calls.clear()
    assert project.refresh_search_index(progress=lambda d, t: calls.append((d, t)) or True)
    assert calls[0] == (0, total - 6) and calls[-1] == (total - 6, total - 6)
    assert _results(project) == expected
