"""A shared project seen live: the other coders' changes shown as they are committed, and
a lost connection said in the status bar.

:class:`LiveUpdates` asks the project for a listener (``SharedProject.listen``; a project
file has none, and then this does nothing), watches its socket with a
``QSocketNotifier`` and hands what others changed to
``DocumentSession.apply_remote_changes`` (the annotations pane, the margin and the coded
segments follow the session's change signals); documents added, re-imported or
corrected by others are said with ``documents_changed``, for the window to list them
again. A timer checks the connection every few
seconds: when it is lost the status bar says so and keeps saying it (reading goes on from
what is loaded; a change is refused by its command with a clear message and nothing is
half-saved); when it is back everything is read again, since what happened meanwhile was
not heard.

Signals:
    state_changed(str): a sentence for the status bar ("" when all is well again).
    documents_changed(): others added, re-imported or corrected documents (the list
        should be read again).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal, Slot

from reader.ui.session import DocumentSession

log = logging.getLogger(__name__)

CHECK_MS = 3000
DOCUMENTS_SETTLE_MS = 300
"""An import commits in batches: the documents that come this close together are listed
again (and counted) once."""


class LiveUpdates(QObject):
    """Shows other coders' changes to the session's shared project (see the module)."""

    state_changed = Signal(str)
    documents_changed = Signal()

    def __init__(self, session: DocumentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("live_updates")
        self._session = session
        self._listener = None
        self._notifier: QSocketNotifier | None = None
        self._offline = False
        self._timer = QTimer(self)
        self._timer.setObjectName("live_check")
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._documents_timer = QTimer(self)
        self._documents_timer.setObjectName("live_documents")
        self._documents_timer.setSingleShot(True)
        self._documents_timer.setInterval(DOCUMENTS_SETTLE_MS)
        self._documents_timer.timeout.connect(self.documents_changed)
        session.project_changed.connect(self._on_session_project_changed)
        self._on_session_project_changed()

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.online

    @Slot()
    def _on_session_project_changed(self) -> None:
        self.stop()
        listen = getattr(self._session.project, "listen", None)
        if listen is None:
            return
        self._listener = listen()
        self._watch()
        self._timer.start()

    def _watch(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._listener is None or not self._listener.online:
            return
        self._notifier = QSocketNotifier(self._listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)

    @Slot()
    def _on_notifier_activated(self) -> None:
        self.take_changes()

    def take_changes(self) -> int:
        """Show what others changed since the last call; returns how many changes."""
        if self._listener is None:
            return 0
        changes = self._listener.drain()
        if not self._listener.online:
            self._went_offline()
            return 0
        if changes:
            log.debug("%d changes by others", len(changes))
            self._session.apply_remote_changes(
                {c.table for c in changes}, {c.document_id for c in changes}
            )
            if any(c.table == "documents" for c in changes):
                self._documents_timer.start()
        return len(changes)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._listener is None:
            return
        project = self._session.project
        if self._offline:
            if self._listener.reconnect() and project.reconnect():
                self._offline = False
                self._watch()
                log.info("shared project connected again")
                self.state_changed.emit("")
                self._session.reload_needed.emit()  # what happened meanwhile was not heard
            return
        if not self._listener.check() or not project.ping():
            self._went_offline()
            return
        # The check's round trip reads what came meanwhile, a change too: it waits in
        # the listener, and the socket no longer wakes the notifier for it.
        self.take_changes()

    def _went_offline(self) -> None:
        if self._offline:
            return
        self._offline = True
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        label = getattr(self._session.project, "label", "the shared project")
        log.warning("connection to %s lost", label)
        self.state_changed.emit(
            f"Connection to {label} lost: reading goes on; changes are refused until it "
            "is back (Reader tries again every few seconds)."
        )

    def stop(self) -> None:
        self._timer.stop()
        self._documents_timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._offline = False
