"""The composer's candidates: which points the packs indicate, their value and their dosing.

The candidate index for a set of conditions is built once per library (``candidate_index``); the
feasibility of a dosing under the person's constraints is ``infeasibility``; ``dominated`` is the
exact pruning the module docs of ``composer`` describe.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs

from .._i18n import tr
from .._model.coerce import boolean, enum_member, enum_tuple, suggest, text_tuple, whole_number
from .._model.packs import Dosing, Indication, Pack, Position, evidence_weight
from .._model.points import Point, Reach
from .._model.references import Population, Reference, Studied
from .._model.routines import KNOWN_TOOLS, Contact, Sides
from .._model.safety import Profile
from .._model.words import word

if TYPE_CHECKING:
    from .._library import Library

__all__ = [
    "DURATION_STEP",
    "MAX_MINUTES",
    "MAX_POINTS",
    "POSITION_ORDER",
    "SHORT_HOLD_VALUE",
    "UNIT",
    "Candidate",
    "Constraints",
    "Option",
    "candidate_index",
    "dominated",
    "durations",
    "evidence_label",
    "hold_share",
    "infeasibility",
    "populations",
    "prune",
    "way_infeasibility",
]

UNIT = 5  # seconds: the budget's granularity
DURATION_STEP = 15  # seconds between the hold times considered for one point
SHORT_HOLD_VALUE = 0.75
POSITION_ORDER = (Position.SITTING, Position.STANDING, Position.LYING)
MAX_MINUTES = 120
"""The longest time budget ``compose()`` takes, in minutes.

Two hours is far beyond any self-acupressure session a pack advises, and the solver's table grows
with the budget (1440 units of 5 seconds at most).
"""
MAX_POINTS = 50
"""The most points ``Constraints.max_points`` may allow.

More is no self-care routine, and the solver's table has a layer for each point allowed.
"""


def _tools(value: Sequence[str]) -> tuple[str, ...]:
    tools = text_tuple(value, "tools", "tool")
    for tool in tools:
        if tool not in KNOWN_TOOLS:
            hint = suggest(tool, KNOWN_TOOLS) or ";"
            raise ValueError(
                tr("tools: unknown tool {tool}", tool=repr(tool))
                + hint
                + tr(" choose from {tools}", tools=", ".join(KNOWN_TOOLS))
            )
    return tools


def _positions(value: Sequence[Position | str]) -> tuple[Position, ...]:
    return enum_tuple(value, Position, "positions", "position")


def _sides(value: Sides | str) -> Sides:
    return enum_member(value, Sides, "sides", "side")


@attrs.frozen
class Constraints:
    """What the person can do: alone or with a partner, tools, positions, points, sides.

    ``tools`` are ids of ``KNOWN_TOOLS``; positions and sides may be given as members or their
    values (``"lying"``), lists as lists or tuples. ``max_points`` is from 1 to ``MAX_POINTS``.
    Anything else raises TypeError or ValueError naming the field.
    """

    partner: bool = attrs.field(default=False, validator=boolean)
    tools: tuple[str, ...] = attrs.field(default=(), converter=_tools)
    positions: tuple[Position, ...] = attrs.field(default=POSITION_ORDER, converter=_positions)
    max_points: int | None = attrs.field(default=None, validator=whole_number)
    sides: Sides = attrs.field(default=Sides.BOTH, converter=_sides)

    def __attrs_post_init__(self) -> None:
        if self.max_points is not None and not 1 <= self.max_points <= MAX_POINTS:
            raise ValueError(
                tr(
                    "max_points: must be from 1 to {most}, got {value}",
                    most=MAX_POINTS,
                    value=self.max_points,
                )
            )
        if not self.positions:
            raise ValueError(tr("allow at least one position (sitting, lying or standing)"))
        if self.sides is Sides.CENTER:
            raise ValueError(tr("sides must be both, left or right"))


@attrs.frozen
class Option:
    point: str
    cost: int  # budget units
    value: float
    seconds: int  # per side
    dosing: Dosing


class Candidate(NamedTuple):
    point: Point
    base: float
    indications: tuple[tuple[Pack, Indication], ...]
    dosings: tuple[tuple[Dosing, tuple[int, ...]], ...]  # with the hold times considered


def durations(dosing: Dosing) -> list[int]:
    """The hold times (per side) considered for a dosing entry, shortest first."""
    natural = dosing.technique.natural_seconds
    if natural:
        return [natural]
    grid = list(range(dosing.min_seconds, dosing.max_seconds + 1, DURATION_STEP))
    if grid[-1] != dosing.max_seconds:
        grid.append(dosing.max_seconds)
    return grid


def hold_share(dosing: Dosing, seconds: int) -> float:
    """The share of a point's value that holding it ``seconds`` earns."""
    span = dosing.max_seconds - dosing.min_seconds
    fraction = (seconds - dosing.min_seconds) / span if span else 1.0
    return SHORT_HOLD_VALUE + (1 - SHORT_HOLD_VALUE) * min(1.0, max(0.0, fraction))


