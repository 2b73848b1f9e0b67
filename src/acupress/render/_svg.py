"""Body maps: where points lie on outline figures of the body, head, hands and feet, drawn as SVG.

The figures and every point's place on them are package data (``data/maps.toml``), read on first
use and cached. Nothing here touches the network or writes files: ``render_map`` returns the text
of a self-contained SVG document (no script, no external references) for the caller to save or
serve.

Sides: the views ``front``, ``back`` and ``head`` show both sides of the body, so a bilateral point
gets two markers there (the person's right, then its mirror image about the midline for the left)
and a midline point one. Every other view shows one side (the person's right side, a right hand or
a right foot), and every point gets one marker. On ``front`` and ``head`` the person faces the
viewer, so the person's right is on the viewer's left; on ``back`` it is on the viewer's right.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from .._data import read_data
from .._default import library_or_default
from .._i18n import mark as mark_message, ntr, tr
from .._library import Library
from .._model.points import Point
from .._state import process_cache
from .._text import strip_controls
from ..errors import DataError
from ._labels import ASCENT, DESCENT, Box, Label, Spot, place_labels, text_width
from ._people import point_words

__all__ = [
    "FONT",
    "Landmark",
    "MapView",
    "Mark",
    "Panel",
    "card_figures",
    "cover",
    "draw_figure",
    "map_view",
    "marker_positions",
    "marks",
    "number",
    "render_map",
    "views",
    "views_for",
    "xml_text",
]

MAPS_FILE = "maps.toml"

Vertex = tuple[float, float]
Polyline = tuple[Vertex, ...]


@attrs.frozen
class Landmark:
    """A landmark location texts measure from, on one view: its name, where it is (normalised
    0..1), how many viewBox units make a cun for a measurement from it, and the words a text
    names it by. A ``level`` landmark is a line (the midline, at x = ``at[0]``): a measurement
    from it runs across at the point's own level."""

    id: str
    name: str
    at: Vertex
    cun: float
    words: tuple[str, ...]
    level: bool = False


@attrs.frozen
class MapView:
    """One figure: its viewBox, outline polygons, decorative lines and the points drawn on it.

    ``places`` holds, for each point, its places on the figure as coordinates normalised to 0..1
    from the top-left corner: one place for most points, several for a point that is a set (the
    webs between the fingers, say). ``points`` is the first place of each. On a ``mirror`` view
    the places are the person's right-side positions (x = 0.5 exactly on the midline), drawn again
    mirrored, except for the points in ``once``, which lie on one side only and are drawn once.
    ``person_right`` is the half of the picture (``"left"`` or ``"right"``) where the person's
    right side lies, on mirror views; None elsewhere.
    """

    id: str
    title: str
    width: float
    height: float
    marker: float
    mirror: bool
    person_right: str | None
    outlines: tuple[Polyline, ...]
    lines: tuple[Polyline, ...] = ()
    places: Mapping[str, tuple[Vertex, ...]] = attrs.field(factory=dict, repr=False)
    once: frozenset[str] = frozenset()
    landmarks: Mapping[str, Landmark] = attrs.field(factory=dict, repr=False)

    @property
    def points(self) -> Mapping[str, Vertex]:
        """The first place of each point drawn here, normalised to 0..1."""
        return MappingProxyType({code: where[0] for code, where in self.places.items()})

    def positions(self, code: str) -> list[Vertex]:
        """The marker positions of ``code`` in viewBox units; empty when it is not drawn here.

        On a mirror view each place of a bilateral point gives two markers, the person's right
        first, then its mirror image.
        """
        out: list[Vertex] = []
        for x, y in self.places.get(code, ()):
            out.append((x * self.width, y * self.height))
            if self.mirror and x != 0.5 and code not in self.once:
                out.append(((1.0 - x) * self.width, y * self.height))
        return out

    def side(self, x: float, bilateral: bool) -> str:
        """``right``, ``left`` or ``center``: the person's side a marker at ``x`` (viewBox
        units) shows; one-side views show the right side of a bilateral point."""
        if not self.mirror:
            return "right" if bilateral else "center"
        if math.isclose(x, self.width / 2):
            return "center"
        return "right" if (x < self.width / 2) == (self.person_right == "left") else "left"


