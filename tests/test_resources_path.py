"""Resources and seeds are found one way, from a checkout, a wheel or a frozen build."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser

import pytest

from reader import APP_ID, APP_NAME, __version__, resources_path
from reader.resources_path import MissingResource


def test_the_seeds_and_resources_are_found_from_the_checkout():
    assert [p.suffix for p in resources_path.seed_files()] == [".txt"] * len(
        resources_path.seed_files()
    )
    assert len(resources_path.seed_files()) >= 5
    assert resources_path.icon_svg().is_file()


def test_the_icon_is_rendered_at_the_sizes_desktops_use():
    assert set(resources_path.icon_pngs()) >= {16, 24, 32, 48, 64, 128, 256, 512}


def test_the_package_layout_wins_over_the_checkout_layout(tmp_path, monkeypatch):
    (tmp_path / "pkg" / "seeds").mkdir(parents=True)
    (tmp_path / "seeds").mkdir()
    monkeypatch.setattr(resources_path, "PACKAGE_DIR", tmp_path / "pkg")
    assert resources_path.seeds_dir() == tmp_path / "pkg" / "seeds"


def test_a_missing_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(resources_path, "PACKAGE_DIR", tmp_path / "pkg")
    with pytest.raises(MissingResource, match="seeds"):
        resources_path.seeds_dir()


def test_the_icon_file_stem_is_the_app_id():
    assert resources_path.ICON_NAME == APP_ID


def test_the_desktop_file_launches_reader_with_its_icon():
    desktop = ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(resources_path.resource(f"{APP_ID}.desktop"), encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "reader"
    assert entry["Type"] == "Application"


def test_the_metainfo_names_the_app_and_its_current_release():
    root = ET.parse(resources_path.resource(f"{APP_ID}.metainfo.xml")).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("releases/release").get("version") == __version__


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_the_desktop_file_is_valid():
    path = resources_path.resource(f"{APP_ID}.desktop")
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream")
def test_the_metainfo_is_valid():
    path = resources_path.resource(f"{APP_ID}.metainfo.xml")
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
