"""What a screening answer implies for the profile (``Question.implies``, ``ScreeningResult``
``.implies``, ``apply_screening``): facts that only make the safety check more careful.

A pack can only add caution: an ``implies`` naming anything but possibly_pregnant, pregnant,
postpartum (each true) or lymphoedema limbs is refused at load with one line naming the file,
the question and the field. The facts of the flagged answers are carried in the result, said
in its record and text, handed on by the MCP screen tool, and ``apply_screening`` puts them in
a profile that is never less careful than the one it was given.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import acupress
from acupress import Limb, Profile, ProfileFacts, Urgency, apply_screening, check, render, screen
from acupress._model.packs import Question
from acupress._packs.document import read_pack_document
from acupress.errors import ComposeError, DataError, PackError
from acupress.testing import minimal_pack, to_toml

from .conftest import PACKS, Cli, packed
from .test_hostile_packs import EVIDENCE, assert_nothing_lost
from .test_mcp import call
from .test_parse_profile import profiles

BOTH_ARMS = (Limb.LEFT_ARM, Limb.RIGHT_ARM)
BOTH_LEGS = (Limb.LEFT_LEG, Limb.RIGHT_LEG)
BACK_PAIN_PREGNANCY = (
    "lbp-pregnancy-contractions",
    "lbp-pregnancy-bleeding-or-fluid",
    "lbp-pregnancy-baby-moving-less",
    "lbp-pregnancy-constant-belly-pain",
    "lbp-pregnancy-fever",
    "lbp-pregnancy-one-sided-pain",
)


def _question(implies: Any, qid: str = "evil-question", pack_id: str = "minimal") -> dict[str, Any]:
    return {
        "id": qid,
        "condition": f"{pack_id}-pain",
        "text": "Could you be pregnant?",
        "urgency": "routine",
        "advice": "Nothing to worry about.",
        "references": ["evil-guideline"],
        "implies": implies,
    }


def _document(*questions: dict[str, Any], pack_id: str = "minimal") -> dict[str, Any]:
    return minimal_pack(id=pack_id, references=[EVIDENCE], screening=list(questions))


def _read(*questions: dict[str, Any]) -> acupress.Pack:
    return read_pack_document(to_toml(_document(*questions)), "evil/pack.toml")


# -- a hostile pack can only add caution -----------------------------------------------------

REFUSED = [
    # (implies, the path under the question, words the message must hold)
    ({"age": 70}, "implies", "unknown key age"),
    ({"age_under": 130}, "implies", "unknown key age_under"),
    ({"clinician_approved": True}, "implies", "unknown key clinician_approved"),
    ({"has": ["anticoagulants"]}, "implies", "unknown key has"),
    ({"pregnancy_weeks": 10}, "implies", "unknown key pregnancy_weeks"),
    ({"possibly_pregnant": False}, "implies.possibly_pregnant", "only true"),
    ({"pregnant": False}, "implies.pregnant", "only true"),
    ({"postpartum": False}, "implies.postpartum", "only true"),
    ({"possibly_pregnant": "yes"}, "implies.possibly_pregnant", "expected true or false"),
    ({"possibly_pregnant": 1}, "implies.possibly_pregnant", "expected true or false"),
    ({"lymphoedema": "left-arm"}, "implies.lymphoedema", "expected a list"),
    ({"lymphoedema": ["left-elbow"]}, "implies.lymphoedema[0]", "expected one of left-arm"),
    ({"lymphoedema": ["left-arm", "left-arm"]}, "implies.lymphoedema", "given twice"),
    ({"lymphoedema": []}, "implies", "says nothing"),
    ({}, "implies", "says nothing"),
    ("possibly_pregnant", "implies", "expected a table"),
    ({"possibly_pregnant": True, "age": 70}, "implies", "unknown key age"),
]


@pytest.mark.parametrize(("implies", "where", "words"), REFUSED, ids=[str(r[0]) for r in REFUSED])
def test_an_implies_that_could_loosen_the_check_is_refused_naming_pack_question_and_field(
    implies: Any, where: str, words: str
) -> None:
    with pytest.raises(PackError) as caught:
        _read(_question(implies))
    (line,) = caught.value.problems
    assert line.startswith(f"evil/pack.toml: $.screening[0].{where}: question 'evil-question': ")
    assert words in line


def test_an_unknown_fact_is_refused_with_the_facts_an_answer_may_imply() -> None:
    with pytest.raises(PackError, match="may imply only possibly_pregnant, pregnant, postpartum"):
        _read(_question({"clinician_approved": True}))


def test_the_message_names_the_question_among_several() -> None:
    good = _question({"possibly_pregnant": True}, "good-question")
    with pytest.raises(PackError) as caught:
        _read(good, _question({"age": 3}, "bad-question"))
    (line,) = caught.value.problems
    assert "$.screening[1].implies: question 'bad-question': unknown key age" in line


def test_a_hostile_pack_whose_implies_is_refused_breaks_and_nothing_is_lost(
    tmp_path: Any,
) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "pack.toml").write_text(
        to_toml(_document(_question({"possibly_pregnant": False}, pack_id="evil"), pack_id="evil")),
        encoding="utf-8",
    )
    library = acupress.Library.build([PACKS, folder / "pack.toml"], discover=False)
    status = next(s for s in library.statuses if s.name == "evil")
    assert status.status == "error"
    assert "implies.possibly_pregnant: question 'evil-question': only true" in str(status.error)
    assert_nothing_lost(library)


def test_a_hostile_pack_with_a_valid_implies_only_adds() -> None:
    # Its question may say anything of the person's pregnancy or limbs: it can only add caution.
    implies = {"possibly_pregnant": True, "lymphoedema": ["left-leg"]}
    hostile = _document(_question(implies, pack_id="evil"), pack_id="evil")
    pack = read_pack_document(to_toml(hostile), "<evil>")
    library = acupress.Library.build([PACKS, pack], discover=False)
    assert_nothing_lost(library)
    result = screen("evil-pain", {"evil-question": "yes"}, library=library)
    assert result.implies == ProfileFacts(possibly_pregnant=True, lymphoedema=[Limb.LEFT_LEG])


def test_the_model_refuses_what_the_pack_document_refuses() -> None:
    for bad in ({"possibly_pregnant": False}, {"pregnant": 0}, {"lymphoedema": "right-leg"}):
        with pytest.raises((TypeError, ValueError)):
            ProfileFacts(**bad)
    with pytest.raises(ValueError, match="says nothing"):
        Question(
            id="q",
            condition="c",
            text="Could you be pregnant?",
            references=("r",),
            urgency=acupress.Urgency.ROUTINE,
            advice="Test.",
            implies=ProfileFacts(),
        )


def test_the_pack_schema_refuses_what_loading_refuses() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(acupress.schema("pack"))
    ok = _document(_question({"possibly_pregnant": True}))
    assert not list(validator.iter_errors(ok))
    ok = _document(_question({"lymphoedema": ["left-arm", "right-arm"]}))
    assert not list(validator.iter_errors(ok))
    for implies, _where, _words in REFUSED:
        assert list(validator.iter_errors(_document(_question(implies)))), implies


# -- the shipped questions -------------------------------------------------------------------


@pytest.mark.parametrize("qid", ["pp-could-be-pregnant", "pp-ectopic-signs"])
def test_a_yes_to_could_you_be_pregnant_implies_possibly_pregnant(qid: str) -> None:
    result = screen("period-pain", {qid: "yes"}, library=packed())
    assert result.implies == ProfileFacts(possibly_pregnant=True)
    assert screen("period-pain", {qid: "no"}, library=packed()).implies == ProfileFacts()


@pytest.mark.parametrize("qid", BACK_PAIN_PREGNANCY)
def test_a_yes_to_a_back_pain_question_for_pregnant_people_implies_pregnant(qid: str) -> None:
    result = screen("low-back-pain", {qid: True}, library=packed())
    assert result.implies == ProfileFacts(pregnant=True)
    assert not screen("low-back-pain", {qid: False}, library=packed()).implies


NAUSEA_PREGNANCY = ("preg-severe-sickness", "preg-late-onset", "preg-pre-eclampsia")


@pytest.mark.parametrize("qid", NAUSEA_PREGNANCY)
def test_a_yes_to_a_pregnancy_sickness_question_implies_pregnant(qid: str) -> None:
    result = screen("pregnancy-sickness", {qid: "yes"}, library=packed())
    assert result.implies == ProfileFacts(pregnant=True)
    assert not screen("pregnancy-sickness", {qid: "no"}, library=packed()).implies


@pytest.mark.parametrize(
    ("qid", "facts"),
    [
        ("headache-pregnancy", ProfileFacts(pregnant=True)),
        ("headache-after-birth", ProfileFacts(postpartum=True)),
    ],
)
def test_the_headache_questions_ask_pregnancy_and_the_weeks_after_birth_apart(
    qid: str, facts: ProfileFacts
) -> None:
    result = screen("headache", {qid: "yes"}, library=packed())
    assert result.urgency is Urgency.URGENT
    assert result.implies == facts
    assert not screen("headache", {qid: "no"}, library=packed()).implies


def test_a_pregnancy_sickness_screening_carries_pregnancy_to_another_condition() -> None:
    # Screened for sickness in pregnancy, then composed for a headache with a blank profile:
    # the carried fact makes that routine one checked for pregnancy (no LI4).
    result = screen("pregnancy-sickness", {"preg-late-onset": "yes"}, library=packed())
    careful = acupress.compose(
        "tension-type-headache",
        minutes=15,
        profile=apply_screening(Profile(), result),
        library=packed(),
    )
    blank = acupress.compose("tension-type-headache", minutes=15, library=packed())
    assert "LI4" in {s.point for s in blank.routine.steps}
    assert "LI4" not in {s.point for s in careful.routine.steps}


@pytest.mark.parametrize(
    ("qid", "limbs"), [("crf-lymph-nodes-arm", BOTH_ARMS), ("crf-lymph-nodes-leg", BOTH_LEGS)]
)
def test_a_yes_to_a_lymph_node_question_implies_lymphoedema_of_both_sides(
    qid: str, limbs: tuple[Limb, ...]
) -> None:
    result = screen("cancer-related-fatigue", {qid: "yes"}, library=packed())
    assert result.implies == ProfileFacts(lymphoedema=limbs)


def test_the_facts_of_several_flagged_answers_add_up_and_unflagged_ones_add_nothing() -> None:
    answers = {"crf-lymph-nodes-arm": "yes", "crf-lymph-nodes-leg": "yes", "crf-low-mood": "yes"}
    result = screen("cancer-related-fatigue", answers, library=packed())
    assert result.implies == ProfileFacts(lymphoedema=(*BOTH_ARMS, *BOTH_LEGS))
    both = screen(
        ["period-pain", "low-back-pain"],
        {"pp-could-be-pregnant": "yes", "lbp-pregnancy-fever": "yes"},
        library=packed(),
    )
    assert both.implies == ProfileFacts(possibly_pregnant=True, pregnant=True)
    assert screen("period-pain", {}, library=packed()).implies == ProfileFacts()


def test_only_the_questions_that_ask_it_imply_anything() -> None:
    lib = packed()
    implying = {
        q.id
        for condition in lib.conditions
        for _pack, q in acupress.questions(condition, library=lib)
        if q.implies is not None
    }
    expected = {"pp-could-be-pregnant", "pp-ectopic-signs", "crf-lymph-nodes-arm"}
    expected |= {"crf-lymph-nodes-leg", *BACK_PAIN_PREGNANCY, *NAUSEA_PREGNANCY}
    expected |= {"headache-pregnancy", "headache-after-birth"}
    assert implying == expected


def test_the_carried_fact_leaves_out_what_the_answer_says_to_leave_out() -> None:
    # The gap this closes: screened "could be pregnant", then composed for a blank profile.
    result = screen("period-pain", {"pp-could-be-pregnant": "yes"}, library=packed())
    blank = acupress.compose("period-pain", minutes=15, library=packed())
    careful = acupress.compose(
        "period-pain", minutes=15, profile=apply_screening(Profile(), result), library=packed()
    )
    assert "SP6" in {s.point for s in blank.routine.steps}
    assert not {"SP6", "LI4"} & {s.point for s in careful.routine.steps}


def test_a_warm_load_from_the_cache_keeps_every_implies(cache: Any) -> None:
    def implied(library: acupress.Library) -> dict[str, ProfileFacts | None]:
        return {
            q.id: q.implies
            for condition in library.conditions
            for _pack, q in acupress.questions(condition, library=library)
        }

    cold = acupress.Library.build([PACKS], discover=False)
    assert list(cache.rglob("*")), "the first load wrote the cache"
    acupress.refresh()
    warm = acupress.Library.build([PACKS], discover=False)
    assert implied(warm) == implied(cold)
    assert implied(warm)["crf-lymph-nodes-arm"] == ProfileFacts(lymphoedema=BOTH_ARMS)


# -- apply_screening -------------------------------------------------------------------------


def test_apply_screening_adds_the_facts_and_keeps_the_rest() -> None:
    profile = Profile(age=40, has=("anticoagulants",), lymphoedema=["right-arm"])
    facts = ProfileFacts(possibly_pregnant=True, lymphoedema=BOTH_ARMS)
    applied = apply_screening(profile, facts)
    assert applied == attrs.evolve(
        profile, possibly_pregnant=True, lymphoedema=(Limb.RIGHT_ARM, Limb.LEFT_ARM)
    )
    assert apply_screening(applied, facts) == applied  # applying twice changes nothing more
    assert apply_screening(profile, ProfileFacts()) == profile


def test_apply_screening_never_turns_true_into_false() -> None:
    everything = Profile(pregnant=True, pregnancy_weeks=30, postpartum=True, possibly_pregnant=True)
    result = screen("period-pain", {"pp-could-be-pregnant": "no"}, library=packed())
    assert apply_screening(everything, result) == everything


def test_apply_screening_refuses_what_is_not_a_profile_or_a_screening() -> None:
    result = screen("period-pain", {}, library=packed())
    with pytest.raises(DataError, match="expected a Profile"):
        apply_screening({"pregnant": True}, result)  # type: ignore[arg-type]
    with pytest.raises(DataError, match="expected a ScreeningResult or ProfileFacts"):
        apply_screening(Profile(), {"possibly_pregnant": True})  # type: ignore[arg-type]


LIB = packed()
CODES = sorted(LIB.points)
CONDITIONS = sorted(LIB.conditions)
TEMPLATES = [t for _pack, t in LIB.routines()]


@st.composite
def screenings(draw: st.DrawFn) -> acupress.ScreeningResult:
    """A screening of some conditions of the shipped packs, with some questions answered."""
    conditions = draw(st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=3, unique=True))
    asked = [q.id for _pack, q in acupress.questions(conditions, library=LIB)]
    answered = draw(st.lists(st.sampled_from(asked), unique=True)) if asked else []
    answers = {qid: draw(st.sampled_from(["yes", "no"])) for qid in answered}
    return screen(conditions, answers, library=LIB)


def _facts() -> st.SearchStrategy[ProfileFacts]:
    maybe = st.none() | st.just(True)
    return st.builds(
        ProfileFacts,
        possibly_pregnant=maybe,
        pregnant=maybe,
        postpartum=maybe,
        lymphoedema=st.lists(st.sampled_from(list(Limb)), unique=True).map(tuple),
    )


def _removed(routine: Any, profile: Profile) -> set[str] | None:
    """The points the check removes for ``profile``; None when it refuses the routine (all)."""
    try:
        return set(check(routine, profile, library=LIB).removed)
    except ComposeError:
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile=profiles(),
    screening=screenings() | _facts(),
    routine=st.lists(st.sampled_from(CODES), min_size=1, max_size=8, unique=True)
    | st.sampled_from(TEMPLATES),
)
def test_the_applied_profile_is_checked_at_least_as_carefully(
    profile: Profile, screening: acupress.ScreeningResult | ProfileFacts, routine: Any
) -> None:
    applied = apply_screening(profile, screening)
    for name in ("pregnant", "possibly_pregnant", "postpartum", "ate_recently"):
        assert getattr(applied, name) >= getattr(profile, name), name
    assert set(profile.lymphoedema) <= set(applied.lymphoedema)
    kept = {"pregnant", "possibly_pregnant", "postpartum", "lymphoedema"}
    for field in attrs.fields(Profile):
        if field.name not in kept:
            assert getattr(applied, field.name) == getattr(profile, field.name), field.name
    before, after = _removed(routine, profile), _removed(routine, applied)
    if before is None:
        assert after is None, "a routine refused for the profile is refused after screening"
    elif after is not None:
        assert before <= after


# -- the record, the text, the command line and the MCP tools ---------------------------------


def test_the_record_and_the_text_say_what_the_answers_mean() -> None:
    result = screen("period-pain", {"pp-could-be-pregnant": "yes"}, library=packed())
    record = render.screening_record(result)
    assert record["implies"] == {"possibly_pregnant": True}
    (sentence,) = record["implied_advice"]
    assert "treat yourself as possibly pregnant" in sentence
    assert "--possibly-pregnant" in sentence
    assert "--possibly-pregnant" in render.screening_text(result)
    nothing = render.screening_record(screen("period-pain", {}, library=packed()))
    assert nothing["implies"] == {}
    assert nothing["implied_advice"] == []


def test_the_record_of_limbs_reads_back_as_a_profile() -> None:
    answers = {"crf-lymph-nodes-arm": "yes", "crf-lymph-nodes-leg": "yes"}
    record = render.screening_record(screen("cancer-related-fatigue", answers, library=packed()))
    assert record["implies"] == {"lymphoedema": ["left-arm", "right-arm", "left-leg", "right-leg"]}
    assert acupress.parse_profile(dict(record["implies"])).lymphoedema == (*BOTH_ARMS, *BOTH_LEGS)
    (sentence,) = record["implied_advice"]
    assert "left arm, right arm, left leg and right leg" in sentence
    assert "--lymphoedema left-arm --lymphoedema right-arm" in sentence


def test_the_screening_record_matches_its_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    answers = {"crf-lymph-nodes-arm": "yes", "pp-could-be-pregnant": "yes"}
    result = screen(["cancer-related-fatigue", "period-pain"], answers, library=packed())
    jsonschema.validate(render.screening_record(result), acupress.schema("screening"))


def test_the_sentences_are_in_german_too() -> None:
    result = screen("period-pain", {"pp-could-be-pregnant": "yes"}, library=packed())
    with acupress.use_language("de"):
        (sentence,) = result.implied_advice
    assert sentence.startswith("Ihre Antworten bedeuten:")
    assert "--possibly-pregnant" in sentence


def test_acupress_screen_says_which_option_to_give(cli: Cli) -> None:
    code, out, _err = cli.run(
        "screen", "period-pain", "--answer", "pp-could-be-pregnant=yes", "--answer-only"
    )
    assert code == 3
    assert "Your answers mean: treat yourself as possibly pregnant" in out
    assert "--possibly-pregnant" in out
    code, data, _err = cli.json(
        "screen", "period-pain", "--answer", "pp-could-be-pregnant=yes", "--answer-only"
    )
    assert data["implies"] == {"possibly_pregnant": True}


def test_acupress_screen_questions_lists_what_an_answer_implies(cli: Cli) -> None:
    code, listed, _err = cli.json("screen", "cancer-related-fatigue", "--questions")
    assert code == 0
    by_id = {q["id"]: q for q in listed}
    assert by_id["crf-lymph-nodes-leg"]["implies"] == {"lymphoedema": ["left-leg", "right-leg"]}
    assert by_id["crf-low-mood"]["implies"] == {}


def test_the_mcp_screen_tool_hands_on_the_profile_for_compose() -> None:
    screened = call(
        "screen",
        {
            "conditions": ["period-pain"],
            "answers": {"pp-could-be-pregnant": "yes"},
            "profile": {"age": 30},
        },
    )
    assert screened["implies"] == {"possibly_pregnant": True}
    assert screened["profile"]["possibly_pregnant"] is True
    assert screened["profile"]["age"] == 30
    composed = call(
        "compose_routine",
        {"conditions": ["period-pain"], "minutes": 15, "profile": screened["profile"]},
    )
    assert not {"SP6", "LI4"} & {s["point"] for s in composed["steps"]}
    blank = call("screen", {"conditions": ["period-pain"], "answers": {}})
    assert blank["profile"] == render.profile_record(Profile())


def test_the_mcp_questions_say_what_a_flagging_answer_implies() -> None:
    listed = call("red_flag_questions", {"conditions": ["cancer-related-fatigue"]})
    by_id = {q["id"]: q for q in listed["questions"]}
    assert by_id["crf-lymph-nodes-arm"]["implies"] == {"lymphoedema": ["left-arm", "right-arm"]}
    assert "implies" not in by_id["crf-low-mood"]


# -- a pack rule cannot be switched off by saying more -----------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        {"could_be_pregnant": False},
        {"pregnant": False},
        {"postpartum": False},
        {"any": [{"has": ["dvt"]}, {"could_be_pregnant": False}]},
    ],
    ids=str,
)
def test_a_pack_rule_that_holds_only_while_a_fact_is_unsaid_is_refused(
    when: dict[str, Any],
) -> None:
    rule = {
        "id": "unless-pregnant",
        "applies": {"points": ["BL40"]},
        "when": when,
        "severity": "avoid",
        "message": "Leave BL40 out, unless you could be pregnant.",
        "basis": "tradition",
        "sources": [],
    }
    doc = minimal_pack(id="evil", references=[EVIDENCE], rules=[rule])
    pack = read_pack_document(to_toml(doc), "<evil>")
    library = acupress.Library.build([PACKS, pack], discover=False)
    status = next(s for s in library.statuses if s.name == "evil")
    assert status.status == "error"
    assert "= false" in str(status.error)
    assert "when" in str(status.error)
    assert "BL40" not in check(["BL40"], Profile(), library=library).removed  # not loaded
