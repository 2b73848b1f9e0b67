"""Body maps: coordinates for the packs' points, markers inside the figures, and safe SVG output."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import attrs
import pytest
from hypothesis import given, strategies as st

import acupress
from acupress import UnknownPointError
from acupress._catalog import standard_catalog
from acupress._data import read_data
from acupress.errors import DataError
from acupress.render import _svg as _maps
from acupress.render._closeup import close_up_view, measure
from acupress.render._labels import ASCENT, DESCENT, text_width
from acupress.testing import minimal_pack, to_toml

from .conftest import packed

SVG = "{http://www.w3.org/2000/svg}"
VIEWS = (
    "front",
    "back",
    "side",
    "trunk-side",
    "head",
    "head-side",
    "head-top",
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
    "GB20", "GB30", "GB5", "GV20", "HT7", "KI1", "KI3", "KI6", "LI10", "LI4", "LR3", "PC6",
    "SP3", "SP6", "ST36", "TE21", "TE3", "sleep:anmian",
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


def test_every_standard_point_has_a_place(standard_library: acupress.Library) -> None:
    catalog = standard_catalog().points
    assert len(catalog) == 409
    assert [p.code for p in catalog if not _maps.views_for(p.code)] == []


def test_every_mapped_point_exists(sleep_library: acupress.Library) -> None:
    assert [code for code in MAPPED if code not in sleep_library.points] == []


MIRRORS = [v for v in VIEWS if _maps.map_view(v).mirror]


@pytest.mark.parametrize("view", MIRRORS)
def test_governor_and_conception_points_lie_on_the_midline(view: str) -> None:
    figure = _maps.map_view(view)
    vessel = [c for c in figure.places if re.fullmatch(r"(GV|CV)\d+", c)]
    assert vessel
    off = [(c, x) for c in vessel for x, _y in figure.places[c] if x != 0.5]
    assert off == []


@pytest.mark.parametrize("view", MIRRORS)
def test_midline_points_have_a_place_on_the_midline_and_bilateral_ones_none(
    sleep_library: acupress.Library, view: str
) -> None:
    figure = _maps.map_view(view)
    for code, places in figure.places.items():
        on_line = [x == 0.5 for x, _y in places]
        laterality = sleep_library.get(code).location.laterality
        if laterality is acupress.Laterality.MIDLINE:
            assert any(on_line), code
        else:  # on both sides, or on one side only (EX-HN12, EX-HN13): off the midline
            assert not any(on_line), code


def _vertebra(text: str) -> str | None:
    """The vertebra a location text measures from, as C7, T1..T12, L1..L5 (None if none)."""
    words = {"first": "1", "second": "2", "seventh": "7"}
    found = re.search(
        r"(\d+|first|second|seventh)(?:st|nd|rd|th)? (?:\(last\) )?"
        r"(chest|thoracic|lumbar|cervical|neck) vertebra",
        text,
    )
    if found is None:
        return None
    number, kind = found.groups()
    prefix = {"chest": "T", "thoracic": "T", "lumbar": "L", "cervical": "C", "neck": "C"}[kind]
    return prefix + words.get(number, number)


SPINE = ["C7", *(f"T{n}" for n in range(1, 13)), *(f"L{n}" for n in range(1, 6))]


def test_back_points_sit_at_the_vertebra_their_text_names(
    sleep_library: acupress.Library,
) -> None:
    back = _maps.map_view("back")
    by_level: dict[str, set[float]] = {}
    for code, places in back.places.items():
        vertebra = _vertebra(sleep_library.get(code).location.text)
        if vertebra in SPINE and code != "EX-B2":
            by_level.setdefault(vertebra, set()).update(y for _x, y in places)
    assert len(by_level) >= 16
    # every point measured from one vertebra is drawn at one height ...
    assert {v: ys for v, ys in by_level.items() if len(ys) != 1} == {}
    # ... and the heights go down the spine in order
    heights = [by_level[v].pop() for v in SPINE if v in by_level]
    assert heights == sorted(heights)
    assert len(set(heights)) == len(heights)
    # the set of points beside every vertebra from T1 to L5 follows the same levels
    levels = dict(zip([v for v in SPINE if v in by_level], heights, strict=True))
    jiaji = [y for _x, y in back.places["EX-B2"]]
    assert len(jiaji) == 17
    assert jiaji == sorted(jiaji)
    assert [levels[v] for v in SPINE[1:] if v in levels] == [
        y for v, y in zip(SPINE[1:], jiaji, strict=True) if v in levels
    ]


def _cun_out(text: str) -> float | None:
    """How far from the midline a location text puts a point, in cun (None if it does not say)."""
    found = re.search(
        r"(\d+(?:\.\d+)?) cun\)?(?: \([^)]*\))? (?:out )?(?:from|to the side of) the "
        r"(?:midline|spine)",
        text,
    )
    return float(found.group(1)) if found else None


def test_back_points_sit_as_far_from_the_spine_as_their_text_says(
    sleep_library: acupress.Library,
) -> None:
    back = _maps.map_view("back")
    cun = (back.points["BL23"][0] - 0.5) / 1.5  # BL23: 1.5 cun out
    checked = []
    for code, places in back.places.items():
        point = sleep_library.get(code)
        out = _cun_out(point.location.text)
        if out is None or point.region.value not in ("upper-back", "lower-back", "sacrum"):
            continue
        checked.append(code)
        for x, _y in places:
            assert math.isclose(x - 0.5, out * cun, abs_tol=0.004), (code, x, out)
    assert len(checked) >= 30


def _navel_offset(text: str) -> float | None:
    """Cun above (+) or below (-) the navel a location text gives (None if it does not say)."""
    if re.search(r"level with (?:the centre of )?the navel|level with the navel", text):
        return 0.0
    found = re.search(
        r"(\d+(?:\.\d+)?) cun\)?(?: \([^)]*\))? (above|below) (?:the )?"
        r"(?:centre of the |level of the )?navel",
        text,
    )
    if found is None:
        return None
    return float(found.group(1)) * (1 if found.group(2) == "above" else -1)


def test_belly_points_sit_as_far_from_the_navel_as_their_text_says(
    standard_library: acupress.Library,
) -> None:
    front = _maps.map_view("front")
    navel = front.points["CV8"][1]
    cun = (front.points["CV2"][1] - navel) / 5  # the top of the pubic bone is 5 cun below
    checked = []
    for code, places in front.places.items():
        offset = _navel_offset(standard_library.get(code).location.text)
        if offset is None:
            continue
        checked.append(code)
        for _x, y in places:
            assert math.isclose(navel - y, offset * cun, abs_tol=0.003), (code, y, offset)
    assert len(checked) >= 35


def test_one_sided_points_are_drawn_once_on_their_side(
    standard_library: acupress.Library,
) -> None:
    seen = []
    for view in MIRRORS:
        figure = _maps.map_view(view)
        for code in figure.once:
            said = re.search(
                r"on the (left|right) side only", standard_library.get(code).location.text
            )
            assert said, code
            ((x, _y),) = figure.positions(code)
            assert figure.side(x, bilateral=True) == said.group(1), code
            seen.append(code)
    assert sorted(seen) == ["EX-HN12", "EX-HN13"]


def test_sets_of_points_are_drawn_at_every_place() -> None:
    palm = _maps.map_view("hand-palm")
    assert len(palm.positions("EX-UE11")) == 5  # every fingertip
    assert len(_maps.map_view("back").positions("EX-B2")) == 34  # 17 on each side
    assert len(_maps.map_view("head-top").positions("EX-HN1")) == 4  # around the crown


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


@pytest.mark.parametrize("view", MIRRORS)
def test_bilateral_points_are_mirrored_on_views_of_both_sides(
    sleep_library: acupress.Library, view: str
) -> None:
    figure = _maps.map_view(view)
    assert figure.points
    for code, places in figure.places.items():
        positions = _maps.marker_positions(code, view)
        expected = [(x * figure.width, y * figure.height) for x, y in places]
        if code in figure.once:
            assert positions == expected
            continue
        mirrored = [p for p in positions if p not in expected]
        assert len(positions) == len(expected) + len(mirrored)
        for (x, y), (mx, my) in zip(
            [p for p in expected if p[0] != figure.width / 2], mirrored, strict=True
        ):
            assert my == y
            assert math.isclose(x + mx, figure.width, abs_tol=1e-6), code
            # the first marker is the person's right: the viewer's left when they face us
            assert (x < figure.width / 2) == (figure.person_right == "left"), code
            assert figure.side(x, bilateral=True) == "right"
            assert figure.side(mx, bilateral=True) == "left"


@pytest.mark.parametrize("view", [v for v in VIEWS if v not in MIRRORS])
def test_one_marker_a_place_on_views_of_one_side(view: str) -> None:
    figure = _maps.map_view(view)
    assert figure.points
    for code, places in figure.places.items():
        assert len(_maps.marker_positions(code, view)) == len(places)


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
    maps_data["points"]["hand-back"]["LI4"] = {"once": [0.4, 0.6]}  # a one-side view
    maps_data["points"]["front"]["LU1"] = {"at": [0.3, 0.2]}
    maps_data["points"]["hand-palm"]["EX-UE11"] = [[0.6, 0.1], [0.5, 1.2]]
    maps_data["points"]["back"]["BL23"] = [[0.545, 0.4233], [0.4, 0.42]]
    with pytest.raises(DataError) as info:
        _maps.views()
    problems = "\n".join(info.value.problems)
    assert "$.points.hand-back.LI4: 'once' is for views showing both sides" in problems
    assert "$.points.front.LU1: expected { once = [x, y] }" in problems
    assert "$.points.hand-palm.EX-UE11: coordinates must lie in 0..1, got [0.5, 1.2]" in problems
    assert "$.points.back.BL23: a bilateral point is listed on the person's right" in problems
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
        # a pack's own point by its name: its code is an id
        assert (point.code in title.text) == (":" not in point.code)
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


SPOT = "mine:spot"


@pytest.fixture(scope="module")
def unmapped_library(tmp_path_factory: pytest.TempPathFactory) -> acupress.Library:
    """The catalog and a pack with a point of its own that no map shows."""
    doc = minimal_pack(id="mine")
    doc["points"] = [
        {
            "code": SPOT,
            "pinyin": "Spot",
            "gloss": "A spot",
            "location": "On the back of the hand, in the middle.",
            "region": "hand",
            "laterality": "bilateral",
            "reach": "alone",
            "references": ["tradition"],
        }
    ]
    path = tmp_path_factory.mktemp("unmapped") / "pack.toml"
    path.write_text(to_toml(doc), encoding="utf-8")
    return acupress.Library.build([path], discover=False, strict=True)


def test_one_view_only_and_missing_points(unmapped_library: acupress.Library) -> None:
    svg = _maps.render_map(["LI4", "KI1", SPOT], view="hand-back", library=unmapped_library)
    assert figures(svg) == ["hand-back"]
    assert [g.get("data-point") for g in markers(svg)] == ["LI4"]
    root = ET.fromstring(svg)
    assert root.get("data-missing") == f"KI1 {SPOT}"
    assert f"<!-- no map coordinates for: KI1, {SPOT} -->" in svg
    with pytest.raises(ValueError, match="no map view"):
        _maps.render_map(["LI4"], view="elbow", library=unmapped_library)


def test_nothing_to_draw_still_makes_a_document(unmapped_library: acupress.Library) -> None:
    svg = _maps.render_map([], library=unmapped_library)
    assert figures(svg) == ["front"]
    assert markers(svg) == []
    svg = _maps.render_map([SPOT], library=unmapped_library)
    assert figures(svg) == ["front"]
    assert ET.fromstring(svg).get("data-missing") == SPOT


def test_the_map_command_draws_any_standard_point(cli: Any) -> None:
    code, out, err = cli.run("map", "LU3")
    assert code == 0, err
    assert {g.get("data-point") for g in markers(out)} == {"LU3"}
    assert ET.fromstring(out).get("data-missing") == ""


def test_the_map_command_refuses_a_point_the_view_does_not_show(cli: Any) -> None:
    code, out, err = cli.run("map", "LU3", "LI4", "--view", "back")
    assert code != 0
    assert out == ""
    assert err.splitlines() == ["acupress: error: not on the back view: LU3 is on front"]


def test_the_map_command_refuses_a_point_no_map_shows(cli: Any, fake_pack: Any) -> None:
    doc = minimal_pack(id="mine")
    doc["points"] = [
        {
            "code": SPOT,
            "pinyin": "Spot",
            "gloss": "A spot",
            "location": "On the back of the hand, in the middle.",
            "region": "hand",
            "laterality": "bilateral",
            "reach": "alone",
            "references": ["tradition"],
        }
    ]
    fake_pack(to_toml(doc), name="mine")
    code, out, err = cli.run("map", SPOT)
    assert code != 0
    assert out == ""
    assert err.splitlines() == [f"acupress: error: no map shows {SPOT}"]


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


# -- labels ---------------------------------------------------------------------------------------

_TRANSLATE = re.compile(r"translate\(([-\d.]+)[ ,]+([-\d.]+)\)")


class Drawn(NamedTuple):
    """What a geometric check needs of one figure: marker discs and text boxes, page units."""

    view: str
    discs: list[tuple[str, float, float, float]]  # point, x, y, radius (outline included)
    boxes: list[tuple[str, bool, tuple[float, float, float, float]]]  # point, inside, box
    others: list[tuple[float, float, float, float]]  # side words


def drawn_figures(svg: str) -> list[Drawn]:
    """Every figure's marker discs and label boxes, measured from the SVG text itself."""
    out: list[Drawn] = []

    def walk(node: ET.Element, ox: float, oy: float, figure: Drawn | None) -> None:
        found = _TRANSLATE.search(node.get("transform", ""))
        if found:
            ox, oy = ox + float(found.group(1)), oy + float(found.group(2))
        if node.tag == f"{SVG}g" and node.get("class") == "figure":
            figure = Drawn(node.get("data-view", ""), [], [], [])
            out.append(figure)
        if node.tag == f"{SVG}g" and node.get("class") == "marker" and figure is not None:
            code = node.get("data-point", "")
            circle = node.find(f"{SVG}circle")
            assert circle is not None
            r = float(circle.get("r", "0")) + float(circle.get("stroke-width", "0")) / 2
            figure.discs.append((code, ox, oy, r))
            for text in node.iter(f"{SVG}text"):
                figure.boxes.append((code, "inside" in text.get("class", ""), _box(text, ox, oy)))
            return
        if node.tag == f"{SVG}text" and node.get("class") == "side" and figure is not None:
            figure.others.append(_box(node, ox, oy))
        for child in node:
            walk(child, ox, oy, figure)

    walk(ET.fromstring(svg), 0.0, 0.0, None)
    return out


