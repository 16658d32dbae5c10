"""What every command of the command line shares: saying a bad input on stderr with
exit code 2 (:func:`fail`), and opening the project a command names, a file or a shared
project in a database (:func:`open_project`, :func:`open_existing`). Only the standard
library is imported at start, so ``reader --help`` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_BAD_INPUT = 2


def fail(message: str) -> int:
    """Say ``message`` on stderr as Reader's; the exit code of a bad input."""
    print(f"reader: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def is_shared(target: str) -> bool:
    """Whether ``target`` names a database (a libpq URI or ``service=NAME``)."""
    from reader.store.postgres import is_shared_target  # no psycopg imported

    return is_shared_target(target)


def open_project(target: str, coder: str | None = None, *, create: bool = False):
    """A project file or a shared project (a database) for a command; ProjectError."""
    if is_shared(target):
        from reader.store.postgres.project import SharedProject

        return SharedProject.open(target, coder=coder, create=create)
    from reader.store.project import Project

    return Project.open(Path(target), coder=coder)


def open_existing(target: str, coder: str | None = None):
    """An existing project for a command that must not create one, or an exit code.
    ``coder``: who writes (a command that only reads names nobody). A backup that could
    not be made is said as a warning."""
    from reader.store.errors import ProjectError

    if not is_shared(target) and not Path(target).is_file():
        return fail(f"there is no project at {target}")
    try:
        project = open_project(target, coder)
    except ProjectError as error:
        return fail(str(error))
    if project.backup_problem:
        print(f"reader: warning: {project.backup_problem}", file=sys.stderr)
    return project


def find_document(project, wanted: str) -> int | None:
    """A document by id, source path or file name."""
    for s in project.documents():
        if wanted in (str(s.id), s.source_path) or Path(s.source_path).name == wanted:
            return s.id
    resolved = str(Path(wanted).resolve())
    return next((s.id for s in project.documents() if s.source_path == resolved), None)
