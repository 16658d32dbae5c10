"""One way in for every file Reader reads: ``read_document(path) -> Document``.

Saved web pages (``.html``, ``.htm``, and text files that are plainly HTML) go through
:mod:`reader.core.html`; everything else is a text scrape, decoded by
:mod:`reader.core.textio` and parsed by :mod:`reader.core.parse`. Folders, binaries and
files over :data:`~reader.core.textio.MAX_FILE_BYTES` are refused with
:class:`~reader.core.textio.UnreadableFile`, whose message says why.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.html import decode_html, parse_html
from reader.core.model import Document
from reader.core.parse import parse_text
from reader.core.textio import MAX_FILE_BYTES, UnreadableFile, decode_bytes

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

# A text file that opens like a web page is one, whatever its name says.
_LOOKS_LIKE_HTML = re.compile(r"\A\s*(<\?xml[^>]*>\s*)?<(!doctype\s+html|html[\s>])", re.I)


def is_html_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in HTML_SUFFIXES


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or :class:`UnreadableFile` with the reason it cannot be read."""
    path = Path(path)
    try:
        if path.is_dir():
            raise UnreadableFile("it is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(
                f"it is {size / 1_048_576:.0f} MB; Reader reads files up to "
                f"{MAX_FILE_BYTES // 1_048_576} MB"
            )
        return path.read_bytes()
    except FileNotFoundError as error:
        raise UnreadableFile("no such file") from error
    except PermissionError as error:
        raise UnreadableFile("permission denied") from error
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error


def document_from_bytes(data: bytes, name: str = "") -> Document:
    """The document for a file's bytes; ``name`` (a file name) picks HTML or text and
    gives a page without a title one."""
    stem = Path(name).stem if name else ""
    if is_html_path(name):
        return parse_html(decode_html(data).text, fallback_title=stem)
    text = decode_bytes(data).text
    if _LOOKS_LIKE_HTML.match(text[:1024]):
        return parse_html(text, fallback_title=stem)
    return parse_text(text)


def read_document(path: str | Path) -> Document:
    """Read any file Reader accepts into a :class:`Document`, or raise
    :class:`UnreadableFile` with a sentence saying why not."""
    path = Path(path)
    return document_from_bytes(read_bytes(path), path.name)
