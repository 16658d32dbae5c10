"""The window built in steps after its first paint, and the rule that keeps input safe.

``MainWindow`` paints the first document from a small set of modules: the session, the
reading panes (sidebar, article, comments), the dock frames and the menu bar's titles
(``window_layout``). The rest (the docked panes, the controllers, the actions and
menus, the routes) is :data:`STEPS`: each builds one part of the window and imports the
module that does it when it runs, so that a module is imported only when its step runs.

:class:`StagedBuild` runs the steps. :meth:`~StagedBuild.finish` runs those not yet run,
at once (a window made for a test, a self-test, or a window that must be complete now).
:meth:`~StagedBuild.start` runs them one event-loop turn apart, so that the window
repaints, scrolls and resizes in between; until the last has run, the first key press,
click, context menu or drop anywhere in the application finishes the build before that
event goes on, so an action the user asks for is never lost and never meets a window
half-built. ``done`` runs once, after the last step, either way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from reader.ui.event_watch import EventWatch

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    """One part of the window: ``build`` called with the window."""

    what: str
    build: Callable[[MainWindow], None]


# Each step imports the module that builds its part when it runs: the modules after the
# first paint load then, not with the window (an import statement, so that every tool
# that follows imports sees it: the frozen build's analysis, import-linter).
def _dock_panes(w: MainWindow) -> None:
    from reader.ui.window_dock_panes import build_dock_panes

    build_dock_panes(w)


def _tagging(w: MainWindow) -> None:
    from reader.ui.window_controllers import build_tagging

    build_tagging(w)


def _structure_and_search(w: MainWindow) -> None:
    from reader.ui.window_controllers import build_structure_and_search

    build_structure_and_search(w)


def _team_and_files(w: MainWindow) -> None:
    from reader.ui.window_controllers import build_team_and_files

    build_team_and_files(w)


STEPS = (
    Step("the docked panes", _dock_panes),
    Step("tagging and the codebook", _tagging),
    Step("structure and search", _structure_and_search),
    Step("team, menus and files", _team_and_files),
)

INPUT = (
    QEvent.Type.ShortcutOverride,  # before a shortcut is looked up: its action then exists
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.ContextMenu,
    QEvent.Type.DragEnter,
    QEvent.Type.Drop,
    QEvent.Type.InputMethod,
)
"""What finishes a staged build at once: everything a user does that may need a part
not built yet (moving the mouse, the wheel and repainting do not)."""


class StagedBuild(QObject):
    """Runs ``steps`` on ``window``, then ``done``."""

    def __init__(
        self,
        window: MainWindow,
        done: Callable[[], None],
        steps: tuple[Step, ...] = STEPS,
    ) -> None:
        super().__init__(window)
        self.setObjectName("staged_build")
        self._window = window
        self._done = done
        self._pending = list(steps)
        self._running = False
        self._watch: EventWatch | None = None

    def is_done(self) -> bool:
        return not self._pending and not self._running

    def start(self) -> None:
        """Run the steps one event-loop turn apart; input finishes them at once."""
        if self.is_done() or self._watch is not None:
            return
        handlers = dict.fromkeys(INPUT, self._on_input)
        self._watch = EventWatch(QApplication.instance(), handlers, owner=self)
        QTimer.singleShot(0, self, self._next)

    def finish(self) -> None:
        """Run every step not yet run, now."""
        while self._pending and not self._running:
            self._run(self._pending.pop(0))
        self._end()

    def _next(self) -> None:
        if self._pending and not self._running:
            self._run(self._pending.pop(0))
        if self._pending:
            QTimer.singleShot(0, self, self._next)
        else:
            self._end()

    def _run(self, step: Step) -> None:
        self._running = True
        cpu = time.process_time()
        try:
            step.build(self._window)
        finally:
            self._running = False
        log.debug("window: %s built (CPU %.0f ms)", step.what, (time.process_time() - cpu) * 1000)

    def _end(self) -> None:
        if self._pending or self._running or self._done is None:
            return
        if self._watch is not None:
            QApplication.instance().removeEventFilter(self._watch)
            self._watch.deleteLater()
            self._watch = None
        done, self._done = self._done, None
        done()

    def _on_input(self, _event: QEvent) -> bool:
        if not self._running:
            self.finish()
        return False  # the event goes on, to a window now complete
