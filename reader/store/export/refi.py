"""REFI-QDA exchange: a project (``.qdpx``) and a codebook alone (``.qdc``).

``.qdpx`` is a zip holding ``project.qde`` (XML in ``urn:QDA-XML:project:1.0``) and a
lowercase ``sources/`` folder with each document's text as UTF-8 plain text
(``sources/<guid>.txt``, referenced as ``plainTextPath="internal://<guid>.txt"``). In
``project.qde``, in the schema's order:

* ``Users``: the user the export is made as, and each coder of an exported passage (a
  passage's ``creatingUser`` and its codings' are its coder, or the exporting user for
  one made before coders were recorded);
* ``CodeBook``: the tags as nested ``Code`` elements, ``color`` ``#RRGGBB``, the tag's
  description as ``Description``;
* ``Variables``: the document's source path, site and date; a comment's id, parent id,
  author and date (REFI has no threads, so a thread is carried by these);
* ``Cases``: one per comment that holds a passage, with the comment's variables, a
  ``SourceRef`` to its document and a ``SelectionRef`` to each passage in it;
* ``Sources``: a ``TextSource`` per document; each placed annotation is a
  ``PlainTextSelection`` (start/end in code points of that plain text, which is exactly
  ``Document.text``) with its note as ``Description`` and a ``Coding``/``CodeRef`` per
  tag; the document's variables as ``VariableValue``: its source path, site and date,
  then its other properties (``core.properties.described``: a news database's outlet,
  a QDA project's variables, a capture URL), each a ``Text`` variable of its name.

Orphans (passages not found again after an update) have no place and are left out; the
export says how many. Ids are kept: a tag's guid is its id, a selection's guid the
annotation's id, a source's guid is derived from its file's URI (so exporting twice
gives the same guids). No BOM before ``<?xml``.

:func:`read_qdpx` and :func:`read_qdc` (``refi_read``, re-exported here) read such files
back, liberally, for tests and imports.
"""

from __future__ import annotations

import bisect
import re
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from reader import APP_NAME, __version__
from reader.core.model import Document
from reader.core.properties import described
from reader.store.documents import DocumentSummary
from reader.store.export.atomic import write_atomically
from reader.store.export.refi_read import Code as Code
from reader.store.export.refi_read import NotRefi as NotRefi
from reader.store.export.refi_read import QdaProject as QdaProject
from reader.store.export.refi_read import read_colour as read_colour
from reader.store.export.refi_read import read_qdc as read_qdc
from reader.store.export.refi_read import read_qdpx as read_qdpx
from reader.store.records import Annotation, Tag

PROJECT_NS = "urn:QDA-XML:project:1.0"
CASE_COLOUR = "#A0A0A0"  # the codes that carry a case's text (see ``project_qde``)
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
_NAMESPACE = uuid.UUID("6f1c7f0e-5d0b-4c53-9a43-2b1f3d0c9e51")  # Reader's uuid5 namespace
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters XML allows but a parser changes or a reader may drop when they stand raw: a
# CR is turned into LF by every parser (XML 1.0 §2.11), DEL and the C1 controls are
# "discouraged". Written as character references, they come back exactly.
_AS_REFERENCE = re.compile("[\r\x7f-\x9f]")
# Characters a file name cannot hold on Windows, macOS or Linux (QualCoder copies each
# source to ``documents/<name>.txt``).
_NOT_IN_FILE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
MAX_NAME = 120

VARIABLES: tuple[str, ...] = (
    "Source path",
    "Site",
    "Date",
    "Comment id",
    "Parent comment id",
    "Comment author",
    "Comment date",
)

Progress = Callable[[int, int], bool]


class Cancelled(Exception):
    """A progress callback returned False."""


