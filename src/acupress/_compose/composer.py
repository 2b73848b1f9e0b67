"""The routine composer: the most valuable safe routine for some conditions within a time budget.

The value of a point is what the packs state: the sum, over the requested conditions, of each
indication's priority times the strength of its evidence (1 tradition, 2 trial, 3 review or
guideline). Many points of one body region give diminishing returns: the r-th most valuable
candidate of a region (r = 0, 1, ...) counts ``REGION_DECAY ** r`` of its value. A longer hold
within a pack's dosing range is worth a little more, from ``SHORT_HOLD_VALUE`` of the value at the
shortest useful time up to all of it at the longest advised.

Choosing which points and how long is a multiple-choice knapsack over the budget in 5-second
units, solved exactly by dynamic programming; options that cannot be in any optimum are pruned
first (an option is dropped only when ``K`` other points each offer at least its value for at most
its time, ``K`` being the most points any routine can hold). Same inputs, same routine.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs

from ._model import Contact, Laterality, Point, Reach, Region, Routine, Sides, Step
from ._pack import EVIDENCE_WEIGHT, Dosing, Indication, Pack, Position
from ._safety import Profile, SafetyReport, Severity, lowest_cap, worst
from .errors import ComposeError

if TYPE_CHECKING:
    from ._library import Library

__all__ = [
    "ComposeError",
    "Composition",
    "Constraints",
    "Exclusion",
    "Explanation",
    "compose",
]

UNIT = 5  # seconds: the budget's granularity
DURATION_STEP = 15  # seconds between the hold times considered for one point
REGION_DECAY = 0.7
SHORT_HOLD_VALUE = 0.75
BILATERAL = Laterality.BILATERAL
POSITION_ORDER = (Position.SITTING, Position.STANDING, Position.LYING)
REGION_ORDER = {region: i for i, region in enumerate(Region)}


@attrs.frozen
class Constraints:
    """What the person can do: alone or with a partner, tools, positions, points, sides."""

    partner: bool = False
    tools: tuple[str, ...] = ()
    positions: tuple[Position, ...] = POSITION_ORDER
    max_points: int | None = None
    sides: Sides = Sides.BOTH

    def __attrs_post_init__(self) -> None:
        if self.max_points is not None and self.max_points < 1:
            raise ValueError(f"max_points must be at least 1, got {self.max_points}")
        if not self.positions:
            raise ValueError("allow at least one position (sitting, lying or standing)")
        if self.sides is Sides.CENTER:
            raise ValueError("sides must be both, left or right")


@attrs.frozen
class Explanation:
    """Why a step was chosen: the indications behind it and the evidence for each."""

    point: str
    why: tuple[str, ...]
    evidence: str
    value: float
    position: Position = Position.SITTING


@attrs.frozen
class Exclusion:
    """A candidate left out, and why."""

    point: str
    reason: str


@attrs.frozen
class Composition:
    """A composed routine with the reason for every choice and the safety report."""

    conditions: tuple[str, ...]
    routine: Routine
    explanations: tuple[Explanation, ...]
    excluded: tuple[Exclusion, ...]
    safety: SafetyReport
    budget_seconds: int

    @property
    def total_seconds(self) -> int:
        """The routine's length, both sides counted."""
        return self.routine.total_seconds

    def explanation(self, code: str) -> Explanation:
        """The explanation for the step at point ``code``."""
        return next(e for e in self.explanations if e.point == code)


@attrs.frozen
class _Option:
    point: str
    cost: int  # budget units
    value: float
    seconds: int  # per side
    dosing: Dosing


class _Candidate(NamedTuple):
    point: Point
    base: float
    indications: tuple[tuple[Pack, Indication], ...]
    dosings: tuple[tuple[Dosing, tuple[int, ...]], ...]  # with the hold times considered


def _durations(dosing: Dosing) -> list[int]:
    """The hold times (per side) considered for a dosing entry, shortest first."""
    natural = dosing.technique.natural_seconds
    if natural:
        return [natural]
    grid = list(range(dosing.min_seconds, dosing.max_seconds + 1, DURATION_STEP))
    if grid[-1] != dosing.max_seconds:
        grid.append(dosing.max_seconds)
    return grid


def _hold(dosing: Dosing, seconds: int) -> float:
    """The share of a point's value that holding it ``seconds`` earns."""
    span = dosing.max_seconds - dosing.min_seconds
    fraction = (seconds - dosing.min_seconds) / span if span else 1.0
    return SHORT_HOLD_VALUE + (1 - SHORT_HOLD_VALUE) * min(1.0, max(0.0, fraction))


