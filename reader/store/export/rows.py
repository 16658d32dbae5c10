"""The table of coded segments that the csv and xlsx exports (and the retrieval view)
share, and how a cell is kept from running as a spreadsheet formula."""

from __future__ import annotations

from reader.store.retrieval import CodedSegment

COLUMNS: tuple[str, ...] = (
    "document",
    "title",
    "part",
    "comment id",
    "parent comment id",
    "author",
    "start",
    "end",
    "quote",
    "context",
    "tag path",
    "note",
    "created",
    "modified",
    "annotation id",
    "orphan",
    "coder",
)

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# injection"): = + - @, and tab or carriage return before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def row(s: CodedSegment) -> list[str | int]:
    """One coded segment as the cells of :data:`COLUMNS` (start and end as numbers)."""
    return [
        s.source_path,
        s.title,
        s.part,
        s.comment_id or "",
        s.parent_comment_id or "",
        s.author or "",
        s.start,
        s.end,
        s.quote,
        s.context,
        s.tag_path,
        s.note,
        s.created,
        s.modified,
        s.annotation_id,
        "yes" if s.orphan else "",
        s.coder,
    ]


def neutralise(cell: str) -> str:
    """The cell with a leading apostrophe when a spreadsheet would run it as a formula.

    Cells that already start with apostrophes before such a character get one more, so
    :func:`restore` gives back exactly what was written."""
    if cell.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """What :func:`neutralise` was given."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
