"""The parts of ``reader --self-test`` that check the build rather than the window.

A packaged Reader must prove, offscreen and without a user, that what it needs made it
into the bundle: the store round-trips an annotation in a temporary project (SQLite,
the importer, the bundled seeds through the real code path), Qt ran without a
warning (a missing plugin, font or image format shows up as one), and programs Reader
starts would get the user's environment, not the bundle's. The window's own
checks are in ``reader.ui.self_test``; ``reader.app`` runs both. The whole self-test
runs in scratch locations (``use_scratch_locations``): it never reads or writes the
user's project, settings or caches.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from reader.child_env import PRIVATE_PREFIXES, RESTORED, child_environment
from reader.resources_path import MissingResource, seed_files
from reader.store.project import Project

BENIGN = (
    # The offscreen platform plugin says this for any window with a minimum size: an
    # artefact of running without a screen, not a fault of the build.
    "This plugin does not support propagateSizeHints()",
)


SCRATCH_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def use_scratch_locations() -> tempfile.TemporaryDirectory:
    """A temporary folder for the self-test's data and settings; call before Qt starts.

    The caller puts the project and the settings file in it. On Linux the XDG base
    directories point into it too, so that nothing Qt or a library writes on its own
    (a font cache, Qt's state) lands in the user's home. The caller removes it.
    """
    scratch = tempfile.TemporaryDirectory(prefix="reader-self-test-")
    for name in SCRATCH_VARIABLES:
        folder = os.path.join(scratch.name, name.lower())
        os.makedirs(folder, mode=0o700)
        os.environ[name] = folder
    return scratch


class QtWarningRecorder:
    """Collects Qt's warnings (and worse) while installed; other messages pass through."""

    def __init__(self, benign: tuple[str, ...] = BENIGN) -> None:
        self.messages: list[str] = []
        self._benign = benign
        self._previous = None

    def install(self) -> QtWarningRecorder:
        self._previous = qInstallMessageHandler(self._handle)
        return self

    def uninstall(self) -> None:
        qInstallMessageHandler(self._previous)

    def _handle(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        quiet = kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
        if not quiet and message not in self._benign:
            category = f"{context.category}: " if context.category else ""
            level = kind.name.removeprefix("Qt").removesuffix("Msg").lower()
            self.messages.append(f"Qt {level}: {category}{message}")
        if self._previous is not None:
            self._previous(kind, context, message)

    def problems(self) -> list[str]:
        return list(self.messages)


def annotation_round_trip() -> list[str]:
    """Import a bundled seed into a temporary project, annotate it, remove the annotation.

    Returns the problems found (none when all is well); touches nothing of the user's.
    """
    try:
        seeds = seed_files()
    except MissingResource as error:
        return [str(error)]
    if not seeds:
        return ["no bundled seeds to import"]
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="reader-self-test-") as tmp:
        project = Project.open(Path(tmp) / "check.reader", backup_dir=Path(tmp) / "backups")
        try:
            project.import_files(seeds[:1])
            documents = project.documents()
            if not documents:
                return [f"importing {seeds[0].name} into a temporary project gave no document"]
            doc_id = documents[0].id
            text = project.load(doc_id).text
            end = min(len(text), 40)
            if end == 0:
                return [f"{seeds[0].name} imported with no text"]
            added = project.add_annotation(doc_id, 0, end, note="self-test")
            if [a.id for a in project.annotations(doc_id)] != [added.id]:
                problems.append("an added annotation was not listed")
            project.delete_annotation(added.id)
            if project.annotations(doc_id):
                problems.append("a removed annotation was still listed")
        finally:
            project.close()
    return problems


def collation() -> list[str]:
    """Qt's locale-aware sort (ICU's collation, whose data the build trims) still works.

    A plain code-point sort would put "Banana" before "apple" and the accented words last.
    """
    from functools import cmp_to_key

    from PySide6.QtCore import QCollator, QLocale

    words = ["zebra", "Émile", "apple", "Banana", "éclair"]
    collator = QCollator(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    got = sorted(words, key=cmp_to_key(collator.compare))
    wanted = ["apple", "Banana", "éclair", "Émile", "zebra"]
    if got != wanted:
        return [f"locale-aware sorting gave {got}, not {wanted} (ICU's collation data)"]
    return []


def leaked_environment(bundle_dir: str | None = None) -> list[str]:
    """Variables a program started by a frozen Reader would inherit from the bundle.

    From source (no bundle) there is nothing to check and the list is empty.
    """
    bundle = bundle_dir if bundle_dir is not None else getattr(sys, "_MEIPASS", None)
    if not bundle:
        return []
    env = child_environment(frozen=True, bundle_dir=bundle)
    leaks = [name for name in RESTORED if bundle in env.get(name, "")]
    leaks += [name for name in env if name.startswith(PRIVATE_PREFIXES)]
    return [f"{name} would carry the bundle's setting to programs Reader starts" for name in leaks]
