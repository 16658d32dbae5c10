"""The licences of everything the build bundles: ``licenses/`` and ``THIRD-PARTY.md``.

Generated at build time from what the bundle actually holds (the spec writes
``bundled-files.tsv``: each file's place in the bundle and where it came from, and
``bundled-modules.txt``: the Python modules), never from a hand-kept list:

- a file from a Python distribution (found by its path in ``site-packages``, or a pure
  module by its top-level name) gets that distribution's licence files and metadata
  (``importlib.metadata``);
- the standard library, ``libpython`` and ``lib-dynload`` get Python's ``LICENSE.txt``;
- a library collected from the system gets its Debian package's ``copyright`` file
  (``dpkg -S``, ``/usr/share/doc/PKG/copyright``);
- Qt (in the PySide6 wheels, which carry no licence text) gets the LGPL-3.0 and GPL-3.0
  texts, and ICU (which Qt bundles) the ICU licence.

``write_licenses`` fails (``LicenseError``) when a bundled file belongs to no component,
or a component has no licence text: a release never ships a part without its licence.
"""

from __future__ import annotations

import glob
import importlib.metadata as md
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMON_LICENSES = Path("/usr/share/common-licenses")


ARCHIVE = "archive:"
"""Prefix of a ``Component.files`` entry that is a module in the executable's archive."""


SOURCE_LABELS = ("source", "source code", "repository", "code", "github", "homepage", "home")
"""Project-URL labels that name where a distribution's source is, most telling first."""


class LicenseError(Exception):
    """A bundled part has no known origin or no licence text."""


@dataclass
class Component:
    """One bundled third-party part: a Python distribution, Python, Qt, a system library."""

    name: str
    version: str
    license: str
    source: str
    texts: dict[str, bytes] = field(default_factory=dict)  # file name -> licence text
    files: set[str] = field(default_factory=set)  # bundle paths, or ARCHIVE + module
    copyright: str = ""


# ---- where bundled files come from --------------------------------------------------------


def _read_tsv(work: Path) -> list[tuple[str, str]]:
    rows = []
    for line in (work / "bundled-files.tsv").read_text(encoding="utf-8").splitlines():
        dest, _, src = line.partition("\t")
        rows.append((dest.replace("\\", "/"), src))
    return rows


def _site_packages() -> list[Path]:
    paths = sysconfig.get_paths()
    return [Path(paths[k]).resolve() for k in ("purelib", "platlib")]


def _python_home() -> Path:
    return Path(sys.base_prefix).resolve()


def _distribution_of_path(src: Path, owners: dict[Path, md.Distribution]) -> md.Distribution | None:
    for parent in (src, *src.parents):
        if parent in owners:
            return owners[parent]
    return None


def _file_owners() -> dict[Path, md.Distribution]:
    """Each installed file (and each top folder of a distribution) -> its distribution."""
    owners: dict[Path, md.Distribution] = {}
    for dist in md.distributions():
        for f in dist.files or ():
            path = Path(dist.locate_file(f)).resolve()
            owners[path] = dist
            top = Path(dist.locate_file(f.parts[0])).resolve() if f.parts else None
            if top is not None and not f.parts[0].endswith((".dist-info", "..", ".pth")):
                owners.setdefault(top, dist)
    return owners


def _debian_package(src: str) -> str | None:
    candidates = {src, str(Path(src).resolve())}
    candidates |= {"/usr" + c for c in list(candidates) if c.startswith("/lib")}
    for path in candidates:
        result = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def _debian_query(package: str, field: str) -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", f"-f=${{{field}}}", package], capture_output=True, text=True
    )
    return result.stdout.strip() or "?"


# ---- the components -----------------------------------------------------------------------


