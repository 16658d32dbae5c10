"""Structure corrections kept in the project file: stored, replayed, undone, carried
through a re-import, and annotations staying on their passages meanwhile."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.app import main
from reader.core.corrections import CorrectionKind, make_correction
from reader.core.model import BlockKind, Document
from reader.store.project import Project
from reader.store.schema import SCHEMA_VERSION
from tests.store.conftest import sqlite_only

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
K = CorrectionKind


@pytest.fixture
def copied(tmp_path) -> dict[str, Path]:
    """The seeds copied where a test may rewrite them (a re-import reads them again)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    out = {}
    for seed in sorted(SEEDS.glob("*.txt")):
        out[seed.name[:3]] = Path(shutil.copy(seed, folder / seed.name))
    return out


def _open(tmp_path: Path) -> Project:
    return Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "backups")


def _doc_id(project: Project, path: Path) -> int:
    wanted = str(path.resolve())
    return next(s.id for s in project.documents() if s.source_path == wanted)


def _comment(doc: Document, words: str):
    return next(c for c in doc.comments if c.text.startswith(words))


def _shape(doc: Document) -> tuple:
    """What the reader sees of the structure: block kinds and spans, the thread."""
    labels = {c.id: c.text[:20] for c in doc.comments}
    return (
        tuple((b.kind, b.start, b.end) for b in doc.blocks),
        tuple((c.text[:20], labels.get(c.parent) if c.parent else None) for c in doc.comments),
    )


def _corrections_for(doc: Document) -> dict[CorrectionKind, list]:
    """One correction of each kind (with any it needs first), made on seed 000 or 001."""
    t = doc.text
    split_at = t.index("Therefore, if Pashinyan")
    reply = _comment(doc, "Your comment hasn’t aged well")
    parent = _comment(doc, "As usual, Russia")
    return {
        K.COMMENTS_START: [make_correction(doc, K.COMMENTS_START, t.index("This is a developing"))],
        K.STILL_ARTICLE: [make_correction(doc, K.STILL_ARTICLE, doc.comments[0].start)],
        K.SPLIT_COMMENT: [make_correction(doc, K.SPLIT_COMMENT, split_at)],
        K.MERGE_COMMENT: [
            make_correction(doc, K.MERGE_COMMENT, _comment(doc, "It is better for them").start)
        ],
        K.REPARENT: [make_correction(doc, K.REPARENT, reply.start, parent.start)],
        K.BOILERPLATE: [make_correction(doc, K.BOILERPLATE, t.index("This is a developing"))],
        K.NOT_BOILERPLATE: [
            make_correction(doc, K.BOILERPLATE, t.index("This is a developing")),
            make_correction(doc, K.NOT_BOILERPLATE, t.index("This is a developing")),
        ],
    }


@sqlite_only  # SQLite's schema
def test_a_new_project_has_the_corrections_table(open_project, tmp_path):
    with open_project() as p:
        assert p._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = [r[1] for r in p._conn.execute("PRAGMA table_info(corrections)")]
    assert columns == [
        "id", "document_id", "position", "kind", "offset", "quote", "prefix", "target",
        "target_quote", "target_prefix", "created", "coder",
    ]  # fmt: skip


@pytest.mark.parametrize("kind", list(CorrectionKind))
def test_each_kind_is_stored_and_replayed_after_reopening(open_project, tmp_path, copied, kind):
    with open_project() as p:
        p.import_files([copied["000"]])
        doc_id = _doc_id(p, copied["000"])
        parsed = p.load(doc_id)
        wanted = _corrections_for(parsed)[kind]
        for c in wanted:
            p.add_correction(doc_id, c)
        shown = p.load(doc_id)
        assert _shape(shown) != _shape(parsed) or kind is K.NOT_BOILERPLATE
        assert p.summary(doc_id).comment_count == len(shown.comments)
    with open_project() as again:
        assert [r.correction for r in again.corrections(doc_id)] == wanted
        assert _shape(again.load(doc_id)) == _shape(shown)
        assert _shape(again.parsed(doc_id)) == _shape(parsed)


