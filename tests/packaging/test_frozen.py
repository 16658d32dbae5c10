"""The packaged executable: built with the documented command, it tests itself.

Slow (a PyInstaller build, a .deb): marked ``packaging``; deselect with
``pytest -m 'not packaging'``. CI runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import APP_NAME, __version__

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
GOAL_ONEDIR_BYTES = 120 * 2**20  # the size goal (MiB, as `du -sh --apparent-size` counts)
MAX_ONEDIR_BYTES = 125 * 2**20
"""The test's ceiling: 117 MB measured, the goal 120; a few MB of headroom keep a new
small dependency from failing everyone's CI, while a large one (a Qt module, a data set)
still fails here. build.py warns past the goal."""

sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Build dist/reader/ and the .deb once for this module, into a temporary folder."""
    out = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--deb",
            "--self-test",
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out / "dist"


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    return build.frozen_environment(tmp_path / "home")


def _run(exe: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=300)


def test_the_executable_prints_its_version(built, home):
    result = _run(built / "reader" / "reader", "--version", env=home)
    assert result.returncode == 0
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"


def test_the_self_test_passes_and_writes_only_in_the_users_locations(built, home):
    app_dir = built / "reader"
    before = sorted(p.relative_to(app_dir) for p in app_dir.rglob("*"))
    result = _run(app_dir / "reader", "--self-test", "--no-err-windows", env=home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.relative_to(app_dir) for p in app_dir.rglob("*")) == before
    data = Path(home["XDG_DATA_HOME"])
    assert any(data.rglob("*")), "the project was not created in the user's data location"


def test_the_bundle_carries_the_seeds_resources_and_version(built):
    internal = built / "reader" / "_internal"
    seeds = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(p.name for p in (internal / "reader" / "seeds").glob("*.txt")) == seeds
    assert (internal / "reader" / "resources" / "icons" / "org.readerapp.Reader.svg").is_file()
    metadata = next(internal.glob("reader-*.dist-info")) / "METADATA"
    assert f"Version: {__version__}" in metadata.read_text(encoding="utf-8")


def test_the_bundle_has_no_dangling_links_and_meets_the_size_goal(built):
    assert build.dangling_links(built) == []
    size = build.tree_size(built / "reader")
    assert size <= MAX_ONEDIR_BYTES, f"dist/reader is {build.mb(size)}"


def test_the_kept_qt_plugins_are_there(built):
    plugins = built / "reader" / "_internal" / "PySide6" / "Qt" / "plugins"
    names = {p.name for p in plugins.rglob("*") if p.is_file()}
    for wanted in ("qxcb", "qwayland", "qoffscreen", "qsvg", "qsvgicon", "composeplatform"):
        assert any(wanted in name for name in names), wanted
    assert not list(plugins.parent.glob("translations/*.qm"))


def test_a_saved_web_page_is_parsed_by_the_frozen_build(built, home, tmp_path):
    # Reaches lxml, trafilatura and the text decoders: modules the trimming must keep.
    page = tmp_path / "page.html"
    paragraph = "The council voted on the new bridge after a long debate. " * 6
    page.write_text(
        "<html><head><title>Bridge vote</title></head><body><article>"
        f"<h1>Bridge vote</h1><p>{paragraph}</p><p>{paragraph}</p></article></body></html>",
        encoding="utf-8",
    )
    result = _run(built / "reader" / "reader", "parse", str(page), env=home)
    assert result.returncode == 0, result.stderr
    assert "Bridge vote" in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian packages on Linux")
def test_the_debian_package_was_built_and_checked(built):
    [package] = built.glob("reader_*.deb")
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(package)], capture_output=True, text=True, check=True
    ).stdout
    for path in (
        "./opt/reader/reader",
        "./usr/bin/reader",
        "./usr/share/applications/org.readerapp.Reader.desktop",
        "./usr/share/icons/hicolor/48x48/apps/org.readerapp.Reader.png",
        "./usr/share/metainfo/org.readerapp.Reader.metainfo.xml",
    ):
        assert path in listing
    info = subprocess.run(
        ["dpkg-deb", "--field", str(package), "Version"], capture_output=True, text=True
    )
    assert info.stdout.strip() == __version__
    assert os.access(built / "reader" / "reader", os.X_OK)
