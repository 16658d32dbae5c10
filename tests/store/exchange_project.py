"""The project the exchange tests send through other tools' readers: notes holding CR,
CRLF, emoji and markup, tags nested three deep, a thread with replies three deep, a
note-only passage, and a title with a ``/`` in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.store.project import Project

PAGE = """Ceasefire talks: Yerevan/Baku 🚀 <i>live</i>

Negotiators met again on Monday, officials said.

The ceasefire held overnight, residents reported 👩‍👩‍👧.

3 Comments

  1. First reader says the talks are theatre.

    • A reply: no, the talks matter.

      • A reply to the reply, three deep.

  2. Second top-level comment with <b>markup</b>.

Leave a Reply
"""

NOTES = (
    "Line one\r\nLine two with **bold**, <b>tags</b> & 🚀",
    "A lone\rCR, a tab\tand `code`, and _x000D_ typed as text",
    "<script>alert('x')</script> only a note, 👩‍👩‍👧",
    "[link](javascript:alert(1)) and\n\n- a list",
)


@dataclass(frozen=True)
class Exchange:
    project: Project
    doc: int
    tags: tuple[str, ...]  # top, middle, bottom (three deep), other


def at(project: Project, doc: int, quote: str) -> tuple[int, int]:
    text = project.load(doc).text
    start = text.index(quote)
    return start, start + len(quote)


def build(folder: Path, project: Project | None = None) -> Exchange:
    """The exchange corpus, in ``project`` (None: a new project file in ``folder``)."""
    page = folder / "talks.txt"
    page.write_text(PAGE, encoding="utf-8")
    # Made by a named coder, as in the window: the coder travels with each annotation.
    if project is None:
        p = Project.open(folder / "exchange.reader", backup_dir=folder / "backups", coder="Ada")
    else:
        p = project
        p.set_coder("Ada")
    p.import_files([page])
    [doc] = (s.id for s in p.documents())
    top = p.add_tag("Framing", colour="#336699", description="How the talks are framed")
    middle = p.add_tag("Conflict", parent=top.id, colour="#aa3300", description="Two sides")
    bottom = p.add_tag("Blame 🚀", parent=middle.id, colour="#00aa00",
                       description="Who is blamed\r\nfor what")  # fmt: skip
    other = p.add_tag("Source <official>", colour="#7744cc")
    p.add_annotation(doc, *at(p, doc, "Negotiators met again"), [bottom.id, other.id],
                     note=NOTES[0])  # fmt: skip
    p.add_annotation(doc, *at(p, doc, "residents reported 👩‍👩‍👧"), [middle.id], note=NOTES[1])
    p.add_annotation(doc, *at(p, doc, "the talks are theatre"), [top.id])
    p.add_annotation(doc, *at(p, doc, "no, the talks matter"), [bottom.id], note=NOTES[3])
    p.add_annotation(doc, *at(p, doc, "three deep"), (), note=NOTES[2])
    p.add_annotation(doc, *at(p, doc, "<b>markup</b>"), [other.id, middle.id])
    return Exchange(p, doc, (top.id, middle.id, bottom.id, other.id))
