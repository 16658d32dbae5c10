"""W3C Web Annotation (JSON-LD): the export, and the terms and types the import shares.

Export writes one ``AnnotationPage`` with one ``Annotation`` per annotation:

* ``id`` ``urn:uuid:<annotation id>``; ``created``/``modified``; ``creator`` (a ``Person``
  named as the annotation's coder; for one without a coder, the name given to the export,
  else Reader as ``Software``); ``generator``;
* ``target``: ``source`` the document's file as a ``file://`` URI, ``reader:part``
  (``article`` or ``comment:<id>``) and the selectors: a ``TextPositionSelector`` (code
  points in ``Document.text``, the text ``reader parse --json`` prints) and a
  ``TextQuoteSelector``; an orphan gets the quote selector only, and its last known
  place as ``reader:orphan`` (``{"start", "end"}``);
* ``body``: a ``TextualBody`` per tag (``purpose: tagging``, ``value`` the tag's name,
  ``reader:tag`` ``urn:uuid:<tag id>``) and one for the note (``purpose: commenting``,
  ``format: text/markdown``). A tag body has no ``id``: the test suite's schemas take a body
  with an ``id`` for an External Web Resource, which must not have a ``purpose``.

The page has an ``id`` (``urn:uuid:`` derived from its annotations' ids, so the same
annotations give the same id) and carries the codebook as ``reader:codebook``, terms of
Reader's own context that a W3C reader ignores: per tag, depth-first, ``id``
``urn:uuid:<tag id>``, ``type`` ``reader:Tag``, ``reader:name``, ``reader:colour``
(``#rrggbb``), ``reader:description`` and ``reader:parent`` (the parent's ``urn:uuid:``);
see ``w3c_codebook.py``.
The output passes the ``must`` checks of the W3C Web Annotation test suite
(``annotationMusts.test`` for each annotation, ``pageMusts.test`` for the page).

Import (:func:`reader.store.w3c_import.import_page`) reads that back; see there.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import APP_NAME, __version__
from reader.store.errors import ProjectError
from reader.store.records import Annotation, Tag
from reader.store.w3c_codebook import (
    CODEBOOK,
    codebook_entry,
)

CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {"reader": "https://reader-app.org/ns#"}]
PART = "reader:part"
TAG = "reader:tag"
ORPHAN = "reader:orphan"
_PAGE_NAMESPACE = uuid.UUID("0b6c1e4e-7f57-4d2a-9d8e-3f5f2b9a61c4")


class NotAnnotations(ProjectError):
    """A file that holds no W3C annotations Reader can read."""


@dataclass(frozen=True, slots=True)
class AnnotationsImported:
    """What :func:`import_page` did: how many annotations were added (of which
    ``orphaned`` could not be placed), how many were already in the project, how many
    tags were created, and a sentence for each annotation that could not be used
    (``unmatched`` of them named a page no document matches)."""

    added: int
    orphaned: int
    present: int
    tags_created: int
    failed: tuple[str, ...] = field(default=())
    unmatched: int = 0


# ---- export ----------------------------------------------------------------------------


def _urn(value: str) -> str:
    return f"urn:uuid:{value}"


def annotation_json(a: Annotation, source: str, tags: dict[str, Tag], creator: dict) -> dict:
    selectors: list[dict[str, Any]] = []
    if not a.orphan:
        selectors.append({"type": "TextPositionSelector", "start": a.start, "end": a.end})
    selectors.append(
        {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix}
    )
    body: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "purpose": "tagging",
            "value": tags[tag_id].name,
            TAG: _urn(tag_id),
        }
        for tag_id in a.tags
    ]
    if a.note:
        note: dict[str, Any] = {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": a.note,
            "format": "text/markdown",
        }
        if a.note_coder and a.note_coder != a.coder:  # a colleague wrote the note last
            note["creator"] = {"type": "Person", "name": a.note_coder}
        body.append(note)
    target: dict[str, Any] = {
        "source": source,
        PART: "article" if a.comment_id is None else f"comment:{a.comment_id}",
        "selector": selectors,
    }
    if a.orphan:
        target[ORPHAN] = {"start": a.start, "end": a.end}
    item: dict[str, Any] = {
        "id": _urn(a.id),
        "type": "Annotation",
        "motivation": "tagging" if a.tags else "commenting",
        "created": a.created,
        "modified": a.modified,
        "creator": {"type": "Person", "name": a.coder} if a.coder else creator,
        "target": target,
    }
    if body:
        item["body"] = body
    return item


def export_page(
    items: Iterable[Annotation],
    sources: dict[int, str],
    tags: Iterable[Tag],
    *,
    creator: str | None = None,
) -> dict:
    """The AnnotationPage for ``items``; ``sources`` maps document ids to source paths.
    Per document, placed annotations in text order, then orphans (whose last place is not
    exported) by creation."""
    by_id = {t.id: t for t in tags}
    ordered = sorted(
        items,
        key=lambda a: (
            a.document_id, a.orphan, 0 if a.orphan else a.start, 0 if a.orphan else a.end,
            a.created, a.id,
        ),
    )  # fmt: skip
    agent = (
        {"type": "Person", "name": creator} if creator else {"type": "Software", "name": APP_NAME}
    )
    items_json = [
        annotation_json(a, Path(sources[a.document_id]).as_uri(), by_id, agent) for a in ordered
    ]
    return {
        "@context": CONTEXT,
        "id": page_id(items_json),
        "type": "AnnotationPage",
        "generator": {"type": "Software", "name": f"{APP_NAME} {__version__}"},
        CODEBOOK: [codebook_entry(t) for t in by_id.values()],
        "items": items_json,
    }


def page_id(items: Iterable[dict]) -> str:
    """The page's id: the same annotations always give the same one."""
    return _urn(str(uuid.uuid5(_PAGE_NAMESPACE, "\x1f".join(sorted(i["id"] for i in items)))))


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def dumps(page: dict) -> str:
    return json.dumps(page, ensure_ascii=False, indent=1) + "\n"