def _box(text: ET.Element, ox: float, oy: float) -> tuple[float, float, float, float]:
    size = float(text.get("font-size", "0"))
    halo = float(text.get("stroke-width", "0")) / 2
    wide = text_width(text.text or "", size) + 2 * halo
    x, y = ox + float(text.get("x", "0")), oy + float(text.get("y", "0"))
    left = {"middle": x - wide / 2, "end": x - wide}.get(text.get("text-anchor", "start"), x)
    return (left, y - ASCENT * size - halo, left + wide, y + DESCENT * size + halo)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01


def _covers(box: tuple[float, float, float, float], x: float, y: float, r: float) -> bool:
    nx, ny = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    return (nx - x) ** 2 + (ny - y) ** 2 < (r - 0.01) ** 2


def covered(svg: str) -> list[str]:
    """Every label that covers a marker (other than its own, when it sits inside it) or another
    label, in words; empty when none does."""
    problems = []
    for fig in drawn_figures(svg):
        for code, inside, box in fig.boxes:
            for i, (other, x, y, r) in enumerate(fig.discs):
                own = other == code and _covers(box, x, y, r) and inside
                if _covers(box, x, y, r) and not own:
                    problems.append(f"{fig.view}: label {code} covers marker {other} #{i}")
        labels = [b for _c, _i, b in fig.boxes] + fig.others
        names = [c for c, _i, _b in fig.boxes] + ["side"] * len(fig.others)
        for i, a in enumerate(labels):
            for j in range(i + 1, len(labels)):
                if _overlap(a, labels[j]):
                    problems.append(f"{fig.view}: label {names[i]} covers label {names[j]}")
    return problems


