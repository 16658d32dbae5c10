"""A Document's parsed structure as JSON, and back, exactly.

The conversion follows the dataclasses' own fields and type hints, so a field the
parser adds later is stored without touching this module. ``text`` is kept out of
the JSON (the project stores it in its own column) and handed back on decoding.
A structure that no longer fits the model raises :class:`StructureMismatch`; the
caller then parses the text again.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from functools import cache
from typing import Any

from reader.core.model import Document


class StructureMismatch(ValueError):
    """Stored JSON that does not describe the current model."""


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in a document structure")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(data: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _decode(data, option)
            except StructureMismatch as error:
                errors.append(str(error))
        raise StructureMismatch("; ".join(errors) or f"{data!r} does not fit {hint}")
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(data, list):
            raise StructureMismatch(f"expected a list for {hint}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(v, args[0]) for v in data)
        if len(args) != len(data):
            raise StructureMismatch(f"expected {len(args)} items for {hint}")
        return tuple(_decode(v, a) for v, a in zip(data, args, strict=True))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decode_dataclass(data, hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(data)
        except ValueError as error:
            raise StructureMismatch(str(error)) from error
    if hint is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if hint in (str, int, bool) and type(data) is hint:
        return data
    if hint is Any:
        return data
    raise StructureMismatch(f"{data!r} is not a {hint}")


def _decode_dataclass(data: Any, cls: type, **given: Any) -> Any:
    if not isinstance(data, dict):
        raise StructureMismatch(f"expected an object for {cls.__name__}")
    hints = _hints(cls)
    kwargs = dict(given)
    for f in dataclasses.fields(cls):
        if f.name in kwargs:
            continue
        if f.name in data:
            kwargs[f.name] = _decode(data[f.name], hints[f.name])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise StructureMismatch(f"{cls.__name__}.{f.name} is missing")
    return cls(**kwargs)


def document_to_json(doc: Document) -> str:
    """The structure of ``doc`` without its text, as compact JSON."""
    data = _encode(doc)
    del data["text"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_from_json(structure: str, text: str) -> Document:
    """The Document that :func:`document_to_json` stored, with ``text`` put back."""
    try:
        data = json.loads(structure)
    except json.JSONDecodeError as error:
        raise StructureMismatch(f"not JSON: {error}") from error
    return _decode_dataclass(data, Document, text=text)
