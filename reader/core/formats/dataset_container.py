"""The article a comment file describes in its own top-level fields.

A JSON document may hold its comments in a list beside fields about what they are on:
yt-dlp's ``.info.json`` (``--write-comments``) gives the video's ``title``,
``description``, ``webpage_url``, ``uploader`` and ``timestamp`` before its
``comments``; a scraper may write ``{"title": …, "url": …, "comments": [...]}``.
:func:`container_article` turns those fields into the article :class:`Record` (its key
is set by the caller, from the first comment), so the document gets the article's
title, text, URL, author and time, and the comment count it declares (:func:`count_of`,
also used for a Reddit post's ``num_comments``); None when the file has no such fields
(a title at least).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.formats.dataset_files import json_kind, object_head

if TYPE_CHECKING:
    from reader.core.formats.dataset_records import Record

# The container's fields, most telling first (compared without case and punctuation).
_ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title", "fulltitle", "video_title", "headline", "article_title", "story_title",
              "link_title", "post_title"),
    "article_text": ("description", "article_text", "article_body", "selftext", "story_text",
                     "post_text"),
    "url": ("webpage_url", "article_url", "url", "link", "permalink", "page_url"),
    "author": ("uploader", "channel", "author", "by", "byline"),
    "declared": ("comment_count", "num_comments", "descendants", "comments_count"),
    "time": ("timestamp", "release_timestamp", "created_utc", "published", "publishedat",
             "created_at", "date"),
}  # fmt: skip


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "", name.lower())


def count_of(value: Any) -> int | None:
    """A count the data declares, when it is a whole number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 0 else None


def container_article(path: Path) -> Record | None:
    """The article a JSON document's own fields describe (see the module's notes)."""
    if path.suffix.lower() in (".csv", ".tsv"):
        return None
    try:
        if json_kind(path) != "object":
            return None
    except Exception:  # the reader proper reports an unreadable file with its reason
        return None
    from reader.core.formats.dataset_records import (
        Record,
        looks_like_record,
        timestamp,
    )

    prefix, fields = object_head(path, looks_like_record)
    if prefix is None:
        return None
    by_fold = {_fold(k): v for k, v in fields.items()}
    found: dict[str, Any] = {}
    for role, names in _ROLES.items():
        for name in names:
            value = by_fold.get(name)
            if isinstance(value, str) and value.strip() or isinstance(value, int | float):
                found[role] = value
                break
    if not isinstance(found.get("title"), str):
        return None
    return Record(
        article="", id="", parent=None,
        author=str(found["author"]) if "author" in found else None,
        time=timestamp(found["time"]) if "time" in found else None,
        text="", title=found["title"],
        article_text=str(found["article_text"]) if "article_text" in found else None,
        url=str(found["url"]) if "url" in found else None,
        is_article=True, declared=count_of(found.get("declared")),
    )  # fmt: skip
