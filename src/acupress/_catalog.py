"""Load the standard catalog (14 meridians, 361 WHO points, 48 extra points) from package data.

The catalog is TOML inside the package, read on first use only. A compiled JSON copy of it
(``data/catalog.json``, ``python -m acupress._catalog``) makes that first use fast; the loader
checks it against the TOML and ignores it when stale.
"""

from __future__ import annotations

import functools
import json
import os
import re
import zlib
from collections.abc import Mapping
from typing import Any

import attrs

from ._model import (
    MERIDIAN_CODES,
    Laterality,
    Location,
    Meridian,
    Point,
    PointNames,
    Reach,
    Region,
)
from .errors import DataError

__all__ = [
    "Catalog",
    "Notation",
    "PointRecord",
    "compile_bundle",
    "legacy_bladder",
    "load_catalog",
    "point_from_record",
    "read_data",
]

POINT_FILES = (*MERIDIAN_CODES, "EX")


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


DATA_FILES = (
    "meridians.toml",
    "notations.toml",
    "legacy_bladder.toml",
    "safety.toml",
    "maps.toml",
    *(f"points/{name}.toml" for name in POINT_FILES),
)
BUNDLE = "catalog.json"
_DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


def _read_bytes(name: str) -> bytes:
    try:
        with open(os.path.join(_DATA_DIR, *name.split("/")), "rb") as f:
            return f.read()
    except OSError:
        # Not on a plain file system (a zip, say): ask the import system instead.
        from importlib import resources

        return resources.files("acupress").joinpath("data").joinpath(name).read_bytes()


def sources_checksum() -> int:
    """A checksum of every TOML data file, to tell whether the compiled bundle is current."""
    crc = 0
    for name in DATA_FILES:
        crc = zlib.crc32(_read_bytes(name), crc)
    return crc


def _parse(name: str) -> Any:
    import tomllib

    display = f"acupress/data/{name}"
    try:
        return tomllib.loads(_read_bytes(name).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:  # TOMLDecodeError is a ValueError
        raise DataError([f"{display}: invalid TOML: {exc}"]) from None


def compile_bundle() -> dict[str, Any]:
    """Parse every TOML data file into one JSON-ready bundle, stamped with the sources' checksum."""
    return {"checksum": sources_checksum(), "files": {name: _parse(name) for name in DATA_FILES}}


@functools.cache
def _bundle() -> Mapping[str, Any]:
    # Parsing the TOML costs about 35 ms; the compiled JSON about 2 ms. The TOML stays the
    # source of truth: a bundle whose checksum does not match the TOML files is ignored.
    try:
        bundle = json.loads(_read_bytes(BUNDLE))
    except (OSError, ValueError):
        return {}
    if not isinstance(bundle, dict) or bundle.get("checksum") != sources_checksum():
        return {}
    files = bundle.get("files")
    return files if isinstance(files, dict) else {}


def read_data(name: str) -> tuple[str, Any]:
    """The display path and parsed content of the data file ``name`` (``points/LU.toml``)."""
    display = f"acupress/data/{name}"
    bundled = _bundle().get(name)
    return display, bundled if bundled is not None else _parse(name)


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
    """The older bladder numbering: ``{"B47": "BL52", ...}``."""
    source, raw = read_data("legacy_bladder.toml")
    try:
        return {old: _text(row, "who") for old, row in _table(raw, source).items()}
    except TypeError as exc:
        raise DataError([f"{source}: {exc}"]) from None


if __name__ == "__main__":
    # Regenerate the compiled bundle after editing any TOML file in acupress/data.
    with open(os.path.join(_DATA_DIR, BUNDLE), "w", encoding="utf-8") as out:
        json.dump(
            compile_bundle(),
            out,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        out.write("\n")
