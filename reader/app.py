"""The composition root and the command line.

``reader [PATH...]`` opens the window; ``reader COMMAND ...`` runs a command for scripts.
This is the one module that builds the store and the window and hands each its parts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reader import APP_NAME, __version__
from reader.core.model import Document, LinkEnd
from reader.core.parse import parse_text
from reader.core.source import read_document
from reader.core.textio import UnreadableFile, read_text_file

EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


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
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


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
    try:
        doc = read_document(args.file)
    except UnreadableFile as error:
        return _fail(f"cannot read {args.file}: {error}")
    if args.json:
        json.dump(document_json(doc), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(document_outline(doc))
    return 0


# ---- reader import ------------------------------------------------------------------


def _cmd_import(args: argparse.Namespace) -> int:
    from reader.store.project import Project, ProjectError

    try:
        project = Project.open(Path(args.project))
    except ProjectError as error:
        return _fail(str(error))
    with project:
        outcomes = project.import_files([Path(f) for f in args.files])
    failed = 0
    for o in outcomes:
        if o.status == "failed":
            failed += 1
            print(f"failed     {o.path}: {o.reason}")
        elif o.status == "updated":
            print(f"updated    {o.path} (annotations: {o.moved} moved, {o.orphaned} orphaned)")
        else:
            print(f"{o.status:<10} {o.path}")
    return 1 if failed else 0


# ---- the command table ----------------------------------------------------------------


def _parse_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("parse", help="print the structure Reader finds in a scraped file")
    p.add_argument("file", help="a plain-text scrape or a saved web page (.html, .htm)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=_cmd_parse)


def _import_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="add files to a project (created if missing), or update changed ones"
    )
    p.add_argument("project", help="the project file (.reader)")
    p.add_argument("files", nargs="+", help="text files or folders")
    p.set_defaults(run=_cmd_import)


COMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "parse": _parse_parser,
    "import": _import_parser,
}


def _command_line(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="reader", description="Reader's commands for scripts.")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS.values():
        add(sub)
    args = parser.parse_args(argv)
    return args.run(args)


# ---- the window ----------------------------------------------------------------------


def _gui_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="reader",
        description=f"{APP_NAME}: close reading of news articles and their comments. "
        f"Commands for scripts: {', '.join(COMMANDS)} (reader COMMAND --help).",
    )
    parser.add_argument("paths", nargs="*", help="text files or folders to open")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser.parse_args(argv)


def _run_window(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QListWidget

    app = QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    paths = [Path(p) for p in args.paths] or sorted(seeds.glob("*.txt"))
    titles = QListWidget()
    titles.setWindowTitle(APP_NAME)
    for path in paths:
        try:
            titles.addItem(parse_text(read_text_file(path).text).title)
        except UnreadableFile as error:
            print(f"reader: cannot read {path}: {error}", file=sys.stderr)
    titles.resize(900, 600)
    titles.show()
    return app.exec()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return _command_line(argv)
    return _run_window(_gui_arguments(argv))


if __name__ == "__main__":
    sys.exit(main())
