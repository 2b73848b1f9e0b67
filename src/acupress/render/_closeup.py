"""Close-ups: one point's part of a figure, with the landmark its location text measures from
and a line from that landmark, marked in cun (finger widths), as long as the text says.

The measurement is read from the text, never guessed: ``3 cun (four finger widths) above the
most prominent point of the inner ankle bone`` gives 3 cun up from the landmark of the view whose
words (maps.toml, ``[landmarks]``) the text names. A point whose text measures from no landmark
drawn on its views still gets a close-up, without a line (``measure`` is None for it);
``measured_points()`` lists the points that get one.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence

import attrs

from .._default import library_or_default
from .._i18n import mark, tr
from .._library import Library
from .._model.points import Point
from ._labels import Box
from ._people import point_words
from ._svg import (
    FONT,
    MARKER_MM,
    MapView,
    Mark,
    draw_figure,
    map_view,
    marks as _marks,
    number as _num,
    views,
    views_for,
    xml_text as _text,
)

__all__ = [
    "Measure",
    "close_up_view",
    "close_up_words",
    "measure",
    "measured_points",
    "render_close_up",
]

# "3 cun (four finger widths) above the ...", "two finger widths (1.5 cun) out from the ..."
_MEASURE = re.compile(
    r"(\d+(?:\.\d+)?) cun\)?(?: \([^)]*\))? "
    r"(above|below|out from|from|out to the side of|to the side of|beside) (?:the )?([^,;.()]*)"
)
_NEXT = re.compile(r" and | then | that is |\d| one | two | three | four | half ")
_UP, _DOWN, _ACROSS = "above", "below", "across"

# the hand's measures of the cun a person can press with (thumb and finger widths)
_FINGERS = {
    0.5: mark("half a thumb width"),
    1.0: mark("a thumb width"),
    1.5: mark("two finger widths"),
    2.0: mark("three finger widths"),
    3.0: mark("four finger widths"),
    6.0: mark("two hand widths"),
}

_PIXELS = 320  # how wide a close-up is drawn on a screen


@attrs.frozen
class Measure:
    """A measuring line on a view, in viewBox units: from ``start`` (on the landmark) to
    ``end``, ``cun`` long at ``units_per_cun``; ``direction`` is above, below or across."""

    point: str
    view: str
    landmark: str
    landmark_name: str
    cun: float
    units_per_cun: float
    direction: str
    start: tuple[float, float]
    end: tuple[float, float]

    @property
    def length(self) -> float:
        """The line's length in viewBox units."""
        return math.hypot(self.end[0] - self.start[0], self.end[1] - self.start[1])


def _read(text: str) -> list[tuple[float, str, str]]:
    """Every distance the text measures from something, in order: cun, direction, what from."""
    # "the midline and 6 cun above the navel": what from ends where the next measure starts
    return [
        (float(m.group(1)), m.group(2), _NEXT.split(m.group(3))[0]) for m in _MEASURE.finditer(text)
    ]


def measure(point: Point, view: str) -> Measure | None:
    """The measuring line of ``point`` on ``view``, or None when its location text measures
    from no landmark drawn there (or it is not on that view)."""
    figure = map_view(view)
    places = figure.positions(point.code)
    if not places:
        return None
    # the first distance the text gives from a landmark drawn on this view
    found = next(
        (
            (cun, how, mark)
            for cun, how, what in _read(point.location.text)
            for mark in figure.landmarks.values()
            if any(w in what for w in mark.words)
        ),
        None,
    )
    if found is None:
        return None
    cun, how, mark = found
    px, py = places[0]  # the person's right side on a view of both
    lx, ly = mark.at[0] * figure.width, mark.at[1] * figure.height
    length = cun * mark.cun
    if mark.level:
        if how in (_UP, _DOWN):
            return None  # a line is measured across from, not up or down
        sx, sy = lx, py
        direction = _ACROSS
        ex, ey = sx + (length if px >= sx else -length), sy
    elif how == _UP:
        sx, sy, direction = lx, ly, _UP
        ex, ey = sx, sy - length
    elif how == _DOWN:
        sx, sy, direction = lx, ly, _DOWN
        ex, ey = sx, sy + length
    else:
        sx, sy, direction = lx, ly, _ACROSS
        ex, ey = sx + (length if px >= sx else -length), sy
    return Measure(point.code, view, mark.id, mark.name, cun, mark.cun, direction, (sx, sy),
                   (ex, ey))  # fmt: skip


