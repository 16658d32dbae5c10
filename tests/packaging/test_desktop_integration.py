"""Installed, Reader owns its project file type and nothing else.

The .deb is installed with dpkg into an empty root (``dpkg --root``: a clean system
with nothing but Reader, its database of installed packages included), the MIME and
desktop databases are built there as the packages' triggers would, and ``xdg-mime``
is asked with a throwaway HOME what a ``.reader`` file is and who opens text. The same
for the tarball's ``install-menu-entry.sh`` in a throwaway HOME over this system's own
files. Needs dpkg, xdg-utils, shared-mime-info and desktop-file-utils (CI installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from reader import APP_ID, __version__

TOOLS = ("dpkg", "xdg-mime", "update-mime-database", "update-desktop-database")
pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        any(shutil.which(t) is None for t in TOOLS), reason="needs " + ", ".join(TOOLS)
    ),
    pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0,
        reason="dpkg --root installs files owned by root (CI runs as root)",
    ),
]

PROJECT_TYPE = "application/x-reader-project"
TEXT_TYPES = ("text/plain", "text/html")


def _xdg(home: Path, data_dirs: str, data_home: Path | None = None):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_DIRS": data_dirs,
        "XDG_DATA_HOME": str(data_home or home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CONFIG_DIRS": str(home / "etc"),
    }

    def query(*args: str) -> str:
        result = subprocess.run(
            ["xdg-mime", "query", *args], capture_output=True, text=True, env=env, timeout=60
        )
        return result.stdout.strip()

    return query


def _refresh(share: Path) -> None:
    """What shared-mime-info's and desktop-file-utils' dpkg triggers do on install."""
    subprocess.run(["update-mime-database", str(share / "mime")], check=True)
    subprocess.run(["update-desktop-database", str(share / "applications")], check=True)


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("root")
    admin = root / "var" / "lib" / "dpkg"
    (admin / "info").mkdir(parents=True)
    (admin / "updates").mkdir()
    (admin / "status").touch()
    (admin / "available").touch()
    [package] = built.dist.glob("reader_*.deb")
    # --force-depends: the empty root has none of the libraries (their files are not
    # needed to register ours); the package has no maintainer scripts to run there.
    subprocess.run(
        ["dpkg", f"--root={root}", "--force-depends", "--force-not-root", "-i", str(package)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    _refresh(root / "usr" / "share")
    return root


@pytest.fixture
def project_file(built, home, tmp_path) -> Path:
    """A real project (an SQLite file) made by the frozen build, with one document."""
    seed = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))[0]
    path = tmp_path / "Study 1.reader"
    result = subprocess.run(
        [str(built.dist / "reader" / "reader"), "import", str(path), str(seed)],
        capture_output=True, text=True, env=home, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return path


def test_a_reader_project_is_our_file_type_and_opens_in_reader(installed, project_file, tmp_path):
    query = _xdg(tmp_path, str(installed / "usr" / "share"))
    assert query("filetype", str(project_file)) == PROJECT_TYPE
    assert query("default", PROJECT_TYPE) == f"{APP_ID}.desktop"


def test_installing_makes_reader_the_handler_of_no_text_type(installed, tmp_path):
    alone = _xdg(tmp_path, str(installed / "usr" / "share"))
    system = _xdg(tmp_path, "/usr/share")
    layered = _xdg(tmp_path, f"{installed / 'usr' / 'share'}:/usr/share")
    for mime in TEXT_TYPES:
        assert alone("default", mime) == "", mime
        assert layered("default", mime) == system("default", mime), mime


def test_no_installed_desktop_entry_claims_text(installed):
    for entry in (installed / "usr" / "share" / "applications").glob("*.desktop"):
        types = [
            line.split("=", 1)[1]
            for line in entry.read_text(encoding="utf-8").splitlines()
            if line.startswith("MimeType=")
        ]
        assert types == [f"{PROJECT_TYPE};"], entry.name


def test_the_package_ships_the_file_type_icon_and_a_machine_readable_copyright(installed):
    share = installed / "usr" / "share"
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (share / "icons/hicolor/scalable/mimetypes/application-x-reader-project.svg").is_file()
    assert (share / "icons/hicolor/48x48/mimetypes/application-x-reader-project.png").is_file()
    copyright = (share / "doc" / "reader" / "copyright").read_text(encoding="utf-8")
    paragraphs = [p for p in copyright.strip().split("\n\n") if p.strip()]
    assert paragraphs[0].startswith(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    )
    declared = set()
    used = set()
    for paragraph in paragraphs[1:]:
        fields = dict(
            line.split(":", 1) for line in paragraph.splitlines() if line and line[0] != " "
        )
        if "Files" in fields:
            assert "Copyright" in fields and "License" in fields, paragraph
            used.add(fields["License"].strip())
        else:
            assert list(fields) == ["License"], paragraph
            assert len(paragraph.splitlines()) > 1, f"no text or pointer: {paragraph}"
            declared.add(fields["License"].strip())
    assert used <= declared, used - declared


def test_removing_the_package_leaves_no_file(installed, tmp_path_factory):
    root = tmp_path_factory.mktemp("root-removed")
    shutil.copytree(installed, root, symlinks=True, dirs_exist_ok=True)
    subprocess.run(
        ["dpkg", f"--root={root}", "--force-depends", "--force-not-root", "-r", "reader"],
        check=True, capture_output=True,
    )  # fmt: skip
    left = [
        p
        for p in root.rglob("*")
        if (p.is_file() or p.is_symlink())
        and "var/lib/dpkg" not in str(p)
        and not p.is_relative_to(root / "usr" / "share" / "mime")  # the built databases
        and p.name not in ("mimeinfo.cache",)
    ]
    assert left == []


def test_the_tarballs_menu_entry_script_registers_the_type_in_home_only(
    built, project_file, tmp_path
):
    [tarball] = built.dist.glob("reader-*.tar.gz")
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    folder = tmp_path / "unpacked" / f"reader-{__version__}"
    home = tmp_path / "home"
    data = home / ".local" / "share"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    system = _xdg(home, "/usr/share", data)
    before = {mime: system("default", mime) for mime in TEXT_TYPES}
    subprocess.run([str(folder / "install-menu-entry.sh")], check=True, env=env, timeout=120)
    entry = (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'Exec="{folder}/reader" %F' in entry
    assert system("filetype", str(project_file)) == PROJECT_TYPE
    assert system("default", PROJECT_TYPE) == f"{APP_ID}.desktop"
    assert {mime: system("default", mime) for mime in TEXT_TYPES} == before
    subprocess.run([str(folder / "install-menu-entry.sh"), "--remove"], check=True, env=env)
    assert not (data / "applications" / f"{APP_ID}.desktop").exists()
    assert system("filetype", str(project_file)) != PROJECT_TYPE


def test_a_project_passed_on_the_command_line_is_the_one_opened(built, home, project_file):
    # What a double-click does: the desktop entry runs `reader %F` with the file.
    result = subprocess.run(
        [str(built.dist / "reader" / "reader"), "--self-test", str(project_file)],
        capture_output=True, text=True, env=home, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test ok: 1 documents" in result.stdout
