"""Reading REFI-QDA files back: a project (``.qdpx``) or a codebook (``.qdc``), liberally
(any ``*.qde``, ``Sources/`` or ``sources/``, ``PlainTextContent`` or a path, colours
with or without ``#`` and in three or six digits, any namespace or none), for tests and
imports. What the files hold is described in ``reader.store.export.refi``, the writer."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET


@dataclass(frozen=True, slots=True)
class Code:
    guid: str
    name: str
    colour: str | None  # "#rrggbb", or None
    description: str
    parent: str | None
    codable: bool


@dataclass(frozen=True, slots=True)
class Selection:
    guid: str
    source: str
    start: int
    end: int
    codes: tuple[str, ...]
    description: str
    created: str | None
    modified: str | None
    creating_user: str | None = None  # the user's name (its guid if no User names it)


@dataclass(frozen=True, slots=True)
class Source:
    guid: str
    name: str
    text: str
    description: str
    variables: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Case:
    guid: str
    name: str
    variables: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]
    selections: tuple[str, ...]
    spans: tuple[tuple[str, int, int], ...] = ()  # (source guid, start, end): the case's text


@dataclass(frozen=True, slots=True)
class QdaProject:
    name: str
    origin: str
    codes: tuple[Code, ...]
    sources: tuple[Source, ...]
    selections: tuple[Selection, ...]
    cases: tuple[Case, ...] = field(default=())


class NotRefi(ValueError):
    """A file that is not a REFI-QDA project or codebook Reader can read."""


def _local(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c) == name]


def _child_text(el: ET.Element, name: str) -> str:
    found = _children(el, name)
    return (found[0].text or "") if found else ""


def read_colour(value: str | None) -> str | None:
    """``#rrggbb`` from '#RRGGBB', 'RRGGBB', '#RGB'; None for anything else."""
    if not value:
        return None
    v = value.strip().lstrip("#")
    if re.fullmatch(r"[0-9a-fA-F]{3}", v):
        v = "".join(c * 2 for c in v)
    return f"#{v.lower()}" if re.fullmatch(r"[0-9a-fA-F]{6}", v) else None


def _read_codes(container: ET.Element | None) -> tuple[Code, ...]:
    codes: list[Code] = []

    def walk(el: ET.Element, parent: str | None) -> None:
        for c in _children(el, "Code"):
            g = c.get("guid", "")
            codes.append(
                Code(
                    g, c.get("name", ""), read_colour(c.get("color")),
                    _child_text(c, "Description"), parent,
                    c.get("isCodable", "true").lower() in ("true", "1"),
                )
            )  # fmt: skip
            walk(c, g)

    if container is not None:
        for codes_el in _children(container, "Codes"):
            walk(codes_el, None)
    return tuple(codes)


def _variables(el: ET.Element, names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    found = []
    for vv in _children(el, "VariableValue"):
        ref = _children(vv, "VariableRef")
        key = names.get(ref[0].get("targetGUID", ""), "") if ref else ""
        value = next((c.text or "" for c in vv if _local(c) != "VariableRef"), "")
        found.append((key, value))
    return tuple(found)


def _source_text(z: zipfile.ZipFile, el: ET.Element) -> str:
    content = _children(el, "PlainTextContent")
    if content:
        return content[0].text or ""
    path = el.get("plainTextPath") or ""
    name = path.removeprefix("internal://").lstrip("/")
    members = {m.lower(): m for m in z.namelist()}
    for candidate in (f"sources/{name}", name, PurePosixPath(name).name):
        member = members.get(candidate.lower())
        if member is not None:
            return z.read(member).decode("utf-8-sig")
    raise NotRefi(f"the text of source {el.get('name')!r} is not in the file ({path})")


def read_qdpx(path: Path) -> QdaProject:
    """Read a ``.qdpx`` file (see the module's notes on what is accepted)."""
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise NotRefi(f"{Path(path).name} is not a REFI-QDA project ({error})") from error
    with z:
        qde = [n for n in z.namelist() if n.lower().endswith(".qde") and "/" not in n.strip("/")]
        qde = qde or [n for n in z.namelist() if n.lower().endswith(".qde")]
        if not qde:
            raise NotRefi(f"{Path(path).name} holds no .qde project file")
        try:
            root = ET.fromstring(z.read(qde[0]))
        except ET.ParseError as error:
            raise NotRefi(f"{qde[0]} is not well-formed XML ({error})") from error
        users = {
            u.get("guid", ""): u.get("name") or u.get("guid", "")
            for group in _children(root, "Users")
            for u in _children(group, "User")
        }
        names = {}
        for variables in _children(root, "Variables"):
            for v in _children(variables, "Variable"):
                names[v.get("guid", "")] = v.get("name", "")
        book = _children(root, "CodeBook")
        codes = _read_codes(book[0] if book else None)
        sources: list[Source] = []
        selections: list[Selection] = []
        for group in _children(root, "Sources"):
            for el in _children(group, "TextSource"):
                g = el.get("guid", "")
                sources.append(
                    Source(
                        g, el.get("name", ""), _source_text(z, el),
                        _child_text(el, "Description"), _variables(el, names),
                    )
                )  # fmt: skip
                for sel in _children(el, "PlainTextSelection"):
                    refs = tuple(
                        r.get("targetGUID", "")
                        for c in _children(sel, "Coding")
                        for r in _children(c, "CodeRef")
                    )
                    selections.append(
                        Selection(
                            sel.get("guid", ""), g, int(sel.get("startPosition", "0")),
                            int(sel.get("endPosition", "0")), refs,
                            _child_text(sel, "Description"), sel.get("creationDateTime"),
                            sel.get("modifiedDateTime"),
                            users.get(sel.get("creatingUser", ""), sel.get("creatingUser")),
                        )
                    )  # fmt: skip
        cases = tuple(
            Case(
                c.get("guid", ""), c.get("name", ""), _variables(c, names),
                tuple(r.get("targetGUID", "") for r in _children(c, "SourceRef")),
                tuple(r.get("targetGUID", "") for r in _children(c, "SelectionRef")),
            )
            for group in _children(root, "Cases")
            for c in _children(group, "Case")
        )  # fmt: skip
    # Codes that share a case's guid carry that case's text (NVivo's way, and Reader's):
    # they are not codes of the codebook, and a selection coded only with them is not a
    # passage anyone coded.
    case_guids = {c.guid for c in cases}
    if case_guids:
        codes = tuple(c for c in codes if c.guid not in case_guids)
        kept = []
        spans: dict[str, list[tuple[str, int, int]]] = {}
        for sel in selections:
            refs = tuple(r for r in sel.codes if r not in case_guids)
            for r in sel.codes:
                if r in case_guids:
                    spans.setdefault(r, []).append((sel.source, sel.start, sel.end))
            if refs != sel.codes and not refs and not sel.description:
                continue
            kept.append(replace(sel, codes=refs))
        selections = kept
        cases = tuple(replace(c, spans=tuple(spans.get(c.guid, ()))) for c in cases)
    return QdaProject(
        root.get("name", ""), root.get("origin", ""), codes, tuple(sources), tuple(selections),
        cases,
    )  # fmt: skip


def read_qdc(data: bytes) -> tuple[Code, ...]:
    """The codes of a ``.qdc`` codebook (or of a project's ``CodeBook``)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise NotRefi(f"not well-formed XML ({error})") from error
    if _local(root) == "Project":
        book = _children(root, "CodeBook")
        root = book[0] if book else root
    return _read_codes(root)


def codes_of(codes: Iterable[Code]) -> dict[str, Code]:
    return {c.guid: c for c in codes}
