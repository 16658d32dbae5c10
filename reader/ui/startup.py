"""The window's start, traced, and the work that waits for its first paint.

:class:`StartupTrace` marks the steps of a start (a ``QElapsedTimer`` from the moment
``run_window`` began) and logs them at DEBUG, which ``reader --verbose`` writes to the
log: where a slow start spends its time, without a profiler. :func:`when_painted` runs
work just after a widget has first been painted, so that what the user does not need to
read the first document (the version from the package's metadata, for one) never delays it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QTimer
from PySide6.QtWidgets import QWidget

from reader.ui.event_watch import EventWatch

log = logging.getLogger(__name__)


class StartupTrace:
    """Steps of a start, in ms since ``started`` (a ``time.perf_counter()`` reading taken
    before Qt was imported; the rest is timed by a QElapsedTimer)."""

    def __init__(self, started: float) -> None:
        self._before_qt = (time.perf_counter() - started) * 1000
        self._timer = QElapsedTimer()
        self._timer.start()
        # (step, wall ms, the process's CPU ms): CPU beside wall tells work from waiting.
        self.marks: list[tuple[str, float, float]] = [
            ("Qt imported", self._before_qt, time.process_time() * 1000)
        ]

    def mark(self, step: str) -> float:
        at = self._before_qt + self._timer.nsecsElapsed() / 1e6
        self.marks.append((step, at, time.process_time() * 1000))
        return at

    def report(self) -> None:
        """Log every step at DEBUG (the log is set up by then, which the first marks
        precede)."""
        before, cpu_before = 0.0, 0.0
        for step, at, cpu in self.marks:
            log.debug(
                "start-up: %-34s at %5.0f ms (+%.0f; CPU %.0f, +%.0f)",
                step, at, at - before, cpu, cpu - cpu_before,
            )  # fmt: skip
            before, cpu_before = at, cpu


def when_painted(widget: QWidget, work: Callable[[], None]) -> None:
    """Run ``work`` once, just after ``widget`` is first painted."""
    done = False

    def on_paint(_event: QEvent) -> None:
        nonlocal done
        if not done:
            done = True
            QTimer.singleShot(0, widget, work)  # after this paint has reached the screen
            watch.deleteLater()

    watch = EventWatch(widget, {QEvent.Type.Paint: on_paint})
