from __future__ import annotations

from pathlib import Path

import pytest

from reader.store.places import synced_folder, synced_folder_warning


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("Dropbox/research", "Dropbox"),
        ("OneDrive - University of Somewhere/projects", "OneDrive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
        ("Nextcloud", "Nextcloud"),
        ("Google Drive/My Drive/coding", "Google Drive"),
    ],
)
def test_projects_inside_a_sync_clients_folder_are_recognised(tmp_path, folder, service):
    project = tmp_path / folder / "study.reader"
    assert synced_folder(project) == service
    warning = synced_folder_warning(project)
    assert warning is not None and "study.reader" in warning and service in warning


def test_a_syncthing_folder_is_recognised_by_its_marker(tmp_path):
    (tmp_path / "shared" / ".stfolder").mkdir(parents=True)
    (tmp_path / "shared" / "deep").mkdir()
    assert synced_folder(tmp_path / "shared" / "deep" / "p.reader") == "Syncthing"


def test_an_ordinary_folder_gets_no_warning(tmp_path):
    project = tmp_path / "Documents" / "dropboxes-of-letters" / "p.reader"
    assert synced_folder(project) is None
    assert synced_folder_warning(Path(project)) is None
