"""Version numbers and ranges, so that packs can say which acupress versions they support.

Versions and ranges are PEP 440, read by ``packaging`` (``1.4.2``, ``0.2rc1``; ``>=0.1,<1``,
``~=1.2``, ``==1.*``, ``!=1.3``). Pre-releases are ordered as PEP 440 orders them and are never
left out of a range: acupress ``0.2rc1`` is in ``>=0.1,<1``. Anything ``packaging`` cannot read
is an ``InvalidVersionRange`` that names the text, never a bare ValueError.

Every pack's range is checked on every load, and importing ``packaging`` costs more than the
rest of a warm load's checks, so each answer is kept in the per-user cache, keyed by the
version, the range and the version of ``packaging``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .__about__ import __version__
from ._cache import cached
from ._state import on_forget
from .errors import InvalidVersionRange

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

__all__ = ["InvalidVersionRange", "acupress_version", "matches", "parse_range", "parse_version"]


def parse_version(text: str) -> Version:
    """``"1.4.2"`` as a ``packaging`` Version; InvalidVersionRange when it is not PEP 440."""
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except (InvalidVersion, TypeError):
        raise InvalidVersionRange(
            f"not a version number: {text!r} (write it like 1.2.0 or 0.2rc1)"
        ) from None


def parse_range(spec: str) -> SpecifierSet:
    """``">=0.1,<1"`` as a ``packaging`` SpecifierSet; InvalidVersionRange when it is not one."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    if not isinstance(spec, str) or not spec.strip():
        raise InvalidVersionRange(f"not a version range: {spec!r} is empty (write like '>=0.1,<1')")
    try:
        return SpecifierSet(spec)
    except (InvalidSpecifier, TypeError) as exc:
        reason = str(exc).strip()
        detail = f": {reason}" if reason and spec not in reason else ""
        raise InvalidVersionRange(
            f"not a version range: {spec!r}{detail} (write it like '>=0.1,<1' or '~=1.2')"
        ) from None


def _matches(version: str, spec: str) -> bool:
    return parse_range(spec).contains(parse_version(version), prereleases=True)


# A release (digits and dots, nothing else) and one clause of a range over releases: what every
# real pack writes (">=0.1,<1"). For these PEP 440 is plain arithmetic on the release numbers,
# trailing zeros aside (1 == 1.0.0); anything else is read by packaging.
_RELEASE = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_CLAUSE = re.compile(r"\s*(>=|<=|==|!=|<|>)\s*([0-9]+(?:\.[0-9]+)*)\s*")


def _release(text: str) -> tuple[int, ...]:
    numbers = [int(n) for n in text.split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _plain_answer(version: object, spec: object) -> bool | None:
    """``matches(version, spec)`` without packaging when both are plain releases, else None.

    With a release on both sides, the exclusive ``<`` and ``>`` of PEP 440 exclude nothing more
    (their exceptions are for pre-, post- and local releases), and ``==``/``!=`` without a
    wildcard compare the padded numbers.
    """
    if not isinstance(version, str) or not isinstance(spec, str):
        return None
    if _RELEASE.fullmatch(version) is None:
        return None
    clauses = [_CLAUSE.fullmatch(part) for part in spec.split(",")]
    if not clauses or any(c is None for c in clauses):
        return None
    have = _release(version)
    for clause in clauses:
        assert clause is not None
        operator, bound = clause[1], _release(clause[2])
        if not _COMPARE[operator](have, bound):
            return False
    return True


_COMPARE: dict[str, Callable[[tuple[int, ...], tuple[int, ...]], bool]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


@functools.lru_cache(maxsize=4096)
def matches(version: str, spec: str) -> bool:
    """True when ``version`` lies in the range ``spec`` (for example ``">=0.1,<1"``).

    InvalidVersionRange when either cannot be read. Kept per process too (keyed by content
    only, forgotten with the rest by ``acupress.refresh()``): a thousand packs asking for one
    range read the per-user cache once. A plain range over plain releases needs neither
    packaging nor the cache (``_plain_answer``).
    """
    plain = _plain_answer(version, spec)
    if plain is not None:
        return plain
    import json

    import packaging

    return cached(
        "version-range",
        json.dumps([version, spec]),
        packaging.__version__,
        lambda: _matches(version, spec),
        bool,
    )


on_forget(matches.cache_clear)


def acupress_version() -> str:
    """The version of this acupress (a literal in ``__about__``: no metadata to read)."""
    return __version__
