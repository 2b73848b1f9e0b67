"""Version ranges, read by packaging: PEP 440 as written, and one clear error for the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress._versions import matches, parse_range, parse_version
from acupress.errors import AcupressError, InvalidVersionRange
from acupress.testing import minimal_pack, to_toml


@pytest.mark.parametrize(
    ("version", "spec", "expected"),
    [
        ("0.1.0", "~=0.1a1", True),  # a pre-release lower bound
        ("0.1a1", "~=0.1a1", True),
        ("0.0.9", "~=0.1a1", False),
        ("1.0", "~=0.1a1", False),
        ("1.0", ">=1,<2", True),
        ("1.9.9", ">=1,<2", True),
        ("2.0", ">=1,<2", False),
        ("0.9", ">=1,<2", False),
        ("1.0", " >= 1 , < 2 ", True),
        ("1.4.2", "==1.4.*", True),
        ("1.5", "==1.4.*", False),
        ("1.3", "!=1.3", False),
        ("1.0", "==1", True),  # 1 == 1.0 in PEP 440
        ("0.2rc1", ">=0.1,<1", True),  # pre-releases are never left out of a range
        ("1.0.dev1", ">=1.0", False),  # ... but are ordered before their release
        ("1.2.3", "~=1.2", True),
        ("2.0", "~=1.2", False),
    ],
)
def test_ranges(version: str, spec: str, expected: bool) -> None:
    assert matches(version, spec) is expected


@pytest.mark.parametrize(
    "spec", ["~=1", ">=", "1.0", "=>1", "garbage", "", "  ", ">=1.*", "~=1.*", "~=x0.1", ">=1;<2"]
)
def test_a_bad_range_is_one_clear_error(spec: str) -> None:
    with pytest.raises(InvalidVersionRange, match="not a version range: ") as info:
        matches("1.0", spec)
    assert repr(spec) in str(info.value)
    assert isinstance(info.value, AcupressError)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("version", ["0.1", "0.1.5", "0.9", "1.0", "0.0.1"])
def test_a_leading_v_is_pep_440_normalisation(version: str) -> None:
    # packaging reads "v0.1" as 0.1 (PEP 440 allows the prefix), in versions and ranges alike.
    assert matches(version, "~=v0.1") is matches(version, "~=0.1")
    assert matches(f"v{version}", ">=0.1") is matches(version, ">=0.1")


@pytest.mark.parametrize("version", ["one", "1..2", "", "v"])
def test_a_bad_version_is_one_clear_error(version: str) -> None:
    with pytest.raises(InvalidVersionRange, match="not a version number: "):
        matches(version, ">=1")
    with pytest.raises(InvalidVersionRange):
        parse_version(version)


@settings(deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_anything_is_an_answer_or_the_error(version: str, spec: str) -> None:
    try:
        result = matches(version, spec)
    except InvalidVersionRange:
        return
    assert result is parse_range(spec).contains(parse_version(version), prereleases=True)


@settings(deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_the_bounds_are_pep_440_order(major: int, minor: int, patch: int) -> None:
    version = f"{major}.{minor}.{patch}"
    assert matches(version, f">={major}.{minor}") is True
    assert matches(version, f"<{major}.{minor}") is False
    assert matches(version, f"~={major}.{minor}") is True
    assert matches(version, f"~={major}.{minor}.{patch}") is True
    assert matches(version, f"~={major}.{minor + 1}") is False


def test_a_pack_with_a_bad_range_is_refused_with_its_path(tmp_path: Path) -> None:
    pack = tmp_path / "pack.toml"
    pack.write_text(to_toml(minimal_pack(acupress="~=1")), encoding="utf-8")
    library = acupress.Library.build([pack], discover=False)
    (status,) = library.statuses
    assert status.status == "error"
    assert "$.acupress: not a version range: '~=1'" in (status.error or "")


def test_required_pack_with_a_bad_range(fake_pack: object) -> None:
    with pytest.raises(acupress.errors.PackError, match="not a version range"):
        acupress.Library.build(require={"sleep": "=>1"})
