"""The standard catalog: 14 meridians, 361 WHO points and 48 extra points, from package data.

``standard_catalog()`` reads it once per process: from the catalog's objects shipped in the
package (``data/catalog-objects.json``, written by ``tools/gen_index.py``) when they were built
from exactly this data and this code, else from the per-user cache, else from the data files
(building 409 validated points costs about 6 ms and storing them 4 ms more; reading them back
from either file about 3.5 ms, every object through its constructor).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ._cache import cached
from ._data import (
    POINT_FILES,
    read_data,
    shipped_document,
    shipped_object,
    shipped_stamp,
    sources_checksum,
)
from ._model.points import Laterality, Location, Meridian, Point, PointNames, Reach, Region
from ._state import process_cache
from .errors import DataError

__all__ = [
    "Catalog",
    "Notation",
    "PointRecord",
    "legacy_bladder",
    "load_catalog",
    "point_from_record",
    "points_from_table",
    "shipped_catalog_document",
    "standard_catalog",
]

# The standard catalog's objects in the cache's stored form, built with the package
# (tools/gen_index.py), so that no run, the first after install included, builds them from the
# data or stores them in the per-user cache. Used only when its stamp is this installation's:
# the data files' checksum and a checksum of the code that decides what the objects are (the
# catalog's reader, the data bundle, the point model and its checks, the stored form).
SHIPPED_CATALOG = "catalog-objects.json"
_CATALOG_CODE = ("_catalog.py", "_data.py", "_cache.py", "_model/points.py", "_model/base.py")


@attrs.frozen
class PointRecord:
    """The schema of one point in ``data/points/*.toml``; tests check the files against it."""

    pinyin: str
    hanzi: str
    gloss: str
    location: str
    region: Region
    laterality: Laterality
    reach: Reach
    tones: str = ""
    simplified: str = ""
    pinyin_alt: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    legacy: tuple[str, ...] = ()


@attrs.frozen
class Notation:
    """A way of writing meridians: its abbreviations and names, per meridian code.

    ``english`` notations are always on; the others only where they collide with no English one,
    or when asked for by name.
    """

    name: str
    description: str
    english: bool
    abbreviations: Mapping[str, tuple[str, ...]] = attrs.Factory(dict)
    names: Mapping[str, tuple[str, ...]] = attrs.Factory(dict)


@attrs.frozen
class Catalog:
    """The standard catalog: meridians, points in WHO order, and meridian notations."""

    meridians: tuple[Meridian, ...]
    points: tuple[Point, ...]
    notations: tuple[Notation, ...]


_NUMBER = re.compile(r"([1-9][0-9]?)$")


def _meridian_of(code: str) -> str:
    if code.startswith("EX-"):
        return "EX"
    return code.rstrip("0123456789")


def _texts(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key}: expected a list of text")
    return tuple(value)


def _text(record: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = record.get(key, default)
    if not isinstance(value, str):
        raise TypeError(
            f"{key}: expected text" if key in record else f"{key}: required key is missing"
        )
    return value


_POINT_KEYS = frozenset(attrs.fields_dict(PointRecord))


def point_from_record(code: str, record: Any) -> Point:
    """Build a Point from one catalog record (a ``[CODE]`` table of ``data/points/*.toml``)."""
    if not isinstance(record, Mapping):
        raise TypeError("expected a table")
    unknown = set(record) - _POINT_KEYS
    if unknown:
        raise ValueError(f"unknown keys {', '.join(sorted(unknown))}")
    match = _NUMBER.search(code)
    hanzi = _text(record, "hanzi")
    return Point(
        code=code,
        meridian=_meridian_of(code),
        number=int(match.group(1)) if match else 0,
        names=PointNames(
            pinyin=_text(record, "pinyin"),
            tones=_text(record, "tones", ""),
            hanzi=hanzi,
            simplified=_text(record, "simplified", "") or hanzi,
            gloss=_text(record, "gloss"),
            pinyin_alt=_texts(record.get("pinyin_alt", []), "pinyin_alt"),
            nicknames=_texts(record.get("nicknames", []), "nicknames"),
        ),
        location=Location(
            text=_text(record, "location"),
            region=Region(_text(record, "region")),
            laterality=Laterality(_text(record, "laterality")),
        ),
        reach=Reach(_text(record, "reach")),
        cautions=_texts(record.get("cautions", []), "cautions"),
        legacy_codes=_texts(record.get("legacy", []), "legacy"),
    )


def points_from_table(table: Any, source: str) -> list[Point]:
    """Build the points of one ``{code: record}`` table; problems raise DataError with paths."""
    if not isinstance(table, Mapping):
        raise DataError([f"{source}: $: expected a table of points"])
    points = []
    problems = []
    for code, record in table.items():
        try:
            points.append(point_from_record(code, record))
        except (TypeError, ValueError) as exc:
            problems.append(f"{source}: $.{code}: {exc}")
    if problems:
        raise DataError(problems)
    return points


def _table(raw: Any, source: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping) or not all(isinstance(v, Mapping) for v in raw.values()):
        raise DataError([f"{source}: $: expected a table of tables"])
    return raw


def _notation(name: str, record: Mapping[str, Any]) -> Notation:
    def spellings(key: str) -> dict[str, tuple[str, ...]]:
        table = record.get(key, {})
        if not isinstance(table, Mapping):
            raise TypeError(f"{key}: expected a table")
        return {code: _texts(v, f"{key}.{code}") for code, v in table.items()}

    english = record.get("english")
    if not isinstance(english, bool):
        raise TypeError("english: expected true or false")
    return Notation(
        name=name,
        description=_text(record, "description"),
        english=english,
        abbreviations=spellings("abbreviations"),
        names=spellings("names"),
    )


def load_catalog() -> Catalog:
    """Read and validate the standard catalog from the package data."""
    source, raw = read_data("meridians.toml")
    try:
        meridians = tuple(
            Meridian(
                code=code,
                name=_text(r, "name"),
                pinyin=_text(r, "pinyin", ""),
                hanzi=_text(r, "hanzi", ""),
            )
            for code, r in _table(raw, source).items()
        )
    except (TypeError, ValueError) as exc:
        raise DataError([f"{source}: {exc}"]) from None
    points: list[Point] = []
    for name in POINT_FILES:
        source, raw = read_data(f"points/{name}.toml")
        points.extend(points_from_table(raw, source))
    source, raw = read_data("notations.toml")
    try:
        notations = tuple(_notation(name, r) for name, r in _table(raw, source).items())
    except (TypeError, ValueError) as exc:
        raise DataError([f"{source}: {exc}"]) from None
    return Catalog(meridians=meridians, points=tuple(points), notations=notations)


def legacy_bladder() -> dict[str, str]:
    """The older bladder numbering: ``{"B47": "BL52", ...}`` (a new table on every call)."""
    return dict(_legacy_bladder())


@process_cache
def _legacy_bladder() -> Mapping[str, str]:
    # From the per-user cache, keyed as the catalog is (the file's 60 lines parsed once).
    table = cached(
        "legacy-bladder", str(sources_checksum()), "", _read_legacy_bladder, dict[str, str]
    )
    return MappingProxyType(table)


def _read_legacy_bladder() -> dict[str, str]:
    # The file alone (3 KB): with the catalog's objects shipped, nothing else of a first run
    # reads the bundle (240 KB of JSON, about 2.8 ms), and the packs' reading has imported TOML.
    source, raw = read_data("legacy_bladder.toml", bundled=False)
    try:
        return {old: _text(row, "who") for old, row in _table(raw, source).items()}
    except TypeError as exc:
        raise DataError([f"{source}: {exc}"]) from None


def _catalog_stamp() -> dict[str, object] | None:
    return shipped_stamp(_CATALOG_CODE, data=sources_checksum())


def shipped_catalog_document() -> dict[str, Any]:
    """The content of the shipped catalog file, built now from the data: its stamp and the
    catalog in the cache's stored form (what ``tools/gen_index.py`` writes; a test compares)."""
    return shipped_document(_catalog_stamp(), load_catalog(), Catalog)


@process_cache
def standard_catalog() -> Catalog:
    """The standard catalog, read once per process."""
    catalog = shipped_object(SHIPPED_CATALOG, _catalog_stamp(), Catalog)
    if catalog is None:
        # Keyed by a checksum of every data file (and the code's stamp), so edits are never
        # missed; the key needs no version, and reading the installed version would cost more
        # than the load.
        catalog = cached("catalog", str(sources_checksum()), "", load_catalog, Catalog)
    # Shared by every library of the process: its tables are read-only (kept plain on disk).
    notations = tuple(
        attrs.evolve(
            n,
            abbreviations=MappingProxyType(dict(n.abbreviations)),
            names=MappingProxyType(dict(n.names)),
        )
        for n in catalog.notations
    )
    return attrs.evolve(catalog, notations=notations)
