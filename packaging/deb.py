"""A Debian package of the onedir build, made with ``dpkg-deb`` alone (works offline).

Layout of the package:

    /opt/reader/                              the onedir build (read-only at run time)
    /usr/bin/reader -> /opt/reader/reader     on the PATH
    /usr/share/applications/org.readerapp.Reader.desktop
    /usr/share/icons/hicolor/NxN/apps/org.readerapp.Reader.png, scalable/…svg
    /usr/share/metainfo/org.readerapp.Reader.metainfo.xml

Used by ``build.py --deb``; ``check_deb`` extracts the package into a temporary folder
and runs the extracted executable's self-test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from reader import APP_ID, __version__

ROOT = Path(__file__).resolve().parent.parent


class DebError(Exception):
    """The package could not be made or failed its check; the message says why."""


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


def tree_size(path: Path) -> int:
    return sum(os.lstat(os.path.join(d, f)).st_size for d, _, fs in os.walk(path) for f in fs)


PACKAGE = "reader"
INSTALL_DIR = "opt/reader"

DEPENDS = (
    # The base libraries the spec leaves to the system (SYSTEM_LIBRARIES there), and what
    # the bundled Qt loads from it on a desktop: X11/xcb, Wayland, fonts, OpenGL/EGL, D-Bus.
    "libc6",
    "libstdc++6",
    "libgcc-s1",
    "zlib1g",
    "libbz2-1.0",
    "liblzma5",
    "libzstd1",
    "libexpat1",
    "libsqlite3-0",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0 | libglib2.0-0t64",
    "libdbus-1-3",
    "libegl1",
    "libgl1",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libwayland-client0",
    "libwayland-cursor0",
)


def architecture() -> str:
    try:
        out = subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        import platform

        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def control_file(installed_kib: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {__version__}\n"
        f"Architecture: {architecture()}\n"
        "Maintainer: The Reader team <reader@readerapp.org>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(DEPENDS)}\n"
        "Section: text\n"
        "Priority: optional\n"
        "Homepage: https://readerapp.org\n"
        "Description: close reading of news articles and their reader comments\n"
        " Reader shows a scraped news article apart from the site's clutter, its reader\n"
        " comments as a threaded conversation with quotes linked to their sources, and\n"
        " lets you tag passages with codes from a codebook.\n"
    )


POSTINST = """#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && \
        gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
"""


def stage(app_dir: Path, staging: Path) -> None:
    """Lay out the package's files under ``staging``."""
    shutil.rmtree(staging, ignore_errors=True)
    opt = staging / INSTALL_DIR
    shutil.copytree(app_dir, opt, symlinks=True)
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "reader").symlink_to(f"/{INSTALL_DIR}/reader")

    resources = ROOT / "resources"
    share = staging / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(resources / f"{APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(resources / f"{APP_ID}.metainfo.xml", share / "metainfo")
    hicolor = share / "icons" / "hicolor"
    for png in (resources / "icons").glob(f"{APP_ID}-*.png"):
        size = png.stem.rsplit("-", 1)[1]
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / f"{APP_ID}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(resources / "icons" / f"{APP_ID}.svg", hicolor / "scalable" / "apps")

    debian = staging / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control_file(tree_size(staging) // 1024 + 1))
    (debian / "postinst").write_text(POSTINST)
    (debian / "postinst").chmod(0o755)
    for dirpath, dirs, files in os.walk(staging):  # dpkg-deb wants 0755 dirs
        for name in dirs:
            os.chmod(os.path.join(dirpath, name), 0o755)
        for name in files:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                mode = os.stat(path).st_mode
                os.chmod(path, 0o755 if mode & 0o111 else 0o644)


def build_deb(app_dir: Path, dist: Path, staging: Path) -> Path:
    dpkg_deb = shutil.which("dpkg-deb")
    if dpkg_deb is None:
        raise DebError("dpkg-deb is missing (Debian: apt-get install dpkg)")
    stage(app_dir, staging)
    out = dist / f"{PACKAGE}_{__version__}_{architecture()}.deb"
    result = subprocess.run(
        [dpkg_deb, "--root-owner-group", "-Zxz", "--build", str(staging), str(out)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise DebError(f"dpkg-deb failed:\n{result.stderr}")
    return out


def check_deb(
    package: Path,
    self_test: Callable[[Path, dict[str, str]], None],
    environment: Callable[[Path], dict[str, str]],
) -> None:
    """Extract ``package`` and run its executable's self-test, through /usr/bin's link too."""
    with tempfile.TemporaryDirectory(prefix="reader-deb-") as tmp:
        root = Path(tmp) / "root"
        result = subprocess.run(
            ["dpkg-deb", "-x", str(package), str(root)], capture_output=True, text=True
        )
        if result.returncode != 0:
            raise DebError(f"dpkg-deb -x failed:\n{result.stderr}")
        for path in (
            f"usr/share/applications/{APP_ID}.desktop",
            f"usr/share/metainfo/{APP_ID}.metainfo.xml",
            f"usr/share/icons/hicolor/256x256/apps/{APP_ID}.png",
            f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        ):
            if not (root / path).is_file():
                raise DebError(f"the package lacks /{path}")
        if os.readlink(root / "usr" / "bin" / "reader") != f"/{INSTALL_DIR}/reader":
            raise DebError("/usr/bin/reader does not point at the installed executable")
        self_test(root / INSTALL_DIR / "reader", environment(Path(tmp) / "home"))
        log(f"{package.name}: extracted, files in place, self-test passed")