ADULT_AGE = 18  # trials that enrolled adults only left out anyone younger


def populations(profile: Profile) -> frozenset[Population]:
    """The groups a person belongs to that studies often leave out (see ``Population``)."""
    groups = set()
    if profile.could_be_pregnant:
        groups.add(Population.PREGNANCY)
    if profile.age is not None and profile.age < ADULT_AGE:
        groups.add(Population.CHILDREN)
    if "anticoagulants" in profile.has:
        groups.add(Population.ANTICOAGULANTS)
    return frozenset(groups)


def _what_was_studied(ref: Reference, groups: frozenset[Population]) -> str:
    """What a reference studied and, for this person, why it may count only as tradition."""
    parts = []
    if ref.studied is not None:
        parts.append(ref.studied.words)
        if not ref.studied.is_acupressure and ref.studied is not Studied.TRADITION:
            parts.append(tr("counts as tradition"))
    left_out = [g.words for g in ref.excluded if g in groups]
    if left_out:
        parts.append(
            tr(
                "not studied in {groups}, so it counts as tradition for you",
                groups=tr(" or ").join(left_out),
            )
        )
    return f" ({'; '.join(parts)})" if parts else ""


def evidence_label(pack: Pack, ind: Indication, groups: frozenset[Population] = frozenset()) -> str:
    """The evidence behind an indication, for a person in ``groups``: each reference's kind,
    what it studied, whether it studied people like them, and its citation."""
    labels = []
    for ref_id in ind.references:
        ref = pack.reference(ref_id)
        labels.append(
            tr("tradition")
            if ref is None
            else f"{word(ref.kind.value)}{_what_was_studied(ref, groups)}: {ref.citation}"
        )
    return "; ".join(dict.fromkeys(labels))


def infeasibility(dosing: Dosing, point: Point, constraints: Constraints) -> str | None:
    """Why this dosing cannot be used with these constraints (None when it can)."""
    return way_infeasibility(dosing.technique.contact, dosing.position, point.reach, constraints)


def way_infeasibility(
    contact: Contact, position: Position, reach: Reach, constraints: Constraints
) -> str | None:
    """Why pressing with ``contact``, in ``position``, a point of ``reach`` cannot be done with
    these constraints (None when it can): all that ``infeasibility`` looks at."""
    tool = "tennis-ball" if contact is Contact.BALL_FLOOR or contact is Contact.BALL_WALL else None
    if tool is not None and tool not in constraints.tools:
        return tr("needs a {tool} (add --tool {tool})", tool=tool)
    if position not in constraints.positions:
        return tr(
            "is done {position}, which is not allowed here",
            position=word(position.value),
        )
    if reach is Reach.PARTNER and not constraints.partner:
        return tr("needs a partner")
    if reach is Reach.TOOL and not (constraints.partner or constraints.tools or tool):
        return tr("is hard to reach alone without a tool or a partner")
    return None


