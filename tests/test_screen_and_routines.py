"""Routines in code and in files (screening is in test_screening.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

import acupress
from acupress import DataError, Routine, Sides
from acupress._routines import build_routine, dump_routine, load_routine, parse_routine
from acupress.testing import routines


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
