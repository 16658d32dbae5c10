"""Fault injection: a project cut short or damaged is refused before anything is written,
left byte for byte as it was, and the newest good backup is offered (issue 12)."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.store import backups
from reader.store.project import NotAProjectError, Project

PAGE = 4096


def _open(folder: Path) -> Project:
    return Project.open(folder / "p.reader", backup_dir=folder / "backups")


@pytest.fixture
def closed_project(tmp_path, seeds) -> Path:
    """A project with the seeds, a tag and notes, closed cleanly, with a good backup."""
    with _open(tmp_path) as p:
        p.import_files(seeds)
        tag = p.add_tag("Claims")
        doc = p.documents()[0].id
        for i in range(40):
            p.add_annotation(doc, i * 7, i * 7 + 5, [tag.id], note=f"note number {i}")
    with _open(tmp_path):
        pass  # the second open keeps a backup of the finished work
    path = tmp_path / "p.reader"
    assert not Path(f"{path}-wal").exists()
    return path


def _folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _assert_refused_untouched(path: Path, data: bytes) -> NotAProjectError:
    folder, before = path.parent, _folder_listing(path.parent)
    stamp = path.stat().st_mtime_ns
    backups_before = backups.backups_of(path, folder / "backups")
    with pytest.raises(NotAProjectError) as caught:
        _open(folder)
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == stamp
    assert _folder_listing(folder) == before  # no -wal, -shm or -journal left beside it
    assert backups.backups_of(path, folder / "backups") == backups_before  # none of it
    offered = caught.value.backup
    assert offered == backups_before[-1] and str(offered) in str(caught.value)
    return caught.value


@pytest.mark.parametrize("cut", [1, 100, 2048, PAGE - 1])
def test_a_project_cut_inside_its_last_page_is_refused(closed_project, cut):
    data = closed_project.read_bytes()[:-cut]
    closed_project.write_bytes(data)
    error = _assert_refused_untouched(closed_project, data)
    assert "cut short" in str(error) and "whole number" in str(error)


@pytest.mark.parametrize("pages, extra", [(1, 0), (3, 0), (2, 100), (5, PAGE - 1)])
def test_a_project_cut_across_pages_is_refused(closed_project, pages, extra):
    data = closed_project.read_bytes()[: -(pages * PAGE + extra)]
    closed_project.write_bytes(data)
    error = _assert_refused_untouched(closed_project, data)
    assert "cut short" in str(error)


def test_the_good_backup_offered_holds_the_notes_uncut(closed_project):
    data = closed_project.read_bytes()[:-100]
    closed_project.write_bytes(data)
    error = _assert_refused_untouched(closed_project, data)
    backups.restore_backup(closed_project, error.backup)
    with _open(closed_project.parent) as p:
        notes = sorted(a.note for a in p.annotations())
    assert notes == sorted(f"note number {i}" for i in range(40))


def _pages_in_use(path: Path) -> list[int]:
    """Pages that hold tables, indexes or overflowing text (not free ones)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT DISTINCT pageno FROM dbstat").fetchall()
    except sqlite3.OperationalError:  # an SQLite built without dbstat: all pages
        count = conn.execute("PRAGMA page_count").fetchone()[0]
        rows = [(n,) for n in range(1, count + 1)]
    finally:
        conn.close()
    return sorted(r[0] for r in rows)


