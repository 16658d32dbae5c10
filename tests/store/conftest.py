"""Fixtures for the store tests: the seeds, and a fresh project in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store.project import Project

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def project(tmp_path):
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "backups") as p:
        yield p


def snapshot(project: Project) -> tuple:
    """Everything a user could see of the codebook and the annotations."""
    return project.tags(), project.annotations(), project.tag_usage()


@pytest.fixture
def seeded(project, seeds):
    """A project holding the seeds."""
    project.import_files(seeds)
    return project
