from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from reader.core import parse
from reader.core.parse import parse_text
from reader.core.textio import read_text_file
from reader.store import backups
from reader.store.project import NewerSchemaError, NotAProjectError, Project, ProjectError
from reader.store.schema import SCHEMA_VERSION


def _open(tmp_path: Path, name: str = "p.reader") -> Project:
    return Project.open(tmp_path / name, backup_dir=tmp_path / "backups")


def test_importing_the_seeds_lists_each_with_its_parsed_title(project, seeds):
    outcomes = project.import_files(seeds)
    assert [o.status for o in outcomes] == ["imported"] * len(seeds)
    summaries = project.documents()
    assert [s.source_path for s in summaries] == [str(p.resolve()) for p in seeds]
    for path, s, o in zip(seeds, summaries, outcomes, strict=True):
        doc = parse_text(read_text_file(path).text)
        assert s.id == o.document_id
        assert s.title == doc.title
        assert s.comment_count == len(doc.comments)
        assert s.declared_comment_count == doc.declared_comment_count
        assert project.summary(s.id) == s
        assert project.load(s.id) == doc


def test_a_reopened_project_still_holds_its_documents(tmp_path, seeds):
    with _open(tmp_path) as p:
        p.import_files(seeds)
        before = p.documents()
    with _open(tmp_path) as p:
        assert p.documents() == before
        assert p.load(before[2].id).text == read_text_file(seeds[2]).text


def test_importing_a_folder_finds_text_files_inside_it(project, tmp_path):
    folder = tmp_path / "scrapes"
    (folder / "deeper").mkdir(parents=True)
    (folder / "a.txt").write_text("Alpha\nText.")
    (folder / "deeper" / "b.md").write_text("Beta\nText.")
    (folder / "c.text").write_text("Gamma\nText.")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / ".hidden.txt").write_text("Hidden\nText.")
    outcomes = project.import_files([folder])
    assert sorted(Path(o.path).name for o in outcomes) == ["a.txt", "b.md", "c.text"]
    assert sorted(s.title for s in project.documents()) == ["Alpha", "Beta", "Gamma"]


def test_bad_files_fail_with_a_reason_and_leave_the_rest_alone(project, tmp_path, seeds):
    project.import_files(seeds[:2])
    before = [(s, project.load(s.id)) for s in project.documents()]
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\t\n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    outcomes = project.import_files([empty, binary, tmp_path / "missing.txt", seeds[2]])
    assert [(o.status, o.reason) for o in outcomes] == [
        ("failed", "it is empty"),
        ("failed", "it is a binary file, not text"),
        ("failed", "no such file"),
        ("imported", None),
    ]
    assert [(s, project.load(s.id)) for s in project.documents()[:2]] == before
    assert len(project.documents()) == 3


def test_same_content_is_unchanged_and_new_content_updates_in_place(project, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("First title\nA paragraph.")
    [first] = project.import_files([path])
    [again] = project.import_files([path])
    assert again.status == "unchanged" and again.document_id == first.document_id
    path.write_text("Second title\nA paragraph, corrected.")
    [updated] = project.import_files([path])
    assert updated.status == "updated" and updated.document_id == first.document_id
    [summary] = project.documents()
    assert summary.title == "Second title"
    assert project.load(summary.id).text == "Second title\nA paragraph, corrected."
    assert project.matching_documents("corrected") == [summary.id]


def test_progress_can_cancel_and_the_rest_is_skipped(project, seeds):
    calls = []

    def progress(done: int, total: int, path: str) -> bool:
        calls.append((done, total))
        return done < 2

    outcomes = project.import_files(seeds, progress=progress)
    assert [o.status for o in outcomes] == ["imported", "imported"] + ["skipped"] * 3
    assert calls == [(0, 5), (1, 5), (2, 5)]
    assert len(project.documents()) == 2


def test_progress_ends_at_the_total(project, seeds):
    calls = []
    project.import_files(seeds, progress=lambda d, t, p: calls.append((d, t)) or True)
    assert calls[-1] == (5, 5)


def test_matching_documents_is_a_case_insensitive_substring_search(project, tmp_path):
    texts = {
        "one.txt": "Über die Brücke\nThe ceasefire held.",
        "two.txt": "Weather\nA cease-fire? No: rain.",
        "three.txt": "Ceasefire talks\nNothing here.",
        "four.txt": 'Quotes\nHe said "fire" and left 😀 today.',
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    ids = {
        Path(o.path).name: o.document_id
        for o in project.import_files([tmp_path / n for n in texts])
    }
    assert project.matching_documents("CEASEFIRE") == sorted([ids["one.txt"], ids["three.txt"]])
    assert project.matching_documents("asefi") == sorted([ids["one.txt"], ids["three.txt"]])
    assert project.matching_documents("über DIE") == [ids["one.txt"]]
    assert project.matching_documents("brücke") == [ids["one.txt"]]
    assert project.matching_documents('"fire"') == [ids["four.txt"]]
    assert project.matching_documents("😀 t") == [ids["four.txt"]]
    assert project.matching_documents("ra") == [ids["two.txt"]]
    assert project.matching_documents("not there") == []
    assert project.matching_documents("") == sorted(ids.values())


def test_a_newer_schema_is_refused_and_the_file_left_untouched(tmp_path, seeds):
    with _open(tmp_path) as p:
        p.import_files(seeds[:1])
    conn = sqlite3.connect(tmp_path / "p.reader")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = (tmp_path / "p.reader").read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version of Reader"):
        _open(tmp_path)
    assert (tmp_path / "p.reader").read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"Just some notes, not a project.\n" * 10, b"SQLite format 3\x00" + b"\xff" * 200],
)
def test_a_file_that_is_not_a_project_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "notes.reader"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError) as caught:
        Project.open(path, backup_dir=tmp_path / "backups")
    assert caught.value.backup is None
    assert "notes.reader" in str(caught.value)
    assert path.read_bytes() == content


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.qda"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAProjectError, match="not a Reader project"):
        Project.open(path, backup_dir=tmp_path / "backups")
    assert path.read_bytes() == before


