"""A project's coding as ``reader.core.agreement`` reads it, and its report as rows.

:func:`measure` gathers every placed annotation's tags as codings (orphans have no
place and are left out), each document's length and natural units, runs
``agreement.measure`` and returns an :class:`AgreementResult`: the report with the
tag paths, document titles and passage text a person reads it with. :func:`figure_rows`
and :func:`disagreement_rows` are the two tables the CLI, the window and the exports show.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.core.agreement import Coding, Part, Report
from reader.core.agreement import measure as measure_report
from reader.core.model import Document
from reader.store.retrieval import tag_paths

FIGURE_COLUMNS = ("tag", "units", "percent agreement", "Cohen's kappa", "Fleiss' kappa",
                  "Krippendorff's alpha")  # fmt: skip
DISAGREEMENT_COLUMNS = ("document", "title", "where", "start", "end", "tag", "applied by",
                        "not applied by", "text")  # fmt: skip
ALL_TAGS = "(all tags)"
QUOTE_CHARS = 200


@dataclass(frozen=True, slots=True)
class AgreementResult:
    report: Report
    tag_names: dict[str, str]  # tag id -> its path in the codebook
    titles: dict[int, tuple[str, str]]  # document id -> (title, source path)
    texts: dict[int, str]  # document id -> text, for the disagreement quotes
    parts: dict[int, list[Part]]  # document id -> its comments and paragraphs, by start


def thread_labels(doc: Document) -> dict[str, str]:
    """Each comment's place in the thread as pages number it: "2", "2.1"."""
    labels: dict[str, str] = {}
    counts: dict[str | None, int] = {}
    for c in doc.comments:
        parent = c.parent if c.parent in labels else None
        counts[parent] = counts.get(parent, 0) + 1
        own = str(counts[parent])
        labels[c.id] = own if parent is None else f"{labels[parent]}.{own}"
    return labels


def parts_of(doc_id: int, doc: Document) -> list[Part]:
    """The natural units of a document: its article paragraphs and its comments."""
    parts = [
        Part(doc_id, f"paragraph {n}", b.start, b.end) for n, b in enumerate(doc.article_blocks, 1)
    ]
    labels = thread_labels(doc)
    parts += [Part(doc_id, f"comment {labels[c.id]}", c.start, c.end) for c in doc.comments]
    return parts


def measure(
    project,
    *,
    unit: str = "character",
    coders: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> AgreementResult:
    """The project's agreement (see ``reader.core.agreement.measure``); ``tags`` are tag
    ids. ``progress(done, total)`` counts documents read for natural units."""
    codings = [
        Coding(a.coder, a.document_id, tag, a.start, a.end)
        for a in project.annotations()
        if not a.orphan and a.coder
        for tag in a.tags
    ]
    summaries = project.documents()
    titles = {s.id: (s.title, s.source_path) for s in summaries}
    texts: dict[int, str] = {}
    parts: dict[int, list[Part]] = {}
    coded = sorted({c.document for c in codings})
    for done, doc_id in enumerate(coded):
        if progress is not None and progress(done, len(coded)) is False:
            break
        doc = project.load(doc_id)
        texts[doc_id] = doc.text
        parts[doc_id] = sorted(parts_of(doc_id, doc), key=lambda p: p.start)
    lengths = {d: len(t) for d, t in texts.items()}
    if tags is None:  # the tags these coders applied, in the codebook's order
        chosen = set(coders) if coders else None
        used = {c.tag for c in codings if chosen is None or c.coder in chosen}
        tags = [t.id for t in project.tags() if t.id in used]
    report = measure_report(codings, lengths, unit=unit, parts=parts, coders=coders, tags=tags)
    return AgreementResult(report, tag_paths(project.tags()), titles, texts, parts)


def _number(value: float | None) -> str | float:
    return "" if value is None else round(value, 4)


def figure_rows(result: AgreementResult) -> list[list]:
    """One row per tag, then the overall row (:data:`FIGURE_COLUMNS`)."""
    rows = []
    for f in (*result.report.tags, result.report.overall):
        name = ALL_TAGS if f.tag is None else result.tag_names.get(f.tag, f.tag)
        rows.append([name, f.units, *(_number(x) for x in (f.percent, f.cohen, f.fleiss, f.alpha))])
    return rows


def quote(result: AgreementResult, document: int, start: int, end: int) -> str:
    text = " ".join(result.texts.get(document, "")[start:end].split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def where(result: AgreementResult, document: int, start: int, starts: dict) -> str:
    """The comment or paragraph a place lies in ("comment 2.1"), or ""; ``starts`` keeps
    each document's part starts between calls."""
    parts = result.parts.get(document, [])
    if document not in starts:
        starts[document] = [p.start for p in parts]
    k = bisect.bisect_right(starts[document], start) - 1
    return parts[k].label if k >= 0 and start < parts[k].end else ""


def disagreement_rows(result: AgreementResult) -> list[list]:
    """One row per place where the coders differ (:data:`DISAGREEMENT_COLUMNS`); a run
    of characters is named by the comment or paragraph it lies in."""
    rows = []
    starts: dict[int, list[int]] = {}
    for d in result.report.disagreements:
        title, path = result.titles.get(d.document, ("", ""))
        place = d.where or where(result, d.document, d.start, starts)
        rows.append([
            path, title, place, d.start, d.end, result.tag_names.get(d.tag, d.tag),
            ", ".join(d.applied_by), ", ".join(d.not_applied_by),
            quote(result, d.document, d.start, d.end),
        ])  # fmt: skip
    return rows
