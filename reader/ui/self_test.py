"""``reader --self-test``: show every document of a project in the window and check it.

Renders each article and its whole thread (every comment laid out), checks every link's
two ends are shown where the parser says, and sums it up in one line.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from reader.core.model import Document, LinkEnd
from reader.ui.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    ok: bool
    summary: str


def _end_shown(window: MainWindow, doc: Document, end: LinkEnd) -> bool:
    if end.comment is not None:
        text_map = window.comments.comment_text_map(end.comment)
        return bool(text_map and text_map.qt_ranges(end.start, end.end))
    if end.block is None or not 0 <= end.block < len(doc.blocks):
        return False
    return bool(window.article.text_map().qt_ranges(end.start, end.end))


def run_self_test(window: MainWindow) -> SelfTestResult:
    started = time.perf_counter()
    project = window.project()
    summaries = project.documents()
    problems: list[str] = []
    comments = links = 0
    if not summaries:
        problems.append("the project has no documents")
    window.action("show_left_out").setChecked(True)  # links may point into left-out text
    for summary in summaries:
        if not window.open_document(summary.id):
            problems.append(f"{summary.source_path}: cannot be opened")
            continue
        doc = window.current_document()
        assert doc is not None
        window.comments.expand_all()
        QApplication.processEvents()
        image = window.grab()
        if image.isNull():
            problems.append(f"{summary.source_path}: the window did not render")
        shown = window.comment_model.comment_count()
        if shown != len(doc.comments):
            problems.append(f"{summary.source_path}: {shown} of {len(doc.comments)} comments shown")
        for comment in doc.comments:
            index = window.comment_model.index_of(comment.id)
            if window.comments.delegate.sizeHint(QStyleOptionViewItem(), index).height() <= 0:
                problems.append(f"{summary.source_path}: comment {comment.id} has no height")
        for i, link in enumerate(doc.links):
            for end, side in ((link.source, "source"), (link.target, "target")):
                if not _end_shown(window, doc, end):
                    problems.append(f"{summary.source_path}: link {i} {side} is not shown")
        comments += len(doc.comments)
        links += len(doc.links)
    seconds = time.perf_counter() - started
    counts = f"{len(summaries)} documents, {comments} comments, {links} links in {seconds:.1f} s"
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return SelfTestResult(False, f"self-test FAILED: {problems[0]}{more}; {counts}")
    return SelfTestResult(True, f"self-test ok: {counts}")
