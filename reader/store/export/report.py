"""A readable report of one document or the whole project, as Markdown or HTML: the
article and its comments (threads indented) with the annotated passages highlighted and
numbered, then each passage's quote, tags and note; each document headed by its source
and its properties (``core.properties.described``: site, date, an outlet, variables).
Something a person prints or sends.

All document text and tag names are escaped (HTML: ``html.escape``; Markdown:
backslashes before the characters Markdown would read as markup). Notes are Markdown: the
HTML report renders them (``reader.core.note_markdown``: raw HTML off, so markup typed in
a note shows as text); the Markdown report gives them escaped, on one line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader import APP_NAME
from reader.core.model import BlockKind, Comment, Document
from reader.core.note_markdown import note_html
from reader.core.palette import text_colour
from reader.core.properties import described
from reader.store.documents import DocumentSummary
from reader.store.records import Annotation, Tag
from reader.store.retrieval import tag_paths

UNTAGGED_COLOUR = "#fff59d"


@dataclass(frozen=True, slots=True)
class ReportDocument:
    summary: DocumentSummary
    document: Document
    annotations: tuple[Annotation, ...]


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of text; ``marks`` the numbers of the passages covering it; ``ends`` the
    numbers of the passages that end right after it."""

    text: str
    marks: tuple[int, ...]
    ends: tuple[int, ...]


def _pieces(text: str, spans: Sequence[tuple[int, int, int]]) -> list[_Piece]:
    """Cut ``text`` at every passage boundary; ``spans`` are (start, end, number) in
    ``text`` coordinates (clipped to it)."""
    cuts = {0, len(text)}
    for s, e, _ in spans:
        cuts |= {max(0, min(s, len(text))), max(0, min(e, len(text)))}
    points = sorted(cuts)
    pieces = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        marks = tuple(n for s, e, n in spans if s < b and a < e)
        ends = tuple(n for s, e, n in spans if min(e, len(text)) == b and s < b)
        pieces.append(_Piece(text[a:b], marks, ends))
    return pieces


def _comment_spans(c: Comment, items: Sequence[tuple[Annotation, int]]):
    spans = []
    for a, n in items:
        if a.orphan or a.end <= c.start or a.start >= c.end:
            continue
        spans.append((c.to_text(a.start), c.to_text(a.end), n))
    return spans


def _blocks(doc: Document, numbered: Sequence[tuple[Annotation, int]]):
    """The article's blocks to show, each with the passages in it (in its coordinates):
    boilerplate left out, and the title unless a passage lies in it."""
    for block in doc.blocks:
        spans = [
            (a.start - block.start, a.end - block.start, n)
            for a, n in numbered
            if a.start < block.end and block.start < a.end
        ]
        if block.kind is BlockKind.BOILERPLATE or (block.kind is BlockKind.TITLE and not spans):
            continue
        yield block, spans


def _numbered(items: Sequence[Annotation]) -> list[tuple[Annotation, int]]:
    placed = sorted((a for a in items if not a.orphan), key=lambda a: (a.start, a.end, a.id))
    return [(a, i) for i, a in enumerate(placed, 1)]


# ---- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    """``text`` with a backslash before what Markdown would read as markup: emphasis,
    links, HTML, code, tables, and headings, lists and quotes at the start of a line."""
    return _MD_LINE_START.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", text))


def _bold(text: str) -> str:
    """``text`` in bold, its outer whitespace left outside (a bold run cannot start or
    end with a space, nor cross a blank line: each paragraph gets its own)."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    core = "**\n\n**".join(part.strip() for part in core.split("\n\n"))
    return f"{lead}**{core}**{trail}"


def _md_runs(pieces: Sequence[_Piece]) -> str:
    """Runs covered by passages in bold (one run for touching passages), each passage's
    number after its end."""
    out: list[str] = []
    group: list[str] = []
    for i, p in enumerate(pieces):
        text = md_escape(p.text)
        refs = "".join(f"<sup>{n}</sup>" for n in p.ends)
        if not p.marks:
            out.append(text + refs)
            continue
        following = pieces[i + 1] if i + 1 < len(pieces) else None
        if following is not None and following.marks:
            group.append(text + refs)
        else:
            out.append(_bold("".join(group) + text) + refs)
            group = []
    return "".join(out)


def _md_quote_lines(text: str, depth: int) -> str:
    prefix = "> " * depth
    return "\n".join((prefix + line).rstrip() for line in text.split("\n"))