def test_the_geometric_check_sees_a_covered_marker(standard_library: acupress.Library) -> None:
    svg = _maps.render_map(["BL23", "BL52"], view="back", library=standard_library, numbered=False)
    assert covered(svg) == []
    (fig,) = drawn_figures(svg)
    assert len(fig.discs) == 4
    assert len(fig.boxes) == 4
    # move BL52's label onto BL23's marker: the check must see it
    moved = re.sub(
        r'(<g class="marker" data-point="BL52"[^>]*>.*?<text class="label") x="[-\d.]+" '
        r'y="[-\d.]+"',
        lambda m: m.group(1) + ' x="-20" y="3"',
        svg,
        count=1,
        flags=re.S,
    )
    assert moved != svg
    assert covered(moved)


@pytest.mark.parametrize("numbered", [False, True], ids=["codes", "numbers"])
@pytest.mark.parametrize("view", VIEWS)
def test_no_label_covers_a_marker_or_a_label_with_every_point_of_a_view(
    sleep_library: acupress.Library, view: str, numbered: bool
) -> None:
    codes = list(_maps.map_view(view).places)
    svg = _maps.render_map(codes, view=view, library=sleep_library, numbered=numbered)
    (fig,) = drawn_figures(svg)
    assert len(fig.discs) == expected_markers(codes, [view])
    assert len(fig.boxes) == len(fig.discs)  # every marker has its label
    assert covered(svg) == []


