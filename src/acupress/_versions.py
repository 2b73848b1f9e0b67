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


@functools.lru_cache(maxsize=4096)
def matches(version: str, spec: str) -> bool:
    """True when ``version`` lies in the range ``spec`` (for example ``">=0.1,<1"``).

    InvalidVersionRange when either cannot be read. Kept per process too (keyed by content
    only, forgotten with the rest by ``acupress.refresh()``): a thousand packs asking for one
    range read the per-user cache once.
    """
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
