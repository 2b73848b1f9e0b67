"""Red-flag screening and routines in code and in files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

import acupress
from acupress import DataError, Routine, Sides, UnknownQuestionError, Urgency, questions, screen
from acupress._routines import build_routine, dump_routine, load_routine, parse_routine
from acupress.testing import routines

from .conftest import Cli


def test_every_condition_has_cited_questions(packed_library: acupress.Library) -> None:
    assert {"low-back-pain", "migraine", "insomnia"} <= set(packed_library.conditions)
    for condition in packed_library.conditions:
        asked = questions(condition, library=packed_library)
        assert asked, condition
        for _pack, q in asked:
            assert q.references


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
    ids = [
        q.id
        for _, q in questions("sleep-problems", library=packed_library)
        if q.score == "stop-bang"
    ]
    assert len(ids) == 8
    two = screen("insomnia", dict.fromkeys(ids[:2], "yes"), library=packed_library)
    assert "stop-bang" not in {f.question for f in two.flags}
    three = screen("insomnia", dict.fromkeys(ids[:3], "yes"), library=packed_library)
    assert three.urgency is Urgency.SOON
    assert "stop-bang" in {f.question for f in three.flags}


def test_self_harm_is_an_emergency(packed_library: acupress.Library) -> None:
    q = next(
        q for _, q in questions("insomnia", library=packed_library) if "harm" in q.text.lower()
    )
    assert screen("insomnia", {q.id: "yes"}, library=packed_library).urgency is Urgency.EMERGENCY


def test_screen_errors(packed_library: acupress.Library) -> None:
    with pytest.raises(UnknownQuestionError, match="no question matches 'nope'"):
        screen("low-back-pain", {"nope": "yes"}, library=packed_library)
    with pytest.raises(UnknownQuestionError) as info:
        screen("low-back-pain", {"lbp-fevr": "yes"}, library=packed_library)
    assert info.value.suggestions[0] == "lbp-fever"
    with pytest.raises(acupress.UnknownConditionError, match="condition"):
        screen("low-bak-pain", {}, library=packed_library)
    with pytest.raises(acupress.DataError, match=r"\$\.answers\.lbp-fever: expected yes or no"):
        screen("low-back-pain", {"lbp-fever": "maybe"}, library=packed_library)
    for odd in (5, None, ["yes"]):
        with pytest.raises(acupress.DataError):
            screen("low-back-pain", {"lbp-fever": odd}, library=packed_library)  # type: ignore[dict-item]
    with pytest.raises(acupress.DataError, match=r"\$\.answers: expected a table"):
        screen("low-back-pain", ["lbp-fever"], library=packed_library)  # type: ignore[arg-type]
    partial = screen("low-back-pain", {}, library=packed_library)
    assert partial.unanswered
    assert any("not answered" in a for a in partial.advice)


def test_build_routine_resolves_names_and_sides(packed_library: acupress.Library) -> None:
    routine = build_routine(
        "r", [("Hoku", 45), {"point": "Qi Hai", "seconds": 60}], library=packed_library
    )
    assert [(s.point, s.sides) for s in routine.steps] == [
        ("LI4", Sides.BOTH),
        ("CV6", Sides.CENTER),
    ]
    with pytest.raises(DataError, match="could be"):
        build_routine("r", [("Erjian", 30)], library=packed_library)
    with pytest.raises(DataError, match="on the midline"):
        build_routine(
            "r", [{"point": "CV6", "seconds": 30, "sides": "left"}], library=packed_library
        )
    with pytest.raises(DataError, match=r"\$\.steps\[0\]\.point"):
        build_routine("r", [("LI99", 30)], library=packed_library)


@given(routines())
def test_routine_files_round_trip(packed_library: acupress.Library, routine: Routine) -> None:
    # Generated routines use points on both sides and in the middle; put sides right first.
    fixed = Routine(
        name=routine.name,
        steps=tuple(
            s
            if packed_library.points[s.point].bilateral != (s.sides is Sides.CENTER)
            else type(s)(
                s.point,
                s.technique,
                s.seconds,
                Sides.BOTH if packed_library.points[s.point].bilateral else Sides.CENTER,
                s.note,
            )
            for s in routine.steps
        ),
        conditions=routine.conditions,
        description=routine.description,
    )
    import tomllib

    assert parse_routine(tomllib.loads(dump_routine(fixed)), "t", packed_library) == fixed
    assert parse_routine(json.loads(dump_routine(fixed, "json")), "j", packed_library) == fixed


def test_load_routine_files(packed_library: acupress.Library, tmp_path: Path) -> None:
    good = tmp_path / "r.toml"
    good.write_text(
        'name = "mine"\n[[steps]]\npoint = "Bladder 23"\nseconds = 60\n', encoding="utf-8"
    )
    assert load_routine(good, packed_library).steps[0].point == "BL23"
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "steps": [{"point": "LI4", "seconds": "60"}]}', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.json: \$\.steps\[0\]\.seconds: expected an integer"):
        load_routine(bad, packed_library)


def test_cli_screen(cli: Cli, fake_pack: object) -> None:
    acupress.refresh()
    code, out, err = cli.run("screen", "low-back-pain", "--questions", "--format", "json")
    assert code == 0, f"is the back-pain pack installed? {err}"
    listed = json.loads(out)
    assert listed
    assert all(set(q) == {"id", "text"} for q in listed)
    answers = [f"--answer={q['id']}=no" for q in listed]
    code, out, _ = cli.run("screen", "low-back-pain", *answers, "--format", "json")
    assert json.loads(out)["urgency"] == "none"
    code, out, err = cli.run(
        "screen", "low-back-pain", "--format", "text", stdin="y\n" + "n\n" * 40
    )
    assert code == 0
    assert "Urgency: emergency" in out
    code, out, err = cli.run("screen", "low-back-pain", "--answer", "lbp-fever=perhaps")
    assert code == 2
    assert "ID=yes or ID=no" in err