@given(
    codes=st.lists(st.sampled_from(MAPPED), min_size=1, max_size=16),
    numbered=st.booleans(),
)
def test_no_label_covers_a_marker_or_a_label_for_any_points(
    sleep_library: acupress.Library, codes: list[str], numbered: bool
) -> None:
    svg = _maps.render_map(codes, library=sleep_library, numbered=numbered)
    assert covered(svg) == []
    assert sum(len(f.boxes) for f in drawn_figures(svg)) == len(markers(svg))


@pytest.mark.parametrize(
    "routine",
    [(pack.id, r.id) for pack in packed().packs for r in pack.routines],
    ids=lambda pr: f"{pr[0]}/{pr[1]}",
)
def test_no_label_covers_a_marker_on_any_pack_routine_map(routine: tuple[str, str]) -> None:
    library = packed()
    pack_id, routine_id = routine
    (found,) = [r for r in library.pack(pack_id).routines if r.id == routine_id]
    codes = [step.point for step in found.steps]
    for numbered in (True, False):
        svg = _maps.render_map(codes, library=library, numbered=numbered)
        assert covered(svg) == []
        assert {g.get("data-point") for g in markers(svg)} == set(codes)


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


def test_maps_toml_is_what_the_generator_writes(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("gen_maps", root / "tools" / "gen_maps.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", str(tmp_path / "maps.toml"))
    module.main()
    assert "PROBLEM" not in capsys.readouterr().err  # every point well inside its outline
    written = (tmp_path / "maps.toml").read_text(encoding="utf-8")
    assert written == (root / "src" / "acupress" / "data" / "maps.toml").read_text(encoding="utf-8")


def test_the_docs_pictures_are_current() -> None:
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "gen_pictures", root / "tools" / "gen_pictures.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pictures = module.pictures()
    assert set(pictures) == {p.name for p in (root / "docs" / "pictures").iterdir()}
    for name, text in pictures.items():
        on_disk = (root / "docs" / "pictures" / name).read_text(encoding="utf-8")
        assert on_disk == text, f"docs/pictures/{name} is stale: python tools/gen_pictures.py"
    page = (root / "docs" / "pictures.md").read_text(encoding="utf-8")
    assert all(f"pictures/{name}" in page for name in pictures)


# -- proportions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "above", "ankle"),
    [("foot-inner", "SP6", "KI3"), ("foot-outer", "BL59", "BL60")],
)
def test_the_side_views_of_the_foot_keep_the_foot_in_proportion_to_the_leg(
    standard_library: acupress.Library, view: str, above: str, ankle: str
) -> None:
    figure = _maps.map_view(view)
    # the leg's cun on this figure: the point the text puts 3 cun above the ankle's point
    assert "3 cun" in standard_library.get(above).location.text
    assert "ankle bone" in standard_library.get(ankle).location.text
    ((_x, high),), ((_x2, low),) = figure.positions(above), figure.positions(ankle)
    cun = (low - high) / 3
    # heel to toe tip, along the sole (the lowest quarter of the figure)
    sole = [x for outline in figure.outlines for x, y in outline if y > 0.75 * figure.height]
    length = (max(sole) - min(sole)) / cun
    assert 11.0 <= length <= 13.0, f"{view}: the foot is {length:.1f} cun long, not about 12"


