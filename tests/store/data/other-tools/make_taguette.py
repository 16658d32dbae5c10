"""Make the Taguette-written files in ``taguette/`` from Reader's seeds (not run by the
tests; see README.md beside it).

Run with Taguette installed in a scratch environment, never Reader's::

    python3 -m venv /tmp/tg-venv && /tmp/tg-venv/bin/pip install taguette==1.5.2
    /tmp/tg-venv/bin/python make_taguette.py OUT_DIR

It drives Taguette's own code: its database layer (``taguette.database``: a project, its
members, documents, tags with descriptions, highlights tagged with them, each change
recorded as the web app records it) and its export functions (``taguette.export``: the
REFI-QDA codebook as served at ``/project/N/export/codebook.qdc``, and the codebook as
CSV, which holds the descriptions the ``.qdc`` does not). Documents are uploaded as HTML
(Taguette converts ``.txt`` with Calibre, which is not needed for HTML): each seed line
is one paragraph.
"""

import html
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from taguette import database, export
from taguette.database import Privileges

SEEDS = Path(__file__).resolve().parents[4] / "seeds"

# (path, description): Taguette has no colours; its hierarchy is in the path.
TAGS = [
    ("conflict", "Armed conflict, its events and its actors."),
    ("conflict.military", "Troops, weapons, strikes and the people who order them."),
    ("conflict.civilians", "What the fighting does to people who are not fighting."),
    ("framing", "How the text frames the events."),
    ("framing.blame", "Who is made responsible & why (quotes <em>count</em>)."),
    ("framing.victimhood", "A party presented as the one that suffers."),
    ("reader comment", ""),
    ("État & société", "A non-ASCII name: accents and an ampersand."),
]

# (seed index, a phrase in it, tags): each highlight covers the phrase's first occurrence.
HIGHLIGHTS = [
    (0, "declared martial law", ["conflict.military", "framing"]),
    (0, "large-scale attack along the entire Line of Contact", ["conflict.military"]),
    (0, "We didn’t want war. The war was imposed on us", ["framing.victimhood"]),
    (1, "civilian", ["conflict.civilians"]),
    (2, "Azerbaijan", ["framing.blame"]),
    (3, "the", ["reader comment"]),
    (4, "war", ["État & société", "conflict"]),
]


def page(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())


def plain(fragment: str) -> str:
    """The text of the document's HTML over which Taguette counts offsets (its text
    nodes, parsed as ``taguette.extract`` parses them)."""
    return BeautifulSoup(fragment, "html5lib").get_text()


def utf8_offset(text: str, index: int) -> int:
    """Taguette's offsets count UTF-8 bytes (``taguette.extract.extract``)."""
    return len(text[:index].encode("utf-8"))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db_file = out / "taguette.sqlite3"
    db_file.unlink(missing_ok=True)
    db = database.connect(f"sqlite:///{db_file}")()
    user = database.User(login="ada")
    db.add(user)
    project = database.Project(name="Reader seeds", description="Made by make_taguette.py")
    db.add(project)
    db.flush()
    db.add(database.ProjectMember(project=project, user=user, privileges=Privileges.ADMIN))
    documents = []
    for seed in sorted(SEEDS.glob("*.txt")):
        contents = page(seed.read_text(encoding="utf-8"))
        doc = database.Document(
            name=seed.stem,
            description="",
            filename=seed.stem + ".html",
            project=project,
            contents=contents,
            text_direction=database.TextDirection.LEFT_TO_RIGHT,
        )
        db.add(doc)
        documents.append(doc)
    tags = {}
    for path, description in TAGS:
        tag = database.Tag(project=project, path=path, description=description)
        db.add(tag)
        tags[path] = tag
    db.flush()
    for index, phrase, names in HIGHLIGHTS:
        doc = documents[index]
        text = plain(doc.contents)
        found = text.index(phrase)
        start, end = utf8_offset(text, found), utf8_offset(text, found + len(phrase))
        snippet = export.extract.extract(doc.contents, start, end)
        hl = database.Highlight(
            document=doc,
            start_offset=start,
            end_offset=end,
            snippet=snippet,
            tags=[tags[n] for n in names],
        )
        db.add(hl)
        db.flush()
        db.add(database.Command.highlight_add(user.login, doc, hl, [tags[n].id for n in names]))
    db.commit()
    project_tags = list(project.tags)
    with open(out / "codebook.qdc", "wb") as f:
        export.codebook_xml(project_tags, f)
    with open(out / "codebook.csv", "w", newline="", encoding="utf-8") as f:
        export.codebook_csv(project_tags, f)
    db.close()
    db_file.unlink()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
