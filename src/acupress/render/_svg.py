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
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from .._data import read_data
from .._default import library_or_default
from .._library import Library
from .._model.points import Point
from .._state import process_cache
from ..errors import DataError

__all__ = ["MapView", "map_view", "marker_positions", "render_map", "views", "views_for"]

MAPS_FILE = "maps.toml"

Vertex = tuple[float, float]
Polyline = tuple[Vertex, ...]


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


def _text(value: str) -> str:
    """``value`` as XML character data or attribute text: escaped, invalid characters dropped."""
    value = _NOT_XML.sub("", value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _comment(value: str) -> str:
    value = _NOT_XML.sub("", value)
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


def _marker(
    view: MapView,
    point: Point,
    numbers: Sequence[int],
    numbered: bool,
    x: float,
    y: float,
    side: str,
) -> list[str]:
    r = view.marker
    label = ",".join(str(n) for n in numbers) if numbered else point.code
    where = {"right": " (right side)", "left": " (left side)"}.get(side, "")
    tip = f"{label}. " if numbered else ""
    tip += f"{point.code} {point.pinyin}{where}"
    out = [
        f'<g class="marker" data-point="{_text(point.code)}" data-view="{_text(view.id)}" '
        f'data-side="{side}" data-number="{_text(",".join(map(str, numbers)))}" '
        f'transform="translate({_num(x)} {_num(y)})">',
        f"<title>{_text(tip)}</title>",
    ]
    if numbered and len(label) <= 2:
        out.append(
            f'<circle r="{_num(r)}" fill="{_MARK}" stroke="#ffffff" stroke-width="{_num(r / 5)}"/>'
        )
        size = r * (1.25 if len(label) == 1 else 1.05)
        out.append(
            f'<text y="{_num(size * 0.36)}" font-size="{_num(size)}" font-weight="bold" '
            f'fill="#ffffff" text-anchor="middle">{_text(label)}</text>'
        )
    else:
        small = r * 0.7
        out.append(
            f'<circle r="{_num(small)}" fill="{_MARK}" stroke="#ffffff" '
            f'stroke-width="{_num(r / 5)}"/>'
        )
        size = r * 1.3
        left = x > view.width * 0.7
        dx = -(small + 3) if left else small + 3
        out.append(
            f'<text x="{_num(dx)}" y="{_num(size * 0.36)}" font-size="{_num(size)}" '
            f'font-weight="bold" fill="{_MARK}" stroke="#ffffff" stroke-width="{_num(size / 4)}" '
            f'paint-order="stroke" stroke-linejoin="round" '
            f'text-anchor="{"end" if left else "start"}">{_text(label)}</text>'
        )
    out.append("</g>")
    return out


def _figure(
    view: MapView,
    ox: float,
    oy: float,
    points: Mapping[str, Point],
    numbers: Mapping[str, Sequence[int]],
    numbered: bool,
) -> list[str]:
    out = [
        f'<g class="figure" data-view="{_text(view.id)}" transform="translate({_num(ox)} '
        f'{_num(oy)})">',
        f'<rect width="{_num(view.width)}" height="{_num(view.height)}" rx="8" fill="#fcfbf9" '
        'stroke="#e7e1da"/>',
    ]
    for outline in view.outlines:
        out.append(
            f'<path class="outline" d="{_smooth(outline, True)}" fill="{_SKIN}" stroke="{_INK}" '
            'stroke-width="2" stroke-linejoin="round"/>'
        )
    for line in view.lines:
        out.append(
            f'<path class="line" d="{_smooth(line, line[0] == line[-1])}" fill="none" '
            f'stroke="{_INK}" stroke-opacity="0.55" stroke-width="1.3" stroke-linecap="round"/>'
        )
    if view.mirror:
        left, right = ("Right", "Left") if view.person_right == "left" else ("Left", "Right")
        for x, anchor, word in ((14.0, "start", left), (view.width - 14, "end", right)):
            out.append(
                f'<text class="side" x="{_num(x)}" y="26" font-size="14" fill="#8c7b6d" '
                f'text-anchor="{anchor}">{word}</text>'
            )
    for code, point in points.items():
        for x, y in view.positions(code):
            out.extend(
                _marker(view, point, numbers[code], numbered, x, y, view.side(x, point.bilateral))
            )
    out.append(
        f'<text class="caption" x="{_num(view.width / 2)}" y="{_num(view.height + 24)}" '
        f'font-size="18" fill="#3d3029" text-anchor="middle">{_text(view.title)}</text>'
    )
    out.append("</g>")
    return out


def _rows(drawn: Sequence[MapView]) -> Iterable[Sequence[MapView]]:
    for start in range(0, len(drawn), _COLUMNS):
        yield drawn[start : start + _COLUMNS]


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

    Each figure is a ``<g class="figure" data-view="...">`` and each marker a
    ``<g class="marker" data-point="..." data-view="..." data-side="right|left|center">`` holding a
    ``<title>`` with the code and pinyin. Codes are looked up with ``library.get`` (default
    ``acupress.load()``): an unknown code raises UnknownPointError. A point with no place on the
    views drawn is left out and listed in an XML comment and in the root's ``data-missing``.
    """
    if isinstance(codes, str):
        codes = [codes]
    if view is not None:
        map_view(view)  # ValueError for a view that does not exist
    library = library_or_default(library)
    points: dict[str, Point] = {}
    numbers: dict[str, list[int]] = {}
    for i, code in enumerate(codes, 1):
        points.setdefault(code, library.get(code))
        numbers.setdefault(code, []).append(i)

    maps = _maps()
    if view is not None:
        drawn = [maps[view]]
    else:
        drawn = [v for v in maps.values() if any(code in v.places for code in points)]
        drawn = drawn or [next(iter(maps.values()))]
    missing = [code for code in points if not any(code in v.places for v in drawn)]

    top = _GAP + (_HEADING if title else 0.0)
    body: list[str] = []
    width = 0.0
    y = top
    for row in _rows(drawn):
        x = _GAP
        for fig in row:
            body.extend(_figure(fig, x, y, points, numbers, numbered))
            x += fig.width + _GAP
        width = max(width, x)
        y += max(fig.height for fig in row) + _CAPTION + _GAP
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

    listed = ", ".join(codes) if codes else "no points"
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" role="img" font-family="{_FONT}" '
        f'data-missing="{_text(" ".join(missing))}">',
        f"<title>{_text(title if title else f'Acupressure points: {listed}')}</title>",
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