def _project_with_a_backup(tmp_path: Path, seeds: list[Path]) -> Path:
    with _open(tmp_path) as p:
        p.import_files(seeds)
    with _open(tmp_path):
        pass  # the second open keeps a backup
    return tmp_path / "p.reader"


def test_a_truncated_project_is_refused_offering_the_latest_backup(tmp_path, seeds):
    path = _project_with_a_backup(tmp_path, seeds)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(NotAProjectError) as caught:
        _open(tmp_path)
    latest = backups.latest_backup(path, tmp_path / "backups")
    assert latest is not None and caught.value.backup == latest
    assert str(latest) in str(caught.value)
    assert path.read_bytes() == data[: len(data) // 2]
    # The backup offered really holds the work.
    with Project.open(latest, backup_dir=tmp_path / "other") as restored:
        assert len(restored.documents()) == len(seeds)


def test_a_damaged_page_fails_the_integrity_check(tmp_path, seeds):
    path = _project_with_a_backup(tmp_path, seeds)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for n in range(2, len(data) // page):  # scribble over the middle of every page but the first
        data[n * page + 100 : n * page + 140] = b"\x07" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(NotAProjectError) as caught:
        _open(tmp_path)
    assert caught.value.backup is not None
    assert path.read_bytes() == bytes(data)


def test_an_emptied_project_file_is_refused_when_backups_exist(tmp_path, seeds):
    path = _project_with_a_backup(tmp_path, seeds)
    path.write_bytes(b"")
    with pytest.raises(NotAProjectError, match="empty"):
        _open(tmp_path)
    assert path.read_bytes() == b""


def test_backups_keep_the_newest_five(tmp_path):
    backup_dir = tmp_path / "backups"
    for i in range(8):
        extra = tmp_path / f"extra{i}.txt"
        extra.write_text(f"Extra {i}\nText.")
        with _open(tmp_path) as p:  # each open backs up what the previous one left
            p.import_files([extra])
    kept = backups.backups_of(tmp_path / "p.reader", backup_dir)
    assert len(kept) == 5
    # The newest backup holds what the project held when it was last opened.
    with Project.open(kept[-1], backup_dir=tmp_path / "elsewhere") as newest:
        assert len(newest.documents()) == 7
    with Project.open(kept[0], backup_dir=tmp_path / "elsewhere") as oldest:
        assert len(oldest.documents()) == 3


def test_opening_an_unchanged_project_does_not_push_out_older_backups(tmp_path, seeds):
    path = _project_with_a_backup(tmp_path, seeds)
    first = backups.backups_of(path, tmp_path / "backups")
    for _ in range(6):
        with _open(tmp_path) as p:
            p.documents()
    assert backups.backups_of(path, tmp_path / "backups") == first


def test_a_new_parser_version_parses_stored_documents_again(project, seeds, monkeypatch):
    [outcome] = project.import_files(seeds[:1])
    monkeypatch.setattr(parse, "PARSER_VERSION", "test-next", raising=False)
    calls = []
    real = parse.parse_text
    monkeypatch.setattr(parse, "parse_text", lambda text: calls.append(1) or real(text))
    doc = project.load(outcome.document_id)
    assert calls == [1] and doc == real(doc.text)
    project._loaded.clear()
    project.load(outcome.document_id)
    assert calls == [1]  # the new structure was stored


def test_a_project_in_a_folder_that_cannot_be_made_is_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ProjectError):
        Project.open(blocker / "sub" / "p.reader")


def test_a_second_connection_sees_every_import(tmp_path, seeds):
    with _open(tmp_path) as a, _open(tmp_path) as b:
        a.import_files(seeds[:2])
        b.import_files(seeds[2:])
        assert len(a.documents()) == len(b.documents()) == len(seeds)
    assert os.path.exists(tmp_path / "p.reader")


def test_a_saved_web_page_imports_and_is_not_reparsed_as_plain_text(project, tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Bridge to reopen</title></head><body>"
        "<article><h1>Bridge to reopen</h1><p>The mayor said the bridge would reopen.</p>"
        "<p>Residents were not convinced.</p></article></body></html>"
    )
    [outcome] = project.import_files([tmp_path])
    assert outcome.status == "imported"
    doc = project.load(outcome.document_id)
    assert "<p>" not in doc.text and "not convinced" in doc.text
    monkeypatch.setattr(parse, "PARSER_VERSION", "test-next")
    project._loaded.clear()
    assert project.load(outcome.document_id) == doc


def test_a_damaged_stored_structure_is_parsed_again_from_the_text(project, seeds):
    [outcome] = project.import_files(seeds[1:2])
    expected = project.load(outcome.document_id)
    project._conn.execute("UPDATE documents SET structure = ?", (b"\x00\xff",))
    project._loaded.clear()
    assert project.load(outcome.document_id) == expected


def test_an_older_project_is_migrated_forward_keeping_its_documents(tmp_path, seeds):
    with _open(tmp_path) as p:
        p.import_files(seeds)
        before = p.documents()
    conn = sqlite3.connect(tmp_path / "p.reader")
    conn.execute("DROP INDEX documents_summary")  # what migration 4 adds
    conn.execute("PRAGMA user_version = 3")  # as before migration 4
    conn.close()
    with _open(tmp_path) as p:
        assert p.documents() == before
    conn = sqlite3.connect(tmp_path / "p.reader")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT id, title, source_path, site, date, comment_count,"
        " declared_comment_count FROM documents ORDER BY id"
    ).fetchall()
    conn.close()
    assert "COVERING INDEX documents_summary" in plan[0][3]
    # The backup taken on that open is the file as it was before the migration.
    [backup] = backups.backups_of(tmp_path / "p.reader", tmp_path / "backups")[-1:]
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 3
    old.close()


