"""Where this user's Reader keeps things: the folders ``reader.app`` chooses at start and
the About dialog shows. A plain record, so that the start does not load the dialog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataLocations:
    """Where this user's Reader keeps things; all of them outside the program's folder."""

    data: Path
    """Projects, backups and logs (``QStandardPaths.AppDataLocation``)."""
    settings: Path | None = None
    """The settings file, when settings are a file (not on Windows' registry)."""
    logs: Path | None = None
    """The crash log's folder."""
