"""Text scrapes and saved web pages: one document per file (see ``reader.core.source``),
except a news database's batch export (LexisNexis text, Factiva HTML), which is split
into its articles (``newsdb``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.core.formats import Item, ReadOptions
from reader.core.source import document_from_bytes, html_document
from reader.core.textio import decode_bytes

# Cheap tests on the raw bytes before a file is searched for articles.
_NEXIS_TXT = re.compile(rb"^\s*\d+ of \d+ DOCUMENTS\s*$", re.M)
_FACTIVA = re.compile(rb"Document [A-Za-z0-9]{16,30}\s*<", re.M)


def _articles(text: str) -> Iterator[Item] | None:
    from reader.core.formats.newsdb import article_document, split_export

    articles = split_export(text)
    if not articles:
        return None
    return (
        Item(f"{n:04d}", article_document(a), kept=True, label=a.headline)
        for n, a in enumerate(articles, 1)
    )


def read_text(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item]:
    if _NEXIS_TXT.search(data[:1_000_000]):
        items = _articles(decode_bytes(data).text)
        if items is not None:
            yield from items
            return
    yield Item("", document_from_bytes(data, path.name, path.parent, html=False), kept=False)


def read_html(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item]:
    if _FACTIVA.search(data):
        from reader.core.formats.office import _html_lines
        from reader.core.html import decode_html

        lines = _html_lines(decode_html(data).text.encode("utf-8"))
        items = _articles("\n\n".join(lines))
        if items is not None:
            yield from items
            return
    yield Item("", html_document(data, path.stem, path.parent), kept=True)
