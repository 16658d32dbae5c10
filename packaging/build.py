"""Build Reader's executable, and optionally its archive and Debian package.

    uv run python packaging/build.py                 # dist/reader/ (onedir), checked
    uv run python packaging/build.py --onefile       # dist/onefile/reader (one file)
    uv run python packaging/build.py --tar --deb     # + dist/*.tar.gz, dist/*.deb, SHA256SUMS
    uv run python packaging/build.py --self-test     # + run the result's --self-test

The build needs the project's uv environment (PyInstaller is in the dev group; ``uv
sync`` installs it) with the Python ``.python-version`` pins, and on Linux ``patchelf``,
``icupkg`` and ``gcc`` (the trimming steps) and, for ``--deb``, dpkg-dev (``dpkg-deb``,
``dpkg-shlibdeps``); ``.ci/run`` lists the Debian packages. Every step checks what it
made and stops with a message naming what is missing; the exit status is non-zero.
After PyInstaller: RUNPATHs into the build machine are removed, ``licenses/`` and
``THIRD-PARTY.md`` are written (``licenses.py``), and the bundle is searched for the
builder's folders. ``SOURCE_DATE_EPOCH`` (default: the last commit's time) dates the
archive's and the package's files.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))

from reader import APP_ID, APP_NAME, __version__  # noqa: E402

SPEC = ROOT / "packaging" / "reader.spec"
SIZE_GOAL = 115 * 2**20  # dist/reader/, MiB as `du -sh --apparent-size` counts
TAR_GOAL = 48 * 2**20
NAME = "reader"


class BuildError(Exception):
    """A step of the build failed; the message says which and why."""


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


# ---- measuring ---------------------------------------------------------------------------


def tree_size(path: Path) -> int:
    """Bytes in the files under ``path`` (symlinks counted as links, not followed)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def dangling_links(path: Path) -> list[Path]:
    """Symlinks under ``path`` whose target does not exist (``find path -xtype l``)."""
    found = []
    for dirpath, dirs, files in os.walk(path):
        for name in files + dirs:
            p = Path(dirpath) / name
            if p.is_symlink() and not p.exists():
                found.append(p)
    return found


def mb(n: int) -> str:
    """Sizes as ``du -sh`` shows them (MiB, written MB as du does)."""
    return f"{n / 2**20:.1f} MB"


# ---- the steps ---------------------------------------------------------------------------


def check_python() -> None:
    """The build uses the Python pinned in .python-version: what gets bundled is decided."""
    pinned = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
    running = ".".join(map(str, sys.version_info[:3]))
    if running != pinned and not running.startswith(pinned + "."):
        raise BuildError(
            f"this is Python {running}, but .python-version pins {pinned}: the bundle "
            "would carry another Python than the release's (uv sync picks the pinned one)"
        )


def source_date_epoch() -> int:
    import deb

    return deb.source_date_epoch()


def clear_runpaths(app_dir: Path) -> None:
    """Drop RUNPATH/RPATH that point outside the bundle (the builder's Python build
    records its own lib folder in every extension module). Needs patchelf on Linux."""
    if not sys.platform.startswith("linux"):
        return
    import deb

    patchelf = shutil.which("patchelf")
    for path in deb.elf_files(app_dir):
        out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True)
        paths = [
            part
            for line in out.stdout.splitlines()
            if "RUNPATH" in line or "RPATH" in line
            for part in line.split("[", 1)[1].rstrip("]").split(":")
        ]
        if not any(part and not part.startswith("$ORIGIN") for part in paths):
            continue
        if patchelf is None:
            raise BuildError(
                f"{path.name} has a RUNPATH into the build machine, and patchelf is "
                "missing to remove it (Debian: apt-get install patchelf)"
            )
        kept = ":".join(part for part in paths if part.startswith("$ORIGIN"))
        command = [patchelf, "--set-rpath", kept] if kept else [patchelf, "--remove-rpath"]
        subprocess.run([*command, str(path)], check=True)


def builder_paths(app_dir: Path) -> list[Path]:
    """Files in the bundle that name the builder's checkout or environment folder."""
    needles = [str(ROOT).encode(), str(Path(sys.prefix).resolve()).encode()]
    found = []
    for dirpath, _dirs, files in os.walk(app_dir):
        for name in files:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(path)
    return found


def check_sources() -> None:
    missing = [
        str(p.relative_to(ROOT))
        for p in (SPEC, ROOT / "resources", ROOT / "seeds", ROOT / "reader" / "__init__.py")
        if not p.exists()
    ]
    import icons

    missing += [str(icons.png_path(s).relative_to(ROOT)) for s in icons.PNG_SIZES]
    missing = [m for m in missing if not (ROOT / m).exists()]
    if missing:
        raise BuildError("missing from the source tree: " + ", ".join(missing))
    try:
        import PyInstaller  # noqa: F401
    except ImportError as error:
        raise BuildError(
            "PyInstaller is not installed in this environment; run `uv sync` "
            "(it is in the dev dependency group)"
        ) from error


