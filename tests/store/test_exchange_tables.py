"""The csv and xlsx exports as the common readers see them: openpyxl and pandas give back
every note exactly (CR, CRLF, tabs, emoji, a literal ``_x000D_``), nothing as a formula."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

from reader.store.export.rows import COLUMNS, restore
from reader.store.export.xlsx_export import CODEBOOK_SHEET, SEGMENTS_SHEET, SHARED_STRINGS
from tests.store.exchange_project import NOTES, build


@pytest.fixture
def exchange(tmp_path):
    e = build(tmp_path)
    yield e
    e.project.close()


def _expected(p) -> dict[str, str]:
    return {s.annotation_id: s.note for s in p.coded_segments(untagged=True)}


def test_xlsx_notes_survive_openpyxl_and_pandas(exchange, tmp_path):
    p = exchange.project
    out = tmp_path / "segments.xlsx"
    p.export("xlsx", out)
    with zipfile.ZipFile(out) as z:
        shared = z.read(SHARED_STRINGS).decode("utf-8")
    assert "_x000D_" not in shared.replace("_x005F_x000D_", "")  # only the typed one
    want = _expected(p)
    assert set(want.values()) >= set(NOTES)

    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book[SEGMENTS_SHEET].iter_rows(values_only=True))
    book.close()  # read-only keeps the file open: left to the GC, it warns in a later test
    header = list(rows[0])
    ids, notes = header.index("annotation id"), header.index("note")
    got = {r[ids]: r[notes] or "" for r in rows[1:]}
    assert got == want

    codebook = pd.read_excel(out, sheet_name=CODEBOOK_SHEET, dtype=str, keep_default_na=False)
    assert "Who is blamed\r\nfor what" in set(codebook["description"])
    frame = pd.read_excel(out, sheet_name=SEGMENTS_SHEET, dtype=str, keep_default_na=False)
    assert dict(zip(frame["annotation id"], frame["note"], strict=True)) == want
    assert any("\r\n" in n for n in frame["note"])


def test_csv_notes_survive_pandas(exchange, tmp_path):
    p = exchange.project
    out = tmp_path / "segments.csv"
    p.export("csv", out)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert tuple(frame.columns) == COLUMNS
    got = {i: restore(n) for i, n in zip(frame["annotation id"], frame["note"], strict=True)}
    assert got == _expected(p)
