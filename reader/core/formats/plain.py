"""Text scrapes and saved web pages: one document per file (see ``reader.core.source``,
which decodes them, with the user's encoding when given), except a news database's
batch export (LexisNexis text, Factiva HTML), which is split into its articles
(``newsdb``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.core.formats import Item, ReadOptions
from reader.core.source import source_from_bytes
from reader.core.textio import decode_bytes

# Cheap tests on the raw bytes before a file is searched for articles.
_NEXIS_TXT = re.compile(rb"^\s*\d+ of \d+ DOCUMENTS\s*$", re.M)
_FACTIVA = re.compile(rb"Document [A-Za-z0-9]{16,30}\s*<", re.M)


def may_be_news_export(data: bytes, reader: str) -> bool:
    """True when a text or page file may hold a news database's articles (then it is
    read here, as many documents, not as one scrape or page)."""
    if reader == "text":
        return _NEXIS_TXT.search(data[:1_000_000]) is not None
    return reader == "html" and _FACTIVA.search(data) is not None


def _articles(text: str) -> Iterator[Item] | None:
    from reader.core.formats.newsdb import article_document, split_export

    articles = split_export(text)
    if not articles:
        return None
    return (
        Item(f"{n:04d}", article_document(a), kept=True, label=a.headline)
        for n, a in enumerate(articles, 1)
    )


def _one(data: bytes, path: Path, options: ReadOptions, kept: bool) -> Iterator[Item]:
    read = source_from_bytes(data, path.name, path.parent, options.encoding)
    yield Item("", read.document, kept=kept, problem=read.decoded.problem())


def read_text(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item]:
    if may_be_news_export(data, "text"):
        items = _articles(decode_bytes(data, options.encoding).text)
        if items is not None:
            yield from items
            return
    yield from _one(data, path, options, kept=False)


def read_html(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item]:
    if may_be_news_export(data, "html"):
        from reader.core.formats.office import html_lines
        from reader.core.html import decode_html

        lines = html_lines(decode_html(data, options.encoding).text.encode("utf-8"))
        items = _articles("\n\n".join(lines))
        if items is not None:
            yield from items
            return
    yield from _one(data, path, options, kept=True)
