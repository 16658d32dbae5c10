"""The sidebar's filter: a letter or two narrows the list by title (the text would match
nearly every document), three or more by the documents' text (the store's trigram
index), and the status bar says how many match."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.ui.models.document_list import DocumentListModel
    from reader.ui.session import DocumentSession

FULL_TEXT_FROM = 3
"""Filters this long or longer search the documents' text; shorter ones only titles."""


def filter_documents(session: DocumentSession, model: DocumentListModel, text: str) -> str:
    """List only the documents matching ``text`` (every one for ""); returns the status
    line to show ("": none)."""
    if not text:
        model.show_only(None)
        return ""
    if len(text) < FULL_TEXT_FROM:
        ids = model.titles_containing(text)
        where = " in their title"
    else:
        ids = session.project.matching_documents(text)
        where = ""
    model.show_only(ids)
    return f"{model.rowCount():,} of {model.total():,} documents match “{text}”{where}"