def test_what_each_kind_does_to_the_thread(open_project, tmp_path, copied):
    with open_project() as p:
        p.import_files([copied["000"]])
        doc_id = _doc_id(p, copied["000"])
        parsed = p.load(doc_id)
        made = _corrections_for(parsed)
        n = len(parsed.comments)

        def after(kind):
            records = [p.add_correction(doc_id, c) for c in made[kind]]
            doc = p.load(doc_id)
            for r in reversed(records):
                p.remove_correction(r)
            assert _shape(p.load(doc_id)) == _shape(parsed)
            return doc

        assert after(K.COMMENTS_START).comments[0].text.startswith("This is a developing")
        assert len(after(K.STILL_ARTICLE).comments) == n - 1
        split = after(K.SPLIT_COMMENT)
        assert len(split.comments) == n + 1
        assert _comment(split, "Therefore, if Pashinyan")
        assert len(after(K.MERGE_COMMENT).comments) == n - 1
        moved = after(K.REPARENT)
        reply = _comment(moved, "Your comment hasn’t aged well")
        assert reply.parent == _comment(moved, "As usual, Russia").id
        boiler = after(K.BOILERPLATE)
        at = parsed.text.index("This is a developing")
        assert boiler.blocks[boiler.block_at(at)].kind is BlockKind.BOILERPLATE
        back = after(K.NOT_BOILERPLATE)
        assert back.blocks[back.block_at(at)].kind is BlockKind.PARAGRAPH


def test_corrections_are_replayed_in_the_order_they_were_made(open_project, tmp_path, copied):
    with open_project() as p:
        p.import_files([copied["000"]])
        doc_id = _doc_id(p, copied["000"])
        doc = p.load(doc_id)
        at = doc.text.index("This is a developing")
        first = p.add_correction(doc_id, make_correction(doc, K.BOILERPLATE, at))
        second = p.add_correction(doc_id, make_correction(doc, K.NOT_BOILERPLATE, at))
        assert (first.position, second.position) == (0, 1)
        shown = p.load(doc_id)
        assert shown.blocks[shown.block_at(at)].kind is BlockKind.PARAGRAPH
        assert [r.id for r in p.corrections(doc_id)] == [first.id, second.id]


def test_undo_records_give_back_exactly_what_was_there(open_project, tmp_path, copied):
    with open_project() as p:
        p.import_files([copied["000"]])
        doc_id = _doc_id(p, copied["000"])
        parsed = p.load(doc_id)
        made = [c for cs in _corrections_for(parsed).values() for c in cs][3:6]
        records = [p.add_correction(doc_id, c) for c in made]
        corrected = _shape(p.load(doc_id))
        assert p.corrections(doc_id) == records

        p.remove_correction(records[-1])
        assert p.corrections(doc_id) == records[:-1]
        with pytest.raises(KeyError):
            p.remove_correction(records[-1])
        records[-1] = p.add_correction(doc_id, made[-1])  # redo
        assert _shape(p.load(doc_id)) == corrected

        removed = p.reset_corrections(doc_id)
        assert removed == records
        assert p.corrections(doc_id) == []
        assert _shape(p.load(doc_id)) == _shape(parsed)
        p.restore_corrections(doc_id, removed)
        assert p.corrections(doc_id) == records
        assert _shape(p.load(doc_id)) == corrected
        with pytest.raises(KeyError):
            p.add_correction(doc_id + 99, made[0])


def test_a_second_instance_sees_the_corrections_of_the_first(open_project, tmp_path, copied):
    with open_project() as p, open_project() as other:
        p.import_files([copied["001"]])
        doc_id = _doc_id(p, copied["001"])
        before = other.load(doc_id)
        first = before.comments[0]
        p.add_correction(doc_id, make_correction(before, K.BOILERPLATE, first.start))
        assert len(other.load(doc_id).comments) == len(before.comments) - 1


