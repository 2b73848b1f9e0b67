"""Techniques, steps and routines: how to press, for how long, on which sides.

Frozen and self-validating, like every model class: an object that exists is valid.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._i18n import tr
from .base import OrderedEnum, check_code, non_empty, positive
from .points import Laterality

__all__ = [
    "KNOWN_TOOLS",
    "MAX_STEP_SECONDS",
    "SECONDS_PER_CIRCLE",
    "Contact",
    "Direction",
    "Method",
    "Position",
    "Pressure",
    "Routine",
    "Sides",
    "Step",
    "Technique",
]


MAX_STEP_SECONDS = 600
"""The longest one step may press one point, per side: 600 seconds (ten minutes).

Sustained pressure on one spot for longer risks bruising and numbness, and no pack advises more
(a pack's dosing has the same ceiling). Steps, techniques (``press_seconds``, ``rest_seconds``
and what ``cycles`` add up to) and so routine files, pack templates and ``check()`` all share it.
"""

KNOWN_TOOLS: Mapping[str, str] = MappingProxyType(
    {"tennis-ball": "a tennis ball or a similar firm ball, to lean on against the floor or a wall"}
)
"""The tools a technique may need (see ``Contact.tool``), by id, with what each is (read-only).

``Constraints.tools`` takes these ids only.
"""


def _seconds(_inst: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: whole seconds from 1 to MAX_STEP_SECONDS."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"{attribute.name}: "
            + tr("expected a whole number of seconds, got {value}", value=repr(value))
        )
    if not 1 <= value <= MAX_STEP_SECONDS:
        raise ValueError(
            f"{attribute.name}: "
            + tr(
                "{value} s is outside 1-{most} s (at most {minutes} minutes on one point)",
                value=value,
                most=MAX_STEP_SECONDS,
                minutes=MAX_STEP_SECONDS // 60,
            )
        )


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


class Position(enum.Enum):
    """The body position a technique is done in."""

    SITTING = "sitting"
    LYING = "lying"
    STANDING = "standing"


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

    @classmethod
    def of(cls, laterality: Laterality) -> Sides:
        """The sides a point of this laterality is pressed on by default."""
        return _DEFAULT_SIDES[laterality]


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
    press_seconds: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_seconds)
    )
    rest_seconds: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_seconds)
    )
    cycles: int | None = attrs.field(default=None, validator=positive)
    direction: Direction | None = None
    breathing: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.method is Method.PRESS_RELEASE:
            if self.press_seconds is None or self.rest_seconds is None:
                raise ValueError(tr("press-release needs press_seconds and rest_seconds"))
        elif self.press_seconds is not None or self.rest_seconds is not None:
            raise ValueError(
                tr(
                    "press_seconds and rest_seconds belong to press-release, not {method}",
                    method=self.method.value,
                )
            )
        if self.method is Method.CIRCLES:
            if self.direction is None:
                raise ValueError(
                    tr("circles need a direction (clockwise, counterclockwise or both)")
                )
        elif self.direction is not None:
            raise ValueError(
                tr("direction belongs to circles, not {method}", method=self.method.value)
            )
        if self.cycles is not None and self.method not in (Method.CIRCLES, Method.PRESS_RELEASE):
            raise ValueError(
                tr(
                    "cycles belong to circles or press-release, not {method}",
                    method=self.method.value,
                )
            )
        if self.breathing is not None and not self.breathing.strip():
            raise ValueError(tr("breathing must not be empty text"))
        natural = self.natural_seconds
        if natural is not None and natural > MAX_STEP_SECONDS:
            raise ValueError(
                "cycles: "
                + tr(
                    "the technique itself takes {natural} s, more than the {most} s one step "
                    "may last",
                    natural=natural,
                    most=MAX_STEP_SECONDS,
                )
            )

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

_DEFAULT_SIDES = {
    Laterality.BILATERAL: Sides.BOTH,
    Laterality.MIDLINE: Sides.CENTER,
    Laterality.LEFT: Sides.LEFT,
    Laterality.RIGHT: Sides.RIGHT,
}


@attrs.frozen
class Step:
    """One step of a routine: a point, a technique, seconds per side, which sides and, when
    known, the body position (sitting, lying or standing).

    ``seconds`` is from 1 to ``MAX_STEP_SECONDS`` (600: ten minutes on one point).
    """

    point: str = attrs.field(validator=check_code)
    technique: Technique = attrs.Factory(Technique)
    seconds: int = attrs.field(default=60, validator=_seconds)
    sides: Sides = Sides.BOTH
    note: str | None = None
    position: Position | None = None

    @property
    def total_seconds(self) -> int:
        """Seconds the step takes, counting each side."""
        return self.seconds * self.sides.count

    @property
    def lying(self) -> bool:
        """Whether the step is done lying down (as it says, or because it lies on a ball)."""
        return self.position is Position.LYING or self.technique.contact is Contact.BALL_FLOOR


@attrs.frozen
class Routine:
    """An ordered sequence of steps, with a name and the conditions it is meant for."""

    name: str = attrs.field(validator=non_empty)
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
