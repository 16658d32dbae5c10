"""Every file format Reader reads, behind one call: :func:`read_source`.

:func:`~reader.core.formats.identify.identify` decides from the file's first bytes and its
name which reader may read it; a file no reader understands is refused with
:class:`UnreadableFile` saying what it is ("an RTF file: …"), never read as text. A
reader yields :class:`Item` (a document, with its key inside the file) and
:class:`LeftOut` (a part of the file that could not be read, with why), so that one bad
article in a batch export leaves the rest to come in.

Readers and what they read (each in its own module, imported when first needed, so that
starting the app does not load lxml, pypdf or warcio):

* ``text``: plain-text scrapes; ``html``: saved web pages (``reader.core.source``);
* ``mhtml``: pages saved as one MIME file; ``warc``: web archives (``web_archives``);
* ``dataset``: comment records in JSON, JSON Lines or CSV (``datasets``);
* ``docx``, ``odt``, ``rtf``, ``epub``, ``pdf``: documents (``office``), with news-database
  batch exports split into articles (``newsdb``);
* ``qdpx``: a REFI-QDA project's text sources (``qdpx``; the store imports its codes and
  codings too); ``qdc``: a REFI-QDA codebook, which holds no documents (``qdc``; the
  store imports its codes into the codebook).

Nothing here fetches anything: a page's resources come only from inside the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from reader.core.formats.identify import HEAD_BYTES, Kind, identify, suffix_of
from reader.core.model import Document
from reader.core.textio import MAX_FILE_BYTES, UnreadableFile, read_bytes

__all__ = [
    "IMPORTABLE_SUFFIXES",
    "Item",
    "Kind",
    "LeftOut",
    "ReadOptions",
    "UnreadableFile",
    "identify_file",
    "read_file",
    "read_source",
]


@dataclass(frozen=True, slots=True)
class Item:
    """One document read from a file. ``key`` tells it from the file's other documents
    ("" when the file is one document): an article id, a page's URL and capture time.
    ``kept``: the structure came from the file's form (markup, records), not only its
    text, so it is kept as read; otherwise it is parsed again from the text when the
    parser changes. ``label`` names it for the user."""

    key: str
    document: Document
    kept: bool
    label: str = ""
    # Bytes that could not be decoded, as a sentence (see ``DecodedText.problem``).
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A part of the file that did not become a document, and why (a sentence)."""

    label: str
    reason: str


