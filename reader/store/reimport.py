"""Re-import With Encoding: read one document's file again in an encoding the user picks.

A document that is a whole file (a text scrape, a saved page) is read again by
``documents.import_one``, which keeps the pick for later imports. A document from a file
of many (``file#key``: an article of a news-database export, a page of a web archive, an
article of a CSV or JSON Lines comment dataset, an MHTML page) is read again by reading
that file with the encoding and taking the item with its key; the pick is recorded as
the document's decoding (so the dialog shows it and undo can forget it), and its
annotations are re-anchored as on any update.

Files whose format fixes how their text is encoded cannot be read otherwise, and
:func:`refusal` says why (the window disables the action with that reason): Word, ODT
and EPUB (XML in a zip, Unicode by their standards), PDF (the text layer's fonts say
it), RTF (the file names its code page), a JSON document (UTF-8 by RFC 8259) and a
REFI-QDA project (UTF-8 sources by its standard).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core import formats
from reader.core.properties import source_parts
from reader.core.records import ImportOutcome
from reader.core.textio import UnreadableFile
from reader.store import documents
from reader.store.schema import write

_FIXED = {
    "docx": "a Word document stores its text as Unicode; there is no other way to read it",
    "odt": "an OpenDocument text stores its text as Unicode; there is no other way to read it",
    "epub": "an EPUB e-book stores its text as Unicode; there is no other way to read it",
    "pdf": "a PDF's text comes from its fonts, not from an encoding Reader could change",
    "rtf": "an RTF file names its own code page, and Reader reads it in that one",
    "qdpx": "a REFI-QDA project's sources are UTF-8 by the standard",
}


def refusal(source_path: str, *, look_inside: bool = True) -> str | None:
    """Why the document stored from ``source_path`` cannot be read in another encoding,
    as a sentence for the user; None when it can (or when its file cannot be looked at
    now: trying says why). Without ``look_inside`` only the file's head is read (a
    ``.json`` file is then not told from JSON Lines, which can take a whole file)."""
    file, _key = source_parts(source_path)
    path = Path(file)
    try:
        reader = formats.identify_file(path).reader
        if reader == "dataset" and (look_inside or path.suffix.lower() != ".json"):
            from reader.core.formats.dataset_files import is_text

            if not is_text(path):
                return "a JSON document is UTF-8 by its standard (only CSV and JSON Lines differ)"
    except (UnreadableFile, OSError):
        return None
    return _FIXED.get(reader or "")


def reimport(conn: sqlite3.Connection, doc_id: int, encoding: str | None) -> ImportOutcome:
    """Read document ``doc_id``'s file again in ``encoding`` (None: guess again, and
    forget a pick). KeyError: no such document."""
    source = documents.summary(conn, doc_id).source_path
    file, key = source_parts(source)
    path = Path(file)
    shown = str(path)
    try:
        reader = formats.identify_file(path).reader
    except UnreadableFile as error:
        return ImportOutcome(shown, "failed", str(error), None)
    if key is None and reader in ("text", "html"):
        return documents.import_one(conn, path, encoding, again=True)
    reason = refusal(source)
    if reason is not None:
        return ImportOutcome(
            shown, "failed", f"it cannot be read in another encoding: {reason}", None
        )
    wanted = key or ""
    try:
        for found in formats.read_source(path, formats.ReadOptions(encoding=encoding)):
            if isinstance(found, formats.Item) and found.key == wanted:
                break
        else:
            return ImportOutcome(
                shown, "failed", f"the file no longer holds this document ({wanted})", None
            )
    except UnreadableFile as error:
        return ImportOutcome(shown, "failed", str(error), None)
    except OSError as error:
        return ImportOutcome(shown, "failed", error.strerror or str(error), None)
    # Stored as import_file stores it: a text or page file of many is a news export.
    kind = "newsdb" if reader in ("text", "html") else str(reader)
    outcome = documents.store_item(conn, shown, source, path, found, kind if found.kept else "text")
    if outcome.document_id is not None:
        with write(conn):
            if encoding is None:
                conn.execute("DELETE FROM document_decoding WHERE document_id = ?", (doc_id,))
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO document_decoding"
                    " (document_id, encoding, chosen, problem) VALUES (?, ?, 1, ?)",
                    (doc_id, encoding, found.problem),
                )
    return outcome
