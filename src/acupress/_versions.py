"""Version numbers and ranges, enough for packs to say which acupress versions they support.

A small subset of PEP 440: release numbers (``1``, ``0.2``, ``1.4.2``, with an optional pre-release
or dev suffix that is ignored for ordering), and ranges of comma-separated clauses with the
operators ``==``, ``!=``, ``>=``, ``<=``, ``>``, ``<`` and ``~=``; ``==1.2.*`` is allowed.
"""

from __future__ import annotations

import re

from .__about__ import __version__
from .errors import InvalidVersionRange

__all__ = ["InvalidVersionRange", "acupress_version", "matches", "parse_version"]

_VERSION = re.compile(r"v?(\d+(?:\.\d+)*)(?:[._-]?(?:a|b|rc|dev|post)\.?\d*)*(?:\+[\w.]+)?")
_CLAUSE = re.compile(r"\s*(==|!=|>=|<=|~=|>|<)\s*([\w.*+-]+)\s*")


def parse_version(text: str) -> tuple[int, ...]:
    """``"1.4.2"`` -> ``(1, 4, 2)``; trailing zeros are dropped so ``1.0 == 1``."""
    found = _VERSION.fullmatch(text.strip())
    if found is None:
        raise InvalidVersionRange(f"{text!r} is not a version number like 1.2.0")
    parts = [int(p) for p in found.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _clause(op: str, bound: str, version: tuple[int, ...]) -> bool:
    if bound.endswith(".*"):
        if op not in ("==", "!="):
            raise InvalidVersionRange(f"a wildcard works with == and != only, not {op}")
        prefix = parse_version(bound[:-2]) if bound[:-2] else ()
        padded = version + (0,) * max(0, len(prefix) - len(version))
        same = padded[: len(prefix)] == prefix
        return same if op == "==" else not same
    target = parse_version(bound)
    if op == "~=":
        release = [int(p) for p in bound.split(".")]
        if len(release) < 2:
            raise InvalidVersionRange(f"~={bound} needs at least two parts, like ~=1.2")
        upper = (*release[:-2], release[-2] + 1)
        return target <= version < parse_version(".".join(map(str, upper)))
    return {
        "==": version == target,
        "!=": version != target,
        ">=": version >= target,
        "<=": version <= target,
        ">": version > target,
        "<": version < target,
    }[op]


def matches(version: str, spec: str) -> bool:
    """True when ``version`` lies in the range ``spec`` (for example ``">=0.1,<1"``)."""
    parsed = parse_version(version)
    clauses = [c for c in spec.split(",") if c.strip()]
    if not clauses:
        raise InvalidVersionRange("an empty version range")
    result = True
    for clause in clauses:
        found = _CLAUSE.fullmatch(clause)
        if found is None:
            raise InvalidVersionRange(f"{clause.strip()!r} is not a clause like '>=0.1'")
        result = _clause(found.group(1), found.group(2), parsed) and result
    return result


def acupress_version() -> str:
    """The version of this acupress (a literal in ``__about__``: no metadata to read)."""
    return __version__