def make_platform_icons(work: Path) -> Path:
    import icons

    out = work / "icons"
    ico, icns = icons.write_platform_icons(out)
    icons.write_mime_pngs(out / "mimetypes")
    log(f"icons: {ico.name}, {icns.name} and the project file's PNGs rendered from the SVGs")
    return out


def run_pyinstaller(dist: Path, work: Path, icons_dir: Path, spec_options: list[str]) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
        "--",
        "--icons",
        str(icons_dir),
        *spec_options,
    ]
    log("running " + " ".join(command[2:]))
    started = time.monotonic()
    # A fixed hash seed: PyInstaller writes base_library.zip in a set's order, which
    # otherwise changes from run to run (the same files, another byte sequence).
    result = subprocess.run(command, cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED="0"))
    if result.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit status {result.returncode})")
    log(f"PyInstaller finished in {time.monotonic() - started:.0f} s")


def executable(dist: Path, onefile: bool) -> Path:
    suffix = ".exe" if sys.platform.startswith("win") else ""
    if onefile:
        return dist / f"{NAME}{suffix}"
    return dist / NAME / f"{NAME}{suffix}"


def frozen_environment(home: Path) -> dict[str, str]:
    """Offscreen, with the user's locations in a throwaway folder."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(home)
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_CACHE_HOME"] = str(home / "cache")
    env["XDG_RUNTIME_DIR"] = str(home / "runtime")
    (home / "runtime").mkdir(parents=True, exist_ok=True)
    (home / "runtime").chmod(0o700)
    return env


def check_executable(exe: Path, self_test: bool) -> None:
    if not exe.is_file():
        raise BuildError(f"the build did not produce {exe}")
    with tempfile.TemporaryDirectory(prefix="reader-check-") as home:
        env = frozen_environment(Path(home))
        result = subprocess.run(
            [str(exe), "--version"], capture_output=True, text=True, env=env, timeout=120
        )
        expected = f"{APP_NAME} {__version__}"
        if result.returncode != 0 or result.stdout.strip() != expected:
            raise BuildError(
                f"{exe} --version printed {result.stdout.strip()!r} (exit {result.returncode}),"
                f" expected {expected!r}\n{result.stderr}"
            )
        log(f"{exe.relative_to(ROOT) if exe.is_relative_to(ROOT) else exe} --version: {expected}")
        if self_test:
            run_self_test(exe, env)


def run_self_test(exe: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        [str(exe), "--self-test", "--no-err-windows"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise BuildError(f"{exe} --self-test failed (exit {result.returncode}):\n{output}")
    log(f"self-test passed: {output.splitlines()[-1] if output else '(no output)'}")


def check_tree(app_dir: Path) -> int:
    dangling = dangling_links(app_dir)
    if dangling:
        raise BuildError("dangling links in the build: " + ", ".join(map(str, dangling)))
    metadata = list((app_dir / "_internal").glob("reader-*.dist-info/METADATA"))
    if not metadata or f"Version: {__version__}" not in metadata[0].read_text("utf-8"):
        raise BuildError("the build does not carry reader's package metadata (the version)")
    size = tree_size(app_dir)
    log(f"{app_dir.name}/: {mb(size)}, no dangling links")
    if size > SIZE_GOAL:
        log(f"WARNING: {app_dir.name}/ is over the size goal of {mb(SIZE_GOAL)}")
    return size


def platform_tag() -> str:
    import platform

    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, "os")
    return f"{system}-{platform.machine().lower()}"


def _tar_filter(epoch: int):
    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.mtime = min(info.mtime, epoch)
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    return normalise


def stage_tarball_extras(app_dir: Path, icons_dir: Path, into: Path) -> None:
    """README, the menu-entry script and the desktop files the tarball carries beside
    the app folder (the .deb installs the same files itself)."""
    import icons

    shutil.rmtree(into, ignore_errors=True)
    share = into / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / f"{APP_ID}.desktop", share / "applications")
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(
        ROOT / "resources" / f"{APP_ID}.mime.xml", share / "mime" / "packages" / f"{APP_ID}.xml"
    )
    hicolor = share / "icons" / "hicolor"
    for size in icons.PNG_SIZES:
        folder = hicolor / f"{size}x{size}"
        (folder / "apps").mkdir(parents=True)
        shutil.copy2(icons.png_path(size), folder / "apps" / f"{APP_ID}.png")
        (folder / "mimetypes").mkdir()
        shutil.copy2(icons_dir / "mimetypes" / f"{size}x{size}" / f"{icons.MIME_ICON}.png",
                     folder / "mimetypes")  # fmt: skip
    shutil.copy2(ROOT / "packaging" / "tarball" / "README.md", into / "README.md")
    shutil.copy2(ROOT / "packaging" / "tarball" / "install-menu-entry.sh", into)
    (into / "install-menu-entry.sh").chmod(0o755)


def make_tarball(app_dir: Path, dist: Path, extras: Path) -> Path:
    out = dist / f"{NAME}-{__version__}-{platform_tag()}.tar.gz"
    top = f"{NAME}-{__version__}"
    epoch = source_date_epoch()
    normalise = _tar_filter(epoch)

    def add_sorted(tar: tarfile.TarFile, folder: Path, arcname: str) -> None:
        tar.add(folder, arcname=arcname, recursive=False, filter=normalise)
        if folder.is_dir() and not folder.is_symlink():
            for child in sorted(folder.iterdir()):
                add_sorted(tar, child, f"{arcname}/{child.name}")

    with (
        open(out, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch, compresslevel=9) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        add_sorted(tar, app_dir, top)  # reader-VERSION/reader is the executable
        for child in sorted(extras.iterdir()):
            add_sorted(tar, child, f"{top}/{child.name}")
    size = out.stat().st_size
    log(f"{out.name}: {mb(size)}")
    if size > TAR_GOAL:
        log(f"WARNING: {out.name} is over the size goal of {mb(TAR_GOAL)}")
    return out


def write_checksums(dist: Path, artefacts: list[Path]) -> Path:
    """``SHA256SUMS`` beside the artefacts, in the format ``sha256sum -c`` reads."""
    import hashlib

    lines = []
    for path in sorted(artefacts):
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        lines.append(f"{digest.hexdigest()}  {path.name}\n")
    out = dist / "SHA256SUMS"
    out.write_text("".join(lines), encoding="utf-8")
    log(f"{out.name}: {len(lines)} artefacts")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onefile", action="store_true", help="one self-unpacking file")
    parser.add_argument("--tar", action="store_true", help="also a .tar.gz of dist/reader/")
    parser.add_argument("--deb", action="store_true", help="also a Debian package (dpkg-deb)")
    parser.add_argument("--self-test", action="store_true", help="run the result's self-test")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="work folder")
    for step in ("excludes", "filter", "strip", "icu-trim"):
        parser.add_argument(
            f"--no-{step}", action="store_true", help=f"skip the {step} trimming step (to measure)"
        )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    steps = ("excludes", "filter", "strip", "icu-trim")
    spec_options = [f"--no-{s}" for s in steps if getattr(args, f"no_{s.replace('-', '_')}")]
    if args.onefile:
        spec_options.append("--onefile")
        dist = dist / "onefile"
        work = work / "onefile"
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch()))
    artefacts: list[Path] = []
    try:
        check_python()
        check_sources()
        icons_dir = make_platform_icons(work)
        run_pyinstaller(dist, work, icons_dir, spec_options)
        exe = executable(dist, args.onefile)
        import licenses

        if not args.onefile:
            clear_runpaths(dist / NAME)
            try:
                found = licenses.write_licenses(dist / NAME, work / NAME)
            except licenses.LicenseError as error:
                raise BuildError(str(error)) from error
            log(f"licenses/ and THIRD-PARTY.md: {len(found)} bundled components")
            leaked = builder_paths(dist / NAME)
            if leaked:
                raise BuildError("the bundle names the build machine's folders: "
                                 + ", ".join(map(str, leaked[:5])))  # fmt: skip
            check_tree(dist / NAME)
        else:
            log(f"{exe.name}: {mb(exe.stat().st_size)}")
        check_executable(exe, args.self_test)
        if args.tar and not args.onefile:
            stage_tarball_extras(dist / NAME, icons_dir, work / "tar-extras")
            artefacts.append(make_tarball(dist / NAME, dist, work / "tar-extras"))
        if args.deb:
            if args.onefile:
                raise BuildError("--deb packages the onedir build; leave out --onefile")
            import deb

            try:
                package = deb.build_deb(dist / NAME, dist, work / "deb", icons_dir, found)
                artefacts.append(package)
                log(f"{package.name}: {mb(package.stat().st_size)}")
                if args.self_test:
                    deb.check_deb(package, run_self_test, frozen_environment)
            except deb.DebError as error:
                raise BuildError(str(error)) from error
        if args.onefile:
            artefacts.append(exe)
        if artefacts:
            write_checksums(dist, artefacts)
    except BuildError as error:
        print(f"build: FAILED: {error}", file=sys.stderr)
        return 1
    shutil.rmtree(work / "deb", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
