"""Checking a routine, or points named any way, for a person: the service behind ``check()``."""

from __future__ import annotations

from collections.abc import Iterable

from ._default import library_or_default
from ._library import Library
from ._model.routines import Routine, Sides, Step, Technique
from ._model.safety import Profile, SafetyReport

__all__ = ["check"]


def _as_routine(routine_or_points: Routine | Iterable[str], library: Library) -> Routine:
    if isinstance(routine_or_points, Routine):
        for step in routine_or_points.steps:
            library.get(step.point)
        return routine_or_points
    if isinstance(routine_or_points, str):
        routine_or_points = [routine_or_points]
    steps = []
    for text in routine_or_points:
        point = library.point(text)
        sides = Sides.BOTH if point.bilateral else Sides.CENTER
        steps.append(Step(point=point.code, technique=Technique(), sides=sides))
    return Routine(name="points", steps=tuple(steps))


def check(
    routine_or_points: Routine | Iterable[str],
    profile: Profile | None = None,
    *,
    library: Library | None = None,
) -> SafetyReport:
    """Check a routine, or a list of points named any way, for this person.

    Returns a SafetyReport: findings per step (point, severity, rule id, message, sources), the
    verdict (``ok``, ``caution``, ``avoid``), a safe version of the routine (steps to avoid
    removed, pressure capped), and the general advice. Unknown points raise UnknownPointError.
    """
    lib = library_or_default(library)
    routine = _as_routine(routine_or_points, lib)
    return lib.safety.check(routine, profile or Profile())
