"""What the REFI-QDA files other tools wrote (``data/other-tools``) hold, read here with
lxml straight from the files, apart from Reader's reader: each coded passage's text as
the tool wrote it, and each code. The tests compare Reader's import with these."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TOOLS = Path(__file__).parent / "data" / "other-tools"
QUALCODER = TOOLS / "qualcoder"
TAGUETTE = TOOLS / "taguette"
SCHEMAS = Path(__file__).parent / "data"
NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


@dataclass(frozen=True)
class Passage:
    guid: str
    source: str  # the source's name
    quote: str  # the characters its positions name in the text the tool wrote
    codes: tuple[str, ...]  # the codes' names
    note: str
    user: str


@dataclass(frozen=True)
class Code:
    name: str
    parent: str | None
    colour: str | None
    description: str


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def codes(root: etree._Element) -> list[Code]:
    """Every code under ``root``'s ``Codes``, with its parent's name."""
    found = []
    for el in root.iter("{*}Code"):
        parent = el.getparent()
        described = el.find("{*}Description")
        found.append(Code(
            el.get("name"), parent.get("name") if parent.tag.endswith("}Code") else None,
            el.get("color"), (described.text or "") if described is not None else "",
        ))  # fmt: skip
    return found


def project(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("project.qde"))


def source_texts(path: Path) -> dict[str, str]:
    """Source name → its plain text as the tool wrote it (a BOM dropped; line ends as
    they are in the file)."""
    root = project(path)
    with zipfile.ZipFile(path) as z:
        return {
            s.get("name"): z.read(
                "sources/" + s.get("plainTextPath").removeprefix("internal://")
            ).decode("utf-8-sig")
            for s in root.iterfind(".//q:TextSource", NS)
        }


def passages(path: Path, *, crlf_counts_one: bool) -> list[Passage]:
    """Every passage of the file: the coded selections, and the notes on a passage
    (QualCoder's annotations: a Note holding a PlainTextSelection, named by its source's
    NoteRef). ``crlf_counts_one``: the tool's positions count a CRLF as one character."""
    root = project(path)
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    names = {c.get("guid"): c.get("name") for c in root.iter("{*}Code")}
    notes = {n.get("guid"): n for n in root.iterfind(".//q:Notes/q:Note", NS)}
    texts = source_texts(path)
    found = []
    for source in root.iterfind(".//q:TextSource", NS):
        text = texts[source.get("name")]
        if crlf_counts_one:
            text = text.replace("\r\n", "\n")

        def quote(sel, text=text):
            return text[int(sel.get("startPosition")) : int(sel.get("endPosition"))]

        for sel in source.iterfind("q:PlainTextSelection", NS):
            described = sel.find("q:Description", NS)
            found.append(Passage(
                sel.get("guid"), source.get("name"), quote(sel),
                tuple(names[r.get("targetGUID")] for r in sel.iterfind("q:Coding/q:CodeRef", NS)),
                described.text if described is not None else "",
                users[sel.get("creatingUser")],
            ))  # fmt: skip
        for ref in source.iterfind("q:NoteRef", NS):
            note = notes[ref.get("targetGUID")]
            for sel in note.iterfind("q:PlainTextSelection", NS):
                found.append(Passage(
                    sel.get("guid"), source.get("name"), quote(sel), (),
                    note.findtext("q:PlainTextContent", "", NS), users[note.get("creatingUser")],
                ))  # fmt: skip
    return found
