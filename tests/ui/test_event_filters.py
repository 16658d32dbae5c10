"""Event filters cannot see their owner half-built, and an exception inside a Qt callback
fails the test that caused it (issue 16: ``'Annotator' object has no attribute
'_article'`` in an event filter, printed by a benchmark and passed over)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from reader.ui.event_watch import EventWatch

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "reader" / "ui"


def _own_children(cls: ast.ClassDef) -> set[str]:
    """Attributes the class assigns from a call in its own code (children it made)."""
    made = set()
    for node in ast.walk(cls):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                ):
                    made.add(target.attr)
    return made


def test_objects_filter_only_their_own_children_and_watch_others_through_event_watch():
    """``x.installEventFilter(self)`` runs the owner's ``eventFilter`` from then on; on an
    object the owner did not make (a pane handed in, a viewport) an event can arrive
    before the owner is complete. Those go through EventWatch, complete when installed."""
    offending = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "event_watch.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            own = _own_children(cls)
            for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                func = call.func
                if not (isinstance(func, ast.Attribute) and func.attr == "installEventFilter"):
                    continue
                if not (call.args and isinstance(call.args[0], ast.Name)):
                    continue
                if call.args[0].id != "self":
                    continue  # another, finished object is the filter
                receiver = func.value
                if (
                    isinstance(receiver, ast.Attribute)
                    and isinstance(receiver.value, ast.Name)
                    and receiver.value.id == "self"
                    and receiver.attr in own
                ):
                    continue
                where = f"{path.relative_to(ROOT)}:{call.lineno} ({cls.name})"
                offending.append(f"{where}: {ast.unparse(call)}")
    assert offending == [], "use EventWatch for these:\n" + "\n".join(offending)


def test_event_watch_calls_its_handlers_and_stops_an_event_when_asked(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    seen: list[QEvent.Type] = []

    def on_key(event: QEvent) -> bool:
        seen.append(event.type())
        return isinstance(event, QKeyEvent) and event.text() == "x"  # x never arrives

    EventWatch(edit, {QEvent.Type.KeyPress: on_key})
    edit.show()
    qtbot.waitExposed(edit)
    qtbot.keyClicks(edit, "axb")
    assert edit.text() == "ab"
    assert seen == [QEvent.Type.KeyPress] * 3


def test_event_watch_goes_with_its_owner_and_is_never_called_after_it(qtbot):
    """Parented to the owner of the handlers: once the owner is deleted, the watched
    object's events reach nothing of it (a dead owner's method would raise in Qt)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    owner = QObject()
    seen: list[QEvent.Type] = []
    watch = EventWatch(widget, {QEvent.Type.Resize: lambda e: seen.append(e.type())}, owner)
    assert watch.parent() is owner
    widget.resize(200, 100)
    widget.show()
    qtbot.waitExposed(widget)
    assert QEvent.Type.Resize in seen
    seen.clear()
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not _alive(watch)
    widget.resize(300, 150)
    qtbot.wait(20)
    assert seen == []


def test_event_watch_without_an_owner_goes_with_the_object_it_watches(qtbot):
    widget = QWidget()
    watch = EventWatch(widget, {QEvent.Type.Resize: lambda _e: None})
    assert watch.parent() is widget
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not _alive(watch)


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


def test_an_exception_in_an_event_filter_or_a_slot_fails_the_test(tmp_path):
    """The suite's own settings (pyproject.toml) keep pytest-qt's capture of exceptions
    raised inside Qt callbacks: a test where one is raised fails, naming it."""
    (tmp_path / "test_inner.py").write_text(
        textwrap.dedent(
            """
            from PySide6.QtCore import QEvent, QTimer
            from PySide6.QtWidgets import QWidget
            from reader.ui.event_watch import EventWatch

            class Half:
                def __init__(self, widget):
                    EventWatch(widget, {QEvent.Type.Resize: self.on_resize})

                def on_resize(self, _event):
                    return self._not_set_yet

            def test_filter(qtbot):
                widget = QWidget()
                qtbot.addWidget(widget)
                Half(widget)
                widget.resize(200, 100)
                widget.show()
                qtbot.wait(20)

            def test_slot(qtbot):
                QTimer.singleShot(0, lambda: 1 / 0)
                qtbot.wait(20)

            def test_quiet(qtbot):
                qtbot.wait(20)
            """
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
         str(tmp_path / "test_inner.py")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "2 failed, 1 passed" in out, out
    assert "_not_set_yet" in out and "ZeroDivisionError" in out, out
