"""Red-flag screening never loses an emergency.

The API: asking order (most urgent first), several conditions, the status of a screening with
none, some or all questions answered, and urgency from any subset of answers (Hypothesis). The
command line: in-process with piped, empty, closed and failing stdin and Ctrl-C; in real
processes with stdin at /dev/null, descriptor 0 closed, and SIGINT; and on a pseudo-terminal,
answered one question at a time.
"""

from __future__ import annotations

import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
from acupress._cli.app import main
from acupress._screen import URGENCY_ADVICE, question_urgency
from acupress.render import screening_record, screening_text
from acupress.testing import minimal_pack, to_toml

from .conftest import Cli, packed

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
    # Thoughts of suicide come first for both sleep conditions: the emergency (a plan, acting on
    # them, or not feeling safe), then the thoughts themselves, before any other question.
    for condition in ("insomnia", "sleep-problems"):
        asked = questions(condition, library=packed_library)
        (first_pack, first), (second_pack, second) = asked[:2]
        assert (first.id, second.id) == ("self-harm-plan-or-unsafe", "self-harm-thoughts")
        assert question_urgency(first_pack, first) is Urgency.EMERGENCY
        assert question_urgency(second_pack, second) is Urgency.URGENT
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
        ("low-back-pain", {"lbp-not-improving": "yes"}, Urgency.SOON),  # with the cancer flags
        ("low-back-pain", {"lbp-inflammatory-back-pain": "yes"}, Urgency.ROUTINE),
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


# -- the command line, in-process ---------------------------------------------------------


@pytest.fixture
def packs_default(
    packed_library: acupress.Library, monkeypatch: pytest.MonkeyPatch
) -> acupress.Library:
    """The repository's packs as the default library the command line loads."""
    from acupress import _default

    monkeypatch.setattr(_default, "_default", packed_library)
    return packed_library


PROMPT = "[y/n] "


@pytest.mark.usefixtures("packs_default")
def test_cli_a_piped_emergency_yes_stops_the_questions(cli: Cli) -> None:
    code, record, err = cli.json("screen", LBP, stdin="y\n" + "n\n" * 20)
    assert code == 3
    assert err.count(PROMPT) == 1
    assert "This answer means: Call emergency services" in err
    assert "No more questions" in err
    assert record["urgency"] == "emergency"
    assert record["status"] == "incomplete"
    assert record["answered"] == ["lbp-saddle-numbness"]
    assert record["flags"][0]["id"] == "lbp-saddle-numbness"
    code, out, err = cli.run("screen", LBP, "--format", "text", stdin="n\ny\n")
    assert code == 3
    assert err.count(PROMPT) == 2
    total = len(ids(LBP, packed()))
    assert out.startswith(f"Urgency: emergency\nIncomplete: 2 of {total} questions answered")
    assert "[lbp-bladder-control]" in out


@pytest.mark.usefixtures("packs_default")
def test_cli_an_urgent_yes_is_said_at_once_and_the_questions_go_on(cli: Cli) -> None:
    every = ids(LBP, packed())
    urgent = every.index("lbp-cancer-history")
    answers = ["n"] * len(every)
    answers[urgent] = "y"
    code, record, err = cli.json("screen", LBP, stdin="\n".join(answers) + "\n")
    assert code == 0
    assert err.count(PROMPT) == len(every)
    said = err.index("This answer means: Contact your doctor or cancer team today")
    assert err.index(f"({urgent + 1}/{len(every)})") < said < err.index(f"({urgent + 2}/")
    assert (record["status"], record["urgency"]) == ("complete", "urgent")


@pytest.mark.usefixtures("packs_default")
def test_cli_an_emergency_given_as_an_option_asks_nothing(cli: Cli) -> None:
    code, record, err = cli.json(
        "screen",
        LBP,
        "--answer",
        "lbp-fever=n",
        "--answer",
        "lbp-bladder-control=yes",
        stdin="n\n" * 20,
    )
    assert code == 3
    assert PROMPT not in err
    assert record["urgency"] == "emergency"