# -- reading the data ---------------------------------------------------------------------------


def _number(value: Any, path: str, problems: list[str], *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append(f"{path}: expected a number")
        return 0.0
    if positive and value <= 0:
        problems.append(f"{path}: expected a positive number, got {value}")
    return float(value)


def _pair(value: Any, path: str, problems: list[str]) -> Vertex:
    if not isinstance(value, list) or len(value) != 2:
        problems.append(f"{path}: expected [x, y]")
        return (0.0, 0.0)
    return (
        _number(value[0], f"{path}[0]", problems),
        _number(value[1], f"{path}[1]", problems),
    )


def _polylines(value: Any, path: str, problems: list[str], minimum: int) -> tuple[Polyline, ...]:
    if not isinstance(value, list):
        problems.append(f"{path}: expected a list of vertex lists")
        return ()
    out = []
    for i, line in enumerate(value):
        if not isinstance(line, list) or len(line) < minimum:
            problems.append(f"{path}[{i}]: expected at least {minimum} [x, y] vertices")
            continue
        out.append(tuple(_pair(v, f"{path}[{i}][{j}]", problems) for j, v in enumerate(line)))
    return tuple(out)


_VIEW_KEYS = frozenset(
    {"title", "width", "height", "marker", "mirror", "person_right", "outlines", "lines"}
)


def _view(view_id: str, raw: Any, points: Any, source: str, problems: list[str]) -> MapView:
    path = f"{source}: $.views.{view_id}"
    if not isinstance(raw, Mapping):
        problems.append(f"{path}: expected a table")
        raw = {}
    unknown = set(raw) - _VIEW_KEYS
    if unknown:
        problems.append(f"{path}: unknown keys {', '.join(sorted(unknown))}")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{path}.title: expected text")
        title = view_id
    width = _number(raw.get("width"), f"{path}.width", problems, positive=True)
    height = _number(raw.get("height"), f"{path}.height", problems, positive=True)
    marker = _number(raw.get("marker"), f"{path}.marker", problems, positive=True)
    mirror = raw.get("mirror")
    if not isinstance(mirror, bool):
        problems.append(f"{path}.mirror: expected true or false")
        mirror = False
    person_right = raw.get("person_right")
    if mirror and person_right not in ("left", "right"):
        problems.append(f"{path}.person_right: expected 'left' or 'right' on a mirror view")
    elif not mirror and person_right is not None:
        problems.append(f"{path}.person_right: only mirror views have one")
    outlines = _polylines(raw.get("outlines"), f"{path}.outlines", problems, 3)
    if not outlines:
        problems.append(f"{path}.outlines: a view needs at least one outline")
    lines = _polylines(raw.get("lines", []), f"{path}.lines", problems, 2)

    places: dict[str, tuple[Vertex, ...]] = {}
    once: set[str] = set()
    ppath = f"{source}: $.points.{view_id}"
    if not isinstance(points, Mapping):
        problems.append(f"{ppath}: expected a table of [x, y]")
        points = {}
    for code, value in points.items():
        where = f"{ppath}.{code}"
        if isinstance(value, Mapping):
            if set(value) != {"once"}:
                problems.append(f"{where}: expected {{ once = [x, y] }}")
                continue
            if not mirror:
                problems.append(f"{where}: 'once' is for views showing both sides")
            once.add(code)
            found = [_pair(value["once"], f"{where}.once", problems)]
        elif isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            found = [_pair(v, f"{where}[{i}]", problems) for i, v in enumerate(value)]
        else:
            found = [_pair(value, where, problems)]
        for x, y in found:
            if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
                problems.append(f"{where}: coordinates must lie in 0..1, got [{x}, {y}]")
            elif mirror and code not in once and x != 0.5 and (x < 0.5) != (person_right == "left"):
                problems.append(
                    f"{where}: a bilateral point is listed on the person's right, which is "
                    f"the {person_right} half of this view"
                )
        places[code] = tuple(found)
    return MapView(
        id=view_id,
        title=title,
        width=width,
        height=height,
        marker=marker,
        mirror=mirror,
        person_right=person_right if mirror else None,
        outlines=outlines,
        lines=lines,
        places=MappingProxyType(places),
        once=frozenset(once),
    )


def _landmarks(table: Any, path: str, problems: list[str]) -> dict[str, Landmark]:
    if not isinstance(table, Mapping):
        problems.append(f"{path}: expected a table of landmarks")
        return {}
    out = {}
    for lid, raw in table.items():
        where = f"{path}.{lid}"
        if not isinstance(raw, Mapping) or set(raw) - {"name", "at", "cun", "words", "level"}:
            problems.append(f"{where}: expected {{ name, at, cun, words, level }}")
            continue
        name, words, level = raw.get("name"), raw.get("words"), raw.get("level", False)
        if not isinstance(name, str) or not name:
            problems.append(f"{where}.name: expected text")
            continue
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            problems.append(f"{where}.words: expected a list of words")
            continue
        if not isinstance(level, bool):
            problems.append(f"{where}.level: expected true or false")
            continue
        at = _pair(raw.get("at"), f"{where}.at", problems)
        cun = _number(raw.get("cun"), f"{where}.cun", problems, positive=True)
        out[lid] = Landmark(lid, name, at, cun, tuple(words), level)
    return out


@process_cache
def _maps() -> Mapping[str, MapView]:
    source, raw = read_data(MAPS_FILE)
    problems: list[str] = []
    if not isinstance(raw, Mapping) or not isinstance(raw.get("views"), Mapping):
        raise DataError([f"{source}: $.views: expected a table of views"])
    points = raw.get("points", {})
    if not isinstance(points, Mapping):
        raise DataError([f"{source}: $.points: expected a table of views"])
    strays = set(points) - set(raw["views"])
    if strays:
        problems.append(f"{source}: $.points: no view named {', '.join(sorted(strays))}")
    maps = {
        view_id: _view(view_id, value, points.get(view_id, {}), source, problems)
        for view_id, value in raw["views"].items()
    }
    marks = raw.get("landmarks", {})
    if not isinstance(marks, Mapping):
        raise DataError([f"{source}: $.landmarks: expected a table of views"])
    for view_id, table in marks.items():
        if view_id not in maps:
            problems.append(f"{source}: $.landmarks: no view named {view_id}")
            continue
        found = _landmarks(table, f"{source}: $.landmarks.{view_id}", problems)
        maps[view_id] = attrs.evolve(maps[view_id], landmarks=MappingProxyType(found))
    if problems:
        raise DataError(problems)
    return MappingProxyType(maps)


@process_cache
def _views_by_code() -> Mapping[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for view in _maps().values():
        for code in view.places:
            found.setdefault(code, []).append(view.id)
    return MappingProxyType({code: tuple(ids) for code, ids in found.items()})


# -- queries ------------------------------------------------------------------------------------


def views() -> tuple[str, ...]:
    """The ids of every view, in drawing order (``front``, ``back``, ``side``, ``head``, ...)."""
    return tuple(_maps())


def map_view(view: str) -> MapView:
    """The view with this id; ValueError naming the views when there is none."""
    try:
        return _maps()[view]
    except KeyError:
        raise ValueError(f"no map view {view!r}; views are {', '.join(_maps())}") from None


def views_for(code: str) -> tuple[str, ...]:
    """The views on which the point ``code`` is drawn, in drawing order (empty if none)."""
    return _views_by_code().get(code, ())


def marker_positions(code: str, view: str) -> list[tuple[float, float]]:
    """Where ``code``'s markers go on ``view``, in viewBox units.

    Two positions for a bilateral point on a view showing both sides (the person's right first),
    one otherwise, none when the point is not drawn on that view.
    """
    return map_view(view).positions(code)


# -- drawing ------------------------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
_COLUMNS = 4
_GAP = 16.0
_CAPTION = 34.0
_HEADING = 44.0
_NOTE_SIZE = 13.0
_NOTE_LINE = 18.0
_INK = "#5b4636"
_SKIN = "#f6e9dc"
_MARK = "#c62828"
_LABEL = "#9e1c1c"  # label text: 7:1 on white


def _text(value: str) -> str:
    """``value`` as XML character data or attribute text: escaped; characters XML forbids and
    control and bidi characters dropped."""
    value = _NOT_XML.sub("", strip_controls(value))
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _comment(value: str) -> str:
    value = _NOT_XML.sub("", strip_controls(value))
    while "--" in value:
        value = value.replace("--", "- -")
    return value + " " if value.endswith("-") else value


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _smooth(vertices: Polyline, closed: bool) -> str:
    """An SVG path through ``vertices``: a Catmull-Rom curve turned into cubic Béziers."""
    pts = list(vertices)
    if closed and len(pts) > 2 and pts[0] == pts[-1]:
        pts = pts[:-1]
    n = len(pts)
    if n < 3:
        return "M" + " L".join(f"{_num(x)},{_num(y)}" for x, y in pts)

    def at(i: int) -> Vertex:
        return pts[i % n] if closed else pts[min(max(i, 0), n - 1)]

    parts = [f"M{_num(pts[0][0])},{_num(pts[0][1])}"]
    for i in range(n if closed else n - 1):
        p0, p1, p2, p3 = at(i - 1), at(i), at(i + 1), at(i + 2)
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        parts.append(
            f"C{_num(c1[0])},{_num(c1[1])} {_num(c2[0])},{_num(c2[1])} {_num(p2[0])},{_num(p2[1])}"
        )
    if closed:
        parts.append("Z")
    return " ".join(parts)


class Mark(NamedTuple):
    """A point to draw and the numbers it carries (its places in the routine or the list)."""

    point: Point
    numbers: tuple[int, ...]


class Panel(NamedTuple):
    """One figure, drawn: its SVG elements (origin at its top-left corner) and its size."""

    parts: tuple[str, ...]
    width: float
    height: float
    left: float = 0.0  # where the figure's crop starts across, after a margin for labels


_SIDE_SIZE = 14.0
_CAPTION_SIZE = 18.0


# The views' titles (maps.toml), for the translators; shown with ``view_title``.
_VIEW_TITLES = (
    mark_message("Front"),
    mark_message("Back"),
    mark_message("Right side"),
    mark_message("Right side of the chest and waist (arm raised)"),
    mark_message("Face"),
    mark_message("Right side of the head"),
    mark_message("Top of the head (face at the top)"),
    mark_message("Back of the right hand"),
    mark_message("Palm of the right hand"),
    mark_message("Top of the right foot"),
    mark_message("Sole of the right foot"),
    mark_message("Inner side of the right foot"),
    mark_message("Outer side of the right foot"),
)


def view_title(view: MapView) -> str:
    """A view's title in the current language."""
    return tr(view.title)


def _side_words(view: MapView, width: float) -> list[tuple[float, str, str]]:
    """The ``Right`` and ``Left`` words of a view of both sides: x, text-anchor, word."""
    if not view.mirror:
        return []
    # i18n: the person's right and left, written on a figure of both sides
    r_word, l_word = tr("Right"), tr("Left")
    left, right = (r_word, l_word) if view.person_right == "left" else (l_word, r_word)
    return [(14.0, "start", left), (width - 14, "end", right)]


def _near(box: Box, x: float, y: float, r: float) -> bool:
    """Whether a disc of radius ``r`` at (x, y) touches ``box``."""
    nx, ny = min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
    return (nx - x) ** 2 + (ny - y) ** 2 < r * r


def draw_figure(
    view: MapView,
    marks: Sequence[Mark],
    *,
    numbered: bool,
    radius: float | None = None,
    size: float | None = None,
    crop: Box | None = None,
    caption: bool = True,
    avoid: Sequence[Box] = (),
    sides: bool = True,
) -> Panel:
    """One view with the markers of ``marks`` and their labels, none covering another.

    ``radius`` and ``size`` (marker radius and label font size, in the view's units) default to
    the view's own marker size; ``crop`` draws only that part of the view (markers outside it
    are left out); no label goes on a box of ``avoid`` (in the crop's units, from its corner);
    ``sides=False`` leaves out the Right and Left words. Numbered labels sit inside their marker
    when they fit; the others beside it, farther out with a leader line, or in a margin the
    panel grows to hold.
    """
    r = view.marker if radius is None else radius
    font = (r * 1.25 if numbered else r * 1.3) if size is None else size
    region = crop or Box(0.0, 0.0, view.width, view.height)
    w, h = region.x1 - region.x0, region.y1 - region.y0
    spots: list[Spot] = []
    where: list[tuple[Mark, float, float]] = []
    for mark in marks:
        for x, y in view.positions(mark.point.code):
            if region.x0 <= x <= region.x1 and region.y0 <= y <= region.y1:
                text = ",".join(map(str, mark.numbers)) if numbered else mark.point.code
                spots.append(Spot(x - region.x0, y - region.y0, text))
                where.append((mark, x, y))
    words = _side_words(view, w) if sides else []
    keep_out = []
    side_y: list[float] = []
    for x, anchor, word in words:
        wide = text_width(word, _SIDE_SIZE)
        x0 = x if anchor == "start" else x - wide
        # at the top corner, or lower down where no marker is (a small crop of a figure has
        # its markers large and near the edges)
        for y in (26.0, *(26.0 + k * _SIDE_SIZE for k in range(1, int(h / _SIDE_SIZE)))):
            box = Box(
                x0 - 2, y - ASCENT * _SIDE_SIZE - 2, x0 + wide + 2, y + DESCENT * _SIDE_SIZE + 2
            )
            if not any(_near(box, spot.x, spot.y, r * 1.2) for spot in spots):
                break
        side_y.append(y)
        keep_out.append(box)
    keep_out.extend(avoid)
    halo = font / 4
    layout = place_labels(
        spots,
        radius=r * 1.1,
        size=font,
        width=w,
        height=h,
        keep_out=keep_out,
        inside=numbered,
        halo=halo,
    )
    ox = layout.left
    total = layout.left + w + layout.right
    tall = h + (_CAPTION if caption else 0.0)
    parts = [
        f'<g class="figure" data-view="{_text(view.id)}">',
        f'<rect width="{_num(total)}" height="{_num(h)}" rx="8" fill="#fcfbf9" stroke="#e7e1da"/>',
        f'<svg x="{_num(ox)}" y="0" width="{_num(w)}" height="{_num(h)}" '
        f'viewBox="{_num(region.x0)} {_num(region.y0)} {_num(w)} {_num(h)}" overflow="hidden">',
    ]
    for outline in view.outlines:
        parts.append(
            f'<path class="outline" d="{_smooth(outline, True)}" fill="{_SKIN}" stroke="{_INK}" '
            'stroke-width="2" stroke-linejoin="round"/>'
        )
    for line in view.lines:
        parts.append(
            f'<path class="line" d="{_smooth(line, line[0] == line[-1])}" fill="none" '
            f'stroke="{_INK}" stroke-opacity="0.55" stroke-width="1.3" stroke-linecap="round"/>'
        )
    parts.append("</svg>")
    for (x, anchor, word), y in zip(words, side_y, strict=True):
        parts.append(
            f'<text class="side" x="{_num(ox + x)}" y="{_num(y)}" font-size="{_num(_SIDE_SIZE)}" '
            f'fill="#6f6155" text-anchor="{anchor}">{word}</text>'
        )
    leaders = [
        (mark, label.leader)
        for (mark, _x, _y), label in zip(where, layout.labels, strict=True)
        if label.leader is not None
    ]
    if leaders:
        parts.append(f'<g class="leaders" stroke="{_MARK}" stroke-width="{_num(max(r / 5, 1))}">')
        for mark, (x0, y0, x1, y1) in leaders:
            parts.append(
                f'<path class="leader" data-point="{_text(mark.point.code)}" '
                f'd="M{_num(ox + x0)},{_num(y0)} L{_num(ox + x1)},{_num(y1)}"/>'
            )
        parts.append("</g>")
    for (mark, x, y), label in zip(where, layout.labels, strict=True):
        px, py = ox + x - region.x0, y - region.y0
        parts.extend(_marker(view, mark, numbered, px, py, x, r, font, halo, label, ox))
    if caption:
        parts.append(
            f'<text class="caption" x="{_num(total / 2)}" y="{_num(h + 24)}" '
            f'font-size="{_num(_CAPTION_SIZE)}" fill="#3d3029" text-anchor="middle">'
            f"{_text(view_title(view))}</text>"
        )
    parts.append("</g>")
    return Panel(tuple(parts), total, tall, ox)


def _marker(
    view: MapView,
    mark: Mark,
    numbered: bool,
    x: float,
    y: float,
    vx: float,
    r: float,
    font: float,
    halo: float,
    label: Label,
    ox: float,
) -> list[str]:
    """One marker at (x, y) in the panel (at ``vx`` across the view), with its label."""
    point = mark.point
    side = view.side(vx, point.bilateral)
    text = ",".join(map(str, mark.numbers)) if numbered else point.code
    words = {"right": tr(" (right side)"), "left": tr(" (left side)")}.get(side, "")
    tip = (f"{text}. " if numbered else "") + f"{point_words(point)}{words}"
    lx, ly = label.x + ox - x, label.baseline - y
    out = [
        f'<g class="marker" data-point="{_text(point.code)}" data-view="{_text(view.id)}" '
        f'data-side="{side}" data-number="{_text(",".join(map(str, mark.numbers)))}" '
        f'transform="translate({_num(x)} {_num(y)})">',
        f"<title>{_text(tip)}</title>",
        f'<circle r="{_num(r)}" fill="{_MARK}" stroke="#ffffff" stroke-width="{_num(r / 5)}"/>',
    ]
    if label.inside:
        out.append(
            f'<text class="label inside" x="{_num(lx)}" y="{_num(ly)}" font-size="{_num(font)}" '
            f'font-weight="bold" fill="#ffffff" text-anchor="middle">{_text(text)}</text>'
        )
    else:
        out.append(
            f'<text class="label" x="{_num(lx)}" y="{_num(ly)}" font-size="{_num(font)}" '
            f'font-weight="bold" fill="{_LABEL}" stroke="#ffffff" stroke-width="{_num(halo)}" '
            'paint-order="stroke" stroke-linejoin="round" text-anchor="middle">'
            f"{_text(text)}</text>"
        )
    out.append("</g>")
    return out


def _marks(codes: Sequence[str], library: Library) -> dict[str, Mark]:
    points: dict[str, Point] = {}
    numbers: dict[str, list[int]] = {}
    for i, code in enumerate(codes, 1):
        points.setdefault(code, library.get(code))
        numbers.setdefault(code, []).append(i)
    return {code: Mark(points[code], tuple(numbers[code])) for code in points}


def render_map(
    codes: Sequence[str],
    *,
    view: str | None = None,
    library: Library | None = None,
    numbered: bool = True,
    title: str | None = None,
    notes: Sequence[str] = (),
) -> str:
    """A self-contained SVG document showing where the points ``codes`` lie.

    - ``view``: draw this view only; with None, every view on which at least one of the points
      is drawn, side by side in a grid, each with a caption (the front view when none is).
    - ``numbered``: label each marker with the point's place in ``codes`` (1, 2, ...; a point
      listed twice shows both numbers), else with its code.
    - ``title``: a heading above the figures, also the document's ``<title>``.
    - ``notes``: lines of text below the figures (the advice of a routine, say), wrapped to the
      width of the drawing; each is a ``<text class="note">``.

    No label covers a marker or another label: a label sits inside its marker (a number that
    fits), beside it, or away from it with a leader line (``<path class="leader">``), in a
    margin beside the figure if need be. Each figure is a ``<g class="figure" data-view="...">``
    and each marker a ``<g class="marker" data-point="..." data-view="..."
    data-side="right|left|center">`` holding a ``<title>`` with the code and pinyin, its
    ``<circle>`` and its ``<text class="label">``. Codes are looked up with ``library.get``
    (default ``acupress.load()``): an unknown code raises UnknownPointError. A point with no
    place on the views drawn is left out and listed in an XML comment and in the root's
    ``data-missing`` (``acupress.render.views_for`` says beforehand which views show a point).
    """
    if isinstance(codes, str):
        codes = [codes]
    if view is not None:
        map_view(view)  # ValueError for a view that does not exist
    library = library_or_default(library)
    marks = _marks(codes, library)

    maps = _maps()
    if view is not None:
        drawn = [maps[view]]
    else:
        drawn = [v for v in maps.values() if any(code in v.places for code in marks)]
        drawn = drawn or [next(iter(maps.values()))]
    missing = [code for code in marks if not any(code in v.places for v in drawn)]

    panels = [
        draw_figure(fig, [m for c, m in marks.items() if c in fig.places], numbered=numbered)
        for fig in drawn
    ]
    top = _GAP + (_HEADING if title else 0.0)
    body: list[str] = []
    width = 0.0
    y = top
    for start in range(0, len(panels), _COLUMNS):
        row = panels[start : start + _COLUMNS]
        x = _GAP
        for panel in row:
            body.append(f'<g transform="translate({_num(x)} {_num(y)})">')
            body.extend(panel.parts)
            body.append("</g>")
            x += panel.width + _GAP
        width = max(width, x)
        y += max(panel.height for panel in row) + _GAP
    note_lines: list[str] = []
    per_line = max(40, int((width - 2 * _GAP) / (_NOTE_SIZE * 0.55)))
    for note in notes:
        note_lines.extend(textwrap.wrap(note, per_line, break_on_hyphens=False) or [""])
    for i, line in enumerate(note_lines):
        body.append(
            f'<text class="note" x="{_num(_GAP)}" y="{_num(y + _NOTE_SIZE + i * _NOTE_LINE)}" '
            f'font-size="{_num(_NOTE_SIZE)}" fill="#3d3029">{_text(line)}</text>'
        )
    if note_lines:
        y += len(note_lines) * _NOTE_LINE + _GAP
    height = y

    listed = ", ".join(codes) if codes else tr("no points")
    heading = title or tr("Acupressure points: {points}", points=listed)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" role="img" font-family="{_FONT}" '
        f'data-missing="{_text(" ".join(missing))}">',
        f"<title>{_text(heading)}</title>",
    ]
    if missing:
        head.append(f"<!-- no map coordinates for: {_comment(', '.join(missing))} -->")
    head.append(f'<rect width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>')
    if title:
        head.append(
            f'<text class="title" x="{_num(_GAP)}" y="{_num(_GAP + 26)}" font-size="24" '
            f'font-weight="bold" fill="#3d3029">{_text(title)}</text>'
        )
    return "\n".join([*head, *body, "</svg>"]) + "\n"


# what the close-ups (_closeup.py) draw with, by public names
FONT = _FONT
marks = _marks
number = _num
xml_text = _text

# -- the card's figures -----------------------------------------------------------------------

MARKER_MM = 2.05  # printed marker radius: a dot 4.1 mm across
DIGITS_MM = 2.55  # printed label size: 7.2 pt
_PAGE_MM = 186.0  # A4 less 12 mm margins
_GAP_MM = 4.0
_BODY_MM = 46.0  # the tallest a figure of the whole body is printed
_PART_MM = 28.0  # the tallest a figure of a part (a hand, a foot, the head) is printed
_MM_PER_UNIT_MAX = 0.22


def cover(codes: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The fewest views (chosen greedily) that show every code with a place, in drawing order,
    and the codes each shows: every code on exactly one view, the first chosen that has it."""
    left = [c for c in dict.fromkeys(codes) if views_for(c)]
    chosen: list[str] = []
    while left:
        best = max(views(), key=lambda v: sum(1 for c in left if c in map_view(v).places))
        chosen.append(best)
        left = [c for c in left if c not in map_view(best).places]
    shown: dict[str, list[str]] = {v: [] for v in chosen}
    for code in dict.fromkeys(codes):
        home = next((v for v in chosen if code in map_view(v).places), None)
        if home is not None:
            shown[home].append(code)
    order = list(views())
    return sorted(((v, tuple(c)) for v, c in shown.items()), key=lambda vc: order.index(vc[0]))


def _crop(view: MapView, codes: Sequence[str]) -> Box:
    """The part of a figure of the whole body around ``codes``; parts of the body whole."""
    whole = Box(0.0, 0.0, view.width, view.height)
    if view.height < 1.5 * view.width:
        return whole
    spots = [p for c in codes for p in view.positions(c)]
    xs, ys = [x for x, _y in spots], [y for _x, y in spots]
    pad = max(view.width * 0.12, view.marker * 6)
    x0, x1 = min(xs) - pad, max(xs) + pad
    y0, y1 = min(ys) - pad, max(ys) + pad
    # enough of the body around the points to see where they are
    grow_w = max(0.0, view.width * 0.55 - (x1 - x0)) / 2
    grow_h = max(0.0, view.width * 0.6 - (y1 - y0)) / 2
    x0, x1, y0, y1 = x0 - grow_w, x1 + grow_w, y0 - grow_h, y1 + grow_h
    dx = max(0.0, -x0) - max(0.0, x1 - view.width)
    dy = max(0.0, -y0) - max(0.0, y1 - view.height)
    x0, x1, y0, y1 = x0 + dx, x1 + dx, y0 + dy, y1 + dy
    return Box(max(0.0, x0), max(0.0, y0), min(view.width, x1), min(view.height, y1))


def card_figures(
    codes: Sequence[str], library: Library, *, names: Mapping[str, str] | None = None
) -> list[tuple[str, tuple[str, ...], str]]:
    """The figures of a routine's card: for each view of ``cover(codes)``, its id, the codes it
    shows and an inline ``<svg>`` sized in millimetres for print, with the steps numbered in the
    order of ``codes``, markers 4.1 mm across and numbers of 7.2 pt, cropped around its points.

    The figures of one row fit the printed page's width together (they are drawn smaller when
    they would not, never below 55 %). Each SVG has a title and a description listing its steps
    in order (``names`` gives each code's words, ``BL23 Shenshu`` by default).
    """
    marks = _marks(codes, library)
    shown = cover(codes)
    crops = [(map_view(v), _crop(map_view(v), c), c) for v, c in shown]
    scales = []
    for view, crop, _c in crops:
        tall = _BODY_MM if view.height >= 1.5 * view.width else _PART_MM
        scales.append(min(tall / (crop.y1 - crop.y0), _MM_PER_UNIT_MAX))
    widths = [(c.x1 - c.x0) * s for (_v, c, _k), s in zip(crops, scales, strict=True)]
    room = _PAGE_MM - _GAP_MM * max(0, len(crops) - 1)
    if sum(widths) > room:
        fit = max(0.55, room / sum(widths))
        scales = [s * fit for s in scales]
    out = []
    for (view, crop, mine), scale in zip(crops, scales, strict=True):
        panel = draw_figure(
            view,
            [marks[c] for c in mine],
            numbered=True,
            radius=MARKER_MM / scale,
            size=DIGITS_MM / scale,
            crop=crop,
            caption=False,
        )
        steps = sorted((n, c) for c in mine for n in marks[c].numbers)
        words = names or {c: point_words(m.point) for c, m in marks.items()}
        listed = ", ".join(str(n) for n, _c in steps)
        title = (
            view_title(view)
            + ": "
            + ntr("step {steps}", "steps {steps}", max(len(steps), 1), steps=listed)
        )
        desc = "; ".join(f"{n}: {words.get(c, c)}" for n, c in steps)
        out.append(
            (
                view.id,
                mine,
                "\n".join(
                    [
                        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" '
                        f'viewBox="0 0 {_num(panel.width)} {_num(panel.height)}" '
                        f'width="{panel.width * scale:.1f}mm" '
                        f'height="{panel.height * scale:.1f}mm" font-family="{_FONT}" '
                        f'data-view="{_text(view.id)}" data-mm-per-unit="{scale:.4f}">',
                        f"<title>{_text(title)}</title>",
                        f"<desc>{_text(desc)}</desc>",
                        *panel.parts,
                        "</svg>",
                    ]
                ),
            )
        )
    return out
