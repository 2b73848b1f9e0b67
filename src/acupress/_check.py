"""Checking a routine, or points named any way, for a person: the service behind ``check()``.

``validate_profile`` is the one place that checks a profile against a library (the model checks
everything it can on its own): ``check()`` and ``compose()`` both call it, so a condition id no
rule knows (a typo such as ``anticoagulant``) is refused instead of silently checking nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ._default import library_or_default
from ._i18n import tr
from ._library import Library
from ._model.coerce import suggest
from ._model.packs import Condition, RoutineTemplate
from ._model.routines import Routine, Sides, Step, Technique
from ._model.safety import Profile, SafetyReport
from .errors import DataError, UnknownConditionError

__all__ = [
    "check",
    "condition_advice",
    "for_conditions",
    "known_conditions",
    "not_in_pregnancy_advice",
    "profile_for",
    "refuse_below_min_age",
    "refuse_in_pregnancy",
    "screening_for",
    "unknown_condition",
    "validate_profile",
]


def unknown_condition(condition: str, library: Library) -> str | None:
    """What is wrong with ``condition`` as a profile condition of ``library``, or None if nothing.

    ``"unknown condition 'anticoagulant'; did you mean 'anticoagulants'?"``; without a close
    match, the known ids are listed.
    """
    known = library.profile_conditions
    if condition in known:
        return None
    hint = suggest(condition, known) or tr("; known: {ids}", ids=", ".join(sorted(known)))
    return tr("unknown condition {condition}", condition=repr(condition)) + hint


def validate_profile(profile: Profile, library: Library | None = None, *, source: str = "") -> None:
    """Check ``profile`` against ``library`` (the default when None): every ``has`` id known.

    The ids known are ``library.profile_conditions``: the core ``KNOWN_CONDITIONS`` and every id a
    loaded pack's rules mention. Raises DataError with a line per unknown id, such as
    ``$.has[0]: unknown condition 'anticoagulant'; did you mean 'anticoagulants'?`` (prefixed
    with ``source: `` when a source is given).
    """
    lib = library_or_default(library)
    prefix = f"{source}: " if source else ""
    problems = []
    for i, condition in enumerate(profile.has):
        problem = unknown_condition(condition, lib)
        if problem is not None:
            problems.append(f"{prefix}$.has[{i}]: {problem}")
    if problems:
        raise DataError(problems)


def _found(conditions: Iterable[str], library: Library) -> list[Condition]:
    """The conditions, among ``conditions`` (named any way ``Library.condition`` takes), that the
    library knows, each once, in order; the others are left out (``known_conditions`` refuses
    them where a routine names them)."""
    found: dict[str, Condition] = {}
    for condition in conditions:
        try:
            known = library.condition(condition)
        except UnknownConditionError:
            continue
        found.setdefault(known.id, known)
    return list(found.values())


def known_conditions(conditions: Iterable[str], library: Library) -> None:
    """UnknownConditionError (with a "did you mean") for the first of ``conditions`` the library
    does not know: a routine for a condition is checked with that condition's limits (its age,
    pregnancy) and screened with its red-flag questions, so a misspelt or missing one must not
    pass as a routine for no condition at all."""
    for condition in conditions:
        library.condition(condition)


def _as_routine(
    routine_or_points: Routine | RoutineTemplate | Iterable[str], library: Library
) -> Routine:
    if isinstance(routine_or_points, RoutineTemplate):
        t = routine_or_points
        # Its words in the current language, where its pack (if it is one of the library's)
        # translates them; its steps are checked as written.
        for pack, known in library.routines():
            if known is t:
                t = pack.routine_text(t)
                break
        routine_or_points = Routine(
            name=t.name, steps=t.steps, conditions=t.conditions, description=t.description
        )
    if isinstance(routine_or_points, Routine):
        for step in routine_or_points.steps:
            library.get(step.point)
        known_conditions(routine_or_points.conditions, library)
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
                        tr(
                            "$.points[{index}]: {text} could be {codes}: write the code you mean",
                            index=i,
                            text=repr(text),
                            codes=tr(" or ").join(resolution.codes),
                        )
                    ]
                )
            text = resolution.code
        point = library.points[text]
        sides = Sides.of(point.location.laterality)
        steps.append(Step(point=point.code, technique=Technique(), sides=sides))
    return Routine(name="points", steps=tuple(steps))


def check(
    routine_or_points: Routine | RoutineTemplate | Iterable[str],
    profile: Profile | None = None,
    *,
    library: Library | None = None,
    clinician_approved: bool = False,
) -> SafetyReport:
    """Check a routine, a pack's ready-made routine, or points named any way, for this person.

    Returns a SafetyReport: findings per step (point, severity, rule id, message, sources), the
    verdict (``ok``, ``caution``, ``avoid``), a safe version of the routine (steps to avoid
    removed, pressure capped), and the general advice. Unknown points raise UnknownPointError;
    a name that could mean more than one point (``B47``) raises DataError asking for the code,
    and so does a profile condition the library does not know (see ``validate_profile``).
    A routine for a condition whose guidance covers only people older than the profile's age
    (``Condition.min_age``) raises ComposeError, as ``compose()`` does, unless
    ``clinician_approved``; a condition of pregnancy is checked for a pregnant person.
    A routine for a condition that does not happen in pregnancy (``Condition.not_in_pregnancy``:
    period pain) raises ComposeError for a pregnant person, clinician approval or not (see
    ``refuse_in_pregnancy``); for a person who could be pregnant, the report's advice says to
    do a pregnancy test first (``not_in_pregnancy_advice``).
    """
    lib = library_or_default(library)
    person = profile or Profile()
    validate_profile(person, lib)
    routine = _as_routine(routine_or_points, lib)
    person = profile_for(person, routine.conditions, lib)
    refuse_in_pregnancy(person, routine.conditions, lib)
    refuse_below_min_age(person, routine.conditions, lib, clinician_approved)
    report = lib.safety.check(routine, person)
    return for_conditions(report, routine.conditions, lib, clinician_approved=clinician_approved)


def for_conditions(
    report: SafetyReport,
    conditions: Iterable[str],
    library: Library,
    *,
    clinician_approved: bool = False,
) -> SafetyReport:
    """The rule set's ``report`` with what the routine's conditions add: their red-flag
    questions (``screening``) and the advice a condition gives the person checked for (a
    pregnancy test first, for period pain), and whether a clinician approved the routine (which
    the gate needs to apply the age limit again). ``check()``, ``compose()`` and the gate all
    finish so."""
    conditions = tuple(conditions)
    return attrs.evolve(
        report,
        screening=screening_for(conditions, library),
        advice=(*condition_advice(report.profile, conditions, library), *report.advice),
        clinician_approved=clinician_approved,
    )


def profile_for(profile: Profile, conditions: Iterable[str], library: Library) -> Profile:
    """``profile``, pregnant, when one of ``conditions`` happens only in pregnancy
    (``Condition.pregnancy``: sickness in early pregnancy) and the profile does not say so: a
    routine for such a condition is always checked for a pregnant person. Names the library does
    not know are left out; the report's ``profile`` is the one checked for."""
    if profile.pregnant:
        return profile
    if any(found.pregnancy for found in _found(conditions, library)):
        return attrs.evolve(profile, pregnant=True)
    return profile


