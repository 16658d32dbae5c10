"""A Document's parsed structure as JSON, and back, exactly.

The layout follows the dataclasses' own fields and type hints, so a field the parser adds
later is stored without touching this module. Each object is stored as the list of its
field values, and the file names the fields of every class it uses::

    {"fields": {"Document": ["text", "title", ...], "Block": [...], ...},
     "document": [null, "Title", ...]}

On reading, the names must be the model's current ones, or a prefix of them whose
missing fields have defaults (a field added to the end of a class since the document was
stored), else :class:`StructureMismatch` (the caller then parses the text again);
lists instead of keyed objects make reading a document with 5,000 comments several
times faster. ``text`` is not stored (the project
keeps it in its own column) and is handed back on reading.
"""

from __future__ import annotations

import dataclasses
import enum
import json
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
def _classes() -> dict[str, tuple[str, ...]]:
    """Every dataclass a Document is made of, with its field names."""
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


def document_to_json(doc: Document) -> str:
    """The structure of ``doc`` without its text, as compact JSON."""
    row = _encode(dataclasses.replace(doc, text=""))
    row[_field_names(Document).index("text")] = None
    data = {"fields": {k: list(v) for k, v in _classes().items()}, "document": row}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# ---- reading ---------------------------------------------------------------------------

# A converter turns the JSON value into the field's value; None means "as it is".
Converter = Callable[[Any], Any] | None


@cache
def _converter(hint: Any, pad: bool = False) -> Converter:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _converter(options[0], pad) if len(options) == 1 else None
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0], pad)
            if item is None:
                return tuple
            return lambda value: tuple(map(item, value))
        items = [_converter(a, pad) for a in args]
        if all(c is None for c in items):
            return tuple
        return lambda value: tuple(
            v if c is None else c(v) for c, v in zip(items, value, strict=True)
        )
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _row_converter(hint, pad)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if hint is float:
        return float
    return None


@cache
def _row_converter(cls: type, pad: bool = False) -> Callable[[list], Any]:
    """``pad``: the layout is an older one, whose rows may lack trailing fields."""
    hints = _hints(cls)
    names = _field_names(cls)
    converted = [
        (i, c) for i, n in enumerate(names) if (c := _converter(hints[n], pad)) is not None
    ]
    size = len(names)
    defaults = _trailing_defaults(cls) if pad else []

    def convert(row: list) -> Any:
        if type(row) is not list or len(row) != size:
            if type(row) is not list or not size - len(defaults) <= len(row) < size:
                raise StructureMismatch(f"a {cls.__name__} needs {size} values")
            # Stored before the last fields were added: they take their defaults.
            row = row + defaults[len(row) - size :]
        for i, conv in converted:
            value = row[i]
            if value is not None:
                row[i] = conv(value)
        return cls(*row)

    return convert


def _trailing_defaults(cls: type) -> list[Any]:
    """The default values of the class's last fields that have one, in order."""
    found: list[Any] = []
    for f in reversed(dataclasses.fields(cls)):
        if f.default is not dataclasses.MISSING:
            found.insert(0, f.default)
        elif f.default_factory is not dataclasses.MISSING:
            found.insert(0, f.default_factory())
        else:
            break
    return found


def _readable_layout(stored: Any) -> bool:
    """True when every stored class's field names are the current ones, or the current
    ones less some trailing fields that have defaults."""
    current = _classes()
    if not isinstance(stored, dict) or set(stored) != set(current):
        return False
    for name, fields in stored.items():
        now = list(current[name])
        if fields == now:
            continue
        cls = next(c for c in _all_classes() if c.__name__ == name)
        missing = len(now) - len(fields) if isinstance(fields, list) else -1
        if not 0 < missing <= len(_trailing_defaults(cls)) or fields != now[: len(fields)]:
            return False
    return True


@cache
def _all_classes() -> tuple[type, ...]:
    found: dict[str, type] = {}
    pending: list[Any] = [Document]
    while pending:
        hint = pending.pop()
        for t in _inner_types(hint):
            if t is not hint:
                pending.append(t)
            elif isinstance(t, type) and dataclasses.is_dataclass(t) and t.__name__ not in found:
                found[t.__name__] = t
                pending += list(_hints(t).values())
    return tuple(found.values())


def document_from_json(structure: str, text: str) -> Document:
    """The Document that :func:`document_to_json` stored, with ``text`` put back."""
    try:
        data = json.loads(structure)
    except json.JSONDecodeError as error:
        raise StructureMismatch(f"not JSON: {error}") from error
    if not isinstance(data, dict) or "document" not in data:
        raise StructureMismatch("not a stored document structure")
    fields = data.get("fields")
    older = fields != {k: list(v) for k, v in _classes().items()}
    if older and not _readable_layout(fields):
        raise StructureMismatch("stored by a different version of the document model")
    row = data["document"]
    if type(row) is list and len(row) <= len(_field_names(Document)):
        row[_field_names(Document).index("text")] = text
    try:
        return _row_converter(Document, older)(row)
    except StructureMismatch:
        raise
    except (TypeError, ValueError, IndexError, AttributeError) as error:
        raise StructureMismatch(str(error)) from error
