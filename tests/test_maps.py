"""Body maps: coordinates for the packs' points, markers inside the figures, and safe SVG output."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, strategies as st

import acupress
from acupress import UnknownPointError
from acupress._catalog import standard_catalog
from acupress._data import read_data
from acupress.errors import DataError
from acupress.render import _svg as _maps

SVG = "{http://www.w3.org/2000/svg}"
VIEWS = (
    "front",
    "back",
    "side",
    "head",
    "hand-back",
    "hand-palm",
    "foot-top",
    "foot-sole",
    "foot-inner",
    "foot-outer",
)
# Every point the first-party packs use (their indications, dosing, routines and own points).
# fmt: off
PACK_POINTS = frozenset([
    "BL2", "BL23", "BL28", "BL39", "BL40", "BL52", "BL53", "CV12", "CV6", "EX-HN3", "EX-HN5",
    "GB20", "GB30", "GB5", "GV20", "HT7", "KI1", "KI6", "LI10", "LI4", "LR3", "PC6", "SP3",
    "SP6", "TE21", "TE3", "sleep:anmian",
])
# fmt: on

MAPPED = tuple(sorted({code for view in VIEWS for code in _maps.map_view(view).points}))


def inside(x: float, y: float, polygon: Sequence[tuple[float, float]]) -> bool:
    """Ray casting: True when (x, y) lies inside the polygon."""
    hit = False
    for (x1, y1), (x2, y2) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def markers(svg: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "marker"]


def figures(svg: str) -> list[str]:
    return [
        g.get("data-view", "")
        for g in ET.fromstring(svg).iter(f"{SVG}g")
        if g.get("class") == "figure"
    ]


def expected_markers(codes: Sequence[str], drawn: Sequence[str]) -> int:
    return sum(len(_maps.marker_positions(c, v)) for c in set(codes) for v in drawn)


# -- the data -------------------------------------------------------------------------------------


def test_views_in_order() -> None:
    assert _maps.views() == VIEWS


def test_pack_points_are_the_packs_points(packed_library: acupress.Library) -> None:
    used: set[str] = set()
    for pack in packed_library.packs:
        used |= {p.code for p in pack.points}
        used |= {i.point for i in pack.indications}
        used |= {d.point for d in pack.dosing}
        used |= {s.point for r in pack.routines for s in r.steps}
    assert used == PACK_POINTS


@pytest.mark.parametrize("code", sorted(PACK_POINTS))
def test_every_pack_point_has_a_place(code: str) -> None:
    assert _maps.views_for(code), f"{code} is on no map"


def test_many_points_are_mapped_and_all_exist(sleep_library: acupress.Library) -> None:
    assert len(MAPPED) >= 120
    unknown = [code for code in MAPPED if code not in sleep_library.points]
    assert not unknown


def test_midline_points_of_the_governor_and_conception_vessels() -> None:
    # GV1-GV27 and CV2-CV24 (GV28 is inside the mouth, CV1 on the perineum)
    for code in [f"GV{n}" for n in range(1, 28)] + [f"CV{n}" for n in range(2, 25)]:
        assert _maps.views_for(code), code


@pytest.mark.parametrize("view", VIEWS)
def test_coordinates_are_normalised(view: str) -> None:
    assert _maps.map_view(view).points
    for code, (x, y) in _maps.map_view(view).points.items():
        assert 0.0 <= x <= 1.0, code
        assert 0.0 <= y <= 1.0, code


@pytest.mark.parametrize("view", VIEWS)
def test_every_marker_lies_inside_the_outline(view: str) -> None:
    figure = _maps.map_view(view)
    assert figure.outlines
    assert figure.points
    outside = [
        (code, (round(x), round(y)))
        for code in figure.points
        for x, y in _maps.marker_positions(code, view)
        if not any(inside(x, y, outline) for outline in figure.outlines)
    ]
    assert not outside


@pytest.mark.parametrize("view", ["front", "back", "head"])
def test_bilateral_points_are_mirrored_on_views_of_both_sides(
    sleep_library: acupress.Library, view: str
) -> None:
    figure = _maps.map_view(view)
    assert figure.mirror
    assert figure.points
    for code in figure.points:
        positions = _maps.marker_positions(code, view)
        if sleep_library.get(code).bilateral:
            (rx, ry), (lx, ly) = positions
            assert ry == ly
            assert math.isclose(rx + lx, figure.width, abs_tol=1e-6), code
            # the first marker is the person's right: the viewer's left when they face us
            assert (rx < figure.width / 2) == (view != "back"), code
        else:
            assert positions == [(figure.width / 2, positions[0][1])], code


@pytest.mark.parametrize("view", [v for v in VIEWS if v not in ("front", "back", "head")])
def test_one_marker_on_views_of_one_side(view: str) -> None:
    assert not _maps.map_view(view).mirror
    assert _maps.map_view(view).points
    for code in _maps.map_view(view).points:
        assert len(_maps.marker_positions(code, view)) == 1


def test_queries() -> None:
    assert _maps.views_for("LI4") == ("back", "hand-back")
    assert _maps.views_for("KI1") == ("foot-sole",)
    assert _maps.views_for("nothing:here") == ()
    assert _maps.marker_positions("KI1", "front") == []
    ((x, y),) = _maps.marker_positions("KI1", "foot-sole")
    assert 0 < x < 400
    assert 0 < y < 400
    with pytest.raises(ValueError, match="no map view"):
        _maps.marker_positions("KI1", "elbow")


@pytest.fixture
def maps_data(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The parsed maps.toml, editable by the test; the caches are rebuilt after it."""
    source, raw = read_data(_maps.MAPS_FILE)
    data = {
        "views": {k: dict(v) for k, v in raw["views"].items()},
        "points": {k: dict(v) for k, v in raw["points"].items()},
    }
    monkeypatch.setattr(_maps, "read_data", lambda _name: (source, data))
    _maps._maps.cache_clear()
    _maps._views_by_code.cache_clear()
    yield data
    monkeypatch.undo()
    _maps._maps.cache_clear()
    _maps._views_by_code.cache_clear()


