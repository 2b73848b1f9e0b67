"""The value objects of acupress: meridians, points, techniques, steps, routines and references.

Every class here is frozen and validates itself, so an object that exists is valid. Nothing in this
module reads files, knows about packs or prints: loading and presentation live elsewhere.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._guide import Cue
    from ._library import Library

__all__ = [
    "Contact",
    "Direction",
    "Laterality",
    "Location",
    "Meridian",
    "Method",
    "Point",
    "PointNames",
    "Pressure",
    "Reach",
    "Reference",
    "ReferenceKind",
    "Region",
    "Routine",
    "Sides",
    "Step",
    "Technique",
]


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
    """Whether a point exists on both sides of the body or once on the midline."""

    BILATERAL = "bilateral"
    MIDLINE = "midline"


class Reach(enum.Enum):
    """Who can press a point: the person alone, alone with a tool such as a ball, or a partner."""

    ALONE = "alone"
    TOOL = "tool"
    PARTNER = "partner"


class Method(enum.Enum):
    """How pressure is applied."""

    HOLD = "hold"
    CIRCLES = "circles"
    PRESS_RELEASE = "press-release"
    PINCH = "pinch"
    KNEAD = "knead"


class Contact(enum.Enum):
    """What touches the point."""

    FINGERTIP = "fingertip"
    FINGERS = "fingers"
    THUMB = "thumb"
    KNUCKLE = "knuckle"
    PALM_HEEL = "palm-heel"
    THUMB_AND_FINGER = "thumb-and-finger"
    BALL_FLOOR = "ball-floor"
    BALL_WALL = "ball-wall"

    @property
    def tool(self) -> str | None:
        """The tool this contact needs, or None for bare hands."""
        return "tennis-ball" if self in (Contact.BALL_FLOOR, Contact.BALL_WALL) else None


class OrderedEnum(enum.Enum):
    """An enum whose members are ordered as written: ``rank`` is 0 for the first."""

    @property
    def rank(self) -> int:
        """The member's position in its enum, from 0."""
        return _ranks(type(self))[self.name]


@functools.cache
def _ranks(cls: type[enum.Enum]) -> dict[str, int]:
    return {member.name: i for i, member in enumerate(cls)}


class Pressure(OrderedEnum):
    """How hard to press, ordered from lightest to firmest."""

    LIGHT = "light"
    MODERATE = "moderate"
    FIRM = "firm"

    def capped(self, cap: Pressure | None) -> Pressure:
        """This pressure, lowered to ``cap`` when it is firmer than the cap."""
        if cap is None or self.rank <= cap.rank:
            return self
        return cap


class Direction(enum.Enum):
    """The direction of circling."""

    CLOCKWISE = "clockwise"
    COUNTERCLOCKWISE = "counterclockwise"
    BOTH = "both"


