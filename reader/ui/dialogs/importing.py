"""Importing files with a progress dialog, and the report of what could not be read."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from reader.logs import log_import
from reader.ui.plain_text import message_box
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.core.records import ImportOutcome

PROGRESS_AFTER_FILES = 3


class Importer(Protocol):
    def import_files(
        self,
        paths: Sequence[Path],
        *,
        progress: Callable[[int, int, str], bool] | None = None,
        mapping: object = None,
    ) -> list[ImportOutcome]: ...


def import_with_progress(
    project: Importer, paths: Sequence[Path], parent: QWidget | None, mapping: object = None
) -> list[ImportOutcome]:
    """Import ``paths``; a cancellable progress dialog shows when there are several files,
    or when one file is long (a web archive, comment data: the label says how far)."""
    dialog: QProgressDialog | None = None
    started = time.perf_counter()

    def progress(done: int, total: int, path: str) -> bool:
        nonlocal dialog
        if total < PROGRESS_AFTER_FILES and " — " not in path and dialog is None:
            return True
        if dialog is None:
            dialog = QProgressDialog("Importing…", "Cancel", 0, total, parent)
            dialog.setObjectName("import_progress")
            dialog.setWindowTitle("Import")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
        label = f"Importing {Path(path).name}…" if path else "Done"
        left = time_left(time.perf_counter() - started, done, total)
        dialog.setLabelText(f"{label}\n{left}" if path and left else label)
        dialog.setValue(done)
        return not dialog.wasCanceled()

    try:
        outcomes = project.import_files(list(paths), progress=progress, mapping=mapping)
        log_import(outcomes, time.perf_counter() - started)
        return outcomes
    finally:
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()


def time_left(elapsed: float, done: int, total: int) -> str:
    """An estimate of the time an import has left, once there is enough to go on (a
    few files and a few seconds): "About 40 seconds left", "About 3 minutes left"."""
    if done < 5 or elapsed < 2 or done >= total:
        return ""
    seconds = elapsed / done * (total - done)
    if seconds < 60:
        return f"About {max(5, round(seconds / 5) * 5)} seconds left"
    minutes = round(seconds / 60)
    return f"About {plural(minutes, 'minute')} left"


def failure_report(outcomes: Sequence[ImportOutcome]) -> str | None:
    """A message naming each file that failed and why; ``None`` when none failed."""
    failed = [o for o in outcomes if o.status == "failed"]
    if not failed:
        return None
    done = sum(o.status in ("imported", "updated", "unchanged") for o in outcomes)
    lines = [
        f"{plural(len(failed), 'file')} could not be imported"
        + (f" ({plural(done, 'file')} imported or already there):" if done else ":")
    ]
    lines += [f"• {o.shown}: {o.reason or 'unknown reason'}" for o in failed]
    return "\n".join(lines)


def summary_line(outcomes: Sequence[ImportOutcome]) -> str:
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    order = ("imported", "updated", "unchanged", "failed", "skipped")
    line = ", ".join(f"{counts[s]} {s}" for s in order if counts.get(s))
    dropped = sum(o.corrections_dropped for o in outcomes)
    if dropped:
        line += f"; {plural(dropped, 'correction')} could not be re-applied"
    garbled = [o for o in outcomes if o.problem]
    if len(garbled) == 1:
        line += f"; {Path(garbled[0].path).name}: {garbled[0].problem}"
    elif garbled:
        line += (
            f"; {plural(len(garbled), 'file')} had bytes that could not be read "
            "(see each document's status; File › Re-import With Encoding… to choose another)"
        )
    return line


def show_failures(outcomes: Sequence[ImportOutcome], parent: QWidget | None) -> QMessageBox | None:
    """Open (non-blocking) a warning listing the files that failed; returns the box."""
    report = failure_report(outcomes)
    if report is None:
        return None
    box = message_box(parent, QMessageBox.Icon.Warning, "Some files were not imported", report)
    box.setObjectName("import_failures")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
