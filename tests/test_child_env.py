"""Programs Reader starts get the user's environment back, not the frozen bundle's."""

import os

from reader.child_env import child_environment, url_opener

FROZEN = {
    "HOME": "/home/ana",
    "PATH": "/usr/bin:/bin",
    "LD_LIBRARY_PATH": "/opt/reader/_internal",
    "LD_LIBRARY_PATH_ORIG": "/home/ana/lib",
    "QT_PLUGIN_PATH": "/opt/reader/_internal/PySide6/Qt/plugins",
    "QML2_IMPORT_PATH": "/opt/reader/_internal/PySide6/Qt/qml",
    "_PYI_APPLICATION_HOME_DIR": "/opt/reader/_internal",
    "_PYI_PARENT_PROCESS_LEVEL": "1",
}


def test_a_frozen_build_restores_what_the_user_had_and_drops_what_it_added():
    env = child_environment(FROZEN, frozen=True, bundle_dir="/opt/reader/_internal")
    assert env["LD_LIBRARY_PATH"] == "/home/ana/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in env
    assert "QT_PLUGIN_PATH" not in env
    assert "QML2_IMPORT_PATH" not in env
    assert not [name for name in env if name.startswith("_PYI_")]
    assert env["HOME"] == "/home/ana"
    assert env["PATH"] == "/usr/bin:/bin"


def test_a_qt_plugin_path_the_user_had_is_put_back():
    frozen = dict(FROZEN, QT_PLUGIN_PATH_ORIG="/home/ana/qtplugins")
    env = child_environment(frozen, frozen=True, bundle_dir="/opt/reader/_internal")
    assert env["QT_PLUGIN_PATH"] == "/home/ana/qtplugins"
    assert "QT_PLUGIN_PATH_ORIG" not in env


def test_the_bundle_is_taken_out_of_path():
    bundle = os.path.join(os.sep, "opt", "reader", "_internal")
    frozen = {"PATH": os.pathsep.join([bundle, os.path.join(bundle, "sub"), "/usr/bin"])}
    env = child_environment(frozen, frozen=True, bundle_dir=bundle)
    assert env["PATH"] == "/usr/bin"


def test_from_source_the_environment_is_passed_on_unchanged():
    assert child_environment(FROZEN, frozen=False) == FROZEN


def test_there_is_an_opener_for_links_on_unix():
    command = url_opener("https://example.org/article")
    assert command is None or command[-1] == "https://example.org/article"
