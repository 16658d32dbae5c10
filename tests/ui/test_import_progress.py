"""The import's progress dialog names the file being read and, once it can tell, about
how long the rest will take."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressDialog, QWidget

from reader.ui.dialogs import importing
from reader.ui.dialogs.importing import import_with_progress, time_left


class _Clock:
    """perf_counter that moves one second per file imported."""

    now = 0.0

    @classmethod
    def perf_counter(cls) -> float:
        return cls.now


def test_the_dialog_names_the_file_and_the_time_left(qtbot, monkeypatch):
    monkeypatch.setattr(importing, "time", _Clock)
    parent = QWidget()
    qtbot.addWidget(parent)
    labels: list[str] = []

    class Project:
        def import_files(self, paths, *, progress=None, mapping=None):
            for i, path in enumerate(paths):
                _Clock.now = float(i)
                progress(i, len(paths), str(path))
                dialog = parent.findChild(QProgressDialog, "import_progress")
                labels.append(dialog.labelText())
            progress(len(paths), len(paths), "")
            return []

    import_with_progress(Project(), [f"/data/page{i}.html" for i in range(40)], parent)
    assert labels[0] == "Importing page0.html…"  # too early to tell
    assert labels[10] == "Importing page10.html…\nAbout 30 seconds left"
    assert labels[39].startswith("Importing page39.html…")


def test_time_left_is_rounded_as_people_say_it():
    assert time_left(1.0, 50, 100) == ""  # too soon
    assert time_left(10.0, 3, 100) == ""  # too few files
    assert time_left(10.0, 50, 100) == "About 10 seconds left"
    assert time_left(10.0, 10, 100) == "About 2 minutes left"  # 90 seconds
    assert time_left(10.0, 10, 17) == "About 5 seconds left"  # never "0 seconds"
    assert time_left(60.0, 10, 400) == "About 39 minutes left"
