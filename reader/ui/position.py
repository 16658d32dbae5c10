"""The status bar's account of where the reader is: which document of how many, its
comments (found against declared), a reading problem, the current comment's number and
who corrected its place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.ui.wording import comment_count_text, plural

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


def position_text(w: MainWindow) -> str:
    """E.g. "Document 3 of 12 · 40 comments · comment #2.1 · corrected by Ada"."""
    doc, doc_id = w.session.document, w.session.document_id
    total = w.document_model.total()
    if doc is None or doc_id is None:
        return plural(total, "document") if total else "No documents"
    n = (w.document_model.position(doc_id) or 0) + 1
    counts = comment_count_text(len(doc.comments), doc.declared_comment_count)
    text = f"Document {n:,} of {total:,} · {counts}"
    summary = w.document_model.summary(doc_id)
    if summary is not None and summary.reading_problem:
        text += f" · {summary.reading_problem}"
    current = w.comments.current_comment()
    if current:
        text += f" · comment #{w.comment_model.label(current)}"
        if w.is_built() and w.structure.is_corrected(current):  # (corrections: once built)
            who = w.structure.corrected_by(current)
            text += f" · corrected by {', '.join(who) if who else 'you'}"
    return text
