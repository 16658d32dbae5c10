"""W3C Web Annotation (JSON-LD) import: annotations from a file onto the documents here.

:func:`import_page` reads what ``w3c.py`` writes back, and is liberal about files made
elsewhere (Hypothesis and the like): a page, a collection with embedded pages, a list or
a single annotation; a target's ``source`` is matched to a document by URI, then path,
then file name; the passage is found by its selectors with the same re-anchoring as a
re-import (a quote that cannot be found makes an orphan, kept). The page's
``reader:codebook`` is read first: a tag already in the project (same id, or same name
under the same parent) is used as it is, any other is created with its id, name, colour,
description and place in the tree. Then a tag body is matched by ``reader:tag`` (or an
older file's body ``id``), then name, else created. Annotations already in the project
(same id) are left as they are, so importing a file twice adds nothing. An annotation
marked ``reader:orphan`` stays an orphan at that place (re-importing its document looks
for it again). Export → import into a project of the same documents → export gives the
same file. A ``creator`` (its ``name``, ``nick`` or the string itself; not a
``Software`` agent) becomes the annotation's coder; without one, the importing coder's;
a note body's own ``creator`` (written when a colleague wrote the note last) becomes the
note's coder.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import unquote, urlparse

from reader.core import anchoring
from reader.core.anchoring import Anchor, TextQuote
from reader.core.model import Document
from reader.core.web_address import url_key
from reader.store import annotations, codebook, coders, hypothesis
from reader.store.records import Annotation
from reader.store.schema import write
from reader.store.w3c import ORPHAN, TAG, AnnotationsImported, NotAnnotations
from reader.store.w3c_codebook import as_list as _as_list
from reader.store.w3c_codebook import create_tag, import_codebook
from reader.store.w3c_codebook import uuid_from as _uuid_from


def annotations_in(data: Any) -> list[dict]:
    """The annotation objects in a page, a collection, a list or a lone annotation."""
    found: list[dict] = []
    if isinstance(data, list):
        for entry in data:
            found += annotations_in(entry)
    elif isinstance(data, dict):
        kind = _as_list(data.get("type") or data.get("@type"))
        if "Annotation" in kind:
            found.append(data)
        else:
            for key in ("items", "first", "next", "rows"):
                if key in data and not isinstance(data[key], str):
                    found += annotations_in(data[key])
    return found


def _source_path(source: str) -> str:
    parsed = urlparse(source)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return source


def _file_name(source: str) -> str:
    path = _source_path(source)
    return PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name


class _Documents:
    """Matches a target's source to a document: a web address to the one document that
    declares it (canonical, og:url, saved-from: see ``page_urls``), else file URI, path,
    then file name; else the ``fallback`` document, if one was named."""

    def __init__(
        self,
        summaries: Iterable[tuple[int, str]],
        urls: dict[int, tuple[str, ...]] | None = None,
        fallback: int | None = None,
    ) -> None:
        self.by_uri: dict[str, int] = {}
        self.by_path: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        self.by_url: dict[str, set[int]] = {}
        self.fallback = fallback
        for doc_id, path in summaries:
            self.by_uri[Path(path).as_uri()] = doc_id
            self.by_path[path] = doc_id
            self.by_name.setdefault(_file_name(path), []).append(doc_id)
        for doc_id, addresses in (urls or {}).items():
            for address in addresses:
                key = url_key(address)
                if key is not None:
                    self.by_url.setdefault(key, set()).add(doc_id)

    def find(self, source: str | None) -> int | None:
        found = self._match(source) if source else None
        return found if found is not None else self.fallback

    def _match(self, source: str) -> int | None:
        declared = self.by_url.get(url_key(source) or "", set())
        if declared:  # more than one page declaring the address: the user must say which
            return next(iter(declared)) if len(declared) == 1 else None
        if source in self.by_uri:
            return self.by_uri[source]
        path = _source_path(source)
        if path in self.by_path:
            return self.by_path[path]
        named = self.by_name.get(_file_name(source), [])
        return named[0] if len(named) == 1 else None


def _target(item: dict) -> tuple[str | None, list[dict]]:
    for target in _as_list(item.get("target")):
        if isinstance(target, str):
            return target, []
        if isinstance(target, dict):
            source = target.get("source")
            if isinstance(source, dict):
                source = source.get("id") or source.get("@id")
            selectors = [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]
            return (source if isinstance(source, str) else None), selectors
    return None, []


@dataclass(slots=True)
class _Target:
    """One annotation's passage while importing: where it is, once known."""

    start: int
    end: int
    quote: TextQuote | None
    placed: bool
    kept: bool = False  # an orphan the file says is one: not looked for


