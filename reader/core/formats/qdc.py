"""Reading a REFI-QDA codebook (``.qdc``, ``urn:QDA-XML:codebook:1.0``) as other tools
write it: NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette, Reader.

:func:`read_codebook` gives the codes (name, hierarchy, colour as ``#rrggbb``,
description), each parent before its children, or refuses the file with
:class:`~reader.core.textio.UnreadableFile` saying why (not XML, not a codebook, no
codes) before anything is changed. Liberal as ``qdpx`` is: any namespace or none, a BOM
before ``<?xml`` (QualCoder writes one), colours ``#RRGGBB``, ``#AARRGGBB``, ``RRGGBB``,
``#RGB`` or ``R,G,B``, an empty ``<Sets/>`` (Taguette writes one; the schema wants a
``Set`` in it). A project's ``.qde`` (a ``Project`` root) gives its ``CodeBook``.

:func:`read_qdc_sources` is what ``reader parse`` and a folder see: a codebook holds no
documents, so it is listed with what it holds and how to bring it in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from reader.core.formats import LeftOut, ReadOptions
from reader.core.formats.qdpx import QdaCode, book_codes
from reader.core.textio import UnreadableFile


@dataclass(frozen=True, slots=True)
class QdaCodebook:
    origin: str  # the tool that wrote it ("Taguette 1.5.2", "QualCoder"), or ""
    codes: tuple[QdaCode, ...]


def _local(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def read_codebook(data: bytes) -> QdaCodebook:
    """The codebook in ``data`` (see the module's notes); UnreadableFile with the reason
    when it is not one."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise UnreadableFile(f"a .qdc file that is not well-formed XML ({error})") from error
    book = root
    if _local(root) == "Project":
        books = [c for c in root if _local(c) == "CodeBook"]
        if not books:
            raise UnreadableFile("a REFI-QDA project without a codebook")
        book = books[0]
    elif _local(root) != "CodeBook":
        raise UnreadableFile(
            f"an XML file whose root is <{_local(root)}>, not a REFI-QDA codebook (<CodeBook>)"
        )
    codes = book_codes(book)
    if not codes:
        raise UnreadableFile("a REFI-QDA codebook without codes")
    return QdaCodebook(root.get("origin") or book.get("origin") or "", codes)


def read_qdc_sources(data: bytes, path: Path, options: ReadOptions) -> Iterator[LeftOut]:
    """A codebook holds no documents: one line saying what it holds and how to bring its
    codes in (UnreadableFile when it is not a codebook)."""
    book = read_codebook(data)
    n = len(book.codes)
    yield LeftOut(
        path.name,
        f"a REFI-QDA codebook of {n} code{'' if n == 1 else 's'} and no documents: "
        "`reader import PROJECT FILE.qdc` (or File › Import › REFI-QDA Codebook…) adds its "
        "codes to a project's codebook",
    )
