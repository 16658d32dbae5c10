"""When a project is refused: say why, and offer to restore its newest good backup.

Opening a damaged project raises ``NotAProjectError`` carrying the backup to offer (see
``reader/store/project.py``). :func:`offer_restore` shows the reason with a **Restore
Backup** button; restoring puts the backup in the project's place and keeps the damaged
file beside it (``<name>.replaced-<time>``), so nothing is lost either way. The caller
then opens the project again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from reader.ui.plain_text import message_box
from reader.ui.session import NotAProjectError, ProjectError, restore_backup

log = logging.getLogger(__name__)

RESTORE_TEXT = "&Restore Backup"


def refusal_box(parent: QWidget | None, path: Path, error: ProjectError) -> QMessageBox:
    """The message box for a refused project (not yet shown); it has a Restore button
    (``box.property("restore")`` is True on it) when there is a backup to offer."""
    backup = error.backup if isinstance(error, NotAProjectError) else None
    text = str(error)
    if backup is not None:
        text += (
            f"\n\nRestore puts that backup in place of {path.name}; the file as it is now "
            "is kept beside it, renamed, in case you need anything from it."
        )
    box = message_box(parent, QMessageBox.Icon.Warning, "Project not opened", text)
    box.setObjectName("project_refused")
    if backup is not None:
        restore = box.addButton(RESTORE_TEXT, QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("restore_backup")
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(restore)
    return box


def offer_restore(parent: QWidget | None, path: Path, error: ProjectError) -> bool:
    """Show why ``path`` was refused; True when the user restored its backup (open the
    project again then), False when they did not or it could not be restored."""
    box = refusal_box(parent, path, error)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None or clicked.objectName() != "restore_backup":
        return False
    assert isinstance(error, NotAProjectError) and error.backup is not None
    try:
        kept = restore_backup(path, error.backup)
    except (OSError, ProjectError) as failure:
        reason = getattr(failure, "strerror", None) or str(failure)
        message_box(
            parent, QMessageBox.Icon.Warning, "Backup not restored",
            f"{error.backup.name} could not be put in place of {path.name} ({reason}).",
        ).exec()  # fmt: skip
        return False
    log.info("restored %s from %s; the refused file is kept as %s", path, error.backup, kept)
    return True
