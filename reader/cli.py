"""The command line: ``reader [PATH...]`` opens the window (``reader.app`` builds it);
``reader COMMAND ...`` runs a command for scripts (parse, import, export,
import-annotations, search). ``--verbose`` (before or after a command) logs what Reader
does on stderr; the window also logs to ``logs/reader.log`` in its data folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import reader
from reader import APP_NAME, annotations_cli, shared_cli, team_cli
from reader.cli_support import fail, find_document, open_existing, open_project
from reader.core.text import excerpt
from reader.logs import log_import, log_to_stderr
from reader.team_cli import add_coder_option

if TYPE_CHECKING:  # (the window's start reads no document here: ``reader`` alone is light)
    from reader.core.model import Document, LinkEnd

PROJECT_SUFFIX = ".reader"


# ---- reader parse -------------------------------------------------------------------


def _end_json(end: LinkEnd) -> dict:
    if end.comment is not None:
        return {"comment": end.comment, "start": end.start, "end": end.end}
    return {"block": end.block, "start": end.start, "end": end.end}


def document_json(doc: Document) -> dict:
    return {
        "text": doc.text,
        "title": doc.title,
        "standfirst": doc.standfirst,
        "byline": doc.byline,
        "declared_comment_count": doc.declared_comment_count,
        "site": doc.site,
        "date": doc.date,
        "metadata": [list(pair) for pair in doc.metadata],
        "blocks": [
            {"kind": str(b.kind), "text": b.text, "start": b.start, "end": b.end}
            for b in doc.blocks
        ],
        "comments": [
            {
                "id": c.id,
                "parent": c.parent,
                "depth": c.depth,
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "author": c.author,
                "date": c.date,
            }
            for c in doc.comments
        ],
        "links": [
            {"from": _end_json(link.source), "to": _end_json(link.target), "text": link.text}
            for link in doc.links
        ],
    }


def _excerpt(text: str, width: int = 70) -> str:
    return excerpt(text, width)


def document_outline(doc: Document) -> str:
    """A human-readable outline of the parsed structure."""
    lines = [f"title: {doc.title}"]
    if doc.standfirst:
        lines.append(f"standfirst: {_excerpt(doc.standfirst)}")
    if doc.byline:
        lines.append(f"byline: {_excerpt(doc.byline)}")
    lines.append("")
    lines.append(f"blocks ({len(doc.blocks)}):")
    for i, b in enumerate(doc.blocks):
        lines.append(f"  [{i}] {b.kind:<11} {b.start:>6}-{b.end:<6} {_excerpt(b.text)}")
    declared = doc.declared_comment_count
    found = len(doc.comments)
    counted = f"{found}" if declared in (None, found) else f"{found} of {declared} declared"
    lines.append("")
    lines.append(f"comments ({counted}):")
    for c in doc.comments:
        indent = "  " * (c.depth + 1)
        lines.append(f"{indent}{c.id} {_excerpt(c.text, 70 - 2 * c.depth)}")
    if doc.links:
        lines.append("")
        lines.append(f"links ({len(doc.links)}):")
        for link in doc.links:
            src = link.source.comment or f"block {link.source.block}"
            dst = link.target.comment or f"block {link.target.block}"
            lines.append(f"  {src} -> {dst}: {_excerpt(link.text, 50)}")
    return "\n".join(lines)


def _cmd_parse(args: argparse.Namespace) -> int:
    from reader.core.formats import Item, ReadOptions, identify_file, read_file
    from reader.core.formats.datasets import FieldMapping, MappingError
    from reader.core.textio import UnreadableFile

    try:
        mapping = FieldMapping.parse(args.map) if args.map else None
    except MappingError as error:
        return fail(str(error))
    try:
        kind = identify_file(args.file)
        found = read_file(args.file, ReadOptions(mapping=mapping, encoding=args.encoding))
    except UnreadableFile as error:
        return fail(f"cannot read {args.file}: {error}")
    items = [f for f in found if isinstance(f, Item)]
    left_out = [f for f in found if not isinstance(f, Item)]
    single = len(found) == 1 and not items[0].key
    for problem in dict.fromkeys(i.problem for i in items if i.problem):
        print(f"reader: warning: {args.file}: {problem}", file=sys.stderr)
    if args.json:
        if single:
            out = {"format": kind.description, **document_json(items[0].document)}
        else:
            out = {
                "format": kind.description,
                "documents": [
                    {"key": i.key, "label": i.label, **document_json(i.document)} for i in items
                ],
                "left_out": [{"label": f.label, "reason": f.reason} for f in left_out],
            }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif single:
        print(document_outline(items[0].document))
    else:
        print(f"{args.file}: {kind.description}, {len(items)} documents")
        for i in items:
            print(f"\n=== {i.label or i.key}\n{document_outline(i.document)}")
        for f in left_out:
            print(f"\nleft out: {f.label}: {f.reason}")
    return 0


# ---- reader import ------------------------------------------------------------------


def _cmd_import(args: argparse.Namespace) -> int:
    from reader.store.project import ProjectError
    from reader.team_cli import coder_of

    try:
        project = open_project(args.project, coder_of(args))
    except ProjectError as error:
        return fail(str(error))
    if project.backup_problem:
        print(f"reader: warning: {project.backup_problem}", file=sys.stderr)
    from reader.core.formats.datasets import FieldMapping, MappingError

    try:
        mapping = FieldMapping.parse(args.map) if args.map else None
    except MappingError as error:
        project.close()
        return fail(str(error))
    shown = [0.0]

    def progress(done: int, total: int, label: str) -> bool:
        # Long files say how far they are, on stderr, at most about once a second.
        now = time.monotonic()
        if " — " in label and now - shown[0] >= 1.0 and sys.stderr.isatty():
            shown[0] = now
            print(f"\r{label[:100]:<100}", end="", file=sys.stderr, flush=True)
        return True

    started = time.perf_counter()
    with project:
        outcomes = project.import_files(
            [Path(f) for f in args.files], progress=progress, mapping=mapping,
            encoding=args.encoding,
        )  # fmt: skip
    log_import(outcomes, time.perf_counter() - started)
    if shown[0]:
        print("\r" + " " * 100 + "\r", end="", file=sys.stderr)
    failed = 0
    for o in outcomes:
        where = f"{o.path} › {o.item}" if o.item else o.path
        if o.status == "failed":
            failed += 1
            print(f"failed     {where}: {o.reason}")
            continue
        if o.status == "updated":
            line = f"updated    {where} (annotations: {o.moved} moved, {o.orphaned} orphaned"
            if o.corrections_dropped:
                n = o.corrections_dropped
                line += f"; {n} correction{'' if n == 1 else 's'} could not be re-applied"
            line += ")"
        else:
            line = f"{o.status:<10} {where}"
        print(f"{line}: {o.problem}" if o.problem else line)
    return 1 if failed else 0


def _encoding(name: str) -> str:
    """An ``--encoding`` argument: any codec Python knows, by any of its names."""
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r}") from None


_ENCODING_HELP = (
    "read the files in this encoding instead of guessing (utf-8, cp1252, latin-1, cp1251, "
    "shift_jis, utf-16-le…); bytes it cannot read are replaced and counted"
)


# ---- reader export / import-annotations ----------------------------------------------


def _cmd_export(args: argparse.Namespace) -> int:
    from reader.store.export import SUFFIXES, ExportError

    project = open_existing(args.project)
    if isinstance(project, int):
        return project
    with project:
        document_id = None
        if args.document:
            document_id = find_document(project, args.document)
            if document_id is None:
                return fail(f"there is no document {args.document!r} in {args.project}")
        if args.output == "-":
            if args.format in ("xlsx", "qdpx"):
                return fail(f"a {args.format} file cannot be written to the terminal")
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                out = Path(folder) / f"export{SUFFIXES[args.format]}"
                try:
                    project.export(
                        args.format, out, document_id=document_id, creator=args.creator,
                        crlf=args.crlf,
                    )  # fmt: skip
                except ExportError as error:
                    return fail(str(error))
                sys.stdout.write(out.read_text(encoding="utf-8"))
            return 0
        try:
            result = project.export(
                args.format, Path(args.output), document_id=document_id, creator=args.creator,
                crlf=args.crlf,
            )  # fmt: skip
        except ExportError as error:
            return fail(str(error))
    what = {"csv": "rows", "xlsx": "rows", "qdc": "tags"}.get(args.format, "passages")
    print(f"wrote {result.items} {what} to {args.output}")
    for reason in result.left_out:
        print(f"left out: {reason}")
    return 0


# ---- reader search ----------------------------------------------------------------------


def _cmd_search(args: argparse.Namespace) -> int:
    from reader.store.search import SearchError

    project = open_existing(args.project)
    if isinstance(project, int):
        return project
    with project:
        try:
            hits = project.search(args.query, limit=args.limit or None)
        except SearchError as error:
            return fail(str(error))
    if args.json:
        rows = [
            {
                "document": h.source_path,
                "title": h.title,
                "part": h.part,
                "comment": h.comment_id,
                "start": h.start,
                "end": h.end,
                "snippet": h.marked_snippet(),
            }
            for h in hits
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    shown = None
    for h in hits:
        if h.source_path != shown:
            print(f"{h.title} ({h.source_path})")
            shown = h.source_path
        where = h.part if h.comment_id is None else f"{h.part} {h.comment_id}"
        print(f"  {where} {h.start}-{h.end}: {h.marked_snippet()}")
    if not hits:
        print("no hits")
    return 0


def _search_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="search a project's articles, comments and notes",
        description='Words (all must occur), "a phrase", prefix*, AND, OR, NOT or -word, '
        'brackets; filters in:article, in:comments, in:notes, tag:NAME, tag:"two words", '
        "author:NAME, coder:NAME, meta:VALUE or meta:NAME=VALUE (a document property).",
    )
    p.add_argument("project", help="the project file (.reader)")
    p.add_argument("query", help="what to find (quote it for the shell)")
    p.add_argument("--json", action="store_true", help="print a JSON list of hits")
    p.add_argument("--limit", type=int, default=200, help="at most this many hits (0: all)")
    p.set_defaults(run=_cmd_search)


# ---- the command table ----------------------------------------------------------------


def _parse_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("parse", help="print the structure Reader finds in a file")
    p.add_argument("file", help="any file Reader reads (see README: Formats)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    _map_argument(p)
    p.add_argument("--encoding", type=_encoding, help=_ENCODING_HELP)
    p.set_defaults(run=_cmd_parse)


def _map_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--map",
        metavar="FIELD=NAME,...",
        help="comment data: the fields that hold each record's id, parent, author, time, "
        "text and article (e.g. id=comment_id,parent=reply_to,text=body); also title= "
        "and article_text= for the article's own title and text",
    )


def _import_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="add files to a project (created if missing), or update changed ones"
    )
    p.add_argument("project", help="the project file (.reader)")
    p.add_argument("files", nargs="+", help="files or folders (see README: Formats)")
    _map_argument(p)
    add_coder_option(p)
    p.add_argument("--encoding", type=_encoding, help=_ENCODING_HELP + " (kept for the file)")
    p.set_defaults(run=_cmd_import)


def _export_parser(sub: argparse._SubParsersAction) -> None:
    from reader.store.export import FORMATS

    p = sub.add_parser(
        "export",
        help="write a project's annotations to a file",
        description="Formats: " + "; ".join(f"{k}: {v}" for k, v in FORMATS.items()) + ".",
    )
    p.add_argument("project", help="the project file (.reader)")
    p.add_argument("--format", choices=tuple(FORMATS), default="w3c", help="(default: w3c)")
    p.add_argument(
        "-o", "--output", required=True, help="the file to write ('-': stdout, text formats)"
    )
    p.add_argument("--document", help="only this document (its id, source path or file name)")
    p.add_argument(
        "--crlf",
        action="store_true",
        help="qdpx: CRLF line ends in the sources, counted in positions (for MAXQDA)",
    )
    p.add_argument("--creator", help="the name to give as each annotation's creator")
    p.set_defaults(run=_cmd_export)


COMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "parse": _parse_parser,
    "import": _import_parser,
    "export": _export_parser,
    "import-annotations": annotations_cli.import_annotations_parser,
    "search": _search_parser,
    "merge": team_cli.merge_parser,
    "agreement": team_cli.agreement_parser,
    "shared": shared_cli.shared_parser,
}


def _command_line(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="reader", description="Reader's commands for scripts.")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS.values():
        add(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        # `reader parse page.html | head`: the reader of our output has gone; that is
        # not an error worth a traceback. Point stdout at nothing so the final flush
        # at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# ---- the window ----------------------------------------------------------------------


def _gui_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="reader",
        description=f"{APP_NAME}: close reading of news articles and their comments. "
        f"Commands for scripts: {', '.join(COMMANDS)} (reader COMMAND --help).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        help="a project (.reader) or a shared project's database (postgresql://… or "
        "service=NAME) to open, or text files or folders to import into it",
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="in a scratch folder, never the user's: open the bundled samples (or the "
        ".reader given) offscreen, render every document, check its links, print one line "
        "and exit (0 when all is well)",
    )
    parser.add_argument(
        "--color-scheme",
        choices=("system", "light", "dark"),
        default=os.environ.get("READER_COLOR_SCHEME", "system"),
        help="follow the system (default) or force light or dark (also READER_COLOR_SCHEME)",
    )
    parser.add_argument(
        "--coder",
        metavar="NAME",
        help="code as NAME in this run (default: $READER_CODER, else the name saved in "
        "Preferences, asked at first start); not remembered",
    )
    parser.add_argument(
        "--no-err-windows",
        action="store_true",
        help="report unexpected errors on stderr and exit, instead of a dialog (for CI)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log what Reader does on stderr"
    )
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)  # tests and benchmarks
    return parser.parse_args(argv)


class _Version(argparse.Action):
    """``--version``: the version is read from the package's metadata only when asked
    (reading it costs every start ~70 ms of CPU)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_kwargs: object) -> None:
        super().__init__(
            option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS,
            help="show program's version number and exit",
        )  # fmt: skip

    def __call__(self, parser, _namespace, _values, _option_string=None) -> None:
        print(f"{APP_NAME} {reader.__version__}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in argv or "-v" in argv
    argv = [a for a in argv if a not in ("--verbose", "-v")]
    log_to_stderr(verbose)
    if argv and argv[0] in COMMANDS:
        return _command_line(argv)
    from reader.app import run_window

    return run_window(_gui_arguments(argv), verbose=verbose)


if __name__ == "__main__":
    sys.exit(main())