def test_a_page_overwritten_without_moving_the_mtime_is_refused(closed_project):
    # Bit rot, or a copy tool that keeps times: the file changes, its mtime does not, and
    # its newest backup looks as new as it. Every page in use, overwritten in turn.
    original = closed_project.read_bytes()
    stat = closed_project.stat()
    rng = random.Random(12)
    pages = _pages_in_use(closed_project)
    assert len(pages) > 20
    for number in pages:
        data = bytearray(original)
        data[(number - 1) * PAGE : number * PAGE] = rng.randbytes(PAGE)
        closed_project.write_bytes(bytes(data))
        os.utime(closed_project, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert backups.is_current(closed_project, closed_project.parent / "backups")
        _assert_refused_untouched(closed_project, bytes(data))


def test_a_project_with_its_newest_pages_in_the_journal_opens(tmp_path, seeds):
    # While a Reader has it open (or after a crash) the newest pages are in the -wal
    # file and the file itself is shorter than the log's last commit says: not damage.
    path = tmp_path / "p.reader"
    with _open(tmp_path) as first:
        first.import_files(seeds[:1])
        first._conn.execute("PRAGMA wal_autocheckpoint = 0")
        first.import_files(seeds[1:])
        assert Path(f"{path}-wal").stat().st_size > 0
        with _open(tmp_path) as second:
            assert len(second.documents()) == len(seeds)


def test_a_cut_project_whose_log_lacks_the_missing_pages_is_refused(tmp_path, seeds):
    path = tmp_path / "p.reader"
    with _open(tmp_path) as p:
        p.import_files(seeds)
    with _open(tmp_path) as p:
        p._conn.execute("PRAGMA wal_autocheckpoint = 0")
        p.add_tag("Only in the log")
        wal = Path(f"{path}-wal").read_bytes()
        data = path.read_bytes()[: -3 * PAGE]
    # As a crash would leave them: the log kept, the file cut.
    path.write_bytes(data)
    Path(f"{path}-wal").write_bytes(wal)
    with pytest.raises(NotAProjectError, match="cut short"):
        _open(tmp_path)
    assert path.read_bytes() == data


KILLED_BACKUP = textwrap.dedent(
    """
    import sqlite3, sys
    source = sqlite3.connect(sys.argv[1])
    dest = sqlite3.connect(sys.argv[2])
    dest.execute("PRAGMA cache_size = 1")  # spill to the file, as a large backup does
    def progress(status, remaining, total):
        print("copying", flush=True)
        sys.stdin.readline()  # wait here, mid-copy, until killed
    source.backup(dest, pages=2, progress=progress)
    """
)


def test_what_a_backup_killed_midway_left_is_removed_on_the_next_open(closed_project):
    folder = closed_project.parent / "backups"
    good = backups.backups_of(closed_project, folder)
    prefix = good[-1].name.rsplit("-", 1)[0]
    partial = folder / f"{prefix}-20990101T000000000000Z.reader.part"
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_BACKUP, str(closed_project), str(partial)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        for _ in range(4):
            assert child.stdout.readline().strip() == "copying"
            child.stdin.write("\n")
            child.stdin.flush()
        assert child.stdout.readline().strip() == "copying"
        # While it runs, another open leaves it alone: a second Reader is writing it.
        with _open(closed_project.parent):
            assert partial.exists()
        child.kill()
        child.wait()
    assert partial.exists() and partial.stat().st_size > 0
    with _open(closed_project.parent) as p:
        assert len(p.documents()) > 0
    leftovers = [n for n in _folder_listing(folder) if ".part" in n]
    assert leftovers == []
    assert backups.backups_of(closed_project, folder)[: len(good)] == good


def test_every_open_checks_the_whole_file_whatever_the_timestamps(tmp_path, seeds, monkeypatch):
    from reader.store import schema

    checks: list[str] = []
    real_connect = schema.connect

    def traced(path, *, read_only=False):
        conn = real_connect(path, read_only=read_only)
        conn.set_trace_callback(lambda sql: checks.append(sql) if "_check" in sql else None)
        return conn

    monkeypatch.setattr("reader.store.opening.connect", traced)
    with _open(tmp_path) as p:
        p.import_files(seeds[:1])  # a new file: nothing to check
    assert checks == []
    for expected in (1, 2, 3):  # changed since its backup, then unchanged twice
        with _open(tmp_path):
            pass
        assert len(checks) == expected


def test_a_damaged_newest_backup_is_passed_over_for_an_older_good_one(closed_project):
    folder = closed_project.parent / "backups"
    with _open(closed_project.parent) as p:
        p.add_tag("Second session")
    with _open(closed_project.parent):
        pass  # a second backup, now the newest
    kept = backups.backups_of(closed_project, folder)
    assert len(kept) == 2
    kept[-1].write_bytes(kept[-1].read_bytes()[:-100])  # the newest backup cut short too
    data = closed_project.read_bytes()[:-100]
    closed_project.write_bytes(data)
    with pytest.raises(NotAProjectError) as caught:
        _open(closed_project.parent)
    assert caught.value.backup == kept[0]
    assert "newest good backup" in str(caught.value)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in kept)


def test_the_backup_on_opening_holds_the_file_as_it_was_opened(closed_project):
    # It is copied in a thread while the project is already in use: what the user does
    # right after opening is not in it, and the next open backs up again.
    folder = closed_project.parent / "backups"
    before = backups.backups_of(closed_project, folder)
    with _open(closed_project.parent) as p:
        p.add_tag("Right after opening")
    with _open(closed_project.parent) as p:
        p.add_tag("In the second session")
    kept = backups.backups_of(closed_project, folder)
    assert len(kept) == len(before) + 1  # the first of those opens had nothing new
    with Project.open(kept[-1], backup_dir=closed_project.parent / "elsewhere") as copy:
        assert "Right after opening" in {t.name for t in copy.tags()}
        assert "In the second session" not in {t.name for t in copy.tags()}
    assert not Path(f"{closed_project}-wal").exists()  # closed whole, on its own


def test_a_backup_that_cannot_be_copied_is_refused_and_the_project_kept(closed_project):
    from reader.store.errors import ProjectError

    before = closed_project.read_bytes()
    broken = closed_project.with_name("broken-backup.reader")
    broken.write_bytes(b"not a database at all" * 200)
    with pytest.raises(ProjectError, match="could not be copied"):
        backups.restore_backup(closed_project, broken)
    assert closed_project.read_bytes() == before
    assert not list(closed_project.parent.glob(f".{closed_project.name}.restoring"))
