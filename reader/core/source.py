"""Text scrapes and saved web pages: ``read_document(path) -> Document``.

Saved web pages (``.html``, ``.htm``, and text files that are plainly HTML) go through
:mod:`reader.core.html`; everything else is a text scrape, decoded by
:mod:`reader.core.textio` and parsed by :mod:`reader.core.parse`. Folders, binaries and
files over :data:`~reader.core.textio.MAX_FILE_BYTES` are refused with
:class:`~reader.core.textio.UnreadableFile`, whose message says why. Which reader reads a
file of any other format (and whether a file is text at all) is decided in
:mod:`reader.core.formats`, which calls this module for these two.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from reader.core.model import Document
from reader.core.parse import parse_text
from reader.core.textio import UnreadableFile, decode_bytes, read_bytes

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


def html_document(
    data: bytes,
    fallback_title: str = "",
    folder: Path | None = None,
    frames: Callable[[str], str | None] | None = None,
) -> Document:
    """A saved page's document. ``folder`` (where the page was saved) or ``frames`` (a
    frame's ``src`` to its saved text, or None) lets a thread drawn in a frame be read."""
    if frames is None and folder is not None:
        frames = _saved_frames(folder)
    return _html().parse_html(
        _html().decode_html(data).text, fallback_title=fallback_title, frames=frames
    )


def document_from_bytes(
    data: bytes, name: str = "", folder: Path | None = None, *, html: bool | None = None
) -> Document:
    """The document for a file's bytes; ``name`` (a file name) picks HTML or text and
    gives a page without a title one. ``folder``, the folder the file is in, lets a saved
    page's comment thread be read from a frame saved beside it (``page_files/…``).
    ``html=False``: the file is known to be text (a text file that opens like a page is
    still read as one)."""
    stem = Path(name).stem if name else ""
    frames = _saved_frames(folder) if folder is not None else None
    if html or (html is None and is_html_path(name)):
        return _html().parse_html(
            _html().decode_html(data).text, fallback_title=stem, frames=frames
        )
    text = decode_bytes(data).text
    if _LOOKS_LIKE_HTML.match(text[:1024]):
        # A page saved under another name: its own charset declaration counts.
        return _html().parse_html(
            _html().decode_html(data).text, fallback_title=stem, frames=frames
        )
    return parse_text(text)


def read_document(path: str | Path) -> Document:
    """Read any file Reader accepts into a :class:`Document`, or raise
    :class:`UnreadableFile` with a sentence saying why not."""
    path = Path(path)
    return document_from_bytes(read_bytes(path), path.name, path.parent)


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
