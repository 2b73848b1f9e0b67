"""The procedure-anxiety pack (issue 16): nerves before surgery, a scan or another procedure.

- the checks every shipped pack passes (valid, a distribution, no cure claims, every claim cited
  or tradition, every reference located and cited, what each cited study tested);
- it composes, checks and screens in every output format, API and command line;
- the red flags: a plan to end one's life asked first, every emergency before anything else, a
  "yes" to any of them an emergency, each citing a reference of the pack;
- dosing stays inside the trials' (one session of 5 to 10 minutes before the procedure);
- Yintang is pressed lightly on every path (the pack's rule: the core eye rule does not cover
  EX-HN3), and the rule only ever tightens; pregnancy keeps LI4 and SP6 out.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import acupress
from acupress import (
    ComposeError,
    Constraints,
    Contact,
    Method,
    Pressure,
    Profile,
    Severity,
    Studied,
    Urgency,
)

from . import test_packs_clinical as clinical, test_schemas as schemas
from ._new_packs import check_new_pack
from .conftest import PACKS, Cli, packed

PACK = "procedure-anxiety"
CONDITION = "procedure-anxiety"
FORMATS = ("text", "json", "markdown", "html", "svg")


def _pack() -> acupress.Pack:
    return next(p for p in packed().packs if p.id == PACK)


# -- what every shipped pack passes --------------------------------------------------------


def test_the_distribution_standard() -> None:
    check_new_pack(PACK)


def test_the_condition_has_synonyms_and_an_icd10_code() -> None:
    condition = packed().conditions[CONDITION]
    assert condition.icd10 == "R45.0"
    assert "preoperative anxiety" in condition.synonyms
    assert condition.min_age == 16
    best = acupress.find_conditions("preoperative anxiety", library=packed())
    assert best
    assert best[0].condition.id == CONDITION


def test_the_trials_were_by_practitioners_and_say_so() -> None:
    refs = {r.id: r for r in _pack().references}
    assert refs["au-2015"].pmid == "26002571"
    assert refs["au-2015"].doi == "10.1136/acupmed-2014-010720"
    assert refs["wang-2005"].pmid == "16115972"
    for trial in ("agarwal-2005", "wang-2005", "wang-2008", "abadi-2018", "fassoulaki-2003"):
        assert refs[trial].studied is Studied.PRACTITIONER_ACUPRESSURE, trial
    # no self-acupressure claim: nobody in these trials pressed the points themselves
    assert all(r.studied is not Studied.SELF_ACUPRESSURE for r in refs.values())
    # a PMID not seen is left out, never guessed
    for trial in ("agarwal-2005", "abadi-2018", "fassoulaki-2003", "wang-2008"):
        assert refs[trial].pmid is None, trial


# -- composes, checks and screens in every output format -----------------------------------


def test_composes_in_every_output_of_the_api() -> None:
    comp = acupress.compose(CONDITION, minutes=6, library=packed())
    codes = [s.point for s in comp.routine.steps]
    assert {"EX-HN3", "HT7"} <= set(codes)
    for name, out in clinical.outputs(comp).items():
        assert "Yintang" in out, name
        assert "acupressure given by a practitioner" in out, name
        assert "screen procedure-anxiety" in " ".join(out.split()), name  # the red flags come first


@pytest.mark.parametrize("fmt", FORMATS)
def test_composes_in_every_format_of_the_command_line(cli: Cli, fmt: str) -> None:
    code, out, err = cli.run("compose", CONDITION, "--minutes", "6", "--format", fmt)
    assert code == 0, err
    assert "EX-HN3" in out or "Yintang" in out
    assert "screen procedure-anxiety" in " ".join(out.split())
    if fmt == "svg":
        assert out.lstrip().startswith("<")
        assert "<svg" in out
    if fmt == "json":
        data = json.loads(out)
        assert {s["point"] for s in data["steps"]} >= {"EX-HN3", "HT7"}
        assert schemas._errors("composition", data) == []


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_checks_and_screens_on_the_command_line(cli: Cli, fmt: str) -> None:
    code, out, err = cli.run("check", "--points", "EX-HN3,HT7", "--format", fmt)
    assert code == 0, err
    assert "yintang-forehead-only" in out
    if fmt == "json":
        assert schemas._errors("check", json.loads(out)) == []
    code, out, err = cli.run(
        "screen", CONDITION, "--answer", "anxiety-chest-pain=yes", "--answer-only", "--format", fmt
    )
    assert code == 3, err  # incomplete: the other questions were not answered
    assert "emergency" in out.lower()
    if fmt == "json":
        assert schemas._errors("screening", json.loads(out)) == []


@pytest.mark.parametrize("template", ["before-the-procedure", "waiting-room"])
def test_every_ready_made_routine_passes_the_check(template: str) -> None:
    routine = next(t for _p, t in packed().routines(CONDITION) if t.id == template)
    report = acupress.check(routine, library=packed())
    assert report.verdict.value != "avoid"
    step = next(s for s in report.routine.steps if s.point == "EX-HN3")
    assert step.technique.pressure <= Pressure.LIGHT


# -- red flags ------------------------------------------------------------------------------


def test_red_flags_ask_the_suicide_emergency_first_then_every_emergency() -> None:
    asked = [q for _p, q in acupress.questions(CONDITION, library=packed())]
    assert asked[0].id == "anxiety-self-harm-plan-or-unsafe"
    urgencies = [q.urgency for q in asked]
    emergencies = [q.id for q in asked if q.urgency is Urgency.EMERGENCY]
    assert set(emergencies) == {
        "anxiety-self-harm-plan-or-unsafe",
        "anxiety-chest-pain",
        "anxiety-breathless",
        "anxiety-fainting",
    }
    assert urgencies == sorted(urgencies, reverse=True)
    assert {q.id: q.urgency for q in asked}["anxiety-self-harm-thoughts"] is Urgency.URGENT
    thoughts = next(q for q in asked if q.id == "anxiety-self-harm-thoughts")
    assert "116 123" in thoughts.advice


@pytest.mark.parametrize(
    "qid",
    [
        "anxiety-self-harm-plan-or-unsafe",
        "anxiety-chest-pain",
        "anxiety-breathless",
        "anxiety-fainting",
    ],
)
def test_a_yes_to_an_emergency_is_an_emergency(qid: str) -> None:
    result = acupress.screen(CONDITION, {qid: "yes"}, library=packed())
    assert result.urgency is Urgency.EMERGENCY
    assert any("acupressure" in line for line in result.advice)


def test_every_red_flag_cites_a_reference_of_the_pack_and_no_to_all_raises_nothing() -> None:
    pack = _pack()
    ids = {r.id for r in pack.references}
    for q in pack.screening:
        assert q.references, q.id
        assert set(q.references) <= ids, q.id
        assert q.urgency is not Urgency.NONE, q.id
    answers = {q.id: "no" for q in pack.screening}
    assert acupress.screen(CONDITION, answers, library=packed()).urgency is Urgency.NONE


# -- dosing within the trials ---------------------------------------------------------------


def test_dosing_stays_within_the_trials() -> None:
    dosing = {d.point: d for d in _pack().dosing}
    # the longest single hold in the trials: 10 minutes on Yintang, 5 on Yintang with HT7
    assert dosing["EX-HN3"].max_seconds <= 600
    assert dosing["HT7"].max_seconds <= 300
    for d in dosing.values():
        assert d.times_per_day == 2, d.point  # in the hour before, and again while waiting
    for template in _pack().routines:
        for step in template.steps:
            assert step.seconds <= dosing[step.point].max_seconds, (template.id, step.point)


# -- safety: Yintang near the eyes, pregnancy, age ------------------------------------------


def test_the_yintang_rule_tightens_only() -> None:
    rule = next(r for r in packed().safety.rules if r.id == f"{PACK}:yintang-forehead-only")
    assert rule.severity is Severity.GENTLE
    assert rule.pressure_cap is Pressure.LIGHT
    eye = next(r for r in packed().safety.rules if r.id == "eye-area")
    assert rule.pressure_cap <= eye.pressure_cap  # as strict as the core's eye rule
    # without the pack a firm Yintang passes; with it, it is capped: never looser
    firm = acupress.Routine(
        name="firm",
        steps=(
            acupress.Step(
                point="EX-HN3",
                seconds=60,
                technique=acupress.Technique(
                    method=Method.HOLD, contact=Contact.THUMB, pressure=Pressure.FIRM
                ),
            ),
        ),
    )
    alone = acupress.Library.build([PACKS / "sleep"], discover=False, strict=True)
    before = acupress.check(firm, library=alone).routine.steps[0].technique.pressure
    after = acupress.check(firm, library=packed()).routine.steps[0].technique.pressure
    assert after == Pressure.LIGHT
    assert after <= before


profiles = st.builds(
    Profile,
    pregnant=st.booleans(),
    has=st.lists(st.sampled_from(["anticoagulants", "sedated", "neuropathy", "frail"]), max_size=2),
    ate_recently=st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, minutes=st.integers(1, 20), ball=st.booleans())
def test_yintang_is_light_and_pregnancy_points_never_appear_in_any_composition(
    profile: Profile, minutes: int, ball: bool
) -> None:
    tools = ("tennis-ball",) if ball else ()
    try:
        comp = acupress.compose(
            CONDITION,
            minutes=minutes,
            profile=profile,
            constraints=Constraints(tools=tools),
            library=packed(),
        )
    except ComposeError:
        # the one refusal: a sedated person is given no routine at all (core rule intoxicated)
        assert "sedated" in profile.has
        return
    assert comp.routine.steps
    for step in comp.routine.steps:
        if step.point == "EX-HN3":
            assert step.technique.pressure <= Pressure.LIGHT
        if profile.pregnant:
            assert step.point not in {"LI4", "SP6"}


def test_pregnant_before_a_caesarean_gets_the_trial_points() -> None:
    profile = Profile(pregnant=True, pregnancy_weeks=39)
    comp = acupress.compose(CONDITION, minutes=6, profile=profile, library=packed())
    codes = {s.point for s in comp.routine.steps}
    assert {"EX-HN3", "HT7"} <= codes
    assert not codes & {"LI4", "SP6"}


def test_a_child_is_refused_without_a_clinician() -> None:
    with pytest.raises(ComposeError):
        acupress.compose(CONDITION, minutes=5, profile=Profile(age=12), library=packed())
    comp = acupress.compose(
        CONDITION, minutes=5, profile=Profile(age=12), library=packed(), clinician_approved=True
    )
    assert comp.routine.steps


def test_the_mcp_tool_finds_the_condition_by_a_synonym_and_keeps_yintang_light() -> None:
    from .test_mcp import assert_safe_for, call

    result = call(
        "compose_routine",
        {"conditions": ["preoperative anxiety"], "minutes": 6, "profile": {"pregnant": True}},
    )
    assert result["conditions"] == [CONDITION]
    steps = {s["point"]: s for s in result["steps"]}
    assert steps["EX-HN3"]["technique"]["pressure"] == "light"
    assert not set(steps) & {"LI4", "SP6"}
    assert_safe_for(result, Profile(pregnant=True))