def test_gb21_sits_on_top_of_the_shoulder_not_on_the_collarbone() -> None:
    assert "GB21" not in _maps.map_view("front").places  # from the front it hid on the collarbone
    back = _maps.map_view("back")
    ((neck_x, neck_y),) = back.positions("GV14")  # the bump at the base of the neck
    shoulder = max(x for x, _y in back.positions("LI16"))  # the top of the shoulder's outer end
    for _x, y in back.positions("GB21"):
        assert abs(y - neck_y) < 4 * back.marker  # level with the base of the neck ...
    right = max(x for x, _y in back.positions("GB21"))
    assert neck_x < right < shoulder  # ... between it and the shoulder's tip


# -- close-ups ------------------------------------------------------------------------------------

MEASURED = ("SP6", "LR6", "KI7", "GB39", "BL59", "CV4", "CV9", "KI11", "BL23", "BL52", "ST36")
MEASURED += ("PC6", "HT5", "LU7")  # from the wrist crease
UNMEASURED = ("LU3", "GB20", "LI4")  # landmarks not drawn yet, or no distance in the text


def test_which_points_get_a_measuring_line(standard_library: acupress.Library) -> None:
    measured = acupress.render.measured_points(standard_library)
    assert set(MEASURED) <= set(measured)
    assert not set(UNMEASURED) & set(measured)
    # every one of them says in its text how far it lies from the landmark the line starts at
    for code in measured:
        point = standard_library.get(code)
        view = close_up_view(point)
        assert view is not None
        found = measure(point, view)
        assert found is not None
        assert f"{found.cun:g} cun" in point.location.text
        words = _maps.map_view(view).landmarks[found.landmark].words
        assert any(w in point.location.text for w in words), code


