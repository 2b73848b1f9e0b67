"""``parse_profile``: a profile from request data or TOML/JSON text, with ``$.path`` errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

import acupress
from acupress._convert import unstructure

from .conftest import packed

REGIONS = [r.value for r in acupress.Region]


@st.composite
def profiles(draw: st.DrawFn) -> acupress.Profile:
    pregnant = draw(st.booleans())
    return acupress.Profile(
        pregnant=pregnant,
        pregnancy_weeks=draw(st.none() | st.integers(0, 45)) if pregnant else None,
        postpartum=draw(st.booleans()),
        age=draw(st.none() | st.integers(0, 130)),
        has=tuple(
            draw(st.lists(st.sampled_from(sorted(packed().profile_conditions)), unique=True))
        ),
        broken_skin=tuple(draw(st.lists(st.sampled_from(REGIONS), max_size=3, unique=True))),
        recent_surgery=tuple(draw(st.lists(st.sampled_from(REGIONS), max_size=2, unique=True))),
        cancer_sites=tuple(draw(st.lists(st.sampled_from(REGIONS), max_size=2, unique=True))),
        ate_recently=draw(st.booleans()),
        lymphoedema=tuple(draw(st.lists(st.sampled_from(list(acupress.Limb)), unique=True))),
        possibly_pregnant=draw(st.booleans()),
    )


def _plain(profile: acupress.Profile) -> dict[str, Any]:
    return {k: v for k, v in unstructure(profile).items() if v is not None}


@given(profile=profiles())
def test_a_profile_reads_back_from_data_json_and_toml(profile: acupress.Profile) -> None:
    from acupress._toml import to_toml

    library = packed()
    data = _plain(profile)
    assert acupress.parse_profile(data, library=library) == profile
    assert acupress.parse_profile(json.dumps(data), library=library) == profile
    assert acupress.parse_profile(json.dumps(data, indent=2), library=library) == profile
    assert acupress.parse_profile(to_toml(data), library=library) == profile


def test_an_empty_profile_is_the_default(packed_library: acupress.Library) -> None:
    assert acupress.parse_profile({}, library=packed_library) == acupress.Profile()
    assert acupress.parse_profile("", library=packed_library) == acupress.Profile()
    assert acupress.parse_profile("{}", library=packed_library) == acupress.Profile()


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ({"pregnant": "false"}, '<profile>: $.pregnant: expected true or false, got "false"'),
        ({"age": 30.0}, "<profile>: $.age: expected an integer, got 30.0"),
        ({"has": "dvt"}, '<profile>: $.has: expected a list, got "dvt"'),
        (
            {"has": ["dvt", "anticoagulant"]},
            "<profile>: $.has[1]: unknown condition 'anticoagulant'; "
            "did you mean 'anticoagulants'?",
        ),
        ({"broken_skin": ["hnad"]}, "<profile>: $.broken_skin[0]: "),
        (
            {"pregnant": False, "pregnancy_weeks": 12},
            "<profile>: $.pregnancy_weeks: given, but pregnant is false",
        ),
        ({"pregnancy": True}, "<profile>: $: unknown key pregnancy"),
        ('{"age": "x"}', '<profile>: $.age: expected an integer, got "x"'),
        ("age = 'x'", '<profile>: $.age: expected an integer, got "x"'),
        ("{not json", "<profile>: invalid JSON: "),
        ("age = ", "<profile>: invalid TOML: "),
        ("[1, 2]", "<profile>: invalid TOML: "),  # JSON only when it starts with {
        ("[table]", "<profile>: $: unknown key table"),
        ([1, 2], "<profile>: $: expected a table of profile fields, got a list"),
        (7, "<profile>: $: expected a table of profile fields, got int"),
        (None, "<profile>: $: expected a table of profile fields, got NoneType"),
    ],
)
def test_a_bad_profile_says_what_and_where(
    packed_library: acupress.Library, data: Any, line: str
) -> None:
    with pytest.raises(acupress.DataError) as info:
        acupress.parse_profile(data, library=packed_library)
    assert any(problem.startswith(line) for problem in str(info.value).splitlines()), str(
        info.value
    )


def test_every_problem_is_listed(packed_library: acupress.Library) -> None:
    with pytest.raises(acupress.DataError) as info:
        acupress.parse_profile({"pregnant": "yes", "age": "old"}, library=packed_library)
    lines = str(info.value).splitlines()
    assert any("$.pregnant" in line for line in lines)
    assert any("$.age" in line for line in lines)


def test_the_source_names_where_it_came_from(packed_library: acupress.Library) -> None:
    with pytest.raises(acupress.DataError, match=r"^request body: \$\.age: "):
        acupress.parse_profile({"age": -1}, "request body", packed_library)


def test_a_pack_condition_is_known_only_to_its_library(
    tmp_path: Path, standard_library: acupress.Library
) -> None:
    from acupress.testing import minimal_pack, to_toml

    rule = {
        "id": "extra",
        "applies": {"points": ["LI4"]},
        "when": {"has": ["knee-brace"]},
        "severity": "avoid",
        "message": "Leave LI4 out with a knee brace.",
        "basis": "tradition",
        "sources": [],
    }
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "pack.toml").write_text(to_toml(minimal_pack(id="extra", rules=[rule])))
    library = acupress.Library.build([folder], discover=False, strict=True)
    data = {"has": ["knee-brace"]}
    assert acupress.parse_profile(data, library=library).has == ("knee-brace",)
    with pytest.raises(acupress.DataError, match=r"\$\.has\[0\]: unknown condition 'knee-brace'"):
        acupress.parse_profile(data, library=standard_library)


def test_nesting_and_size_are_bounded(packed_library: acupress.Library) -> None:
    from acupress._routines import MAX_FILE_BYTES

    deep: Any = 1
    for _ in range(30):
        deep = [deep]
    with pytest.raises(acupress.DataError, match="nested too deeply"):
        acupress.parse_profile({"has": deep}, library=packed_library)
    with pytest.raises(acupress.DataError, match="nested too deeply"):
        acupress.parse_profile('{"has": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(acupress.DataError, match="too large"):
        acupress.parse_profile("#" * (MAX_FILE_BYTES + 1), library=packed_library)


def test_load_profile_reads_files_through_it(
    tmp_path: Path, packed_library: acupress.Library
) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"pregnant": true, "has": ["dvt"]}', encoding="utf-8")
    assert acupress.load_profile(path, packed_library) == acupress.Profile(
        pregnant=True, has=("dvt",)
    )
    path.write_text('{"pregnant": "true"}', encoding="utf-8")
    with pytest.raises(acupress.DataError, match=rf"^{path}: \$\.pregnant: expected true"):
        acupress.load_profile(path, packed_library)
