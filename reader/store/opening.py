"""Opening an existing project file: proving it whole, and the backup taken after.

``check_existing`` runs before any connection that could write: it refuses a file that
is not a Reader project, was written by a newer Reader, is cut short (``wholeness.py``)
or fails ``PRAGMA quick_check``, raising with the newest good backup to offer, and
leaves a refused file as it was (no backup of it, no ``-wal``/``-shm`` beside it). For a
healthy file changed since its newest backup it starts the backup
(``backups.BackupInProgress``). See ``project.py`` for the whole of opening.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from reader.store import backups, wholeness
from reader.store.errors import NewerSchemaError, NotAProjectError, ProjectError
from reader.store.schema import APPLICATION_ID, SCHEMA_VERSION, connect

SQLITE_HEADER = b"SQLite format 3\x00"
# Reads every page of every table and index (about 0.2 s for 200 MB, see
# tests/benchmarks/bench_open.py); integrity_check would also compare each index with
# its table, at a cost that grows faster than the file.
CHECK = "quick_check"


def _header_numbers(path: Path) -> tuple[bytes, int, int]:
    """The file's first 100 bytes (its header), its user_version and its application_id."""
    with path.open("rb") as f:
        head = f.read(100)
    if len(head) < 100:
        return head, 0, 0
    return head, int.from_bytes(head[60:64], "big"), int.from_bytes(head[68:72], "big")


def _size_problem(path: Path, head: bytes, size: int) -> str | None:
    """``wholeness.size_problem``, looked at again while another Reader may be writing:
    a checkpoint between reading the file's size and its -wal file can make a whole
    file look short for a moment. Damage stays; a moment passes."""
    for _ in range(_LOOKS):
        short = wholeness.size_problem(path, head, size)
        if short is None or not Path(f"{path}-wal").exists():
            return short
        time.sleep(0.05)
        head, _version, _app_id = _header_numbers(path)
        size = path.stat().st_size
    return short


_LOOKS = 3


class _Offer:
    """The backup to offer when a file is refused: the newest one that is itself whole,
    looked for only when needed (it reads each backup it tries)."""

    def __init__(self, path: Path, backup_dir: Path) -> None:
        self._args = (path, backup_dir)
        self._found: list[Path | None] = []

    @property
    def backup(self) -> Path | None:
        if not self._found:
            self._found.append(backups.newest_good(*self._args))
        return self._found[0]


def check_existing(path: Path, backup_dir: Path) -> backups.BackupInProgress | str | None:
    """Refuse a file Reader must not write to; back up a healthy one. Returns the backup
    being taken, why none could be (the project still opens), or None."""
    created = wholeness.new_companions(path)
    try:
        return _prove_and_back_up(path, backup_dir)
    except ProjectError:
        # Connecting to check it made empty -wal/-shm files: leave the folder as it was.
        wholeness.remove(created)
        raise


def _prove_and_back_up(path: Path, backup_dir: Path) -> backups.BackupInProgress | str | None:
    offer = _Offer(path, backup_dir)
    backed_up = backups.is_current(path, backup_dir)
    name = path.name
    size = path.stat().st_size
    if size == 0:
        if offer.backup is None:
            return None  # an empty file holds nothing to lose: it becomes a new project
        raise NotAProjectError(f"{name} is empty: it may have been cut short.", offer.backup)
    head, version, app_id = _header_numbers(path)
    if head[:16] != SQLITE_HEADER:
        raise NotAProjectError(f"{name} is not a Reader project.", offer.backup)
    if app_id not in (0, APPLICATION_ID):
        raise NotAProjectError(f"{name} is a database of another program, not a Reader project.")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{name} was written by a newer version of Reader; update Reader to open it."
        )
    short = _size_problem(path, head, size)
    if short is not None:
        raise NotAProjectError(f"{name} is damaged: {short}.", offer.backup)
    try:
        conn = connect(path, read_only=True)
    except sqlite3.Error as error:
        raise NotAProjectError(f"{name} cannot be opened ({error}).", offer.backup) from error
    try:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise NewerSchemaError(
                    f"{name} was written by a newer version of Reader; update Reader to open it."
                )
            if app_id != APPLICATION_ID and (tables or version):
                raise NotAProjectError(f"{name} is not a Reader project.")
            # Every open, whatever the timestamps say: bit rot and time-keeping copies
            # change a file without moving its mtime.
            problems = [r[0] for r in conn.execute(f"PRAGMA {CHECK}")] or ["ok"]
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise ProjectError(
                    f"{name} is busy in another program; try again in a moment."
                ) from error
            raise NotAProjectError(f"{name} is damaged ({error}).", offer.backup) from error
        except sqlite3.DatabaseError as error:
            raise NotAProjectError(f"{name} is damaged ({error}).", offer.backup) from error
        if problems != ["ok"]:
            raise NotAProjectError(f"{name} is damaged ({problems[0]}).", offer.backup)
        backups.remove_interrupted(path, backup_dir)
        if tables and not backed_up:
            try:
                return backups.BackupInProgress(path, backup_dir)
            except sqlite3.Error as error:
                return f"No backup of {name} could be kept in {backup_dir} ({error})."
        return None
    finally:
        conn.close()


def settle(backup: backups.BackupInProgress | str | None) -> None:
    """Let a backup begun on opening finish before an open that failed returns."""
    if isinstance(backup, backups.BackupInProgress):
        backup.wait()
