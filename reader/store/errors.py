"""What can go wrong when opening a project. ``str(error)`` is a sentence for the user."""

from __future__ import annotations

from pathlib import Path


class ProjectError(Exception):
    """A project that cannot be opened or changed. ``str()`` is a sentence for the user."""


class NewerSchemaError(ProjectError):
    """Written by a newer Reader: refused, and the file is left untouched."""


class NotAProjectError(ProjectError):
    """Not a Reader project, truncated, or damaged. ``backup`` is the newest good backup
    to offer instead (None when there is none); ``reader.store.backups.restore_backup``
    puts it in the project's place, keeping the damaged file beside it."""

    def __init__(self, message: str, backup: Path | None = None) -> None:
        if backup is not None:
            message += f" The newest good backup is {backup}."
        super().__init__(message)
        self.backup = backup