def _dist_component(dist: md.Distribution) -> Component:
    meta = dist.metadata
    name = meta["Name"]
    licence = meta.get("License-Expression") or ""
    if not licence:
        classifiers = [
            c.split("::")[-1].strip()
            for c in meta.get_all("Classifier") or []
            if c.startswith("License ::")
        ]
        short = (meta.get("License") or "").strip()
        licence = "; ".join(classifiers) or (short if short and "\n" not in short else "")
    labelled = {}
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        labelled.setdefault(label.strip().lower(), url.strip())
    source = next(
        (labelled[k] for k in SOURCE_LABELS if k in labelled),
        meta.get("Home-page") or next(iter(labelled.values()), f"https://pypi.org/project/{name}/"),
    )
    comp = Component(
        name, dist.version, licence or "see the licence text", source,
        copyright=meta.get("Author") or meta.get("Author-email") or meta.get("Maintainer") or "",
    )  # fmt: skip
    for f in dist.files or ():
        lowered = f.name.lower()
        if any(k in lowered for k in ("license", "licence", "copying", "notice", "authors")):
            path = Path(dist.locate_file(f))
            if path.is_file() and f.suffix not in (".py", ".pyc", ".so", ".pyi"):
                comp.texts[f.name if f.name not in comp.texts else "-".join(f.parts[-2:])] = (
                    path.read_bytes()
                )
    if not comp.texts and meta.get("License") and "\n" in meta["License"]:
        comp.texts["LICENSE (from the package metadata)"] = meta["License"].encode()
    if not comp.texts:
        _standard_texts(comp, meta.get_all("Classifier") or [])
    return comp


# A licence classifier and the standard text of that licence in COMMON_LICENSES, for a
# distribution that names its licences but ships no text of them (odfpy).
_CLASSIFIER_TEXTS = {
    "Apache Software License": "Apache-2.0",
    "GNU General Public License (GPL)": "GPL-2",
    "GNU General Public License v2 (GPLv2)": "GPL-2",
    "GNU General Public License v3 (GPLv3)": "GPL-3",
    "GNU Library or Lesser General Public License (LGPL)": "LGPL-2.1",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
}


def _standard_texts(comp: Component, classifiers: list[str]) -> None:
    """The standard texts of the licences a distribution's classifiers name."""
    for classifier in classifiers:
        name = _CLASSIFIER_TEXTS.get(classifier.split("::")[-1].strip())
        path = COMMON_LICENSES / name if name else None
        if path is not None and path.is_file():
            comp.texts[f"{name} (the standard text; the package names it, ships none)"] = (
                path.read_bytes()
            )


def _python_component() -> Component:
    version = ".".join(map(str, sys.version_info[:3]))
    comp = Component(
        "Python", version, "PSF-2.0",
        f"https://www.python.org/downloads/release/python-{version.replace('.', '')}/",
        copyright="Python Software Foundation",
    )  # fmt: skip
    text = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if text.is_file():
        comp.texts["LICENSE.txt"] = text.read_bytes()
    return comp


def _qt_texts(comp: Component) -> None:
    """The LGPL-3.0 Qt is used under, and the GPL-3.0 it builds on."""
    for name in ("LGPL-3", "GPL-3"):
        path = COMMON_LICENSES / name
        if path.is_file():
            comp.texts[f"{name}.txt"] = path.read_bytes()


def _icu_component(version: str) -> Component:
    comp = Component(
        "ICU (bundled with Qt)", version, "Unicode-DFS-2016 AND ICU",
        "https://github.com/unicode-org/icu/releases",
        copyright="Unicode, Inc. and others",
    )  # fmt: skip
    for path in sorted(glob.glob("/usr/share/doc/libicu[0-9]*/copyright")):
        comp.texts["LICENSE (ICU, from Debian's libicu package)"] = Path(path).read_bytes()
        break
    return comp


