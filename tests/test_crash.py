"""A crash is never silent: logged, shown (or printed with a non-zero exit for CI)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from reader import __version__
from reader.crash import EXIT_CRASH, LOG_NAME, CrashReporter, crash_message_box


def _raise(message: str = "boom"):
    try:
        raise ValueError(message)
    except ValueError:
        return sys.exc_info()


def test_an_exception_is_logged_and_shown_in_a_dialog(tmp_path):
    shown = []
    reporter = CrashReporter(
        tmp_path / "logs", dialog=lambda text, path: shown.append((text, path))
    )
    reporter.handle(*_raise("the article vanished"))
    log = (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "ValueError: the article vanished" in log
    assert f"Reader {__version__}" in log
    assert "Traceback (most recent call last)" in log
    [(text, path)] = shown
    assert path == tmp_path / "logs" / LOG_NAME
    assert "ValueError: the article vanished" in text


def test_without_windows_the_error_goes_to_stderr_and_the_process_exits(tmp_path):
    err, exits = io.StringIO(), []
    reporter = CrashReporter(tmp_path, windows=False, exit=exits.append, stderr=err)
    reporter.handle(*_raise())
    assert exits == [EXIT_CRASH]
    assert "ValueError: boom" in err.getvalue()
    assert str(tmp_path / LOG_NAME) in err.getvalue()
    assert "ValueError: boom" in (tmp_path / LOG_NAME).read_text(encoding="utf-8")


def test_an_error_while_the_dialog_is_up_is_logged_not_stacked(tmp_path):
    shown = []

    def dialog(text, path):
        shown.append(text)
        reporter.handle(*_raise("second"))

    reporter = CrashReporter(tmp_path, dialog=dialog)
    reporter.handle(*_raise("first"))
    assert len(shown) == 1
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "ValueError: first" in log and "ValueError: second" in log


def test_a_failing_dialog_still_leaves_the_log(tmp_path):
    def dialog(text, path):
        raise RuntimeError("no screen")

    CrashReporter(tmp_path, dialog=dialog).handle(*_raise())
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "ValueError: boom" in log and "RuntimeError: no screen" in log


def test_an_unwritable_log_does_not_hide_the_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    err, exits = io.StringIO(), []
    CrashReporter(blocker, windows=False, exit=exits.append, stderr=err).handle(*_raise())
    assert "ValueError: boom" in err.getvalue()
    assert exits == [EXIT_CRASH]


def test_thread_exceptions_go_through_the_same_handler(tmp_path):
    shown = []
    reporter = CrashReporter(tmp_path, dialog=lambda text, path: shown.append(text))
    exc_type, exc, tb = _raise("in a worker")
    reporter._handle_thread(threading.ExceptHookArgs((exc_type, exc, tb, None)))
    assert "in a worker" in shown[0]


def test_a_large_log_is_rotated_at_install(tmp_path):
    (tmp_path / LOG_NAME).write_text("x" * 1_100_000)
    reporter = CrashReporter(tmp_path)
    reporter._rotate()
    assert (tmp_path / (LOG_NAME + ".1")).stat().st_size == 1_100_000
    assert not (tmp_path / LOG_NAME).exists()


def test_the_dialog_names_the_error_and_the_log(qtbot, tmp_path):
    details = "".join(["Traceback ...\n", "ValueError: the article vanished\n"])
    box = crash_message_box(details, tmp_path / LOG_NAME)
    qtbot.addWidget(box)
    assert "ValueError: the article vanished" in box.informativeText()
    assert str(tmp_path / LOG_NAME) in box.informativeText()
    assert box.detailedText() == details


def test_a_very_long_error_line_is_shortened_above_the_details(qtbot, tmp_path):
    last = "NameError: " + "Error calling Python override of index(): " * 200 + "the end"
    box = crash_message_box("Traceback ...\n" + last + "\n", tmp_path / LOG_NAME)
    qtbot.addWidget(box)
    assert len(box.informativeText()) < 600
    assert box.informativeText().startswith("NameError: ")
    assert "the end" in box.informativeText()
    assert last in box.detailedText()


# ---- the real hooks, in a process of their own (faulthandler is process-wide) -------------


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="")
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )


def test_an_exception_in_a_qt_slot_exits_non_zero_without_windows(tmp_path):
    result = _run(
        f"""
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from reader.crash import install
        install(Path({str(tmp_path)!r}), windows=False)
        app = QApplication([])
        def slot():
            raise LookupError("no such comment")
        QTimer.singleShot(0, slot)
        QTimer.singleShot(5000, app.quit)
        app.exec()
        """,
        tmp_path,
    )
    assert result.returncode == EXIT_CRASH, result.stderr
    assert "LookupError: no such comment" in result.stderr
    assert "LookupError: no such comment" in (tmp_path / LOG_NAME).read_text(encoding="utf-8")


def test_an_uncaught_exception_at_start_up_exits_non_zero_without_windows(tmp_path):
    result = _run(
        f"""
        from pathlib import Path
        from reader.crash import install
        install(Path({str(tmp_path)!r}), windows=False)
        raise KeyError("project")
        """,
        tmp_path,
    )
    assert result.returncode == EXIT_CRASH
    assert "KeyError: 'project'" in result.stderr


@pytest.mark.skipif(sys.platform.startswith("win"), reason="a segfault ends the run differently")
def test_a_native_crash_is_dumped_into_the_log(tmp_path):
    result = _run(
        f"""
        import ctypes
        from pathlib import Path
        from reader.crash import install
        install(Path({str(tmp_path)!r}))
        ctypes.string_at(0)
        """,
        tmp_path,
    )
    assert result.returncode != 0
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in log


def test_a_native_crash_goes_to_stderr_without_windows(tmp_path):
    result = _run(
        f"""
        import ctypes
        from pathlib import Path
        from reader.crash import install
        install(Path({str(tmp_path)!r}), windows=False)
        ctypes.string_at(0)
        """,
        tmp_path,
    )
    assert result.returncode != 0
    assert "Fatal Python error: Segmentation fault" in result.stderr
