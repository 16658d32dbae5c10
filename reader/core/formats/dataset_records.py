"""Comment records out of JSON, JSON Lines and CSV files, one at a time.

A comment dataset is a file of records, one per comment, each with an id and the id of
the comment it answers. :func:`records` streams a file (``ijson`` for a JSON document,
line by line for JSON Lines, ``csv`` for CSV; ``dataset_files`` reads the file), so a
file of a million comments is never in memory at once, and turns every shape it knows
into flat :class:`Record`s:

* flat records whose fields :class:`FieldMapping` names (guessed from common names:
  ``id``, ``parent_id``, ``author``, ``created_utc``, ``body``, ``link_id``…, or given);
* records with their replies nested in a ``replies``/``children`` list;
* YouTube Data API ``commentThread`` and ``comment`` resources (a list response or one
  per line);
* Reddit listing JSON (a post's ``t3`` and its ``t1`` comments, replies nested).
"""

from __future__ import annotations

import json
import re
import time as _time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from reader.core.formats.dataset_container import container_article, count_of
from reader.core.formats.dataset_files import raw_values
from reader.core.formats.dataset_markup import plain_text
from reader.core.textio import UnreadableFile


class MappingError(ValueError):
    """A field mapping that cannot be read or that names fields the data lacks."""


# Records are made by tuple.__new__ with all their fields: one C call, where the named
# tuple's own __new__ is a Python function around the same call.
_new_record = tuple.__new__


class Record(NamedTuple):
    """One comment (or, with ``is_article``, an article's own title and text).

    A named tuple, not a frozen dataclass: a file makes one per comment (a million for
    a large dataset), a tuple is made five times faster, and its first six fields are
    the row the reader spools as they stand (``record[:6]``)."""

    article: str
    id: str
    parent: str | None
    author: str | None
    time: str | None
    text: str
    title: str | None = None
    article_text: str | None = None
    url: str | None = None
    is_article: bool = False
    # How many comments the source says the article has (a Reddit post's num_comments).
    declared: int | None = None


@dataclass(frozen=True, slots=True)
class FieldMapping:
    """Which field of a record holds what; a dotted name reaches into nested objects
    (``snippet.authorDisplayName``). Only ``text`` is required."""

    text: str
    id: str | None = None
    parent: str | None = None
    author: str | None = None
    time: str | None = None
    article: str | None = None
    title: str | None = None
    article_text: str | None = None

    @classmethod
    def parse(cls, spec: str) -> FieldMapping:
        """From ``id=comment_id,parent=reply_to,text=body``."""
        names = {f.name for f in fields(cls)}
        given: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            key, sep, value = part.partition("=")
            key = key.strip().replace("-", "_")
            if not sep or not value.strip():
                raise MappingError(f"--map: {part!r} is not FIELD=NAME")
            if key not in names:
                raise MappingError(f"--map: {key!r} is not one of {', '.join(sorted(names))}")
            given[key] = value.strip()
        if "text" not in given:
            raise MappingError("--map: say which field holds the comment's text (text=…)")
        return cls(**given)

    def spec(self) -> str:
        return ",".join(
            f"{f.name}={getattr(self, f.name)}" for f in fields(self) if getattr(self, f.name)
        )


# Field names datasets use, most telling first (compared without case and punctuation).
_GUESSES: dict[str, tuple[str, ...]] = {
    "id": ("commentid", "comment_id", "id", "cid", "_id", "name", "uuid", "guid", "tweet_id"),
    "parent": (
        "parentid", "parent_id", "parent_comment_id", "inreplyto", "in_reply_to",
        "in_reply_to_id", "reply_to", "replyto", "parent", "in_reply_to_status_id",
    ),
    "author": (
        "author", "authordisplayname", "author_name", "user", "username", "user_name",
        "screen_name", "by", "commenter", "nickname",
    ),
    "time": (
        "created_utc", "created_at", "publishedat", "published", "timestamp", "time",
        "date", "datetime", "created", "posted", "comment_date",
    ),
    "text": (
        "textoriginal", "body", "text", "comment_text", "comment", "content", "message",
        "textdisplay", "comment_body", "full_text",
    ),
    "article": (
        "article_id", "link_id", "post_id", "thread_id", "story_id", "videoid", "video_id",
        "article_url", "page_url", "url", "permalink_article", "article", "post", "page",
    ),
    "title": ("article_title", "link_title", "post_title", "story_title", "headline", "title"),
    "article_text": ("article_text", "article_body", "story_text", "selftext", "post_text"),
}  # fmt: skip
_REPLY_LISTS = ("replies", "children", "comments", "responses")


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "", name.lower())