def _shift(path: Path, extra: str) -> None:
    path.write_text(extra + path.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_reimport_with_the_text_shifted_reapplies_the_corrections(open_project, tmp_path, copied):
    with open_project() as p:
        p.import_files([copied["000"]])
        doc_id = _doc_id(p, copied["000"])
        parsed = p.load(doc_id)
        made = _corrections_for(parsed)
        for kind in (K.REPARENT, K.MERGE_COMMENT, K.SPLIT_COMMENT):
            for c in made[kind]:
                p.add_correction(doc_id, c)
        before = p.load(doc_id)
        _shift(copied["000"], "Update: a paragraph was added at the very top of the page.\n\n")
        [outcome] = p.import_files([copied["000"]])
        assert (outcome.status, outcome.corrections_dropped) == ("updated", 0)
        after = p.load(doc_id)
        assert len(after.comments) == len(before.comments)
        assert [c.text for c in after.comments] == [c.text for c in before.comments]
        reply = _comment(after, "Your comment hasn’t aged well")
        assert reply.parent == _comment(after, "As usual, Russia").id
        words = "Therefore, if Pashinyan"
        shift = after.text.index(words) - before.text.index(words)
        assert shift > 0
        assert [r.correction.offset for r in p.corrections(doc_id)] == [
            c.offset + shift for k in (K.REPARENT, K.MERGE_COMMENT, K.SPLIT_COMMENT)
            for c in made[k]
        ]  # fmt: skip
        assert p.summary(doc_id).comment_count == len(after.comments)


@sqlite_only  # the command line on a file
def test_a_correction_whose_words_vanished_is_dropped_and_counted(
    open_project, tmp_path, copied, capsys
):
    with open_project() as p:
        p.import_files([copied["000"]])
        doc_id = _doc_id(p, copied["000"])
        doc = p.load(doc_id)
        gone = _comment(doc, "Destroying Azerbaijan’s oil pipelines")
        kept = _comment(doc, "Your comment hasn’t aged well")
        p.add_correction(doc_id, make_correction(doc, K.MERGE_COMMENT, gone.start))
        p.add_correction(doc_id, make_correction(doc, K.BOILERPLATE, kept.start))
    text = copied["000"].read_text(encoding="utf-8")
    copied["000"].write_text(
        text.replace(gone.text, "A different comment entirely, about the weather."),
        encoding="utf-8",
    )
    assert main(["import", str(tmp_path / "p.reader"), str(copied["000"])]) == 0
    out = capsys.readouterr().out
    assert "1 correction could not be re-applied" in out
    with open_project() as p:
        [left] = p.corrections(doc_id)
        assert left.correction.kind is K.BOILERPLATE
        assert not any(c.text.startswith("Your comment hasn’t") for c in p.load(doc_id).comments)


def test_a_reimport_that_loses_nothing_says_nothing_of_corrections(
    open_project, tmp_path, copied, capsys
):
    with open_project() as p:
        p.import_files([copied["001"]])
        doc_id = _doc_id(p, copied["001"])
        doc = p.load(doc_id)
        p.add_correction(doc_id, make_correction(doc, K.BOILERPLATE, doc.comments[0].start))
    _shift(copied["001"], "Hello.\n\n")
    assert main(["import", str(tmp_path / "p.reader"), str(copied["001"])]) == 0
    assert "correction" not in capsys.readouterr().out


def test_annotations_stay_on_their_passage_and_follow_the_comment(open_project, tmp_path, copied):
    with open_project() as p:
        p.import_files([copied["001"]])
        doc_id = _doc_id(p, copied["001"])
        doc = p.load(doc_id)
        whole = _comment(doc, "I am not surprised")
        words = "The worst thing about these kind of comments"
        start = doc.text.index(words)
        tail = p.add_annotation(doc_id, start, start + len(words), note="tail")
        head_at = whole.start + whole.text.index("I am not surprised")
        head = p.add_annotation(doc_id, head_at, head_at + 18, note="head")
        article = p.add_annotation(doc_id, 10, 30, note="article")
        assert tail.comment_id == head.comment_id == whole.id

        split = p.add_correction(doc_id, make_correction(doc, K.SPLIT_COMMENT, start))
        shown = p.load(doc_id)
        second = _comment(shown, "The worst thing")
        first = _comment(shown, "I am not surprised")
        found = {a.note: a for a in p.annotations(doc_id)}
        assert (found["tail"].start, found["tail"].end) == (tail.start, tail.end)
        assert found["tail"].comment_id == second.id
        assert found["head"].comment_id == first.id
        assert found["article"] == article
        assert shown.text[found["tail"].start : found["tail"].end] == words

        merge = p.add_correction(doc_id, make_correction(shown, K.MERGE_COMMENT, second.start))
        merged = _comment(p.load(doc_id), "I am not surprised")
        assert {a.comment_id for a in p.annotations(doc_id) if a.note != "article"} == {merged.id}

        p.remove_correction(merge)
        p.remove_correction(split)
        found = {a.note: a for a in p.annotations(doc_id)}
        assert found["tail"].comment_id == found["head"].comment_id == whole.id
        assert (found["tail"].start, found["tail"].end) == (tail.start, tail.end)

        # A comment made article text: its passages belong to the article, and back.
        moved = p.add_correction(doc_id, make_correction(doc, K.STILL_ARTICLE, whole.start))
        assert p.annotation(tail.id).comment_id is None
        p.remove_correction(moved)
        assert p.annotation(tail.id).comment_id == whole.id


def test_a_reimport_reanchors_annotations_in_the_corrected_thread(open_project, tmp_path, copied):
    with open_project() as p:
        p.import_files([copied["001"]])
        doc_id = _doc_id(p, copied["001"])
        doc = p.load(doc_id)
        words = "The worst thing about these kind of comments"
        start = doc.text.index(words)
        p.add_correction(doc_id, make_correction(doc, K.SPLIT_COMMENT, start))
        a = p.add_annotation(doc_id, start, start + len(words), note="tail")
        _shift(copied["001"], "An editor's note was added.\n\n")
        [outcome] = p.import_files([copied["001"]])
        assert (outcome.moved, outcome.orphaned, outcome.corrections_dropped) == (1, 0, 0)
        shown = p.load(doc_id)
        now = p.annotation(a.id)
        assert shown.text[now.start : now.end] == words
        assert now.comment_id == _comment(shown, "The worst thing").id


def test_the_word_index_reads_the_corrected_thread(open_project, tmp_path, copied):
    with open_project() as p:
        p.import_files([copied["001"]])
        doc_id = _doc_id(p, copied["001"])
        doc = p.load(doc_id)
        words = "The worst thing about these kind of comments"
        p.refresh_search_index()
        p.add_correction(doc_id, make_correction(doc, K.SPLIT_COMMENT, doc.text.index(words)))
        assert p.refresh_search_index() == 1
        second = _comment(p.load(doc_id), "The worst thing")
        hits = p.search('"worst thing about these"')
        assert [h.comment_id for h in hits] == [second.id]


@sqlite_only  # an old file migrated
def test_an_older_project_gains_the_table_and_keeps_its_documents(open_project, tmp_path, copied):
    path = tmp_path / "p.reader"
    with open_project() as p:
        p.import_files([copied["000"]])
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE corrections")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    with open_project() as p:
        doc_id = _doc_id(p, copied["000"])
        assert p.corrections(doc_id) == []
        doc = p.load(doc_id)
        p.add_correction(doc_id, make_correction(doc, K.BOILERPLATE, doc.comments[0].start))
        assert len(p.load(doc_id).comments) == len(doc.comments) - 1


def test_undoing_after_a_reimport_gives_back_the_moved_correction(open_project, tmp_path, copied):
    with open_project() as p:
        p.import_files([copied["000"]])
        doc_id = _doc_id(p, copied["000"])
        doc = p.load(doc_id)
        tail = _comment(doc, "It is better for them")
        record = p.add_correction(doc_id, make_correction(doc, K.MERGE_COMMENT, tail.start))
        merged = _shape(p.load(doc_id))
        _shift(copied["000"], "Update: the page gained a line.\n\n")
        p.import_files([copied["000"]])
        moved = _shape(p.load(doc_id))
        removed = p.remove_correction(record)  # undo, with the record from before
        assert removed.id == record.id and removed.correction.offset > record.correction.offset
        p.restore_corrections(doc_id, [removed])  # redo
        assert _shape(p.load(doc_id)) == moved != merged
