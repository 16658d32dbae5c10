"""The .deb declares the glibc its binaries need: a binary needing more fails the build.

Fast (no PyInstaller build): a bundle of one system binary whose symbol-version needs
are rewritten to ask for a glibc that does not exist yet.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or shutil.which("readelf") is None,
        reason="ELF binaries and readelf (binutils)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import deb  # noqa: E402


def _binary_needing(tmp_path: Path, version: bytes) -> Path:
    """A copy of /usr/bin/true whose GLIBC_2.34 need reads ``version`` (same length)."""
    data = Path("/usr/bin/true").read_bytes()
    assert b"GLIBC_2.34\0" in data and len(version) == len(b"GLIBC_2.34")
    app = tmp_path / "app"
    app.mkdir()
    exe = app / "reader"
    exe.write_bytes(data.replace(b"GLIBC_2.34\0", version + b"\0"))
    exe.chmod(0o755)
    return app


def test_the_glibc_a_bundle_needs_is_read_from_its_binaries(tmp_path):
    app = _binary_needing(tmp_path, b"GLIBC_2.34")
    needed, where = deb.glibc_needed(deb.elf_files(app))
    assert needed == (2, 34) and where == app / "reader"


def test_a_binary_needing_a_newer_glibc_than_declared_fails(tmp_path):
    app = _binary_needing(tmp_path, b"GLIBC_2.99")
    with pytest.raises(deb.DebError, match=r"needs glibc 2\.99.*libc6 \(>= 2\.35\)"):
        deb.check_glibc("libc6 (>= 2.35), zlib1g", deb.elf_files(app))
    assert deb.check_glibc("libc6 (>= 2.99)", deb.elf_files(app)) == "2.99"


@pytest.mark.skipif(shutil.which("dpkg-shlibdeps") is None, reason="dpkg-dev")
def test_the_package_build_stops_on_such_a_binary(tmp_path):
    app = _binary_needing(tmp_path, b"GLIBC_2.99")
    with pytest.raises(deb.DebError, match=r"needs glibc 2\.99"):
        deb.build_deb(app, tmp_path, tmp_path / "staging", tmp_path / "icons", [])
    assert not list(tmp_path.glob("*.deb"))