def guess_mapping(keys: Iterable[str]) -> FieldMapping | None:
    """The mapping common names suggest for records with these fields (None when no
    field looks like a comment's text)."""
    by_fold: dict[str, str] = {}
    for k in keys:
        by_fold.setdefault(_fold(k), k)
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for role in ("text", "parent", "id", "author", "time", "article", "title", "article_text"):
        for guess in _GUESSES[role]:
            key = by_fold.get(_fold(guess))
            if key is not None and key not in used:
                chosen[role] = key
                used.add(key)
                break
    if "text" not in chosen:
        return None
    return FieldMapping(**chosen)


def _get(record: Any, path: str | None) -> Any:
    if path is None:
        return None
    if isinstance(record, dict) and path in record:
        return record[path]
    value = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _string(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dict):
        return None
    return str(value)


# Unix seconds that ``time.gmtime`` writes as ``datetime`` would (years 1970–9999).
_GMTIME_UP_TO = 253_402_300_800
# A time of day as ``time.strftime`` writes it: "HH:MM:" for each minute, "SSZ" for
# each second; and the days seen so far as "YYYY-MM-DDT" (a dataset's comments fall on
# few days), so a time is two look-ups and a join, not a ``gmtime`` and a ``strftime``.
_CLOCK = tuple(f"{h:02d}:{m:02d}:" for h in range(24) for m in range(60))
_SECONDS = tuple(f"{s:02d}Z" for s in range(60))
_DAYS: dict[int, str] = {}


def _utc(seconds: int) -> str:
    """Unix seconds (0 up to _GMTIME_UP_TO) as ``%Y-%m-%dT%H:%M:%SZ`` in UTC."""
    day, second = divmod(seconds, 86400)
    date = _DAYS.get(day)
    if date is None:
        if len(_DAYS) >= 20_000:
            _DAYS.clear()
        date = _DAYS[day] = _time.strftime("%Y-%m-%dT", _time.gmtime(day * 86400))
    minute, second = divmod(second, 60)
    return date + _CLOCK[minute] + _SECONDS[second]


_DIGITS = re.compile(r"\d{9,13}(\.\d+)?")


def timestamp(value: Any) -> str | None:
    """A record's time as ISO 8601: Unix seconds (or milliseconds) become UTC."""
    if value.__class__ is int and 0 <= value <= 100_000_000_000:
        return _utc(value)  # whole seconds, as below, at once
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        # The same text in half the time (a fraction within a microsecond of the next
        # second is rounded up by datetime, floored by gmtime: left to datetime).
        if 0 <= seconds < _GMTIME_UP_TO and (seconds.__class__ is int or seconds % 1 < 0.999):
            return _utc(int(seconds))  # gmtime too drops the fraction (rounds down)
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return str(value)
        return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    return _string(value)


# ---- known shapes ---------------------------------------------------------------------


def _youtube_comment(c: dict, video: str | None, parent: str | None) -> Record:
    s = c.get("snippet") or {}
    text = s.get("textOriginal")
    if not text:
        # The API returns textOriginal only where the viewer may see it (always to the
        # comment's author); textDisplay is HTML unless the request asked for plainText.
        text = plain_text(str(s.get("textDisplay") or ""))
    return Record(
        article=str(s.get("videoId") or video or ""),
        id=str(c.get("id") or ""),
        parent=s.get("parentId") or parent,
        author=s.get("authorDisplayName"),
        time=s.get("publishedAt"),
        text=str(text),
    )


def _youtube(value: dict) -> Iterator[Record]:
    kind = value.get("kind")
    if isinstance(value.get("items"), list):  # a list response kept whole
        for item in value["items"]:
            if isinstance(item, dict):
                yield from _youtube(item)
        return
    if kind == "youtube#comment":
        yield _youtube_comment(value, None, None)
        return
    snippet = value.get("snippet") or {}
    # A thread on a channel rather than a video names only its channel.
    video = snippet.get("videoId") or snippet.get("channelId")
    top = snippet.get("topLevelComment")
    if isinstance(top, dict):
        yield _youtube_comment(top, video, None)
        for reply in (value.get("replies") or {}).get("comments") or []:
            yield _youtube_comment(reply, video, top.get("id"))