def _close_up(code: str, library: acupress.Library) -> tuple[ET.Element, ET.Element]:
    root = ET.fromstring(acupress.render.render_close_up(code, library=library))
    group = root.find(f".//{SVG}g[@class='measure']")
    assert group is not None, code
    line = group.find(f"{SVG}line[@class='cun-line']")
    assert line is not None
    return root, line


def test_a_close_up_line_starts_at_its_landmark_as_long_as_the_text_says(
    standard_library: acupress.Library,
) -> None:
    for code in acupress.render.measured_points(standard_library):
        point = standard_library.get(code)
        root, line = _close_up(code, standard_library)
        view = _maps.map_view(root.get("data-view", ""))
        found = measure(point, view.id)
        assert found is not None
        mark = view.landmarks[found.landmark]
        crop_x, crop_y = map(float, root.get("data-crop", "").split())
        x1, y1, x2, y2 = (float(line.get(k, "nan")) for k in ("x1", "y1", "x2", "y2"))
        start = (x1 + crop_x, y1 + crop_y)  # back in the figure's units
        px, py = view.positions(code)[0]
        if mark.level:  # from the midline, across, at the point's level
            assert start == pytest.approx((mark.at[0] * view.width, py), abs=0.15)
        else:
            assert start == pytest.approx((mark.at[0] * view.width, mark.at[1] * view.height),
                                          abs=0.15)  # fmt: skip  # drawn to 0.1 of a unit
        # the distance, as the text says it, in front of the landmark's name
        words = "|".join(map(re.escape, mark.words))
        near = rf"(\d+(?:\.\d+)?) cun\)?(?:(?! cun)[^.;]){{0,80}}?(?:{words})"
        said = re.search(near, point.location.text)
        assert said is not None, code
        cun = float(said.group(1))
        assert math.hypot(x2 - x1, y2 - y1) == pytest.approx(cun * mark.cun, abs=0.15)
        group = root.find(f".//{SVG}g[@class='measure']")
        assert group is not None
        assert float(group.get("data-cun", "nan")) == cun
        assert float(group.get("data-units-per-cun", "nan")) == pytest.approx(mark.cun)
        # and the figure agrees with the text: the line ends level with the point (or, across,
        # in line with it), within a marker
        end = (x2 + crop_x, y2 + crop_y)
        if found.direction == "across":
            assert abs(end[0] - px) <= view.marker, code
        else:
            assert abs(end[1] - py) <= view.marker, code


