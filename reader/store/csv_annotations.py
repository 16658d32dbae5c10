"""Reader's own CSV of coded segments, read back as W3C annotations for ``w3c_import.import_page``.

The file is what ``export/csv_export.py`` writes (the columns of ``export/rows.COLUMNS``,
one row per tag on a passage, a passage without tags on a row with an empty tag path,
formula-looking cells with a leading apostrophe). Rows of one ``annotation id`` make one
annotation: ``document`` is its source (matched like a W3C target's), ``start``/``end``
and ``quote`` its passage (a row marked ``orphan`` gives its quote only), ``note``,
``created`` and ``modified`` as written, its tags in row order. A ``tag path``
(``Top / Middle / Tag``) is carried as a ``reader:codebook`` branch, so a tag missing from
the project is created in its place in the tree (a tag whose own name holds `` / `` is read
as nested, the one thing the path cannot say).
"""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from typing import Any

from reader.store.export.rows import COLUMNS, restore
from reader.store.retrieval import PATH_SEPARATOR

REQUIRED = ("document", "start", "end", "quote", "tag path", "note", "annotation id")
_PATH_NAMESPACE = uuid.UUID("5a0c3e1b-93b4-4f0e-8a3f-6c2d7e9b1f40")


class NotReaderCsv(ValueError):
    """A CSV file without Reader's columns (the message names the missing ones)."""


def _path_id(path: tuple[str, ...]) -> str:
    return f"urn:uuid:{uuid.uuid5(_PATH_NAMESPACE, PATH_SEPARATOR.join(path))}"


def page_from_csv(text: str) -> dict[str, Any]:
    """An AnnotationPage (with its ``reader:codebook``) for the rows of ``text``."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise NotReaderCsv(
            "it does not have Reader's columns (missing: " + ", ".join(missing) + "; "
            "expected: " + ", ".join(COLUMNS) + ")"
        )
    items: dict[str, dict[str, Any]] = {}
    codebook: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in reader:
        cell = {k: restore(v or "") for k, v in row.items() if k is not None}
        ident = cell["annotation id"].strip() or str(uuid.uuid4())
        item = items.get(ident)
        if item is None:
            selectors: list[dict[str, Any]] = []
            orphan = cell.get("orphan", "").strip().lower() in ("yes", "true", "1")
            try:
                if not orphan:
                    start, end = int(cell["start"]), int(cell["end"])
                    selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
            except ValueError:
                pass
            selectors.append({"type": "TextQuoteSelector", "exact": cell["quote"]})
            document = cell["document"]
            source = Path(document).as_uri() if Path(document).is_absolute() else document
            item = {
                "id": f"urn:uuid:{ident}" if _is_uuid(ident) else ident,
                "type": "Annotation",
                "target": {"source": source, "selector": selectors},
                "body": [],
            }
            for key in ("created", "modified"):
                if cell.get(key):
                    item[key] = cell[key]
            if cell.get("coder", "").strip():  # the coder column: who made it
                item["creator"] = {"type": "Person", "name": cell["coder"].strip()}
            if cell["note"]:
                item["note"] = cell["note"]
            items[ident] = item
        if cell["tag path"].strip():
            path = tuple(p.strip() for p in cell["tag path"].split(PATH_SEPARATOR))
            for depth in range(1, len(path) + 1):
                branch = path[:depth]
                if branch not in codebook:
                    entry = {"id": _path_id(branch), "type": "reader:Tag",
                             "reader:name": branch[-1]}  # fmt: skip
                    if depth > 1:
                        entry["reader:parent"] = _path_id(branch[:-1])
                    codebook[branch] = entry
            item["body"].append(
                {"type": "TextualBody", "purpose": "tagging", "value": path[-1],
                 "reader:tag": _path_id(path)}
            )  # fmt: skip
    for item in items.values():
        note = item.pop("note", "")
        if note:
            item["body"].append(
                {"type": "TextualBody", "purpose": "commenting", "value": note,
                 "format": "text/markdown"}
            )  # fmt: skip
    return {
        "type": "AnnotationPage",
        "reader:codebook": list(codebook.values()),
        "items": list(items.values()),
    }


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