def _reddit(value: dict) -> Iterator[Record]:
    kind = value.get("kind")
    data = value.get("data") or {}
    if kind == "Listing":
        for child in data.get("children") or []:
            if isinstance(child, dict):
                yield from _reddit(child)
    elif kind == "t3":
        yield Record(
            article=str(data.get("name") or f"t3_{data.get('id')}"), id="", parent=None,
            author=data.get("author"), time=timestamp(data.get("created_utc")), text="",
            title=data.get("title"), article_text=data.get("selftext") or None,
            url=data.get("url"), is_article=True, declared=count_of(data.get("num_comments")),
        )  # fmt: skip
    elif kind == "t1":
        yield Record(
            article=str(data.get("link_id") or ""),
            id=str(data.get("name") or f"t1_{data.get('id')}"),
            parent=data.get("parent_id"),
            author=data.get("author"),
            time=timestamp(data.get("created_utc")),
            text=str(data.get("body") or ""),
        )
        replies = data.get("replies")
        if isinstance(replies, dict):
            yield from _reddit(replies)


def shape_of(value: Any) -> str:
    """'youtube', 'reddit' or 'records' for one of the file's top-level values."""
    if isinstance(value, dict):
        kind = str(value.get("kind") or "")
        if kind.startswith("youtube#"):
            return "youtube"
        if kind in ("Listing", "t1", "t3", "more"):
            return "reddit"
    return "records"


# A Reddit "fullname": a kind prefix and an id (t1_ a comment, t3_ a post). Dumps of
# Reddit comments (Pushshift, Arctic Shift) give a comment's own ``id`` bare and its
# ``parent_id`` as a fullname: the parent is the comment with the bare id, or, for a
# t3_ parent, the post itself (a top-level comment).
_FULLNAME = re.compile(r"t[1-6]_[0-9a-z]+\Z")

_ABSENT = object()  # the key of a field the mapping does not name: no record has it


def _text_of(value: Any) -> str | None:
    """A field's value as text: None for nothing, an empty string or an object; a float
    that is a whole number without its ".0" (ids read from JSON as numbers)."""
    if value.__class__ is str:
        return value or None
    return _string(value)


class _Generic:
    """Flat or nested records under a mapping (given, or guessed from the first)."""

    def __init__(self, mapping: FieldMapping | None) -> None:
        self.mapping: FieldMapping | None = None
        self.counter = 0
        if mapping is not None:
            self._use(mapping)

    def _use(self, m: FieldMapping) -> None:
        self.mapping = m
        names = (m.id, m.text, m.article, m.parent, m.author, m.time, m.title, m.article_text)
        # Names without dots are keys of the record itself, looked up with one dict.get.
        self._keys = None
        if not any(n is not None and "." in n for n in names):
            self._keys = tuple(_ABSENT if n is None else n for n in names)

    def _fields(self, value: dict) -> tuple:
        """The record's id, text, article, parent, author, time, title and article text
        as the data has them."""
        if self._keys is not None:
            return tuple(map(value.get, self._keys))
        m = self.mapping
        assert m is not None
        names = (m.id, m.text, m.article, m.parent, m.author, m.time, m.title, m.article_text)
        return tuple(_get(value, n) for n in names)

    def records(self, value: Any, parent: str | None = None) -> Iterator[Record]:
        """The record of ``value`` and those of the replies nested in it."""
        record = self.record(value, parent)
        if record is None:
            return
        yield record
        if not value.keys().isdisjoint(_REPLY_LISTS):
            yield from self.replies(value, record.id)

    def record(self, value: Any, parent: str | None = None) -> Record | None:
        """The record of ``value`` alone (None when it is not an object)."""
        if not isinstance(value, dict):
            return None
        if self.mapping is None:
            mapping = guess_mapping(k for k in value if k not in _REPLY_LISTS)
            if mapping is None:
                names = ", ".join(list(value)[:12])
                raise UnreadableFile(
                    f"comment data whose fields Reader cannot tell apart (fields: {names}); "
                    "name them with --map text=…,id=…,parent=… or in the import dialog"
                )
            self._use(mapping)
        self.counter += 1
        own, text, article, up, author, when, title, article_text = self._fields(value)
        own_id = (own if own.__class__ is str else _text_of(own)) or f"r{self.counter}"
        up = up if up.__class__ is str else _text_of(up)
        if up and up[2:3] == "_" and _FULLNAME.match(up) and not _FULLNAME.match(own_id):
            up = None if up[1] == "3" else up[3:]  # a Reddit dump: see _FULLNAME
        elif up == "root":  # yt-dlp's parent of a top-level comment
            up = None
        text = (text if text.__class__ is str else "" if text is None or isinstance(text, dict)
                else str(text))  # fmt: skip
        if "<" in text or "&" in text:
            text = plain_text(text)
        key = (article if article.__class__ is str else _text_of(article)) or ""
        title = None if title is None else _text_of(title)
        # _text_of, written out for strings (a million records: the calls add up).
        author = (author or None) if author.__class__ is str else _text_of(author)
        when = timestamp(when) if when is not None else None
        article_text = None if article_text is None else _text_of(article_text)
        if title and key and key == own_id:
            # The article itself among its comments (a Hacker News story, whose story_id
            # is its own id): its title and text are the document's.
            body = article_text or text or None
            return _new_record(Record, (key, "", None, author, when, "", title, body, None,
                                        True, None))  # fmt: skip
        return _new_record(Record, (
            key, own_id, up or parent, author, when, text, title, article_text, None, False, None,
        ))  # fmt: skip

    def replies(self, value: dict, own_id: str) -> Iterator[Record]:
        """The records of the replies nested in ``value`` (whose record's id is
        ``own_id``), with theirs."""
        for key in _REPLY_LISTS:
            nested = value.get(key)
            if nested is None:
                continue
            if isinstance(nested, dict) and isinstance(nested.get("comments"), list):
                nested = nested["comments"]
            if isinstance(nested, list):
                for child in nested:
                    for r in self.records(child, own_id):
                        yield r if r.article or not value else self._inherit(r, value)

    def _inherit(self, record: Record, parent: dict) -> Record:
        """A nested reply without its own article field belongs to its parent's article."""
        article = _text_of(self._fields(parent)[2])
        return record._replace(article=article) if article else record


