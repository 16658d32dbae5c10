"""Backup copies of a project, taken with SQLite's online backup API.

Backups of one project are named ``<stem>-<hash of its path>-<UTC time>.reader`` in the
backup folder, so several projects can share a folder; the newest ``KEEP`` are kept.
A backup is written as ``<name>.reader.part`` and renamed when complete; one that was
interrupted (the program killed midway) is removed by :func:`remove_interrupted` on the
next open, unless another Reader is still writing it.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import logging
import os
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from reader.store.errors import ProjectError

KEEP = 5
SUFFIX = ".reader"
PARTIAL = ".part"

log = logging.getLogger(__name__)


def _prefix(project: Path) -> str:
    digest = hashlib.sha256(str(project.resolve()).encode("utf-8")).hexdigest()[:8]
    return f"{project.stem}-{digest}-"


def backups_of(project: Path, backup_dir: Path) -> list[Path]:
    """This project's backups, oldest first."""
    if not backup_dir.is_dir():
        return []
    prefix = _prefix(project)
    return sorted(
        p
        for p in backup_dir.iterdir()
        if p.name.startswith(prefix) and p.name.endswith(SUFFIX) and p.is_file()
    )


def latest_backup(project: Path, backup_dir: Path) -> Path | None:
    found = backups_of(project, backup_dir)
    return found[-1] if found else None


def newest_good(project: Path, backup_dir: Path) -> Path | None:
    """The newest backup of ``project`` that is itself whole (a whole number of pages,
    all there, ``PRAGMA quick_check`` clean), or None. Read without writing anything
    beside the backups."""
    for backup in reversed(backups_of(project, backup_dir)):
        if is_whole(backup):
            return backup
    return None


def is_whole(path: Path) -> bool:
    """True when the database at ``path`` passes the checks a project passes on open."""
    from reader.store import wholeness  # beside us; imported here to keep this module light

    try:
        with path.open("rb") as f:
            head = f.read(100)
        if len(head) < 100 or wholeness.size_problem(path, head, path.stat().st_size):
            return False
        # immutable: a backup has no journal and nothing writes it; nothing is created.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def is_current(project: Path, backup_dir: Path) -> bool:
    """True when the newest backup was taken after the project last changed.
    Call it before connecting: opening a connection touches the ``-wal`` file."""
    latest = latest_backup(project, backup_dir)
    if latest is None:
        return False
    changed = max(
        (
            p.stat().st_mtime_ns
            for p in (project, Path(f"{project}-wal"))
            if p.exists() and p.stat().st_size > 0
        ),
        default=0,
    )
    return latest.stat().st_mtime_ns >= changed


def _being_written(partial: Path) -> bool:
    """True while another process's backup holds its lock on ``partial`` (SQLite's own
    lock: a killed process's locks are gone, so its leftover counts as interrupted)."""
    try:
        probe = sqlite3.connect(partial, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        probe.execute("BEGIN EXCLUSIVE")
        probe.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        return "locked" in str(error) or "busy" in str(error)
    except sqlite3.DatabaseError:
        return False
    finally:
        probe.close()
    return False


def remove_interrupted(project: Path, backup_dir: Path) -> list[Path]:
    """Delete what interrupted backups of ``project`` left (``*.reader.part`` and its
    journal); returns what was removed."""
    if not backup_dir.is_dir():
        return []
    prefix, removed = _prefix(project), []
    for part in sorted(backup_dir.glob(f"{glob.escape(prefix)}*{SUFFIX}{PARTIAL}")):
        if _being_written(part):
            continue
        for leftover in (part, Path(f"{part}-journal"), Path(f"{part}-wal"), Path(f"{part}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
                removed.append(leftover)
    if removed:
        log.info("removed %d files left by an interrupted backup", len(removed))
    return removed


def back_up(source: sqlite3.Connection, project: Path, backup_dir: Path) -> Path:
    """Copy the database behind ``source`` into ``backup_dir``; keep the newest KEEP."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{_prefix(project)}{stamp}{SUFFIX}"
    partial = target.with_name(target.name + PARTIAL)
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    os.replace(partial, target)
    for old in backups_of(project, backup_dir)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target


class BackupInProgress:
    """A backup taken in a thread, so that opening a large project does not wait for
    the copy. The snapshot it copies is pinned (a read transaction) before this returns:
    the file as it was proved whole, before the opening connection migrates or writes
    anything. :meth:`wait` (``Project.close`` calls it) returns why it failed, or None."""

    def __init__(self, project: Path, backup_dir: Path) -> None:
        self._project, self._backup_dir = project, backup_dir
        self.problem: str | None = None
        self.path: Path | None = None
        # Stamped on the finished copy: the project counts as changed since it only if
        # written after the snapshot was pinned, not merely before the copy finished.
        self._pinned_ns = time.time_ns()
        uri = f"{project.resolve().as_uri()}?mode=ro"
        self._source = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            self._source.execute("BEGIN")
            self._source.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlite3.Error:
            self._source.close()
            raise
        self._thread = threading.Thread(target=self._run, name="reader-backup", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.path = back_up(self._source, self._project, self._backup_dir)
            os.utime(self.path, ns=(self._pinned_ns, self._pinned_ns))
        except (OSError, sqlite3.Error) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.problem = (
                f"No backup of {self._project.name} could be kept in {self._backup_dir} ({reason})."
            )
            log.warning("%s", self.problem)
        finally:
            self._source.close()

    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self) -> str | None:
        self._thread.join()
        return self.problem


def restore_backup(project: Path, backup: Path) -> Path | None:
    """Put ``backup`` in the place of ``project`` and return where the file that was there
    went (``<name>.replaced-<UTC time>``, beside it; None if there was none). That file is
    kept, never overwritten, with its ``-wal``/``-shm`` companions (left in place, a stale
    journal would be applied to the restored file). Open the project again afterwards.
    A backup that cannot be copied raises ProjectError, with the project left as it was."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    partial = project.with_name(f".{project.name}.restoring")
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
            source.close()
    except sqlite3.Error as error:
        # Said as the store says a refusal, so callers above the store need no sqlite3.
        partial.unlink(missing_ok=True)
        raise ProjectError(f"the backup could not be copied: {error}") from error
    kept = None
    if project.exists():
        kept = project.with_name(f"{project.name}.replaced-{stamp}")
        os.replace(project, kept)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{project}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{kept or project}{suffix}.replaced-{stamp}"))
    os.replace(partial, project)
    return kept
