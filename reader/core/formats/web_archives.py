"""Web archives (WARC, ``.warc``/``.warc.gz``) and pages saved as one file (MHTML).

A WARC file is read with ``warcio``: every archived HTML page with HTTP status 200
becomes a document read like a saved page (:func:`reader.core.html.parse_html`); its URL
and capture time are kept (``site`` is the URL's host, ``date`` the capture time, and
both whole in the metadata). A frame the page embeds (a Disqus thread) is read from the
archive when the archive captured it (and such a frame is then not a document of its
own); nothing is ever fetched. The archive is read record by record, twice: to index
its HTML captures and the frames they show, then to read each page, so memory holds one
page at a time. The second pass gives each page as a :class:`Capture` (its bytes and the
bytes of the captured frames it shows), which :func:`read_capture` reads as a plain
function of plain values: a store may hand captures to other processes
(``reader.store.items_import`` does).

An MHTML file (what a browser writes for "save as single file") is a MIME message read
with the ``email`` package: its first HTML part is the page, and HTML parts for its
frames are found by ``Content-Location`` or ``Content-ID``.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from reader.core.formats import Item, LeftOut, ReadOptions
from reader.core.html import decode_html, parse_html
from reader.core.model import Document
from reader.core.textio import UnreadableFile

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PROGRESS_EVERY = 25


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip("\"'")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def page_text(data: bytes, content_type: str | None, encoding: str | None = None) -> str:
    """A page's text: in ``encoding`` when given (the user's pick), else in the charset
    its HTTP header names, else as the page declares."""
    charset = encoding or _charset(content_type)
    if charset is not None:
        from reader.core.textio import normalise

        return normalise(data.decode(charset, errors="replace"))
    return decode_html(data).text


def _with_origin(doc: Document, url: str, captured: str | None) -> Document:
    from dataclasses import replace

    metadata = [("URL", url)]
    if captured:
        metadata.append(("Captured", captured))
    if doc.date and doc.date != captured:
        metadata.append(("Published", doc.date))
    host = urlsplit(url).hostname
    return replace(
        doc,
        site=host or doc.site,
        date=captured or doc.date,
        metadata=doc.metadata + tuple(metadata),
    )


# ---- WARC -------------------------------------------------------------------------------


def _warcio():
    from warcio.archiveiterator import ArchiveIterator

    return ArchiveIterator


def _html_capture(record) -> tuple[str, str, int, str] | None:
    """(URL, capture time, HTTP status, content type) of an HTML response record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    try:
        status = int(record.http_headers.get_statuscode() or 0)
    except ValueError:
        status = 0
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    return url, record.rec_headers.get_header("WARC-Date") or "", status, content_type


def _index(path: Path) -> tuple[dict[str, tuple[int, str, int, str]], dict[str, list[str]]]:
    """URL (without fragment) → (record offset, capture time, status, content type) of
    every HTML capture (the last 200 capture of a URL wins), and for each page captured
    with status 200 the URLs (without fragment) of the frames it shows."""
    index: dict[str, tuple[int, str, int, str]] = {}
    shows: dict[str, list[str]] = {}
    with path.open("rb") as f:
        iterator = _warcio()(f, arc2warc=True)
        for record in iterator:
            found = _html_capture(record)
            if found is not None:
                url, captured, status, content_type = found
                key = urldefrag(url)[0]
                if status == 200:
                    targets = shows.setdefault(key, [])
                    for src in _frame_sources(record.content_stream().read()):
                        target = urldefrag(urljoin(key, src))[0]
                        if target not in targets:
                            targets.append(target)
                # (warcio knows a record's offset once the record has been read through)
                offset = iterator.get_record_offset()
                if status == 200 or key not in index:
                    index[key] = (offset, captured, status, content_type)
    return index, shows


# A frame's address as the page's markup gives it: quoted or bare, entities as written.
_IFRAME = re.compile(
    rb"<i?frame\b[^>]*?\bsrc\s*=\s*(?:\"([^\">]*)\"|'([^'>]*)'|([^\s\"'>]+))", re.I
)


def _frame_sources(data: bytes) -> list[str]:
    """The ``src`` of every frame in a page, as the page's parser reads the attribute
    (entities decoded, white space around it dropped)."""
    found = []
    for m in _IFRAME.finditer(data):
        raw = (m.group(1) or m.group(2) or m.group(3) or b"").decode("latin-1")
        for src in {raw.strip(), html.unescape(raw).strip()}:
            if src:
                found.append(src)
    return found


def _read_at(path: Path, offset: int) -> bytes | None:
    with path.open("rb") as f:
        f.seek(offset)
        for record in _warcio()(f, arc2warc=True):
            return record.content_stream().read()
    return None


@dataclass(frozen=True, slots=True)
class Capture:
    """One archived page as the archive holds it, with the captured frames it shows:
    everything :func:`read_capture` needs, so that a page can be read in another
    process (plain values, no file)."""

    url: str
    captured: str
    content_type: str
    data: bytes
    # (URL without fragment, content type, bytes) of each frame the archive captured.
    frames: tuple[tuple[str, str, bytes], ...] = ()

    @property
    def key(self) -> str:
        """The page's key among the archive's documents: its URL and capture time."""
        return f"{self.url} {self.captured}".strip()


