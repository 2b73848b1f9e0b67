"""Where the labels of a figure's markers go, so that no label covers a marker or another label.

Pure geometry in a figure's own units: the drawing code gives the markers (centre, radius, label
text) and gets back, for each, a box for its label and, when the label sits away from its
marker, a leader line to draw from the marker to it. A label goes, in order of preference:

1. inside its marker, when it is short enough (a number) and no other marker touches the marker;
2. just beside its marker, in one of eight directions (outward from the figure's middle first);
3. farther out in those directions, with a leader line that crosses no other marker or label;
4. in a column in the margin to the left or right of the figure, with a leader line, when the
   figure is too crowded (every point of the back at once, say); the margins grow to fit.

Text is measured with the advance widths of DejaVu Sans Bold, the font the drawings ask for
first (the widest of the fallbacks), and a label's box is the font's full line box (ascent and
descent), so a browser's own text box never exceeds it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

__all__ = ["ASCENT", "DESCENT", "Box", "Label", "Layout", "Spot", "place_labels", "text_width"]

ASCENT = 0.93  # of the font size, above the baseline (the line box, not the ink)
DESCENT = 0.24

# DejaVu Sans Bold advance widths, in ems (measured in Chromium).
_WIDTHS = {
    **dict.fromkeys("0123456789", 0.696),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [
        0.774, 0.762, 0.734, 0.83, 0.683, 0.683, 0.821, 0.837, 0.372, 0.372, 0.775, 0.637, 0.995,
        0.837, 0.85, 0.733, 0.85, 0.77, 0.72, 0.703, 0.812, 0.774, 1.103, 0.771, 0.724, 0.725,
    ], strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", [
        0.675, 0.716, 0.593, 0.716, 0.678, 0.435, 0.716, 0.712, 0.343, 0.343, 0.665, 0.343, 1.042,
        0.712, 0.687, 0.716, 0.716, 0.493, 0.595, 0.478, 0.712, 0.652, 0.924, 0.645, 0.652, 0.582,
    ], strict=True)),
    " ": 0.348, "-": 0.415, ",": 0.38, ".": 0.38, ":": 0.4, "(": 0.457, ")": 0.457, "'": 0.306,
    "/": 0.365,
}  # fmt: skip
_WIDE = 1.0  # any other character: wider than most


def text_width(text: str, size: float) -> float:
    """The advance width of ``text`` at font size ``size``, in the same units."""
    return sum(_WIDTHS.get(ch, _WIDE) for ch in text) * size


class Box(NamedTuple):
    """An axis-aligned rectangle."""

    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: Box) -> bool:
        """True when the two boxes overlap (touching edges do not)."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def hits_circle(self, x: float, y: float, r: float) -> bool:
        """True when the box and the disc of radius ``r`` around (x, y) overlap."""
        nx = min(max(x, self.x0), self.x1)
        ny = min(max(y, self.y0), self.y1)
        return (nx - x) ** 2 + (ny - y) ** 2 < r * r

    def within(self, outer: Box) -> bool:
        """True when this box lies inside ``outer``."""
        return (
            self.x0 >= outer.x0
            and self.y0 >= outer.y0
            and self.x1 <= outer.x1
            and self.y1 <= outer.y1
        )

    def nearest(self, x: float, y: float) -> tuple[float, float]:
        """The point of the box nearest to (x, y)."""
        return (min(max(x, self.x0), self.x1), min(max(y, self.y0), self.y1))


class Spot(NamedTuple):
    """A marker to label: its centre and the label's text."""

    x: float
    y: float
    text: str


class Label(NamedTuple):
    """Where one label goes: its box, the text's anchor point (middle of the box, on the
    baseline) and the leader line from the marker's edge to the box, if any."""

    box: Box
    x: float
    baseline: float
    inside: bool
    leader: tuple[float, float, float, float] | None


class Layout(NamedTuple):
    """The labels, in the order of the spots, and the margins they needed beside the figure."""

    labels: tuple[Label, ...]
    left: float
    right: float


def _segment_hits_circle(
    seg: tuple[float, float, float, float], x: float, y: float, r: float
) -> bool:
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / length))
    px, py = x0 + t * dx, y0 + t * dy
    return (px - x) ** 2 + (py - y) ** 2 < r * r


