"""Coded segments as an Excel workbook (xlsxwriter): a sheet of the rows, one of tag
frequencies per document, the codebook, and (when the documents have properties such as
a news database's outlet or a QDA project's variables) one of the documents with them,
which also follow each coded segment as ``meta:NAME`` columns. Every text goes in as a
string cell, so nothing in it runs as a formula or turns into a link or a number.

A carriage return is written as the XML reference ``&#13;``: xlsxwriter writes it as the
OOXML escape ``_x000D_``, which Excel decodes but openpyxl and pandas show literally.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from reader.store.documents import DocumentSummary
from reader.store.export.atomic import write_atomically
from reader.store.export.rows import COLUMNS, Properties, property_cells, property_names, row
from reader.store.records import Tag
from reader.store.retrieval import CodedSegment, TagFrequencies, tag_paths

MAX_CELL = 32_767  # Excel's limit on the characters in one cell
SEGMENTS_SHEET = "Coded segments"
FREQUENCIES_SHEET = "Tag frequencies"
CODEBOOK_SHEET = "Codebook"
DOCUMENTS_SHEET = "Documents"
CODEBOOK_COLUMNS = ("tag path", "name", "colour", "description", "passages", "tag id")


SHARED_STRINGS = "xl/sharedStrings.xml"
# An OOXML escape (ECMA-376 ST_Xstring) as xlsxwriter writes one; ``_x005F_`` escapes the
# underscore of a literal "_x000D_" in the text, so matching left to right keeps that apart.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _references_for_carriage_returns(path: Path) -> None:
    """Rewrite the workbook at ``path`` with each ``_x000D_`` in its shared strings as
    ``&#13;`` (what every XML parser turns back into a CR)."""
    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            if info.filename == SHARED_STRINGS:
                text = data.decode("utf-8")
                text = _ESCAPE.sub(
                    lambda m: "&#13;" if m.group(1).upper() == "000D" else m.group(), text
                )
                data = text.encode("utf-8")
            z.writestr(info, data)


def _fit(value: str) -> str:
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"


def _write_row(sheet, r: int, cells: Sequence, header=None) -> None:
    for c, value in enumerate(cells):
        if isinstance(value, int):
            sheet.write_number(r, c, value, header)
        else:
            sheet.write_string(r, c, _fit(str(value)), header)


def write_xlsx(
    path: Path,
    segments: Sequence[CodedSegment],
    frequencies: TagFrequencies | None = None,
    tags: Sequence[Tag] = (),
    documents: Sequence[DocumentSummary] = (),
    properties: Properties | None = None,
) -> None:
    """The workbook; without ``frequencies`` only the sheet of coded segments.
    ``properties``: each document's (by source path), as extra columns and a sheet."""
    properties = properties or {}
    names = property_names(properties)
    header = [*COLUMNS, *(f"meta:{n}" for n in names)]
    import xlsxwriter  # here, so that loading Reader does not load it

    def write(temporary: Path) -> None:
        book = xlsxwriter.Workbook(
            str(temporary),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(SEGMENTS_SHEET)
        _write_row(sheet, 0, header, bold)
        for r, s in enumerate(segments, 1):
            _write_row(sheet, r, row(s) + property_cells(names, properties.get(s.source_path, ())))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(segments), 1), len(header) - 1)
        if frequencies is None:
            book.close()
            _references_for_carriage_returns(temporary)
            return

        paths = tag_paths(tags)
        sheet = book.add_worksheet(FREQUENCIES_SHEET)
        titles = {d.id: d for d in documents}
        _write_row(sheet, 0, ["document", "title", *(paths[t.id] for t in frequencies.tags)], bold)
        for r, (doc_id, counts) in enumerate(
            zip(frequencies.documents, frequencies.counts, strict=True), 1
        ):
            d = titles.get(doc_id)
            _write_row(sheet, r, [d.source_path if d else "", d.title if d else "", *counts])
        last = len(frequencies.documents) + 1
        _write_row(sheet, last, ["all documents", "", *frequencies.totals], bold)
        _write_row(sheet, last + 1, ["documents with the tag", "", *frequencies.spread], bold)
        sheet.freeze_panes(1, 2)

        sheet = book.add_worksheet(CODEBOOK_SHEET)
        _write_row(sheet, 0, CODEBOOK_COLUMNS, bold)
        totals = dict(zip((t.id for t in frequencies.tags), frequencies.totals, strict=True))
        for r, t in enumerate(tags, 1):
            _write_row(
                sheet, r, [paths[t.id], t.name, t.colour, t.description, totals.get(t.id, 0), t.id]
            )
        sheet.freeze_panes(1, 0)
        if names:
            sheet = book.add_worksheet(DOCUMENTS_SHEET)
            _write_row(sheet, 0, ["document", "title", *names], bold)
            for r, d in enumerate(documents, 1):
                cells = property_cells(names, properties.get(d.source_path, ()))
                _write_row(sheet, r, [d.source_path, d.title, *cells])
            sheet.freeze_panes(1, 2)
        book.close()
        _references_for_carriage_returns(temporary)

    write_atomically(path, write)
