"""One way in for every file Reader reads: ``read_document(path) -> Document``.

Saved web pages (``.html``, ``.htm``, and text files that are plainly HTML) go through
:mod:`reader.core.html`; everything else is a text scrape, decoded by
:mod:`reader.core.textio` and parsed by :mod:`reader.core.parse`. Folders, binaries and
files over :data:`~reader.core.textio.MAX_FILE_BYTES` are refused with
:class:`~reader.core.textio.UnreadableFile`, whose message says why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from reader.core.model import Document
from reader.core.textio import DecodedText, UnreadableFile, decode_bytes, read_bytes

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

# A text file that opens like a web page is one, whatever its name says.
_LOOKS_LIKE_HTML = re.compile(r"\A\s*(<\?xml[^>]*>\s*)?<(!doctype\s+html|html[\s>])", re.I)


def is_html_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in HTML_SUFFIXES


def _html():
    """The saved-page reader, imported when a page is first read: it brings trafilatura
    and lxml, which would otherwise add a third to every start of the app."""
    from reader.core import html

    return html


@dataclass(frozen=True, slots=True)
class Source:
    """A file read into a document, with how its bytes were decoded (the encoding, and
    any bytes that could not be read: ``decoded.problem()``)."""

    document: Document
    decoded: DecodedText


def source_from_bytes(
    data: bytes, name: str = "", folder: Path | None = None, encoding: str | None = None
) -> Source:
    """The document for a file's bytes; ``name`` (a file name) picks HTML or text and
    gives a page without a title one. ``folder``, the folder the file is in, lets a saved
    page's comment thread be read from a frame saved beside it (``page_files/…``).
    ``encoding``: the user's pick instead of a guess. A file with no text is refused."""
    stem = Path(name).stem if name else ""
    frames = _saved_frames(folder) if folder is not None else None
    if is_html_path(name):
        decoded = _html().decode_html(data, encoding)
        doc = _html().parse_html(decoded.text, fallback_title=stem, frames=frames)
    else:
        decoded = decode_bytes(data, encoding)
        if _LOOKS_LIKE_HTML.match(decoded.text[:1024]):
            # A page saved under another name: its own charset declaration counts.
            decoded = _html().decode_html(data, encoding)
            doc = _html().parse_html(decoded.text, fallback_title=stem, frames=frames)
        else:
            from reader.core.parse import parse_text  # not with the window: on first import

            doc = parse_text(decoded.text)
    if not doc.text.strip():
        raise UnreadableFile("it is empty")
    return Source(doc, decoded)


def document_from_bytes(data: bytes, name: str = "", folder: Path | None = None) -> Document:
    """The document of :func:`source_from_bytes`."""
    return source_from_bytes(data, name, folder).document


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """Read any file Reader accepts into a :class:`Document`, or raise
    :class:`UnreadableFile` with a sentence saying why not."""
    return read_source(path, encoding).document


def read_source(path: str | Path, encoding: str | None = None) -> Source:
    """:func:`read_document`, with how the file was decoded."""
    path = Path(path)
    return source_from_bytes(read_bytes(path), path.name, path.parent, encoding)


# ---- saved pages' folders -------------------------------------------------------------

_URL_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|//)", re.IGNORECASE)


def _saved_frames(folder: Path) -> Callable[[str], str | None]:
    """A frame reader for a page saved in ``folder``: relative links to HTML files inside
    that folder only. URLs (``https:``, ``//host``, ``data:``) are never fetched."""
    base = folder.resolve()

    def read_frame(src: str) -> str | None:
        if _URL_SCHEME.match(src):
            return None
        relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
        if not relative:
            return None
        target = (folder / relative).resolve()
        if not target.is_relative_to(base) or not is_html_path(target):
            return None
        try:
            return _html().decode_html(read_bytes(target)).text
        except UnreadableFile:
            return None

    return read_frame


# How browsers name the folder of a page saved "complete", by language.
ASSET_FOLDER_SUFFIXES = (
    "_files", "-Dateien", "_fichiers", "_archivos", "_arquivos", "_file", "_bestanden",
    "-filer", "_pliki", "_soubory", "_tiedostot", "_fitxers", "-fájlok",
)  # fmt: skip


def is_saved_page_asset(path: str | Path) -> bool:
    """True for a file inside the folder a browser saved beside a page (``page.html`` and
    ``page_files/``): its scripts, styles, images and frames belong to the page and are
    not documents of their own."""
    path = Path(path)
    for folder in path.parents:
        for suffix in ASSET_FOLDER_SUFFIXES:
            if folder.name.endswith(suffix) and len(folder.name) > len(suffix):
                stem = folder.name[: -len(suffix)]
                if any((folder.parent / f"{stem}{ext}").is_file() for ext in HTML_SUFFIXES):
                    return True
    return False
