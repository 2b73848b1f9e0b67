"""The packs' clinical content (issue 11): red flags, citations, and evidence that says what it is.

- every red flag the clinical review found missing is asked, with its urgency and a source that
  resolves; a "yes" to an emergency question screens as an emergency;
- chest symptoms are screened for, never pressed for;
- no red-flag question cites NICE NG59, which lists no red flags;
- every reference says what it is cited for and carries a locator;
- every indication's references say what they studied; acupuncture and prescription surveys,
  and studies that left the person's group out, weigh as tradition in the composer, and every
  output of a composition says so;
- conditions record the youngest age their guidance covers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import acupress
from acupress import Population, Profile, Reference, ReferenceKind, Studied, Urgency
from acupress._compose import candidates as C
from acupress._model.packs import EVIDENCE_WEIGHT, evidence_weight
from acupress.render import (
    composition_markdown,
    composition_record,
    composition_text,
    render_card,
)
from acupress.testing import minimal_pack, to_toml

from .broken_packs import MIN_AGE_FIELDS, min_age_pack
from .conftest import ALL_PACKS, PACKS as PACKS_FOLDER, packed

# -- the red flags added, with their urgency and condition ----------------------------------

NEW_QUESTIONS = {
    # upper back: heart and aorta
    "ubp-chest-pain": ("upper-back-pain", Urgency.EMERGENCY),
    "ubp-tearing-pain": ("upper-back-pain", Urgency.EMERGENCY),
    # low back
    "lbp-aortic-emergency": ("low-back-pain", Urgency.EMERGENCY),
    "lbp-pulsing-lump": ("low-back-pain", Urgency.SOON),
    "lbp-under-20-new-pain": ("low-back-pain", Urgency.SOON),
    "lbp-spine-shape-changed": ("low-back-pain", Urgency.SOON),
    "lbp-pain-several-places": ("low-back-pain", Urgency.SOON),
    "lbp-recent-infection": ("low-back-pain", Urgency.URGENT),
    "lbp-penetrating-wound": ("low-back-pain", Urgency.URGENT),
    "lbp-inflammatory-back-pain": ("low-back-pain", Urgency.ROUTINE),
    # back pain in pregnancy
    "lbp-pregnancy-contractions": ("low-back-pain", Urgency.EMERGENCY),
    "lbp-pregnancy-bleeding-or-fluid": ("low-back-pain", Urgency.EMERGENCY),
    "lbp-pregnancy-baby-moving-less": ("low-back-pain", Urgency.EMERGENCY),
    "lbp-pregnancy-constant-belly-pain": ("low-back-pain", Urgency.EMERGENCY),
    "lbp-pregnancy-fever": ("low-back-pain", Urgency.URGENT),
    "lbp-pregnancy-one-sided-pain": ("low-back-pain", Urgency.URGENT),
    # headache
    "headache-new-over-50": ("headache", Urgency.SOON),
    "headache-fever": ("headache", Urgency.URGENT),
    "headache-vomiting": ("headache", Urgency.SOON),
    "headache-new-medicine": ("headache", Urgency.SOON),
    # sleep
    "self-harm-plan-or-unsafe": ("sleep-problems", Urgency.EMERGENCY),
    "self-harm-thoughts": ("sleep-problems", Urgency.URGENT),
    "low-mood-or-anxiety": ("insomnia", Urgency.ROUTINE),
    "sleep-cataplexy": ("sleep-problems", Urgency.ROUTINE),
}

# Questions whose urgency the clinical review changed to what the guidance implies.
REGRADED = {
    "lbp-not-improving": Urgency.SOON,  # sits with the cancer flags (G-care)
    "lbp-fever": Urgency.URGENT,  # fever raises urgency on its own
    "sleep-attacks": Urgency.SOON,  # NICE NG127: referral by local policy, no time frame
    "sleep-seizures": Urgency.URGENT,  # NG127: refer urgently
}

EMERGENCIES = sorted(q for q, (_c, u) in NEW_QUESTIONS.items() if u is Urgency.EMERGENCY)


def _questions() -> dict[str, tuple[acupress.Pack, acupress.Question]]:
    return {q.id: (pack, q) for pack in packed().packs for q in pack.screening}


@pytest.mark.parametrize("qid", sorted(NEW_QUESTIONS))
def test_every_new_red_flag_is_asked_with_its_urgency_and_a_source(qid: str) -> None:
    pack, question = _questions()[qid]
    condition, urgency = NEW_QUESTIONS[qid]
    assert (question.condition, question.urgency) == (condition, urgency)
    assert question.advice.strip()
    assert question.references
    for ref_id in question.references:
        ref = pack.reference(ref_id)
        assert ref is not None, f"{qid} cites {ref_id!r}, which {pack.id} does not define"
        assert ref.kind is not ReferenceKind.TRADITION
        assert ref.doi or ref.pmid or ref.url


@pytest.mark.parametrize(("qid", "urgency"), sorted(REGRADED.items()))
def test_regraded_questions(qid: str, urgency: Urgency) -> None:
    assert _questions()[qid][1].urgency is urgency


def test_sleep_attacks_say_stop_driving() -> None:
    assert "do not drive" in _questions()["sleep-attacks"][1].advice.lower()


@pytest.mark.parametrize("qid", EMERGENCIES)
def test_a_yes_to_each_new_emergency_question_is_an_emergency(qid: str) -> None:
    condition = NEW_QUESTIONS[qid][0]
    result = acupress.screen(condition, {qid: "yes"}, library=packed())
    assert result.urgency is Urgency.EMERGENCY
    assert [f.question for f in result.flags] == [qid]
    # ... and the same through a related condition (sciatica and upper back pain ask the low
    # back questions).
    if condition == "low-back-pain":
        for related in ("sciatica", "upper-back-pain"):
            assert acupress.screen(related, {qid: "yes"}, library=packed()).urgency is (
                Urgency.EMERGENCY
            )


def test_a_no_to_them_raises_nothing() -> None:
    for qid, (condition, _urgency) in NEW_QUESTIONS.items():
        result = acupress.screen(condition, {qid: "no"}, library=packed())
        assert result.urgency is Urgency.NONE, qid


def test_pregnancy_questions_say_they_are_for_pregnancy_and_whom_to_call() -> None:
    pregnancy = [q for _p, q in _questions().values() if q.id.startswith("lbp-pregnancy-")]
    assert len(pregnancy) == 6
    for q in pregnancy:
        assert q.text.startswith("If you are pregnant"), q.id
        # no "maternity unit" urgency exists: the advice names it, or 999, and never waits
        assert re.search(r"maternity unit|999|NHS 111", q.advice), q.id
        assert q.urgency >= Urgency.URGENT


def test_chest_and_aortic_questions_come_first_for_upper_back_pain() -> None:
    asked = [q.id for _p, q in acupress.questions("upper-back-pain", library=packed())]
    assert asked[:2] == ["ubp-chest-pain", "ubp-tearing-pain"]


def test_suicide_questions_come_first_for_both_sleep_conditions() -> None:
    for condition in ("insomnia", "sleep-problems"):
        asked = [q.id for _p, q in acupress.questions(condition, library=packed())]
        assert asked[:2] == ["self-harm-plan-or-unsafe", "self-harm-thoughts"]
    thoughts = _questions()["self-harm-thoughts"][1]
    assert "116 123" in thoughts.advice


def test_the_self_harm_questions_do_not_cite_a_neurology_guideline() -> None:
    for qid in ("self-harm-plan-or-unsafe", "self-harm-thoughts"):
        _pack, q = _questions()[qid]
        assert "nice-ng127" not in q.references
        assert "mhf-suicidal-thoughts" in q.references


# -- chest symptoms are screening, not an indication ---------------------------------------

CHEST = re.compile(r"\b(chest|heart|breath\w*|angina)\b", re.IGNORECASE)


@pytest.mark.parametrize("pack_id", ALL_PACKS)
def test_no_indication_offers_a_point_for_chest_symptoms(pack_id: str) -> None:
    pack = next(p for p in packed().packs if p.id == pack_id)
    for ind in pack.indications:
        assert not CHEST.search(ind.why), (ind.point, ind.condition, ind.why)
    assert not any(ind.point == "KI27" for ind in pack.indications)
    assert not any(d.point == "KI27" for d in pack.dosing)


def test_upper_back_pain_never_presses_ki27() -> None:
    comp = acupress.compose("upper-back-pain", minutes=20, library=packed())
    assert "KI27" not in {s.point for s in comp.routine.steps}
    assert "KI27" not in {e.point for e in comp.excluded}  # not even a candidate


# -- citations -------------------------------------------------------------------------------


def test_no_red_flag_question_cites_ng59() -> None:
    # NG59 lists no red flags; it may be cited only by a general "not for serious causes" note,
    # and the packs have none, so no question cites it (conditions cite it for their age).
    for _pack, q in _questions().values():
        assert "nice-ng59" not in q.references, q.id
    back = next(p for p in packed().packs if p.id == "back-pain")
    assert {c.min_age_source for c in back.conditions} >= {"nice-ng59"}


def test_back_red_flags_cite_verhagen_with_its_authors() -> None:
    back = next(p for p in packed().packs if p.id == "back-pain")
    verhagen = back.reference("verhagen-2016")
    assert verhagen is not None
    assert verhagen.doi == "10.1007/s00586-016-4684-0"
    assert verhagen.authors[:2] == ("Verhagen AP", "Downie A")


@pytest.mark.parametrize("pack_id", ALL_PACKS)
def test_every_reference_says_what_it_is_cited_for_and_has_a_locator(pack_id: str) -> None:
    pack = next(p for p in packed().packs if p.id == pack_id)
    for ref in pack.references:
        assert ref.note.strip(), f"{pack_id}: {ref.id} does not say what it is cited for"
        assert ref.doi or ref.pmid or ref.url, ref.id


@pytest.mark.parametrize("pack_id", ALL_PACKS)
def test_every_reference_is_cited(pack_id: str) -> None:
    pack = next(p for p in packed().packs if p.id == pack_id)
    cited: set[str] = set()
    for ind in pack.indications:
        cited.update(ind.references)
    for d in pack.dosing:
        cited.update(d.references)
    for q in pack.screening:
        cited.update(q.references)
    for sc in pack.scores:
        cited.update(sc.references)
    cited.update(c.min_age_source or "" for c in pack.conditions)
    # Background references the summary or a comment relies on say so in their note.
    for ref in pack.references:
        assert ref.id in cited or "background" in ref.note.lower(), (pack_id, ref.id)


# -- what was studied ------------------------------------------------------------------------


@pytest.mark.parametrize("pack_id", ALL_PACKS)
def test_every_indication_says_what_was_studied(pack_id: str) -> None:
    pack = next(p for p in packed().packs if p.id == pack_id)
    for ind in pack.indications:
        for ref_id in ind.references:
            ref = pack.reference(ref_id)
            if ref_id == "tradition":
                continue
            assert ref is not None, (ind.point, ref_id)
            assert ref.studied is not None, (ind.point, ref_id)


def test_what_the_cited_studies_tested() -> None:
    refs = {r.id: r for p in packed().packs for r in p.references}
    assert refs["lu-2021"].studied is Studied.PRESCRIPTION_SURVEY
    assert refs["linde-2016-tth"].studied is Studied.ACUPUNCTURE
    assert refs["hsieh-2010"].studied is Studied.PRACTITIONER_ACUPRESSURE
    assert refs["yeung-2018"].studied is Studied.SELF_ACUPRESSURE
    assert Population.PREGNANCY in refs["yeung-2018"].excluded  # NCT03053648
    assert Population.CHILDREN in refs["yeung-2018"].excluded  # aged 18 to 65


def _candidates(conditions: tuple[str, ...], profile: Profile) -> dict[str, C.Candidate]:
    library = packed()
    return C.candidate_index(library, conditions, C.populations(profile))[0]


def test_acupuncture_and_prescription_surveys_weigh_as_tradition() -> None:
    cands = _candidates(("tension-type-headache",), Profile())
    # EX-HN5, LI4 and LR3 cite only the survey of acupuncture prescriptions: priority x 1.
    assert cands["EX-HN5"].base == 4
    assert cands["LI4"].base == 3
    assert cands["LR3"].base == 3
    # GB20 cites the survey, a Cochrane review of acupuncture and a practitioner trial: the
    # trial (2) is its best evidence, not the review (3).
    assert cands["GB20"].base == 5 * EVIDENCE_WEIGHT[ReferenceKind.TRIAL]


def test_a_composition_says_when_its_evidence_counts_as_tradition() -> None:
    comp = acupress.compose("tension-type-headache", minutes=5, library=packed())
    survey_only = [
        e for e in comp.explanations if e.point in {"EX-HN5", "LI4", "LR3"}
    ] or pytest.fail("no survey-only point was chosen")
    for exp in survey_only:
        assert "a survey of acupuncture prescriptions" in exp.evidence
        assert "counts as tradition" in exp.evidence


def test_a_pregnant_person_sees_not_studied_in_pregnancy() -> None:
    pregnant = Profile(pregnant=True, pregnancy_weeks=20)
    comp = acupress.compose("insomnia", minutes=5, profile=pregnant, library=packed())
    cited = [e for e in comp.explanations if "Yeung WF et al. (2018)" in e.evidence]
    assert cited, "no point citing the Yeung pilot was chosen"
    for exp in cited:
        assert "not studied in pregnancy" in exp.evidence
    # Not for someone who is not pregnant.
    other = acupress.compose("insomnia", minutes=5, library=packed())
    assert not any("not studied in" in e.evidence for e in other.explanations)


def test_a_study_that_left_the_person_out_weighs_as_tradition(tmp_path: Path) -> None:
    # One trial of self-acupressure that excluded pregnancy, behind a single indication.
    document = minimal_pack(
        id="evidence",
        references=[
            {
                "id": "t",
                "kind": "trial",
                "title": "A trial",
                "url": "https://example.org/t",
                "studied": "self-acupressure",
                "excluded": ["pregnancy"],
                "note": "For tests.",
            }
        ],
    )
    # HT7 (the wrist): no safety rule leaves it out in pregnancy.
    document["indications"][0].update(point="HT7", references=["t"], priority=5)
    document["dosing"][0]["point"] = "HT7"
    path = tmp_path / "pack.toml"
    path.write_text(to_toml(document), encoding="utf-8")
    library = acupress.Library.build([path], discover=False, strict=True)
    pregnant = C.populations(Profile(pregnant=True))
    base = C.candidate_index(library, ("evidence-pain",))[0]["HT7"].base
    assert base == 5 * EVIDENCE_WEIGHT[ReferenceKind.TRIAL]
    assert C.candidate_index(library, ("evidence-pain",), pregnant)[0]["HT7"].base == 5
    comp = acupress.compose(
        "evidence-pain", minutes=2, profile=Profile(pregnant=True), library=library
    )
    assert (
        comp.explanation("HT7").value
        < acupress.compose("evidence-pain", minutes=2, library=library).explanation("HT7").value
    )
    assert "not studied in pregnancy" in comp.explanation("HT7").evidence


def outputs(comp: acupress.Composition) -> dict[str, str]:
    """Every output of a composition, by format (the pack tests use it too)."""
    library = packed()
    return {
        "text": composition_text(comp, library),
        "json": json.dumps(composition_record(comp, library)),
        "markdown": composition_markdown(comp, library),
        "card": render_card(comp, library=library),
    }


def test_every_output_shows_what_was_studied() -> None:
    pregnant = Profile(pregnant=True, pregnancy_weeks=20)
    comp = acupress.compose("insomnia", minutes=5, profile=pregnant, library=packed())
    for name, out in outputs(comp).items():
        assert "not studied in pregnancy" in out, name
        assert "self-acupressure" in out, name
    comp = acupress.compose("tension-type-headache", minutes=5, library=packed())
    for name, out in outputs(comp).items():
        assert "counts as tradition" in out, name


# -- the weight of one reference: properties ----------------------------------------------

studied = st.none() | st.sampled_from(list(Studied))
groups = st.frozensets(st.sampled_from(list(Population)))


@st.composite
def located_references(draw: st.DrawFn) -> Reference:
    kind = draw(st.sampled_from([k for k in ReferenceKind if k is not ReferenceKind.TRADITION]))
    what = draw(studied)
    excluded: tuple[Population, ...] = ()
    if what is not None and what is not Studied.TRADITION:
        excluded = tuple(draw(st.lists(st.sampled_from(list(Population)), unique=True)))
    return Reference(
        id="r", kind=kind, title="T", url="https://example.org", studied=what, excluded=excluded
    )


@given(located_references(), groups, groups)
def test_belonging_to_more_groups_never_raises_a_weight(
    ref: Reference, some: frozenset[Population], more: frozenset[Population]
) -> None:
    assert evidence_weight(ref, some | more) <= evidence_weight(ref, some)
    assert evidence_weight(ref, some) <= EVIDENCE_WEIGHT[ref.kind]
    assert evidence_weight(ref, some) >= evidence_weight(None)


@given(located_references(), groups)
def test_a_weight_is_tradition_exactly_when_the_evidence_does_not_apply(
    ref: Reference, person: frozenset[Population]
) -> None:
    not_acupressure = ref.studied is not None and not ref.studied.is_acupressure
    left_out = bool(person & set(ref.excluded))
    expected = 1 if not_acupressure or left_out else EVIDENCE_WEIGHT[ref.kind]
    assert evidence_weight(ref, person) == expected
    pack = acupress.Pack(
        schema=1,
        id="p",
        name="P",
        version="1",
        summary="S",
        license="CC0-1.0",
        authors=("a",),
        acupress=">=0",
        references=(ref,),
    )
    label = C.evidence_label(
        pack, acupress.Indication(point="LI4", condition="c", why="w", references=("r",)), person
    )
    left_out_groups = [g for g in Population if g in person and g in ref.excluded]
    assert ("not studied in" in label) == bool(left_out_groups)
    for group in Population:
        assert (group.words in label) == (group in left_out_groups)
    assert ("counts as tradition" in label) == (
        (not_acupressure and ref.studied is not Studied.TRADITION) or left_out
    )


@given(st.integers(0, 130), st.booleans(), st.sampled_from(["", "anticoagulants"]))
def test_the_groups_of_a_profile(age: int, pregnant: bool, has: str) -> None:
    person = Profile(pregnant=pregnant, age=age, has=(has,) if has else ())
    found = C.populations(person)
    assert (Population.PREGNANCY in found) == pregnant
    assert (Population.CHILDREN in found) == (age < 18)
    assert (Population.ANTICOAGULANTS in found) == bool(has)


def test_reference_evidence_fields_are_checked() -> None:
    with pytest.raises(ValueError, match="say what it studied"):
        Reference(
            id="r", kind=ReferenceKind.TRIAL, title="T", url="u", excluded=(Population.PREGNANCY,)
        )
    with pytest.raises(ValueError, match="twice"):
        Reference(
            id="r",
            kind=ReferenceKind.TRIAL,
            title="T",
            url="u",
            studied=Studied.SELF_ACUPRESSURE,
            excluded=(Population.PREGNANCY, Population.PREGNANCY),
        )
    with pytest.raises(ValueError, match="tradition reference"):
        Reference(id="r", kind=ReferenceKind.TRADITION, title="T", studied=Studied.ACUPUNCTURE)


def test_packs_without_the_new_fields_still_load() -> None:
    # Backwards compatible: a reference that does not say what it studied keeps its kind's weight.
    ref = Reference(id="r", kind=ReferenceKind.REVIEW, title="T", url="https://example.org")
    assert ref.studied is None
    assert ref.excluded == ()
    assert ref.note == ""
    assert evidence_weight(ref, frozenset(Population)) == EVIDENCE_WEIGHT[ReferenceKind.REVIEW]


# -- the youngest age a condition's guidance covers ------------------------------------------


@pytest.mark.parametrize(
    ("condition", "age", "source"),
    [
        ("low-back-pain", 16, "nice-ng59"),
        ("sciatica", 16, "nice-ng59"),
        ("upper-back-pain", 16, "consensus"),
        ("headache", 12, "nice-cg150"),
        ("tension-type-headache", 12, "nice-cg150"),
        ("migraine", 12, "nice-cg150"),
        ("insomnia", 16, "consensus"),
        ("sleep-problems", 16, "consensus"),
    ],
)
def test_min_age_loads(condition: str, age: int, source: str) -> None:
    found = packed().conditions[condition]
    assert (found.min_age, found.min_age_source) == (age, source)
    # the installed packs say the same
    assert acupress.load().conditions[condition].min_age == age


@pytest.mark.parametrize(("fields", "problem"), MIN_AGE_FIELDS)
def test_min_age_is_validated(fields: dict[str, object], problem: str) -> None:
    from acupress.testing import assert_valid_pack

    document = min_age_pack(fields)
    with pytest.raises(AssertionError, match=problem):
        assert_valid_pack(to_toml(document))
    ok = minimal_pack()
    ok["conditions"][0].update({"min_age": 16, "min_age_source": "consensus"})
    assert_valid_pack(to_toml(ok))


def test_the_pack_schema_knows_the_new_fields() -> None:
    from acupress._packs.schema import pack_schema

    defs = pack_schema()["$defs"]
    studied_schema = defs["Reference"]["properties"]["studied"]["anyOf"][0]
    assert studied_schema["enum"] == [s.value for s in Studied]
    excluded = defs["Reference"]["properties"]["excluded"]
    assert excluded["items"]["enum"] == [g.value for g in Population]
    assert excluded["uniqueItems"] is True
    min_age = defs["Condition"]["properties"]["min_age"]
    assert (min_age["minimum"], min_age["maximum"]) == (0, 130)
    assert "min_age" not in defs["Condition"].get("required", [])


def test_another_pack_cannot_lower_a_conditions_age(tmp_path: Path) -> None:
    # Packs can only add: a pack loaded first ("aaa" sorts before "back-pain") that declares
    # low back pain for all ages leaves the guidance age at 16; a higher age wins.
    def declaring(pack_id: str, age: int) -> Path:
        document = minimal_pack(id=pack_id)
        document["conditions"] = [
            {
                "id": "low-back-pain",
                "name": "Back",
                "description": "Back pain, for tests.",
                "min_age": age,
                "min_age_source": "consensus",
            }
        ]
        document["indications"][0]["condition"] = "low-back-pain"
        path = tmp_path / pack_id / "pack.toml"
        path.parent.mkdir()
        path.write_text(to_toml(document), encoding="utf-8")
        return path

    back = PACKS_FOLDER / "back-pain"
    lower = acupress.Library.build([declaring("aaa", 0), back], discover=False, strict=True)
    assert lower.conditions["low-back-pain"].min_age == 16
    assert lower.conditions["low-back-pain"].min_age_source == "nice-ng59"
    higher = acupress.Library.build([declaring("aab", 18), back], discover=False, strict=True)
    assert higher.conditions["low-back-pain"].min_age == 18
