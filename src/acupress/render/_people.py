"""People's words for what the model holds as ids: a profile, a point, a reason for a step."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._i18n import mark, ntr, tr
from .._model.safety import KNOWN_CONDITIONS

if TYPE_CHECKING:
    from .._library import Library
    from .._model.points import Point, Region
    from .._model.safety import Profile

__all__ = ["point_words", "profile_words", "region_word", "why_words"]


_REGION_WORDS = {
    # i18n: a body region, after "on the" ("recent surgery on the lower back")
    "head": mark("head"),
    "face": mark("face"),
    "neck": mark("neck"),
    "shoulder": mark("shoulder"),
    "upper-back": mark("upper back"),
    "lower-back": mark("lower back"),
    "sacrum": mark("sacrum"),
    "buttock": mark("buttock"),
    "chest": mark("chest"),
    "abdomen": mark("abdomen"),
    "armpit": mark("armpit"),
    "upper-arm": mark("upper arm"),
    "elbow": mark("elbow"),
    "forearm": mark("forearm"),
    "wrist": mark("wrist"),
    "hand": mark("hand"),
    "groin": mark("groin"),
    "perineum": mark("perineum"),
    "hip": mark("hip"),
    "thigh": mark("thigh"),
    "knee": mark("knee"),
    "lower-leg": mark("lower leg"),
    "ankle": mark("ankle"),
    "foot": mark("foot"),
}


_LIMB_WORDS = {
    "left-arm": mark("left arm"),
    "right-arm": mark("right arm"),
    "left-leg": mark("left leg"),
    "right-leg": mark("right leg"),
}


def region_word(value: str) -> str:
    """A body region's value (``lower-back``) in words: ``lower back``, ``unterer Rücken``."""
    known = _REGION_WORDS.get(value)
    return tr(known) if known else value.replace("-", " ")


def _regions(regions: Iterable[Region]) -> str:
    return ", ".join(region_word(r.value) for r in regions)


def profile_words(profile: Profile, library: Library) -> str:
    """Whom a routine was checked for, in a line (``""`` for an empty profile): pregnancy and
    its weeks (or that it could be), age, the conditions of ``has`` in words, the body regions
    and limbs to keep away from."""
    parts = []
    if profile.pregnant:
        weeks = profile.pregnancy_weeks
        parts.append(
            tr("pregnant")
            if weeks is None
            else ntr(
                "pregnant, {count} week (trimester {trimester})",
                "pregnant, {count} weeks (trimester {trimester})",
                weeks,
                trimester=profile.trimester,
            )
        )
    elif profile.possibly_pregnant:
        parts.append(tr("could be pregnant"))
    if profile.postpartum:
        parts.append(tr("has recently given birth"))
    if profile.age is not None:
        parts.append(tr("age {age}", age=profile.age))
    for condition in profile.has:
        if condition in KNOWN_CONDITIONS:
            parts.append(tr(KNOWN_CONDITIONS[condition]))
        elif condition in library.conditions:
            parts.append(library.condition_text(condition)[0])
        else:
            parts.append(condition.replace("-", " "))
    for words, regions in (
        (mark("broken or sore skin on the {regions}"), profile.broken_skin),
        (mark("recent surgery on the {regions}"), profile.recent_surgery),
        (mark("a recent fracture of the {regions}"), profile.recent_fracture),
        (mark("cancer or radiotherapy at the {regions}"), profile.cancer_sites),
    ):
        if regions:
            parts.append(tr(words, regions=_regions(regions)))
    if profile.lymphoedema:
        limbs = tr(" and ").join(tr(_LIMB_WORDS[limb.value]) for limb in profile.lymphoedema)
        parts.append(tr("lymphoedema of the {limbs}", limbs=limbs))
    if profile.ate_recently:
        parts.append(tr("has eaten in the last hour"))
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
    return f"{library.condition_text(found.group(1))[0]}: {found.group(2)}"
