"""Proving a project file whole before anything writes to it.

SQLite reads past the end of a file as zeros, so a project cut short by a copy or a sync
(by less than a page, or by whole pages) can pass ``PRAGMA integrity_check`` while the
text at its end has turned into NUL bytes. The file's header says how big the database
is: its page size (bytes 16-17) and, when the "version-valid-for" number (bytes 92-95)
equals the change counter (bytes 24-27), its size in pages (bytes 28-31). A file that is
not a whole number of pages, or holds fewer pages than its header (or its write-ahead
log's last commit) says, has lost its end.

In WAL mode the newest pages may live in ``<project>-wal`` rather than in the file, and
after a crash during a checkpoint the file may be shorter than its header says while the
log still holds the missing pages. :func:`size_problem` allows for that by reading the
log's frame headers (only frames whose salts match the log's header count: older ones are
left over from before the last reset).

:func:`new_companions` and :func:`remove` clean up the ``-wal``/``-shm`` files that merely
connecting to a refused file creates, so that refusing it leaves the folder as it was.
"""

from __future__ import annotations

import contextlib
import struct
from pathlib import Path

WAL_HEADER_BYTES = 32
WAL_FRAME_HEADER_BYTES = 24
_WAL_MAGIC = (0x377F0682, 0x377F0683)
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def page_geometry(head: bytes) -> tuple[int, int | None]:
    """(page size, page count) from a database header's first 100 bytes; the count is
    None when the header does not vouch for it (files written by very old SQLite)."""
    raw = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw == 1 else raw
    change_counter = head[24:28]
    pages = int.from_bytes(head[28:32], "big")
    valid_for = head[92:96]
    return page_size, (pages if pages and valid_for == change_counter else None)


def wal_pages(wal: Path, page_size: int) -> tuple[set[int], int | None]:
    """The page numbers held by a write-ahead log's current frames, and the database's
    size in pages after its last commit (None: no committed frame)."""
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return set(), None
    if len(data) < WAL_HEADER_BYTES:
        return set(), None
    magic, _version, wal_page_size, _seq, salt1, salt2 = struct.unpack(">6I", data[:24])
    if magic not in _WAL_MAGIC or wal_page_size != page_size:
        return set(), None
    frame = WAL_FRAME_HEADER_BYTES + page_size
    pages: set[int] = set()
    pending: set[int] = set()
    size = None
    for offset in range(WAL_HEADER_BYTES, len(data) - frame + 1, frame):
        number, commit, s1, s2 = struct.unpack(">4I", data[offset : offset + 16])
        if (s1, s2) != (salt1, salt2):
            break  # a frame from before the log was last reset: the log ends here
        pending.add(number)
        if commit:  # the last frame of a transaction: its pages count from now on
            pages |= pending
            pending.clear()
            size = commit
    return pages, size


def size_problem(path: Path, head: bytes, size: int) -> str | None:
    """Why the file's size shows it was cut short, as a sentence, or None."""
    page_size, header_pages = page_geometry(head)
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged (no valid page size)"
    whole, rest = divmod(size, page_size)
    if rest:
        return (
            f"it has been cut short: it is {size:,} bytes, which is not a whole number of "
            f"its {page_size:,}-byte pages"
        )
    in_wal, wal_size = wal_pages(Path(f"{path}-wal"), page_size)
    expected = wal_size if wal_size is not None else header_pages
    if expected is None:
        return None
    missing = [p for p in range(whole + 1, expected + 1) if p not in in_wal]
    if missing:
        return (
            f"it has been cut short: it holds {whole:,} of its {expected:,} pages "
            f"({len(missing) * page_size:,} bytes are missing from its end)"
        )
    return None


def new_companions(path: Path) -> list[Path]:
    """The companion files SQLite may create beside ``path`` that are not there now."""
    return [p for s in COMPANION_SUFFIXES if not (p := Path(f"{path}{s}")).exists()]


def remove(paths: list[Path]) -> None:
    """Delete the companions a refused file's check created (called after closing)."""
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink(missing_ok=True)
