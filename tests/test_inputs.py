"""Inputs are validated where they are made: profiles, constraints, bounds, ambiguous names.

The same mistake is refused the same way through the API, a profile or routine file, a pack and
the command line: a message naming the field (or option, or path), never silent acceptance.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, strategies as st

import acupress
from acupress import (
    KNOWN_CONDITIONS,
    KNOWN_TOOLS,
    MAX_MINUTES,
    MAX_POINTS,
    MAX_STEP_SECONDS,
    ComposeError,
    Constraints,
    Contact,
    DataError,
    Method,
    PackError,
    Position,
    Profile,
    Region,
    Routine,
    Sides,
    Step,
    Technique,
    UnknownPointError,
)
from acupress._model.base import ID
from acupress.testing import minimal_pack, to_toml

from .broken_packs import ENDLESS_DOSING, ENDLESS_TEMPLATE
from .conftest import Cli, packed, standard

REGIONS = [r.value for r in Region]
POINTS = ["LI4", "SP6", "BL23", "BL60", "KI1", "GB21", "ST36", "CV4", "LR3", "GB20", "PC6", "GV20"]
PROFILE_CONDITIONS = sorted(packed().profile_conditions)
BOOL_FIELDS = ("pregnant", "postpartum", "ate_recently")
REGION_FIELDS = ("broken_skin", "recent_surgery", "recent_fracture", "cancer_sites")


def _one_line(code: int, out: str, err: str, status: int = 2) -> str:
    """The one-line error of a command that must fail: its status, no output, no traceback."""
    assert code == status, (code, err)
    assert out == ""
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# -- profiles: strings and lists mean the same as enums and tuples ------------------------------


@st.composite
def profile_fields(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """The same profile twice: once as enums and tuples, once as values and lists."""
    pregnant = draw(st.booleans())
    weeks = draw(st.none() | st.integers(0, 45)) if pregnant else None
    has = draw(st.lists(st.sampled_from(PROFILE_CONDITIONS), max_size=4, unique=True))
    typed: dict[str, Any] = {
        "pregnant": pregnant,
        "pregnancy_weeks": weeks,
        "postpartum": draw(st.booleans()),
        "age": draw(st.none() | st.integers(0, 130)),
        "has": tuple(has),
        "ate_recently": draw(st.booleans()),
    }
    plain = {**typed, "has": list(has)}
    for name in REGION_FIELDS:
        regions = draw(st.lists(st.sampled_from(Region), max_size=3))
        typed[name] = tuple(regions)
        # Each item written either way: a list may mix members and their values.
        plain[name] = [r.value if draw(st.booleans()) else r for r in regions]
    return typed, plain


@given(profile_fields(), st.lists(st.sampled_from(POINTS), min_size=1, max_size=5))
def test_a_profile_from_values_and_lists_is_the_profile_from_enums(
    fields: tuple[dict[str, Any], dict[str, Any]], points: list[str]
) -> None:
    typed, plain = fields
    expected, coerced = Profile(**typed), Profile(**plain)
    assert coerced == expected
    assert hash(coerced) == hash(expected)
    for name in REGION_FIELDS:
        value = getattr(coerced, name)
        assert isinstance(value, tuple)
        assert all(isinstance(r, Region) for r in value)
    library = packed()
    assert acupress.check(points, coerced, library=library) == acupress.check(
        points, expected, library=library
    )


def test_a_region_written_as_in_the_docs_fires_the_skin_rule() -> None:
    # The bug: ("hand",) was kept as a string, and the rule for broken skin never fired.
    report = acupress.check(["LI4"], Profile(broken_skin=("hand",)), library=standard())
    assert "skin-at-region" in {f.rule for f in report.findings}
    assert report.routine.steps == ()


def _not(values: list[str]) -> st.SearchStrategy[str]:
    return st.text(max_size=12).filter(lambda s: s not in values)


@st.composite
def bad_profile_field(draw: st.DrawFn) -> tuple[str, object]:
    """One field of a profile and a value it must refuse."""
    kind = draw(st.sampled_from(["bool", "int", "has", "regions"]))
    anything = st.none() | st.integers() | st.floats() | st.text(max_size=8) | st.lists(st.none())
    if kind == "bool":
        return draw(st.sampled_from(BOOL_FIELDS)), draw(anything.filter(lambda v: v is not None))
    if kind == "int":
        field = draw(st.sampled_from(["age", "pregnancy_weeks"]))
        limit = 45 if field == "pregnancy_weeks" else 130
        value = draw(
            st.booleans()
            | st.floats()
            | st.text(max_size=4)
            | st.integers(max_value=-1)
            | st.integers(min_value=limit + 1)
        )
        return field, value
    if kind == "has":
        not_an_id = st.text(max_size=12).filter(lambda s: not ID.fullmatch(s))
        return "has", draw(
            st.text(max_size=8)  # a bare string
            | st.integers()
            | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
            | st.lists(not_an_id, min_size=1, max_size=3)
            | st.lists(st.integers() | st.none(), min_size=1, max_size=3)
        )
    return draw(st.sampled_from(REGION_FIELDS)), draw(
        st.sampled_from(REGIONS)  # a bare string, even a valid one
        | st.lists(_not(REGIONS), min_size=1, max_size=3)
        | st.lists(st.integers() | st.none(), min_size=1, max_size=3)
        | st.integers()
    )


@given(bad_profile_field())
def test_an_invalid_profile_field_is_refused_and_named(bad: tuple[str, object]) -> None:
    field, value = bad
    fields: dict[str, Any] = {"pregnant": True} if field == "pregnancy_weeks" else {}
    fields[field] = value
    with pytest.raises((TypeError, ValueError)) as caught:
        Profile(**fields)
    assert str(caught.value).startswith(f"{field}: "), str(caught.value)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        (
            {"broken_skin": ("hnd",)},
            ValueError,
            "broken_skin: unknown region 'hnd'; did you mean 'hand'? choose from head, face,",
        ),
        ({"broken_skin": "hand"}, TypeError, "broken_skin: expected a list or tuple of regions"),
        ({"cancer_sites": [Region.HAND, 7]}, TypeError, "cancer_sites: expected a region"),
        ({"pregnant": "false"}, TypeError, "pregnant: expected True or False, got 'false'"),
        ({"ate_recently": 1}, TypeError, "ate_recently: expected True or False, got 1"),
        ({"age": True}, TypeError, "age: expected a whole number, got True"),
        ({"age": 30.5}, TypeError, "age: expected a whole number, got 30.5"),
        ({"age": 30.0}, TypeError, "age: expected a whole number, got 30.0"),
        ({"has": "dvt"}, TypeError, "has: expected a list or tuple of condition ids, got 'dvt'"),
        (
            {"has": ["Varicose veins"]},
            ValueError,
            "has: condition id 'Varicose veins' must be lower-case letters, digits and hyphens; "
            "did you mean 'varicose-veins'?",
        ),
    ],
)
def test_profile_typos(fields: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        Profile(**fields)
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_profile_from_lists_is_hashable_and_stays_a_value() -> None:
    regions = ["hand"]
    profile = Profile(has=["dvt"], broken_skin=regions)
    assert hash(profile) == hash(Profile(has=("dvt",), broken_skin=(Region.HAND,)))
    regions.append("foot")  # the caller's list is not the profile's
    assert profile.broken_skin == (Region.HAND,)
    assert attrs.evolve(profile, recent_surgery=["knee"]).recent_surgery == (Region.KNEE,)
    with pytest.raises(ValueError, match="recent_surgery: unknown region 'kne'"):
        attrs.evolve(profile, recent_surgery=["kne"])


# -- profile conditions: known to the library, refused otherwise --------------------------------


def test_the_library_publishes_the_profile_conditions_it_knows() -> None:
    for library in (standard(), packed()):
        known = library.profile_conditions
        assert set(KNOWN_CONDITIONS) <= set(known)
        assert set(library.safety.conditions()) <= set(known)
        assert all(text.strip() for text in known.values())
    # The core rules look only at ids the core describes: none is left as "used by ...".
    assert set(standard().profile_conditions) == set(KNOWN_CONDITIONS)


def test_published_tables_are_read_only() -> None:
    library = standard()
    for table in (KNOWN_CONDITIONS, KNOWN_TOOLS, library.profile_conditions):
        with pytest.raises(TypeError):
            table["anticoagulant"] = "a typo"  # type: ignore[index]
    assert "anticoagulant" not in library.profile_conditions


def _pack_with_a_rule(tmp_path: Path, condition: str) -> acupress.Library:
    rule = {
        "id": "extra",
        "applies": {"points": ["LI4"]},
        "when": {"has": [condition]},
        "severity": "avoid",
        "message": "Leave LI4 out with this condition.",
        "basis": "tradition",
        "sources": [],
    }
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "pack.toml").write_text(to_toml(minimal_pack(id="extra", rules=[rule])))
    return acupress.Library.build([folder], discover=False, strict=True)


def test_a_condition_a_pack_rule_uses_is_known_to_that_library_only(tmp_path: Path) -> None:
    library = _pack_with_a_rule(tmp_path, "lymphoedema-arm")
    assert library.profile_conditions["lymphoedema-arm"] == (
        "used by the safety rules of pack 'extra'"
    )
    profile = Profile(has=("lymphoedema-arm",))
    report = acupress.check(["LI4"], profile, library=library)
    assert "extra:extra" in {f.rule for f in report.findings}
    with pytest.raises(DataError, match=r"\$\.has\[0\]: unknown condition 'lymphoedema-arm'"):
        acupress.check(["LI4"], profile, library=standard())


TYPO = "$.has[0]: unknown condition 'anticoagulant'; did you mean 'anticoagulants'?"


def test_check_and_compose_refuse_an_unknown_condition() -> None:
    library = packed()
    profile = Profile(has=("dvt", "anticoagulant"))
    second = TYPO.replace("[0]", "[1]")
    with pytest.raises(DataError) as caught:
        acupress.check(["LI4"], profile, library=library)
    assert caught.value.problems == (second,)
    with pytest.raises(DataError) as caught:
        acupress.compose("low-back-pain", minutes=5, profile=profile, library=library)
    assert caught.value.problems == (second,)
    with pytest.raises(DataError) as caught:
        acupress.validate_profile(Profile(has=("zzzz",)), library)
    (line,) = caught.value.problems
    assert line.startswith("$.has[0]: unknown condition 'zzzz'; known: active-cancer, ")
    acupress.validate_profile(Profile(has=tuple(PROFILE_CONDITIONS)), library)


def _profile_file(tmp_path: Path, text: str, name: str = "me.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('has = ["anticoagulant"]', TYPO),
        ('has = "dvt"', '$.has: expected a list, got "dvt"'),
        ('broken_skin = "hand"', '$.broken_skin: expected a list, got "hand"'),
        ('broken_skin = ["hnd"]', "$.broken_skin[0]: expected one of head, face,"),
        ('pregnant = "false"', '$.pregnant: expected true or false, got "false"'),
        ("age = 30.5", "$.age: expected an integer, got 30.5"),
        ("pregnent = true", "$: unknown key pregnent; did you mean pregnant?"),
        ('has = ["Dvt"]', "$.has: condition id 'Dvt' must be lower-case letters"),
        ("pregnancy_weeks = 50\npregnant = true", "$.pregnancy_weeks: must be from 0 to 45"),
    ],
)
def test_profile_file_problems_name_the_file_and_the_path(
    tmp_path: Path, cli: Cli, text: str, problem: str
) -> None:
    path = _profile_file(tmp_path, text + "\n")
    with pytest.raises(DataError) as caught:
        acupress.load_profile(path, packed())
    (line,) = caught.value.problems
    assert line.startswith(f"{path}: {problem}"), line
    code, out, err = cli.run("check", "--points", "LI4", "--profile", str(path))
    assert _one_line(code, out, err, status=1).startswith(f"acupress: error: {path}: {problem}")


def test_the_enum_hook_suggests_the_closest_value(tmp_path: Path) -> None:
    path = _profile_file(tmp_path, 'broken_skin = ["hnd"]\n')
    with pytest.raises(DataError, match=r'got "hnd"; did you mean hand\?$'):
        acupress.load_profile(path, standard())


def test_several_unknown_keys_each_get_their_suggestion(tmp_path: Path) -> None:
    path = _profile_file(tmp_path, "pregnent = true\nhass = []\ncolour = 1\n")
    with pytest.raises(DataError) as caught:
        acupress.load_profile(path, standard())
    assert caught.value.problems == (
        f"{path}: $: unknown keys colour, hass (did you mean has?), "
        "pregnent (did you mean pregnant?)",
    )


def test_a_valid_profile_file_loads_as_the_profile(tmp_path: Path) -> None:
    path = _profile_file(
        tmp_path,
        'pregnant = true\npregnancy_weeks = 20\nhas = ["varicose-veins"]\nbroken_skin = ["hand"]\n',
    )
    assert acupress.load_profile(path, standard()) == Profile(
        pregnant=True, pregnancy_weeks=20, has=("varicose-veins",), broken_skin=(Region.HAND,)
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("--has", "anticoagulant"),
            "--has: unknown condition 'anticoagulant'; did you mean 'anticoagulants'?",
        ),
        (("--broken-skin", "hnd"), "--broken-skin: unknown region 'hnd'; did you mean 'hand'?"),
        (("--cancer-at", "lung"), "--cancer-at: unknown region 'lung'; choose from head,"),
        (("--pregnancy-weeks", "50"), "--pregnancy-weeks: must be from 0 to 45, got 50"),
        (("--age", "200"), "--age: must be from 0 to 130, got 200"),
    ],
)
def test_cli_profile_typos_are_usage_errors(cli: Cli, argv: tuple[str, ...], message: str) -> None:
    for command in (("check", "--points", "LI4"), ("compose", "low-back-pain", "--minutes", "5")):
        err = _one_line(*cli.run(*command, *argv, "--format", "json"))
        assert err.startswith(f"acupress: error: {message}"), err


# -- constraints ---------------------------------------------------------------------------


def test_the_known_tools_are_the_tools_techniques_need() -> None:
    assert set(KNOWN_TOOLS) == {c.tool for c in Contact if c.tool is not None}


def test_constraints_from_values_and_lists_are_the_constraints_from_enums() -> None:
    typed = Constraints(
        tools=("tennis-ball",), positions=(Position.LYING,), sides=Sides.LEFT, max_points=3
    )
    plain = Constraints(tools=["tennis-ball"], positions=["lying"], sides="left", max_points=3)
    assert plain == typed
    assert hash(plain) == hash(typed)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        (
            {"tools": ("tenis-ball",)},
            ValueError,
            "tools: unknown tool 'tenis-ball'; did you mean 'tennis-ball'? choose from tennis-ball",
        ),
        ({"tools": "tennis-ball"}, TypeError, "tools: expected a list or tuple of tools"),
        ({"tools": [None]}, TypeError, "tools: expected a tool (text), got None"),
        ({"positions": ["lyng"]}, ValueError, "positions: unknown position 'lyng'; did you mean"),
        ({"positions": "lying"}, TypeError, "positions: expected a list or tuple of positions"),
        ({"positions": []}, ValueError, "allow at least one position"),
        ({"sides": "lft"}, ValueError, "sides: unknown side 'lft'; did you mean 'left'?"),
        ({"sides": "center"}, ValueError, "sides must be both, left or right"),
        ({"partner": "yes"}, TypeError, "partner: expected True or False"),
        ({"max_points": 0}, ValueError, f"max_points: must be from 1 to {MAX_POINTS}, got 0"),
        ({"max_points": MAX_POINTS + 1}, ValueError, "max_points: must be from 1 to"),
        ({"max_points": 10**6}, ValueError, "max_points: must be from 1 to"),
        ({"max_points": True}, TypeError, "max_points: expected a whole number, got True"),
        ({"max_points": 3.0}, TypeError, "max_points: expected a whole number, got 3.0"),
    ],
)
def test_constraint_typos(fields: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        Constraints(**fields)
    assert str(caught.value).startswith(message), str(caught.value)


@given(st.text(max_size=12).filter(lambda t: t not in KNOWN_TOOLS))
def test_an_unknown_tool_is_never_accepted(tool: str) -> None:
    with pytest.raises(ValueError, match=r"^tools: unknown tool "):
        Constraints(tools=("tennis-ball", tool))


def test_cli_tool_typo_is_a_usage_error(cli: Cli) -> None:
    err = _one_line(*cli.run("compose", "low-back-pain", "--minutes", "5", "--tool", "tenis-ball"))
    assert err == (
        "acupress: error: --tool: unknown tool 'tenis-ball'; did you mean 'tennis-ball'? "
        "choose from tennis-ball\n"
    )


# -- bounds --------------------------------------------------------------------------------


@given(st.integers(1, MAX_STEP_SECONDS))
def test_a_step_of_up_to_ten_minutes_is_a_step(seconds: int) -> None:
    assert Step(point="LI4", seconds=seconds).seconds == seconds


@given(st.integers(max_value=0) | st.integers(min_value=MAX_STEP_SECONDS + 1))
def test_a_step_outside_the_bounds_is_refused(seconds: int) -> None:
    with pytest.raises(ValueError, match=r"^seconds: -?\d+ s is outside 1-600 s"):
        Step(point="LI4", seconds=seconds)
    with pytest.raises(ValueError, match=r"^seconds: "):
        attrs.evolve(Step(point="LI4"), seconds=seconds)


@pytest.mark.parametrize("seconds", [True, 30.0, "30"])
def test_step_seconds_must_be_whole_seconds(seconds: object) -> None:
    with pytest.raises(TypeError, match="seconds: expected a whole number of seconds"):
        Step(point="LI4", seconds=seconds)  # type: ignore[arg-type]


def test_a_technique_cannot_outlast_a_step() -> None:
    with pytest.raises(ValueError, match="press_seconds: 1000000000000 s is outside"):
        Technique(method=Method.PRESS_RELEASE, press_seconds=10**12, rest_seconds=5)
    with pytest.raises(
        ValueError, match="cycles: the technique itself takes 1495 s, more than the 600"
    ):
        Technique(method=Method.PRESS_RELEASE, press_seconds=10, rest_seconds=5, cycles=100)
    fits = Technique(method=Method.PRESS_RELEASE, press_seconds=10, rest_seconds=5, cycles=40)
    assert fits.natural_seconds == 595


def _routine_file(tmp_path: Path, step: str) -> Path:
    path = tmp_path / "long.toml"
    path.write_text(f'name = "Long"\n[[steps]]\npoint = "LI4"\n{step}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("step", "problem"),
    [
        ("seconds = 1000000000000", "$.steps[0].seconds: 1000000000000 s is outside 1-600 s"),
        ("seconds = 601", "$.steps[0].seconds: 601 s is outside 1-600 s"),
        (
            "seconds = 30\ntechnique = { method = 'press-release', press_seconds = 1000000000000,"
            " rest_seconds = 5 }",
            "$.steps[0].technique.press_seconds: 1000000000000 s is outside",
        ),
    ],
)
def test_a_routine_file_with_an_endless_hold_is_refused(
    tmp_path: Path, cli: Cli, step: str, problem: str
) -> None:
    path = _routine_file(tmp_path, step)
    with pytest.raises(DataError) as caught:
        acupress.load_routine(path, standard())
    (line,) = caught.value.problems
    assert line.startswith(f"{path}: {problem}"), line
    for command in ("check", "guide", "card"):
        err = _one_line(*cli.run(command, str(path)), status=1)
        assert err.startswith(f"acupress: error: {path}: {problem}"), err


def _pack_problems(tmp_path: Path, **overrides: Any) -> str:
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "pack.toml").write_text(to_toml(minimal_pack(id="long", **overrides)))
    with pytest.raises(PackError) as caught:
        acupress.Library.build([folder], discover=False, strict=True)
    return str(caught.value)


def test_a_pack_dosing_of_an_endless_hold_is_refused(tmp_path: Path) -> None:
    problems = _pack_problems(tmp_path, dosing=[ENDLESS_DOSING])
    assert "$.dosing[0]: max_seconds 1000000000000 is over the 600 s" in problems


def test_a_pack_template_with_an_endless_hold_is_refused(tmp_path: Path) -> None:
    problems = _pack_problems(tmp_path, routines=[ENDLESS_TEMPLATE])
    assert "$.routines[0].steps[0].seconds: 1000000000000 s is outside 1-600 s" in problems


def test_check_of_a_routine_with_an_unknown_point_raises() -> None:
    routine = Routine(name="r", steps=(Step(point="LI4"), Step(point="BL99")))
    with pytest.raises(UnknownPointError, match="BL99"):
        acupress.check(routine, library=standard())


@pytest.mark.parametrize("minutes", [1e12, 1e300, math.inf, -math.inf, math.nan, -1, 0, 120.5])
def test_compose_refuses_a_budget_out_of_bounds(minutes: float) -> None:
    with pytest.raises(ComposeError, match="the time budget must be"):
        acupress.compose("low-back-pain", minutes=minutes, library=packed())


def test_compose_takes_the_longest_budget() -> None:
    comp = acupress.compose("low-back-pain", minutes=MAX_MINUTES, library=packed())
    assert comp.budget_seconds == MAX_MINUTES * 60
    assert 0 < comp.total_seconds <= comp.budget_seconds


@pytest.mark.parametrize(
    "argv",
    [
        ("compose", "low-back-pain", "--minutes", "1e12"),
        ("compose", "low-back-pain", "--minutes", "1e300"),
        ("compose", "low-back-pain", "--minutes", "inf"),
        ("compose", "low-back-pain", "--minutes", "nan"),
        ("compose", "low-back-pain", "--minutes", "-1"),
        ("compose", "low-back-pain", "--minutes", "121"),
        ("compose", "low-back-pain", "--minutes", "5", "--max-points", "1000000"),
        ("compose", "low-back-pain", "--minutes", "5", "--max-points", "51"),
        ("compose", "low-back-pain", "--minutes", "5", "--max-points", "2.5"),
        ("guide", "--compose", "insomnia", "--minutes", "1e12"),
        ("guide", "--compose", "insomnia", "--minutes", "5", "--speed", "inf"),
        ("guide", "--compose", "insomnia", "--minutes", "5", "--speed", "1e308"),
        ("guide", "--compose", "insomnia", "--minutes", "5", "--speed", "1e-300"),
        ("guide", "--compose", "insomnia", "--minutes", "5", "--speed", "-inf"),
    ],
)
def test_cli_numbers_out_of_bounds_are_usage_errors(cli: Cli, argv: tuple[str, ...]) -> None:
    err = _one_line(*cli.run(*argv, "--format", "json"))
    option = next(a for a in reversed(argv) if a.startswith("--"))
    assert err.startswith(f"acupress: error: argument {option}: "), err


def test_cli_numbers_at_the_bounds_are_taken(cli: Cli) -> None:
    code, data, _ = cli.json(
        "compose", "low-back-pain", "--minutes", str(MAX_MINUTES), "--max-points", str(MAX_POINTS)
    )
    assert code == 0
    assert data["budget_seconds"] == MAX_MINUTES * 60
    code, cues, _ = cli.json("guide", "--compose", "insomnia", "--minutes", "2", "--speed", "100")
    assert code == 0
    assert cues[-1]["kind"] == "done"


# -- ambiguous names -----------------------------------------------------------------------


AMBIGUOUS = "'B47' could be BL47 or BL52: write the code you mean"


def test_an_ambiguous_name_gets_the_same_message_everywhere(tmp_path: Path, cli: Cli) -> None:
    with pytest.raises(DataError) as caught:
        acupress.check(["LI4", "B47"], library=standard())
    assert caught.value.problems == (f"$.points[1]: {AMBIGUOUS}",)
    path = tmp_path / "r.toml"
    path.write_text('name = "r"\n[[steps]]\npoint = "B47"\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        acupress.load_routine(path, standard())
    assert caught.value.problems == (f"{path}: $.steps[0].point: {AMBIGUOUS}",)
    from_points = _one_line(*cli.run("check", "--points", "B47"), status=1)
    from_file = _one_line(*cli.run("check", str(path)), status=1)
    tails = {re.sub(r"^.*\$\.[a-z]+\[0\](\.point)?: ", "", e) for e in (from_points, from_file)}
    assert tails == {AMBIGUOUS + "\n"}


def test_the_rule_set_itself_refuses_an_unknown_condition() -> None:
    library = packed()
    routine = acupress.build_routine("r", [("LI4", 30)], library=library)
    with pytest.raises(DataError, match=r"\$\.has\[0\]: unknown condition 'anticoagulant'") as info:
        library.safety.check(routine, Profile(has=("anticoagulant",)))
    assert str(info.value).endswith("did you mean 'anticoagulants'?")  # as check() says it
    report = library.safety.check(routine, Profile(has=("anticoagulants",)))
    assert report.verdict.value == "caution"


# -- a key given twice ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"pregnant": true, "age": 30, "pregnant": false}',
        '{"age": 30, "lymphoedema": ["left-arm"], "lymphoedema": []}',
        '{"age": 30, "conditions": {"a": 1, "a": 2}}',
    ],
)
def test_a_json_profile_giving_a_key_twice_is_refused(text: str, tmp_path: Path) -> None:
    """TOML refuses a key given twice; JSON would keep the last. A profile saying pregnant and
    then not pregnant is not a profile: refused, by text and by file, never read as the last."""
    with pytest.raises(acupress.DataError, match="given twice"):
        acupress.parse_profile(text)
    path = tmp_path / "profile.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(acupress.DataError, match="given twice"):
        acupress.load_profile(path)


def test_a_json_routine_giving_a_key_twice_is_refused(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "routine.json"
    path.write_text(
        '{"name": "Period pain", "conditions": ["period-pain"], "conditions": [],'
        ' "steps": [{"point": "LR3", "seconds": 60}]}',
        encoding="utf-8",
    )
    with pytest.raises(acupress.DataError, match="given twice"):
        acupress.load_routine(path, library=packed())
    code, _out, err = cli.run("check", str(path), "--pregnant")
    assert code == 1
    assert "given twice" in err
