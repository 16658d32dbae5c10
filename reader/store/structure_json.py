"""A Document's parsed structure as JSON, and back, exactly.

The layout follows the dataclasses' own fields and type hints, so a field the parser adds
later is stored without touching this module. Each object is stored as the list of its
field values, and the file names the fields of every class it uses::

    {"fields": {"Document": ["text", "title", ...], "Block": [...], ...},
     "document": [null, "Title", ...]}

On reading, the names must be the model's current ones, else :class:`StructureMismatch`
(the caller then parses the text again); lists instead of keyed objects make reading a
document with 5,000 comments several times faster. ``text`` is not stored (the project
keeps it in its own column) and is handed back on reading.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import operator
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

from reader.core.model import Document


class StructureMismatch(ValueError):
    """Stored JSON that does not describe the current model."""


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _inner_types(hint: Any) -> list[Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType, tuple):
        return [a for a in typing.get_args(hint) if a is not Ellipsis]
    return [hint]


@cache
def model_fields() -> dict[str, tuple[str, ...]]:
    """Every dataclass a Document is made of, with its field names: what a stored
    structure records of the model it was written by (``search_index`` compares it too,
    to read a stored shape without loading the document)."""
    found: dict[str, tuple[str, ...]] = {}
    pending: list[Any] = [Document]
    while pending:
        hint = pending.pop()
        for t in _inner_types(hint):
            if t is not hint:
                pending.append(t)
            elif isinstance(t, type) and dataclasses.is_dataclass(t) and t.__name__ not in found:
                found[t.__name__] = _field_names(t)
                pending += list(_hints(t).values())
    return found


# ---- writing ---------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_encode(getattr(value, name)) for name in _field_names(type(value))]
    raise TypeError(f"cannot store {type(value).__name__} in a document structure")


# Encoding by type hint, compiled once per class: values that JSON writes as they are
# (strings, numbers, string enums, tuples of those) are left alone, so a document with
# 20,000 comments is not taken apart value by value. Gives what ``_encode`` gives.
Encoder = Callable[[Any], Any] | None  # None: as it is


@cache
def _value_encoder(hint: Any) -> Encoder:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        encoders = [_value_encoder(a) for a in options]
        if all(e is None for e in encoders):
            return None
        if len(options) == 1:
            inner = encoders[0]
            assert inner is not None
            return lambda value: None if value is None else inner(value)
        return _encode
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _value_encoder(args[0])
            return None if item is None else (lambda value: [item(v) for v in value])
        items = [_value_encoder(a) for a in args]
        if all(e is None for e in items):
            return None
        return lambda value: [v if e is None else e(v) for e, v in zip(items, value, strict=True)]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _row_encoder(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return None if issubclass(hint, str) else (lambda value: value.value)
    if hint in (str, int, float, bool, type(None)):
        return None
    return _encode


@cache
def _row_encoder(cls: type) -> Callable[[Any], list | tuple]:
    hints = _hints(cls)
    steps = [(name, _value_encoder(hints[name])) for name in _field_names(cls)]
    if len(steps) > 1 and all(e is None for _, e in steps):
        # Every field as it is (a comment): its values in one C call, a tuple that JSON
        # writes as the list would be.
        return operator.attrgetter(*(name for name, _ in steps))

    def encode(value: Any) -> list:
        return [getattr(value, name) if e is None else e(getattr(value, name)) for name, e in steps]

    return encode


def document_to_json(doc: Document) -> str:
    """The structure of ``doc`` without its text, as compact JSON."""
    row = list(_row_encoder(Document)(doc))
    row[_field_names(Document).index("text")] = None
    data = {"fields": {k: list(v) for k, v in model_fields().items()}, "document": row}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# ---- reading ---------------------------------------------------------------------------

# A converter turns the JSON value into the field's value; None means "as it is".
Converter = Callable[[Any], Any] | None


# Per class, the defaults of fields a stored structure lacks at the end of its rows (it
# was written before the model gained them); empty when it matches the model.
Padding = tuple[tuple[str, tuple[Any, ...]], ...]


@cache
def _converter(hint: Any, padding: Padding = ()) -> Converter:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _converter(options[0], padding) if len(options) == 1 else None
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0], padding)
            if item is None:
                return tuple
            return lambda value: tuple(map(item, value))
        items = [_converter(a, padding) for a in args]
        if all(c is None for c in items):
            return tuple
        return lambda value: tuple(
            v if c is None else c(v) for c, v in zip(items, value, strict=True)
        )
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _row_converter(hint, padding)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if hint is float:
        return float
    return None


@cache
def _row_converter(cls: type, padding: Padding = ()) -> Callable[[list], Any]:
    hints = _hints(cls)
    names = _field_names(cls)
    converted = [
        (i, c) for i, n in enumerate(names) if (c := _converter(hints[n], padding)) is not None
    ]
    size = len(names)
    extra = list(dict(padding).get(cls.__name__, ()))
    stored = size - len(extra)

    def convert(row: list) -> Any:
        if type(row) is not list or len(row) != stored:
            raise StructureMismatch(f"a {cls.__name__} needs {stored} values")
        if extra:
            row = row + extra
        for i, conv in converted:
            value = row[i]
            if value is not None:
                row[i] = conv(value)
        return cls(*row)

    return convert


def _padding(stored: Any) -> Padding:
    """How to read rows stored before the model gained fields at the end of a class
    (each with a default, so an older structure still says all it said); any other
    difference is a mismatch, and the document is parsed again."""
    current = model_fields()
    if not isinstance(stored, dict) or set(stored) != set(current):
        raise StructureMismatch("stored by a different version of the document model")
    padding = []
    for name, fields in current.items():
        old = stored[name]
        if old == list(fields):
            continue
        if not isinstance(old, list) or list(fields[: len(old)]) != old:
            raise StructureMismatch("stored by a different version of the document model")
        cls = _dataclass_named(name)
        defaults = []
        for f in dataclasses.fields(cls)[len(old) :]:
            if f.default is not dataclasses.MISSING:
                defaults.append(f.default)
            elif f.default_factory is not dataclasses.MISSING:
                defaults.append(f.default_factory())
            else:
                raise StructureMismatch(f"{name}.{f.name} has no default to read an old row")
        padding.append((name, tuple(defaults)))
    return tuple(padding)


@cache
def _dataclass_named(name: str) -> type:
    pending: list[Any] = [Document]
    while pending:
        hint = pending.pop()
        for t in _inner_types(hint):
            if t is not hint:
                pending.append(t)
            elif isinstance(t, type) and dataclasses.is_dataclass(t):
                if t.__name__ == name:
                    return t
                pending += list(_hints(t).values())
    raise StructureMismatch(f"no {name} in the document model")


def document_from_json(structure: str, text: str) -> Document:
    """The Document that :func:`document_to_json` stored, with ``text`` put back."""
    try:
        data = json.loads(structure)
    except json.JSONDecodeError as error:
        raise StructureMismatch(f"not JSON: {error}") from error
    if not isinstance(data, dict) or "document" not in data:
        raise StructureMismatch("not a stored document structure")
    padding = _padding(data.get("fields"))
    row = data["document"]
    if type(row) is list and len(row) == len(_field_names(Document)):
        row[_field_names(Document).index("text")] = text
    try:
        return _row_converter(Document, padding)(row)
    except StructureMismatch:
        raise
    except (TypeError, ValueError, IndexError, AttributeError) as error:
        raise StructureMismatch(str(error)) from error
