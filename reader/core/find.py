"""Find text in one open document (the find bar, Ctrl+F): every place, in code points."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.model import Document


@dataclass(frozen=True, slots=True)
class Found:
    """A place in a document where :func:`find_in_document` found the text."""

    start: int
    end: int
    comment_id: str | None


def find_in_document(doc: Document, needle: str) -> tuple[Found, ...]:
    """Every place ``needle`` occurs in the document's article and comments, ignoring
    case and treating any run of whitespace (a line break too) as one space. Offsets are
    code points of ``Document.text``; empty for a blank needle."""
    words = needle.split()
    if not words:
        return ()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    found = []
    for m in pattern.finditer(doc.text):
        comment = doc.comment_at(m.start())
        found.append(Found(m.start(), m.end(), comment.id if comment else None))
    return tuple(found)
