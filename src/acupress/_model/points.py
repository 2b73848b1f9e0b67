"""Meridians and points: names, where a point is, and who can reach it.

Frozen and self-validating, like every model class: an object that exists is valid.
"""

from __future__ import annotations

import enum

import attrs

from .base import ID, MERIDIAN_CODES, check_code, non_empty, texts

__all__ = ["Laterality", "Location", "Meridian", "Point", "PointNames", "Reach", "Region"]


class Region(enum.Enum):
    """Where on the body a point lies: coarse enough to name, fine enough for safety rules."""

    HEAD = "head"
    FACE = "face"
    NECK = "neck"
    SHOULDER = "shoulder"
    UPPER_BACK = "upper-back"
    LOWER_BACK = "lower-back"
    SACRUM = "sacrum"
    BUTTOCK = "buttock"
    CHEST = "chest"
    ABDOMEN = "abdomen"
    ARMPIT = "armpit"
    UPPER_ARM = "upper-arm"
    ELBOW = "elbow"
    FOREARM = "forearm"
    WRIST = "wrist"
    HAND = "hand"
    GROIN = "groin"
    PERINEUM = "perineum"
    HIP = "hip"
    THIGH = "thigh"
    KNEE = "knee"
    LOWER_LEG = "lower-leg"
    ANKLE = "ankle"
    FOOT = "foot"


class Laterality(enum.Enum):
    """Whether a point exists on both sides of the body, once on the midline, or once on one side
    only (``left``, ``right``: the two veins under the tongue are two such points)."""

    BILATERAL = "bilateral"
    MIDLINE = "midline"
    LEFT = "left"
    RIGHT = "right"


class Reach(enum.Enum):
    """Who can press a point: the person alone, alone with a tool such as a ball, or a partner."""

    ALONE = "alone"
    TOOL = "tool"
    PARTNER = "partner"


@attrs.frozen
class Meridian:
    """One of the 14 meridians, or the ``EX`` family of WHO extra points."""

    code: str = attrs.field()
    name: str = attrs.field(validator=non_empty)
    pinyin: str = ""
    hanzi: str = ""

    @code.validator
    def _check(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if value not in MERIDIAN_CODES and value != "EX" and not ID.fullmatch(value):
            raise ValueError(f"meridian code {value!r} is not a WHO meridian code")


@attrs.frozen
class PointNames:
    """The names of a point: pinyin, characters, our gloss of them, and well-known book names."""

    pinyin: str = attrs.field(validator=non_empty)
    tones: str = ""
    hanzi: str = ""
    simplified: str = ""
    gloss: str = ""
    pinyin_alt: tuple[str, ...] = attrs.field(default=(), validator=texts)
    nicknames: tuple[str, ...] = attrs.field(default=(), validator=texts)


@attrs.frozen
class Location:
    """Where a point is, in plain words, and where that is on the body."""

    text: str = attrs.field(validator=non_empty)
    region: Region
    laterality: Laterality = Laterality.BILATERAL


@attrs.frozen
class Point:
    """An acupressure point: its code, names, location, who can reach it and its own cautions.

    ``number`` is the point's number on its meridian (or in its extra group); pack points have 0.
    """

    code: str = attrs.field(validator=check_code)
    meridian: str
    number: int
    names: PointNames
    location: Location
    reach: Reach = Reach.ALONE
    cautions: tuple[str, ...] = attrs.field(default=(), validator=texts)
    legacy_codes: tuple[str, ...] = ()

    @property
    def pinyin(self) -> str:
        """The point's pinyin name without tone marks, e.g. ``Hegu``."""
        return self.names.pinyin

    @property
    def region(self) -> Region:
        """The body region the point lies in."""
        return self.location.region

    @property
    def bilateral(self) -> bool:
        """True when the point exists on both sides of the body."""
        return self.location.laterality is Laterality.BILATERAL