def _evidence_label(pack: Pack, ind: Indication) -> str:
    labels = []
    for ref_id in ind.references:
        ref = pack.reference(ref_id)
        labels.append("tradition" if ref is None else f"{ref.kind.value}: {ref.citation}")
    return "; ".join(dict.fromkeys(labels))


def _needs(dosing: Dosing, point: Point, constraints: Constraints) -> str | None:
    """Why this dosing cannot be used with these constraints (None when it can)."""
    contact = dosing.technique.contact
    tool = "tennis-ball" if contact is Contact.BALL_FLOOR or contact is Contact.BALL_WALL else None
    if tool is not None and tool not in constraints.tools:
        return f"needs a {tool} (add --tool {tool})"
    if dosing.position not in constraints.positions:
        return f"is done {dosing.position.value}, which is not allowed here"
    reach = point.reach
    if reach is Reach.PARTNER and not constraints.partner:
        return "needs a partner"
    if reach is Reach.TOOL and not (constraints.partner or constraints.tools or tool):
        return "is hard to reach alone without a tool or a partner"
    return None


def _solve(options: Sequence[_Option], budget: int, max_points: int | None) -> list[_Option]:
    """Exact multiple-choice knapsack: at most one option per point, total cost <= budget."""
    by_point: dict[str, list[_Option]] = {}
    for o in options:
        by_point.setdefault(o.point, []).append(o)
    groups = list(by_point.values())
    neg = -math.inf
    if max_points is None:
        best = [0.0] * (budget + 1)
        choice: list[list[int]] = []  # per group: option index chosen at each budget, or -1
        for group in groups:
            new = best[:]
            picked = [-1] * (budget + 1)
            for index, o in enumerate(group):
                w, v = o.cost, o.value
                for b in range(budget, w - 1, -1):
                    candidate = best[b - w] + v
                    if candidate > new[b] + 1e-12:
                        new[b] = candidate
                        picked[b] = index
            best = new
            choice.append(picked)
        chosen: list[_Option] = []
        b = max(range(budget + 1), key=lambda x: (best[x], -x))
        for group, picked in zip(reversed(groups), reversed(choice), strict=True):
            index = picked[b]
            if index >= 0:
                chosen.append(group[index])
                b -= group[index].cost
        return chosen
    # With a cap on the number of points: the state is (points used, budget).
    cap = max_points
    table = [[neg] * (budget + 1) for _ in range(cap + 1)]
    table[0] = [0.0] * (budget + 1)
    history: list[list[list[int]]] = []
    for group in groups:
        grid = [row[:] for row in table]
        marks = [[-1] * (budget + 1) for _ in range(cap + 1)]
        for index, o in enumerate(group):
            w, v = o.cost, o.value
            for k in range(cap, 0, -1):
                prev, row, mark = table[k - 1], grid[k], marks[k]
                for b in range(budget, w - 1, -1):
                    candidate = prev[b - w] + v
                    if candidate > row[b] + 1e-12:
                        row[b] = candidate
                        mark[b] = index
        table = grid
        history.append(marks)
    k, b = max(
        ((k, b) for k in range(cap + 1) for b in range(budget + 1)),
        key=lambda kb: (table[kb[0]][kb[1]], -kb[1], -kb[0]),
    )
    capped: list[_Option] = []
    for group, marks in zip(reversed(groups), reversed(history), strict=True):
        index = marks[k][b]
        if index >= 0:
            capped.append(group[index])
            b -= group[index].cost
            k -= 1
    return capped


def _dominated(items: Sequence[tuple[int, float, float, str]], keep: int) -> set[int]:
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


def _prune(options: list[_Option], keep: int) -> list[_Option]:
    """Drop options that no optimum needs (see the module docs for why this is exact)."""
    if keep <= 0:
        return []
    items = [(o.cost, o.value, o.value, o.point) for o in options]
    dropped = _dominated(items, keep)
    return [o for i, o in enumerate(options) if i not in dropped]


