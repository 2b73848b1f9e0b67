"""People's words for what the model holds as ids: a profile, a point, a reason for a step."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._model.safety import KNOWN_CONDITIONS

if TYPE_CHECKING:
    from .._library import Library
    from .._model.points import Point, Region
    from .._model.safety import Profile

__all__ = ["point_words", "profile_words", "why_words"]


def _regions(regions: Iterable[Region]) -> str:
    return ", ".join(r.value.replace("-", " ") for r in regions)


def profile_words(profile: Profile, library: Library) -> str:
    """Whom a routine was checked for, in a line (``""`` for an empty profile): pregnancy and
    its weeks (or that it could be), age, the conditions of ``has`` in words, the body regions
    and limbs to keep away from."""
    parts = []
    if profile.pregnant:
        weeks = profile.pregnancy_weeks
        plural = "s" if weeks != 1 else ""
        parts.append(
            "pregnant"
            if weeks is None
            else f"pregnant, {weeks} week{plural} (trimester {profile.trimester})"
        )
    elif profile.possibly_pregnant:
        parts.append("could be pregnant")
    if profile.postpartum:
        parts.append("has recently given birth")
    if profile.age is not None:
        parts.append(f"age {profile.age}")
    for condition in profile.has:
        if condition in KNOWN_CONDITIONS:
            parts.append(KNOWN_CONDITIONS[condition])
        elif condition in library.conditions:
            parts.append(library.conditions[condition].name)
        else:
            parts.append(condition.replace("-", " "))
    for words, regions in (
        ("broken or sore skin on the", profile.broken_skin),
        ("recent surgery on the", profile.recent_surgery),
        ("a recent fracture of the", profile.recent_fracture),
        ("cancer or radiotherapy at the", profile.cancer_sites),
    ):
        if regions:
            parts.append(f"{words} {_regions(regions)}")
    if profile.lymphoedema:
        limbs = " and ".join(limb.value.replace("-", " ") for limb in profile.lymphoedema)
        parts.append(f"lymphoedema of the {limbs}")
    if profile.ate_recently:
        parts.append("has eaten in the last hour")
    return "; ".join(parts)


def point_words(point: Point) -> str:
    """``BL23 Shenshu`` for a standard point; a pack's own point by its name alone
    (``Anmian``), its code being an id."""
    if ":" in point.code:
        return point.pinyin
    return f"{point.code} {point.pinyin}"


_WHY = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*): (.*)", re.S)


def why_words(text: str, library: Library, *, one_condition: bool = False) -> str:
    """An explanation's reason with its condition named in words (``Low back pain: ...``), or
    without it when the routine is for ``one_condition`` only."""
    found = _WHY.fullmatch(text)
    if found is None or found.group(1) not in library.conditions:
        return text
    if one_condition:
        return found.group(2)
    return f"{library.conditions[found.group(1)].name}: {found.group(2)}"
