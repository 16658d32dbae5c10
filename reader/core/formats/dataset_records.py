"""Comment records out of JSON, JSON Lines and CSV files, one at a time.

A comment dataset is a file of records, one per comment, each with an id and the id of
the comment it answers. :func:`records` streams a file (``ijson`` for a JSON document,
line by line for JSON Lines, ``csv`` for CSV), so a file of a million comments is never
in memory at once, and turns every shape it knows into flat :class:`Record`s:

* flat records whose fields :class:`FieldMapping` names (guessed from common names:
  ``id``, ``parent_id``, ``author``, ``created_utc``, ``body``, ``link_id``…, or given);
* records with their replies nested in a ``replies``/``children`` list;
* YouTube Data API ``commentThread`` and ``comment`` resources (a list response or one
  per line);
* Reddit listing JSON (a post's ``t3`` and its ``t1`` comments, replies nested).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.textio import UnreadableFile


class MappingError(ValueError):
    """A field mapping that cannot be read or that names fields the data lacks."""


@dataclass(frozen=True, slots=True)
class Record:
    """One comment (or, with ``is_article``, an article's own title and text)."""

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


def timestamp(value: Any) -> str | None:
    """A record's time as ISO 8601: Unix seconds (or milliseconds) become UTC."""
    if isinstance(value, str) and re.fullmatch(r"\d{9,13}(\.\d+)?", value.strip()):
        value = float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return str(value)
        return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    return _string(value)


# ---- reading the file's values ----------------------------------------------------------


def _text_stream(path: Path) -> io.TextIOWrapper:
    """The file as text: UTF-8 (with or without BOM), else what its start suggests."""
    with path.open("rb") as f:
        head = f.read(65536)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sample's end
            encoding = _legacy_encoding(head)
    return open(path, encoding=encoding, errors="replace", newline="")  # noqa: SIM115


# Encodings a guess may land on that data files today are almost never in: among guesses
# that fit about as well, a Windows or ISO code page is taken first.
_RARE = ("mac_", "cp4", "cp7", "cp8", "cp1006", "cp1125", "kz1048", "hp_", "ptcp")


def _legacy_encoding(head: bytes) -> str:
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(head))
    if not matches:
        return "cp1252"
    best = matches[0]
    # Western European text fits several single-byte code pages nearly equally well;
    # the one most data in them was written in wins a near tie.
    for m in matches:
        if m.chaos <= best.chaos + 0.2 and m.encoding in ("cp1252", "latin_1", "iso8859_15"):
            return m.encoding
    for m in matches:
        if m.chaos <= best.chaos + 0.2 and not m.encoding.startswith(_RARE):
            return m.encoding
    return best.encoding


def _json_kind(path: Path) -> str:
    """'lines' (JSON Lines), 'array' or 'object'."""
    with _text_stream(path) as f:
        first = f.readline()
        while first and not first.strip():
            first = f.readline()
        head = first.lstrip()
        if head.startswith("["):
            return "array"
        if not head.startswith("{"):
            raise UnreadableFile("a .json file that is not JSON (it does not start with { or [)")
        try:
            json.loads(first)  # the whole first line, however long its record
        except ValueError:
            return "object"
        rest = f.readline()
        while rest and not rest.strip():
            rest = f.readline()
    # One line alone is a JSON document (perhaps an API response holding a list).
    return "lines" if rest.strip().startswith("{") else "object"


def _ijson():
    import ijson

    return ijson


def _stream_object(path: Path) -> Iterator[Any]:
    """The records inside a top-level object: the first key holding a list of objects
    (``items`` of a YouTube response, ``data.children`` of a Reddit listing,
    ``comments``…) is streamed; an object with no such list is one record."""
    ijson = _ijson()
    prefix = None
    with path.open("rb") as f:
        try:
            for pre, event, _value in ijson.parse(f):
                if event == "start_array" and pre.count(".") <= 2:
                    prefix = pre
                    break
                if event == "start_map" and pre.endswith(".item"):
                    break
        except ijson.JSONError as error:
            raise UnreadableFile(f"a .json file that is not valid JSON ({error})") from error
    if prefix is None:
        with path.open("rb") as f:
            yield json.load(f)
        return
    yield from _stream_items(path, prefix)


def _stream_items(path: Path, prefix: str) -> Iterator[Any]:
    ijson = _ijson()
    with path.open("rb") as f:
        try:
            yield from ijson.items(f, f"{prefix}.item" if prefix else "item", use_float=True)
        except ijson.JSONError as error:
            raise UnreadableFile(f"a .json file that is not valid JSON ({error})") from error


