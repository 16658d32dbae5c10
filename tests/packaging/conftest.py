"""One build for every packaging test: dist/reader/, the .tar.gz and the .deb.

Built once per session into a temporary folder with ``packaging/build.py --tar --deb
--self-test`` (the documented command), so each test module checks the same artefacts.
While working on the tests, ``READER_TEST_DIST=dist READER_TEST_WORK=build`` reuses a
build made with that command instead (CI never sets them).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402


@dataclass(frozen=True)
class Built:
    dist: Path  # the artefacts: reader/, *.tar.gz, *.deb, SHA256SUMS
    work: Path  # PyInstaller's work folder for the spec (bundled-modules.txt, …)
    log: str  # what build.py printed


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    if os.environ.get("READER_TEST_DIST") and os.environ.get("READER_TEST_WORK"):
        work = Path(os.environ["READER_TEST_WORK"]) / "reader"
        return Built(Path(os.environ["READER_TEST_DIST"]), work, "")
    out = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--tar",
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
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return Built(out / "dist", out / "work" / "reader", result.stdout)


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    return build.frozen_environment(tmp_path / "home")
