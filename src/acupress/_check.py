"""Checking a routine, or points named any way, for a person: the service behind ``check()``."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ._default import library_or_default
from ._library import Library
from ._model.packs import RoutineTemplate
from ._model.routines import Routine, Sides, Step, Technique
from ._model.safety import Profile, SafetyReport
from .errors import DataError

__all__ = ["check", "screening_for"]


def _as_routine(
    routine_or_points: Routine | RoutineTemplate | Iterable[str], library: Library
) -> Routine:
    if isinstance(routine_or_points, RoutineTemplate):
        t = routine_or_points
        routine_or_points = Routine(
            name=t.name, steps=t.steps, conditions=t.conditions, description=t.description
        )
    if isinstance(routine_or_points, Routine):
        for step in routine_or_points.steps:
            library.get(step.point)
        return routine_or_points
    if isinstance(routine_or_points, str):
        routine_or_points = [routine_or_points]
    steps = []
    for i, text in enumerate(routine_or_points):
        if text not in library.points:
            resolution = library.resolve(text)
            if resolution.ambiguous:
                # The same rule as routine files: guessing which point is meant could check the
                # wrong one, so the person is asked for the code.
                raise DataError(
                    [
                        f"$.points[{i}]: {text!r} could be {' or '.join(resolution.codes)}: "
                        "write the code you mean"
                    ]
                )
            text = resolution.code
        point = library.points[text]
        sides = Sides.BOTH if point.bilateral else Sides.CENTER
        steps.append(Step(point=point.code, technique=Technique(), sides=sides))
    return Routine(name="points", steps=tuple(steps))


def check(
    routine_or_points: Routine | RoutineTemplate | Iterable[str],
    profile: Profile | None = None,
    *,
    library: Library | None = None,
) -> SafetyReport:
    """Check a routine, a pack's ready-made routine, or points named any way, for this person.

    Returns a SafetyReport: findings per step (point, severity, rule id, message, sources), the
    verdict (``ok``, ``caution``, ``avoid``), a safe version of the routine (steps to avoid
    removed, pressure capped), and the general advice. Unknown points raise UnknownPointError;
    a name that could mean more than one point (``B47``) raises DataError asking for the code.
    """
    lib = library_or_default(library)
    routine = _as_routine(routine_or_points, lib)
    report = lib.safety.check(routine, profile or Profile())
    return attrs.evolve(report, screening=screening_for(routine.conditions, lib))


def screening_for(conditions: Iterable[str], library: Library) -> tuple[str, ...]:
    """The conditions, among ``conditions``, whose red-flag questions a person should answer."""
    known = library.conditions
    return tuple(c for c in dict.fromkeys(conditions) if c in known)