def refuse_below_min_age(
    profile: Profile, conditions: Iterable[str], library: Library, clinician_approved: bool
) -> None:
    """ComposeError when the person is younger than the youngest age the guidance of one of
    ``conditions`` covers (``Condition.min_age``), unless a clinician approved. The same for
    ``compose()``, ``check()`` of a routine naming its conditions, and every command."""
    from .errors import ComposeError

    if profile.age is None or clinician_approved:
        return
    for found in _found(conditions, library):
        if found.min_age is not None and profile.age < found.min_age:
            raise ComposeError(
                tr(
                    "the guidance acupress follows for {condition} is for people aged "
                    "{youngest} and over, so it composes no routine for someone aged {age}: "
                    "ask a doctor. A clinician who has seen the child may allow one "
                    "(clinician_approved=True, or --clinician-approved); the rules for "
                    "children then apply (light pressure, short holds, nothing near the "
                    "eyes, no ball).",
                    condition=found.name,
                    youngest=found.min_age,
                    age=profile.age,
                )
            )


def _not_in_pregnancy(conditions: Iterable[str], library: Library) -> str:
    """The names, joined, of those of ``conditions`` that do not happen in pregnancy (period
    pain), in the current language; empty when there is none."""
    return ", ".join(
        library.condition_text(found.id)[0]
        for found in _found(conditions, library)
        if found.not_in_pregnancy
    )


