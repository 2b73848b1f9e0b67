"""The one gate: a checked result, its routine checked again for its own profile.

Every renderer, the guide and ``dump_routine`` of a checked result pass what they are given
through ``checked_report``; nothing else can reach a person as a routine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._default import library_or_default
from ._i18n import tr
from ._library import Library
from ._model.routines import Step
from ._model.safety import SafetyReport
from .errors import NotCheckedError

if TYPE_CHECKING:
    from ._compose.composer import Composition

__all__ = ["advice_lines", "alert_lines", "checked_report", "screening_advice"]


def screening_advice(report: SafetyReport, library: Library) -> tuple[str, ...]:
    """The pointer to red-flag screening for the conditions of a checked routine (or nothing)."""
    names = [library.condition_text(c)[0] for c in report.screening if c in library.conditions]
    if not names:
        return ()
    command = "acupress screen " + " ".join(report.screening)
    return (
        tr(
            "Before you start, check the warning signs for {conditions} ({command}): "
            "some mean you should see a clinician instead.",
            conditions=", ".join(names),
            command=command,
        ),
    )


def alert_lines(report: SafetyReport) -> tuple[str, ...]:
    """The alerts about the person (a possible clot: see a doctor today), each message once."""
    return tuple(dict.fromkeys(a.message for a in report.alerts))


def advice_lines(report: SafetyReport, library: Library) -> tuple[str, ...]:
    """Everything said with a checked routine, in order: the alerts about the person, the
    pointer to red-flag screening, then the general advice. Every output says these."""
    return (*alert_lines(report), *screening_advice(report, library), *report.advice)


def checked_report(
    checked: SafetyReport | Composition, library: Library | None = None
) -> SafetyReport:
    """The safety report of a checked result, after checking its routine again: the one gate.

    Every renderer and the guide pass what they are given through here. ``checked`` must be the
    result of ``check()`` or ``compose()``: anything else raises TypeError, and a result whose
    routine holds a step that the check would remove or press harder for the report's own
    profile, or that lacks a finding or advice the check gives, raises NotCheckedError; one
    whose routine is for a condition that does not happen in pregnancy (period pain) and whose
    profile is pregnant raises ComposeError, as ``check()`` does, and so does one for a
    condition whose guidance is for older people than the profile's age (``Condition.min_age``)
    unless the report records a clinician's approval (``SafetyReport.clinician_approved``).
    """
    lib = library_or_default(library)
    if isinstance(checked, SafetyReport):
        report = checked
    else:
        # Imported here: showing a point or a report should not load the composer.
        from ._compose.composer import Composition

        if not isinstance(checked, Composition):
            raise TypeError(
                tr(
                    "only a checked result can be shown or played: pass the result of "
                    "acupress.check(routine, profile) or acupress.compose(...), not {kind}",
                    kind=type(checked).__name__,
                )
            )
        report = checked.safety
        if checked.routine != report.routine:
            raise NotCheckedError(
                tr("this composition's routine is not the routine its safety report checked")
            )
    # Imported here: the gate is beside the check, not above it.
    from ._check import for_conditions, known_conditions, refuse_below_min_age, refuse_in_pregnancy

    # A report made by hand cannot name a condition the library does not know (its limits and
    # questions would be skipped), nor carry a period-pain routine for a pregnant person, nor a
    # routine for a condition whose guidance is for older people to a younger person unless it
    # says a clinician approved it: the refusals of check(), on what the report itself says.
    conditions = report.routine.conditions
    known_conditions(conditions, lib)
    refuse_in_pregnancy(report.profile, conditions, lib)
    refuse_below_min_age(report.profile, conditions, lib, report.clinician_approved)
    # The check again, finished as check() and compose() finish it (the conditions' advice and
    # red-flag questions): one source for what a genuine report holds.
    again = for_conditions(
        lib.safety.check(report.routine, report.profile),
        conditions,
        lib,
        clinician_approved=report.clinician_approved,
    )
    unsafe = [
        tr("{point} (step {number})", point=step.point, number=i + 1)
        for i, (step, safe) in enumerate(
            _aligned(report.routine.steps, again.routine.steps, again.removed)
        )
        if safe is None or safe != step
    ]
    if unsafe:
        raise NotCheckedError(
            tr(
                "the routine {name} is not safe for the profile it carries: {steps} would be "
                "left out or pressed more gently; check it with acupress.check(routine, profile) "
                "and use the report it returns",
                name=repr(report.routine.name),
                steps=", ".join(unsafe),
            )
        )
    given = {(f.point, f.rule) for f in (*report.findings, *report.alerts)}
    missing = sorted({(f.point, f.rule) for f in (*again.findings, *again.alerts)} - given)
    if missing:
        listed = ", ".join(
            tr("{rule} at {point}", rule=rule, point=point or tr("the person"))
            for point, rule in missing
        )
        raise NotCheckedError(
            tr("this report lacks findings its check gives: {findings}", findings=listed)
        )
    # What is said with every routine cannot be taken out either: its advice (the conditions'
    # and the general) and the pointer to the red-flag questions of its conditions.
    lost = [line for line in again.advice if line not in report.advice]
    if lost:
        raise NotCheckedError(
            tr("this report lacks the advice its check gives: {advice}", advice=repr(lost[0]))
        )
    unasked = [c for c in again.screening if c not in report.screening]
    if unasked:
        raise NotCheckedError(
            tr(
                "this report does not point to the red-flag questions of {conditions}",
                conditions=", ".join(unasked),
            )
        )
    return report


def _aligned(
    steps: tuple[Step, ...], safe: tuple[Step, ...], removed: tuple[str, ...]
) -> Iterable[tuple[Step, Step | None]]:
    """Each step beside its safe version, or None where the check removed it."""
    if not removed:
        return zip(steps, safe, strict=True)
    # Something was removed: walk both, the removed steps being those the safe list skips.
    out: list[tuple[Step, Step | None]] = []
    j = 0
    for step in steps:
        if j < len(safe) and safe[j].point == step.point:
            out.append((step, safe[j]))
            j += 1
        else:
            out.append((step, None))
    return out