# progress(done, label): how far a long file has been read (``done`` counts what the
# reader counts: records, pages, articles); returning False stops reading.
ReadProgress = Callable[[int, str], bool]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read: ``mapping`` names the fields of comment data (see
    ``datasets.FieldMapping``); ``progress`` hears about long files; ``encoding``: the
    user's pick instead of a guess, for what is read as text (a scrape or page, a news
    export, an archived or MHTML page, CSV or JSON Lines comment data)."""

    mapping: object | None = None
    progress: ReadProgress | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class _Reader:
    module: Callable[[], ModuleType]  # imports the reader's module when first needed
    function: str
    max_bytes: int  # files larger than this are refused (with the figure) before reading
    streamed: bool  # reads the file itself, in pieces (else it is handed the bytes)


# Imported on first use (lxml, pypdf, warcio… would slow every start of the app), by
# plain import statements so that PyInstaller sees them.
def _plain() -> ModuleType:
    from reader.core.formats import plain

    return plain


def _web_archives() -> ModuleType:
    from reader.core.formats import web_archives

    return web_archives


def _datasets() -> ModuleType:
    from reader.core.formats import datasets

    return datasets


def _office() -> ModuleType:
    from reader.core.formats import office

    return office


def _qdpx() -> ModuleType:
    from reader.core.formats import qdpx

    return qdpx


def _qdc() -> ModuleType:
    from reader.core.formats import qdc

    return qdc


_MB = 1024 * 1024
READERS: dict[str, _Reader] = {
    "text": _Reader(_plain, "read_text", MAX_FILE_BYTES, False),
    "html": _Reader(_plain, "read_html", MAX_FILE_BYTES, False),
    "mhtml": _Reader(_web_archives, "read_mhtml", 256 * _MB, False),
    "warc": _Reader(_web_archives, "read_warc", 8 * 1024 * _MB, True),
    "dataset": _Reader(_datasets, "read_dataset", 16 * 1024 * _MB, True),
    "docx": _Reader(_office, "read_docx", 256 * _MB, False),
    "odt": _Reader(_office, "read_odt", 256 * _MB, False),
    "rtf": _Reader(_office, "read_rtf", 128 * _MB, False),
    "epub": _Reader(_office, "read_epub", 256 * _MB, False),
    "pdf": _Reader(_office, "read_pdf", 256 * _MB, False),
    "qdpx": _Reader(_qdpx, "read_qdpx_sources", 2 * 1024 * _MB, True),
    "qdc": _Reader(_qdc, "read_qdc_sources", 64 * _MB, False),
}

# Files a folder import picks up (a file named directly is identified whatever its name).
IMPORTABLE_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht",
     ".warc", ".warc.gz", ".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".docx", ".odt",
     ".rtf", ".epub", ".pdf", ".qdpx"}
)  # fmt: skip


def _head(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise UnreadableFile("it is a folder, not a file")
        with path.open("rb") as f:
            return f.read(HEAD_BYTES)
    except FileNotFoundError as error:
        raise UnreadableFile("no such file") from error
    except PermissionError as error:
        raise UnreadableFile("permission denied") from error
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error


def identify_file(path: str | Path) -> Kind:
    """What the file at ``path`` is (see :func:`identify`); UnreadableFile when it cannot
    be opened."""
    path = Path(path)
    return identify(_head(path), path.name, path=path)


def _size_check(path: Path, reader: _Reader, kind: Kind) -> None:
    size = path.stat().st_size
    if size > reader.max_bytes:
        raise UnreadableFile(
            f"{kind.description} of {size / _MB:,.0f} MB; Reader reads such files up to "
            f"{reader.max_bytes // _MB:,} MB"
        )


def check_size(path: str | Path) -> Kind:
    """What the file is (see :func:`identify_file`); UnreadableFile when no reader reads
    it or when it is larger than its reader takes (as :func:`read_source` refuses it), for
    a caller that reads it in its own way."""
    path = Path(path)
    kind = identify_file(path)
    if kind.reader is None:
        raise UnreadableFile(kind.description)
    _size_check(path, READERS[kind.reader], kind)
    return kind


def read_source(path: str | Path, options: ReadOptions | None = None) -> Iterator[Item | LeftOut]:
    """The documents in the file at ``path``, read by the reader its content calls for.

    Raises :class:`UnreadableFile` (a sentence naming what the file is and why it cannot
    be read) before yielding anything when the file as a whole is refused."""
    path = Path(path)
    options = options or ReadOptions()
    kind = identify_file(path)
    if kind.reader is None:
        raise UnreadableFile(kind.description)
    reader = READERS[kind.reader]
    _size_check(path, reader, kind)
    function = getattr(reader.module(), reader.function)
    if reader.streamed:
        return function(path, options)
    data = read_bytes(path) if reader.max_bytes <= MAX_FILE_BYTES else path.read_bytes()
    return function(data, path, options)


def read_file(path: str | Path, options: ReadOptions | None = None) -> list[Item | LeftOut]:
    """:func:`read_source`, all at once; UnreadableFile when nothing could be read."""
    found = list(read_source(path, options))
    items = [f for f in found if isinstance(f, Item)]
    if not items:
        reasons = "; ".join(f"{f.label}: {f.reason}" for f in found if isinstance(f, LeftOut))
        raise UnreadableFile(reasons or "it holds no document")
    return found


def reader_of(path: str | Path) -> str | None:
    """The reader's name for ``path`` (None: refused)."""
    return identify_file(path).reader


def is_importable_name(path: Path) -> bool:
    return suffix_of(path.name) in IMPORTABLE_SUFFIXES
