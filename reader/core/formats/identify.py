"""What a file is, from its first bytes and its name: the one place that decides which
reader may read it.

Content wins over the name: a ``.txt`` that is an RTF file is an RTF file, a ``.html``
that a browser wrote as MHTML is MHTML. The name decides only between formats the
content cannot tell apart (comment data as CSV, a zip of one kind or another), and a
name that promises what the content is not is refused (a ``.docx`` that is not a zip).
:func:`identify` never raises; a :class:`Kind` whose ``reader`` is None is refused with
its ``description`` as the reason.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

# How many bytes of a file identify it (a zip's table of contents is read separately).
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Kind:
    """``reader``: the name of the reader for it (see ``reader.core.formats.READERS``),
    or None when Reader cannot read it; ``description`` says what it is ("an RTF file")
    and, when refused, why."""

    reader: str | None
    description: str


def suffix_of(name: str) -> str:
    """The lower-case suffix, with ``.warc.gz`` as one."""
    lower = name.lower()
    if lower.endswith((".warc.gz", ".arc.gz")):
        return lower[lower.rindex(".", 0, len(lower) - 3) :]
    return Path(lower).suffix


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", ""),  # BMP only with a plausible header; see _binary_kind
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", ""),  # bzip2 only with its block magic; see _binary_kind
    (b"\xfd7zXZ\x00", "an XZ-compressed file"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", ""),  # Windows programs: checked with the PE header below
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SQLITE = b"SQLite format 3\x00"


def _binary_kind(head: bytes) -> str | None:
    """A description of a well-known binary format, or None."""
    for magic, description in _MAGIC:
        if head.startswith(magic) and description:
            return description
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":
        return "a bzip2-compressed file"
    if head.startswith(b"MZ") and b"PE\x00\x00" in head[:1024]:
        return "a Windows program"
    if head.startswith(b"RIFF") and head[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
        return {b"WAVE": "a WAV audio file", b"AVI ": "an AVI video", b"WEBP": "a WebP image"}[
            head[8:12]
        ]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return "an MP4 audio file"
        if brand in (b"heic", b"heix", b"avif", b"mif1"):
            return "an image (HEIF/AVIF)"
        return "an MP4/QuickTime video"
    return None


_READS = (
    "Reader reads text scrapes, saved web pages (.html, .mhtml), web archives (.warc), "
    "comment data (.json, .jsonl, .csv), documents (.docx, .odt, .rtf, .epub, .pdf) "
    "and REFI-QDA projects (.qdpx) and codebooks (.qdc)"
)

# A REFI-QDA codebook's root element, with or without a namespace prefix.
_CODEBOOK_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?CodeBook[\s/>]")

_MIME_HEADER = re.compile(
    rb"^(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+", re.M
)


def _looks_like_mhtml(head: bytes) -> bool:
    """MIME headers at the top with a multipart body (what browsers write for a page
    saved as one file)."""
    start = head.lstrip(b"\xef\xbb\xbf\r\n ")[:4096]
    match = _MIME_HEADER.match(start)
    if match is None:
        return False
    headers = match.group(0).lower()
    return b"mime-version:" in headers and b"content-type: multipart/" in headers.replace(
        b"content-type:multipart/", b"content-type: multipart/"
    )


def _zip_kind(data: bytes | None, path: Path | None, suffix: str) -> Kind:
    """A zip is many formats: its members say which."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, OSError, ValueError):
        return Kind(None, "a damaged zip archive")
    with archive:
        names = archive.namelist()
        lower = {n.lower() for n in names}
        mimetype = ""
        if "mimetype" in names:
            try:
                mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
                mimetype = ""
    if mimetype == "application/epub+zip":
        return Kind("epub", "an EPUB e-book")
    if mimetype == "application/vnd.oasis.opendocument.text":
        return Kind("odt", "an OpenDocument text (.odt)")
    if mimetype.startswith("application/vnd.oasis.opendocument."):
        what = mimetype.rsplit(".", 1)[-1]
        return Kind(None, f"an OpenDocument {what} file: Reader reads OpenDocument text (.odt)")
    if "word/document.xml" in lower:
        return Kind("docx", "a Word document (.docx)")
    if "xl/workbook.xml" in lower:
        return Kind(None, "an Excel workbook: save the sheet as CSV to import comments from it")
    if "ppt/presentation.xml" in lower:
        return Kind(None, "a PowerPoint presentation")
    if any(n.endswith(".qde") for n in lower):
        return Kind("qdpx", "a REFI-QDA project (.qdpx)")
    if suffix == ".qdpx":
        return Kind(None, "a .qdpx file without a project (.qde) inside")
    return Kind(None, f"a zip archive: unpack it and import its files. {_READS}")


