"""Each comment's text laid out once: a small QTextDocument per comment (a bounded cache),
its height (estimated until laid out), its map between code points and Qt positions, and
the overlays (highlights by layer) painted on it. Shared by the delegate, the view and
the editor so painting, size hints and hit-testing agree."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from reader.core.model import Comment, Document
from reader.core.offsets import Utf16Index
from reader.ui.text_map import TextMap, document_index

PAD_X, PAD_Y, GAP = 8, 7, 3
Span = tuple[int, int, QTextCharFormat]
CACHE_SIZE = 400


class CommentTexts:
    """Builds (and caches) the laid-out text of each comment, with its text map."""

    def __init__(self, palette: QPalette, font: QFont) -> None:
        self._docs: OrderedDict[str, QTextDocument] = OrderedDict()
        self._maps: dict[str, TextMap] = {}
        self._exact: dict[tuple[str, int], int] = {}
        self._estimates: dict[tuple[str, int], int] = {}
        self._line: tuple[float, float, float] | None = None
        self._doc: Document | None = None
        self._doc_index: Utf16Index | None = None
        self._outgoing: dict[str, list[int]] = {}
        self._incoming: dict[str, list[int]] = {}
        self._overlays: dict[str, list[Span]] = {}
        self.palette = palette
        self.font = font

    def set_document(self, doc: Document | None, *, same_texts: bool = False) -> None:
        """Lay out ``doc``'s comments from now on; ``same_texts``: it has the shown
        document's comment texts (a structure correction), so their heights still hold."""
        same_texts = same_texts and self._doc is not None and doc is not None
        same_links = same_texts and doc.links is self._doc.links
        self._doc = doc
        if not same_texts:  # (the same text: the same UTF-16 index, 12 ms for 1 MB)
            self._doc_index = document_index(doc.text) if doc is not None else None
        self._outgoing, self._incoming = {}, {}
        for i, link in enumerate(doc.links if doc else ()):
            if link.source.comment is not None:
                self._outgoing.setdefault(link.source.comment, []).append(i)
            if link.target.comment is not None:
                self._incoming.setdefault(link.target.comment, []).append(i)
        if not same_links:
            self._docs.clear()  # (its quote links may differ)
        if not same_texts:
            self._exact.clear()
            self._maps.clear()
        if len(self._estimates) > 100_000:  # estimates depend on words and width only
            self._estimates.clear()

    def set_overlays(
        self, by_comment: Mapping[str, Sequence[Span]], changed: Iterable[str] | None = None
    ) -> None:
        """Spans to merge into each comment's text; ``changed`` names the comments whose
        spans differ from before (None: any may), so only those are laid out again."""
        self._overlays = by_comment
        if changed is None:
            self._docs.clear()
        else:
            for comment_id in changed:
                self._docs.pop(comment_id, None)

    def invalidate(self) -> None:
        """Forget layouts and heights (the width, font or palette changed)."""
        self._docs.clear()
        self._exact.clear()
        self._estimates.clear()
        self._line = None

    def text_map(self, comment: Comment) -> TextMap:
        found = self._maps.get(comment.id)
        if found is None:
            found = TextMap(self._doc_index)
            if self._doc is not None:
                source = self._doc.text[comment.start : comment.end]
                found.add_aligned(0, comment.text, source, comment.start)
            self._maps[comment.id] = found
        return found

    def build(self, comment: Comment) -> QTextDocument:
        """A fresh document for ``comment`` (the caller owns it)."""
        qdoc = QTextDocument()
        qdoc.setUndoRedoEnabled(False)
        qdoc.setDocumentMargin(0)
        qdoc.setDefaultFont(self.font)
        cursor = QTextCursor(qdoc)
        cursor.insertText(comment.text)
        text_map = self.text_map(comment)
        accent = self.palette.color(QPalette.ColorRole.Link)
        if self._doc is not None:
            for i in self._outgoing.get(comment.id, ()):
                link = self._doc.links[i]
                fmt = QTextCharFormat()
                fmt.setAnchor(True)
                fmt.setAnchorHref(f"link:{i}")
                fmt.setFontUnderline(True)
                fmt.setUnderlineColor(accent)
                tint = QColor(accent)
                tint.setAlpha(30)
                fmt.setBackground(tint)
                fmt.setToolTip(f"Quotes {'a comment' if link.target.comment else 'the article'}")
                self._merge(qdoc, text_map, link.source.start, link.source.end, fmt)
            for i in self._incoming.get(comment.id, ()):
                link = self._doc.links[i]
                fmt = QTextCharFormat()
                tint = QColor(accent)
                tint.setAlpha(22)
                fmt.setBackground(tint)
                self._merge(qdoc, text_map, link.target.start, link.target.end, fmt)
        for start, end, fmt in self._overlays.get(comment.id, ()):
            self._merge(qdoc, text_map, start, end, fmt)
        return qdoc

    @staticmethod
    def _merge(qdoc: QTextDocument, text_map: TextMap, start: int, end: int, fmt) -> None:
        for a, b in text_map.qt_ranges(start, end):
            cursor = QTextCursor(qdoc)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

    def laid_out(self, comment: Comment, width: int) -> QTextDocument:
        qdoc = self._docs.get(comment.id)
        if qdoc is None:
            qdoc = self.build(comment)
            self._docs[comment.id] = qdoc
            if len(self._docs) > CACHE_SIZE:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(comment.id)
        if qdoc.textWidth() != width:
            qdoc.setTextWidth(width)
        return qdoc

    def height(self, comment: Comment, width: int) -> int:
        """The text's height at ``width``: exact once laid out, estimated until then.

        Laying out 5,000 comments takes seconds; the estimate (one font measurement per
        paragraph) takes milliseconds. Comments are laid out when painted, and the view
        corrects any row whose estimate was off (see ``CommentTreeView.request_relayout``).
        """
        key = (comment.id, width)
        found = self._exact.get(key)
        if found is None:
            found = self._estimates.get(key)
            if found is None:
                found = self._estimate(comment.text, width)
                self._estimates[key] = found
        return found

    def exact_height(self, comment: Comment, width: int) -> int:
        key = (comment.id, width)
        found = self._exact.get(key)
        if found is None:
            found = math.ceil(self.laid_out(comment, width).size().height())
            self._exact[key] = found
        return found

    def _estimate(self, text: str, width: int) -> int:
        if self._line is None:
            probe = QTextDocument()
            probe.setDocumentMargin(0)
            probe.setDefaultFont(self.font)
            probe.setPlainText("x")
            one = probe.size().height()
            probe.setPlainText("x\nx")
            per_line = probe.size().height() - one
            sample = "The quick brown fox jumps over the lazy dog, said the reader. "
            advance = QFontMetricsF(self.font).horizontalAdvance(sample) / len(sample)
            self._line = (one - per_line, per_line, advance)
        base, per_line, advance = self._line
        per_row = max(int((width - 4) / (advance * 1.04)), 1)  # words do not fill a row
        if "\n" not in text:
            lines = (len(text) - 1) // per_row + 1 if text else 1
        else:
            lines = 0
            for paragraph in text.split("\n"):
                lines += (len(paragraph) - 1) // per_row + 1 if paragraph else 1
        return math.ceil(base + lines * per_line)
