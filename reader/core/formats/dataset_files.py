"""A comment dataset's file as a stream of values: the rows of a CSV/TSV, the lines of
JSON Lines, the items of a JSON array or the list inside a JSON object (``ijson``), one
at a time, so a file of a million comments is never in memory at once.

Text (CSV, JSON Lines) is read as UTF-8 with or without a BOM, else in the legacy
encoding its start suggests (a Western code page preferred in a near tie), or in the
``encoding`` the caller names (the user's pick on File › Re-import With Encoding…). A
JSON document is UTF-8 by its standard and read as bytes; it takes no encoding.
:func:`raw_values` is the entry point; :mod:`dataset_records` turns values into records.
"""

from __future__ import annotations

import csv
import io
import json
import json.scanner
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reader.core.textio import UnreadableFile


def _text_stream(path: Path, encoding: str | None = None) -> io.TextIOWrapper:
    """The file as text: in ``encoding`` when given, else UTF-8 (with or without BOM),
    else what its start suggests."""
    if encoding is not None:
        return open(path, encoding=encoding, errors="replace", newline="")  # noqa: SIM115
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


def json_kind(path: Path, encoding: str | None = None) -> str:
    """'lines' (JSON Lines), 'array' or 'object'."""
    with _text_stream(path, encoding) as f:
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


# A top-level object of one of these kinds is one resource (a comment thread, a comment,
# a post), however many lists it holds: its replies are in it, not a list of records.
_ONE_RESOURCE = frozenset({"youtube#commentThread", "youtube#comment", "t1", "t3"})
# Keys under which an object holds its own replies (a Hacker News item's ``children``, a
# YouTube thread's ``replies.comments``): such an object is one record with its replies.
_OWN_REPLIES = frozenset({"replies", "children", "responses"})


def object_head(
    path: Path, is_record: Callable[[list[str]], bool] | None = None
) -> tuple[str | None, dict[str, Any]]:
    """Where the records of a top-level object are, and the object's own plain fields
    met before them (a yt-dlp ``.info.json``'s ``title``, ``description``…: the video
    the comments are on).

    The records are the first list of objects within two levels (``items`` of a YouTube
    response, ``data.children`` of a Reddit listing, ``json.data.things`` of Reddit's
    "more children" answer, ``comments``…), skipping empty lists and lists of plain
    values, and, with ``is_record`` (given the keys of a list's first object), lists
    whose objects are not records (yt-dlp's ``formats`` before its ``comments``); when
    no list passes, the first list of objects. None when the object is one record."""
    ijson = _ijson()
    fields: dict[str, Any] = {}
    fallback = None
    with path.open("rb") as f:
        try:
            candidate = None
            keys: list[str] | None = None
            for pre, event, value in ijson.parse(f):
                if keys is not None:  # reading the keys of a candidate list's first object
                    if pre == f"{candidate}.item" and event == "map_key":
                        keys.append(value)
                    elif pre == f"{candidate}.item" and event == "end_map":
                        if is_record is None or is_record(keys):
                            return candidate, fields
                        fallback = fallback or candidate
                        candidate = keys = None
                    continue
                if candidate is not None:
                    if event == "start_map" and pre == f"{candidate}.item":
                        keys = []
                        continue
                    candidate = None  # an empty list, or one of plain values
                if pre == "kind" and event == "string" and value in _ONE_RESOURCE:
                    return None, {}
                if "." not in pre and event in ("string", "number") and pre:
                    fields.setdefault(pre, value)
                if event == "start_array" and pre.count(".") <= 2 and ".item" not in pre:
                    if pre.split(".", 1)[0] in _OWN_REPLIES:
                        return None, {}
                    candidate = pre
                elif event == "start_map" and pre.endswith(".item") and fallback is None:
                    return None, {}  # objects deep in the record: the object is one record
        except ijson.JSONError as error:
            raise UnreadableFile(f"a .json file that is not valid JSON ({error})") from error
    return fallback, fields if fallback is not None else {}


def _stream_object(
    path: Path, is_record: Callable[[list[str]], bool] | None = None
) -> Iterator[Any]:
    """The records inside a top-level object (see :func:`object_head`), streamed; an
    object with no such list is one record."""
    prefix = object_head(path, is_record)[0]
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


# json.loads' own scanner, called as json.loads calls it once the line is stripped
# (loads adds two white-space searches and three calls around it, per line); a line it
# does not take whole goes to json.loads, which says what is wrong with it.
_scan = json.scanner.make_scanner(json.JSONDecoder())


def _json_lines(path: Path, encoding: str | None) -> Iterator[Any]:
    scan = _scan
    with _text_stream(path, encoding) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                value, end = scan(line, 0)
            except (StopIteration, ValueError):
                end = -1
            if end != len(line):
                try:
                    value = json.loads(line)
                except ValueError as error:
                    raise UnreadableFile(
                        f"line {number} of this JSON Lines file is not JSON ({error.args[0]})"
                    ) from error
            yield value


def _csv_rows(path: Path, encoding: str | None) -> Iterator[dict[str, str]]:
    csv.field_size_limit(64 * 1024 * 1024)
    with _text_stream(path, encoding) as f:
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


def is_text(path: Path) -> bool:
    """Whether the file is read as text (CSV, JSON Lines), so that an encoding applies."""
    return path.suffix.lower() in (".csv", ".tsv") or json_kind(path) == "lines"


def raw_values(
    path: Path,
    encoding: str | None = None,
    is_record: Callable[[list[str]], bool] | None = None,
) -> Iterator[Any]:
    """The file's top-level values: rows of a CSV, lines of JSON Lines, items of a
    JSON array, or what a JSON object holds (see :func:`object_head` for
    ``is_record``). ``encoding``: for CSV and JSON Lines."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return _csv_rows(path, encoding)
    kind = json_kind(path, encoding)
    if kind == "lines":
        return _json_lines(path, encoding)
    if kind == "array":
        return _stream_items(path, "")
    return _stream_object(path, is_record)
