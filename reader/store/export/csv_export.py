"""Coded segments as CSV: UTF-8 with a BOM (so spreadsheets guess the encoding right),
CRLF line ends, a header row, one row per tag application, formula-like cells
neutralised (see ``rows.neutralise``); with ``properties``, a ``meta:NAME`` column per
document property after them (``rows.property_names``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from reader.store.export.atomic import write_text_atomically
from reader.store.export.rows import (
    COLUMNS,
    Properties,
    neutralise,
    property_cells,
    property_names,
    row,
)
from reader.store.retrieval import CodedSegment


def csv_text(segments: Iterable[CodedSegment], properties: Properties | None = None) -> str:
    properties = properties or {}
    names = property_names(properties)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(f"meta:{n}" for n in names)])
    for s in segments:
        cells = row(s) + property_cells(names, properties.get(s.source_path, ()))
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])
    return out.getvalue()


def write_csv(
    path: Path, segments: Iterable[CodedSegment], properties: Properties | None = None
) -> None:
    write_text_atomically(path, csv_text(segments, properties), encoding="utf-8-sig")
