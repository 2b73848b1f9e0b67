"""Writing TOML: enough for packs, routines and profiles (tables, arrays of tables, scalars)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["to_toml"]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _string(text: str) -> str:
    # JSON escapes the control characters TOML forbids in strings, except DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _string(key)


def to_toml(document: Mapping[str, Any]) -> str:
    """Write a pack document (scalars, lists, tables, arrays of tables) as TOML text."""
    lines = []
    tables = []
    for key, value in document.items():
        if isinstance(value, list | tuple) and value and all(isinstance(v, Mapping) for v in value):
            tables.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_toml_value(value)}")
    for key, items in tables:
        for item in items:
            lines.append(f"\n[[{_key(key)}]]")
            lines.extend(f"{_key(k)} = {_toml_value(v)}" for k, v in item.items())
    return "\n".join(lines) + "\n"
