"""The command line of shared projects on PostgreSQL: ``reader shared init|push|pull``.

A database is named as every PostgreSQL client names one: a libpq URI
(``postgresql://user@host/db?sslmode=require``) or ``key=value`` words (``service=team``),
so passwords come from ``~/.pgpass``, ``pg_service.conf`` or ``PGPASSWORD``, never from
Reader. ``init`` makes the project in an empty database (and the roles ``reader_owner``,
``reader_coder``, ``reader_reader``); ``push`` merges a project file into it (documents,
codebook, annotations with their coders; the database owner's job); ``pull`` writes a
new project file from it for offline work, which ``push`` (a merge) brings back. The
other commands (``reader search``, ``export``, ``import``…) take a database wherever they
take a project file (``reader.cli_support.open_project``). Only the standard library is
imported here at start.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli_support import fail as _fail


def _cmd_init(args: argparse.Namespace) -> int:
    from reader.store.errors import ProjectError
    from reader.store.postgres.project import SharedProject

    try:
        with SharedProject.open(args.url, create=True) as project:
            count = len(project.documents())
            print(f"shared project ready in {project.label}: {count} documents; give each "
                  "coder's login its role: GRANT reader_coder TO name")  # fmt: skip
    except ProjectError as error:
        return _fail(str(error))
    return 0


def _cmd_push(args: argparse.Namespace) -> int:
    from reader.store.errors import ProjectError
    from reader.store.postgres.project import SharedProject
    from reader.team_cli import coder_of

    if not Path(args.project).is_file():
        return _fail(f"there is no project at {args.project}")
    try:
        with SharedProject.open(args.url, coder=coder_of(args), create=args.init) as shared:
            report = shared.merge_from(Path(args.project))
    except ProjectError as error:
        return _fail(str(error))
    for line in report.summary():
        print(line)
    return 0


def _cmd_pull(args: argparse.Namespace) -> int:
    from reader.store import merge
    from reader.store.errors import ProjectError
    from reader.store.postgres.project import SharedProject
    from reader.store.project import Project

    target = Path(args.project)
    if target.exists():
        return _fail(f"{target} exists; pull into a new file (then “reader merge” it)")
    try:
        with SharedProject.open(args.url) as shared, Project.open(target) as local:
            report = merge.merge_project(local._conn, local, shared, shared.label)
    except ProjectError as error:
        return _fail(str(error))
    for line in report.summary():
        print(line)
    return 0


def shared_parser(sub: argparse._SubParsersAction) -> None:
    from reader.team_cli import add_coder_option

    p = sub.add_parser(
        "shared",
        help="a shared project on PostgreSQL: init, push, pull",
        description="A database is a libpq URI (postgresql://user@host/db) or "
        "key=value words (service=NAME); passwords come from ~/.pgpass, the service file "
        "or PGPASSWORD, never from Reader.",
    )
    verbs = p.add_subparsers(dest="verb", required=True)
    init = verbs.add_parser("init", help="make the project in an empty database")
    init.add_argument("url", help="the database (libpq URI or service=NAME)")
    init.set_defaults(run=_cmd_init)
    push = verbs.add_parser(
        "push", help="merge a project file into the shared project (as its owner)"
    )
    push.add_argument("project", help="the project file (.reader)")
    push.add_argument("url", help="the database")
    push.add_argument("--init", action="store_true", help="make the project first if empty")
    add_coder_option(push)
    push.set_defaults(run=_cmd_push)
    pull = verbs.add_parser("pull", help="a new project file holding the shared project")
    pull.add_argument("url", help="the database")
    pull.add_argument("project", help="the new project file (.reader)")
    pull.set_defaults(run=_cmd_pull)
