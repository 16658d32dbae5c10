"""The command line of team work: who is writing (``--coder``), ``reader merge`` and
``reader agreement``.

``reader.app`` registers these commands beside its own. A command that writes names its
coder with ``--coder NAME``; without it, the ``READER_CODER`` environment variable, else
the system account's name (what the window proposes at first start too). Only the
standard library is imported here at start; the store is imported when a command runs.
"""

from __future__ import annotations

import argparse
import getpass
import os

from reader.cli_support import fail as _fail

CODER_VARIABLE = "READER_CODER"


def named_coder(args: argparse.Namespace | None = None) -> str:
    """The coder named for this run: ``--coder``, else ``READER_CODER``; '' if neither.
    (The window and every command put it before any name remembered.)"""
    given = getattr(args, "coder", None) or os.environ.get(CODER_VARIABLE, "")
    return " ".join(given.split())


def default_coder() -> str:
    """The coder to assume when none is named: ``READER_CODER``, else the account name."""
    named = named_coder()
    if named:
        return named
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no account name (a container without a passwd entry)
        return "Reader user"


def add_coder_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--coder",
        metavar="NAME",
        help=f"who is writing (default: ${CODER_VARIABLE}, else your account name); "
        "annotations made before coders were recorded become this coder's",
    )


def coder_of(args: argparse.Namespace) -> str:
    """``--coder``, else ``READER_CODER``, else the account name."""
    return named_coder(args) or default_coder()


def _split(value: str | None) -> list[str]:
    return [" ".join(v.split()) for v in (value or "").split(",") if v.strip()]


# ---- reader agreement ----------------------------------------------------------------


def _resolve_tags(project, wanted: list[str]) -> list[str] | str:
    """Tag ids for names or paths ("Claims / Casualty figure"), case-insensitively; or
    the message naming one that is not in the codebook."""
    from reader.store.retrieval import tag_paths

    paths = tag_paths(project.tags())
    by_key: dict[str, str] = {}
    for t in project.tags():
        by_key.setdefault(t.name.casefold(), t.id)
        by_key[paths[t.id].casefold()] = t.id
    ids = []
    for name in wanted:
        found = by_key.get(name.casefold())
        if found is None:
            return f"there is no tag {name!r} in the codebook"
        ids.append(found)
    return ids