def test_a_close_up_is_marked_at_every_cun(standard_library: acupress.Library) -> None:
    root, _line = _close_up("LR6", standard_library)  # 7 cun above the inner ankle bone
    ticks = root.findall(f".//{SVG}line[@class='cun-tick']")
    assert len(ticks) == 8  # at the landmark and at each of the seven cun
    root, _line = _close_up("BL23", standard_library)  # 1.5 cun out: at 0, 1 and the end
    assert len(root.findall(f".//{SVG}line[@class='cun-tick']")) == 3
    assert "two finger widths" in ET.tostring(root, encoding="unicode")


def test_the_map_command_draws_a_close_up(cli: Any) -> None:
    code, out, err = cli.run("map", "SP6", "--close-up")
    assert code == 0, err
    assert 'class="cun-line"' in out
    assert 'data-measure="yes"' in out
    assert "four finger widths" in out
    code, out, err = cli.run("map", "LU3", "--close-up")  # no landmark of its text is drawn
    assert code == 0, err
    assert 'data-measure="none"' in out
    assert "cun-line" not in out
    code, out, err = cli.run("map", "SP6", "LR6", "--close-up")
    assert code == 2
    assert "one point at a time" in err
    code, out, err = cli.run("map", "SP6", "--close-up", "--view", "back")
    assert code == 2
    assert "not on the back view" in err


def test_the_docs_say_how_many_points_get_a_measuring_line(
    standard_library: acupress.Library,
) -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "pictures.md").read_text("utf-8")
    measured = len(acupress.render.measured_points(standard_library))
    assert f"{measured} of the {len(standard_library.points)} standard points get a line" in page