def test_bad_data_is_reported(maps_data: dict[str, Any]) -> None:
    maps_data["points"]["front"]["LI11"] = [1.5, 0.2]
    maps_data["points"]["back"]["LI11"] = [0.2, 0.2]  # the person's right is x > 0.5 on the back
    maps_data["points"]["elbow"] = {}
    maps_data["views"]["head"]["width"] = -1
    with pytest.raises(DataError) as info:
        _maps.views()
    problems = "\n".join(info.value.problems)
    assert "$.points.front.LI11: coordinates must lie in 0..1" in problems
    assert "$.points.back.LI11: a bilateral point is listed on the person's right" in problems
    assert "no view named elbow" in problems
    assert "$.views.head.width: expected a positive number" in problems


# -- drawing --------------------------------------------------------------------------------------


def test_render_map_draws_each_point_on_each_of_its_views(sleep_library: acupress.Library) -> None:
    codes = ["LI4", "PC6", "GV20", "sleep:anmian"]
    svg = _maps.render_map(codes, library=sleep_library, title="Sleep")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    drawn = figures(svg)
    assert drawn == [v for v in VIEWS if any(c in _maps.map_view(v).points for c in codes)]
    found = markers(svg)
    assert len(found) == expected_markers(codes, drawn)
    keys = [(g.get("data-point"), g.get("data-side"), g.get("data-view")) for g in found]
    assert len(set(keys)) == len(keys)
    assert ("GV20", "center", "head") in keys
    assert {("sleep:anmian", s, "back") for s in ("right", "left")} <= set(keys)
    for group in found:
        title = group.find(f"{SVG}title")
        assert title is not None
        assert title.text
        point = sleep_library.get(group.get("data-point", ""))
        assert point.code in title.text
        assert point.pinyin in title.text
    assert root.get("data-missing") == ""
    assert "<script" not in svg
    assert "href" not in svg


def test_markers_are_numbered_in_list_order_or_labelled_with_codes(
    standard_library: acupress.Library,
) -> None:
    svg = _maps.render_map(["PC6", "HT7", "PC6"], view="hand-palm", library=standard_library)
    labels = {g.get("data-point"): [t.text for t in g.iter(f"{SVG}text")] for g in markers(svg)}
    assert labels == {"PC6": ["1,3"], "HT7": ["2"]}
    svg = _maps.render_map(
        ["PC6", "HT7"], view="hand-palm", library=standard_library, numbered=False
    )
    texts = {g.get("data-point"): [t.text for t in g.iter(f"{SVG}text")] for g in markers(svg)}
    assert texts == {"PC6": ["PC6"], "HT7": ["HT7"]}