@pytest.mark.usefixtures("packs_default")
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_cli_empty_stdin_is_not_screened(cli: Cli, fmt: str) -> None:
    code, out, err = cli.run("screen", LBP, "--format", fmt, stdin="")
    assert code == 4
    assert "Traceback" not in err
    assert "end of input" in err
    if fmt == "json":
        assert json.loads(out)["status"] == "not screened"
        assert json.loads(out)["urgency"] is None
    else:
        assert out.startswith("Not screened: no question was answered\n")
        assert "Urgency: none" not in out


@pytest.mark.usefixtures("packs_default")
def test_cli_end_of_input_part_way(cli: Cli) -> None:
    code, record, _err = cli.json("screen", LBP, stdin="n\nn\nn\n")
    assert code == 3
    assert record["answered"] == list(LBP_EMERGENCIES[:3])
    assert record["unanswered"][0] == LBP_EMERGENCIES[3]
    assert record["urgency"] == "none"
    assert record["status"] == "incomplete"


class _Failing:
    """A stdin that gives some lines, then fails the way a real one can."""

    def __init__(self, lines: str, error: BaseException) -> None:
        self.lines = io.StringIO(lines)
        self.error = error

    def readline(self) -> str:
        line = self.lines.readline()
        if not line:
            raise self.error
        return line

    def isatty(self) -> bool:
        return False


def _main(stdin: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["screen", LBP, "--format", "json"], stdout=out, stderr=err, stdin=stdin)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("packs_default")
@pytest.mark.parametrize("error", [OSError(5, "Input/output error"), ValueError("closed")])
def test_cli_a_failing_stdin_reports_the_answers_given(error: BaseException) -> None:
    code, out, err = _main(_Failing("n\n", error))
    assert code == 3
    assert json.loads(out)["answered"] == ["lbp-saddle-numbness"]
    assert "Traceback" not in err


@pytest.mark.usefixtures("packs_default")
def test_cli_a_closed_or_missing_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = io.StringIO("y\n")
    closed.close()
    code, out, _ = _main(closed)
    assert (code, json.loads(out)["status"]) == (4, "not screened")
    monkeypatch.setattr(sys, "stdin", None)  # what Python sets when descriptor 0 is closed
    code, out, _ = _main(None)
    assert (code, json.loads(out)["status"]) == (4, "not screened")


@pytest.mark.usefixtures("packs_default")
def test_cli_ctrl_c_reports_the_answers_given() -> None:
    every = ids(LBP, packed())
    lines = ["n"] * every.index("lbp-cancer-history") + ["y"]
    code, out, err = _main(_Failing("\n".join(lines) + "\n", KeyboardInterrupt()))
    assert code == 130
    record = json.loads(out)
    assert (record["status"], record["urgency"]) == ("incomplete", "urgent")
    assert len(record["answered"]) == len(lines)
    assert "interrupted" in err


@pytest.mark.usefixtures("packs_default")
def test_cli_questions_in_asking_order(cli: Cli) -> None:
    code, listed, _ = cli.json("screen", LBP, "migraine", "--questions")
    assert code == 0
    assert [q["id"] for q in listed] == ids([LBP, "migraine"], packed())
    keys = {"id", "condition", "urgency", "score", "text", "implies"}
    assert all(set(q) == keys for q in listed)
    ranks = [Urgency(q["urgency"]).rank for q in listed]
    assert ranks == sorted(ranks, reverse=True)
    assert listed[0]["urgency"] == "emergency"
    code, out, _ = cli.run("screen", LBP, "--questions", "--format", "text")
    assert out.splitlines()[0].startswith("emergency lbp-saddle-numbness: ")


@pytest.mark.usefixtures("packs_default")
def test_cli_answers_given_as_options(cli: Cli) -> None:
    every = ids(LBP, packed())
    code, record, _ = cli.json("screen", LBP, *[f"--answer={i}=no" for i in every])
    assert (code, record["status"], record["urgency"]) == (0, "complete", "none")
    code, record, err = cli.json("screen", LBP, "--answer", "lbp-fever=yes", "--answer-only")
    assert (code, record["status"], record["urgency"]) == (3, "incomplete", "urgent")
    assert PROMPT not in err
    code, record, _ = cli.json("screen", LBP, "--answer-only")
    assert (code, record["status"]) == (4, "not screened")
    code, _, err = cli.run("screen", LBP, "--answer", "lbp-fever=perhaps")
    assert code == 2
    assert "ID=yes or ID=no" in err
    code, _, err = cli.run("screen", LBP, "migraine", "--answer", "lbp-fevr=yes")
    assert code == 1
    assert "did you mean lbp-fever?" in err
    assert "Traceback" not in err


