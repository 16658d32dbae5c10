"""A throwaway PostgreSQL server for the tests and benchmarks of shared projects.

``READER_TEST_PG`` names a server to use (a libpq URI of a login that may create
databases and roles); without it, :func:`start` makes a cluster in a temporary folder with
the machine's ``initdb``/``pg_ctl`` (Debian's ``postgresql`` package), listening only on a
Unix socket there, and :func:`stop` removes it. As root (CI), the cluster runs as the
``postgres`` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
_names = itertools.count(1)


def _tool(name: str) -> str | None:
    for folder in BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def available() -> bool:
    return bool(os.environ.get("READER_TEST_PG")) or bool(_tool("initdb") and _tool("pg_ctl"))


@dataclass
class Server:
    admin_url: str  # a superuser's connection to the maintenance database
    folder: Path | None = None  # the throwaway cluster's folder (None: READER_TEST_PG)
    socket_dir: str = ""

    def url(self, dbname: str, user: str | None = None) -> str:
        info = psycopg.conninfo.conninfo_to_dict(self.admin_url)
        info["dbname"] = dbname
        if user is not None:
            info["user"] = user
            info.pop("password", None)
        return psycopg.conninfo.make_conninfo(**info)

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its name."""
        name = f"{prefix}_{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return name

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def terminate(self, pid: int) -> None:
        """End the backend ``pid`` as a lost network or a restarted server would, and
        return once it has gone (its end of the connection closed)."""
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,))

    def create_login(self, name: str, *roles: str) -> None:
        """A login role (password-less: the throwaway cluster trusts local logins)."""
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE ROLE "{name}" LOGIN')
            for role in roles:
                conn.execute(f'GRANT "{role}" TO "{name}"')


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


def start(*, durable: bool = False) -> Server:
    """The server named by ``READER_TEST_PG``, else a new throwaway cluster (``durable``:
    with fsync on, as a real server; the tests run without it, quicker)."""
    given = os.environ.get("READER_TEST_PG")
    if given:
        return Server(given)
    folder = Path(tempfile.mkdtemp(prefix="reader-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    subprocess.run(
        _as_postgres([_tool("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
        check=True, capture_output=True, cwd=folder,
    )  # fmt: skip
    options = f"-k {folder} -c listen_addresses='' -c max_connections=60"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        _as_postgres([_tool("pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
                      str(folder / "log"), "start"]),
        check=True, capture_output=True, cwd=folder,
    )  # fmt: skip
    return Server(f"postgresql://postgres@/postgres?host={folder}", folder, str(folder))


def restart(server: Server) -> None:
    """Stop and start the throwaway server (connections are cut)."""
    assert server.folder is not None
    subprocess.run(
        _as_postgres([_tool("pg_ctl"), "-D", str(server.folder / "data"), "-m", "fast", "-w",
                      "-l", str(server.folder / "log"), "restart"]),
        check=True, capture_output=True, cwd=server.folder,
    )  # fmt: skip


def stop(server: Server) -> None:
    if server.folder is None:
        return
    subprocess.run(
        _as_postgres([_tool("pg_ctl"), "-D", str(server.folder / "data"), "-m", "immediate",
                      "-w", "stop"]),
        capture_output=True, cwd=server.folder,
    )  # fmt: skip
    shutil.rmtree(server.folder, ignore_errors=True)
