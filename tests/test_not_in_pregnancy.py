"""Conditions that do not happen in pregnancy (``Condition.not_in_pregnancy``: period pain).

Pain like period pain in a pregnant person may be a miscarriage or an ectopic pregnancy, so no
path hands her a routine for it: compose, check of a routine naming the condition, the gate,
every command (compose, check, card, guide --routine) and the MCP tools refuse, with one message
sending her to a midwife or doctor, and a clinician's approval does not lift it. Someone who
could be pregnant gets the routine (without the points avoided in pregnancy) with advice to do a
test first. A pack can only add the refusal, never take it away.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import acupress
from acupress import Profile
from acupress.render import composition_text, render_card, report_text
from acupress.testing import assert_valid_pack, minimal_pack, to_toml

from .conftest import PACKS, Cli, packed
from .test_parse_profile import profiles

CONDITIONS = ("period-pain", "primary-dysmenorrhoea")
PREGNANT = Profile(pregnant=True)
MAYBE = Profile(possibly_pregnant=True)
SEEN = "midwife"  # every refusal says who to contact
ROUTINE_FILE = (
    'name = "Mine"\nconditions = ["period-pain"]\nsteps = [{ point = "LR3", seconds = 60 }]\n'
)


def _refusal(info: pytest.ExceptionInfo[acupress.ComposeError]) -> str:
    text = str(info.value)
    for words in (SEEN, "ectopic", "999"):
        assert words in text, text
    return text


def _unwrapped(text: str) -> str:
    return " ".join(text.split())


# -- the field ----------------------------------------------------------------------------------


def test_the_period_pain_conditions_are_not_in_pregnancy() -> None:
    library = packed()
    for condition in CONDITIONS:
        found = library.conditions[condition]
        assert found.not_in_pregnancy, condition
        assert not found.pregnancy, condition
    # and the installed pack says the same
    assert acupress.load().conditions["period-pain"].not_in_pregnancy
    assert not library.conditions["low-back-pain"].not_in_pregnancy  # the default


def _pack_with(**fields: Any) -> dict[str, Any]:
    document = minimal_pack()
    document["conditions"][0].update(fields)
    return document


@pytest.mark.parametrize("value", ["true", 1, "yes"])
def test_the_field_is_a_strict_boolean(value: object) -> None:
    with pytest.raises(AssertionError, match="not_in_pregnancy"):
        assert_valid_pack(to_toml(_pack_with(not_in_pregnancy=value)))
    assert_valid_pack(to_toml(_pack_with(not_in_pregnancy=True)))


def test_one_pack_cannot_say_both_pregnancy_flags() -> None:
    with pytest.raises(AssertionError, match="not_in_pregnancy"):
        assert_valid_pack(to_toml(_pack_with(not_in_pregnancy=True, pregnancy=True)))
    with pytest.raises(ValueError, match="not_in_pregnancy"):
        acupress.Pack(
            schema=1,
            id="p",
            name="P",
            version="1",
            summary="s",
            license="CC0-1.0",
            authors=("a",),
            acupress=">=0",
            conditions=(
                acupress.Condition(
                    id="c", name="C", description="d", pregnancy=True, not_in_pregnancy=True
                ),
            ),
        )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"not_in_pregnancy": "true"}, 'not_in_pregnancy: expected true or false, got "true"'),
        ({"not_in_pregnancy": 1}, "not_in_pregnancy: expected true or false, got 1"),
        ({"not_in_pregnancy": True, "pregnancy": True}, "not_in_pregnancy: a condition cannot"),
    ],
)
def test_a_pack_loading_a_bad_flag_is_broken(
    tmp_path: Path, fields: dict[str, Any], problem: str
) -> None:
    path = tmp_path / "pack.toml"
    path.write_text(to_toml(_pack_with(**fields)), encoding="utf-8")
    with pytest.raises(acupress.PackError, match=problem):
        acupress.Library.build([path], discover=False, strict=True)


def test_the_pack_schema_knows_the_field() -> None:
    from acupress._packs.schema import pack_schema

    condition = pack_schema()["$defs"]["Condition"]
    assert condition["properties"]["not_in_pregnancy"]["type"] == "boolean"
    both = {"if": {"required": ["pregnancy"], "properties": {"pregnancy": {"const": True}}}}
    assert any(rule["if"] == both["if"] for rule in condition["allOf"])


def test_the_shipped_pack_validates() -> None:
    assert_valid_pack(PACKS / "period-pain")


# -- the API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("condition", [*CONDITIONS, "cramps", "Period pain"])
@pytest.mark.parametrize("approved", [False, True])
def test_compose_refuses_a_pregnant_person(condition: str, approved: bool) -> None:
    for profile in (PREGNANT, Profile(pregnant=True, pregnancy_weeks=8, age=30)):
        with pytest.raises(acupress.ComposeError) as info:
            acupress.compose(
                condition,
                minutes=10,
                profile=profile,
                library=packed(),
                clinician_approved=approved,  # a clinician cannot approve "period pain" here
            )
        _refusal(info)


def test_compose_refuses_when_any_condition_asked_for_is_one() -> None:
    with pytest.raises(acupress.ComposeError) as info:
        acupress.compose(
            ["insomnia", "period-pain"], minutes=10, profile=PREGNANT, library=packed()
        )
    _refusal(info)
    acupress.compose("insomnia", minutes=10, profile=PREGNANT, library=packed())  # alone: fine


def test_the_refusal_comes_before_the_age_limit() -> None:
    # A pregnant 14-year-old is told to see a midwife, not that a clinician may approve.
    with pytest.raises(acupress.ComposeError) as info:
        acupress.compose("period-pain", minutes=10, profile=Profile(pregnant=True, age=14),
                         library=packed())  # fmt: skip
    assert "clinician_approved" not in _refusal(info)


@pytest.mark.parametrize("routine_id", ["period-sp6", "period-no-sp6"])
@pytest.mark.parametrize("approved", [False, True])
def test_check_refuses_a_routine_naming_the_condition(routine_id: str, approved: bool) -> None:
    library = packed()
    _pack, template = next((p, t) for p, t in library.routines() if t.id == routine_id)
    with pytest.raises(acupress.ComposeError) as info:
        acupress.check(template, PREGNANT, library=library, clinician_approved=approved)
    _refusal(info)
    routine = acupress.build_routine("Mine", [("LR3", 60)], conditions=["Period pain"])
    with pytest.raises(acupress.ComposeError):
        acupress.check(routine, PREGNANT, library=library, clinician_approved=approved)
    # Points alone name no condition: checked as ever (LR3 is on no pregnancy list).
    assert acupress.check(["LR3"], PREGNANT, library=library).routine.steps


def test_the_gate_refuses_a_report_made_for_a_pregnant_person_by_hand() -> None:
    library = packed()
    comp = acupress.compose("period-pain", minutes=10, library=library)
    forged = attrs.evolve(comp, safety=attrs.evolve(comp.safety, profile=PREGNANT))
    with pytest.raises(acupress.ComposeError) as info:
        composition_text(forged, library)
    _refusal(info)
    report = acupress.check(comp.routine, Profile(), library=library)
    with pytest.raises(acupress.ComposeError):
        render_card(attrs.evolve(report, profile=PREGNANT), library=library)
    with pytest.raises(acupress.ComposeError):
        list(acupress.timeline(attrs.evolve(report, profile=PREGNANT), library=library))


def test_someone_who_could_be_pregnant_is_told_to_do_a_test_first() -> None:
    library = packed()
    comp = acupress.compose("period-pain", minutes=10, profile=MAYBE, library=library)
    assert not {s.point for s in comp.routine.steps} & {"SP6", "LI4"}  # as before
    (line,) = [a for a in comp.safety.advice if "pregnancy test" in a]
    assert "do not go on" in line
    assert SEEN in line
    assert line in _unwrapped(composition_text(comp, library))
    report = acupress.check(comp.routine, MAYBE, library=library)
    assert line in report.advice
    assert line in _unwrapped(report_text(report, library))
    # The gate keeps it: a report without it is refused.
    lost = attrs.evolve(report, advice=tuple(a for a in report.advice if a != line))
    with pytest.raises(acupress.NotCheckedError, match="advice"):
        report_text(lost, library)
    # Not said to someone who is not pregnant, nor for another condition.
    assert not any("pregnancy test" in a for a in acupress.check(comp.routine).advice)
    other = acupress.compose("insomnia", minutes=5, profile=MAYBE, library=library)
    assert not any("pregnancy test" in a for a in other.safety.advice)


# -- the property -------------------------------------------------------------------------------


@st.composite
def pregnant_profiles(draw: st.DrawFn) -> Profile:
    profile = draw(profiles())
    return profile if profile.pregnant else attrs.evolve(profile, pregnant=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile=pregnant_profiles(),
    refused=st.lists(st.sampled_from(CONDITIONS), min_size=1, unique=True),
    others=st.lists(st.sampled_from(["insomnia", "low-back-pain", "headache"]), unique=True),
    minutes=st.sampled_from([1, 5, 20]),
    approved=st.booleans(),
    data=st.data(),
)
def test_a_pregnant_person_is_refused_whatever_else(
    profile: Profile,
    refused: list[str],
    others: list[str],
    minutes: int,
    approved: bool,
    data: st.DataObject,
) -> None:
    library = packed()
    conditions = data.draw(st.permutations([*refused, *others]))
    with pytest.raises(acupress.ComposeError) as info:
        acupress.compose(conditions, minutes=minutes, profile=profile, library=library,
                         clinician_approved=approved)  # fmt: skip
    _refusal(info)
    routine = acupress.build_routine("Mine", [("LR3", 60)], conditions=conditions)
    with pytest.raises(acupress.ComposeError) as info:
        acupress.check(routine, profile, library=library, clinician_approved=approved)
    _refusal(info)


# -- the command line and the MCP tools ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "svg"])
@pytest.mark.parametrize("extra", [(), ("--clinician-approved",), ("--pregnancy-weeks", "9")])
def test_cli_compose_refuses(cli: Cli, fmt: str, extra: tuple[str, ...]) -> None:
    flags = extra if "--pregnancy-weeks" in extra else ("--pregnant", *extra)
    result = cli.run("compose", "period-pain", "--minutes", "10", *flags, "--format", fmt)
    assert result.code == 1
    assert result.out == ""
    assert SEEN in result.err
    assert "ectopic" in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{file}", "--pregnant"],
        ["check", "{file}", "--pregnant", "--clinician-approved", "--format", "json"],
        ["card", "{file}", "--pregnant"],
        ["guide", "{file}", "--pregnant", "--speed", "100"],
        ["guide", "--routine", "period-sp6", "--pregnant", "--speed", "100"],
        ["guide", "--routine", "period-no-sp6", "--pregnant", "--clinician-approved"],
    ],
)
def test_every_command_refuses(cli: Cli, tmp_path: Path, argv: list[str]) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(ROUTINE_FILE, encoding="utf-8")
    result = cli.run(*(str(path) if a == "{file}" else a for a in argv))
    assert result.code == 1, result
    assert result.out == ""  # nothing shown, nothing played
    assert SEEN in result.err


def test_cli_possibly_pregnant_gets_the_routine_with_the_test_advice(
    cli: Cli, tmp_path: Path
) -> None:
    code, data, err = cli.json("compose", "period-pain", "--minutes", "10", "--possibly-pregnant")
    assert code == 0, err
    assert any("pregnancy test" in line for line in data["safety"]["advice"])
    path = tmp_path / "mine.toml"
    path.write_text(ROUTINE_FILE, encoding="utf-8")
    result = cli.run("card", str(path), "--possibly-pregnant")
    assert result.code == 0, result.err
    assert "pregnancy test" in result.out


def test_the_mcp_tools_refuse() -> None:
    from .test_mcp import call_all

    args = {"conditions": ["period-pain"], "minutes": 10, "profile": {"pregnant": True}}
    routine = json.loads(json.dumps({"name": "Mine", "conditions": ["period-pain"],
                                     "steps": [{"point": "LR3", "seconds": 60}]}))  # fmt: skip
    results = call_all(
        [
            ("compose_routine", args),
            ("routine_card", args),
            ("check_routine", {"routine": routine, "profile": {"pregnant": True}}),
        ]
    )
    for result in results:
        assert result.is_error
        text = "".join(getattr(c, "text", "") for c in result.content)
        assert SEEN in text
        assert "Traceback" not in text


# -- hostile packs ------------------------------------------------------------------------------


def _declaring(tmp_path: Path, pack_id: str, condition: str, **fields: Any) -> Path:
    document = minimal_pack(id=pack_id)
    document["conditions"] = [
        {"id": condition, "name": "Pain", "description": "A pain, for tests.", **fields}
    ]
    # Nothing else: what it adds to the condition is the flag alone.
    document["indications"], document["dosing"] = [], []
    path = tmp_path / pack_id / "pack.toml"
    path.parent.mkdir()
    path.write_text(to_toml(document), encoding="utf-8")
    return path


def test_another_pack_cannot_take_the_refusal_away(tmp_path: Path) -> None:
    # "aaa" sorts before "period-pain": its declaration is the first, without the flag.
    period = PACKS / "period-pain"
    plain = _declaring(tmp_path, "aaa", "period-pain")
    library = acupress.Library.build([plain, period], discover=False, strict=True)
    assert library.conditions["period-pain"].not_in_pregnancy
    with pytest.raises(acupress.ComposeError):
        acupress.compose("period-pain", minutes=10, profile=PREGNANT, library=library)
    # Saying it is a condition of pregnancy refuses it for everyone instead of allowing it.
    only = _declaring(tmp_path, "aab", "period-pain", pregnancy=True)
    both = acupress.Library.build([only, period], discover=False, strict=True)
    merged = both.conditions["period-pain"]
    assert merged.pregnancy
    assert merged.not_in_pregnancy
    for profile in (Profile(), PREGNANT, MAYBE):
        with pytest.raises(acupress.ComposeError):
            acupress.compose("period-pain", minutes=10, profile=profile, library=both)


def test_a_pack_can_only_add_the_refusal(tmp_path: Path) -> None:
    back = PACKS / "back-pain"
    core = acupress.Library.build([back], discover=False, strict=True)
    hostile = _declaring(tmp_path, "aaa", "low-back-pain", not_in_pregnancy=True)
    library = acupress.Library.build([hostile, back], discover=False, strict=True)
    with pytest.raises(acupress.ComposeError):
        acupress.compose("low-back-pain", minutes=10, profile=PREGNANT, library=library)
    # Nobody else's routine changes: the same steps and findings as without it.
    for profile in (Profile(), Profile(age=40, has=("anticoagulants",))):
        mine = acupress.compose("low-back-pain", minutes=10, profile=profile, library=library)
        theirs = acupress.compose("low-back-pain", minutes=10, profile=profile, library=core)
        assert [s.point for s in mine.routine.steps] == [s.point for s in theirs.routine.steps]
        assert mine.safety.findings == theirs.safety.findings


@pytest.mark.parametrize("named", ["period-pian", "period pains", "no such thing"])
def test_a_routine_naming_a_condition_the_library_does_not_know_is_refused(
    named: str, tmp_path: Path, cli: Cli
) -> None:
    """A misspelt condition must not pass as a routine for no condition at all: the refusal in
    pregnancy (and the age limit, and the red-flag questions) hang on the condition."""
    routine = acupress.Routine(
        name="Mine", steps=(acupress.Step(point="LR3", seconds=60),), conditions=(named,)
    )
    with pytest.raises(acupress.UnknownConditionError):
        acupress.check(routine, PREGNANT, library=packed())
    path = tmp_path / "routine.toml"
    path.write_text(
        to_toml(
            {"name": "Mine", "conditions": [named], "steps": [{"point": "LR3", "seconds": 60}]}
        ),
        encoding="utf-8",
    )
    for command in ("check", "card", "guide"):
        code, out, err = cli.run(command, str(path), "--pregnant")
        assert code == 1, (command, out, err)
        assert "no condition matches" in err
    # Nor can a report made by hand carry one past the gate.
    report = acupress.check(
        attrs.evolve(routine, conditions=("period-pain",)), Profile(), library=packed()
    )
    forged = attrs.evolve(report, routine=attrs.evolve(report.routine, conditions=(named,)))
    with pytest.raises(acupress.UnknownConditionError):
        report_text(forged, library=packed())
