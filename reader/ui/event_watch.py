"""Watching another object's events, safely by construction.

A controller or painter that needs some of another object's events (a pane's palette
change, a viewport's resize or tooltip) never overrides ``eventFilter`` and installs
itself: Qt would call that override as soon as it is installed, and an event arriving
before the owner has set every attribute its filter reads raises inside Qt (the
``'Annotator' object has no attribute '_article'`` of issue 16). Instead it makes an
:class:`EventWatch` with the handlers, which is complete before it is installed: its
constructor installs it as its last step. It is the child of the handlers' owner, so it
goes with the owner (Qt drops a deleted filter from the watched object), and it is never
called after the watched object is gone.

A handler takes the event and returns True to stop it there (``None``/False: Qt goes on).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject

Handler = Callable[[QEvent], bool | None]


class EventWatch(QObject):
    """Calls ``handlers[event.type()]`` for the events of ``watched``; ``owner``, whose
    methods the handlers are, is its parent (None: the watched object is)."""

    def __init__(
        self,
        watched: QObject,
        handlers: Mapping[QEvent.Type, Handler],
        owner: QObject | None = None,
    ) -> None:
        super().__init__(owner if owner is not None else watched)
        self.setObjectName("event_watch")
        self._handlers = dict(handlers)
        watched.installEventFilter(self)  # last: everything the filter reads is set

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        handler = self._handlers.get(event.type())
        return bool(handler(event)) if handler is not None else False
