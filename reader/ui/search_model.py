"""The corpus search results as a tree: documents, and under each the parts where the
query matched (an article paragraph, a comment, a note), in reading order.

Snippets are plain text with the places of the matches (``MarksRole``); the view's
delegate paints them. Nothing from a document is ever shown as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from reader.ui.plain_text import tooltip
from reader.ui.wording import plural

if TYPE_CHECKING:
    from reader.store.search import SearchHit

HitRole = Qt.ItemDataRole.UserRole + 1
"""The :class:`SearchHit` of a hit row (None on a document row)."""
WhereRole = Qt.ItemDataRole.UserRole + 2
"""Where a hit is ("Comment by Anna", "Article", "Note on an article passage")."""
MarksRole = Qt.ItemDataRole.UserRole + 3
"""The (start, end) of each match in the snippet (a hit row's DisplayRole)."""
DocumentIdRole = Qt.ItemDataRole.UserRole + 4
"""The document id of a document row or a hit row."""
CountRole = Qt.ItemDataRole.UserRole + 5
"""A document row's number of hits."""

_TOP = 0  # internal id of document rows; a hit row's is its document's row + 1

Index = QModelIndex | QPersistentModelIndex


def where(hit: SearchHit) -> str:
    """Where a hit lies, in words for the list."""
    if hit.part == "comment":
        return f"Comment by {hit.author}" if hit.author else "Comment"
    if hit.part == "note":
        return "Note on a comment passage" if hit.comment_id else "Note on an article passage"
    return "Article"


@dataclass(slots=True)
class _Document:
    document_id: int
    title: str
    source_path: str
    hits: list[SearchHit]

    @property
    def label(self) -> str:
        return self.title or Path(self.source_path).name or f"Document {self.document_id}"


class SearchResultsModel(QAbstractItemModel):
    """Documents with hits, and the hits under them (one column)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._docs: list[_Document] = []

    # ---- filling

    def set_results(self, hits: Sequence[SearchHit]) -> None:
        """Show these hits (as the store gives them: by document, in reading order)."""
        self.beginResetModel()
        docs: list[_Document] = []
        by_id: dict[int, _Document] = {}
        for hit in hits:
            doc = by_id.get(hit.document_id)
            if doc is None:
                doc = by_id[hit.document_id] = _Document(
                    hit.document_id, hit.title, hit.source_path, []
                )
                docs.append(doc)
            doc.hits.append(hit)
        self._docs = docs
        self.endResetModel()

    def clear(self) -> None:
        self.set_results([])

    # ---- reading

    def hit_count(self) -> int:
        return sum(len(d.hits) for d in self._docs)

    def document_count(self) -> int:
        return len(self._docs)

    def hit(self, index: Index) -> SearchHit | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        doc = self._docs[index.internalId() - 1]
        return doc.hits[index.row()] if index.row() < len(doc.hits) else None

    def first_hit(self, index: Index) -> SearchHit | None:
        """The hit of a hit row, or the first hit of a document row."""
        found = self.hit(index)
        if found is None and index.isValid() and index.internalId() == _TOP:
            hits = self._docs[index.row()].hits
            found = hits[0] if hits else None
        return found

    def hit_index(self, document_row: int, row: int) -> QModelIndex:
        return self.index(row, 0, self.index(document_row, 0))

    # ---- QAbstractItemModel

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._docs) else QModelIndex()
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()
        if parent.row() >= len(self._docs) or row >= len(self._docs[parent.row()].hits):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._docs)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._docs[parent.row()].hits)
        return 0

    def columnCount(self, _parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            doc = self._docs[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return doc.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(f"{doc.label}\n{doc.source_path}")
            if role == DocumentIdRole:
                return doc.document_id
            if role == CountRole:
                return len(doc.hits)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{doc.label}, {plural(len(doc.hits), 'hit')}"
            return None
        hit = self.hit(index)
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.snippet
        if role == WhereRole:
            return where(hit)
        if role == MarksRole:
            return list(hit.snippet_marks)
        if role == HitRole:
            return hit
        if role == DocumentIdRole:
            return hit.document_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{where(hit)}\n{hit.snippet}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{where(hit)}: {hit.snippet}"
        return None