def dominated(items: Sequence[tuple[int, float, float, str]], keep: int) -> set[int]:
    """Indexes of items that ``keep`` other points dominate (see the module docs).

    Each item is (cost, value offered at that cost, best value it could reach, point code): an
    item is dominated when ``keep`` other points each offer at least its best value for at most
    its cost. Only the ``keep + 1`` best offers so far need remembering.
    """
    order = [i for *_key, i in sorted((c, -o, p, i) for i, (c, o, _r, p) in enumerate(items))]
    top: list[tuple[float, str]] = []  # (-value, point), ascending: best first
    best: dict[str, float] = {}
    dropped: set[int] = set()
    for i in order:
        _cost, offer, reach, point = items[i]
        if len(top) >= keep:
            mine = best.get(point)
            rank = bisect.bisect_left(top, (-mine, point)) if mine is not None else keep
            index = keep if rank < keep else keep - 1
            if index < len(top) and -top[index][0] >= reach:
                dropped.add(i)
                continue
        previous = best.get(point)
        if previous is None or offer > previous:
            if previous is not None:
                top.remove((-previous, point))
            bisect.insort(top, (-offer, point))
            best[point] = offer
            if len(top) > keep + 1:
                _v, gone = top.pop()
                del best[gone]
    return dropped


def prune(options: list[Option], keep: int) -> list[Option]:
    """Drop options that no optimum needs (see the module docs for why this is exact)."""
    if keep <= 0:
        return []
    items = [(o.cost, o.value, o.value, o.point) for o in options]
    dropped = dominated(items, keep)
    return [o for i, o in enumerate(options) if i not in dropped]


def candidate_index(
    library: Library,
    conditions: tuple[str, ...],
    groups: frozenset[Population] = frozenset(),
) -> tuple[dict[str, Candidate], list[int], frozenset[int]]:
    """The candidate points for these conditions, most valuable first; for each position the
    least cost (budget units) any candidate from there on could have; and the ids of their
    regions. ``groups`` are the person's (``populations``): a study that left them out weighs as
    tradition. Cached per library."""

    def build() -> tuple[dict[str, Candidate], list[int], frozenset[int]]:
        wanted = set(conditions)
        weights: dict[str, float] = {}
        indications: dict[str, list[tuple[Pack, Indication]]] = {}
        for pack in library.packs:
            strength = {r.id: evidence_weight(r, groups) for r in pack.references}
            tradition = evidence_weight(None)
            for ind in pack.indications:
                if ind.condition in wanted:
                    weight = max(
                        (strength.get(ref, tradition) for ref in ind.references), default=tradition
                    )
                    weights[ind.point] = weights.get(ind.point, 0.0) + ind.priority * weight
                    indications.setdefault(ind.point, []).append((pack, ind))
        # A point's dosing comes from the packs that indicate it for these conditions; other
        # packs' dosing is used only when none of those gives any.
        dosings: dict[str, list[tuple[Dosing, tuple[int, ...]]]] = {}
        fallback: dict[str, list[tuple[Dosing, tuple[int, ...]]]] = {}
        for pack in library.packs:
            for d in pack.dosing:
                if d.point in weights:
                    own = any(p is pack for p, _ind in indications[d.point])
                    target = dosings if own else fallback
                    target.setdefault(d.point, []).append((d, tuple(durations(d))))
        for code, entries in fallback.items():
            dosings.setdefault(code, entries)
        points = library.points
        ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        candidates = {
            code: Candidate(
                points[code], base, tuple(indications[code]), tuple(dosings.get(code, ()))
            )
            for code, base in ranked
        }
        least = [
            min((-(-t[0] // UNIT) for _d, t in c.dosings), default=1 << 30)
            for c in candidates.values()
        ]
        for i in range(len(least) - 2, -1, -1):
            least[i] = min(least[i], least[i + 1])
        regions = frozenset(id(c.point.location.region) for c in candidates.values())
        return candidates, least, regions

    key = ("compose-candidates", conditions, tuple(sorted(g.value for g in groups)))
    return library.memo(key, build)