def test_a_backup_that_cannot_be_written_does_not_stop_the_project_opening(tmp_path, seeds):
    with _open(tmp_path) as p:
        p.import_files(seeds[:1])
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    with Project.open(tmp_path / "p.reader", backup_dir=blocked) as p:
        assert len(p.documents()) == 1
        assert p.backup_problem is not None and "No backup of p.reader" in p.backup_problem
    with _open(tmp_path) as p:
        assert p.backup_problem is None


def test_restoring_the_offered_backup_keeps_the_damaged_file(tmp_path, seeds):
    path = _project_with_a_backup(tmp_path, seeds)
    damaged = path.read_bytes()[:5000]
    path.write_bytes(damaged)
    Path(f"{path}-wal").write_bytes(b"a stale journal")
    with pytest.raises(NotAProjectError) as caught:
        _open(tmp_path)
    assert caught.value.backup is not None
    kept = backups.restore_backup(path, caught.value.backup)
    assert kept is not None and kept.read_bytes() == damaged
    assert not Path(f"{path}-wal").exists()
    with _open(tmp_path) as p:
        assert len(p.documents()) == len(seeds)


def test_a_project_locked_by_another_program_is_busy_not_damaged(tmp_path, seeds, monkeypatch):
    from reader.store import schema

    with _open(tmp_path) as p:
        p.import_files(seeds[:1])
    path = tmp_path / "p.reader"
    (tmp_path / "extra.txt").write_text("Extra\nText.")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE held (x)")  # a write: the lock is now kept
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    try:
        with pytest.raises(ProjectError, match="busy") as caught:
            _open(tmp_path)
        assert not isinstance(caught.value, NotAProjectError)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with _open(tmp_path) as p:
        assert len(p.documents()) == 1


def test_refreshing_after_a_parser_upgrade_updates_the_list(project, seeds):
    project.import_files(seeds[:3])
    project._conn.execute("UPDATE documents SET title = 'Stale title', parser_version = 'text:0'")
    assert {s.title for s in project.documents()} == {"Stale title"}
    assert project.refresh_documents() == 3
    assert "Stale title" not in {s.title for s in project.documents()}
    assert project.refresh_documents() == 0


def test_a_project_lists_its_backups(tmp_path, seeds):
    path = _project_with_a_backup(tmp_path, seeds)
    with _open(tmp_path) as p:
        assert p.backups() == backups.backups_of(path, tmp_path / "backups")
        assert len(p.backups()) == 1


def test_a_read_only_project_is_refused_with_a_reason_and_untouched(tmp_path, seeds, monkeypatch):
    import os

    with _open(tmp_path) as p:
        p.import_files(seeds[:1])
    path = tmp_path / "p.reader"
    before = path.read_bytes()
    # Tests run as root here, for whom every file is writable: pretend otherwise.
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    with pytest.raises(ProjectError, match="read-only") as caught:
        _open(tmp_path)
    assert not isinstance(caught.value, NotAProjectError)
    assert path.read_bytes() == before


def test_backups_of_a_project_with_brackets_in_its_name_still_rotate(tmp_path):
    name = "study [2024] *draft*.reader"
    for i in range(7):
        extra = tmp_path / f"extra{i}.txt"
        extra.write_text(f"Extra {i}\nText.")
        with _open(tmp_path, name) as p:
            p.import_files([extra])
    kept = backups.backups_of(tmp_path / name, tmp_path / "backups")
    assert len(kept) == 5
    assert sorted((tmp_path / "backups").iterdir()) == kept
