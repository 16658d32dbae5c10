"""A document's properties: what Reader knows about it beyond its text, as (name, value)
rows in the order a person reads them, for the Document Properties dialog, ``reader
parse`` and the ``meta:`` search filter.

:func:`described` is what the page or file says (site, date, byline, then
``Document.metadata`` in the source's order: a news database's outlet and length, a QDA
project's variables, a dataset's article fields, a web archive's capture URL and time).
:func:`properties` puts the file and Reader's reading of it before those (title, file
and the item in it, comments, encoding). :func:`source_parts` splits a document's source
path into its file and the key of the item in it (``file#key`` for a file of many).
:func:`matches` is the ``meta:`` filter's test.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable

from reader.core.formats.identify import suffix_of
from reader.core.model import Document
from reader.core.records import DocumentSummary

Row = tuple[str, str]

# The names of files that may hold many documents (a file named otherwise is one).
MANY_DOCUMENT_SUFFIXES = frozenset(
    {".warc", ".warc.gz", ".mhtml", ".mht", ".json", ".jsonl", ".ndjson", ".csv", ".tsv",
     ".docx", ".odt", ".rtf", ".html", ".htm", ".txt", ".text", ".qdpx"}
)  # fmt: skip


def source_parts(source_path: str) -> tuple[str, str | None]:
    """(file, key of the item in it or None): a document from a file of many (a web
    archive's page, a dataset's article, a news export's article, a REFI-QDA source) is
    stored as ``file#key``, and a key may hold '#' and '/' (a page's URL). The file is
    the part before the first '#' that follows a name Reader reads files of many by; a
    '#' in the file's own name is kept (and a path that is a file as it stands is one)."""
    if "#" not in source_path or os.path.isfile(source_path):
        return source_path, None
    at = source_path.find("#")
    while at > 0:
        if suffix_of(source_path[:at]) in MANY_DOCUMENT_SUFFIXES:
            return source_path[:at], source_path[at + 1 :]
        at = source_path.find("#", at + 1)
    return source_path, None


def described(doc: Document) -> tuple[Row, ...]:
    """What the source says about the document: site, date and byline (unless its
    metadata says the same, as a news export's outlet does), then its metadata in the
    source's order."""
    said = {value.strip() for _name, value in doc.metadata}
    rows = [
        (name, value.strip())
        for name, value in (("Site", doc.site), ("Date", doc.date), ("Byline", doc.byline))
        if value and value.strip() and value.strip() not in said
    ]
    rows += [(name, value) for name, value in doc.metadata if value.strip()]
    return tuple(rows)


def properties(
    summary: DocumentSummary, doc: Document | None, *, encoding_name: str | None = None
) -> tuple[Row, ...]:
    """Every row of the Document Properties dialog: title, file (and the item in it),
    comments found (and declared), how the bytes were decoded and what could not be,
    then :func:`described` (or the summary's site and date when ``doc`` is None, as for
    a document that cannot be parsed)."""
    file, key = source_parts(summary.source_path)
    rows: list[Row] = [("Title", summary.title), ("File", file)]
    if key is not None:
        rows.append(("Item in the file", key))
    count = f"{summary.comment_count:,}"
    if summary.declared_comment_count is not None:
        count += f" (the page says {summary.declared_comment_count:,})"
    rows.append(("Comments", count))
    if encoding_name:
        rows.append(("Read as", encoding_name))
    if summary.reading_problem:
        rows.append(("Could not be read", summary.reading_problem))
    if doc is not None:
        rows += described(doc)
    else:
        rows += [(n, v) for n, v in (("Site", summary.site), ("Date", summary.date)) if v]
    return tuple(rows)


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def matches(rows: Iterable[Row], name: str | None, value: str) -> bool:
    """The ``meta:`` filter: some row whose value holds ``value`` (ignoring case, width
    and runs of spaces), and whose name is ``name`` when one is given (ignoring case)."""
    wanted = _folded(value)
    wanted_name = _folded(name) if name is not None else None
    return any(
        (wanted_name is None or _folded(n) == wanted_name) and wanted in _folded(v) for n, v in rows
    )
