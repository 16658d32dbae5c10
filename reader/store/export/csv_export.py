"""Coded segments as CSV: UTF-8 with a BOM (so spreadsheets guess the encoding right),
CRLF line ends, a header row, one row per tag application, formula-like cells
neutralised (see ``rows.neutralise``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from reader.store.export.atomic import write_text_atomically
from reader.store.export.rows import COLUMNS, neutralise, row
from reader.store.retrieval import CodedSegment


def csv_text(segments: Iterable[CodedSegment]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for s in segments:
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in row(s)])
    return out.getvalue()


def write_csv(path: Path, segments: Iterable[CodedSegment]) -> None:
    write_text_atomically(path, csv_text(segments), encoding="utf-8-sig")