def _segments_cross(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> bool:
    def orient(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = orient(b[0], b[1], b[2], b[3], a[0], a[1])
    d2 = orient(b[0], b[1], b[2], b[3], a[2], a[3])
    d3 = orient(a[0], a[1], a[2], a[3], b[0], b[1])
    d4 = orient(a[0], a[1], a[2], a[3], b[2], b[3])
    return d1 * d2 < 0 and d3 * d4 < 0


def _segment_hits_box(seg: tuple[float, float, float, float], box: Box) -> bool:
    x0, y0, x1, y1 = seg
    if box.x0 < x0 < box.x1 and box.y0 < y0 < box.y1:
        return True
    if box.x0 < x1 < box.x1 and box.y0 < y1 < box.y1:
        return True
    edges = (
        (box.x0, box.y0, box.x1, box.y0),
        (box.x1, box.y0, box.x1, box.y1),
        (box.x1, box.y1, box.x0, box.y1),
        (box.x0, box.y1, box.x0, box.y0),
    )
    return any(_segments_cross(seg, edge) for edge in edges)


class _Grid:
    """Circles bucketed by cell, to test a box against the few circles near it."""

    def __init__(self, circles: Sequence[tuple[float, float]], radius: float) -> None:
        self.radius = radius
        self.cell = max(radius * 4, 1.0)
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.circles = circles
        for i, (x, y) in enumerate(circles):
            self.cells.setdefault(self._key(x, y), []).append(i)

    def _key(self, x: float, y: float) -> tuple[int, int]:
        return (math.floor(x / self.cell), math.floor(y / self.cell))

    def near(self, box: Box) -> Iterable[int]:
        kx0, ky0 = self._key(box.x0 - self.radius, box.y0 - self.radius)
        kx1, ky1 = self._key(box.x1 + self.radius, box.y1 + self.radius)
        for kx in range(kx0, kx1 + 1):
            for ky in range(ky0, ky1 + 1):
                yield from self.cells.get((kx, ky), ())


_DIRECTIONS = (
    (1.0, 0.0),
    (0.7071, -0.7071),
    (0.7071, 0.7071),
    (0.0, -1.0),
    (0.0, 1.0),
    (-0.7071, -0.7071),
    (-0.7071, 0.7071),
    (-1.0, 0.0),
)
_RINGS = (0.0, 0.7, 1.5, 2.5, 3.6, 5.0, 7.0)  # in marker radii beyond the marker's edge


def place_labels(
    spots: Sequence[Spot],
    *,
    radius: float,
    size: float,
    width: float,
    height: float,
    keep_out: Sequence[Box] = (),
    inside: bool = False,
    halo: float = 0.0,
) -> Layout:
    """Boxes for the labels of ``spots`` that cover no marker and no other label.

    ``radius`` is the markers' radius (with their outline), ``size`` the labels' font size and
    ``halo`` the width of the white edge drawn around a label's letters. Labels stay inside the
    ``width`` x ``height`` figure and off the ``keep_out`` boxes (captions, say), except the ones
    that go in a margin. With ``inside``, a label short enough to fit may sit inside its own
    marker when no other marker touches it.
    """
    pad = halo / 2 + size * 0.06
    gap = max(radius * 0.25, size * 0.15)
    clear = radius + 0.5  # a label keeps this far from a marker's centre
    height_box = (ASCENT + DESCENT) * size + 2 * pad
    figure = Box(0.0, 0.0, width, height)
    centres = [(s.x, s.y) for s in spots]
    grid = _Grid(centres, clear)
    placed: list[Box] = list(keep_out)
    leaders: list[tuple[float, float, float, float]] = []
    out: dict[int, Label] = {}

    def free(box: Box, own: int | None = None) -> bool:
        if any(box.hits(other) for other in placed):
            return False
        for i in grid.near(box):
            if i != own and box.hits_circle(*centres[i], clear):
                return False
        return not any(_segment_hits_box(seg, box) for seg in leaders)

    def leader_free(seg: tuple[float, float, float, float], own: int) -> bool:
        for i, (x, y) in enumerate(centres):
            if i != own and _segment_hits_circle(seg, x, y, clear):
                return False
        if any(_segment_hits_box(seg, box) for box in placed):
            return False
        return not any(_segments_cross(seg, other) for other in leaders)

    def crowd(i: int) -> int:
        x, y = centres[i]
        reach = (radius * 6) ** 2
        return sum(1 for (px, py) in centres if (px - x) ** 2 + (py - y) ** 2 < reach)

    order = sorted(range(len(spots)), key=lambda i: (-crowd(i), spots[i].y, spots[i].x))
    margin: list[int] = []
    for i in order:
        spot = spots[i]
        w = text_width(spot.text, size) + 2 * pad
        text_w = w - 2 * pad
        if inside and text_w <= radius * 1.6:
            box = Box(
                spot.x - w / 2, spot.y - height_box / 2, spot.x + w / 2, spot.y + height_box / 2
            )
            alone = not any(
                j != i and math.dist(centres[j], centres[i]) < 2 * clear for j in grid.near(box)
            )
            if alone and free(box, own=i):
                out[i] = _label(box, pad, size, True, None)
                placed.append(box)
                continue
        outward = -1.0 if spot.x < width / 2 else 1.0
        directions = sorted(_DIRECTIONS, key=lambda d: -d[0] * outward)
        found = None
        for ring in _RINGS:
            reach = clear + gap + ring * radius
            for dx, dy in directions:
                ax, ay = spot.x + dx * reach, spot.y + dy * reach
                bx = ax if dx > 0.1 else ax - w if dx < -0.1 else ax - w / 2
                by = ay if dy > 0.1 else ay - height_box if dy < -0.1 else ay - height_box / 2
                box = Box(bx, by, bx + w, by + height_box)
                if not box.within(figure) or not free(box):
                    continue
                seg = None
                if ring:
                    seg = _leader(spot, box, radius)
                    if not leader_free(seg, i):
                        continue
                found = (box, seg)
                break
            if found:
                break
        if found is None:
            margin.append(i)
            continue
        box, seg = found
        out[i] = _label(box, pad, size, False, seg)
        placed.append(box)
        if seg is not None:
            leaders.append(seg)

    left, right = 0.0, 0.0
    for side in (-1, 1):
        mine = sorted(
            (i for i in margin if (spots[i].x < width / 2) == (side < 0)), key=lambda i: spots[i].y
        )
        if not mine:
            continue
        pitch = height_box + 1.0
        per_column = max(1, int(height // pitch))
        columns = [mine[k : k + per_column] for k in range(0, len(mine), per_column)]
        reach = gap * 2
        for column in columns:
            col_w = max(text_width(spots[i].text, size) + 2 * pad for i in column)
            tops = _stack([spots[i].y - height_box / 2 for i in column], pitch, height)
            for i, top in zip(column, tops, strict=True):
                w = text_width(spots[i].text, size) + 2 * pad
                x0 = width + reach if side > 0 else -reach - w
                box = Box(x0, top, x0 + w, top + height_box)
                out[i] = _label(box, pad, size, False, _leader(spots[i], box, radius))
            reach += col_w + gap * 2
        if side < 0:
            left = reach
        else:
            right = reach
    return Layout(tuple(out[i] for i in range(len(spots))), left, right)


def _stack(tops: Sequence[float], pitch: float, height: float) -> list[float]:
    """Tops for boxes ``pitch`` apart, each as near its wish as it can, all within the height."""
    out: list[float] = []
    for top in tops:
        out.append(max(top, out[-1] + pitch) if out else max(top, 0.0))
    overflow = (out[-1] + pitch - 1.0) - height if out else 0.0
    if overflow > 0:
        out = [t - overflow for t in out]
        for k in range(len(out)):  # no box above the top: push down again, in order
            out[k] = max(out[k], 0.0 if k == 0 else out[k - 1] + pitch)
    return out


def _leader(spot: Spot, box: Box, radius: float) -> tuple[float, float, float, float]:
    """A line from the marker's edge to the nearest point of the label's box."""
    ex, ey = box.nearest(spot.x, spot.y)
    dist = math.hypot(ex - spot.x, ey - spot.y) or 1.0
    return (
        spot.x + (ex - spot.x) / dist * radius,
        spot.y + (ey - spot.y) / dist * radius,
        ex,
        ey,
    )


def _label(
    box: Box,
    pad: float,
    size: float,
    inside: bool,
    leader: tuple[float, float, float, float] | None,
) -> Label:
    return Label(box, (box.x0 + box.x1) / 2, box.y0 + pad + ASCENT * size, inside, leader)
