"""Writing a file so that a failure never leaves half of it in place of a good one."""

from __future__ import annotations

import os
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
        with temporary.open("rb+") as f:
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    def write(temporary: Path) -> None:
        with temporary.open("w", encoding=encoding, newline="") as f:
            f.write(text)

    write_atomically(path, write)