def _orphan_place(item: dict) -> tuple[int, int] | None:
    """The last known place of an annotation the file marks as an orphan."""
    for target in _as_list(item.get("target")):
        marker = target.get(ORPHAN) if isinstance(target, dict) else None
        if isinstance(marker, dict):
            start, end = marker.get("start"), marker.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
                return start, end
    return None


def _read_target(doc: Document, selectors: list[dict]) -> _Target:
    """The selectors as a target, placed already when the position holds the quote (or
    there is no quote); ValueError if there is neither a usable position nor a quote."""
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    quote_sel = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    start = end = None
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            start = end = None
    if quote_sel is None or not isinstance(quote_sel.get("exact"), str) or not quote_sel["exact"]:
        if start is None or end > len(doc.text):
            raise ValueError("it has neither a usable position nor a quote")
        return _Target(start, end, None, True)
    quote = TextQuote(
        quote_sel["exact"], str(quote_sel.get("prefix") or ""), str(quote_sel.get("suffix") or "")
    )
    placed = start is not None and doc.text[start:end] == quote.exact
    return _Target(start or 0, end or 0, quote, placed)


def _place_all(doc: Document, targets: list[_Target]) -> None:
    """Find the targets not placed yet with the re-anchoring a re-import uses (one pass
    over the document for all of them); what is not found stays unplaced (an orphan)."""
    todo = [t for t in targets if not t.placed and not t.kept and t.quote is not None]
    if not todo:
        return
    found = anchoring.reanchor([Anchor(t.start, t.end, t.quote, None) for t in todo], doc)
    for target, place in zip(todo, found, strict=True):
        quote = target.quote
        assert quote is not None
        if place is not None:
            target.start, target.end, target.placed = place.start, place.end, True
        elif not quote.prefix and not quote.suffix and doc.text.count(quote.exact) == 1:
            # A bare quote (no context to weigh) that occurs once, exactly: that is the place.
            at = doc.text.index(quote.exact)
            target.start, target.end, target.placed = at, at + len(quote.exact), True


def _bodies(item: dict) -> tuple[list[tuple[str | None, str]], str]:
    """The (tag id, name) pairs and the note an annotation's bodies give."""
    tags: list[tuple[str | None, str]] = []
    notes: list[str] = []
    motivation = _as_list(item.get("motivation"))
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        purposes = _as_list(body.get("purpose")) or motivation
        if "tagging" in purposes:
            tag_id = body.get(TAG) or body.get("id")  # "id": files of Reader before 2026-12
            tags.append((_uuid_from(tag_id) if tag_id else None, body["value"]))
        else:
            notes.append(body["value"])
    return tags, "\n\n".join(n for n in notes if n)


def note_creator(item: dict) -> str:
    """The coder a note body names as its own ``creator`` ('' for none)."""
    for body in _as_list(item.get("body")):
        if isinstance(body, dict) and "commenting" in _as_list(body.get("purpose")):
            found = creator_name(body)
            if found:
                return found
    return ""


def creator_name(item: dict) -> str:
    """The coder a W3C annotation names as its ``creator`` ('' for none): an agent's
    ``name`` (or ``nick``, or ``id``), or a plain string; the first of a list. Software
    (a generator named as creator, as Reader does for unassigned ones) is no coder."""
    for agent in _as_list(item.get("creator")):
        if isinstance(agent, str):
            return coders.tidy(agent)
        if isinstance(agent, dict):
            if "Software" in _as_list(agent.get("type")):
                continue
            for key in ("name", "nick", "id"):
                if isinstance(agent.get(key), str) and agent[key].strip():
                    return coders.tidy(agent[key])
    return ""


