"""Writing a file so that a failure never leaves half of it in place of a good one.

The file ends with the permissions an ordinary new file would have (``0666`` less the
umask), or those of the file it replaces, not the private ``0600`` of a temporary file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary)`` to fill a temporary file beside ``path``, then move it
    over ``path`` in one step. On any exception (a cancelled export too) the temporary
    file is removed and ``path`` is as it was."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, _mode_for(path))
        with temporary.open("rb+") as f:
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits ``path`` should get: its own if it exists, else a new file's."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore it at once
    os.umask(mask)
    return mask


def write_text_atomically(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    def write(temporary: Path) -> None:
        with temporary.open("w", encoding=encoding, newline="") as f:
            f.write(text)

    write_atomically(path, write)
