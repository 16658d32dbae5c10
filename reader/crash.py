"""A crash is never silent.

``install(log_dir)`` replaces ``sys.excepthook`` and ``threading.excepthook`` and turns on
``faulthandler``:

- an uncaught Python exception (also one raised in a Qt slot, which PySide6 hands to
  ``sys.excepthook``) is appended to ``<log_dir>/crash.log`` with the time and version,
  then shown in a dialog with the details and the log's path; the app keeps running;
- a native crash (segfault, abort) is dumped by ``faulthandler`` into the same log;
- with ``windows=False`` (the command line's ``--no-err-windows``, for CI) the traceback
  goes to stderr as well as the log, no dialog is shown, native crashes dump to stderr,
  and the process exits at once with ``EXIT_CRASH``.

The app calls ``install`` once, in ``reader.app``, with the data location it uses for
everything else; nothing here looks locations up.
"""

from __future__ import annotations

import contextlib
import datetime
import faulthandler
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

import reader
from reader import APP_NAME

EXIT_CRASH = 70  # EX_SOFTWARE: an internal error
LOG_NAME = "crash.log"
SUMMARY_CHARS = 300
"""At most this much of the error's last line is shown above the details."""
LOG_KEEP_BYTES = 1_000_000
"""When the log grows past this at start-up, it is moved to ``crash.log.1``."""

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
Dialog = Callable[[str, Path], None]


def format_report(exc_type, exc, tb) -> str:
    """The log entry for one exception: a header line, then the traceback."""
    stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    header = f"--- {APP_NAME} {reader.__version__}, Python {sys.version.split()[0]}, {stamp} ---"
    return header + "\n" + "".join(traceback.format_exception(exc_type, exc, tb))


class CrashReporter:
    """Logs uncaught exceptions and native crashes; shows or prints them.

    ``dialog(details, log_path)`` shows the error to the user; by default a Qt message
    box when a ``QApplication`` exists. ``exit`` ends the process in ``windows=False``
    mode (``os._exit``: an exception in a Qt slot must not let the event loop go on).
    """

    def __init__(
        self,
        log_dir: Path,
        *,
        windows: bool = True,
        dialog: Dialog | None = None,
        exit: Callable[[int], object] = os._exit,
        stderr: IO[str] | None = None,
    ) -> None:
        self.log_dir = Path(log_dir)
        self.log_path = self.log_dir / LOG_NAME
        self.windows = windows
        self._dialog = dialog if dialog is not None else show_crash_dialog
        self._exit = exit
        self._stderr = stderr
        self._fault_file: IO[str] | None = None
        self._previous: tuple | None = None
        self._showing = False

    # ---- installing --------------------------------------------------------------

    def install(self) -> CrashReporter:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._rotate()
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        if self.windows:
            # faulthandler writes to the file descriptor: the file must stay open.
            self._fault_file = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(file=self._fault_file, all_threads=True)
        else:
            faulthandler.enable(file=self._err_stream(), all_threads=True)
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        faulthandler.disable()
        if self._fault_file is not None:
            self._fault_file.close()
            self._fault_file = None

    def _rotate(self) -> None:
        with contextlib.suppress(OSError):
            if self.log_path.stat().st_size > LOG_KEEP_BYTES:
                self.log_path.replace(self.log_path.with_name(LOG_NAME + ".1"))

    def _err_stream(self) -> IO[str]:
        return self._stderr if self._stderr is not None else sys.__stderr__ or sys.stderr

    # ---- handling ----------------------------------------------------------------

    def handle(self, exc_type, exc, tb) -> None:
        """The ``sys.excepthook``."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = format_report(exc_type, exc, tb)
        logged = self._append_to_log(report)
        if not self.windows:
            err = self._err_stream()
            err.write(report)
            if logged:
                err.write(f"{APP_NAME}: this error was also written to {self.log_path}\n")
            err.flush()
            self._exit(EXIT_CRASH)
            return
        if sys.__stderr__ is not None:
            sys.__stderr__.write(report)
        if self._showing:  # an error while the dialog is up: logged, not stacked
            return
        self._showing = True
        try:
            self._dialog(report, self.log_path)
        except Exception:  # the dialog itself failed: the log and stderr have it
            self._append_to_log(format_report(*sys.exc_info()))
        finally:
            self._showing = False

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _append_to_log(self, report: str) -> bool:
        try:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(report)
            return True
        except OSError:
            return False


def install(log_dir: Path, *, windows: bool = True) -> CrashReporter:
    """Install the crash hooks for this process, logging into ``log_dir``."""
    return CrashReporter(log_dir, windows=windows).install()


# ---- the dialog --------------------------------------------------------------------


def crash_message_box(details: str, log_path: Path):
    """The message box shown for an unexpected error (built, not shown)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(f"{APP_NAME} — unexpected error")
    box.setText(
        f"{APP_NAME} ran into an error it did not expect. Your project is saved as you "
        "go, so your work up to the last change is kept; you can carry on, but saving "
        "your work and restarting is safest."
    )
    last = details.strip().splitlines()[-1] if details.strip() else ""
    if len(last) > SUMMARY_CHARS:  # nested Qt override errors repeat themselves at length
        last = last[: SUMMARY_CHARS // 2] + " … " + last[-SUMMARY_CHARS // 2 :]
    box.setInformativeText(
        f"{last}\n\nThe details were written to:\n{log_path}\n"
        "Please include that file when you report the problem."
    )
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_crash_dialog(details: str, log_path: Path) -> None:
    """Show the error in a modal message box, when there is a GUI to show it in."""
    # Qt is imported here, not at the top: the hooks are installed before Qt is
    # loaded and serve the Qt-free command-line tools too.
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    crash_message_box(details, log_path).exec()