def close_up_view(point: Point) -> str | None:
    """The view a close-up of ``point`` is drawn on: the first of its views with a measuring
    line, a figure of a part of the body before one of the whole; None when it is on no view."""
    where = views_for(point.code)
    if not where:
        return None
    order = sorted(where, key=lambda v: map_view(v).height >= 1.5 * map_view(v).width)
    return next((v for v in order if measure(point, v) is not None), order[0])


def measured_points(library: Library | None = None) -> tuple[str, ...]:
    """The points whose close-up has a measuring line (their text measures from a landmark
    drawn on one of their views), in catalog order."""
    out = []
    for code, point in library_or_default(library).points.items():
        view = close_up_view(point)
        if view is not None and measure(point, view) is not None:
            out.append(code)
    return tuple(out)


def _fingers(cun: float) -> str:
    words = _FINGERS.get(cun)
    return tr("{cun} cun", cun=format(cun, "g")) + (f" ({tr(words)})" if words else "")


def _words(found: Measure | None) -> str:
    if found is None:
        return ""
    # i18n: a distance from a landmark: "3 cun (four finger widths) above the inner ankle bone"
    how = {
        _ACROSS: mark("{distance} out from the {landmark}"),
        _UP: mark("{distance} above the {landmark}"),
        _DOWN: mark("{distance} below the {landmark}"),
    }.get(found.direction, "{distance} " + found.direction + " the {landmark}")
    return tr(how, distance=_fingers(found.cun), landmark=found.landmark_name)


def close_up_words(point: Point) -> str:
    """What a point's close-up measures, in words (``3 cun (four finger widths) above the inner
    ankle bone``); ``""`` when it has no measuring line."""
    view = close_up_view(point)
    return _words(measure(point, view)) if view else ""


def _crop(
    figure: MapView, spots: Sequence[tuple[float, float]], pad: float, least: float = 0.3
) -> Box:
    """A square around ``spots`` (and ``pad`` more), at least ``least`` of the figure across."""
    xs, ys = [x for x, _y in spots], [y for _x, y in spots]
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    side = min(max(x1 - x0, y1 - y0, least * min(figure.width, figure.height)), figure.width)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x0, x1 = cx - side / 2, cx + side / 2
    y0, y1 = cy - side / 2, cy + side / 2
    dx = max(0.0, -x0) - max(0.0, x1 - figure.width)
    dy = max(0.0, -y0) - max(0.0, y1 - figure.height)
    x0, x1, y0, y1 = x0 + dx, x1 + dx, y0 + dy, y1 + dy
    return Box(max(0.0, x0), max(0.0, y0), min(figure.width, x1), min(figure.height, y1))