def refuse_in_pregnancy(profile: Profile, conditions: Iterable[str], library: Library) -> None:
    """ComposeError when the person is pregnant and one of ``conditions`` does not happen in
    pregnancy (``Condition.not_in_pregnancy``: period pain). The same for ``compose()``,
    ``check()`` of a routine naming its conditions, the gate, and every command.

    No ``clinician_approved`` lifts it: the refusal is not about who may press, as the age limit
    is, but about what the pain is. In pregnancy there is no period pain for a clinician to
    approve a routine for; pain like it needs to be seen (a miscarriage or an ectopic pregnancy
    can feel like it), and a clinician who has seen the person and found another cause can name
    that cause instead.
    """
    from .errors import ComposeError

    if not profile.pregnant:
        return
    names = _not_in_pregnancy(conditions, library)
    if names:
        raise ComposeError(
            tr(
                "{conditions}: this does not happen in pregnancy, so acupress gives no routine "
                "for it to someone who is pregnant. Pain like period pain in pregnancy can be a "
                "sign of a miscarriage or an ectopic pregnancy (one growing outside the womb) "
                "and needs to be seen: contact your midwife, doctor or early pregnancy or "
                "maternity unit today, or call 111, and straight away if the pain is on one "
                "side, you are bleeding or you have pain in the tip of a shoulder. Call 999 or "
                "go to A&E now for sudden or severe pain, heavy bleeding, or if you feel very "
                "dizzy or faint. Do not press points for this pain.",
                conditions=names,
            )
        )


def not_in_pregnancy_advice(
    profile: Profile, conditions: Iterable[str], library: Library
) -> tuple[str, ...]:
    """The advice for a person who could be pregnant (``possibly_pregnant``) with a routine for
    a condition that does not happen in pregnancy (period pain), or nothing.

    The routine is still given, with the points left out in pregnancy left out (the rules for
    anyone who could be pregnant): it says to do a pregnancy test first, and not to go on with
    it if the test is positive. A pregnant person is refused instead (``refuse_in_pregnancy``).
    """
    if not profile.possibly_pregnant or profile.pregnant:
        return ()
    names = _not_in_pregnancy(conditions, library)
    if not names:
        return ()
    return (
        tr(
            "You could be pregnant: do a pregnancy test before you use this routine for "
            "{conditions}. If it is positive, do not go on with it: pain like this in pregnancy "
            "needs a midwife or doctor today (call 999 for severe pain, heavy bleeding or "
            "fainting). Until you know, the points avoided in pregnancy are left out.",
            conditions=names,
        ),
    )


def condition_advice(
    profile: Profile, conditions: Iterable[str], library: Library
) -> tuple[str, ...]:
    """What the routine's ``conditions`` add to the advice for the person checked for, before
    the rule set's general advice: the one place it is made, for ``check()``, ``compose()`` and
    the gate (which refuses a report that lacks any of it). The rule set knows nothing of
    conditions, so this advice is not in its reports: today, the pregnancy test first for
    someone who could be pregnant and a condition that does not happen in pregnancy
    (``not_in_pregnancy_advice``)."""
    return not_in_pregnancy_advice(profile, conditions, library)


def screening_for(conditions: Iterable[str], library: Library) -> tuple[str, ...]:
    """The conditions, among ``conditions``, whose red-flag questions a person should answer.

    A condition may be named any way ``Library.condition`` takes (a routine file's
    ``"Low back pain"``); each is given by id, once. Names the library does not know are left out.
    """
    return tuple(found.id for found in _found(conditions, library))
