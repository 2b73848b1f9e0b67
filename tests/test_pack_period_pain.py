"""The period-pain pack (issue 16), and the possible-pregnancy gate it needs.

- every condition composes, checks and screens in every output format;
- every claim is cited or tradition; dosing stays within the trials' protocols;
- red flags are answerable, emergencies first, and "Could you be pregnant?" is asked before the
  questions of lower urgency, telling the person how to say so;
- someone who could be pregnant (``possibly_pregnant``) is never handed SP6 or LI4, by compose,
  check, a ready-made routine or any output, whatever else their profile says (a Hypothesis
  property over profiles); the late-pregnancy rules still need ``pregnant``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import Profile, Region, Urgency, When
from acupress._compose import candidates as C
from acupress._model.references import Population
from acupress.render import (
    composition_text,
)

from ._new_packs import check_new_pack
from .conftest import Cli, packed
from .test_packs_clinical import outputs

PACK = "period-pain"
CONDITIONS = ("period-pain", "primary-dysmenorrhoea")
FORMATS = ("text", "markdown", "json", "html", "svg")
TRADITIONAL = {"LI4", "SP6", "BL60", "BL67", "GB21"}
MAYBE = Profile(possibly_pregnant=True)


def _pack() -> acupress.Pack:
    return next(p for p in packed().packs if p.id == PACK)


def test_the_pack_is_loaded_with_its_conditions_and_synonyms() -> None:
    library = packed()
    assert library.condition("menstrual cramps").id == "period-pain"
    assert library.condition("dysmenorrhea").id == "period-pain"
    assert library.condition("primary dysmenorrhea").id == "primary-dysmenorrhoea"
    assert {c.id: c.icd10 for c in _pack().conditions} == {
        "period-pain": "N94.6",
        "primary-dysmenorrhoea": "N94.4",
    }


@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_condition_composes_in_every_format(cli: Cli, condition: str, fmt: str) -> None:
    code, out, err = cli.run("compose", condition, "--minutes", "15", "--format", fmt)
    assert code == 0, err
    assert "SP6" in out or "Sanyinjiao" in out, fmt


@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_possibly_pregnant_never_reaches_an_output_with_sp6_or_li4(
    cli: Cli, condition: str, fmt: str
) -> None:
    code, out, err = cli.run(
        "compose", condition, "--possibly-pregnant", "--minutes", "20", "--format", fmt
    )
    assert code == 0, err
    assert "LR3" in out or "Taichong" in out, fmt
    if fmt == "json":
        data = json.loads(out)
        steps = {s["point"] for s in data["steps"]}
        assert not steps & TRADITIONAL
        excluded = {e["point"]: e for e in data["excluded"]}
        assert "SP6" in excluded  # said to be left out, with its reason
        assert "could be pregnant" in json.dumps(excluded["SP6"])


def test_the_cli_option_sets_the_profile(cli: Cli) -> None:
    _code, data, err = cli.json("check", "--points", "SP6, LI4, LR3", "--possibly-pregnant")
    assert data["verdict"] == "avoid", err
    assert set(data["removed"]) == {"SP6", "LI4"}


@pytest.mark.parametrize("condition", CONDITIONS)
def test_every_condition_checks_and_screens(cli: Cli, condition: str) -> None:
    comp = acupress.compose(condition, minutes=15, library=packed())
    assert acupress.check(comp.routine, Profile(), library=packed()).verdict is not (
        acupress.Verdict.AVOID
    )
    asked = acupress.questions(condition, library=packed())
    every_no = [a for _p, q in asked for a in ("--answer", f"{q.id}=no")]
    code, data, err = cli.json("screen", condition, "--answer-only", *every_no)
    assert code == 0, err
    assert data["urgency"] == "none"


def test_every_output_shows_the_evidence() -> None:
    library = packed()
    comp = acupress.compose("primary-dysmenorrhoea", minutes=15, library=library)
    for name, out in outputs(comp).items():
        assert "Chen MN" in out, name  # (text wraps the rest of the citation)


# -- claims, evidence and dosing -----------------------------------------------------------


def test_every_claim_is_cited_or_tradition_and_says_what_was_studied() -> None:
    pack = _pack()
    for ind in pack.indications:
        for ref_id in ind.references:
            if ref_id != "tradition":
                ref = pack.reference(ref_id)
                assert ref is not None, ref_id
                assert ref.studied is not None, ref_id
    whys = {(i.point, i.condition): i.why for i in pack.indications}
    assert "May ease" in whys[("SP6", "primary-dysmenorrhoea")]
    assert "painkillers helped more" in whys[("SP6", "primary-dysmenorrhoea")]
    for (point, _c), why in whys.items():
        if point in ("SP6", "LI4"):
            assert "could be, pregnant" in why


def test_dosing_stays_within_the_trial_protocols() -> None:
    dosing = {d.point: d for d in _pack().dosing}
    sp6 = dosing["SP6"]
    # Trials: about 20 minutes in all (10 a leg), once or twice a day (Wong 2010: twice).
    assert sp6.max_seconds <= 600
    assert sp6.min_seconds >= 120
    assert sp6.times_per_day == 2
    assert {"wong-2010", "chen-2013"} <= set(sp6.references)
    assert "three days" in (sp6.note or "")
    assert "cycles" in (sp6.note or "")
    lr3 = dosing["LR3"]  # the trial: 2-minute rounds, 20 minutes in all
    assert lr3.max_seconds <= 20 * 60 // 2
    for routine in _pack().routines:
        for step in routine.steps:
            assert dosing[step.point].min_seconds <= step.seconds, (routine.id, step.point)
            assert step.seconds <= dosing[step.point].max_seconds, (routine.id, step.point)


def test_no_lower_abdominal_point_is_offered() -> None:
    points = packed().points
    for ind in _pack().indications:
        assert points[ind.point].region is not Region.ABDOMEN, ind.point


# -- red flags -----------------------------------------------------------------------------


@pytest.mark.parametrize("condition", CONDITIONS)
def test_red_flags_emergencies_first_and_the_pregnancy_question_early(condition: str) -> None:
    asked = [q for _p, q in acupress.questions(condition, library=packed())]
    ranks = [q.urgency.rank for q in asked]
    assert ranks == sorted(ranks, reverse=True)
    assert asked[0].id == "pp-ectopic-emergency"
    assert asked[0].urgency is Urgency.EMERGENCY
    ids = [q.id for q in asked]
    # Right after the urgent questions: before every other "soon" and "routine" one.
    assert ids.index("pp-could-be-pregnant") == sum(
        1 for q in asked if q.urgency.rank > Urgency.SOON.rank
    )
    maybe = asked[ids.index("pp-could-be-pregnant")]
    assert "--possibly-pregnant" in maybe.advice
    assert "possibly_pregnant" in maybe.advice
    assert "precaution" in maybe.advice
    assert {"pp-fever-discharge", "pp-unusual-bleeding", "pp-coil", "pp-new-or-changed"} <= set(ids)


def test_a_yes_to_the_ectopic_question_is_an_emergency() -> None:
    result = acupress.screen("period-pain", {"pp-ectopic-emergency": True}, library=packed())
    assert result.urgency is Urgency.EMERGENCY
    soon = acupress.screen("period-pain", {"pp-could-be-pregnant": True}, library=packed())
    assert soon.urgency is Urgency.SOON  # a precaution, not a reason to stop the routine


# -- possibly pregnant: the core gate ------------------------------------------------------


def test_could_be_pregnant_is_either_fact() -> None:
    assert MAYBE.could_be_pregnant
    assert Profile(pregnant=True).could_be_pregnant
    assert not Profile().could_be_pregnant
    when = When(could_be_pregnant=True)
    assert when.matches(MAYBE)
    assert when.matches(Profile(pregnant=True))
    assert not when.matches(Profile())
    assert When(could_be_pregnant=False).matches(Profile())
    assert not When(could_be_pregnant=False).matches(MAYBE)


def test_possibly_pregnant_is_a_strict_boolean() -> None:
    with pytest.raises(TypeError, match="possibly_pregnant"):
        Profile(possibly_pregnant="yes")  # type: ignore[arg-type]
    with pytest.raises(acupress.DataError, match="possibly_pregnant"):
        acupress.parse_profile({"possibly_pregnant": "true"})
    assert acupress.parse_profile({"possibly_pregnant": True}) == MAYBE
    assert acupress.parse_profile("possibly_pregnant = true") == MAYBE


def test_the_early_rules_fire_and_the_late_ones_do_not() -> None:
    library = packed()
    fired = {f.rule for f in acupress.check(["SP6", "LI4", "CV4", "BL32"], MAYBE,
                                            library=library).findings}  # fmt: skip
    assert {
        "pregnancy-traditional-points",
        "pregnancy-lower-abdomen",
        "pregnancy-abdomen",
        "pregnancy-sacral-foramina",
    } <= fired
    rules = {r.id: r for r in library.safety.rules}
    assert not rules["pregnancy-lying-on-back"].when.matches(MAYBE)  # from 28 weeks
    assert rules["pregnancy-ball"].when.matches(MAYBE)  # no weight on a ball from the start


def test_a_study_that_left_out_pregnancy_counts_as_tradition_for_them() -> None:
    assert Population.PREGNANCY in C.populations(MAYBE)


profiles = st.builds(
    Profile,
    possibly_pregnant=st.just(True),
    pregnant=st.booleans(),
    postpartum=st.booleans(),
    age=st.none() | st.integers(min_value=16, max_value=60),
    has=st.lists(
        st.sampled_from(["varicose-veins", "anticoagulants", "neuropathy", "osteoporosis"]),
        unique=True,
        max_size=2,
    ),
    ate_recently=st.booleans(),
)


@settings(deadline=None)  # the first example may build the library
@given(
    profile=profiles,
    condition=st.sampled_from(CONDITIONS),
    minutes=st.sampled_from([5, 10, 20, 40]),
)
def test_possibly_pregnant_never_gets_sp6_or_li4(
    profile: Profile, condition: str, minutes: int
) -> None:
    library = packed()
    try:
        comp = acupress.compose(condition, minutes=minutes, profile=profile, library=library)
    except acupress.ComposeError:
        return  # nothing composed is nothing handed over
    assert not {s.point for s in comp.routine.steps} & TRADITIONAL
    assert not {s.point for s in comp.safety.routine.steps} & TRADITIONAL
    text = composition_text(comp, library)
    assert "1. SP6" not in text
    assert "1. LI4" not in text


@settings(deadline=None)  # the first example may build the library
@given(profile=profiles, points=st.lists(st.sampled_from(sorted(TRADITIONAL | {"LR3", "PC6"}))))
def test_check_avoids_the_traditional_points_for_anyone_who_could_be_pregnant(
    profile: Profile, points: list[str]
) -> None:
    report = acupress.check(points or ["LR3"], profile, library=packed())
    assert not {s.point for s in report.routine.steps} & TRADITIONAL
    assert set(points) & TRADITIONAL <= set(report.removed)


def test_every_ready_made_routine_is_cleaned_for_them() -> None:
    for pack in packed().packs:
        for routine in pack.routines:
            report = acupress.check(routine, MAYBE, library=packed())
            assert not {s.point for s in report.routine.steps} & TRADITIONAL, routine.id


def test_the_option_adds_to_a_profile_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text('has = ["varicose-veins"]\n', encoding="utf-8")
    code, data, err = cli.json(
        "compose", "period-pain", "--profile", str(path), "--possibly-pregnant", "--minutes", "10"
    )
    assert code == 0, err
    assert not {s["point"] for s in data["steps"]} & TRADITIONAL


def test_a_pack_rule_may_use_could_be_pregnant(tmp_path: Path) -> None:
    from acupress.testing import minimal_pack, to_toml

    rule = {
        "id": "no-hand-if-maybe",
        "applies": {"points": ["HT7"]},
        "when": {"could_be_pregnant": True},
        "severity": "avoid",
        "message": "Not for anyone who could be pregnant, for this test.",
        "basis": "tradition",
        "sources": [],
    }
    path = tmp_path / "pack.toml"
    path.write_text(to_toml(minimal_pack(id="maybe", rules=[rule])), encoding="utf-8")
    library = acupress.Library.build([path], discover=False, strict=True)
    assert "HT7" in acupress.check(["HT7"], MAYBE, library=library).removed
    assert "HT7" not in acupress.check(["HT7"], Profile(), library=library).removed
    bad = {**rule, "when": {"could_be_pregnant": "yes"}}
    path.write_text(to_toml(minimal_pack(id="maybe", rules=[bad])), encoding="utf-8")
    with pytest.raises(acupress.PackError, match="could_be_pregnant"):
        acupress.Library.build([path], discover=False, strict=True)


def test_the_distribution_standard() -> None:
    check_new_pack("period-pain")


def test_the_emergency_question_does_not_hang_on_thinking_one_could_be_pregnant() -> None:
    # Sudden severe pain with fainting is an emergency even for someone sure she is not pregnant
    # (the NHS: act even without a positive test), so the question asks it on its own.
    first = acupress.questions("period-pain", library=packed())[0]
    question = first[-1] if isinstance(first, tuple) else first
    assert question.urgency is Urgency.EMERGENCY
    assert "pregnant" not in question.text.lower()


def test_no_ball_for_someone_who_could_be_pregnant() -> None:
    from acupress import Constraints

    comp = acupress.compose(
        "low-back-pain",
        minutes=15,
        profile=Profile(possibly_pregnant=True),
        constraints=Constraints(tools=("tennis-ball",)),
        library=packed(),
    )
    assert all(not s.technique.contact.value.startswith("ball") for s in comp.routine.steps)


@pytest.mark.parametrize(
    "argv",
    [
        ["guide", "--routine", "period-sp6", "--age", "12", "--speed", "100"],
        ["guide", "--routine", "stimulating-set", "--age", "10", "--speed", "100"],
    ],
)
def test_a_pack_routine_is_refused_below_its_conditions_age_on_every_path(
    cli: Cli, argv: list[str]
) -> None:
    result = cli.run(*argv)
    assert result.code == 1
    assert "is for people aged" in result.err
    assert result.out == ""  # nothing was played
    allowed = cli.run(*argv, "--clinician-approved", "--format", "json")
    assert allowed.code == 0  # then the rules for children apply
    assert "child" in allowed.err


def test_check_refuses_a_routine_below_its_conditions_age_unless_a_clinician_approved() -> None:
    library = packed()
    _pack, template = next((p, t) for p, t in library.routines() if t.id == "period-sp6")
    with pytest.raises(acupress.ComposeError, match="aged 16 and over"):
        acupress.check(template, Profile(age=12), library=library)
    report = acupress.check(template, Profile(age=12), library=library, clinician_approved=True)
    assert {f.rule for f in report.findings} >= {"child"}
    acupress.check(["SP6"], Profile(age=12), library=library)  # points alone name no condition