class Sides(enum.Enum):
    """Which side(s) of the body a step works: both sides count twice in the time."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"

    @property
    def count(self) -> int:
        """How many times the step is done: 2 for both sides, else 1."""
        return 2 if self is Sides.BOTH else 1


class ReferenceKind(enum.Enum):
    """What sort of source a reference is; ``tradition`` marks a claim with no study behind it."""

    TRIAL = "trial"
    REVIEW = "review"
    GUIDELINE = "guideline"
    TRADITION = "tradition"
    ARTICLE = "article"
    BOOK = "book"


MERIDIAN_CODES = (
    "LU",
    "LI",
    "ST",
    "SP",
    "HT",
    "SI",
    "BL",
    "KI",
    "PC",
    "TE",
    "GB",
    "LR",
    "GV",
    "CV",
)
EXTRA_GROUPS = ("HN", "CA", "B", "UE", "LE")

_STANDARD_CODE = re.compile("(?:" + "|".join(MERIDIAN_CODES) + ")[1-9][0-9]?")
_EXTRA_CODE = re.compile("EX-(?:" + "|".join(EXTRA_GROUPS) + ")[1-9][0-9]?")
_PACK_CODE = re.compile(r"[a-z][a-z0-9-]*:[a-z][a-z0-9-]*")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_point_code(code: str) -> bool:
    """True for a WHO code (``BL23``), extra code (``EX-HN3``) or pack code (``sleep:anmian``)."""
    return bool(
        _STANDARD_CODE.fullmatch(code) or _EXTRA_CODE.fullmatch(code) or _PACK_CODE.fullmatch(code)
    )


def _check_code(_inst: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not is_point_code(value):
        raise ValueError(
            f"{attribute.name} {value!r} is not a point code (WHO like 'BL23', extra like "
            "'EX-HN3', or a pack's own like 'sleep:anmian')"
        )


def _check_id(_inst: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not _ID.fullmatch(value):
        raise ValueError(
            f"{attribute.name} {value!r} must be lower-case letters, digits and hyphens"
        )


def _non_empty(_inst: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def _positive(_inst: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value <= 0:
        raise ValueError(f"{attribute.name} must be a positive whole number, got {value}")


def _texts(_inst: Any, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    for item in value:
        if not item.strip():
            raise ValueError(f"{attribute.name} must not contain empty text")


@attrs.frozen
class Meridian:
    """One of the 14 meridians, or the ``EX`` family of WHO extra points."""

    code: str = attrs.field()
    name: str = attrs.field(validator=_non_empty)
    pinyin: str = ""
    hanzi: str = ""

    @code.validator
    def _check(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if value not in MERIDIAN_CODES and value != "EX" and not _ID.fullmatch(value):
            raise ValueError(f"meridian code {value!r} is not a WHO meridian code")


@attrs.frozen
class PointNames:
    """The names of a point: pinyin, characters, our gloss of them, and well-known book names."""

    pinyin: str = attrs.field(validator=_non_empty)
    tones: str = ""
    hanzi: str = ""
    simplified: str = ""
    gloss: str = ""
    pinyin_alt: tuple[str, ...] = attrs.field(default=(), validator=_texts)
    nicknames: tuple[str, ...] = attrs.field(default=(), validator=_texts)


@attrs.frozen
class Location:
    """Where a point is, in plain words, and where that is on the body."""

    text: str = attrs.field(validator=_non_empty)
    region: Region
    laterality: Laterality = Laterality.BILATERAL


@attrs.frozen
class Point:
    """An acupressure point: its code, names, location, who can reach it and its own cautions.

    ``number`` is the point's number on its meridian (or in its extra group); pack points have 0.
    """

    code: str = attrs.field(validator=_check_code)
    meridian: str
    number: int
    names: PointNames
    location: Location
    reach: Reach = Reach.ALONE
    cautions: tuple[str, ...] = attrs.field(default=(), validator=_texts)
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


@attrs.frozen
class Technique:
    """How to press: method, what touches, how hard, and the method's own parameters.

    - ``hold``, ``pinch`` and ``knead`` need nothing more: the step says how long.
    - ``circles`` takes ``direction`` and, optionally, ``cycles`` circles per direction.
    - ``press-release`` takes ``press_seconds`` and ``rest_seconds``, and optionally ``cycles``
      ("press 10 s, rest 5 s, three times").
    """

    method: Method = Method.HOLD
    contact: Contact = Contact.THUMB
    pressure: Pressure = Pressure.MODERATE
    press_seconds: int | None = attrs.field(default=None, validator=_positive)
    rest_seconds: int | None = attrs.field(default=None, validator=_positive)
    cycles: int | None = attrs.field(default=None, validator=_positive)
    direction: Direction | None = None
    breathing: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.method is Method.PRESS_RELEASE:
            if self.press_seconds is None or self.rest_seconds is None:
                raise ValueError("press-release needs press_seconds and rest_seconds")
        elif self.press_seconds is not None or self.rest_seconds is not None:
            raise ValueError(
                f"press_seconds and rest_seconds belong to press-release, not {self.method.value}"
            )
        if self.method is Method.CIRCLES:
            if self.direction is None:
                raise ValueError("circles need a direction (clockwise, counterclockwise or both)")
        elif self.direction is not None:
            raise ValueError(f"direction belongs to circles, not {self.method.value}")
        if self.cycles is not None and self.method not in (Method.CIRCLES, Method.PRESS_RELEASE):
            raise ValueError(f"cycles belong to circles or press-release, not {self.method.value}")
        if self.breathing is not None and not self.breathing.strip():
            raise ValueError("breathing must not be empty text")

    @property
    def natural_seconds(self) -> int | None:
        """Seconds per side this technique takes by itself, when its parameters fix it."""
        if self.cycles is None:
            return None
        if self.method is Method.PRESS_RELEASE:
            assert self.press_seconds is not None
            assert self.rest_seconds is not None
            return self.cycles * self.press_seconds + (self.cycles - 1) * self.rest_seconds
        # Circles: about two seconds a slow circle, per direction asked for.
        turns = 2 if self.direction is Direction.BOTH else 1
        return self.cycles * turns * SECONDS_PER_CIRCLE

    def with_pressure_cap(self, cap: Pressure | None) -> Technique:
        """This technique with its pressure lowered to ``cap`` if it is firmer."""
        capped = self.pressure.capped(cap)
        return self if capped is self.pressure else attrs.evolve(self, pressure=capped)


SECONDS_PER_CIRCLE = 2


@attrs.frozen
class Step:
    """One step of a routine: a point, a technique, seconds per side and which sides."""

    point: str = attrs.field(validator=_check_code)
    technique: Technique = attrs.Factory(Technique)
    seconds: int = attrs.field(default=60, validator=_positive)
    sides: Sides = Sides.BOTH
    note: str | None = None

    @property
    def total_seconds(self) -> int:
        """Seconds the step takes, counting each side."""
        return self.seconds * self.sides.count


@attrs.frozen
class Routine:
    """An ordered sequence of steps, with a name and the conditions it is meant for."""

    name: str = attrs.field(validator=_non_empty)
    steps: tuple[Step, ...] = ()
    conditions: tuple[str, ...] = ()
    description: str = ""

    @property
    def total_seconds(self) -> int:
        """Seconds the whole routine takes, both sides counted."""
        return sum(step.total_seconds for step in self.steps)

    @property
    def points(self) -> tuple[str, ...]:
        """The point codes of the steps, in order (a point may repeat)."""
        return tuple(step.point for step in self.steps)

    def timeline(self, library: Library | None = None) -> Iterator[Cue]:
        """The routine as timed cues (find, press, breathe, release, switch, next, done)."""
        from ._guide import timeline

        return timeline(self, library)


@attrs.frozen
class Reference:
    """A source: a trial, review, guideline, article, book, or ``tradition`` (no study behind it).

    Anything other than tradition or a book must carry at least one of doi, pmid or url.
    """

    id: str = attrs.field(validator=_check_id)
    kind: ReferenceKind
    title: str = attrs.field(validator=_non_empty)
    authors: tuple[str, ...] = ()
    year: int | None = None
    source: str = ""
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind not in (ReferenceKind.TRADITION, ReferenceKind.BOOK) and not (
            self.doi or self.pmid or self.url
        ):
            raise ValueError(f"a {self.kind.value} reference needs a doi, pmid or url")
        if self.year is not None and not 1000 <= self.year <= 2100:
            raise ValueError(f"year {self.year} is not a plausible year")
        if self.doi is not None and not self.doi.startswith("10."):
            raise ValueError(f"doi {self.doi!r} should start with '10.'")
        if self.pmid is not None and not self.pmid.isdigit():
            raise ValueError(f"pmid {self.pmid!r} should be digits only")

    @property
    def citation(self) -> str:
        """A one-line citation: authors, year, title, source and the best locator."""
        who = f"{self.authors[0]} et al." if len(self.authors) > 2 else " and ".join(self.authors)
        head = " ".join(p for p in (who, f"({self.year})" if self.year else "") if p)
        if head and not self.year:
            head += "."
        title = self.title if self.title[-1] in ".?!" else f"{self.title}."
        parts = [p for p in (head, title, self.source) if p]
        locator = (
            f"doi:{self.doi}" if self.doi else f"PMID {self.pmid}" if self.pmid else self.url or ""
        )
        return " ".join(parts) + (f" {locator}" if locator else "")
