"""Type-checked usage of the public API: `mypy --strict tests/typing` must pass (it runs in CI)."""

from __future__ import annotations

from collections.abc import Mapping

import acupress


def lookup() -> str:
    resolution: acupress.Resolution = acupress.resolve("UB-23")
    match: acupress.Match = resolution.matches[0]
    point: acupress.Point = acupress.load().get(match.code)
    region: acupress.Region = point.location.region
    return f"{point.code} {point.names.pinyin} {region.value} {resolution.ambiguous}"


def plan(minutes: float) -> list[tuple[str, int]]:
    profile = acupress.Profile(pregnant=True, has=("anticoagulants",))
    limits = acupress.Constraints(tools=("tennis-ball",), positions=(acupress.Position.SITTING,))
    composition: acupress.Composition = acupress.compose(
        ["low-back-pain"], minutes=minutes, profile=profile, constraints=limits
    )
    report: acupress.SafetyReport = acupress.check(composition.routine, profile)
    assert report.verdict is not acupress.Verdict.AVOID
    return [(step.point, step.seconds) for step in composition.routine.steps]


def red_flags() -> acupress.Urgency:
    result: acupress.ScreeningResult = acupress.screen("low-back-pain", {"lbp-fever": "no"})
    both = acupress.screen(["low-back-pain", "migraine"], {"headache-thunderclap": True})
    status: acupress.ScreeningStatus = both.status
    if status is acupress.ScreeningStatus.NOT_SCREENED:
        return both.urgency
    return result.urgency


def screened_then_composed() -> acupress.Composition:
    result = acupress.screen("period-pain", {"pp-could-be-pregnant": "yes"})
    facts: acupress.ProfileFacts = result.implies
    limbs: tuple[acupress.Limb, ...] = facts.lymphoedema
    profile: acupress.Profile = acupress.apply_screening(acupress.Profile(age=30), result)
    again = acupress.apply_screening(profile, acupress.ProfileFacts(lymphoedema=limbs))
    saved: str = acupress.dump_profile(again, "json")
    assert acupress.parse_profile(saved) == again
    return acupress.compose("period-pain", minutes=15, profile=again)


def own_routine() -> str:
    routine: acupress.Routine = acupress.build_routine("Mine", [("Hoku", 45), ("Qi Hai", 60)])
    report: acupress.SafetyReport = acupress.check(routine, acupress.Profile(pregnant=True))
    cues: list[acupress.Cue] = list(acupress.timeline(report))
    return acupress.dump_routine(routine) + acupress.dump_routine(report) + str(len(cues))


def unchecked_routine_cannot_be_played() -> None:
    routine = acupress.build_routine("Mine", [("Hoku", 45)])
    acupress.timeline(routine)  # type: ignore[arg-type]


def library_of_my_own() -> tuple[acupress.PackStatus, ...]:
    library = acupress.Library.build(["packs/sleep"], discover=False, require={"sleep": ">=1"})
    return library.statuses


def errors() -> str:
    try:
        acupress.resolve("nothing at all")
    except acupress.UnknownPointError as exc:
        return ", ".join(exc.suggestions)
    except acupress.AcupressError:
        return "other"
    return ""


def rendered() -> str:
    from acupress import render

    composition = acupress.compose("low-back-pain", minutes=5)
    record: render.CompositionRecord = render.composition_record(composition)
    as_mapping: Mapping[str, object] = record  # a record is a Mapping, not a dict[str, Any]
    report = render.report_record(acupress.check(["LI4"], acupress.Profile(pregnant=True)))
    return render.composition_markdown(composition, acupress.load()) + str(as_mapping) + str(report)


def ordered() -> bool:
    return acupress.Urgency.EMERGENCY >= acupress.Urgency.URGENT


def misspelt() -> None:
    # mypy must reject a misspelt public name: were it accepted, this ignore would be unused
    # and `mypy --strict` (warn_unused_ignores) would fail.
    acupress.compse  # type: ignore[attr-defined]  # noqa: B018


def chat(complaint: str, request: dict[str, object]) -> list[tuple[str, float]]:
    matches: tuple[acupress.ConditionMatch, ...] = acupress.find_conditions(complaint)
    condition: acupress.Condition = acupress.load().condition("Low back pain")
    profile: acupress.Profile = acupress.parse_profile(request, "request")
    also: acupress.Profile = acupress.parse_profile('{"pregnant": true}')
    assert condition.id
    assert profile == also
    return [(m.id, m.score) for m in matches]


def languages() -> str:
    """The language functions, as typed: a code in, the language used out."""
    acupress.set_language("de")
    acupress.set_language(None)
    with acupress.use_language("de") as used:
        spoken: str = used
    return spoken + acupress.current_language()
