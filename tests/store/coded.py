"""A small coded project for the retrieval and export tests: two documents (one with
emoji, markup and formula-looking text), a nested codebook, overlapping passages, a
passage in a reply, a note-only passage and an orphan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.store.project import Project

TRICKY = """Shelling near Goris 🚀 leaves <b>three</b> dead & many hurt

The ministry said 3 people died 👩‍👩‍👧 in the shelling on Tuesday night.

Local officials disputed the figure, saying "=SUM(A1:A9)" was the real count.

2 Comments

  1. =1+1 is how spreadsheets get you, and @mention too.

    • -5 casualties is not a number; <script>alert('x')</script> is not one either.

Leave a Reply
"""

PLAIN = """Talks resume in Moscow

Negotiators met again on Monday, officials said.

The ceasefire held overnight, residents reported.
"""


@dataclass(frozen=True)
class Coded:
    project: Project
    tricky: int
    plain: int
    claims: str  # a top-level tag
    casualty: str  # below claims
    source: str  # another top-level tag


def span(project: Project, doc_id: int, quote: str, after: int = 0) -> tuple[int, int]:
    text = project.load(doc_id).text
    start = text.index(quote, after)
    return start, start + len(quote)


def build(folder: Path, project: Project | None = None) -> Coded:
    """The coded corpus, in ``project`` (None: a new project file in ``folder``)."""
    a = folder / "tricky.txt"
    a.write_text(TRICKY, encoding="utf-8")
    b = folder / "plain.txt"
    b.write_text(PLAIN, encoding="utf-8")
    if project is None:
        project = Project.open(folder / "coded.reader", backup_dir=folder / "backups")
    project.import_files([a, b])
    tricky, plain = (s.id for s in project.documents())
    claims = project.add_tag("Claims", colour="#336699", description="What sources assert")
    casualty = project.add_tag("Casualty figure", parent=claims.id, colour="#ff0000")
    source = project.add_tag("Source = official", colour="#00aa00")
    p = project
    p.add_annotation(tricky, *span(p, tricky, "3 people died 👩‍👩‍👧"), [casualty.id, source.id],
                     note="The ministry's count.\nSecond line: =HYPERLINK(\"x\")")  # fmt: skip
    p.add_annotation(tricky, *span(p, tricky, "people died 👩‍👩‍👧 in the shelling"), [claims.id])
    p.add_annotation(tricky, *span(p, tricky, '"=SUM(A1:A9)"'), [casualty.id])
    p.add_annotation(tricky, *span(p, tricky, "=1+1 is how spreadsheets get you"), [source.id],
                     note="+ formula-looking note")  # fmt: skip
    p.add_annotation(tricky, *span(p, tricky, "<script>alert('x')</script>"), [claims.id])
    p.add_annotation(tricky, *span(p, tricky, "Goris 🚀"), (), note="@ only a note")
    p.add_annotation(plain, *span(p, plain, "The ceasefire held"), [claims.id])
    orphan = p.add_annotation(plain, *span(p, plain, "Negotiators met again"), [source.id])
    b.write_text(PLAIN.replace("Negotiators met again on Monday", "Nobody came"), "utf-8")
    [outcome] = p.import_files([b])
    assert outcome.orphaned == 1 and p.annotation(orphan.id).orphan
    return Coded(project, tricky, plain, claims.id, casualty.id, source.id)