def _cmd_agreement(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from reader.store import agreement_input as ai
    from reader.store.project import Project, ProjectError

    if not Path(args.project).is_file():
        return _fail(f"there is no project at {args.project}")
    try:
        project = Project.open(Path(args.project))
    except ProjectError as error:
        return _fail(str(error))
    with project:
        known = [c.name for c in project.coders()]
        by_key = {n.casefold(): n for n in known}
        coders = None
        if args.coders:
            coders = []
            for name in _split(args.coders):
                if name.casefold() not in by_key:
                    return _fail(f"there is no coder {name!r} in the project (coders: "
                                 f"{', '.join(known) or 'none'})")  # fmt: skip
                coders.append(by_key[name.casefold()])
        tags = None
        if args.tags:
            tags = _resolve_tags(project, _split(args.tags))
            if isinstance(tags, str):
                return _fail(tags)
        result = ai.measure(project, unit=args.unit, coders=coders, tags=tags)
    report = result.report
    if len(report.coders) < 2:
        return _fail("agreement needs two coders or more; the project has "
                     f"{len(report.coders)}")  # fmt: skip
    figures, places = ai.figure_rows(result), ai.disagreement_rows(result)
    if args.json:
        json.dump(
            {
                "unit": report.unit,
                "coders": list(report.coders),
                "documents": len(report.documents),
                "figures": [dict(zip(ai.FIGURE_COLUMNS, r, strict=True)) for r in figures],
                "disagreements": [
                    dict(zip(ai.DISAGREEMENT_COLUMNS, r, strict=True)) for r in places
                ],
            },
            sys.stdout, ensure_ascii=False, indent=1,
        )  # fmt: skip
        sys.stdout.write("\n")
        return 0
    if args.csv:
        from reader.store.export.agreement_export import csv_table

        if args.disagreements:
            sys.stdout.write(csv_table(ai.DISAGREEMENT_COLUMNS, places))
        else:
            sys.stdout.write(csv_table(ai.FIGURE_COLUMNS, figures))
        return 0
    print(f"coders: {', '.join(report.coders)}; unit: {report.unit}; "
          f"documents compared: {len(report.documents)}")  # fmt: skip
    width = max(len(str(r[0])) for r in figures)
    line = "{:<" + str(width) + "}  {:>9}  {:>7}  {:>6}  {:>6}  {:>6}"
    print(line.format("tag", "units", "agree %", "Cohen", "Fleiss", "alpha"))
    for name, units, *values in figures:
        cells = []
        for i, v in enumerate(values):
            if v == "":
                cells.append("—")
            else:
                cells.append(f"{100 * v:.1f}" if i == 0 else f"{v:.3f}")
        print(line.format(name, units, *cells))
    hint = "" if args.disagreements or not places else " (--disagreements lists them)"
    print(f"{len(places)} places where the coders differ{hint}")
    if args.disagreements:
        for path, _title, where, start, end, tag, yes, no, text in places:
            print(f"  {Path(path).name} {where or f'{start}-{end}'} [{tag}] "
                  f"applied by {yes or 'nobody'}, not by {no or 'nobody'}: {text}")  # fmt: skip
    return 0


def agreement_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agreement",
        help="inter-coder agreement per tag and overall, and where the coders differ",
        description="Percent agreement, Cohen's kappa (first two coders), Fleiss' kappa and "
        "Krippendorff's alpha. Unit 'character': every character, alpha is Krippendorff's "
        "unitizing alpha; 'comment' or 'paragraph' (comments and article paragraphs): "
        "did the coder apply the tag anywhere in it.",
    )
    p.add_argument("project", help="the project file (.reader)")
    p.add_argument("--coders", metavar="A,B", help="compare these coders (default: all)")
    p.add_argument("--tags", metavar="T1,T2", help="only these tags (names or paths)")
    p.add_argument(
        "--unit", choices=("character", "comment", "paragraph"), default="character",
        help="what is compared (default: character)",
    )  # fmt: skip
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="figures and disagreements as JSON")
    out.add_argument("--csv", action="store_true", help="the figures table as CSV")
    p.add_argument(
        "--disagreements", action="store_true",
        help="list each place where the coders differ (with --csv: that list as CSV)",
    )  # fmt: skip
    p.set_defaults(run=_cmd_agreement)


# ---- reader merge ----------------------------------------------------------------------


def _cmd_merge(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from reader.store.project import Project, ProjectError

    try:
        project = Project.open(Path(args.into), coder=coder_of(args))
    except ProjectError as error:
        return _fail(str(error))
    if project.backup_problem:
        print(f"reader: warning: {project.backup_problem}", file=sys.stderr)
    failed = 0
    with project:
        for other in args.others:
            try:
                report = project.merge_from(Path(other))
            except ProjectError as error:
                failed += 1
                print(f"failed     {other}: {error}")
                continue
            for line in report.summary():
                print(line)
    return 1 if failed else 0


def merge_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge",
        help="merge other project files into a project (created if missing)",
        description="Documents are matched by their text (another version of one is "
        "re-anchored), tags by id then by name, annotations keep their ids and coders; "
        "merging the same file twice adds nothing; a passage that cannot be placed is "
        "kept as an orphan and listed. The other files are only read.",
    )
    p.add_argument("into", help="the project to merge into (.reader)")
    p.add_argument("others", nargs="+", metavar="from", help="project files to merge in")
    add_coder_option(p)
    p.set_defaults(run=_cmd_merge)