def _candidates(
    library: Library, conditions: tuple[str, ...]
) -> tuple[dict[str, _Candidate], list[int], frozenset[int]]:
    """The candidate points for these conditions, most valuable first; for each position the
    least cost (budget units) any candidate from there on could have; and the ids of their
    regions. Cached per library."""

    def build() -> tuple[dict[str, _Candidate], list[int], frozenset[int]]:
        wanted = set(conditions)
        weights: dict[str, float] = {}
        indications: dict[str, list[tuple[Pack, Indication]]] = {}
        for pack in library.packs:
            strength = {r.id: EVIDENCE_WEIGHT[r.kind] for r in pack.references}
            for ind in pack.indications:
                if ind.condition in wanted:
                    weight = max((strength.get(ref, 1) for ref in ind.references), default=1)
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
                    target.setdefault(d.point, []).append((d, tuple(_durations(d))))
        for code, entries in fallback.items():
            dosings.setdefault(code, entries)
        points = library.points
        ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        candidates = {
            code: _Candidate(
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

    return library.memo(("compose-candidates", conditions), build)


def compose(
    conditions: str | Iterable[str],
    *,
    minutes: float,
    profile: Profile | None = None,
    constraints: Constraints | None = None,
    library: Library | None = None,
) -> Composition:
    """The most valuable routine for ``conditions`` within ``minutes``, safe for ``profile``.

    Raises ComposeError for a budget that is not a positive number or is below the shortest useful
    step, and when every candidate is unsafe or impossible; UnknownPointError (what='condition')
    for an unknown condition, with suggestions.
    """
    from ._library import load

    lib = library if library is not None else load()
    profile = profile or Profile()
    constraints = constraints or Constraints()
    wanted = (conditions,) if isinstance(conditions, str) else tuple(dict.fromkeys(conditions))
    if not wanted:
        raise ComposeError("name at least one condition (see 'acupress conditions')")
    for condition in wanted:
        lib.condition(condition)
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not math.isfinite(minutes)
    ):
        raise ComposeError(f"the time budget must be a number of minutes, got {minutes!r}")
    if minutes <= 0:
        raise ComposeError(f"the time budget must be more than 0 minutes, got {minutes:g}")
    budget_seconds = round(minutes * 60)
    budget = budget_seconds // UNIT

    candidates, least_cost, all_regions = _candidates(lib, wanted)
    excluded: list[Exclusion] = []
    rules = lib.safety
    unsafe = rules.evaluate_all(candidates, profile)
    by_contact = rules.contact_rules(profile)
    region_rank: dict[int, int] = {}  # keyed by id(region): enum hashing is slow in a hot loop
    shortest: tuple[int, str] | None = None
    # Phase 1, per candidate: safety, constraints, value, and its cheapest and best offers.
    usable_by_code: dict[str, tuple[float, int, list[tuple[Dosing, tuple[int, ...]]]]] = {}
    offers: list[tuple[int, float, float, str]] = []
    sides_both = constraints.sides is Sides.BOTH
    # The most points any routine can hold bounds how many better offers make a candidate useless.
    limit = constraints.max_points
    most_possible = budget // max(1, least_cost[0]) if least_cost else 0
    if limit is not None:
        most_possible = min(most_possible, limit)
    skipped: list[str] = []
    for index, (code, cand) in enumerate(candidates.items()):
        if most_possible and index % 32 == 0 and len(offers) >= most_possible:
            # Every candidate from here on is worth at most its base, decayed by the fewest
            # candidates any region has had so far, and costs at least least_cost[index]: if
            # enough offers beat that, none of them can be in an optimum.
            fewest = min(region_rank.get(r, 0) for r in all_regions)
            bound, floor = cand.base * REGION_DECAY**fewest, least_cost[index]
            if sum(1 for c, o, _r, _p in offers if c <= floor and o >= bound) >= most_possible:
                skipped = list(candidates)[index:]
                break
        if code in unsafe:
            findings = unsafe[code]
            if worst(findings) is Severity.AVOID:
                rule_ids = ", ".join(f.rule for f in findings if f.severity is Severity.AVOID)
                excluded.append(Exclusion(code, f"unsafe for this profile (rule {rule_ids})"))
                continue
        if not cand.dosings:
            excluded.append(Exclusion(code, "no pack gives a dosing for it"))
            continue
        usable = []
        reasons = []
        for dosing, durations in cand.dosings:
            need = _needs(dosing, cand.point, constraints)
            if need is None and code in by_contact:
                contact = dosing.technique.contact
                banned = [
                    r.id
                    for r in by_contact[code]
                    if contact in r.applies.contacts and r.severity is Severity.AVOID
                ]
                if banned:
                    rule_ids = ", ".join(banned)
                    need = f"is unsafe for this profile with a {contact.value} (rule {rule_ids})"
            if need is None:
                usable.append((dosing, durations))
            else:
                reasons.append(need)
        if not usable:
            # A safety reason matters most to the person; then the others, in a stable order.
            first = min(set(reasons), key=lambda r: ("unsafe" not in r, r))
            excluded.append(Exclusion(code, f"its technique {first}"))
            continue
        region_key = id(cand.point.location.region)
        rank = region_rank.get(region_key, 0)
        region_rank[region_key] = rank + 1
        value = cand.base * REGION_DECAY**rank
        count = 2 if sides_both and cand.point.location.laterality is BILATERAL else 1
        usable_by_code[code] = (value, count, usable)
        cheapest = min((t[0] * count, _hold(d, t[0]) * value) for d, t in usable)
        if shortest is None or cheapest[0] < shortest[0]:
            shortest = (cheapest[0], code)
        offers.append((-(-cheapest[0] // UNIT), cheapest[1], value, code))
    if not usable_by_code:
        listed = "; ".join(f"{e.point}: {e.reason}" for e in excluded[:6])
        raise ComposeError(f"no point for {', '.join(wanted)} can be used: {listed}")
    assert shortest is not None
    if shortest[0] > budget_seconds:
        raise ComposeError(
            f"{minutes:g} minutes is too short: the shortest useful step ({shortest[1]}) takes "
            f"{shortest[0]} s; allow at least {math.ceil(shortest[0] / 60 * 10) / 10:g} minutes"
        )
    min_cost = min(cost for cost, _offer, _reach, _code in offers)
    most = budget // min_cost if min_cost else len(offers)
    if constraints.max_points is not None:
        most = min(most, constraints.max_points)
    # Phase 2: drop whole candidates that no optimum needs, then build the survivors' options.
    dropped = _dominated(offers, most)
    options: list[_Option] = []
    for i, (_cost, _offer, _reach, code) in enumerate(offers):
        if i in dropped:
            continue
        value, count, usable = usable_by_code[code]
        for dosing, durations in usable:
            for seconds in durations:
                cost = -(-seconds * count // UNIT)
                options.append(_Option(code, cost, value * _hold(dosing, seconds), seconds, dosing))
    chosen = _solve(_prune(options, most), budget, constraints.max_points)

    chosen_codes = {o.point for o in chosen}
    why = "did not fit the time budget alongside more valuable points"
    if constraints.max_points is not None and len(chosen) >= constraints.max_points:
        why = f"the routine is limited to {constraints.max_points} points"
    left_out = [c for c in usable_by_code if c not in chosen_codes] + skipped
    excluded.extend(Exclusion(code, why) for code in left_out)

    steps = []
    explanations = []
    for o in sorted(
        chosen,
        key=lambda o: (
            POSITION_ORDER.index(o.dosing.position),
            REGION_ORDER[candidates[o.point].point.region],
            o.point,
        ),
    ):
        cand = candidates[o.point]
        cap = lowest_cap(rules.evaluate(o.point, profile, o.dosing.technique.contact))
        technique = o.dosing.technique.with_pressure_cap(cap)
        sides = Sides.CENTER if not cand.point.bilateral else constraints.sides
        note = o.dosing.note
        steps.append(
            Step(
                point=o.point,
                technique=technique,
                seconds=o.seconds,
                sides=sides,
                note=f"{o.dosing.position.value}" + (f"; {note}" if note else ""),
            )
        )
        whys = tuple(f"{ind.condition}: {ind.why}" for _pack, ind in cand.indications)
        evidence = "; ".join(dict.fromkeys(_evidence_label(p, i) for p, i in cand.indications))
        explanations.append(
            Explanation(o.point, whys, evidence, round(o.value, 4), o.dosing.position)
        )
    name = f"{', '.join(lib.conditions[c].name for c in wanted)}: {budget_seconds // 60} minutes"
    routine = Routine(
        name=name,
        steps=tuple(steps),
        conditions=wanted,
        description="Composed by acupress for this person's profile and constraints.",
    )
    report = rules.check(routine, profile)
    # Every candidate was checked above, so the check removes nothing; keep the two in step anyway.
    kept = {step.point for step in report.routine.steps}
    return Composition(
        conditions=wanted,
        routine=report.routine,
        explanations=tuple(e for e in explanations if e.point in kept),
        excluded=tuple(excluded),
        safety=report,
        budget_seconds=budget_seconds,
    )