def _json_lines(path: Path) -> Iterator[Any]:
    with _text_stream(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except ValueError as error:
                raise UnreadableFile(
                    f"line {number} of this JSON Lines file is not JSON ({error.args[0]})"
                ) from error


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(64 * 1024 * 1024)
    with _text_stream(path) as f:
        header = f.readline()
        f.seek(0)
        # The header names the fields: the separator it uses most is the file's (csv's
        # Sniffer guesses from the text of comments too, and can pick a comma in them).
        counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
        if path.suffix.lower() == ".tsv" and counts["\t"]:
            delimiter = "\t"
        try:
            yield from csv.DictReader(f, delimiter=delimiter)
        except csv.Error as error:
            raise UnreadableFile(f"a CSV file Reader cannot read ({error})") from error


def raw_values(path: Path) -> Iterator[Any]:
    """The file's top-level values: rows of a CSV, lines of JSON Lines, items of a
    JSON array, or what a JSON object holds."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return _csv_rows(path)
    kind = _json_kind(path)
    if kind == "lines":
        return _json_lines(path)
    if kind == "array":
        return _stream_items(path, "")
    return _stream_object(path)


# ---- known shapes ---------------------------------------------------------------------


def _youtube_comment(c: dict, video: str | None, parent: str | None) -> Record:
    s = c.get("snippet") or {}
    text = s.get("textOriginal") or s.get("textDisplay") or ""
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
    video = snippet.get("videoId")
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
            url=data.get("url"), is_article=True,
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


class _Generic:
    """Flat or nested records under a mapping (given, or guessed from the first)."""

    def __init__(self, mapping: FieldMapping | None) -> None:
        self.mapping = mapping
        self.counter = 0

    def records(self, value: Any, parent: str | None = None) -> Iterator[Record]:
        if not isinstance(value, dict):
            return
        if self.mapping is None:
            self.mapping = guess_mapping(k for k in value if k not in _REPLY_LISTS)
            if self.mapping is None:
                names = ", ".join(list(value)[:12])
                raise UnreadableFile(
                    f"comment data whose fields Reader cannot tell apart (fields: {names}); "
                    "name them with --map text=…,id=…,parent=… or in the import dialog"
                )
        m = self.mapping
        self.counter += 1
        own_id = _string(_get(value, m.id)) or f"r{self.counter}"
        text = _get(value, m.text)
        yield Record(
            article=_string(_get(value, m.article)) or "",
            id=own_id,
            parent=_string(_get(value, m.parent)) or parent,
            author=_string(_get(value, m.author)),
            time=timestamp(_get(value, m.time)),
            text="" if text is None else str(text) if not isinstance(text, dict) else "",
            title=_string(_get(value, m.title)),
            article_text=_string(_get(value, m.article_text)),
        )
        for key in _REPLY_LISTS:
            nested = value.get(key)
            if isinstance(nested, dict) and isinstance(nested.get("comments"), list):
                nested = nested["comments"]
            if isinstance(nested, list):
                for child in nested:
                    for r in self.records(child, own_id):
                        yield r if r.article or not value else _inherit(r, value, m)


def _inherit(record: Record, parent: dict, m: FieldMapping) -> Record:
    """A nested reply without its own article field belongs to its parent's article."""
    article = _string(_get(parent, m.article))
    return replace(record, article=article) if article else record


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


def records(path: Path, mapping: FieldMapping | None = None) -> Iterator[Record]:
    """Every comment record in the file, in file order (see the module's notes)."""
    generic = _Generic(mapping)
    first = True
    for value in raw_values(path):
        if first and _is_annotation(value):
            raise UnreadableFile(
                "annotations (W3C Web Annotations or Hypothesis), not comment data: add them "
                "to the documents with reader import-annotations"
            )
        first = False
        shape = shape_of(value) if mapping is None else "records"
        if shape == "youtube":
            yield from _youtube(value)
        elif shape == "reddit":
            yield from _reddit(value)
        else:
            yield from generic.records(value)


def field_names(path: Path, limit: int = 50) -> tuple[list[str], list[dict]]:
    """The fields of the first records and those records (flattened to one level of
    dotted names), for a mapping dialog's preview."""
    names: dict[str, None] = {}
    rows: list[dict] = []
    for value in raw_values(path):
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
