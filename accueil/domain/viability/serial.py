"""Lossless conversion of the viability dataclasses to and from JSON-ready dictionaries.

Holds only structural conversion (dataclasses, enums, tuples, optionals, floats), so that an
analysis can be stored and replayed identically. It must know no business rule and must not
read or write files: the store decides where the JSON goes.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, Self, cast


def to_jsonable(value: object) -> Any:
    """Turn a dataclass tree into dicts, lists and scalars that `json.dumps` accepts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


def from_jsonable(annotation: Any, data: Any) -> Any:
    """Rebuild a value of type `annotation` from what `to_jsonable` produced."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        if data is None and type(None) in args:
            return None
        concrete = [arg for arg in args if arg is not type(None)]
        return from_jsonable(concrete[0], data)
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], item) for item in data)
        return tuple(from_jsonable(arg, item) for arg, item in zip(args, data, strict=True))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation(data)
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        hints = typing.get_type_hints(annotation)
        kwargs = {
            field.name: from_jsonable(hints[field.name], data[field.name])
            for field in dataclasses.fields(annotation)
            if field.name in data
        }
        return annotation(**kwargs)
    if annotation is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    return data


class Serialisable:
    """Mixin giving frozen dataclasses a `to_dict()` / `from_dict()` pair."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dictionary (enums as their values, tuples as lists)."""
        return cast(dict[str, Any], to_jsonable(self))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Rebuild the object from `to_dict()` output; absent keys take their defaults."""
        return cast(Self, from_jsonable(cls, data))
