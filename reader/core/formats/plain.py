"""Text scrapes and saved web pages: one document per file (see ``reader.core.source``,
which decodes them, with the user's encoding when given), except a news database's
batch export (LexisNexis text or HTML, Factiva text or HTML), which is split into its articles
(``newsdb``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.core.formats import Item, LeftOut, ReadOptions
from reader.core.source import source_from_bytes
from reader.core.textio import decode_bytes

# Cheap tests on the raw bytes before a file is searched for articles.
_NEXIS_TXT = re.compile(rb"^\s*\d+ of \d+ DOCUMENTS\s*$", re.M)
_FACTIVA = re.compile(rb"(?:Document|Dokument|Documento) [A-Za-z0-9]{16,30}\s*<", re.M)
_FACTIVA_TXT = re.compile(rb"^\s*(?:Document|Dokument|Documento) [A-Za-z0-9]{16,30}\s*$", re.M)
_NEXIS_HTML = re.compile(rb">\s*\d+ of \d+ DOCUMENTS?\s*<")


def may_be_news_export(data: bytes, reader: str) -> bool:
    """True when a text or page file may hold a news database's articles (then it is
    read here, as many documents, not as one scrape or page)."""
    if reader == "text":
        head = data[:1_000_000]
        return _NEXIS_TXT.search(head) is not None or _FACTIVA_TXT.search(head) is not None
    return reader == "html" and (
        _FACTIVA.search(data) is not None or _NEXIS_HTML.search(data[:1_000_000]) is not None
    )


def _articles(text: str, wrapped: bool) -> Iterator[Item | LeftOut] | None:
    from reader.core.formats.newsdb import article_items, split_export

    articles = split_export(text, wrapped=wrapped)
    return None if articles is None else article_items(articles)


def _one(data: bytes, path: Path, options: ReadOptions, kept: bool) -> Iterator[Item]:
    read = source_from_bytes(data, path.name, path.parent, options.encoding)
    yield Item("", read.document, kept=kept, problem=read.decoded.problem())


def read_text(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item | LeftOut]:
    if may_be_news_export(data, "text"):
        items = _articles(decode_bytes(data, options.encoding).text, wrapped=True)
        if items is not None:
            yield from items
            return
    yield from _one(data, path, options, kept=False)


def read_html(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item | LeftOut]:
    if may_be_news_export(data, "html"):
        from reader.core.formats.office import html_blocks
        from reader.core.html import decode_html

        blocks = html_blocks(decode_html(data, options.encoding).text.encode("utf-8"))
        items = _articles("\n\n".join(blocks), wrapped=False)
        if items is not None:
            yield from items
            return
    yield from _one(data, path, options, kept=True)