def captures(path: Path, options: ReadOptions) -> tuple[int, Iterator[Capture | LeftOut]]:
    """How many pages the archive holds (HTML, status 200, not a frame another page
    shows), and each of them with its frames, in the archive's order; progress every
    few pages (False: stop). The archive is indexed before this returns (UnreadableFile
    when it cannot be read)."""
    try:
        index, shows = _index(path)
    except Exception as error:  # warcio raises its own errors for a damaged archive
        raise UnreadableFile(f"a web archive Reader cannot read ({error})") from error
    framed = {
        target
        for page, targets in shows.items()
        for target in targets
        if target != page and index.get(target, _NONE)[2] == 200
    }
    pages = [(url, e) for url, e in index.items() if e[2] == 200 and url not in framed]
    return len(pages), _pages(path, options, index, shows, pages)


def _pages(path, options, index, shows, pages) -> Iterator[Capture | LeftOut]:
    if not pages:
        yield LeftOut(path.name, "the archive holds no HTML page captured with status 200")
        return

    @functools.lru_cache(maxsize=64)  # a frame many pages show is read once
    def frame(target: str) -> bytes | None:
        return _read_at(path, index[target][0])

    for done, (url, (offset, captured, _status, content_type)) in enumerate(pages):
        progress = options.progress
        if progress and done % _PROGRESS_EVERY == 0 and not progress(done, f"{done:,} pages"):
            return
        data = _read_at(path, offset)
        if data is None:
            yield LeftOut(url, "the record could not be read again")
            continue
        frames = []
        for target in shows.get(url, ()):
            entry = index.get(target, _NONE)
            content = frame(target) if entry[2] == 200 else None
            if content is not None:
                frames.append((target, entry[3], content))
        yield Capture(url, captured, content_type, data, tuple(frames))


_NONE = (0, "", 0, "")


def read_capture(capture: Capture, encoding: str | None = None) -> Item | LeftOut:
    """An archived page's document (``encoding``: the user's pick instead of the HTTP
    header's charset or the page's own); a page that cannot be read is left out with why."""
    url = capture.url
    by_target = {target: (kind, data) for target, kind, data in capture.frames}

    def frame(src: str) -> str | None:
        found = by_target.get(urldefrag(urljoin(url, src))[0])
        return None if found is None else page_text(found[1], found[0], encoding)

    try:
        fallback = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or url
        doc = parse_html(page_text(capture.data, capture.content_type, encoding), fallback, frame)
    except UnreadableFile as error:
        return LeftOut(url, str(error))
    except Exception as error:  # one bad page must not stop the archive
        return LeftOut(url, f"Reader could not read the page ({error})")
    return Item(
        capture.key, _with_origin(doc, url, capture.captured), kept=True, label=doc.title or url
    )


def read_warc(path: Path, options: ReadOptions) -> Iterator[Item | LeftOut]:
    """Every page of the archive in turn (see :func:`captures`, :func:`read_capture`);
    a store may read the captures in several processes instead."""
    for found in captures(path, options)[1]:
        yield found if isinstance(found, LeftOut) else read_capture(found, options.encoding)


# ---- MHTML ------------------------------------------------------------------------------


def _html_parts(message: EmailMessage) -> list[EmailMessage]:
    return [
        part
        for part in message.walk()
        if not part.is_multipart() and part.get_content_type() in _HTML_TYPES
    ]


def _part_text(part: EmailMessage, encoding: str | None = None) -> str:
    data = part.get_payload(decode=True) or b""
    return page_text(data, part.get("Content-Type"), encoding)


def read_mhtml(data: bytes, path: Path, options: ReadOptions) -> Iterator[Item]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise UnreadableFile("an MHTML file without parts")
    parts = _html_parts(message)
    if not parts:
        raise UnreadableFile("an MHTML file that holds no HTML page")
    root_url = message.get("Snapshot-Content-Location") or ""
    root = next((p for p in parts if root_url and p.get("Content-Location") == root_url), parts[0])
    base = root.get("Content-Location") or root_url
    by_location: dict[str, EmailMessage] = {}
    for part in parts:
        if part.get("Content-Location"):
            by_location[urldefrag(urljoin(base, part["Content-Location"]))[0]] = part
        if part.get("Content-ID"):
            by_location["cid:" + part["Content-ID"].strip("<>")] = part

    def frame(src: str) -> str | None:
        key = src if src.startswith("cid:") else urldefrag(urljoin(base, src))[0]
        part = by_location.get(key)
        return None if part is None or part is root else _part_text(part, options.encoding)

    doc = parse_html(_part_text(root, options.encoding), path.stem, frame)
    if base:
        doc = _with_origin(doc, base, None)
    yield Item("", doc, kept=True)
