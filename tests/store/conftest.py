"""Fixtures for the store tests: the seeds, and a fresh project in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store.project import Project

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


# The store's API runs on both engines: a test taking ``project`` (or ``seeded``) runs on
# a project file and on a shared project in a fresh PostgreSQL database. A test of what
# only a file has (backups, wholeness, SQLite itself) is marked ``@sqlite_only``.
ENGINES = ("sqlite", "postgresql")
sqlite_only = pytest.mark.sqlite_only  # see tests/conftest.py


@pytest.fixture(params=ENGINES)
def project(request, tmp_path):
    if request.param == "sqlite":
        with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "backups") as p:
            yield p
        return
    from reader.store.postgres.project import SharedProject

    with SharedProject.open(request.getfixturevalue("pg_url"), create=True) as p:
        yield p


@pytest.fixture(params=ENGINES)
def open_project(request, tmp_path):
    """A function opening the test's project (on each engine): every call is another
    connection to the same project, as a second Reader would be. The caller closes it."""
    if request.param == "sqlite":
        return lambda coder=None: Project.open(
            tmp_path / "p.reader", backup_dir=tmp_path / "backups", coder=coder
        )
    from reader.store.postgres.project import SharedProject

    url = request.getfixturevalue("pg_url")
    SharedProject.open(url, create=True).close()
    return lambda coder=None: SharedProject.open(url, coder=coder)


def snapshot(project: Project) -> tuple:
    """Everything a user could see of the codebook and the annotations."""
    return project.tags(), project.annotations(), project.tag_usage()


@pytest.fixture
def seeded(project, seeds):
    """A project holding the seeds."""
    project.import_files(seeds)
    return project