def import_page(
    conn: sqlite3.Connection,
    data: Any,
    load: Any,
    summaries: Iterable[tuple[int, str]],
    *,
    urls: dict[int, tuple[str, ...]] | None = None,
    document: int | None = None,
    coder: str = "",
) -> AnnotationsImported:
    """Add the annotations in ``data`` (parsed JSON: W3C, or Hypothesis's own shapes, see
    ``hypothesis.py``) in one transaction.

    ``load(doc_id)`` gives a Document; ``summaries`` the (id, source path) pairs; ``urls``
    the web addresses each document declares; ``document`` the document to put an
    annotation on when its source matches none; ``coder`` is given to annotations whose
    ``creator`` names nobody."""
    failed: list[str] = []
    native = hypothesis.native_annotations(data)
    if native is not None:
        items, failed = hypothesis.as_w3c(native)
    else:
        items = annotations_in(data)
    if not items:
        raise NotAnnotations(
            "The file holds no annotations Reader can read (W3C Web Annotations as JSON-LD, "
            "or Hypothesis's JSON export or API search results)."
        )
    docs = _Documents(summaries, urls, document)
    added = orphaned = present = created_tags = unmatched = 0
    with write(conn):
        tags = codebook.tags(conn)
        by_id = {t.id: t for t in tags}
        known_before = set(by_id)
        by_name = {}
        for t in tags:
            by_name.setdefault(t.name.casefold(), t)
        mapped = import_codebook(conn, data, by_id, by_name)
        created_tags += sum(1 for k, v in mapped.items() if k == v and k not in known_before)
        pending: list[tuple[dict, str, int, _Target]] = []
        by_document: dict[int, list[_Target]] = {}
        seen: set[str] = set()
        for n, item in enumerate(items, 1):
            ident = _uuid_from(item.get("id") or item.get("@id")) or str(uuid.uuid4())
            label = f"annotation {n} ({item.get('id') or 'no id'})"
            if (
                ident in seen
                or conn.execute("SELECT 1 FROM annotations WHERE id = ?", (ident,)).fetchone()
            ):
                present += 1
                continue
            source, selectors = _target(item)
            doc_id = docs.find(source)
            if doc_id is None:
                failed.append(
                    f"{label}: no document in the project matches {source!r} "
                    "(name the document with --document)"
                )
                unmatched += 1
                continue
            try:
                target = _read_target(load(doc_id), selectors)
            except ValueError as error:
                failed.append(f"{label}: {error}")
                continue
            orphan = _orphan_place(item)
            if orphan is not None and target.quote is not None:
                target.start, target.end = orphan
                target.placed, target.kept = False, True
            seen.add(ident)
            pending.append((item, ident, doc_id, target))
            by_document.setdefault(doc_id, []).append(target)
        for doc_id, targets in by_document.items():
            _place_all(load(doc_id), targets)
        for item, ident, doc_id, target in pending:
            tag_names, note = _bodies(item)
            tag_ids = []
            for tag_id, name in tag_names:
                tag = by_id.get(mapped.get(tag_id, tag_id)) if tag_id else None
                tag = tag or by_name.get(" ".join(name.split()).casefold())
                if tag is None:
                    tag = create_tag(conn, tag_id, name, by_id)
                    created_tags += 1
                    by_id[tag.id] = tag
                    by_name[tag.name.casefold()] = tag
                tag_ids.append(tag.id)
            if target.placed:
                anchor = anchoring.make_anchor(load(doc_id), target.start, target.end)
                q, part = anchor.quote, anchor.comment_id
            else:
                assert target.quote is not None
                q, part = target.quote, None
            now = annotations.now_iso()
            created = hypothesis.reader_time(item.get("created")) or now
            modified = hypothesis.reader_time(item.get("modified")) or created
            annotations.insert(
                conn,
                Annotation(
                    ident, doc_id, target.start, target.end, q.exact, q.prefix, q.suffix, part,
                    note, created, modified, not target.placed, tuple(dict.fromkeys(tag_ids)),
                    creator_name(item) or coder,
                    note_creator(item) or creator_name(item) or coder,
                ),
            )  # fmt: skip
            added += 1
            orphaned += not target.placed
    return AnnotationsImported(added, orphaned, present, created_tags, tuple(failed), unmatched)