def markdown_document(r: ReportDocument, tags: Sequence[Tag], *, level: int = 1) -> str:
    doc, s = r.document, r.summary
    paths = tag_paths(tags)
    numbered = _numbered(r.annotations)
    h = "#" * level
    lines = [f"{h} {md_escape(s.title)}", ""]
    meta = [f"Source: {md_escape(s.source_path)}"]
    meta += [f"{md_escape(name)}: {md_escape(value)}" for name, value in described(doc)]
    meta.append(f"{len(doc.comments)} comments, {len(r.annotations)} annotated passages")
    lines += ["  \n".join(meta), ""]
    lines += [f"{h}# Article", ""]
    for block, spans in _blocks(doc, numbered):
        lines += [_md_runs(_pieces(block.text, spans)), ""]
    if doc.comments:
        lines += [f"{h}# Comments ({len(doc.comments)})", ""]
        for c in doc.comments:
            head = f"**Comment {md_escape(c.id)}**"
            if c.author:
                head += f" by {md_escape(c.author)}"
            if c.date:
                head += f", {md_escape(c.date)}"
            if c.parent:
                head += f", reply to {md_escape(c.parent)}"
            body = _md_runs(_pieces(c.text, _comment_spans(c, numbered)))
            lines += [_md_quote_lines(f"{head}\n\n{body}", c.depth), ""]
    if r.annotations:
        lines += [f"{h}# Passages", ""]
        for a, n in numbered:
            lines.append(_md_passage(str(n), a, paths))
        orphans = [a for a in r.annotations if a.orphan]
        if orphans:
            lines += ["", "Not found again after the document changed:", ""]
            lines += [_md_passage("–", a, paths) for a in orphans]
        lines.append("")
    return "\n".join(lines)


def _md_passage(label: str, a: Annotation, paths: dict[str, str]) -> str:
    where = "article" if a.comment_id is None else f"comment {a.comment_id}"
    quote = " ".join(a.exact.split())
    line = f"{label}. “{md_escape(quote)}” ({md_escape(where)})"
    if a.tags:
        line += " — " + "; ".join(f"*{md_escape(paths.get(t, t))}*" for t in a.tags)
    if a.note:
        note = " ".join(a.note.split())
        line += f" — Note: {md_escape(note)}"
    return line


def markdown_report(title: str, items: Sequence[ReportDocument], tags: Sequence[Tag]) -> str:
    if len(items) == 1:
        return markdown_document(items[0], tags)
    parts = [f"# {md_escape(title)}", "", f"{len(items)} documents. Made with {APP_NAME}.", ""]
    for r in items:
        parts.append(markdown_document(r, tags, level=2))
    return "\n".join(parts)


# ---- HTML ---------------------------------------------------------------------------------

