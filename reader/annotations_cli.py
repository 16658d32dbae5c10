"""``reader import-annotations PROJECT FILE``: annotations from a file onto the documents
already in a project (W3C JSON-LD, Hypothesis's exports, Reader's coded-segments csv, a
REFI-QDA project's codings). The reading is the store's (``store.annotation_files``),
the same as File › Import › Annotations… in the window; this module only names the
document for annotations whose page matches none and prints what happened.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli_support import fail, find_document, open_existing
from reader.team_cli import add_coder_option, coder_of

# What the file argument may be (the store says the same in its messages).
ANNOTATION_FILES = (
    "W3C Web Annotations (.jsonld, .json), Hypothesis's JSON export and API search results "
    "(.json), Reader's coded segments (.csv), a REFI-QDA project's codings (.qdpx)"
)


def _cmd_import_annotations(args: argparse.Namespace) -> int:
    from reader.store.annotation_files import NotAnnotationFile, import_annotation_file

    if not Path(args.file).is_file():
        return fail(f"cannot read {args.file}: there is no such file")
    project = open_existing(args.project, coder_of(args))
    if isinstance(project, int):
        return project
    with project:
        document_id = None
        if args.document:
            document_id = find_document(project, args.document)
            if document_id is None:
                return fail(f"there is no document {args.document!r} in {args.project}")
        try:
            result = import_annotation_file(project, Path(args.file), document=document_id)
        except NotAnnotationFile as error:
            return fail(str(error))
    print(
        f"added {result.added} annotations ({result.orphaned} orphaned), "
        f"{result.present} already present, {result.tags_created} new tags"
    )
    for reason in result.failed:
        print(f"failed     {reason}")
    if result.unmatched:
        print(f"{result.unmatched} of them name a page no document matches: "
              "name the document with --document")  # fmt: skip
    return 1 if result.failed else 0


def import_annotations_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-annotations",
        help="add annotations to a project: W3C JSON-LD, Hypothesis's exports, Reader's csv, "
        "a REFI-QDA project's codings (.qdpx)",
    )
    p.add_argument("project", help="the project file (.reader) or a shared project")
    p.add_argument("file", help=f"an annotation file: {ANNOTATION_FILES}")
    p.add_argument(
        "--document",
        help="the document (id, path or file name) for annotations whose page or file "
        "matches none in the project",
    )
    add_coder_option(p)
    p.set_defaults(run=_cmd_import_annotations)