def _normal(name: str) -> str:
    """A distribution's name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def components(work: Path) -> list[Component]:
    """What the bundle holds, by component, from the spec's records in ``work``."""
    owners = _file_owners()
    home = _python_home()
    sites = _site_packages()
    by_name: dict[str, Component] = {}
    unknown: list[str] = []

    def add(key: str, make, dest: str) -> None:
        if key not in by_name:
            by_name[key] = make()
        by_name[key].files.add(dest)

    for dest, src_text in _read_tsv(work):
        src = Path(src_text).resolve() if src_text else Path()
        dist = _distribution_of_path(src, owners)
        own = [ROOT / d for d in ("reader", "resources", "seeds", "packaging")] + [work.resolve()]
        if any(src.is_relative_to(d) for d in own) or (dist and dist.metadata["Name"] == "reader"):
            continue  # Reader's own files, and what PyInstaller made (base_library.zip)
        if dist is not None:
            name = dist.metadata["Name"]
            add(_normal(name), lambda d=dist: _dist_component(d), dest)
            if "libicu" in src.name:
                add("icu", lambda s=src: _icu_component(s.name.rsplit(".so.", 1)[-1]), dest)
        elif any(src.is_relative_to(s) for s in sites):
            unknown.append(f"{dest} (from {src}, no distribution owns it)")
        elif src.is_relative_to(home):
            add("python", _python_component, dest)
        elif src.is_absolute() and str(src).startswith(("/usr/", "/lib")):
            package = _debian_package(src_text)
            if package is None:
                unknown.append(f"{dest} (from {src}, no Debian package owns it)")
                continue
            add(f"deb:{package}", lambda p=package: _debian_component(p), dest)
        elif dist is None and src_text:
            unknown.append(f"{dest} (from {src})")
    modules = (work / "bundled-modules.txt").read_text(encoding="utf-8").split()
    top_levels = md.packages_distributions()
    for module in modules:
        top = module.split(".")[0]
        names = top_levels.get(top)
        if names and names[0].lower() != "reader":
            dist = md.distribution(names[0])
            add(_normal(dist.metadata["Name"]), lambda d=dist: _dist_component(d), ARCHIVE + top)
        elif not names:
            add("python", _python_component, ARCHIVE + top)
    if unknown:
        raise LicenseError("bundled files of unknown origin: " + "; ".join(unknown[:10]))
    for key in ("pyside6-essentials", "pyside6-addons", "shiboken6"):
        if key in by_name:
            _qt_texts(by_name[key])
    return sorted(by_name.values(), key=lambda c: c.name.lower())


def _debian_component(package: str) -> Component:
    source, version = _debian_query(package, "source:Package"), _debian_query(package, "Version")
    comp = Component(
        package, version, "see copyright (Debian)",
        f"Debian source package {source} {_debian_query(package, 'source:Version')}: "
        f"`apt-get source {source}`, https://sources.debian.org/src/{source}/",
    )  # fmt: skip
    path = Path("/usr/share/doc") / package / "copyright"
    if path.is_file():
        comp.texts["copyright"] = path.read_bytes()
        licences = sorted(
            {
                line.split(":", 1)[1].strip()
                for line in path.read_text("utf-8", "replace").splitlines()
                if line.startswith("License:") and line.split(":", 1)[1].strip()
            }
        )
        if licences:
            comp.license = " AND ".join(licences[:4])
    return comp


# ---- writing ---------------------------------------------------------------------------------


def _folder_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def write_licenses(app_dir: Path, work: Path) -> list[Component]:
    """``app_dir/licenses/`` and ``app_dir/THIRD-PARTY.md``; raises on a missing licence."""
    found = components(work)
    missing = [c.name for c in found if not c.texts]
    if missing:
        raise LicenseError("no licence text found for: " + ", ".join(missing))
    out = app_dir / "licenses"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    own = ROOT / "LICENSE"
    shutil.copy2(own, out / "Reader-LICENSE.txt")
    for comp in found:
        folder = out / _folder_name(comp.name)
        folder.mkdir(exist_ok=True)
        for file_name, text in comp.texts.items():
            (folder / _folder_name(file_name)).write_bytes(text)
    (app_dir / "THIRD-PARTY.md").write_text(third_party_markdown(found), encoding="utf-8")
    return found


def third_party_markdown(found: list[Component]) -> str:
    lines = [
        "# What this build of Reader bundles",
        "",
        "Reader itself is under the MIT licence (`licenses/Reader-LICENSE.txt`). It bundles",
        "the parts below, each under its own licence; their texts are in `licenses/NAME/`.",
        "This list is generated by the build from what the bundle holds.",
        "",
        "**Qt and PySide6 (LGPL-3.0).** Qt's libraries are separate shared libraries in",
        "`_internal/PySide6/Qt/lib/` and PySide6's bindings separate modules in",
        "`_internal/PySide6/`; you may replace them with your own builds of the same version",
        "(from the sources below) and Reader loads yours: that is the LGPL's means to relink.",
        "The PySide6 wheels carry no licence files of their own: the LGPL-3.0 and GPL-3.0",
        "texts in `licenses/PySide6_Essentials/` are Debian's copies of the FSF's texts.",
        "Qt's own notices for the third-party code built into its libraries are listed at",
        "https://doc.qt.io/qt-6/licenses-used-in-qt.html.",
        "",
        "| component | version | licence | source |",
        "|---|---|---|---|",
    ]
    for comp in found:
        lines.append(f"| {comp.name} | {comp.version} | {comp.license} | {comp.source} |")
    return "\n".join(lines) + "\n"
