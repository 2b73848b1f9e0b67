"""The model validates itself, and round-trips through the strict converter."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

from acupress import (
    DataError,
    Direction,
    Method,
    Pressure,
    Reference,
    ReferenceKind,
    Routine,
    Sides,
    Step,
    Technique,
    get_converter,
)
from acupress._convert import structure, unstructure
from acupress.testing import references, routines, steps, techniques


@given(routines())
def test_routine_round_trip(routine: Routine) -> None:
    assert structure(unstructure(routine), Routine) == routine


@given(references())
def test_reference_round_trip(reference: Reference) -> None:
    assert structure(unstructure(reference), Reference) == reference


@given(techniques())
def test_technique_round_trip_and_cap(technique: Technique) -> None:
    assert structure(unstructure(technique), Technique) == technique
    for cap in Pressure:
        capped = technique.with_pressure_cap(cap)
        assert capped.pressure.rank <= cap.rank
        assert capped.pressure.rank <= technique.pressure.rank
        assert attrs.evolve(capped, pressure=technique.pressure) == technique


@given(steps())
def test_step_time_counts_sides(step: Step) -> None:
    assert step.total_seconds == step.seconds * (2 if step.sides is Sides.BOTH else 1)


def test_press_release_natural_seconds() -> None:
    t = Technique(method=Method.PRESS_RELEASE, press_seconds=10, rest_seconds=5, cycles=3)
    assert t.natural_seconds == 40  # press 10, rest 5, press 10, rest 5, press 10
    c = Technique(method=Method.CIRCLES, direction=Direction.BOTH, cycles=6)
    assert c.natural_seconds == 24
    assert Technique().natural_seconds is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": Method.PRESS_RELEASE}, "press_seconds and rest_seconds"),
        ({"method": Method.CIRCLES}, "need a direction"),
        ({"method": Method.HOLD, "direction": Direction.BOTH}, "belongs to circles"),
        ({"method": Method.HOLD, "cycles": 3}, "cycles belong"),
        ({"method": Method.HOLD, "press_seconds": 3}, "belong to press-release"),
        ({"method": Method.HOLD, "breathing": "  "}, "breathing"),
    ],
)
def test_technique_rejects_mixed_parameters(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Technique(**kwargs)  # type: ignore[arg-type]


def test_codes_are_validated() -> None:
    Step(point="sleep:anmian")
    Step(point="EX-HN3")
    for bad in ("BL", "bl23", "XX1", "EX-ZZ1", "BL0", "Sleep:Anmian"):
        with pytest.raises(ValueError, match="not a point code"):
            Step(point=bad)


def test_reference_needs_a_locator() -> None:
    with pytest.raises(ValueError, match="doi, pmid or url"):
        Reference(id="x", kind=ReferenceKind.TRIAL, title="A trial")
    Reference(id="x", kind=ReferenceKind.TRADITION, title="Traditional use")
    with pytest.raises(ValueError, match=r"should start with '10\.'"):
        Reference(id="x", kind=ReferenceKind.TRIAL, title="T", doi="doi:10.1/x")


@pytest.mark.parametrize(
    ("document", "line"),
    [
        (
            {"name": "r", "steps": [{"point": "LI4", "seconds": "90s"}]},
            'r.toml: $.steps[0].seconds: expected an integer, got "90s"',
        ),
        (
            {"name": "r", "steps": [{"point": "LI4", "seconds": 5.9}]},
            "r.toml: $.steps[0].seconds: expected an integer, got 5.9",
        ),
        (
            {"name": "r", "steps": [{"point": "LI4", "seconds": True}]},
            "r.toml: $.steps[0].seconds: expected an integer, got true",
        ),
        ({"name": "r", "conditions": "abc"}, 'r.toml: $.conditions: expected a list, got "abc"'),
        (
            {"name": "r", "steps": [{"point": "LI4", "sides": "tres"}]},
            'r.toml: $.steps[0].sides: expected one of both, left, right, center; got "tres"',
        ),
        ({"name": "r", "colour": "red"}, "r.toml: $: unknown key colour"),
        ({"name": 5}, "r.toml: $.name: expected text, got 5"),
        ({"steps": []}, "r.toml: $.name: required key is missing"),
        (
            {"name": "r", "steps": [{"point": "LI4", "technique": {"method": "circles"}}]},
            "r.toml: $.steps[0].technique: circles need a direction",
        ),
    ],
)
def test_strict_errors_name_file_path_and_problem(document: object, line: str) -> None:
    with pytest.raises(DataError) as info:
        structure(document, Routine, source="r.toml")
    assert any(problem.startswith(line) for problem in info.value.problems), info.value.problems


def test_get_converter_configures_a_callers_converter() -> None:
    import cattrs

    mine = cattrs.Converter(forbid_extra_keys=True)
    assert get_converter(mine) is mine
    with pytest.raises(cattrs.BaseValidationError):
        mine.structure({"name": "r", "steps": [{"point": "LI4", "seconds": "9"}]}, Routine)
    assert mine.structure({"name": "r"}, Routine) == Routine(name="r")
