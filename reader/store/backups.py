"""Backup copies of a project, taken with SQLite's online backup API.

Backups of one project are named ``<stem>-<hash of its path>-<UTC time>.reader`` in the
backup folder, so several projects can share a folder; the newest ``KEEP`` are kept.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP = 5
SUFFIX = ".reader"


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


def back_up(source: sqlite3.Connection, project: Path, backup_dir: Path) -> Path:
    """Copy the database behind ``source`` into ``backup_dir``; keep the newest KEEP."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{_prefix(project)}{stamp}{SUFFIX}"
    partial = target.with_name(target.name + ".part")
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


def restore_backup(project: Path, backup: Path) -> Path | None:
    """Put ``backup`` in the place of ``project`` and return where the file that was there
    went (``<name>.replaced-<UTC time>``, beside it; None if there was none). That file is
    kept, never overwritten, with its ``-wal``/``-shm`` companions (left in place, a stale
    journal would be applied to the restored file). Open the project again afterwards."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    partial = project.with_name(f".{project.name}.restoring")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
        source.close()
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
