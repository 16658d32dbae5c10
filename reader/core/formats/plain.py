"""Text scrapes and saved web pages: one document per file (see ``reader.core.source``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reader.core.formats import Item, ReadOptions
from reader.core.source import document_from_bytes, html_document


def read_text(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item]:
    yield Item("", document_from_bytes(data, path.name, path.parent, html=False), kept=False)


def read_html(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item]:
    yield Item("", html_document(data, path.stem, path.parent), kept=True)
