"""Where Reader's read-only files are: the ``resources/`` and ``seeds/`` folders.

One rule for every way Reader runs, so no other module guesses at paths:

- a **frozen** build (PyInstaller) and an **installed wheel** carry both folders inside
  the package, as ``reader/resources`` and ``reader/seeds`` (the spec and the wheel's
  ``force-include`` put them there);
- a **source checkout** has them beside the package, at the repository's top level.

These folders are never written to (a packaged program's folder is read-only); the
user's project, settings and logs live in the user's locations (``QStandardPaths``).
No Qt here: the command-line tools and the store use this module too.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

ICON_NAME = "org.readerapp.Reader"
"""The file stem of the application icon, the .desktop file and the metainfo (the app id)."""


class MissingResource(FileNotFoundError):
    """A bundled folder or file is not where the build should have put it."""


def is_frozen() -> bool:
    """True in a PyInstaller build (onedir or onefile)."""
    return bool(getattr(sys, "frozen", False))


def _candidates(folder: str) -> tuple[Path, ...]:
    # Inside the package first (frozen, wheel), then beside it (source checkout).
    return (PACKAGE_DIR / folder, PACKAGE_DIR.parent / folder)


def _find(folder: str) -> Path:
    for candidate in _candidates(folder):
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in _candidates(folder))
    raise MissingResource(f"Reader's {folder}/ folder is missing (looked in {tried})")


def resources_dir() -> Path:
    """The folder with the icons, the .desktop file and the metainfo."""
    return _find("resources")


def seeds_dir() -> Path:
    """The folder with the sample documents imported into a new default project."""
    return _find("seeds")


def seed_files() -> list[Path]:
    """The bundled sample documents, in a stable order."""
    return sorted(p for p in seeds_dir().iterdir() if p.is_file() and p.suffix == ".txt")


def resource(relative: str) -> Path:
    """A file under ``resources/``, e.g. ``resource("icons/org.readerapp.Reader.svg")``."""
    path = resources_dir() / relative
    if not path.exists():
        raise MissingResource(f"Reader's resource {relative} is missing (looked in {path})")
    return path


def icon_svg() -> Path:
    """The application icon's SVG master."""
    return resource(f"icons/{ICON_NAME}.svg")


def icon_pngs() -> dict[int, Path]:
    """The application icon rendered at the sizes desktops use, keyed by size in pixels."""
    found: dict[int, Path] = {}
    for png in (resources_dir() / "icons").glob(f"{ICON_NAME}-*.png"):
        size = png.stem.rsplit("-", 1)[1]
        if size.isdigit():
            found[int(size)] = png
    return dict(sorted(found.items()))