def test_one_view_only_and_missing_points(standard_library: acupress.Library) -> None:
    svg = _maps.render_map(["LI4", "KI1", "EX-UE9"], view="hand-back", library=standard_library)
    assert figures(svg) == ["hand-back"]
    assert [g.get("data-point") for g in markers(svg)] == ["LI4"]
    root = ET.fromstring(svg)
    assert root.get("data-missing") == "KI1 EX-UE9"
    assert "<!-- no map coordinates for: KI1, EX-UE9 -->" in svg
    with pytest.raises(ValueError, match="no map view"):
        _maps.render_map(["LI4"], view="elbow", library=standard_library)


def test_nothing_to_draw_still_makes_a_document(standard_library: acupress.Library) -> None:
    svg = _maps.render_map([], library=standard_library)
    assert figures(svg) == ["front"]
    assert markers(svg) == []
    svg = _maps.render_map(["EX-UE9"], library=standard_library)
    assert figures(svg) == ["front"]
    assert ET.fromstring(svg).get("data-missing") == "EX-UE9"


def test_text_is_escaped(standard_library: acupress.Library) -> None:
    title = "<script>alert('x')</script> & \"quotes\"\x00"
    svg = _maps.render_map(["GV20"], library=standard_library, title=title)
    assert "<script" not in svg
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}title")] + [t.text for t in root.iter(f"{SVG}text")]
    assert title.replace("\x00", "") in texts
    assert not [e for e in root.iter() if e.tag.endswith("script")]


def test_pack_strings_are_escaped(sleep_library: acupress.Library) -> None:
    sleep = sleep_library.pack("sleep")
    evil = attrs.evolve(
        sleep,
        points=tuple(
            attrs.evolve(p, pinyin="<script>alert(1)</script>") if p.code == "sleep:anmian" else p
            for p in sleep.points
        ),
    )
    library = acupress.Library(standard_catalog(), [evil])
    svg = _maps.render_map(["sleep:anmian"], library=library)
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    titles = [g.find(f"{SVG}title") for g in markers(svg)]
    assert titles
    assert all(t is not None and "<script>" in (t.text or "") for t in titles)


def test_unknown_codes_raise(standard_library: acupress.Library) -> None:
    with pytest.raises(UnknownPointError):
        _maps.render_map(["LI4", "LU12"], library=standard_library)
    with pytest.raises(UnknownPointError):
        _maps.render_map(["sleep:anmian"], library=standard_library)


def test_default_library() -> None:
    svg = _maps.render_map(["LI4"])
    assert {g.get("data-view") for g in markers(svg)} == set(_maps.views_for("LI4"))


@given(
    codes=st.lists(st.sampled_from(MAPPED), max_size=12),
    view=st.none() | st.sampled_from(VIEWS),
    numbered=st.booleans(),
)
def test_render_map_never_fails_and_counts_markers(
    sleep_library: acupress.Library, codes: list[str], view: str | None, numbered: bool
) -> None:
    svg = _maps.render_map(codes, view=view, library=sleep_library, numbered=numbered)
    drawn = figures(svg)
    if view is not None:
        assert drawn == [view]
    elif codes:
        assert drawn == [v for v in VIEWS if set(codes) & set(_maps.map_view(v).points)]
    assert len(markers(svg)) == expected_markers(codes, drawn)
    missing = ET.fromstring(svg).get("data-missing", "").split()
    assert missing == [c for c in dict.fromkeys(codes) if not set(drawn) & set(_maps.views_for(c))]


def test_the_card_shows_only_a_routine_checked_for_the_person(
    standard_library: acupress.Library, cli: Any, tmp_path: Any
) -> None:
    from acupress.render import render_card

    routine = acupress.build_routine("Mine", [("LI4", 30), ("GV20", 30)], library=standard_library)
    with pytest.raises(TypeError, match="only a checked result"):
        render_card(routine, library=standard_library)  # type: ignore[arg-type]
    pregnant = acupress.check(routine, acupress.Profile(pregnant=True), library=standard_library)
    card = render_card(pregnant, library=standard_library)
    assert 'data-point="GV20"' in card
    assert 'data-point="LI4"' not in card
    assert "avoid" in card
    anyone = render_card(
        acupress.check(routine, library=standard_library), library=standard_library
    )
    assert 'data-point="LI4"' in anyone
    path = tmp_path / "mine.toml"
    path.write_text(acupress.dump_routine(routine), encoding="utf-8")
    code, out, _err = cli.run("card", str(path), "--pregnant")
    assert code == 0
    assert 'data-point="GV20"' in out
    assert 'data-point="LI4"' not in out