_CSS = """
body { font: 16px/1.5 Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1, h2, h3 { font-family: system-ui, sans-serif; }
.meta { color: #555; font-size: 0.9em; }
.text { white-space: pre-wrap; margin: 0 0 1em; }
.comment { border-left: 3px solid #ccc; padding-left: 0.8em; margin: 0 0 1em; }
.comment .head { font-family: system-ui, sans-serif; font-size: 0.85em; color: #555; }
mark { padding: 0 0.1em; }
sup.ref { font-family: system-ui, sans-serif; font-size: 0.7em; color: #555; }
.tag { font-family: system-ui, sans-serif; font-size: 0.85em; padding: 0 0.3em;
       border-radius: 0.2em; }
ol.passages li { margin-bottom: 0.5em; }
.note { color: #333; margin-top: 0.2em; }
.note p { margin: 0.2em 0; }
@media print { .comment { break-inside: avoid; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _chip(tag: Tag, path: str) -> str:
    return (
        f'<span class="tag" style="background:{_e(tag.colour)};color:{text_colour(tag.colour)}">'
        f"{_e(path)}</span>"
    )


def _html_runs(
    pieces: Sequence[_Piece], colours: dict[int, str], labels: dict[int, str], doc_id: int
) -> str:
    out: list[str] = []
    for p in pieces:
        text = _e(p.text)
        if p.marks:
            colour = colours[p.marks[0]]
            title = _e(" | ".join(labels[n] for n in p.marks))
            text = (
                f'<mark style="background:{colour};color:{text_colour(colour)}" '
                f'title="{title}">{text}</mark>'
            )
        out.append(text)
        out += [f'<sup class="ref"><a href="#p{doc_id}-{n}">{n}</a></sup>' for n in p.ends]
    return "".join(out)


def html_document(r: ReportDocument, tags: Sequence[Tag], *, level: int = 1) -> str:
    doc, s = r.document, r.summary
    paths = tag_paths(tags)
    by_id = {t.id: t for t in tags}
    numbered = _numbered(r.annotations)
    colours = {
        n: by_id[a.tags[0]].colour if a.tags and a.tags[0] in by_id else UNTAGGED_COLOUR
        for a, n in numbered
    }
    labels = {
        n: f"{n}: " + (", ".join(paths.get(t, t) for t in a.tags) or "note") for a, n in numbered
    }
    h1, h2 = f"h{level}", f"h{level + 1}"
    out = [f'<article id="d{s.id}">', f"<{h1}>{_e(s.title)}</{h1}>"]
    meta = [f"Source: {_e(s.source_path)}"]
    meta += [f"{_e(name)}: {_e(value)}" for name, value in described(doc)]
    meta.append(f"{len(doc.comments)} comments, {len(r.annotations)} annotated passages")
    out.append(f'<p class="meta">{"<br>".join(meta)}</p>')
    used = [t for t in tags if any(t.id in a.tags for a in r.annotations)]
    if used:
        chips = " ".join(_chip(t, paths[t.id]) for t in used)
        out.append(f'<p class="meta">Tags: {chips}</p>')
    out.append(f"<{h2}>Article</{h2}>")
    for block, spans in _blocks(doc, numbered):
        body = _html_runs(_pieces(block.text, spans), colours, labels, s.id)
        out.append(f'<p class="text {block.kind.value}">{body}</p>')
    if doc.comments:
        out.append(f"<{h2}>Comments ({len(doc.comments)})</{h2}>")
        for c in doc.comments:
            head = f"Comment {_e(c.id)}"
            if c.author:
                head += f" by <b>{_e(c.author)}</b>"
            if c.date:
                head += f", {_e(c.date)}"
            if c.parent:
                head += f', reply to <a href="#c{s.id}-{_e(c.parent)}">{_e(c.parent)}</a>'
            pieces = _pieces(c.text, _comment_spans(c, numbered))
            body = _html_runs(pieces, colours, labels, s.id)
            out.append(
                f'<div class="comment" id="c{s.id}-{_e(c.id)}" '
                f'style="margin-left:{1.5 * c.depth:g}em"><div class="head">{head}</div>'
                f'<p class="text">{body}</p></div>'
            )
    if r.annotations:
        out.append(f"<{h2}>Passages</{h2}>")
        out.append('<ol class="passages">')
        for a, n in numbered:
            out.append(f'<li id="p{s.id}-{n}" value="{n}">{_html_passage(a, paths, by_id)}</li>')
        out.append("</ol>")
        orphans = [a for a in r.annotations if a.orphan]
        if orphans:
            out.append("<p>Not found again after the document changed:</p><ul>")
            out += [f"<li>{_html_passage(a, paths, by_id)}</li>" for a in orphans]
            out.append("</ul>")
    out.append("</article>")
    return "\n".join(out)


def _html_passage(a: Annotation, paths: dict[str, str], by_id: dict[str, Tag]) -> str:
    where = "article" if a.comment_id is None else f"comment {a.comment_id}"
    quote = " ".join(a.exact.split())
    text = f'“{_e(quote)}” <span class="meta">({_e(where)})</span>'
    chips = [_chip(by_id[t], paths[t]) for t in a.tags if t in by_id]
    if chips:
        text += " " + " ".join(chips)
    if a.note:
        text += f'<div class="note">{note_html(a.note)}</div>'
    return text


def html_report(title: str, items: Sequence[ReportDocument], tags: Sequence[Tag]) -> str:
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
    )
    if len(items) == 1:
        body = html_document(items[0], tags)
    else:
        body = "\n".join(
            [f"<h1>{_e(title)}</h1>", f'<p class="meta">{len(items)} documents.</p>']
            + [html_document(r, tags, level=2) for r in items]
        )
    return head + body + "\n</body>\n</html>\n"


def gather(
    summaries: Sequence[DocumentSummary],
    load: Callable[[int], Document],
    annotations: Callable[[int], Sequence[Annotation]],
    progress: Callable[[int, int], bool] | None,
    cancelled: type[Exception],
) -> list[ReportDocument]:
    items = []
    for i, s in enumerate(summaries):
        if progress is not None and progress(i, len(summaries)) is False:
            raise cancelled
        items.append(ReportDocument(s, load(s.id), tuple(annotations(s.id))))
    return items
