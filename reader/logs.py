"""Where Reader's log goes: what was opened, imported, refused, and how long it took.

Modules log with ``logging.getLogger(__name__)`` and never configure logging. The entry
points do, once:

- :func:`log_to_stderr` (the command line): warnings and errors on stderr; with
  ``--verbose`` everything from INFO up.
- :func:`log_to_file` (the window): ``<data>/logs/reader.log`` beside ``crash.log``,
  INFO and up, rotated at 1 MB with three old files kept, so a user can send it along
  with a report; with ``--verbose`` DEBUG as well.

Both are idempotent: calling one again replaces the handler it installed.

The window opens its log file after its first paint (``logging.handlers`` alone costs a
start ~10 ms): :func:`hold_for_file` keeps what is logged until then in memory, and
:func:`log_to_file` writes it to the file first.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.records import ImportOutcome

LOG_NAME = "reader.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_ROOT = "reader"
_STDERR = "_reader_stderr"
_FILE = "_reader_file"
_HELD = "_reader_held"


def _replace(handler: logging.Handler, name: str, level: int) -> logging.Logger:
    logger = logging.getLogger(_ROOT)
    for old in [h for h in logger.handlers if h.get_name() == name]:
        logger.removeHandler(old)
        old.close()
    handler.set_name(name)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(min(level, *(h.level for h in logger.handlers)))
    return logger


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes (a test may swap it)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def log_to_stderr(verbose: bool = False) -> None:
    """Log warnings (with ``verbose``, everything from INFO up) on stderr."""
    _replace(_Stderr(), _STDERR, logging.INFO if verbose else logging.WARNING)


class _Held(logging.Handler):
    """What is logged before the log file opens, kept for it."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_for_file(*, verbose: bool = False) -> None:
    """Keep INFO and up (DEBUG with ``verbose``) in memory until :func:`log_to_file`."""
    _replace(_Held(), _HELD, logging.DEBUG if verbose else logging.INFO)


def log_to_file(log_dir: Path, *, verbose: bool = False) -> Path | None:
    """Log INFO and up (DEBUG with ``verbose``) to ``log_dir/reader.log``, rotated,
    beginning with what :func:`hold_for_file` kept. Returns the file's path, or None when
    the folder cannot be written (then nothing is logged to a file, and the app runs on)."""
    import logging.handlers  # (here: the window opens its file after the first paint)

    held = _release_held()
    path = Path(log_dir) / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError as error:
        logging.getLogger(__name__).warning("no log file in %s: %s", log_dir, error)
        return None
    _replace(handler, _FILE, logging.DEBUG if verbose else logging.INFO)
    for record in held:
        if record.levelno >= handler.level:
            handler.handle(record)
    return path


def _release_held() -> list[logging.LogRecord]:
    logger = logging.getLogger(_ROOT)
    records: list[logging.LogRecord] = []
    for held in [h for h in logger.handlers if h.get_name() == _HELD]:
        logger.removeHandler(held)
        records += held.records  # type: ignore[attr-defined]
    return records


def log_import(outcomes: Sequence[ImportOutcome], seconds: float) -> None:
    """One line for an import (how many of each outcome, how long), one per refusal."""
    log = logging.getLogger("reader.import")
    counts = Counter(o.status for o in outcomes)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    log.info("import of %d files in %.1f s: %s", len(outcomes), seconds, summary or "nothing")
    for o in outcomes:
        if o.status == "failed":
            log.info("not imported: %s: %s", o.path, o.reason)
