"""The composition root: builds the application, the store and the window, and hands
each its parts. Nothing else opens a project for the window or makes a ``QApplication``.

``reader.cli`` reads the command line and calls :func:`run_window`; :func:`main` is the
``reader`` console script's entry (it is the command line's).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import reader
from reader import APP_NAME
from reader.cli import PROJECT_SUFFIX, fail

DEFAULT_PROJECT = "default.reader"

log = logging.getLogger(__name__)


def _open_default_project(data: Path, backups: Path, coder: str | None = None):
    """The user's default project; created with the bundled seeds on first run."""
    from reader.resources_path import MissingResource, seed_files
    from reader.store.project import Project

    path = data / DEFAULT_PROJECT
    first_run = not path.exists()
    project = Project.open(path, backup_dir=backups, coder=coder)
    if first_run:
        try:
            seeds = seed_files()
        except MissingResource as error:
            print(f"reader: {error}", file=sys.stderr)
            seeds = []
        project.import_files(seeds)
    return project


def _open_shared(target: str, coder: str | None):
    """A shared project on PostgreSQL (``reader postgresql://…`` or ``service=NAME``)."""
    from reader.store.postgres.project import SharedProject

    return SharedProject.open(target, coder=coder)


def close_on_sigterm(window) -> None:
    """Close ``window`` as if by its close button when the process gets SIGTERM (a
    desktop session logging out, ``kill``): it saves its layout, and the event loops
    end. Python runs a signal handler only between bytecodes, which Qt's loop may not
    reach for long; the signal's number written to a socket wakes the loop at once."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QApplication

    wake, woken = socket.socketpair()
    for end in (wake, woken):
        end.setblocking(False)

    def on_woken() -> None:
        try:
            got = woken.recv(64)
        except OSError:
            return
        if signal.SIGTERM in got:
            log.info("SIGTERM: closing the window")
            window.close()
            QApplication.quit()  # also ends a dialog's loop, should one be open

    signal.set_wakeup_fd(wake.fileno())
    signal.signal(signal.SIGTERM, lambda _signum, _frame: None)  # the socket acts
    notifier = QSocketNotifier(woken.fileno(), QSocketNotifier.Type.Read, window)
    notifier.activated.connect(on_woken)

    def release() -> None:  # no signal may be written to a closed (reused) descriptor
        signal.set_wakeup_fd(-1)
        wake.close()
        woken.close()

    notifier.destroyed.connect(release)


def run_window(args: argparse.Namespace, *, verbose: bool = False) -> int:
    """Open the window (or run the self-test) as the command line asked."""
    started = time.perf_counter()
    from reader.utf8_locale import ensure_utf8_locale

    ensure_utf8_locale()  # before Qt reads the environment
    scratch = None
    if args.self_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from reader.selfcheck import use_scratch_locations

        scratch = use_scratch_locations()  # never the user's data, settings or caches
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from reader import APP_ID, ORGANIZATION, crash, resources_path
    from reader.ui.startup import StartupTrace, when_painted

    trace = StartupTrace(started)
    from reader.data_locations import DataLocations
    from reader.logs import hold_for_file, log_to_file
    from reader.store.project import Project, ProjectError
    from reader.ui.main_window import MainWindow
    from reader.ui.painting.palette import apply_color_scheme
    from reader.ui.plain_text import message_box

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    qt_warnings = None
    if args.self_test:
        from reader.selfcheck import QtWarningRecorder

        qt_warnings = QtWarningRecorder().install()
    trace.mark("reader's window modules imported")
    app = QApplication([sys.argv[0]])
    trace.mark("QApplication made")
    location = QStandardPaths.StandardLocation.AppDataLocation
    data = Path(
        args.data_dir
        or (scratch and Path(scratch.name) / "data")
        or QStandardPaths.writableLocation(location)
    )
    data.mkdir(parents=True, exist_ok=True)
    logs, backups = data / "logs", data / "backups"
    crash.install(logs, windows=not (args.no_err_windows or args.self_test))
    if args.self_test:
        log_to_file(logs, verbose=verbose)
    else:
        hold_for_file(verbose=verbose)  # the log file opens after the first paint
    log.info("%s starting; data in %s", APP_NAME, data)
    apply_color_scheme(app, args.color_scheme)
    trace.mark("logs and colours set")
    try:
        icon = QIcon(str(resources_path.icon_svg()))
    except resources_path.MissingResource:
        icon = QIcon()
    app.setWindowIcon(icon)
    settings = (
        QSettings(str(Path(scratch.name) / "settings.ini"), QSettings.Format.IniFormat)
        if scratch
        else QSettings()
    )
    # Who is coding: --coder or READER_CODER for this run, else the saved name, asked
    # once at first start (not in a self-test or on CI) and kept in the settings.
    from reader.team_cli import default_coder, named_coder
    from reader.ui.dialogs.preferences import RunCoder, ask_coder_name

    quiet = args.self_test or args.no_err_windows
    run_coder = RunCoder(settings, named_coder(args), default_coder(),
                         None if quiet else ask_coder_name)  # fmt: skip
    coder = run_coder.name
    from reader.store.postgres import is_shared_target

    shared = next((p for p in args.paths if is_shared_target(p)), None)
    paths = [Path(p) for p in args.paths if not is_shared_target(p)]
    chosen = next((p for p in paths if p.suffix == PROJECT_SUFFIX), None)
    try:
        if shared is not None:
            project = _open_shared(shared, coder)
        elif chosen is not None:
            project = Project.open(chosen, backup_dir=backups, coder=coder)
        else:
            project = _open_default_project(data, backups, coder)
    except ProjectError as error:
        log.error("project not opened: %s", error)
        log_to_file(logs, verbose=verbose)  # what was held, and what follows
        if args.self_test or args.no_err_windows:
            return fail(str(error))
        if shared is not None:  # a database has no backup to offer
            message_box(None, QMessageBox.Icon.Critical, APP_NAME, str(error)).exec()
            return 1
        refused = chosen if chosen is not None else data / DEFAULT_PROJECT
        from reader.ui.dialogs.refused_project import offer_restore

        # Why, and the newest good backup to restore; then it opens as usual.
        if not offer_restore(None, refused, error):
            return 1
        try:
            project = Project.open(refused, backup_dir=backups, coder=coder)
        except ProjectError as again:
            log.error("project not opened: %s", again)
            message_box(None, QMessageBox.Icon.Critical, APP_NAME, str(again)).exec()
            return 1

    trace.mark("project opened")

    def open_project(path: Path | str) -> Project:
        who = run_coder.current()
        if isinstance(path, str) and is_shared_target(path):
            return _open_shared(path, who)
        return Project.open(Path(path), backup_dir=backups, coder=who)

    locations = DataLocations(data, Path(settings.fileName()), logs)
    # Staged: the first document paints from the reading panes; the rest of the window
    # is built after that paint, one part per event-loop turn (ui/window_stages.py).
    window = MainWindow(
        project,
        settings,
        open_project=open_project,
        locations=locations,
        icon=icon,
        staged=not args.self_test,
    )
    if args.self_test:
        from reader.selfcheck import annotation_round_trip, collation, leaked_environment
        from reader.ui.self_test import run_self_test

        window.resize(1440, 900)
        window.show()
        result = run_self_test(window)
        window.project().close()
        # The build's own checks (issue 5): the store in a temporary project, no Qt warning.
        problems = annotation_round_trip() + collation() + leaked_environment()
        problems += qt_warnings.problems()
        for problem in problems:
            print(f"self-test: {problem}", file=sys.stderr)
        if not result.ok:
            print(result.summary)
        elif problems:
            print(f"self-test FAILED: {problems[0]}; {result.summary.removeprefix('self-test ')}")
        else:
            print(f"{result.summary}; an annotation added and removed; no Qt warnings")
        scratch.cleanup()
        return 0 if result.ok and not problems else 1
    trace.mark("window built, first part")
    close_on_sigterm(window)
    window.show()
    trace.mark("window shown")

    def after_first_paint() -> None:
        trace.mark("first document painted")
        log_to_file(logs, verbose=verbose)
        window.build_in_steps()  # the rest; a key press or click finishes it at once
        # What the first paint does not need (the metadata costs ~70 ms of CPU).
        QCoreApplication.setApplicationVersion(reader.__version__)
        log.info("%s %s: window painted in %.0f ms", APP_NAME, reader.__version__,
                 (time.perf_counter() - started) * 1000)  # fmt: skip

    def after_built() -> None:
        trace.mark("window complete")
        trace.report()

    window.built.connect(after_built)
    when_painted(window.article.viewport(), after_first_paint)
    others = [p for p in paths if p.suffix != PROJECT_SUFFIX]
    if others:
        window.import_paths(others)
    status = app.exec()
    window.project().close()
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """The ``reader`` command (see ``reader.cli``)."""
    from reader.cli import main as command_line

    return command_line(argv)


if __name__ == "__main__":
    sys.exit(main())
