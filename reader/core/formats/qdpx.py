"""Reading a REFI-QDA project (``.qdpx``) as other tools write it, liberally.

Accepted where tools differ (QualCoder #1369, #1403, #1027; requal #176): any ``*.qde``
name in the zip, ``Sources/`` or ``sources/`` (any case), text by ``plainTextPath``
(``internal://``, ``relative://``, a bare name) or inline ``PlainTextContent``, colours
``#RRGGBB``, ``#AARRGGBB``, ``RRGGBB`` or ``#RGB``, any namespace or none, and positions
that count a CRLF as one character or as two: :func:`line_ends` tries both against the
selections' quoted names in all the sources and keeps the one that makes them match. A
code whose guid is a case's marks that case's text (NVivo's way, which Reader's export
follows): it is not a code, and the selections only it codes are not codings. A note's
text may be in a file of its own (``plainTextPath``), and a ``Link`` from a note to a
selection makes it that selection's note: NVivo writes its annotations so (QualCoder's
importer, ``src/qualcoder/refi.py``, ``parse_links``/``load_codings_for_text``, reads
them so). A note holding a ``PlainTextSelection`` that a source refers to is a note on
that passage of the source (QualCoder's annotations). A case of whole sources gives them
its name ("Case") and variables, also when it names a source by the guid of one of the
source's files (QualCoder's cases do). Positions: ``qdpx_positions``.

:func:`read_project` gives the whole project (users, codes, sources with their
selections, notes, variables); :func:`read_qdpx_sources` yields the text sources as
documents (what ``reader parse`` shows). Sources that are not text (PDF, pictures,
audio, video) are listed with the reason and how many codings they hold.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from reader.core.formats import Item, LeftOut, ReadOptions
from reader.core.formats.qdpx_positions import line_ends as line_ends
from reader.core.formats.qdpx_positions import position_map as position_map
from reader.core.formats.qdpx_positions import source_document
from reader.core.parse import parse_text
from reader.core.textio import UnreadableFile, decode_bytes

# Guids made for codes that have none (from their names' path).
_UNNAMED = uuid.UUID("0b6f4a52-3c1e-4d5e-9a8b-7c2d1e0f9a31")


@dataclass(frozen=True, slots=True)
class QdaCode:
    guid: str
    name: str
    colour: str | None  # "#rrggbb"
    description: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class QdaSelection:
    guid: str
    start: int
    end: int
    name: str
    codes: tuple[str, ...]
    note: str  # the selection's description and the notes it refers to
    user: str | None  # the name of the user who made it


@dataclass(frozen=True, slots=True)
class QdaSource:
    guid: str
    name: str
    raw_text: str | None  # None: not a text source
    kind: str  # "TextSource", "PDFSource", …
    description: str
    variables: tuple[tuple[str, str], ...]
    selections: tuple[QdaSelection, ...]
    memo: str
    problem: str = ""  # why the text could not be had


@dataclass(frozen=True, slots=True)
class QdaProject:
    name: str
    origin: str
    users: dict[str, str]
    codes: tuple[QdaCode, ...]
    sources: tuple[QdaSource, ...]
    # Notes on a passage (a Note holding a PlainTextSelection) that no source refers to:
    # their passage cannot be placed. Each as "name or text: why".
    unplaced_notes: tuple[str, ...] = ()


def _local(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _kids(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c) == name]


def _text_of(el: ET.Element, name: str) -> str:
    found = _kids(el, name)
    return "".join(found[0].itertext()).strip() if found else ""


def colour(value: str | None) -> str | None:
    """``#rrggbb`` from ``#RRGGBB``, ``#AARRGGBB``, ``RRGGBB``, ``#RGB`` or ``R,G,B``
    (decimal, as some tools write); else None."""
    v = (value or "").strip().lstrip("#")
    rgb = re.fullmatch(r"(?:rgb\()?\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)?", v, re.I)
    if rgb and all(int(x) <= 255 for x in rgb.groups()):
        return "#" + "".join(f"{int(x):02x}" for x in rgb.groups())
    if re.fullmatch(r"[0-9a-fA-F]{3}", v):
        v = "".join(c * 2 for c in v)
    elif re.fullmatch(r"[0-9a-fA-F]{8}", v):
        v = v[2:]  # alpha first, as .NET writes it
    return f"#{v.lower()}" if re.fullmatch(r"[0-9a-fA-F]{6}", v) else None


def _codes(root: ET.Element, notes: dict[str, str]) -> tuple[QdaCode, ...]:
    return tuple(c for book in _kids(root, "CodeBook") for c in book_codes(book, notes))


def book_codes(book: ET.Element, notes: dict[str, str] | None = None) -> tuple[QdaCode, ...]:
    """The codes of a ``CodeBook`` element (a project's, or a ``.qdc`` file's root), each
    parent before its children, in the file's order; a code's ``NoteRef``s (``notes``:
    guid → text) join its description. A code without a guid gets one made from its
    names' path (the same every time), so its children keep their parent. Walked without
    recursion: a codebook nested thousands deep is read, not a crash."""
    notes = notes or {}
    found: list[QdaCode] = []
    todo = [
        (c, None, ()) for codes in _kids(book, "Codes") for c in _kids(codes, "Code")
    ]  # fmt: skip
    todo.reverse()
    while todo:
        c, parent, path = todo.pop()
        name = c.get("name") or "(unnamed)"
        path = (*path, name)
        g = c.get("guid") or str(uuid.uuid5(_UNNAMED, "\x1f".join(path)))
        # A memo on a code (a NoteRef) joins its description.
        description = "\n\n".join(filter(None, [_text_of(c, "Description"), *_note_refs(c, notes)]))
        found.append(QdaCode(g, name, colour(c.get("color")), description, parent))
        todo.extend((child, g, path) for child in reversed(_kids(c, "Code")))
    return tuple(found)


def _member(z: zipfile.ZipFile, path: str) -> str | None:
    """The zip member a source path names, looked up without regard to case."""
    members = {m.lower(): m for m in z.namelist()}
    name = re.sub(r"^(internal|relative|file|absolute)://", "", path).lstrip("/")
    for candidate in (f"sources/{name}", name, f"sources/{PurePosixPath(name).name}"):
        found = members.get(candidate.lower())
        if found is not None:
            return found
    tail = PurePosixPath(name).name.lower()
    return next((m for k, m in members.items() if k.endswith("/" + tail)), None)


def _raw_text(z: zipfile.ZipFile, el: ET.Element) -> tuple[str | None, str]:
    inline = _kids(el, "PlainTextContent")
    if inline:
        return "".join(inline[0].itertext()), ""
    path = el.get("plainTextPath") or ""
    if not path:
        return None, "it names no plain text (plainTextPath) and holds none"
    member = _member(z, path)
    if member is None:
        return None, f"its text ({path}) is not in the file"
    data = z.read(member)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = decode_bytes(data).text
    return text, ""


def _notes(root: ET.Element, z: zipfile.ZipFile) -> dict[str, str]:
    """Each note's text: inline, else in its own file (``plainTextPath``), else its
    description or name."""
    notes = {}
    for group in _kids(root, "Notes"):
        for note in _kids(group, "Note"):
            text = _text_of(note, "PlainTextContent")
            if not text and note.get("plainTextPath"):
                raw, _problem = _raw_text(z, note)
                text = (raw or "").strip()
            text = text or _text_of(note, "Description")
            notes[note.get("guid") or ""] = text or note.get("name") or ""
    return notes


@dataclass(frozen=True, slots=True)
class _NotePassage:
    """A Note that holds a ``PlainTextSelection``: QualCoder writes its annotations so,
    the source that holds the passage referring to the note with a ``NoteRef``
    (QualCoder's importer, ``refi.py`` ``insert_annotation``, reads them so)."""

    guid: str
    start: int
    end: int
    user: str | None
    label: str


def _note_passages(root: ET.Element, users: dict[str, str]) -> dict[str, list[_NotePassage]]:
    """Note guid → the passages it is a note on."""
    found: dict[str, list[_NotePassage]] = {}
    for group in _kids(root, "Notes"):
        for note in _kids(group, "Note"):
            user = users.get(note.get("creatingUser") or note.get("modifyingUser") or "")
            label = note.get("name") or _text_of(note, "PlainTextContent")[:60]
            for sel in note:
                if _local(sel) == "PlainTextSelection":
                    found.setdefault(note.get("guid") or "", []).append(_NotePassage(
                        sel.get("guid") or "", _int(sel.get("startPosition")),
                        _int(sel.get("endPosition")), user, label,
                    ))  # fmt: skip
    return found


def _linked_notes(root: ET.Element, notes: dict[str, str]) -> dict[str, list[str]]:
    """Selection guid → the texts of the notes a ``Link`` joins to it (either way)."""
    linked: dict[str, list[str]] = {}
    for group in _kids(root, "Links"):
        for link in _kids(group, "Link"):
            origin, target = link.get("originGUID") or "", link.get("targetGUID") or ""
            for note, other in ((origin, target), (target, origin)):
                if notes.get(note) and other not in notes:
                    linked.setdefault(other, []).append(notes[note])
    return linked


def _variables(root: ET.Element) -> dict[str, str]:
    return {
        v.get("guid") or "": v.get("name") or ""
        for group in _kids(root, "Variables")
        for v in _kids(group, "Variable")
    }


def _values(el: ET.Element, names: dict[str, str]) -> list[tuple[str, str]]:
    found = []
    for vv in _kids(el, "VariableValue"):
        ref = _kids(vv, "VariableRef")
        key = names.get(ref[0].get("targetGUID") or "", "") if ref else ""
        value = next(("".join(c.itertext()) for c in vv if _local(c) != "VariableRef"), "")
        if key and value:
            found.append((key, value.strip()))
    return found


def _note_refs(el: ET.Element, notes: dict[str, str]) -> list[str]:
    return [notes[r.get("targetGUID") or ""] for r in _kids(el, "NoteRef")
            if notes.get(r.get("targetGUID") or "")]  # fmt: skip


def _source_aliases(
    root: ET.Element, z: zipfile.ZipFile, sources: list[QdaSource]
) -> dict[str, str]:
    """Other guids that name a source → its guid: the names of the files it refers to
    (``sources/<guid>.docx`` as ``richTextPath``), and a text file in ``sources/`` that
    nothing refers to whose text is exactly one text source's (QualCoder keeps each
    source's original there under the guid its cases use, unreferenced when it is a
    ``.txt``)."""
    aliases: dict[str, str] = {}
    referred: set[str] = set()
    for group in _kids(root, "Sources"):
        for el in group:
            guid = el.get("guid") or ""
            for attr in ("richTextPath", "plainTextPath", "path"):
                file = PurePosixPath(el.get(attr) or "").name
                if file:
                    referred.add(file.lower())
                    aliases.setdefault(PurePosixPath(file).stem.lower(), guid)
    by_text: dict[str, list[str]] = {}
    for source in sources:
        if source.raw_text:
            key = source.raw_text.replace("\r\n", "\n").strip()
            by_text.setdefault(key, []).append(source.guid)
    for member in z.namelist():
        file = PurePosixPath(member)
        if file.suffix.lower() != ".txt" or file.name.lower() in referred:
            continue
        try:
            text = z.read(member).decode("utf-8-sig").replace("\r\n", "\n").strip()
        except (UnicodeDecodeError, zipfile.BadZipFile, OSError):
            continue
        found = by_text.get(text, [])
        if len(found) == 1:
            aliases.setdefault(file.stem.lower(), found[0])
    known = {s.guid for s in sources}
    return {a: g for a, g in aliases.items() if a not in {k.lower() for k in known} and g in known}


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return -1


def read_project(path: Path) -> QdaProject:
    """The project in a ``.qdpx`` file; UnreadableFile when it is not one."""
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise UnreadableFile(f"a .qdpx file that is not a zip archive ({error})") from error
    with z:
        qde = sorted(
            (n for n in z.namelist() if n.lower().endswith(".qde")), key=lambda n: n.count("/")
        )
        if not qde:
            raise UnreadableFile("a .qdpx file without a project (.qde) inside")
        try:
            root = ET.fromstring(z.read(qde[0]))
        except ET.ParseError as error:
            raise UnreadableFile(f"its {qde[0]} is not well-formed XML ({error})") from error
        users = {
            u.get("guid") or "": u.get("name") or u.get("id") or ""
            for group in _kids(root, "Users")
            for u in _kids(group, "User")
        }
        notes = _notes(root, z)
        passages = _note_passages(root, users)
        placed: set[str] = set()
        linked = _linked_notes(root, notes)
        names = _variables(root)
        case_values: dict[str, list[tuple[str, str]]] = {}
        # NVivo (and Reader) mark a case's text with a code whose guid is the case's:
        # such codes and the selections only they code are the case, not coding.
        case_guids = {
            case.get("guid") or ""
            for group in _kids(root, "Cases")
            for case in _kids(group, "Case")
        }
        for group in _kids(root, "Cases"):
            for case in _kids(group, "Case"):
                if _kids(case, "SelectionRef"):
                    continue  # a case of some passages (a comment), not of whole sources
                name = (case.get("name") or "").strip()
                values = ([("Case", name)] if name else []) + _values(case, names)
                for ref in _kids(case, "SourceRef"):
                    case_values.setdefault((ref.get("targetGUID") or "").lower(), []).extend(values)
        sources = []
        for group in _kids(root, "Sources"):
            for el in group:
                kind = _local(el)
                if not kind.endswith("Source"):
                    continue
                raw, problem = _raw_text(z, el) if kind == "TextSource" else (None, "")
                selections = []
                for sel in el:
                    if not _local(sel).endswith("Selection"):
                        continue
                    all_codes = [
                        r.get("targetGUID") or ""
                        for c in _kids(sel, "Coding")
                        for r in _kids(c, "CodeRef")
                    ]
                    codes = tuple(c for c in all_codes if c not in case_guids)
                    if all_codes and not codes:
                        continue  # a case's text (see above)
                    coding_notes = [n for c in _kids(sel, "Coding") for n in _note_refs(c, notes)]
                    note = "\n\n".join(
                        dict.fromkeys(
                            filter(None, [_text_of(sel, "Description"), *_note_refs(sel, notes),
                                          *coding_notes, *linked.get(sel.get("guid") or "", ())])
                        )
                    )  # fmt: skip
                    selections.append(
                        QdaSelection(
                            sel.get("guid") or "", _int(sel.get("startPosition")),
                            _int(sel.get("endPosition")), sel.get("name") or "", codes, note,
                            users.get(sel.get("creatingUser") or ""),
                        )
                    )  # fmt: skip
                # A note the source refers to that holds a passage is a note on that
                # passage of this source; the other notes it refers to are its memo.
                memo_refs = []
                for ref in _kids(el, "NoteRef"):
                    target = ref.get("targetGUID") or ""
                    if target not in passages:
                        memo_refs.append(ref)
                        continue
                    placed.add(target)
                    selections += [
                        QdaSelection(p.guid, p.start, p.end, "", (), notes.get(target, ""), p.user)
                        for p in passages[target]
                    ]
                variables = _values(el, names) + case_values.get((el.get("guid") or "").lower(), [])
                memo = [notes[r.get("targetGUID") or ""] for r in memo_refs
                        if notes.get(r.get("targetGUID") or "")]  # fmt: skip
                sources.append(
                    QdaSource(
                        el.get("guid") or "", el.get("name") or "(unnamed)", raw, kind,
                        _text_of(el, "Description"), tuple(dict.fromkeys(variables)),
                        tuple(selections), "\n\n".join(memo), problem,
                    )
                )  # fmt: skip
        # A case may name a source by the guid of one of its files (QualCoder does:
        # ``cases_xml`` refers to the file's guid, ``sources_xml`` gives the source
        # another): such references are followed to the source.
        aliases = _source_aliases(root, z, sources) if case_values else {}
        for alias, guid in aliases.items():
            if alias in case_values:
                at = next(i for i, s in enumerate(sources) if s.guid == guid)
                more = sources[at].variables + tuple(case_values[alias])
                sources[at] = replace(sources[at], variables=tuple(dict.fromkeys(more)))
    unplaced = tuple(
        f"{found[0].label or guid}: a note on a passage that no source refers to"
        for guid, found in passages.items() if guid not in placed
    )  # fmt: skip
    return QdaProject(
        root.get("name") or path.stem, root.get("origin") or "", users,
        tuple(c for c in _codes(root, notes) if c.guid not in case_guids), tuple(sources),
        unplaced,
    )  # fmt: skip


_KINDS = {
    "PDFSource": "a PDF source", "PictureSource": "a picture", "AudioSource": "an audio source",
    "VideoSource": "a video source",
}  # fmt: skip


def why_not_text(source: QdaSource) -> str:
    """Why a source cannot come in (it is not plain text, or its text is missing)."""
    if source.raw_text is not None:
        return ""
    what = _KINDS.get(source.kind, f"a {source.kind}")
    if source.kind == "TextSource":
        reason = f"a text source whose text cannot be had: {source.problem}"
    else:
        reason = f"{what}: Reader reads text sources only"
    if source.selections:
        n = len(source.selections)
        reason += f"; its {n} coded passage{' was' if n == 1 else 's were'} left out"
    return reason


def read_qdpx_sources(path: Path, options: ReadOptions) -> Iterator[Item | LeftOut]:
    """The project's text sources as documents (read as text scrapes, so threads are
    found), with their variables as metadata; other sources listed with the reason."""
    project = read_project(path)
    for source in project.sources:
        problem = why_not_text(source)
        if problem:
            yield LeftOut(source.name, problem)
            continue
        text, _place = source_document(source)
        if not text.strip():
            yield LeftOut(source.name, "its text is empty")
            continue
        yield Item(source.guid, source_as_document(source, text), kept=True, label=source.name)


def source_as_document(source: QdaSource, text: str):
    doc = parse_text(text)
    metadata = list(source.variables)
    # A source's description is its memo in QualCoder and NVivo; Reader writes the
    # document's file there, which its "Source path" variable already holds.
    description = source.description.strip()
    if description and description not in {v for _k, v in source.variables}:
        metadata.append(("Description", description))
    if source.memo:
        metadata.append(("Memo", source.memo))
    return replace(doc, title=doc.title.strip() or Path(source.name).stem, metadata=tuple(metadata))
