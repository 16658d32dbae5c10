"""The agreement figures and the disagreement list as CSV or an Excel workbook.

CSV is one table (UTF-8 with a BOM, CRLF, formula-like cells neutralised as in the
coded-segment export); the workbook holds both tables, one sheet each. Written atomically.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from reader.store.export.atomic import write_atomically, write_text_atomically
from reader.store.export.rows import neutralise

FIGURES_SHEET = "Agreement"
DISAGREEMENTS_SHEET = "Disagreements"


def csv_table(columns: Sequence[str], rows: Sequence[Sequence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in r])
    return out.getvalue()


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    write_text_atomically(Path(path), csv_table(columns, rows), encoding="utf-8-sig")


def write_xlsx(
    path: Path,
    tables: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]],
) -> None:
    """One sheet per (sheet name, columns, rows); strings stay strings."""
    import xlsxwriter  # here, so that loading Reader does not load it

    def write(temporary: Path) -> None:
        book = xlsxwriter.Workbook(
            str(temporary),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        bold = book.add_format({"bold": True})
        for name, columns, rows in tables:
            sheet = book.add_worksheet(name)
            for c, title in enumerate(columns):
                sheet.write_string(0, c, title, bold)
            for r, cells in enumerate(rows, 1):
                for c, value in enumerate(cells):
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        sheet.write_number(r, c, value)
                    else:
                        sheet.write_string(r, c, str(value)[:32_767])
            sheet.freeze_panes(1, 0)
        book.close()

    write_atomically(Path(path), write)
