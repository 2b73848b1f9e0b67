"""Plain-data records of model objects, for JSON output and for applications that want dicts."""

from __future__ import annotations

from typing import Any

from ._library import Library
from ._model import Point
from ._resolve import Resolution

__all__ = ["point_record", "resolution_record"]

SPELLING_NOTATIONS = (
    "who",
    "english",
    "pinyin",
    "wade-giles",
    "hanzi",
    "legacy-bladder",
    "legacy-extra",
)


def point_record(point: Point, library: Library, *, spellings: bool = False) -> dict[str, Any]:
    """A point as a JSON-ready dict: code, meridian, names, location, region, reach, cautions."""
    names = point.names
    record: dict[str, Any] = {
        "code": point.code,
        "meridian": point.meridian,
        "meridian_name": library.meridians[point.meridian].name
        if point.meridian in library.meridians
        else point.meridian,
        "number": point.number,
        "pinyin": names.pinyin,
        "tones": names.tones,
        "hanzi": names.hanzi,
        "simplified": names.simplified,
        "gloss": names.gloss,
        "nicknames": list(names.nicknames),
        "location": point.location.text,
        "region": point.region.value,
        "laterality": point.location.laterality.value,
        "reach": point.reach.value,
        "cautions": list(point.cautions),
    }
    if point.legacy_codes:
        record["legacy_codes"] = list(point.legacy_codes)
    indications = library.indications(point=point.code)
    if indications:
        record["indications"] = [
            {
                "condition": ind.condition,
                "pack": pack.id,
                "why": ind.why,
                "priority": ind.priority,
                "references": list(ind.references),
            }
            for pack, ind in indications
        ]
    aliases = [a for a in library.aliases if a.point == point.code]
    if aliases:
        record["aliases"] = [
            {"text": a.text, "notation": a.notation, "source": a.source} for a in aliases
        ]
    if spellings:
        record["spellings"] = {
            n: list(s) for n in SPELLING_NOTATIONS if (s := library.spellings(point.code, n))
        }
    return record


def resolution_record(resolution: Resolution) -> dict[str, Any]:
    """A resolution as ``{"query", "matches": [{"code", "notation", "why"}], "ambiguous"}``."""
    return {
        "query": resolution.query,
        "matches": [
            {"code": m.code, "notation": m.notation, "why": m.why} for m in resolution.matches
        ],
        "ambiguous": resolution.ambiguous,
    }
