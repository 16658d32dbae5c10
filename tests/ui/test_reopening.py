"""Opening documents again and again keeps nothing of the ones shown before (issue 16:
every open kept a QTextDocument, ~53 MiB for 1 MB of text)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QTextDocument


def _settle(qtbot) -> None:
    qtbot.wait(30)  # the timers an open starts (stripes, ticks, the thread's expansion)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def _counts(window) -> tuple[int, int, int]:
    """Qt objects in the window, QTextDocuments among them, Python objects."""
    children = window.findChildren(QObject)
    docs = sum(isinstance(c, QTextDocument) for c in children)
    return len(children), docs, len(gc.get_objects())


def test_opening_documents_twenty_times_keeps_the_object_counts_flat(
    make_window, seeded_project, qtbot
):
    window = make_window(seeded_project)
    ids = [s.id for s in seeded_project.documents()][:2]
    first, second = ids

    def open_both() -> None:
        for doc_id in (first, second):
            assert window.open_document(doc_id)
            _settle(qtbot)

    open_both()
    open_both()
    qt_before, docs_before, py_before = _counts(window)
    for _ in range(20):
        open_both()
    qt_after, docs_after, py_after = _counts(window)
    assert window.article.document().toPlainText()  # the second document is shown
    assert docs_after == docs_before
    assert qt_after == qt_before
    # Python's count wobbles by a few (caches, interned strings); a leak of one
    # document's objects per open would add thousands here.
    assert py_after - py_before < 500, (py_before, py_after)
