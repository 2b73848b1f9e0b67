"""Structuring an enum by value finds the member a scan of the members finds, for any value."""

from __future__ import annotations

import enum

import pytest
from hypothesis import given, strategies as st

import acupress
from acupress._convert import _structure_enum

ENUMS = sorted(
    {
        value
        for name in acupress.__all__
        if isinstance(value := getattr(acupress, name), type) and issubclass(value, enum.Enum)
    },
    key=lambda e: e.__name__,
)


def _scan(value: object, type_: type[enum.Enum]) -> enum.Enum | None:
    for member in type_:
        if member.value == value:
            return member
    return None


def _outcome(value: object, type_: type[enum.Enum]) -> enum.Enum | str:
    try:
        return _structure_enum(value, type_)
    except ValueError as exc:
        return str(exc)


VALUES = st.one_of(
    st.text(max_size=12),
    st.integers(-3, 200),
    st.booleans(),
    st.floats(allow_nan=False),
    st.none(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def test_there_are_enums_to_test() -> None:
    assert len(ENUMS) >= 10


@pytest.mark.parametrize("type_", ENUMS, ids=lambda e: e.__name__)
@given(data=st.data())
def test_the_member_is_the_one_a_scan_finds(type_: type[enum.Enum], data: st.DataObject) -> None:
    own = [m.value for m in type_]
    value = data.draw(st.one_of(VALUES, st.sampled_from([*own, 0, 1, 2, 3, True])))
    found = _scan(value, type_)
    outcome = _outcome(value, type_)
    if found is None:
        assert isinstance(outcome, str)
        assert "expected one of" in outcome
    else:
        assert outcome is found


@pytest.mark.parametrize("type_", ENUMS, ids=lambda e: e.__name__)
def test_every_member_is_found_by_its_value(type_: type[enum.Enum]) -> None:
    for member in type_:
        assert _structure_enum(member.value, type_) is member
