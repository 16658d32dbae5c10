"""The environment for programs Reader starts (a browser, a file manager, an editor).

A frozen build changes its own environment so that it finds its bundled libraries: the
PyInstaller bootloader sets ``LD_LIBRARY_PATH`` (keeping the user's value in
``LD_LIBRARY_PATH_ORIG``), the PySide6 run-time hook points ``QT_PLUGIN_PATH`` and
``QML2_IMPORT_PATH`` into the bundle, and on Windows it prepends the bundle to ``PATH``.
A program started with that environment would load *our* Qt and libraries instead of
its own, and crash or misbehave. So children get the environment the user started us
with: ``packaging/rthook_environ.py`` (a run-time hook that runs before all others)
records the user's values as ``<NAME>_ORIG``, the same convention the bootloader uses,
and ``child_environment()`` puts them back.

From a source checkout or a wheel nothing was changed, and the environment is passed on
as it is. No Qt here; ``open_url`` uses Qt only when it opens a link itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

RESTORED = (
    "LD_LIBRARY_PATH",
    "DYLD_LIBRARY_PATH",
    "DYLD_FRAMEWORK_PATH",
    "QT_PLUGIN_PATH",
    "QML2_IMPORT_PATH",
    "QML_IMPORT_PATH",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
    "QTWEBENGINEPROCESS_PATH",
    "SSL_CERT_FILE",
    "GDK_PIXBUF_MODULE_FILE",
    "GIO_MODULE_DIR",
    "TCL_LIBRARY",
    "TK_LIBRARY",
)
"""Variables a frozen build may set for itself; restored from ``<NAME>_ORIG`` or removed."""

SUFFIX = "_ORIG"
PRIVATE_PREFIXES = ("_PYI_", "_MEIPASS")
"""The bootloader's own bookkeeping; a child (even another frozen program) must not see it."""


def child_environment(
    environ: Mapping[str, str] | None = None,
    *,
    frozen: bool | None = None,
    bundle_dir: str | None = None,
) -> dict[str, str]:
    """A copy of ``environ`` (default ``os.environ``) as it was before the bundle changed it."""
    env = dict(os.environ if environ is None else environ)
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if not frozen:
        return env
    if bundle_dir is None:
        bundle_dir = getattr(sys, "_MEIPASS", None)
    for name in RESTORED:
        original = env.pop(name + SUFFIX, None)
        if original is not None:
            env[name] = original
        else:
            env.pop(name, None)
    for name in list(env):
        if name.startswith(PRIVATE_PREFIXES):
            del env[name]
    if bundle_dir and "PATH" in env:  # Windows: the PySide6 hook prepends the bundle
        parts = [p for p in env["PATH"].split(os.pathsep) if p and _not_in(p, bundle_dir)]
        env["PATH"] = os.pathsep.join(parts)
    return env


def _not_in(path: str, bundle_dir: str) -> bool:
    norm = os.path.normcase(os.path.abspath(path))
    bundle = os.path.normcase(os.path.abspath(bundle_dir))
    return norm != bundle and not norm.startswith(bundle + os.sep)


def url_opener(url: str) -> list[str] | None:
    """The command that opens ``url`` in the user's program on this platform, if any."""
    if sys.platform.startswith("win"):
        return None  # os.startfile / ShellExecute inherit nothing that matters
    if sys.platform == "darwin":
        return ["open", url]
    return ["xdg-open", url]


def open_url(url: str) -> bool:
    """Open ``url`` (a web page, a file) in the user's own program, with a clean environment.

    In a frozen build on Linux and macOS the opener is started directly with
    ``child_environment()``; elsewhere (and when there is no opener) Qt's
    ``QDesktopServices.openUrl`` does it, as it would in any Qt program.
    """
    command = url_opener(url)
    if getattr(sys, "frozen", False) and command is not None:
        try:
            subprocess.Popen(
                command,
                env=child_environment(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            return True
        except OSError:
            pass
    from PySide6.QtCore import QUrl  # only this path needs Qt
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromUserInput(url))
