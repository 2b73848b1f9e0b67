"""JSON Schema of the pack format, derived from the attrs classes so the two never drift."""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, get_args, get_origin

import attrs

from .._model.packs import SCHEMA_VERSION, Pack

__all__ = ["pack_schema"]

_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
}


def _schema_of(type_: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if type_ in _SCALARS:
        return dict(_SCALARS[type_])
    if type_ is Any:
        return {}
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return {"enum": [m.value for m in type_]}
    if attrs.has(type_):
        name = type_.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object_schema(type_, defs)
        return {"$ref": f"#/$defs/{name}"}
    origin = get_origin(type_)
    args = get_args(type_)
    if origin in (typing.Union, types.UnionType):
        options = [_schema_of(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin in (tuple, list) and args:
        return {"type": "array", "items": _schema_of(args[0], defs)}
    if origin in (dict, Mapping) or type_ is dict:
        return {"type": "object"}
    if origin is typing.Literal:
        return {"enum": list(args)}
    raise TypeError(f"no JSON Schema for {type_!r}")  # pragma: no cover - a new field type


# Bounds the model checks in its validators that the types alone cannot say.
_BOUNDS: dict[tuple[str, str], dict[str, Any]] = {
    ("Condition", "min_age"): {"minimum": 0, "maximum": 130},
    ("Reference", "excluded"): {"uniqueItems": True},
}


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = {}
    required = []
    for field in attrs.fields(cls):
        properties[field.name] = _schema_of(hints[field.name], defs)
        properties[field.name].update(_BOUNDS.get((cls.__name__, field.name), {}))
        if field.default is attrs.NOTHING:
            required.append(field.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split("\n\n")[0].split())
    if required:
        schema["required"] = required
    return schema


def pack_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a pack document, for editors and validators."""
    defs: dict[str, Any] = {}
    root = _object_schema(Pack, defs)
    root["properties"]["schema"] = {"const": SCHEMA_VERSION}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://acupress.invalid/schema/pack-{SCHEMA_VERSION}.json",
        "title": "acupress content pack",
        **root,
        "$defs": defs,
    }
