"""A pack's parsed form, shipped beside its text so the first load after install need not parse it.

``pack.toml`` stays the pack: what people write, review and validate. ``pack.toml.json`` beside it
(written by ``acupress validate --write-parsed``) holds what ``tomllib`` reads from that text, as
JSON, with the SHA-256 of the text it was read from. Parsing JSON costs about a twentieth of
parsing TOML (the seven packs' 220 KB: under 1 ms, against 19 ms), and the first load after an
install parses every installed pack.

The loader uses the parsed form only when its hash is that of the very text it has just read,
and everything after the parse is the same: the text's shape check, the structuring and every
check of the pack. A parsed form that is stale (the text was edited), unreadable, too large, not
JSON, or holds what TOML cannot (``null``, a non-finite number, a key that is not text) is
ignored and the text parsed, so such a file can cost time but never change what loads.
``acupress validate`` reports a parsed form that does not hold what its text says (an error:
it would load instead of the text) or that is stale (a warning).
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

__all__ = ["PARSED_SUFFIX", "parsed_form", "parsed_path", "read_parsed", "write_parsed"]

PARSED_SUFFIX = ".json"  # pack.toml -> pack.toml.json
FORMAT = 1
# JSON of a TOML document is about as long as the text (comments and layout go, quotes come);
# a parsed form far longer than its text is not one.
_MAX_RATIO = 4


def parsed_path(pack_file: str | os.PathLike[str]) -> str:
    """Where the parsed form of ``pack_file`` is: beside it, its name with ``.json`` added."""
    return os.fspath(pack_file) + PARSED_SUFFIX


def _digest(text: str) -> str:
    from .._cache import sha256_hex

    return sha256_hex(text.encode("utf-8"))


def _plain(value: Any) -> bool:
    """Whether ``value`` is what TOML can write: tables of text keys, arrays, text, booleans,
    integers and finite numbers (no null), however deep (walked without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            if not all(type(k) is str for k in item):
                return False
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind is float:
            if not math.isfinite(item):
                return False
        elif kind not in (str, bool, int):
            return False
    return True


def parsed_form(text: str) -> dict[str, Any]:
    """The parsed form of the pack text ``text``: ``{"format", "toml_sha256", "document"}``.

    ValueError when the text is not TOML, or holds what JSON cannot carry exactly (a date or
    time, a non-finite number): such a pack has no parsed form and is always parsed.
    """
    import tomllib

    document = tomllib.loads(text)
    if not _plain(document):
        raise ValueError("the pack holds a date, a time or a non-finite number: no parsed form")
    return {"format": FORMAT, "toml_sha256": _digest(text), "document": document}


def write_parsed(pack_file: str | os.PathLike[str]) -> str:
    """Write the parsed form beside ``pack_file`` (UTF-8 text); returns its path.

    ValueError (nothing written) when the pack has no parsed form (see ``parsed_form``).
    """
    with open(pack_file, encoding="utf-8") as f:
        text = f.read()
    form = parsed_form(text)
    target = parsed_path(pack_file)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(form, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    return target


def read_parsed(path: str, text: str) -> dict[str, Any] | None:
    """The document held by the parsed form at ``path`` when it is the parsed form of exactly
    ``text``; None otherwise (no file, stale, too large, not JSON, not what TOML can write)."""
    from .discovery import read_limited

    try:
        raw = read_limited(path, _MAX_RATIO * len(text) + 1024)
        form = json.loads(raw.decode("utf-8"), parse_constant=_refuse)
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if (
        type(form) is not dict
        or set(form) != {"format", "toml_sha256", "document"}
        or form["format"] != FORMAT
        or form["toml_sha256"] != _digest(text)
    ):
        return None
    document = form["document"]
    if type(document) is not dict or not _plain(document):
        return None
    return document


def _refuse(constant: str) -> Any:
    """JSON's NaN and Infinity: no TOML pack has them in a parsed form."""
    raise ValueError(f"{constant} is not in a parsed form")
