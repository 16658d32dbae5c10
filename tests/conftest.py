"""Test-wide set-up: Qt runs offscreen, and the app never touches the user's own data."""

import os

# Before anything imports Qt: the tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")


# ---- PostgreSQL for shared projects (tests/pg_server.py) --------------------------------

import pytest  # noqa: E402

from tests import pg_server as _pg  # noqa: E402


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session: ``READER_TEST_PG``, else a throwaway one. In CI
    (``CI`` set) a missing server fails the run instead of skipping its tests."""
    if not _pg.available():
        if os.environ.get("CI"):
            pytest.fail("CI must test shared projects: install postgresql or set READER_TEST_PG")
        pytest.skip("no PostgreSQL here (install postgresql, or set READER_TEST_PG)")
    server = _pg.start()
    yield server
    _pg.stop(server)


@pytest.fixture
def pg_url(pg_server):
    """A new, empty database on the test server; its libpq URI (as the superuser)."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: runs on a project file only")


def pytest_collection_modifyitems(config, items):
    """A ``sqlite_only`` test is not run on the PostgreSQL engine."""
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_pg = "postgresql" in (params.get("project"), params.get("open_project"))
        (drop if on_pg and item.get_closest_marker("sqlite_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
