"""Red-flag screening never loses an emergency.

The API: asking order (most urgent first), several conditions, the status of a screening with
none, some or all questions answered, and urgency from any subset of answers (Hypothesis).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, strategies as st

import acupress
from acupress import (
    Answer,
    ScreeningStatus,
    UnknownConditionError,
    UnknownQuestionError,
    Urgency,
    questions,
    screen,
)
from acupress._screen import URGENCY_ADVICE, question_urgency
from acupress.render import screening_record, screening_text

from .conftest import packed

LBP = "low-back-pain"
LBP_EMERGENCIES = (
    "lbp-saddle-numbness",
    "lbp-bladder-control",
    "lbp-bowel-control",
    "lbp-weakness-both-legs",
    "lbp-sexual-function",
)
CONDITIONS = sorted(packed().conditions)


def ids(conditions: str | list[str], library: acupress.Library) -> list[str]:
    return [q.id for _, q in questions(conditions, library=library)]


# -- asking order ------------------------------------------------------------------------


def test_every_condition_has_cited_questions(packed_library: acupress.Library) -> None:
    assert {"low-back-pain", "migraine", "insomnia"} <= set(packed_library.conditions)
    for condition in packed_library.conditions:
        asked = questions(condition, library=packed_library)
        assert asked, condition
        for _pack, q in asked:
            assert q.references


@pytest.mark.parametrize("condition", CONDITIONS)
def test_most_urgent_first_and_pack_order_within_a_level(
    packed_library: acupress.Library, condition: str
) -> None:
    asked = questions(condition, library=packed_library)
    ranks = [question_urgency(pack, q).rank for pack, q in asked]
    assert ranks == sorted(ranks, reverse=True)
    # Within one urgency, the order is the packs' own (the library's, condition by condition).
    written = [
        q.id for c in _related(packed_library, condition) for _, q in packed_library.questions(c)
    ]
    for level in set(ranks):
        same = [q.id for pack, q in asked if question_urgency(pack, q).rank == level]
        assert same == [i for i in dict.fromkeys(written) if i in same]


def _related(library: acupress.Library, condition: str) -> list[str]:
    order = [condition]
    for c in order:
        order.extend(r for r in library.conditions[c].related if r not in order)
    return order


def test_emergencies_are_asked_first(packed_library: acupress.Library) -> None:
    assert ids(LBP, packed_library)[:5] == list(LBP_EMERGENCIES)
    assert ids("sciatica", packed_library)[:5] == list(LBP_EMERGENCIES)
    # The self-harm question comes first for sleep problems too: its pack puts it late.
    for condition in ("insomnia", "sleep-problems"):
        first_pack, first = questions(condition, library=packed_library)[0]
        assert first.id == "self-harm-thoughts"
        assert question_urgency(first_pack, first) is Urgency.EMERGENCY
    assert ids("migraine", packed_library)[:4] == [
        "headache-thunderclap",
        "headache-fever-stiff-neck-rash",
        "headache-neuro-symptoms",
        "headache-red-eye",
    ]


def test_score_questions_rank_with_their_score(packed_library: acupress.Library) -> None:
    asked = questions("sleep-problems", library=packed_library)
    by_id = {q.id: question_urgency(p, q) for p, q in asked}
    assert by_id["stop-bang-snoring"] is Urgency.SOON  # the score's top threshold
    order = [q.id for _, q in asked]
    assert order.index("stop-bang-male") < order.index("restless-legs")  # soon before routine


# -- several conditions -------------------------------------------------------------------


@given(st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=4))
def test_several_conditions_ask_each_question_once(
    packed_library: acupress.Library, conditions: list[str]
) -> None:
    asked = questions(conditions, library=packed_library)
    got = [q.id for _, q in asked]
    assert len(got) == len(set(got))
    assert set(got) == {i for c in conditions for i in ids(c, packed_library)}
    ranks = [question_urgency(p, q).rank for p, q in asked]
    assert ranks == sorted(ranks, reverse=True)
    assert questions(iter(conditions), library=packed_library) == asked


def test_screen_several_conditions(packed_library: acupress.Library) -> None:
    result = screen(
        [LBP, "migraine"],
        {"headache-thunderclap": "yes", "lbp-fever": "no"},
        library=packed_library,
    )
    assert result.conditions == (LBP, "migraine")
    assert result.condition == LBP
    assert result.urgency is Urgency.EMERGENCY
    assert result.status is ScreeningStatus.INCOMPLETE
    assert set(result.answered) == {"headache-thunderclap", "lbp-fever"}
    assert len(result.answered) + len(result.unanswered) == len(
        ids([LBP, "migraine"], packed_library)
    )
    # One string is one condition, and a condition given twice counts once.
    assert screen(LBP, {}, library=packed_library) == screen([LBP], {}, library=packed_library)
    assert screen([LBP, LBP], {}, library=packed_library).conditions == (LBP,)


def test_a_score_shared_by_related_conditions_counts_once(
    packed_library: acupress.Library,
) -> None:
    stop_bang = [q.id for _, q in questions("sleep-problems", library=packed_library) if q.score]
    answers = dict.fromkeys(stop_bang[:3], "yes")
    result = screen(["insomnia", "sleep-problems"], answers, library=packed_library)
    assert [f.question for f in result.flags] == ["stop-bang"]
    assert result.flags[0].text.endswith("score 3")


def test_bad_conditions(packed_library: acupress.Library) -> None:
    with pytest.raises(acupress.DataError, match="at least one condition"):
        screen([], {}, library=packed_library)
    with pytest.raises(acupress.DataError, match="expected condition ids"):
        questions([LBP, 5], library=packed_library)  # type: ignore[list-item]
    with pytest.raises(UnknownConditionError, match="low-bak-pain"):
        questions([LBP, "low-bak-pain"], library=packed_library)
    with pytest.raises(UnknownQuestionError) as info:
        screen([LBP, "migraine"], {"headache-thunderclp": "yes"}, library=packed_library)
    assert info.value.suggestions[0] == "headache-thunderclap"
    assert "'low-back-pain', 'migraine'" in str(info.value)


# -- urgency and status -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "answers", "urgency"),
    [
        ("low-back-pain", {"lbp-saddle-numbness": "yes"}, Urgency.EMERGENCY),
        ("sciatica", {"lbp-bladder-control": True}, Urgency.EMERGENCY),  # related to low back pain
        ("low-back-pain", {"lbp-not-improving": "yes"}, Urgency.ROUTINE),
        ("low-back-pain", {"lbp-saddle-numbness": "no"}, Urgency.NONE),
        ("migraine", {"headache-thunderclap": "yes"}, Urgency.EMERGENCY),
        ("tension-type-headache", {"headache-head-injury": "yes"}, Urgency.URGENT),
    ],
)
def test_screen_urgency(
    packed_library: acupress.Library,
    condition: str,
    answers: dict[str, str | bool],
    urgency: Urgency,
) -> None:
    result = screen(condition, answers, library=packed_library)
    assert result.urgency is urgency
    if urgency is not Urgency.NONE:
        assert result.flags
        assert all(f.sources for f in result.flags)
    assert result.advice


def test_stop_bang_score(packed_library: acupress.Library) -> None:
    stop_bang = [
        q.id
        for _, q in questions("sleep-problems", library=packed_library)
        if q.score == "stop-bang"
    ]
    assert len(stop_bang) == 8
    two = screen("insomnia", dict.fromkeys(stop_bang[:2], "yes"), library=packed_library)
    assert "stop-bang" not in {f.question for f in two.flags}
    three = screen("insomnia", dict.fromkeys(stop_bang[:3], "yes"), library=packed_library)
    assert three.urgency is Urgency.SOON
    assert "stop-bang" in {f.question for f in three.flags}


def test_self_harm_is_an_emergency(packed_library: acupress.Library) -> None:
    q = next(
        q for _, q in questions("insomnia", library=packed_library) if "harm" in q.text.lower()
    )
    assert screen("insomnia", {q.id: "yes"}, library=packed_library).urgency is Urgency.EMERGENCY


def test_status_none_some_all(packed_library: acupress.Library) -> None:
    every = ids(LBP, packed_library)
    none = screen(LBP, {}, library=packed_library)
    assert none.status is ScreeningStatus.NOT_SCREENED
    assert (none.answered, none.unanswered) == ((), tuple(every))
    assert URGENCY_ADVICE[Urgency.NONE] not in none.advice  # never "no red flag"
    assert none.summary == "Not screened: no question was answered"
    some = screen(LBP, {"lbp-fever": "no", "lbp-weight-loss": "no"}, library=packed_library)
    assert some.status is ScreeningStatus.INCOMPLETE
    assert some.answered == ("lbp-fever", "lbp-weight-loss")  # in asking order
    assert some.summary == (
        f"Incomplete: 2 of {len(every)} questions answered – some red flags may be missed"
    )
    assert f"{some.summary}." in some.advice
    full = screen(LBP, dict.fromkeys(every, "no"), library=packed_library)
    assert full.status is ScreeningStatus.COMPLETE
    assert (full.urgency, full.unanswered, full.answered) == (Urgency.NONE, (), tuple(every))
    assert full.advice == (URGENCY_ADVICE[Urgency.NONE],)


def test_an_emergency_yes_with_the_rest_unanswered(packed_library: acupress.Library) -> None:
    result = screen(LBP, {"lbp-bowel-control": "yes"}, library=packed_library)
    assert result.status is ScreeningStatus.INCOMPLETE
    assert result.urgency is Urgency.EMERGENCY
    (flag,) = result.flags
    assert flag.question == "lbp-bowel-control"
    assert result.advice[:2] == (URGENCY_ADVICE[Urgency.EMERGENCY], flag.advice)
    assert result.advice[-1] == "Do not rely on acupressure for this."


def test_screen_errors(packed_library: acupress.Library) -> None:
    with pytest.raises(UnknownQuestionError, match="no question matches 'nope'"):
        screen(LBP, {"nope": "yes"}, library=packed_library)
    with pytest.raises(UnknownQuestionError) as info:
        screen(LBP, {"lbp-fevr": "yes"}, library=packed_library)
    assert info.value.suggestions[0] == "lbp-fever"
    with pytest.raises(acupress.UnknownConditionError, match="condition"):
        screen("low-bak-pain", {}, library=packed_library)
    with pytest.raises(acupress.DataError, match=r"\$\.answers\.lbp-fever: expected yes or no"):
        screen(LBP, {"lbp-fever": "maybe"}, library=packed_library)
    for odd in (5, None, ["yes"]):
        with pytest.raises(acupress.DataError):
            screen(LBP, {"lbp-fever": odd}, library=packed_library)  # type: ignore[dict-item]
    with pytest.raises(acupress.DataError, match=r"\$\.answers: expected a table"):
        screen(LBP, ["lbp-fever"], library=packed_library)  # type: ignore[arg-type]


def _expected_urgency(
    library: acupress.Library, conditions: list[str], given: dict[str, Answer]
) -> Urgency:
    """The urgency the answers show, worked out from the pack data directly."""
    levels = [Urgency.NONE]
    counts: dict[tuple[str, str], int] = {}
    for pack, q in questions(conditions, library=library):
        if given.get(q.id) is q.flag_on:
            levels.append(q.urgency)
            if q.score is not None:
                counts[pack.id, q.score] = counts.get((pack.id, q.score), 0) + 1
    for pack in library.packs:
        for score in pack.scores:
            count = counts.get((pack.id, score.id), 0)
            reached = [t for t in score.thresholds if count >= t.at_least]
            if reached:
                levels.append(max(reached, key=lambda t: t.at_least).urgency)
    return max(levels, key=lambda u: u.rank)


@st.composite
def screenings(draw: st.DrawFn) -> tuple[list[str], dict[str, Answer]]:
    """Some conditions, and for each of their questions yes, no or no answer."""
    conditions = draw(st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=2))
    given: dict[str, Answer] = {}
    for qid in ids(conditions, packed()):
        choice = draw(st.sampled_from([Answer.YES, Answer.NO, None]))
        if choice is not None:
            given[qid] = choice
    return conditions, given


@given(screenings())
def test_urgency_is_the_highest_the_answers_show(
    packed_library: acupress.Library, case: tuple[list[str], dict[str, Answer]]
) -> None:
    conditions, given = case
    result = screen(conditions, given, library=packed_library)
    assert result.urgency is _expected_urgency(packed_library, conditions, given)
    asked = {q.id: q for _, q in questions(conditions, library=packed_library)}
    for qid, answer in given.items():
        q = asked[qid]
        if answer is q.flag_on and q.urgency is not Urgency.NONE:
            assert result.urgency >= q.urgency
            assert qid in {f.question for f in result.flags}
        if answer is q.flag_on and q.urgency is Urgency.EMERGENCY:
            assert result.urgency is Urgency.EMERGENCY
            assert URGENCY_ADVICE[Urgency.EMERGENCY] in result.advice
            assert q.advice in result.advice
            assert "emergency" in screening_text(result)
            assert screening_record(result)["urgency"] == "emergency"
    expected_status = (
        ScreeningStatus.COMPLETE
        if len(given) == len(asked)
        else ScreeningStatus.INCOMPLETE
        if given
        else ScreeningStatus.NOT_SCREENED
    )
    assert result.status is expected_status
    assert sorted(result.answered) == sorted(given)


@given(screenings(), st.data())
def test_another_answer_never_lowers_the_urgency(
    packed_library: acupress.Library,
    case: tuple[list[str], dict[str, Answer]],
    data: st.DataObject,
) -> None:
    conditions, given = case
    before = screen(conditions, given, library=packed_library)
    assume(before.unanswered)
    qid = data.draw(st.sampled_from(before.unanswered))
    after = screen(
        conditions, {**given, qid: data.draw(st.sampled_from(Answer))}, library=packed_library
    )
    assert after.urgency >= before.urgency
    assert {f.question for f in before.flags if f.question in given} <= {
        f.question for f in after.flags
    }


# -- rendering ----------------------------------------------------------------------------


def test_records_and_text_say_not_screened(packed_library: acupress.Library) -> None:
    none = screen(LBP, {}, library=packed_library)
    record = screening_record(none)
    assert (record["status"], record["urgency"]) == ("not screened", None)
    text = screening_text(none)
    assert text.splitlines()[0] == "Not screened: no question was answered"
    assert "Urgency" not in text
    assert "None of your answers" not in text
    json.dumps(record)


def test_records_and_text_show_status_and_each_flags_advice(
    packed_library: acupress.Library,
) -> None:
    result = screen(
        LBP, {"lbp-sexual-function": "yes", "lbp-cancer-history": "yes"}, library=packed_library
    )
    record = screening_record(result)
    assert record["status"] == "incomplete"
    assert record["urgency"] == "emergency"
    assert record["answered"] == ["lbp-sexual-function", "lbp-cancer-history"]
    assert [f["id"] for f in record["flags"]] == ["lbp-sexual-function", "lbp-cancer-history"]
    assert all(f["advice"] and f["sources"] for f in record["flags"])
    text = screening_text(result)
    lines = text.splitlines()
    assert lines[:2] == [
        "Urgency: emergency",
        f"Incomplete: 2 of {len(ids(LBP, packed_library))} questions answered"
        " – some red flags may be missed",
    ]
    flat = " ".join(text.split())
    for flag in result.flags:
        assert " ".join(flag.advice.split()) in flat
        assert f"[{flag.question}]" in flat
    assert flat.index("- emergency:") < flat.index("- urgent:")
    assert "Not answered: lbp-saddle-numbness," in flat
    complete = screen(LBP, dict.fromkeys(ids(LBP, packed_library), "no"), library=packed_library)
    assert screening_text(complete).splitlines() == [
        "Urgency: none",
        f"- {URGENCY_ADVICE[Urgency.NONE]}",
    ]
    assert screening_record(complete)["status"] == "complete"
