"""Where a project file lives, and whether that place is safe for an SQLite file.

Cloud-sync tools (Dropbox, OneDrive, Google Drive, iCloud, Nextcloud, Syncthing…) copy a
file while it is open, without SQLite's locks, and can leave conflicting copies or a
journal out of step with its database (QualCoder PR #899). The window warns about it.
"""

from __future__ import annotations

from pathlib import Path

# Folder names the usual sync clients create, compared case-insensitively.
_SYNCED_NAMES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "icloud~com~apple~clouddocs": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud": "pCloud",
    "pcloud drive": "pCloud",
    "box": "Box",
    "box sync": "Box",
    "mega": "MEGA",
    "megasync": "MEGA",
    "seafile": "Seafile",
}
# Files and folders a sync client leaves at the root of what it syncs.
_MARKERS = {
    ".stfolder": "Syncthing",
    ".dropbox": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".sync": "Resilio Sync",
    ".owncloudsync.log": "ownCloud or Nextcloud",
    ".nextcloudsync.log": "Nextcloud",
}


def synced_folder(project: Path) -> str | None:
    """The name of the sync service whose folder holds ``project``, or None."""
    folder = Path(project).expanduser().absolute().parent
    for part in folder.parts:
        lowered = part.lower()
        for name, service in _SYNCED_NAMES.items():
            if (
                lowered == name
                or lowered.startswith(name + " (")
                or lowered.startswith(name + " - ")
            ):
                return service
    for place in (folder, *folder.parents):
        for marker, service in _MARKERS.items():
            try:
                if (place / marker).exists():
                    return service
            except OSError:
                continue
    return None


def synced_folder_warning(project: Path) -> str | None:
    """A sentence for the user when the project sits in a synced folder, else None."""
    service = synced_folder(project)
    if service is None:
        return None
    return (
        f"{Path(project).name} is in a {service} folder. Syncing can copy the project while "
        "Reader is writing to it and leave conflicting or damaged copies; keep projects in "
        "an ordinary folder and back them up instead."
    )
