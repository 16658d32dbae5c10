"""The article's text built for the reading view: each block styled by its kind, the
left-out text labelled, pull-quotes linked, quoted passages tinted with a "quoted by N"
marker, and the map from Qt positions to the document's code points.

Text goes in with ``QTextCursor.insertText`` and formats only; nothing of the document
is ever read as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from reader.core.model import Block, BlockKind, Document
from reader.core.offsets import Utf16Index
from reader.ui.plain_text import tooltip
from reader.ui.text_map import TextMap


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """Comments quoting one passage of the article (links by index into ``Document.links``)."""

    start: int
    end: int
    comments: tuple[str, ...]
    links: tuple[int, ...]


def quote_groups(doc: Document) -> list[QuoteGroup]:
    """Article passages quoted by comments, one group per passage, in reading order."""
    spans: dict[tuple[int, int], tuple[list[str], list[int]]] = {}
    for i, link in enumerate(doc.links):
        if link.source.comment is None or link.target.block is None:
            continue
        ids, links = spans.setdefault((link.target.start, link.target.end), ([], []))
        if link.source.comment not in ids:
            ids.append(link.source.comment)
        links.append(i)
    return [
        QuoteGroup(s, e, tuple(ids), tuple(links)) for (s, e), (ids, links) in sorted(spans.items())
    ]


class ArticleText:
    """Builds the article's text in one palette; ``groups`` are its quote groups."""

    def __init__(self, palette: QPalette, groups: list[QuoteGroup]) -> None:
        self._palette = palette
        self._groups = groups
        self._map = TextMap()
        self._own: list[tuple[int, int]] = []  # text that is not the document's

    def build(
        self,
        parent: QObject,
        doc: Document | None,
        doc_index: Utf16Index | None,
        show_boilerplate: bool,
        font: QFont,
    ) -> tuple[QTextDocument, TextMap, list[tuple[int, int]]]:
        """The article's text as a QTextDocument, its map to the document's code points,
        and the spans of the text Reader added (markers, labels), in Qt positions."""
        qdoc = QTextDocument(parent)
        qdoc.setUndoRedoEnabled(False)
        qdoc.setDefaultFont(font)
        qdoc.setDocumentMargin(24.0)
        self._map = TextMap(doc_index)
        self._own = []
        cursor = QTextCursor(qdoc)
        first = True
        formats: dict[BlockKind, tuple[QTextBlockFormat, QTextCharFormat]] = {}
        # Consecutive plain blocks of one kind (no label, link or marker of Reader's own)
        # go in with one insertText, joined by newlines (Qt makes each line a block in
        # the run's formats): one call per block cost ~40 ms for 1 MB, one per run ~6.
        run: list[Block] = []
        if doc is not None:
            ends = self._marker_ends(doc)
            for i, block in enumerate(doc.blocks):
                boiler = block.kind is BlockKind.BOILERPLATE
                if boiler and not show_boilerplate:
                    continue
                if block.kind not in formats:
                    formats[block.kind] = self._formats(block.kind)
                bf, cf = formats[block.kind]
                link = self._pullquote_link(doc, i) if block.kind is BlockKind.PULLQUOTE else None
                plain = not boiler and link is None and i not in ends and "\r" not in block.text
                if plain and run and run[-1].kind is block.kind:
                    run.append(block)
                    continue
                self._insert_run(cursor, doc, run, formats)
                if first:
                    cursor.setBlockFormat(bf)
                    cursor.setBlockCharFormat(cf)
                    first = False
                else:
                    cursor.insertBlock(bf, cf)
                if plain:
                    run = [block]
                    continue
                if boiler:
                    label = QTextCharFormat(cf)
                    label.setFontItalic(True)
                    label.setToolTip(tooltip(block.reason) or "Left out of the article")
                    self._insert_own(
                        cursor, f"[left out{': ' + block.reason if block.reason else ''}] ", label
                    )
                fmt = cf
                if link is not None:
                    fmt = QTextCharFormat(cf)
                    fmt.setAnchor(True)
                    fmt.setAnchorHref(f"link:{link}")
                    fmt.setToolTip("Pull-quote: click to find it in the article")
                at = cursor.position()
                cursor.insertText(block.text, fmt)
                self._map.add_aligned(
                    at, block.text, doc.text[block.start : block.end], block.start
                )
                for k in ends.get(i, ()):
                    self._insert_marker(cursor, k, cf)
            self._insert_run(cursor, doc, run, formats)
            self._tint_quoted(qdoc)
        return qdoc, self._map, self._own

    def _insert_run(
        self,
        cursor: QTextCursor,
        doc: Document,
        run: list[Block],
        formats: dict[BlockKind, tuple[QTextBlockFormat, QTextCharFormat]],
    ) -> None:
        """Insert ``run`` (its first block already made) in one call, then map each block."""
        if not run:
            return
        at = cursor.position()
        cursor.insertText("\n".join(b.text for b in run), formats[run[0].kind][1])
        for block in run:
            self._map.add_aligned(at, block.text, doc.text[block.start : block.end], block.start)
            text = block.text
            at += (len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2) + 1
        run.clear()

    def _muted(self) -> QColor:
        return self._palette.color(QPalette.ColorRole.PlaceholderText)

    def _accent(self) -> QColor:
        return self._palette.color(QPalette.ColorRole.Link)

    def _formats(self, kind: BlockKind) -> tuple[QTextBlockFormat, QTextCharFormat]:
        block = QTextBlockFormat()
        block.setLineHeight(145.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setBottomMargin(10.0)
        char = QTextCharFormat()
        size = 0
        if kind is BlockKind.TITLE:
            size = 2
            char.setFontWeight(QFont.Weight.Bold)
            block.setLineHeight(115.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            block.setBottomMargin(14.0)
        elif kind is BlockKind.STANDFIRST:
            size = 1
            char.setForeground(self._palette.color(QPalette.ColorRole.Text))
            block.setBottomMargin(14.0)
        elif kind is BlockKind.BYLINE:
            size = -1
            char.setForeground(self._muted())
            char.setFontCapitalization(QFont.Capitalization.SmallCaps)
            block.setBottomMargin(18.0)
        elif kind is BlockKind.CAPTION:
            size = -1
            char.setFontItalic(True)
            char.setForeground(self._muted())
            block.setLeftMargin(16.0)
        elif kind is BlockKind.PULLQUOTE:
            size = 1
            char.setFontItalic(True)
            char.setForeground(self._accent())
            block.setLeftMargin(28.0)
            block.setRightMargin(28.0)
            block.setTopMargin(6.0)
            block.setBottomMargin(16.0)
        elif kind is BlockKind.BOILERPLATE:
            size = -1
            char.setForeground(self._muted())
        if size:
            char.setProperty(QTextFormat.Property.FontSizeAdjustment, size)
        return block, char

    def _insert_own(self, cursor: QTextCursor, text: str, fmt: QTextCharFormat) -> None:
        at = cursor.position()
        cursor.insertText(text, fmt)
        self._own.append((at, cursor.position()))

    def _marker_ends(self, doc: Document) -> dict[int, list[int]]:
        """Quote groups by the block whose end carries their marker."""
        out: dict[int, list[int]] = {}
        for k, group in enumerate(self._groups):
            block = doc.block_at(max(group.end - 1, group.start))
            if block is not None:
                out.setdefault(block, []).append(k)
        return out

    def _insert_marker(self, cursor: QTextCursor, group: int, base: QTextCharFormat) -> None:
        count = len(self._groups[group].comments)
        fmt = QTextCharFormat(base)
        fmt.setFontItalic(False)
        fmt.setFontWeight(QFont.Weight.DemiBold)
        fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
        fmt.setForeground(self._accent())
        fmt.setAnchor(True)
        fmt.setAnchorHref(f"quoted:{group}")
        fmt.setToolTip("Select the comments that quote this passage")
        self._insert_own(cursor, f"\u2002quoted by {count}", fmt)

    def _tint_quoted(self, qdoc: QTextDocument) -> None:
        tint = QColor(self._accent())
        tint.setAlpha(38)
        for k, group in enumerate(self._groups):
            fmt = QTextCharFormat()
            fmt.setBackground(tint)
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"quoted:{k}")
            for a, b in self._map.qt_ranges(group.start, group.end):
                cursor = QTextCursor(qdoc)
                cursor.setPosition(a)
                cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)

    @staticmethod
    def _pullquote_link(doc: Document, block: int) -> int | None:
        for i, link in enumerate(doc.links):
            if link.source.block == block and link.source.comment is None:
                return i
        return None