def _flags_pack(tmp_path: Path) -> acupress.Library:
    """A pack whose emergency is raised by a "no", and by a score, not by a plain yes."""
    document = minimal_pack(
        id="flags",
        references=[
            {"id": "g", "kind": "guideline", "title": "A guideline", "url": "https://e.org/g"}
        ],
        screening=[
            {
                "id": "can-breathe",
                "condition": "flags-pain",
                "text": "Can you breathe normally?",
                "urgency": "emergency",
                "flag_on": "no",
                "advice": "Call an ambulance now.",
                "references": ["g"],
            },
            *(
                {
                    "id": f"counted-{n}",
                    "condition": "flags-pain",
                    "text": f"Counted question {n}?",
                    "score": "count",
                    "references": ["g"],
                }
                for n in range(3)
            ),
        ],
        scores=[
            {
                "id": "count",
                "condition": "flags-pain",
                "name": "Count",
                "thresholds": [
                    {"at_least": 2, "urgency": "emergency", "advice": "Two: go to hospital now."}
                ],
                "references": ["g"],
            }
        ],
    )
    folder = tmp_path / "flags"
    folder.mkdir()
    (folder / "pack.toml").write_text(to_toml(document), encoding="utf-8")
    return acupress.Library.build([folder], discover=False, strict=True)


def test_cli_stops_at_any_answer_that_shows_an_emergency(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acupress import _default

    library = _flags_pack(tmp_path)
    monkeypatch.setattr(_default, "_default", library)
    assert ids("flags-pain", library)[0] == "can-breathe"
    code, record, err = cli.json("screen", "flags-pain", stdin="n\n")
    assert (code, record["urgency"], err.count(PROMPT)) == (3, "emergency", 1)
    assert "This answer means: Call an ambulance now." in err
    # A score reaching an emergency threshold stops the questions too.
    code, record, err = cli.json("screen", "flags-pain", stdin="y\ny\ny\ny\n")
    assert (code, record["urgency"], err.count(PROMPT)) == (3, "emergency", 3)
    assert record["answered"] == ["can-breathe", "counted-0", "counted-1"]
    assert "This answer means: Two: go to hospital now." in err


# -- the command line, in real processes --------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ACUPRESS_NO_PACKS", "ACUPRESS_PACKS")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "acupress", "screen", *args]


@pytest.fixture(scope="module")
def installed() -> None:
    """The real processes below load the installed packs: back-pain must be one."""
    done = subprocess.run(
        [*_command(LBP, "--questions", "--format", "json")],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"is the back-pain pack installed? {done.stderr}"
    assert [q["id"] for q in json.loads(done.stdout)] == ids(LBP, packed())


def _not_screened(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr
    assert done.returncode == 4, done.stderr
    record = json.loads(done.stdout)
    assert (record["status"], record["urgency"]) == ("not screened", None)


@pytest.mark.usefixtures("installed")
def test_process_with_stdin_at_dev_null() -> None:
    done = subprocess.run(
        _command(LBP),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )
    _not_screened(done)


@pytest.mark.usefixtures("installed")
def test_process_with_stdin_closed() -> None:
    # The shell closes descriptor 0 before Python starts, so sys.stdin is None.
    done = subprocess.run(
        ["/bin/sh", "-c", 'exec "$@" <&-', "sh", *_command(LBP)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )
    _not_screened(done)


def _read_until(fd: int, seen: bytearray, pattern: bytes | None, timeout: float = 60) -> bytes:
    """Read ``fd`` into ``seen`` until the regex ``pattern`` matches what this call read (with
    None: to the end, EOF or the EIO of a pseudo-terminal whose other end closed); that text."""
    start = len(seen)
    deadline = time.monotonic() + timeout
    while pattern is None or not re.search(pattern, seen[start:], re.DOTALL):
        left = deadline - time.monotonic()
        assert left > 0, f"timed out waiting for {pattern!r}; got {bytes(seen[start:])!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            assert pattern is None, f"the end came before {pattern!r}: {bytes(seen[start:])!r}"
            break
        seen.extend(chunk)
    return bytes(seen[start:])


def _prompt(n: int | None = None) -> bytes:
    """A question's prompt, the ``n``th (from 1) or any."""
    number = rb"\d+" if n is None else str(n).encode()
    return rb"\(" + number + rb"/\d+\) [^\n]*?\[y/n\] "


@pytest.mark.usefixtures("installed")
def test_process_interrupted_after_a_yes_reports_the_answers_given() -> None:
    every = ids(LBP, packed())
    urgent = every.index("lbp-cancer-history")
    proc = subprocess.Popen(
        _command(LBP, "--format", "json"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
        preexec_fn=_interruptible,
    )
    assert proc.stdin is not None
    assert proc.stderr is not None
    proc.stdin.write(("n\n" * urgent + "y\n").encode())
    proc.stdin.flush()
    _read_until(proc.stderr.fileno(), seen := bytearray(), _prompt(urgent + 2))
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    err = bytes(seen) + err
    assert b"Traceback" not in err
    assert proc.returncode == 130, err
    record = json.loads(out)
    assert (record["status"], record["urgency"]) == ("incomplete", "urgent")
    assert record["answered"] == every[: urgent + 1]


# -- a pseudo-terminal: a person answering one question at a time -------------------------

# Run in a new session that takes the terminal as its own, so Ctrl-C reaches it.
_LAUNCH = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, '-m', 'acupress', *sys.argv[1:]])"
)


def _interruptible() -> None:
    """In the child, before acupress starts: Ctrl-C interrupts it even when the test run itself
    ignores SIGINT (a suite started in the background of a shell inherits that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def terminal() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``acupress screen low-back-pain`` on a pseudo-terminal: the process and the master end."""
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, "screen", LBP],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(),
        start_new_session=True,
        preexec_fn=_interruptible,
    )
    os.close(slave)
    try:
        yield proc, master
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)
        os.close(master)


