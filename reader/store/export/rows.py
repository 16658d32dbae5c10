"""The table of coded segments that the csv and xlsx exports (and the retrieval view)
share, and how a cell is kept from running as a spreadsheet formula.

A project export adds one column per document property (``core.properties.described``:
a news database's outlet, a QDA project's variables, a capture URL), named
``meta:NAME`` as the search filter is, after :data:`COLUMNS`: see :func:`property_names`
and :func:`property_cells`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from reader.store.retrieval import CodedSegment

Properties = Mapping[str, Sequence[tuple[str, str]]]  # by source path

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


def property_names(properties: Properties) -> list[str]:
    """The property names of these documents, in the order first met (a document's own
    order first): the extra columns, each written ``meta:NAME``."""
    names: dict[str, None] = {}
    for rows in properties.values():
        names.update((name, None) for name, _value in rows)
    return list(names)


def property_cells(names: Iterable[str], rows: Sequence[tuple[str, str]]) -> list[str]:
    """A document's values under ``names`` (a name it gives twice: both, joined by "; ")."""
    values: dict[str, list[str]] = {}
    for name, value in rows:
        values.setdefault(name, []).append(value)
    return ["; ".join(values.get(name, ())) for name in names]


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
