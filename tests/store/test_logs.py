"""Reader's log: the window's rotating file beside crash.log, --verbose on the command line."""

from __future__ import annotations

import logging

import pytest

from reader import logs
from reader.app import main


@pytest.fixture(autouse=True)
def _quiet_again():
    yield
    logs.log_to_stderr(False)  # later tests see the default: warnings only
    logger = logging.getLogger("reader")
    for handler in [h for h in logger.handlers if h.get_name() == "_reader_file"]:
        logger.removeHandler(handler)
        handler.close()


def test_verbose_says_what_an_import_did(tmp_path, seeds, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    assert main(["--verbose", "import", str(tmp_path / "p.reader"), str(seeds[0])]) == 0
    err = capsys.readouterr().err
    assert "import of 1 files in" in err and "1 imported" in err
    assert main(["import", str(tmp_path / "p.reader"), str(empty), "-v"]) == 1
    assert f"not imported: {empty}: it is empty" in capsys.readouterr().err


def test_without_verbose_the_command_line_stays_quiet(tmp_path, seeds, capsys):
    assert main(["import", str(tmp_path / "p.reader"), str(seeds[0])]) == 0
    assert capsys.readouterr().err == ""


def test_the_log_file_sits_beside_crash_log_and_rotates(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.log_to_file(tmp_path / "logs")
    assert path == tmp_path / "logs" / "reader.log"
    log = logging.getLogger("reader.test")
    for i in range(200):
        log.info("document opened: %d", i)
    log.debug("not written without --verbose")
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files[0] == "reader.log" and "reader.log.1" in files
    assert len(files) <= 1 + logs.BACKUPS
    text = (tmp_path / "logs" / "reader.log").read_text(encoding="utf-8")
    assert "INFO reader.test: document opened: 199" in text
    assert "not written" not in text


def test_an_unwritable_log_folder_is_not_fatal(tmp_path):
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the folder should be")
    assert logs.log_to_file(blocker) is None


def test_what_is_logged_before_the_file_opens_is_written_to_it_first(tmp_path):
    """The window opens its log file after its first paint; what it logged before (the
    start, the project, the document opened) is kept and written first, in order."""
    logs.hold_for_file()
    log = logging.getLogger("reader.test")
    log.info("starting")
    log.debug("not kept without --verbose")
    log.info("document opened: 1")
    assert not (tmp_path / "logs").exists()
    path = logs.log_to_file(tmp_path / "logs")
    log.info("after the first paint")
    text = path.read_text(encoding="utf-8")
    lines = [line.split(": ", 1)[1] for line in text.splitlines()]
    assert lines == ["starting", "document opened: 1", "after the first paint"]
    held = [h for h in logging.getLogger("reader").handlers if h.get_name() == "_reader_held"]
    assert held == []  # nothing is kept in memory once the file is open
