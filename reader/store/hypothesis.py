"""Hypothesis's own JSON, read as W3C Web Annotations for ``w3c_import.import_page``.

Hypothesis (hypothes.is) gives annotations in three shapes. Its JSON-LD
(``/api/annotations/<id>.jsonld``) is W3C already and goes straight to ``w3c``. This module
reads the other two, both lists of Hypothesis's API annotation objects:

* the client's "Export → JSON" file: ``{"export_date", "export_userid", "client_version",
  "annotations": [...]}``;
* the API's search results: ``{"total", "rows": [...]}`` (with ``_separate_replies``, the
  replies in ``"replies": [...]`` beside the rows), or a bare list of such objects.

Each annotation object becomes one W3C annotation: ``id`` the annotation's page
(``links.html``, else ``https://hypothes.is/a/<id>``, the id Hypothesis's JSON-LD gives the
same annotation, so importing both adds it once); ``text`` the note (Markdown, as in
Hypothesis); ``tags`` the tags; ``target[0].source`` (else ``uri``) the page; the target's
``TextQuoteSelector`` and ``TextPositionSelector`` the passage (the position counts
characters of the page as the browser showed it, so it is a hint and the quote decides;
``RangeSelector``/XPath selectors are left out: they point into the page's markup, which
Reader does not keep); ``created``/``updated`` the times, in Reader's form; the author
(``user_info.display_name``, else ``user`` without ``acct:``) the ``creator``.

A reply (an object whose ``references`` is not empty) is not a passage of its own: it is
kept with the annotation its thread starts from (``references[0]``), added to that
annotation's note below a rule, as a quotation headed by who wrote it and when, in the
order they were written; a reply to a reply is quoted one level deeper. A reply whose
annotation is not in the file, and a page note (an annotation on no passage), are reported.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

W3C_SELECTORS = frozenset({"TextQuoteSelector", "TextPositionSelector"})


def _is_native(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and "type" not in item
        and isinstance(item.get("id"), str)
        and ("uri" in item or "target" in item)
    )


def native_annotations(data: Any) -> list[dict] | None:
    """The Hypothesis API objects in ``data`` (see the module's notes), or None if it is
    not one of Hypothesis's own shapes."""
    if isinstance(data, dict):
        lists = [
            data[k] for k in ("annotations", "rows", "replies") if isinstance(data.get(k), list)
        ]
        if lists:
            found = [a for entries in lists for a in entries if _is_native(a)]
            return found if found else None
        return [data] if _is_native(data) else None
    if isinstance(data, list) and data and all(_is_native(a) for a in data):
        return list(data)
    return None


def reader_time(value: Any) -> str | None:
    """A Hypothesis time (``2024-03-01T10:00:00.123456+00:00``) in Reader's form
    (``2024-03-01T10:00:00.123Z``); None if it is not a time."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def _page(item: dict) -> str:
    links = item.get("links")
    if isinstance(links, dict) and isinstance(links.get("html"), str):
        return links["html"]
    return f"https://hypothes.is/a/{item['id']}"


def _who(item: dict) -> str:
    info = item.get("user_info")
    name = info.get("display_name") if isinstance(info, dict) else None
    if isinstance(name, str) and name.strip():
        return name.strip()
    user = item.get("user")
    if isinstance(user, str) and user:
        return user.removeprefix("acct:")
    return "someone"


def _reply_text(reply: dict) -> str:
    depth = max(1, len(reply.get("references") or ()))
    when = reader_time(reply.get("created")) or ""
    head = f"**Reply from {_who(reply)}**" + (f" · {when[:10]}" if when else "")
    lines = str(reply.get("text") or "").splitlines() or [""]
    tags = [t for t in reply.get("tags") or () if isinstance(t, str)]
    if tags:
        lines += ["", "Tags: " + ", ".join(tags)]
    quoted = "\n".join((">" * depth + " " + line).rstrip() for line in lines)
    return f"{head}\n\n{quoted}"


def _target(item: dict) -> dict:
    source = None
    selectors: list[dict] = []
    for target in item.get("target") or ():
        if isinstance(target, dict):
            source = target.get("source")
            selectors = [
                s for s in target.get("selector") or ()
                if isinstance(s, dict) and s.get("type") in W3C_SELECTORS
            ]  # fmt: skip
            break
    if not isinstance(source, str) or not source:
        source = item.get("uri")
    return {"source": source, "selector": selectors}


def as_w3c(items: list[dict]) -> tuple[list[dict], list[str]]:
    """The W3C annotations for Hypothesis API objects, replies folded into their thread's
    annotation; and a sentence for each reply whose annotation is not in ``items``."""
    tops = [i for i in items if not i.get("references")]
    replies = [i for i in items if i.get("references")]
    by_thread: dict[str, list[dict]] = {}
    for reply in replies:
        by_thread.setdefault(str(reply["references"][0]), []).append(reply)
    known = {str(i["id"]) for i in tops}
    failed = [
        f"a reply ({_page(r)}) to annotation {r['references'][0]}, which is not in the file"
        for r in replies
        if str(r["references"][0]) not in known
    ]
    converted = []
    for item in tops:
        if not _target(item)["selector"]:
            replies_to_it = len(by_thread.get(str(item["id"]), ()))
            failed.append(
                f"a page note ({_page(item)})"
                + (f" and {replies_to_it} replies to it" if replies_to_it else "")
                + ": it is on the page as a whole, and Reader keeps notes on passages"
            )
            continue
        text = str(item.get("text") or "")
        thread = sorted(by_thread.get(str(item["id"]), ()), key=lambda r: str(r.get("created")))
        if thread:
            parts = [text] if text else []
            parts += ["---", *(_reply_text(r) for r in thread)]
            text = "\n\n".join(parts)
        body: list[dict] = [
            {"type": "TextualBody", "purpose": "tagging", "value": tag}
            for tag in item.get("tags") or ()
            if isinstance(tag, str) and tag.strip()
        ]
        if text:
            body.append(
                {"type": "TextualBody", "purpose": "commenting", "value": text,
                 "format": "text/markdown"}
            )  # fmt: skip
        w3c: dict[str, Any] = {
            "id": _page(item),
            "type": "Annotation",
            "creator": {"type": "Person", "name": _who(item)},
            "target": _target(item),
            "body": body,
        }
        created = reader_time(item.get("created"))
        modified = reader_time(item.get("updated"))
        if created:
            w3c["created"] = created
        if modified or created:
            w3c["modified"] = modified or created
        converted.append(w3c)
    return converted, failed