def _prompts(text: bytes) -> list[tuple[str, str]]:
    """The (number, question) of each prompt in ``text``."""
    return re.findall(r"\((\d+)/\d+\) (.*?) \[y/n\]", text.decode(), re.DOTALL)


@pytest.mark.usefixtures("installed")
def test_terminal_asks_emergencies_first_and_stops_at_the_first_yes(
    terminal: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, master = terminal
    asked = questions(LBP, library=packed())
    seen = bytearray()
    for n, answer in enumerate([b"n\r", b"n\r", b"y\r"]):
        shown = _prompts(_read_until(master, seen, _prompt()))
        assert shown == [(str(n + 1), asked[n][1].text)]
        assert asked[n][1].urgency is Urgency.EMERGENCY
        os.write(master, answer)
    rest = _read_until(master, seen, None).decode()
    assert proc.wait(timeout=60) == 3
    assert "This answer means: Call emergency services" in rest
    assert "No more questions" in rest
    assert PROMPT not in rest
    assert "Urgency: emergency" in rest  # a terminal gets text
    assert f"Incomplete: 3 of {len(asked)} questions answered" in rest
    assert "Traceback" not in rest


@pytest.mark.usefixtures("installed")
def test_terminal_ctrl_c_after_an_urgent_yes_shows_the_result(
    terminal: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, master = terminal
    every = ids(LBP, packed())
    urgent = every.index("lbp-cancer-history")
    seen = bytearray()
    for n in range(urgent + 1):
        _read_until(master, seen, _prompt(n + 1))
        os.write(master, b"y\r" if n == urgent else b"n\r")
    said = _read_until(master, seen, _prompt(urgent + 2)).decode()
    assert "This answer means: Contact your doctor or cancer team today" in said
    os.write(master, b"\x03")  # Ctrl-C, through the terminal's own line discipline
    rest = _read_until(master, seen, None).decode()
    assert proc.wait(timeout=60) == 130
    assert "Urgency: urgent" in rest
    assert f"Incomplete: {urgent + 1} of {len(every)} questions answered" in rest
    assert "Traceback" not in rest


@pytest.mark.parametrize("at_least", [0, -1, True])
def test_a_score_threshold_below_one_is_refused(at_least: object) -> None:
    from acupress._model.packs import Threshold

    with pytest.raises(ValueError, match="at_least"):
        Threshold(at_least=at_least, urgency=acupress.Urgency.SOON, advice="x")  # type: ignore[arg-type]