def _is_annotation(value: Any) -> bool:
    """A W3C Web Annotation (or a page of them), or a Hypothesis annotation."""
    if not isinstance(value, dict):
        return False
    context = json.dumps(value.get("@context", ""))
    kind = value.get("type")
    if "w3.org/ns/anno" in context or kind in ("Annotation", "AnnotationPage",
                                                 "AnnotationCollection"):  # fmt: skip
        return True
    target = value.get("target")
    return isinstance(target, list) and "uri" in value and "user" in value  # Hypothesis


def records(
    path: Path, mapping: FieldMapping | None = None, encoding: str | None = None
) -> Iterator[Record]:
    """Every comment record in the file, in file order (see the module's notes);
    ``encoding``: the text's, for CSV and JSON Lines (see ``dataset_files``)."""
    found = _records(path, mapping, encoding)
    container = container_article(path) if mapping is None else None
    return found if container is None else _with_container(found, container)


def _records(path: Path, mapping: FieldMapping | None, encoding: str | None) -> Iterator[Record]:
    generic = _Generic(mapping)
    first = True
    for value in raw_values(path, encoding, looks_like_record if mapping is None else None):
        if first and _is_annotation(value):
            raise UnreadableFile(
                "annotations (W3C Web Annotations or Hypothesis), not comment data: add them "
                "to the documents with reader import-annotations"
            )
        first = False
        if mapping is not None or (value.__class__ is dict and "kind" not in value):
            shape = "records"  # what shape_of says, without asking
        else:
            shape = shape_of(value)
        if shape == "youtube":
            yield from _youtube(value)
        elif shape == "reddit":
            yield from _reddit(value)
        else:
            record = generic.record(value)
            if record is not None:
                yield record
                if not value.keys().isdisjoint(_REPLY_LISTS):
                    yield from generic.replies(value, record.id)


def _with_container(found: Iterator[Record], container: Record | None) -> Iterator[Record]:
    """The records, with the file's own article (see ``dataset_container``) after the
    first of them, whose article key it takes."""
    for record in found:
        yield record
        if container is not None:
            yield container._replace(article=record.article)
            container = None


def looks_like_record(keys: list[str]) -> bool:
    """Whether an object with these keys is a comment record (or an API resource)."""
    return "kind" in keys or guess_mapping(k for k in keys if k not in _REPLY_LISTS) is not None


def field_names(path: Path, limit: int = 50) -> tuple[list[str], list[dict]]:
    """The fields of the first records and those records (flattened to one level of
    dotted names), for a mapping dialog's preview."""
    names: dict[str, None] = {}
    rows: list[dict] = []
    for value in raw_values(path, None, looks_like_record):
        if len(rows) >= limit:
            break
        if not isinstance(value, dict):
            continue
        flat = _flatten(value)
        rows.append(flat)
        names.update(dict.fromkeys(flat))
    return list(names), rows


def _flatten(value: dict, prefix: str = "", depth: int = 0) -> dict[str, str]:
    flat: dict[str, str] = {}
    for k, v in value.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and depth < 3:
            flat.update(_flatten(v, f"{name}.", depth + 1))
        elif isinstance(v, list):
            flat[name] = f"[{len(v)} items]"
        else:
            flat[name] = "" if v is None else str(v)
    return flat
