"""The build checks of ``reader --self-test``: an annotation round trip, no Qt warnings."""

from PySide6.QtCore import QMessageLogContext, QtMsgType

from reader.selfcheck import QtWarningRecorder, annotation_round_trip


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