def _text_kind(head: bytes, suffix: str) -> Kind:
    """A file that is text: which kind of text."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    lower = text[:512].lower()
    if lower.startswith(b"{\\rtf"):
        return Kind("rtf", "an RTF file")
    if text.startswith(b"WARC/"):
        return Kind("warc", "a web archive (WARC)")
    if _looks_like_mhtml(head):
        return Kind("mhtml", "a web page saved as one file (MHTML)")
    if suffix in (".mhtml", ".mht"):
        return Kind(None, "a .mhtml file that is not MIME (no MIME-Version and multipart headers)")
    if suffix in (".warc", ".arc"):
        return Kind(None, "a .warc file that does not start with a WARC record")
    if suffix == ".rtf":
        return Kind(None, "a .rtf file that does not start with {\\rtf")
    if lower.startswith((b"<!doctype html", b"<html")) or (
        lower.startswith(b"<?xml") and b"<html" in lower
    ):
        return Kind("html", "a saved web page")
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return Kind("html", "a saved web page")
    if suffix in (".json", ".jsonl", ".ndjson"):
        return Kind("dataset", "comment data (JSON)")
    if suffix in (".csv", ".tsv"):
        return Kind("dataset", "comment data (CSV)")
    if text[:1] in (b"{", b"[") and _parses_as_json_start(text):
        return Kind("dataset", "comment data (JSON)")
    if suffix == ".qdc" or (text.startswith(b"<") and _starts_codebook(text)):
        return Kind("qdc", "a REFI-QDA codebook (.qdc)")
    if lower.startswith(b"<?xml") or (lower.startswith(b"<") and suffix == ".xml"):
        return Kind(None, f"an XML file that is not a web page. {_READS}")
    return Kind("text", "a text scrape")


def _starts_codebook(text: bytes) -> bool:
    """The first element after the XML declaration and comments is a ``CodeBook``."""
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", text[:4096], flags=re.S).lstrip()
    return _CODEBOOK_ROOT.match(head) is not None


def _parses_as_json_start(text: bytes) -> bool:
    """The start of ``text`` is a JSON object or array of objects (a plain scrape that
    happens to open with a bracket is not)."""
    import json

    first = text.split(b"\n", 1)[0].strip()
    try:
        value = json.loads(first)
        return isinstance(value, dict | list)
    except ValueError:
        pass
    # A pretty-printed document: an opening bracket then a quoted key or an object.
    return re.match(rb"[\[{]\s*(?:\"[^\"\n]{1,200}\"\s*:|\{|\[)", text) is not None


def identify(
    head: bytes, name: str, *, path: Path | None = None, data: bytes | None = None
) -> Kind:
    """What the file is. ``head``: its first bytes (at least :data:`HEAD_BYTES` when the
    file is that long); ``data`` (the whole file) or ``path`` lets a zip be looked into."""
    suffix = suffix_of(name)
    if head.startswith(b"%PDF-"):
        return Kind("pdf", "a PDF file")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data, path, suffix)
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = gzip.GzipFile(fileobj=io.BytesIO(head)).read(16)
        except (OSError, EOFError):
            inner = b""
        if inner.startswith(b"WARC/"):
            return Kind("warc", "a web archive (WARC, compressed)")
        if suffix in (".warc.gz", ".arc.gz"):
            return Kind(None, "a .warc.gz file that holds no WARC records")
        return Kind(None, "a gzip-compressed file: uncompress it first")
    if head.startswith(_OLE):
        if suffix in (".doc", ".dot"):
            return Kind(None, "a Word 97–2003 document (.doc): save it as .docx to import it")
        if suffix in (".xls",):
            return Kind(None, "an Excel 97–2003 workbook: save the sheet as CSV")
        return Kind(None, "an Office 97–2003 file: save it in a current format (.docx, .csv)")
    if head.startswith(_SQLITE):
        if suffix == ".reader":
            return Kind(None, "a Reader project: open it with File › Open Project")
        return Kind(None, "an SQLite database")
    binary = _binary_kind(head)
    if binary is not None:
        return Kind(None, f"{binary}. {_READS}")
    if suffix in (".docx", ".odt", ".epub", ".qdpx", ".xlsx"):
        return Kind(None, f"a {suffix} file that is not one (it is not a zip archive)")
    if suffix == ".pdf":
        return Kind(None, "a .pdf file that does not start with %PDF")
    return _text_kind(head, suffix)