def render_close_up(
    code: str,
    *,
    view: str | None = None,
    library: Library | None = None,
    size_mm: float = 0.0,
    words: bool = True,
    number: int | None = None,
) -> str:
    """A self-contained SVG close-up of one point: its part of ``view`` (default
    ``close_up_view``) with its marker and code, the landmark its text measures from and a line
    from it marked in cun, as long as the text says (``<g class="measure">`` with
    ``data-landmark``, ``data-cun`` and ``data-units-per-cun``; ``<line class="cun-line">``).
    ``size_mm`` > 0 sizes it in millimetres (for a card; the marker then 4.1 mm across);
    ``words=False`` leaves out the line of words under it (a card says them in its caption);
    ``number`` labels the marker with a step's number instead of the code.
    ValueError when the point is on no
    view (or not on ``view``).
    """
    lib = library_or_default(library)
    point = lib.get(code)
    chosen = view or close_up_view(point)
    if chosen is None or chosen not in views() or chosen not in views_for(point.code):
        where = ", ".join(views_for(point.code)) or tr("no view")
        raise ValueError(
            tr(
                "no close-up of {point} on {view}: it is on {where}",
                point=point.code,
                view=chosen or tr("any view"),
                where=where,
            )
        )
    figure = map_view(chosen)
    found = measure(point, chosen)
    px, py = figure.positions(point.code)[0]
    spots = [(px, py)] + ([found.start, found.end] if found else [])
    unit = found.units_per_cun if found else figure.marker * 2
    # printed small on a card, closer in: the line stays longer than the marker is wide
    crop = _crop(figure, spots, max(figure.width * 0.06, unit * 1.5), 0.22 if size_mm else 0.3)
    # markers and words in proportion to the close-up; printed small, the marker keeps to the
    # card's 4.1 mm
    r = (crop.x1 - crop.x0) / 40
    if size_mm > 0:
        r = max(r, MARKER_MM * (crop.x1 - crop.x0) / size_mm)
    font = r * 1.3
    overlay: list[str] = []
    avoid: list[Box] = []
    if found:
        (sx, sy), (ex, ey) = found.start, found.end
        ox, oy = crop.x0, crop.y0
        overlay.append(
            f'<g class="measure" data-landmark="{_text(found.landmark)}" '
            f'data-cun="{found.cun:g}" data-units-per-cun="{found.units_per_cun:g}" '
            f'data-direction="{found.direction}">'
        )
        stroke = _num(max(r / 3, 1.0))
        overlay.append(
            f'<line class="cun-line" x1="{_num(sx - ox)}" y1="{_num(sy - oy)}" '
            f'x2="{_num(ex - ox)}" y2="{_num(ey - oy)}" stroke="#1f4e8c" stroke-width="{stroke}" '
            'stroke-linecap="round"/>'
        )
        across = found.direction == "across"
        # a mark at every cun from the landmark, and at the end
        marks_at = sorted({*(k / found.cun for k in range(int(found.cun) + 1)), 1.0})
        for t in marks_at:
            tx, ty = sx + (ex - sx) * t - ox, sy + (ey - sy) * t - oy
            dx, dy = (0.0, r * 0.8) if across else (r * 0.8, 0.0)
            overlay.append(
                f'<line class="cun-tick" x1="{_num(tx - dx)}" y1="{_num(ty - dy)}" '
                f'x2="{_num(tx + dx)}" y2="{_num(ty + dy)}" stroke="#1f4e8c" '
                f'stroke-width="{stroke}"/>'
            )
            avoid.append(Box(tx - dx - 1, ty - dy - 1, tx + dx + 1, ty + dy + 1))
        overlay.append(
            f'<circle class="landmark" cx="{_num(sx - ox)}" cy="{_num(sy - oy)}" '
            f'r="{_num(r * 0.55)}" fill="#1f4e8c"/>'
        )
        lx0, lx1 = sorted((sx - ox, ex - ox))
        ly0, ly1 = sorted((sy - oy, ey - oy))
        avoid.append(Box(lx0 - 1, ly0 - 1, lx1 + 1, ly1 + 1))
        overlay.append("</g>")
    mark = _marks([point.code], lib)[point.code]
    if number is not None:
        mark = Mark(point, (number,))
    panel = draw_figure(
        figure,
        [mark],
        numbered=number is not None,
        radius=r,
        size=font,
        crop=crop,
        caption=False,
        avoid=avoid,
        sides=False,
    )
    # the overlay in the panel's units: after the margin the labels took on the left
    moved = [f'<g class="overlay" transform="translate({_num(panel.left)} 0)">', *overlay, "</g>"]
    body = list(panel.parts)
    # over the markers, so a line shorter than a marker still shows: the figure's last part
    # closes it
    body[-1:-1] = moved if found else []
    said = _words(found) or tr("no measuring line: its text measures from no landmark drawn here")
    tsize = font
    lines = textwrap.wrap(said, max(12, int(panel.width / (tsize * 0.6)))) if words else []
    caption = [
        f'<text class="measure-words" x="{_num(panel.width / 2)}" '
        f'y="{_num(panel.height + (i + 1) * tsize * 1.25)}" font-size="{_num(tsize)}" '
        f'fill="#1f4e8c" text-anchor="middle">{_text(line)}</text>'
        for i, line in enumerate(lines)
    ]
    height = panel.height + (len(lines) + 0.6) * tsize * 1.25
    body.extend(caption)
    title = tr("Close-up of {point}", point=point_words(point))
    desc = f"{point_words(point)}: {said}" + (tr(", marked in cun.") if found else ".")
    size = (
        f'width="{size_mm:.1f}mm" height="{size_mm * height / panel.width:.1f}mm" '
        if size_mm > 0
        else f'width="{_num(_PIXELS)}" height="{_num(_PIXELS * height / panel.width)}" '
    )
    return (
        "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="close-up" '
                f'role="img" viewBox="0 0 {_num(panel.width)} {_num(height)}" {size}'
                f'font-family="{FONT}" data-point="{_text(point.code)}" '
                f'data-view="{_text(chosen)}" data-crop="{_num(crop.x0)} {_num(crop.y0)}" '
                f'data-left="{_num(panel.left)}" data-measure="{"yes" if found else "none"}">',
                f"<title>{_text(title)}</title>",
                f"<desc>{_text(desc)}</desc>",
                f'<rect width="{_num(panel.width)}" height="{_num(height)}" fill="#ffffff"/>',
                *body,
                "</svg>",
            ]
        )
        + "\n"
    )
