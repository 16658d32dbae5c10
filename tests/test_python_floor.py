"""Reader needs Python 3.12+: PySide6 6.12 on 3.11 drops a reference to None on every
QTextCursor.setPosition / QTextDocument.setPlainText call, which ends in
``Fatal Python error: none_dealloc`` in a long session. From 3.12 None is immortal."""

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_project_refuses_pythons_older_than_3_12():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.12"
    # A 3.12 release, pinned to the patch level: packaging/build.py bundles exactly it.
    pinned = (ROOT / ".python-version").read_text().strip()
    assert pinned == "3.12" or pinned.startswith("3.12.")
    assert sys.version_info >= (3, 12)


def test_many_text_cursor_calls_leave_none_alive(qapp):
    from PySide6.QtGui import QTextCursor, QTextDocument

    doc = QTextDocument()
    cursor = QTextCursor(doc)
    before = sys.getrefcount(None)
    for _ in range(1000):
        doc.setPlainText("Reader keeps None alive")
        cursor.setPosition(3)
    # On 3.11 this dropped by 2,000; on 3.12+ None is immortal and the count is fixed.
    assert sys.getrefcount(None) >= before