def guid(value: str) -> str:
    """``value`` if it is a uuid, else a uuid derived from it (always the same)."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return str(uuid.uuid5(_NAMESPACE, value))


def derived(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def source_guid(source_path: str) -> str:
    return derived("source", Path(source_path).as_uri())


def _crlf_positions(text: str) -> Callable[[int], int]:
    """Maps a code point offset of ``text`` to the offset once each LF is a CRLF."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    return lambda offset: offset + bisect.bisect_left(breaks, offset)


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: the C0 controls other than tab and line ends are dropped
    (XML 1.0 has no way to write them, not even as references)."""
    return _NOT_XML.sub("", text)


def safe_name(title: str, used: set[str]) -> str:
    """``title`` as a source name that is also a safe, unique file name: characters no
    file system takes become ``-``, it is not empty nor ends in a dot or space, at most
    :data:`MAX_NAME` characters, and unique among ``used`` ignoring case (`` (2)``,
    `` (3)`` … added). The name is added to ``used``."""
    name = " ".join(_NOT_IN_FILE_NAME.sub("-", _xml(title)).split())
    name = name[:MAX_NAME].rstrip(". ") or "Untitled document"
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{name} ({n})"
    used.add(candidate.casefold())
    return candidate


def _colour(value: str) -> str:
    return value.upper() if re.fullmatch(r"#[0-9a-fA-F]{6}", value) else "#808080"


def _el(parent: ET.Element, ns: str, name: str, /, **attrs: str | None) -> ET.Element:
    return ET.SubElement(
        parent, f"{{{ns}}}{name}", {k: _xml(v) for k, v in attrs.items() if v is not None}
    )


def _text(parent: ET.Element, ns: str, name: str, text: str) -> ET.Element:
    el = _el(parent, ns, name)
    el.text = _xml(text)
    return el


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    xml = ET.tostring(root, encoding="unicode")
    # ElementTree writes a CR in an attribute as &#13; but leaves it raw in text, where
    # the reading parser would turn it into LF (a note's CR would be lost).
    xml = _AS_REFERENCE.sub(lambda m: f"&#{ord(m.group())};", xml)
    return (DECLARATION + xml).encode("utf-8")


def _codes(
    parent: ET.Element, ns: str, tags: Sequence[Tag], case_codes: Sequence[tuple[str, str]] = ()
) -> None:
    children: dict[str | None, list[Tag]] = {}
    known = {t.id for t in tags}
    for t in tags:
        children.setdefault(t.parent if t.parent in known else None, []).append(t)

    def add(under: ET.Element, tag: Tag) -> None:
        code = _el(
            under, ns, "Code", guid=guid(tag.id), name=tag.name, isCodable="true",
            color=_colour(tag.colour),
        )  # fmt: skip
        if tag.description:
            _text(code, ns, "Description", tag.description)
        for child in children.get(tag.id, []):
            add(code, child)

    codes = _el(parent, ns, "Codes")
    for top in children.get(None, []):
        add(codes, top)
    for case_guid, name in case_codes:
        _el(codes, ns, "Code", guid=case_guid, name=name, isCodable="true", color=CASE_COLOUR)


# ---- writing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QdpxWritten:
    sources: int
    selections: int
    codings: int
    orphans_left_out: int


def _variable_value(parent: ET.Element, name: str, value: str) -> None:
    vv = _el(parent, PROJECT_NS, "VariableValue")
    _el(vv, PROJECT_NS, "VariableRef", targetGUID=derived("variable", name))
    _text(vv, PROJECT_NS, "TextValue", value)


def project_qde(
    name: str,
    tags: Sequence[Tag],
    documents: Sequence[tuple[DocumentSummary, Document, Sequence[Annotation]]],
    *,
    user: str,
    created: str,
    crlf: bool = False,
) -> tuple[bytes, QdpxWritten]:
    """The ``project.qde`` XML for ``documents`` (summary, parsed document, annotations).
    ``crlf``: positions in the text with CRLF line ends (see :func:`write_qdpx`)."""
    ns = PROJECT_NS
    user_guid = derived("user", user)
    root = ET.Element(
        f"{{{ns}}}Project",
        {
            "name": _xml(name),
            "origin": f"{APP_NAME} {__version__}",
            "creatingUserGUID": user_guid,
            "creationDateTime": created,
        },
    )
    users = _el(root, ns, "Users")
    _el(users, ns, "User", guid=user_guid, name=user)
    names = sorted({a.coder for _s, _d, items in documents for a in items if a.coder} - {user})
    for coder in names:
        _el(users, ns, "User", guid=derived("user", coder), name=coder)
    variables = _el(root, ns, "Variables")
    described_rows = {
        id(doc): [(n, v) for n, v in described(doc) if n not in VARIABLES]
        for _s, doc, _items in documents
    }
    extra = {n: None for rows in described_rows.values() for n, _v in rows}
    for v in (*VARIABLES, *extra):
        _el(variables, ns, "Variable", guid=derived("variable", v), name=v, typeOfVariable="Text")
    cases = ET.Element(f"{{{ns}}}Cases")
    sources = _el(root, ns, "Sources")
    selections = codings = orphans = 0
    case_codes: list[tuple[str, str]] = []
    names: set[str] = set()
    for summary, doc, items in documents:
        source_id = source_guid(summary.source_path)
        place = _crlf_positions(doc.text) if crlf else (lambda offset: offset)
        source_name = safe_name(summary.title, names)
        src = _el(
            sources, ns, "TextSource", guid=source_id, name=source_name,
            plainTextPath=f"internal://{source_id}.txt", creatingUser=user_guid,
        )  # fmt: skip
        _text(src, ns, "Description", summary.source_path)
        by_comment: dict[str, list[str]] = {}
        for a in items:
            if a.orphan:
                orphans += 1
                continue
            quote = " ".join(a.exact.split())
            by = derived("user", a.coder) if a.coder else user_guid
            sel = _el(
                src, ns, "PlainTextSelection", guid=guid(a.id),
                name=quote if len(quote) <= 60 else quote[:59] + "…",
                startPosition=str(place(a.start)), endPosition=str(place(a.end)),
                creatingUser=by,
                creationDateTime=a.created, modifyingUser=by, modifiedDateTime=a.modified,
            )  # fmt: skip
            selections += 1
            if a.note:
                _text(sel, ns, "Description", a.note)
            for tag_id in a.tags:
                coding = _el(
                    sel, ns, "Coding", guid=derived("coding", a.id, tag_id),
                    creatingUser=by, creationDateTime=a.created,
                )  # fmt: skip
                _el(coding, ns, "CodeRef", targetGUID=guid(tag_id))
                codings += 1
            if a.comment_id:
                by_comment.setdefault(a.comment_id, []).append(guid(a.id))
        for comment_id, refs in by_comment.items():
            comment = doc.comment(comment_id)
            label = f"Comment {comment_id}"
            if comment is not None and comment.author:
                label += f" by {comment.author}"
            case_guid = derived("case", source_id, comment_id)
            case_name = f"{label} ({source_name})"  # unique: QualCoder needs that of codes
            case = _el(cases, ns, "Case", guid=case_guid, name=case_name)
            if comment is not None:
                # The comment's own text as the case's span: a selection of the whole
                # comment, coded with a code that has the case's guid. That is how NVivo
                # writes case text and how QualCoder reads it back (its importer turns the
                # codings of a code whose guid is a case's into that case's text, then
                # drops the code); the case also refers to the selection, as the schema has.
                span = _el(
                    src, ns, "PlainTextSelection", guid=derived("case-span", case_guid),
                    name=case_name[:60], startPosition=str(place(comment.start)),
                    endPosition=str(place(comment.end)), creatingUser=user_guid,
                    creationDateTime=created,
                )  # fmt: skip
                coding = _el(
                    span, ns, "Coding", guid=derived("case-coding", case_guid),
                    creatingUser=user_guid, creationDateTime=created,
                )  # fmt: skip
                _el(coding, ns, "CodeRef", targetGUID=case_guid)
                case_codes.append((case_guid, case_name))
                refs = [span.get("guid", ""), *refs]
            values = [("Comment id", comment_id)]
            if comment is not None:
                values += [
                    ("Parent comment id", comment.parent or ""),
                    ("Comment author", comment.author or ""),
                    ("Comment date", comment.date or ""),
                ]
            for name_, value in values:
                if value:
                    _variable_value(case, name_, value)
            _el(case, ns, "SourceRef", targetGUID=source_id)
            for ref in refs:
                _el(case, ns, "SelectionRef", targetGUID=ref)
        for name_, value in (
            ("Source path", summary.source_path),
            ("Site", summary.site),
            ("Date", summary.date),
            *described_rows[id(doc)],
        ):
            if value:
                _variable_value(src, name_, value)
    if tags or case_codes:
        book = ET.Element(f"{{{ns}}}CodeBook")
        _codes(book, ns, tags, case_codes)
        root.insert(1, book)  # after Users, as the schema orders them
    if len(cases):
        root.insert(list(root).index(sources), cases)
    if not len(sources):
        root.remove(sources)
    return _serialise(root, ns), QdpxWritten(len(documents), selections, codings, orphans)


def write_qdpx(
    path: Path,
    name: str,
    tags: Sequence[Tag],
    documents: Sequence[DocumentSummary],
    load: Callable[[int], Document],
    annotations: Callable[[int], Sequence[Annotation]],
    *,
    user: str,
    created: str,
    progress: Progress | None = None,
    crlf: bool = False,
) -> QdpxWritten:
    """Write the ``.qdpx`` zip (atomically). ``progress(done, total)`` counts documents;
    returning False raises :class:`Cancelled` and leaves ``path`` as it was.

    Sources have LF line ends and positions count code points of that text (ATLAS.ti
    counts a CRLF as one character anyway). ``crlf`` writes CRLF line ends and counts
    them as two, for MAXQDA."""
    result: list[QdpxWritten] = []

    def write(temporary: Path) -> None:
        loaded = []
        total = len(documents)
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for i, summary in enumerate(documents):
                if progress is not None and progress(i, total) is False:
                    raise Cancelled
                doc = load(summary.id)
                loaded.append((summary, doc, annotations(summary.id)))
                text = doc.text.replace("\n", "\r\n") if crlf else doc.text
                z.writestr(f"sources/{source_guid(summary.source_path)}.txt", text.encode("utf-8"))
            xml, written = project_qde(name, tags, loaded, user=user, created=created, crlf=crlf)
            z.writestr("project.qde", xml)
            result.append(written)
        if progress is not None:
            progress(total, total)

    write_atomically(path, write)
    return result[0]


def codebook_qdc(tags: Sequence[Tag]) -> bytes:
    """The ``.qdc`` XML: the codebook alone, in ``urn:QDA-XML:codebook:1.0``."""
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": f"{APP_NAME} {__version__}"})
    _codes(root, CODEBOOK_NS, tags)
    return _serialise(root, CODEBOOK_NS)


def write_qdc(path: Path, tags: Sequence[Tag]) -> None:
    data = codebook_qdc(tags)
    write_atomically(path, lambda temporary: temporary.write_bytes(data))


# ---- reading ---------------------------------------------------------------------------
