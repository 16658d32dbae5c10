"""The build checks of ``reader --self-test``: an annotation round trip, no Qt warnings."""

from PySide6.QtCore import QMessageLogContext, QtMsgType

from reader.selfcheck import QtWarningRecorder, annotation_round_trip, leaked_environment


def test_an_annotation_round_trips_in_a_temporary_project():
    assert annotation_round_trip() == []


def test_qt_warnings_are_recorded_and_debug_messages_are_not():
    recorder = QtWarningRecorder()
    context = QMessageLogContext()
    recorder._handle(QtMsgType.QtDebugMsg, context, "chatter")
    recorder._handle(QtMsgType.QtWarningMsg, context, "QFont: missing family")
    recorder._handle(
        QtMsgType.QtWarningMsg, context, "This plugin does not support propagateSizeHints()"
    )
    recorder._handle(QtMsgType.QtCriticalMsg, context, "cannot load plugin")
    assert recorder.problems() == [
        "Qt warning: QFont: missing family",
        "Qt critical: cannot load plugin",
    ]


def test_from_source_there_is_no_bundle_environment_to_leak():
    assert leaked_environment() == []


def test_a_bundle_environment_is_not_passed_on(monkeypatch):
    monkeypatch.setenv("QT_PLUGIN_PATH", "/opt/reader/_internal/PySide6/Qt/plugins")
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/reader/_internal")
    monkeypatch.delenv("QT_PLUGIN_PATH_ORIG", raising=False)
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    assert leaked_environment("/opt/reader/_internal") == []
