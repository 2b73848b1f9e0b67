"""The nausea pack (issue 16): PC6 for sickness, its evidence, dosing, routines and red flags.

- every condition composes, checks and screens, in every output format (text, markdown, JSON,
  the HTML card and the SVG map), and every output carries the pack's evidence words;
- every claim is cited or tradition, and the evidence says what it studied: the pooled
  Cochrane reviews weigh as tradition, the wristband trials as acupressure;
- red flags are answerable, emergencies first, and a yes to one screens as an emergency;
- dosing stays within what the cited sources used;
- in pregnancy PC6 is composed and LI4, SP6 and the belly never are, whatever the week.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import Profile, Studied, Urgency
from acupress._compose import candidates as C
from acupress._model.packs import EVIDENCE_WEIGHT
from acupress.render import (
    composition_record,
    composition_text,
)

from ._new_packs import check_new_pack
from .conftest import Cli, packed
from .test_packs_clinical import outputs

PACK = "nausea"
CONDITIONS = (
    "nausea-vomiting",
    "postoperative-nausea",
    "chemotherapy-nausea",
    "pregnancy-sickness",
    "motion-sickness",
)
FORMATS = ("text", "markdown", "json", "html", "svg")
AVOIDED_IN_PREGNANCY = {"LI4", "SP6", "BL60", "BL67", "GB21"}


def _pack() -> acupress.Pack:
    return next(p for p in packed().packs if p.id == PACK)


def test_the_pack_is_loaded_with_its_conditions_and_synonyms() -> None:
    library = packed()
    assert set(CONDITIONS) <= set(library.conditions)
    assert library.condition("morning sickness").id == "pregnancy-sickness"
    assert library.condition("PONV").id == "postoperative-nausea"
    assert library.condition("chemo sickness").id == "chemotherapy-nausea"
    assert library.condition("seasickness").id == "motion-sickness"
    codes = {c.id: c.icd10 for c in _pack().conditions}
    assert codes == {
        "nausea-vomiting": "R11",
        "postoperative-nausea": "R11",
        "chemotherapy-nausea": "R11",
        "pregnancy-sickness": "O21.9",  # R11 excludes vomiting in pregnancy
        "motion-sickness": "T75.3",
    }


@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_condition_composes_in_every_format(cli: Cli, condition: str, fmt: str) -> None:
    code, out, err = cli.run("compose", condition, "--minutes", "10", "--format", fmt)
    assert code == 0, err
    assert "PC6" in out or "Neiguan" in out, (condition, fmt)
    if fmt == "svg":
        assert out.lstrip().startswith("<svg") or "<svg" in out
    if fmt in ("text", "markdown", "json", "html"):
        assert "screen" in out.lower(), (condition, fmt)  # the screening pointer


@pytest.mark.parametrize("fmt", FORMATS)
def test_pregnancy_sickness_in_every_format_leaves_out_the_pregnancy_points(
    cli: Cli, fmt: str
) -> None:
    code, out, err = cli.run(
        "compose", "pregnancy-sickness", "--pregnant", "--pregnancy-weeks", "9",
        "--minutes", "15", "--format", fmt,
    )  # fmt: skip
    assert code == 0, err
    assert "PC6" in out or "Neiguan" in out
    # Neither is indicated for sickness, so no output names them at all, not even as excluded.
    assert "LI4" not in out, fmt
    assert "SP6" not in out, fmt


@pytest.mark.parametrize("condition", CONDITIONS)
def test_every_condition_checks_and_screens(cli: Cli, condition: str) -> None:
    comp = acupress.compose(condition, minutes=10, library=packed())
    report = acupress.check(comp.routine, Profile(), library=packed())
    assert report.verdict is not acupress.Verdict.AVOID
    every_no = [a for _p, q in acupress.questions(condition, library=packed())
                for a in ("--answer", f"{q.id}=no")]  # fmt: skip
    code, data, err = cli.json("screen", condition, "--answer-only", *every_no)
    assert code == 0, err
    assert data["urgency"] == "none"
    first = acupress.questions(condition, library=packed())[0][1].id
    code, data, err = cli.json("screen", condition, "--answer-only", "--answer", f"{first}=yes")
    assert code != 0
    assert data["urgency"] == "emergency"


def test_every_output_of_a_composition_shows_what_was_studied() -> None:
    library = packed()
    comp = acupress.compose("postoperative-nausea", minutes=5, library=library)
    for name, out in outputs(comp).items():
        assert "Alkaissi" in out, name
        assert "counts as tradition" in out, name  # the pooled Cochrane reviews
    comp = acupress.compose("chemotherapy-nausea", minutes=5, library=library)
    for out in (composition_text(comp, library), json.dumps(composition_record(comp, library))):
        assert "acupressure wristbands" in out


# -- claims and evidence -------------------------------------------------------------------


def test_every_claim_is_cited_or_tradition_and_says_what_was_studied() -> None:
    pack = _pack()
    ids = {r.id for r in pack.references}
    for ind in pack.indications:
        for ref in ind.references:
            assert ref == "tradition" or ref in ids, (ind.point, ref)
            if ref != "tradition":
                assert pack.reference(ref).studied is not None, ref
    for ref in pack.references:
        assert ref.doi or ref.pmid or ref.url, ref.id
        assert ref.note.strip(), ref.id


def test_the_evidence_model_weighs_what_each_source_tested() -> None:
    refs = {r.id: r for r in _pack().references}
    assert refs["lee-2015"].studied is Studied.MIXED_STIMULATION
    assert refs["lee-2025"].studied is Studied.MIXED_STIMULATION
    for band in ("adib-2013", "roscoe-2003", "molassiotis-2013-anchor"):
        assert refs[band].studied is Studied.WRISTBAND
    assert Studied.WRISTBAND.is_acupressure
    assert not Studied.MIXED_STIMULATION.is_acupressure
    cands = C.candidate_index(packed(), ("postoperative-nausea",))[0]
    # The pooled reviews (3 if they counted) weigh as tradition; the trial (2) is the best.
    assert cands["PC6"].base == 5 * EVIDENCE_WEIGHT[acupress.ReferenceKind.TRIAL]
    cands = C.candidate_index(packed(), ("motion-sickness",))[0]
    assert cands["PC6"].base == 3  # tradition only


def test_no_claim_promises_a_cure_and_every_chemo_or_surgery_claim_says_add_on() -> None:
    pack = _pack()
    for ind in pack.indications:
        assert "cure" not in ind.why.lower()
        if ind.condition in ("postoperative-nausea", "chemotherapy-nausea"):
            assert "medicine" in ind.why.lower(), ind.condition


def test_the_published_uncertainty_is_in_plain_words() -> None:
    whys = {(i.point, i.condition): i.why for i in _pack().indications}
    assert "Probably reduces" in whys[("PC6", "postoperative-nausea")]
    assert "limited" in whys[("PC6", "pregnancy-sickness")]
    assert "no clear difference" in whys[("PC6", "chemotherapy-nausea")]
    assert "tradition" in whys[("PC6", "motion-sickness")]


# -- dosing --------------------------------------------------------------------------------


def test_dosing_stays_within_the_cited_sources() -> None:
    dosing = {d.point: d for d in _pack().dosing}
    pc6 = dosing["PC6"]
    # MSKCC: 2 to 3 minutes a wrist; the finger trials and guidance go no further.
    assert (pc6.min_seconds, pc6.max_seconds) == (120, 180)
    assert pc6.times_per_day is not None
    assert pc6.times_per_day <= 4
    assert "mskcc-nausea" in pc6.references
    assert "anti-sickness medicine" in (pc6.note or "")
    st36 = dosing["ST36"]  # UMN self-care: 15-30 s, building up to 1-2 minutes
    assert st36.max_seconds <= 120
    for routine in _pack().routines:
        for step in routine.steps:
            d = dosing[step.point]
            assert d.min_seconds <= step.seconds <= d.max_seconds, (routine.id, step.point)


def test_composed_holds_stay_within_the_dosing() -> None:
    dosing = {d.point: d for d in _pack().dosing}
    for condition in CONDITIONS:
        for minutes in (4, 10, 30):
            comp = acupress.compose(condition, minutes=minutes, library=packed())
            for step in comp.routine.steps:
                if step.point in dosing:
                    assert step.seconds <= dosing[step.point].max_seconds, (condition, step)


# -- red flags -----------------------------------------------------------------------------

EMERGENCIES = {
    "nv-blood",
    "nv-head-injury",
    "nv-sudden-severe-pain",
    "nv-stiff-neck",
    "nv-poison",
    "nv-green",
    "chemo-fever",
}


@pytest.mark.parametrize("condition", CONDITIONS)
def test_red_flags_are_asked_emergencies_first(condition: str) -> None:
    asked = acupress.questions(condition, library=packed())
    urgencies = [q.urgency.rank for _p, q in asked]
    assert urgencies == sorted(urgencies, reverse=True)
    ids = {q.id for _p, q in asked}
    assert {"nv-blood", "nv-head-injury", "nv-no-fluids", "nv-dehydration"} <= ids
    assert asked[0][1].urgency is Urgency.EMERGENCY


def test_the_urgencies_are_as_the_sources_give_them() -> None:
    qs = {q.id: q for q in _pack().screening}
    for qid in EMERGENCIES:
        assert qs[qid].urgency is Urgency.EMERGENCY, qid
    assert qs["nv-no-fluids"].urgency is Urgency.URGENT
    assert qs["nv-dehydration"].urgency is Urgency.URGENT
    assert qs["preg-severe-sickness"].urgency is Urgency.URGENT
    assert "maternity unit" in qs["preg-severe-sickness"].advice
    assert "nice-cg151" in qs["chemo-fever"].references
    assert "24-hour oncology" in qs["chemo-fever"].advice


def test_pregnancy_and_chemo_questions_are_asked_only_for_their_condition() -> None:
    general = {q.id for _p, q in acupress.questions("nausea-vomiting", library=packed())}
    assert "chemo-fever" not in general
    assert "preg-severe-sickness" not in general
    preg = {q.id for _p, q in acupress.questions("pregnancy-sickness", library=packed())}
    assert {"preg-severe-sickness", "preg-late-onset", "nv-blood"} <= preg
    chemo = {q.id for _p, q in acupress.questions("chemotherapy-nausea", library=packed())}
    assert {"chemo-fever", "chemo-tablets-not-kept-down", "nv-blood"} <= chemo


@pytest.mark.parametrize("qid", sorted(EMERGENCIES))
def test_a_yes_to_an_emergency_screens_as_an_emergency(qid: str) -> None:
    condition = next(q.condition for q in _pack().screening if q.id == qid)
    result = acupress.screen(condition, {qid: True}, library=packed())
    assert result.urgency is Urgency.EMERGENCY


@settings(deadline=None)  # the first example may build the library
@given(st.sets(st.sampled_from(sorted(EMERGENCIES - {"chemo-fever"}))), st.data())
def test_screening_never_loses_an_emergency(yes: set[str], data: st.DataObject) -> None:
    # Whatever else is answered, one emergency "yes" keeps the result an emergency.
    asked = acupress.questions("chemotherapy-nausea", library=packed())
    answers = {q.id: data.draw(st.booleans(), label=q.id) for _p, q in asked}
    answers.update(dict.fromkeys(yes, True))
    result = acupress.screen("chemotherapy-nausea", answers, library=packed())
    if yes:
        assert result.urgency is Urgency.EMERGENCY


# -- pregnancy -----------------------------------------------------------------------------


@settings(deadline=None)  # the first example may build the library
@given(
    weeks=st.none() | st.integers(min_value=0, max_value=42),
    minutes=st.sampled_from([4, 5, 10, 20]),
    condition=st.sampled_from(CONDITIONS),
)
def test_in_pregnancy_pc6_yes_and_never_the_pregnancy_points(
    weeks: int | None, minutes: int, condition: str
) -> None:
    profile = Profile(pregnant=True, pregnancy_weeks=weeks)
    comp = acupress.compose(condition, minutes=minutes, profile=profile, library=packed())
    points = {s.point for s in comp.routine.steps}
    assert "PC6" in points
    assert not points & AVOIDED_IN_PREGNANCY
    for step in comp.routine.steps:
        assert packed().points[step.point].region is not acupress.Region.ABDOMEN


def test_the_ready_made_routines_pass_the_check_in_pregnancy() -> None:
    late = Profile(pregnant=True, pregnancy_weeks=34)
    for routine in _pack().routines:
        report = acupress.check(routine, late, library=packed())
        assert not {s.point for s in report.routine.steps} & AVOIDED_IN_PREGNANCY
        assert "PC6" in {s.point for s in report.routine.steps}


def test_the_distribution_standard() -> None:
    check_new_pack("nausea")


# -- a condition of pregnancy is checked for a pregnant person, whatever the profile says -----


@settings(max_examples=25, deadline=None)
@given(
    other=st.sampled_from(["low-back-pain", "insomnia", "tension-type-headache", "period-pain"]),
    minutes=st.sampled_from([5, 10, 20]),
)
def test_sickness_in_pregnancy_composes_as_pregnant_with_any_other_condition(
    other: str, minutes: int
) -> None:
    library = packed()
    assert library.conditions["pregnancy-sickness"].pregnancy
    if library.conditions[other].not_in_pregnancy:
        # Period pain with sickness in pregnancy is not period pain: refused (see
        # tests/test_not_in_pregnancy.py), as for anyone who says they are pregnant.
        with pytest.raises(acupress.ComposeError, match="midwife"):
            acupress.compose(["morning sickness", other], minutes=minutes, library=library)
        return
    comp = acupress.compose(["morning sickness", other], minutes=minutes, library=library)
    points = set(comp.routine.points)
    assert not points & {"LI4", "SP6", "BL60", "BL67", "GB21"}, points
    assert not any(library.get(p).location.region.value == "abdomen" for p in points)
    assert comp.safety.profile.pregnant  # and the card says whom it was checked for


def test_checking_a_routine_for_sickness_in_pregnancy_checks_for_a_pregnant_person() -> None:
    import attrs

    from acupress.render import report_text

    library = packed()
    routine = acupress.build_routine("mine", [("LI4", 30), ("PC6", 60)], library=library)
    routine = attrs.evolve(routine, conditions=("pregnancy-sickness",))
    report = acupress.check(routine, library=library)
    assert report.routine.points == ("PC6",)
    assert report.profile.pregnant
    assert "LI4: avoid" in report_text(report, library)  # the gate accepts it as checked


def test_a_pack_can_only_add_pregnancy_to_a_condition(tmp_path: Path) -> None:
    from acupress.testing import minimal_pack, to_toml

    doc = minimal_pack(id="mark")
    doc["conditions"] = [
        {"id": "mark-pain", "name": "Pain", "description": "A pain.", "pregnancy": True},
        {"id": "nausea-vomiting", "name": "Sick", "description": "Again.", "pregnancy": True},
    ]
    (tmp_path / "mark").mkdir()
    (tmp_path / "mark" / "pack.toml").write_text(to_toml(doc), encoding="utf-8")
    library = acupress.Library.build([tmp_path / "mark"])
    assert library.conditions["nausea-vomiting"].pregnancy  # a second declaration tightens
    doc["conditions"][0]["pregnancy"] = "false"  # a string cannot switch it off (or on)
    (tmp_path / "mark" / "pack.toml").write_text(to_toml(doc), encoding="utf-8")
    with pytest.raises(acupress.PackError, match="pregnancy"):
        acupress.Library.build([tmp_path / "mark"], discover=False, strict=True)


def test_sickness_in_pregnancy_asks_for_the_signs_of_pre_eclampsia() -> None:
    library = packed()
    asked = {q.id: q for _pack, q in library.questions("pregnancy-sickness")}
    question = asked["preg-pre-eclampsia"]
    assert question.urgency is Urgency.URGENT
    assert "apec-signs" in question.references
    result = acupress.screen("pregnancy-sickness", {"preg-pre-eclampsia": "yes"}, library=library)
    assert result.urgency is Urgency.URGENT
