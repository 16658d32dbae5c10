"""The window connects each intent once: a signal wired twice would run its slot twice
(open a document twice, tag twice, print a status message twice)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import SIGNAL, QObject


def _receivers(sender: QObject, name: str) -> int:
    meta = sender.metaObject()
    for i in range(meta.methodCount()):
        method = meta.method(i)
        signature = bytes(method.methodSignature()).decode()
        if signature.split("(")[0] == name:
            return sender.receivers(SIGNAL(signature))
    raise AssertionError(f"{type(sender).__name__} has no signal {name}")


def test_each_connection_of_the_window_is_made_once(make_window, open_project, tmp_path):
    window = make_window(open_project(tmp_path / "p.reader"), show=False)
    rows = [(id(sender), signal, slot) for sender, signal, slot in window.connections]
    assert len(rows) == len(set(rows)), "a connection is listed twice"
    # The controllers' signals are the window's to route: nobody else listens, so each
    # has exactly as many receivers as the table has rows for it.
    controllers = {
        id(c): c
        for c in (
            window.annotator,
            window.retrieval,
            window.structure,
            window.codebook_controller,
            window.links,
        )  # fmt: skip
    }
    listed = Counter((id(s), signal) for s, signal, _ in window.connections)
    checked = 0
    for (sender_id, signal), count in listed.items():
        sender = controllers.get(sender_id)
        if sender is not None:
            assert _receivers(sender, signal) == count, f"{type(sender).__name__}.{signal}"
            checked += 1
    assert checked >= 8


def test_a_second_connection_is_caught(make_window, open_project, tmp_path):
    window = make_window(open_project(tmp_path / "p.reader"), show=False)
    before = _receivers(window.retrieval, "document_requested")
    window.retrieval.document_requested.connect(window._on_document_requested)
    assert _receivers(window.retrieval, "document_requested") == before + 1
