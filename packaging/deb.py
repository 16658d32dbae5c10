"""A Debian package of the onedir build, made with ``dpkg-deb`` alone (works offline).

Layout of the package:

    /opt/reader/                              the onedir build (read-only at run time)
    /usr/bin/reader -> /opt/reader/reader     on the PATH
    /usr/share/applications/org.readerapp.Reader.desktop
    /usr/share/icons/hicolor/NxN/apps/org.readerapp.Reader.png, scalable/…svg
    /usr/share/metainfo/org.readerapp.Reader.metainfo.xml
    /usr/share/mime/packages/org.readerapp.Reader.xml  the *.reader project file type
    /usr/share/icons/hicolor/*/mimetypes/application-x-reader-project.*
    /usr/share/doc/reader/copyright           machine-readable (DEP-5)

``Depends`` is computed by ``dpkg-shlibdeps`` from what the bundle links, and the build
fails when a bundled binary needs a newer glibc than that declares (``check_glibc``).

Used by ``build.py --deb``; ``check_deb`` extracts the package into a temporary folder
and runs the extracted executable's self-test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

from reader import APP_ID, __version__

MIME_ICON = "application-x-reader-project"

ROOT = Path(__file__).resolve().parent.parent


class DebError(Exception):
    """The package could not be made or failed its check; the message says why."""


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


def tree_size(path: Path) -> int:
    return sum(os.lstat(os.path.join(d, f)).st_size for d, _, fs in os.walk(path) for f in fs)


PACKAGE = "reader"
INSTALL_DIR = "opt/reader"

ELF_MAGIC = b"\x7fELF"


def elf_files(app_dir: Path) -> list[Path]:
    """The executable and every shared object in the bundle (by their ELF header)."""
    found = []
    for dirpath, _dirs, files in os.walk(app_dir):
        for name in files:
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            with open(path, "rb") as f:
                if f.read(4) == ELF_MAGIC:
                    found.append(path)
    return sorted(found)


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))


def glibc_needed(files: list[Path]) -> tuple[tuple[int, ...], Path | None]:
    """The newest ``GLIBC_x.y`` symbol version any of ``files`` needs, and which file."""
    newest: tuple[tuple[int, ...], Path | None] = ((), None)
    for chunk in range(0, len(files), 200):
        batch = files[chunk : chunk + 200]
        result = subprocess.run(
            ["readelf", "--version-info", "--wide", *map(str, batch)],
            capture_output=True, text=True,
        )  # fmt: skip
        current = batch[0]  # readelf names each file only when given several
        for line in result.stdout.splitlines():
            if line.startswith("File: "):
                current = Path(line[6:].strip())
            for version in re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", line):
                if _version_tuple(version) > newest[0]:
                    newest = (_version_tuple(version), current)
    return newest


def compute_depends(app_dir: Path, work: Path) -> str:
    """``Depends`` for what the bundle links, by ``dpkg-shlibdeps`` (from dpkg-dev).

    The bundle's own libraries are passed as private library folders (``-l``), so only
    what it takes from the system becomes a dependency, with the versions the Debian
    symbols files give for the symbols it uses (glibc among them).
    """
    tool = shutil.which("dpkg-shlibdeps")
    if tool is None:
        raise DebError("dpkg-shlibdeps is missing (Debian: apt-get install dpkg-dev)")
    files = elf_files(app_dir)
    private = sorted({str(f.parent) for f in files if ".so" in f.name})
    (work / "debian").mkdir(parents=True, exist_ok=True)
    (work / "debian" / "control").write_text(
        f"Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n"
    )
    result = subprocess.run(
        [tool, "-O", "--ignore-missing-info", *(f"-l{d}" for d in private), *map(str, files)],
        capture_output=True, text=True, cwd=work,
    )  # fmt: skip
    if result.returncode != 0:
        errors = [line for line in result.stderr.splitlines() if "error" in line]
        raise DebError(
            "dpkg-shlibdeps could not work out the dependencies (a library the bundle links "
            "must be installed on the build machine):\n" + "\n".join(errors[:10])
        )
    line = next((x for x in result.stdout.splitlines() if x.startswith("shlibs:Depends=")), "")
    depends = line.removeprefix("shlibs:Depends=").strip()
    if not depends:
        raise DebError("dpkg-shlibdeps printed no dependencies")
    return depends


def check_glibc(depends: str, files: list[Path]) -> str:
    """Fail when a bundled binary needs a newer glibc than ``depends`` declares."""
    needed, where = glibc_needed(files)
    match = re.search(r"libc6 \(>= ([^)]+)\)", depends)
    declared = _version_tuple(match.group(1).split("-")[0]) if match else ()
    if needed and needed > declared:
        shown = ".".join(map(str, needed))
        said = f">= {match.group(1)}" if match else "no version"
        raise DebError(
            f"{where} needs glibc {shown}, but the package declares libc6 ({said}): "
            "it would install where it cannot start"
        )
    return ".".join(map(str, needed))


def architecture() -> str:
    try:
        out = subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        import platform

        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def control_file(installed_kib: int, depends: str) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {__version__}\n"
        f"Architecture: {architecture()}\n"
        "Maintainer: The Reader team <reader@readerapp.org>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {depends}\n"
        "Section: text\n"
        "Priority: optional\n"
        "Homepage: https://readerapp.org\n"
        "Description: close reading of news articles and their reader comments\n"
        " Reader shows a scraped news article apart from the site's clutter, its reader\n"
        " comments as a threaded conversation with quotes linked to their sources, and\n"
        " lets you tag passages with codes from a codebook.\n"
    )


def _in_archive(component) -> bool:
    return any(f.startswith("archive:") for f in component.files)


def copyright_file(found: list) -> str:
    """``/usr/share/doc/reader/copyright`` in the machine-readable format (DEP-5)."""
    opt = f"{INSTALL_DIR}/_internal"
    lines = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
        "Upstream-Name: Reader",
        "Upstream-Contact: The Reader team <reader@readerapp.org>",
        "Source: https://readerapp.org",
        "Comment: The package holds Reader and the third-party parts it bundles in",
        f" /{INSTALL_DIR}/; /{INSTALL_DIR}/THIRD-PARTY.md lists them with their sources,",
        f" and /{INSTALL_DIR}/licenses/ holds each one's licence texts. The executable",
        f" /{INSTALL_DIR}/reader also carries, in its module archive, Python modules of",
        " these components, under their licences (see THIRD-PARTY.md):",
        *textwrap.wrap(
            ", ".join(sorted(c.name for c in found if _in_archive(c))) + ".",
            width=80,
            initial_indent=" ",
            subsequent_indent=" ",
        ),
        "",
        "Files: *",
        "Copyright: 2026 The Reader team",
        "License: Expat",
        "",
    ]
    licences: dict[str, str] = {"Expat": "See the text below."}
    # A folder goes to the component with most files in it (PySide6/ to PySide6's
    # Essentials); another component's files in it (ICU's libraries, QtCharts from
    # Addons) are named one by one, in paragraphs after it: the last match wins.
    counts: dict[str, dict[str, int]] = {}
    for comp in found:
        for f in comp.files - {f for f in comp.files if f.startswith("archive:")}:
            by = counts.setdefault(f.split("/")[0], {})
            by[comp.name] = by.get(comp.name, 0) + 1
    main = {top: max(by, key=lambda name: by[name]) for top, by in counts.items()}

    def patterns(comp) -> list[str]:
        out = set()
        for f in comp.files:
            if f.startswith("archive:"):
                continue
            top = f.split("/")[0]
            if main[top] == comp.name:
                out.add(f"{opt}/{top}" + ("/*" if "/" in f else ""))
            else:
                out.add(f"{opt}/{f}")
        return sorted(out)

    ordered = sorted(
        found,
        key=lambda c: any(
            main[f.split("/")[0]] != c.name for f in c.files if not f.startswith("archive:")
        ),
    )
    for comp in ordered:
        tops = patterns(comp)
        if not tops:
            continue
        short = re.sub(r"[^A-Za-z0-9.+-]+", "-", comp.license).strip("-") or "other"
        folder = "".join(c if c.isalnum() or c in "-_." else "_" for c in comp.name)
        licences.setdefault(
            short,
            f"The texts are in /{INSTALL_DIR}/licenses/{folder}/ (component {comp.name}).",
        )
        lines += [
            "Files: " + " ".join(tops),
            f"Copyright: {comp.copyright or 'its authors (see the licence texts)'}",
            f"License: {short}",
            f"Comment: {comp.name} {comp.version}; source: {comp.source}",
            "",
        ]
    mit = (ROOT / "LICENSE").read_text(encoding="utf-8").split("\n", 2)[2].strip()
    body = "\n".join(f" {line}" if line.strip() else " ." for line in mit.splitlines())
    lines += ["License: Expat", body, ""]
    for short, text in licences.items():
        if short != "Expat":
            lines += [f"License: {short}", f" {text}", ""]
    return "\n".join(lines)


def stage(app_dir: Path, staging: Path, icons_dir: Path, depends: str, found: list) -> None:
    """Lay out the package's files under ``staging``.

    No maintainer scripts: the MIME database, the desktop database and the icon cache
    are updated by the dpkg triggers of shared-mime-info, desktop-file-utils and the
    icon cache packages, which is how Debian packages do it since triggers exist.
    """
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
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(resources / f"{APP_ID}.mime.xml", share / "mime" / "packages" / f"{APP_ID}.xml")
    hicolor = share / "icons" / "hicolor"
    for png in (resources / "icons").glob(f"{APP_ID}-*.png"):
        size = png.stem.rsplit("-", 1)[1]
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / f"{APP_ID}.png")
    for png in (icons_dir / "mimetypes").glob("*/*.png"):
        target = hicolor / png.parent.name / "mimetypes"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / png.name)
    for kind, svg in (("apps", f"{APP_ID}.svg"), ("mimetypes", f"{MIME_ICON}.svg")):
        (hicolor / "scalable" / kind).mkdir(parents=True, exist_ok=True)
        shutil.copy2(resources / "icons" / svg, hicolor / "scalable" / kind)
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_file(found), encoding="utf-8")

    debian = staging / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control_file(tree_size(staging) // 1024 + 1, depends))
    for dirpath, dirs, files in os.walk(staging):  # dpkg-deb wants 0755 dirs
        for name in dirs:
            os.chmod(os.path.join(dirpath, name), 0o755)
        for name in files:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                mode = os.stat(path).st_mode
                os.chmod(path, 0o755 if mode & 0o111 else 0o644)


def build_deb(app_dir: Path, dist: Path, staging: Path, icons_dir: Path, found: list) -> Path:
    dpkg_deb = shutil.which("dpkg-deb")
    if dpkg_deb is None:
        raise DebError("dpkg-deb is missing (Debian: apt-get install dpkg)")
    depends = compute_depends(app_dir, staging.parent / "shlibdeps")
    glibc = check_glibc(depends, elf_files(app_dir))
    log(f"Depends from dpkg-shlibdeps; the bundle needs glibc {glibc}: {depends}")
    stage(app_dir, staging, icons_dir, depends, found)
    out = dist / f"{PACKAGE}_{__version__}_{architecture()}.deb"
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch()))
    result = subprocess.run(
        [dpkg_deb, "--root-owner-group", "-Zxz", "--build", str(staging), str(out)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    if result.returncode != 0:
        raise DebError(f"dpkg-deb failed:\n{result.stderr}")
    return out


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the last commit's time (reproducible builds)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, cwd=ROOT
    )
    return int(result.stdout.strip()) if result.stdout.strip().isdigit() else 0


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
            f"usr/share/mime/packages/{APP_ID}.xml",
            f"usr/share/icons/hicolor/48x48/mimetypes/{MIME_ICON}.png",
            "usr/share/doc/reader/copyright",
            f"{INSTALL_DIR}/THIRD-PARTY.md",
        ):
            if not (root / path).is_file():
                raise DebError(f"the package lacks /{path}")
        if os.readlink(root / "usr" / "bin" / "reader") != f"/{INSTALL_DIR}/reader":
            raise DebError("/usr/bin/reader does not point at the installed executable")
        self_test(root / INSTALL_DIR / "reader", environment(Path(tmp) / "home"))
        log(f"{package.name}: extracted, files in place, self-test passed")
