"""The exact solver behind the composer: a multiple-choice knapsack, one dynamic programme.

Options come in groups (one group per point); at most one option of a group is chosen, the total
cost stays within the budget and, when a cap is given, at most ``cap`` groups are used. The
programme's state is (groups used, budget spent); without a cap the first coordinate is dropped,
so the uncapped case costs no extra factor.

Before the programme runs, options that cannot be in any optimum are dropped (``reduce``): each
option's best possible routine is bounded from above by the Lagrangian relaxation of the budget
(at the price per unit of the linear relaxation's last item), and an option whose bound is below
the value of a routine already found greedily cannot be in an optimum. The programme then finds
the same routine as without the reduction: it never needs an option no optimum uses.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["Option", "reduce", "solve"]

_EPSILON = 1e-12  # a value must beat the best so far by more than this to replace it
# An option is dropped only when its bound is below a routine found by more than this share
# of that routine's value: far beyond the rounding of either sum, or the programme's _EPSILON.
_MARGIN = 1e-7
_WORTH_A_SEARCH = 2_000  # budget x cap above which the capped bound is searched for
_SEARCH_ROUNDS = 24


class Option(Protocol):
    """What the solver needs of an option: its group, cost and value."""

    @property
    def point(self) -> str: ...
    @property
    def cost(self) -> int: ...
    @property
    def value(self) -> float: ...


OptionT = TypeVar("OptionT", bound=Option)


def _groups(options: Sequence[OptionT]) -> list[list[OptionT]]:
    by_point: dict[str, list[OptionT]] = {}
    for o in options:
        by_point.setdefault(o.point, []).append(o)
    return list(by_point.values())


Pairs = list[list[tuple[int, float]]]  # by group: each option's (cost, value)


def _steps(pairs: Pairs, shift: float) -> list[tuple[float, int, float, int]]:
    """Every group's steps up the upper convex hull of its (cost, value - shift) from (0, 0), as
    (value per unit, cost, value, group), best value per unit first."""
    steps: list[tuple[float, int, float, int]] = []
    for number, group in enumerate(pairs):
        hull = [(0, 0.0)]
        for cost, value in sorted((c, v - shift) for c, v in group):
            if value <= hull[-1][1]:
                continue  # costs as much or more than a point of the hull, for no more
            while len(hull) >= 2:
                (c0, v0), (c1, v1) = hull[-2], hull[-1]
                if (v1 - v0) * (cost - c1) > (value - v1) * (c1 - c0):
                    break
                hull.pop()  # under the line from its neighbours: never on the relaxation's path
            hull.append((cost, value))
        for (c0, v0), (c1, v1) in itertools.pairwise(hull):
            steps.append(((v1 - v0) / (c1 - c0), c1 - c0, v1 - v0, number))
    steps.sort(key=lambda s: -s[0])
    return steps


def _price(steps: list[tuple[float, int, float, int]], budget: int) -> float:
    """The value per unit of the first step that does not fit (0 when all fit)."""
    spent = 0
    for per_unit, cost, _value, _group in steps:
        if spent + cost > budget:
            return per_unit
        spent += cost
    return 0.0


def _greedy(
    steps: list[tuple[float, int, float, int]], budget: int, cap: int | None, shift: float
) -> float:
    """The value of a routine found by taking the steps in order while they fit and, with a
    cap, while groups are left (each step's value is less ``shift`` once per group)."""
    found = 0.0
    spent = 0
    taken: set[int] = set()
    closed: set[int] = set()
    for _per_unit, cost, value, group in steps:
        if group in closed:
            continue
        new = group not in taken
        if spent + cost > budget or (new and cap is not None and len(taken) >= cap):
            closed.add(group)  # its later steps build on this one
            continue
        taken.add(group)
        spent += cost
        found += value + (shift if new else 0.0)
    return found


def _pick(pairs: Pairs, budget: int, cap: int | None, price: float, shift: float) -> float:
    """The value of a routine found by taking each group's best option at these prices, best
    first, while it fits (and points are left), then spending what is left on longer holds."""
    best = []
    for number, group in enumerate(pairs):
        cost, value = max(group, key=lambda cv: (cv[1] - price * cv[0] - shift, -cv[0]))
        if value - price * cost - shift > 0:
            best.append((value - price * cost - shift, cost, value, number))
    best.sort(key=lambda t: -t[0])
    spent = 0
    taken: list[tuple[int, float, int]] = []
    for _gain, cost, value, number in best:
        if cap is not None and len(taken) >= cap:
            break
        if spent + cost <= budget:
            spent += cost
            taken.append((cost, value, number))
    found = 0.0
    for cost, value, number in taken:
        room = budget - spent + cost
        better = max((cv for cv in pairs[number] if cv[0] <= room), key=lambda cv: cv[1])
        if better[1] > value:
            spent += better[0] - cost
            cost, value = better
        found += value
    return found


def _search(pairs: Pairs, budget: int, cap: int, found: float) -> tuple[float, float, float]:
    """The shift per point (and its price) that gives about the lowest bound, by golden section
    (the bound is convex in the shift), and the best routine value found on the way."""

    def bound(shift: float) -> tuple[float, float]:
        nonlocal found
        steps = _steps(pairs, shift)
        price = _price(steps, budget)
        found = max(
            found, _greedy(steps, budget, cap, shift), _pick(pairs, budget, cap, price, shift)
        )
        gains = (max(0.0, *(v - price * c - shift for c, v in group)) for group in pairs)
        return price * budget + shift * cap + sum(gains), price

    low, high = 0.0, max(v for group in pairs for _c, v in group)
    ratio = (math.sqrt(5) - 1) / 2
    left, right = high - ratio * (high - low), low + ratio * (high - low)
    at_left, at_right = bound(left), bound(right)
    for _round in range(_SEARCH_ROUNDS):
        if at_left[0] <= at_right[0]:
            high, right, at_right = right, left, at_left
            left = high - ratio * (high - low)
            at_left = bound(left)
        else:
            low, left, at_left = left, right, at_right
            right = low + ratio * (high - low)
            at_right = bound(right)
    shift, (_lowest, price) = min(((left, at_left), (right, at_right)), key=lambda t: t[1][0])
    return shift, price, found


def _below(found: float) -> float:
    return found - _MARGIN * (1.0 + abs(found))


def _kept(
    groups: list[list[OptionT]], budget: int, price: float, shift: float, points: int, bar: float
) -> list[list[OptionT]]:
    """The options whose bound at these prices is not below ``bar``; empty groups dropped."""
    best = [max(0.0, *(o.value - price * o.cost - shift for o in group)) for group in groups]
    base = price * budget + shift * points + sum(best)
    kept = (
        [o for o in group if base - gain + (o.value - price * o.cost - shift) >= bar]
        for group, gain in zip(groups, best, strict=True)
    )
    return [group for group in kept if group]


def reduce(
    groups: list[list[OptionT]], budget: int, cap: int | None
) -> tuple[list[list[OptionT]], range]:
    """The groups' options that can be in an optimum (see the module docs), in their order
    (groups left with none are dropped), and how many points an optimum can have.

    For prices ``price`` (per budget unit) and ``shift`` (per point, when there is a cap), any
    routine with option ``o`` is worth at most ``price * budget + shift * cap + (o.value -
    price * o.cost - shift)`` plus, over the other groups, their best ``max(0, value - price *
    cost - shift)``: the budget and the points, priced, bound what the rest can add. First the
    price is the value per unit of the linear relaxation's last item and there is no shift;
    then, when the cap can bind and the programme would be long, a shift is searched for. A
    routine is found greedily along the relaxation; an option whose bound is below that
    routine's value is dropped. Likewise a routine of ``k`` points is worth at most ``price *
    budget`` plus the ``k`` best groups' ``max(value - price * cost)``: fewer or more points
    than that allows are no optimum.
    """
    if not groups or any(o.cost <= 0 for group in groups for o in group):
        return groups, range(len(groups) + 1)
    pairs = [[(o.cost, o.value) for o in group] for group in groups]
    steps = _steps(pairs, 0.0)
    price = _price(steps, budget)
    found = max(_greedy(steps, budget, cap, 0.0), _pick(pairs, budget, cap, price, 0.0))
    groups = _kept(groups, budget, price, 0.0, 0, _below(found))
    prices = [price]
    if cap is not None and len(groups) > cap and budget * cap > _WORTH_A_SEARCH:
        pairs = [[(o.cost, o.value) for o in group] for group in groups]
        shift, price, found = _search(pairs, budget, cap, found)
        groups = _kept(groups, budget, price, shift, cap, _below(found))
        prices.append(price)
    fewest, most = 0, len(groups)
    for price in prices:
        gains = sorted((max(o.value - price * o.cost for o in g) for g in groups), reverse=True)
        totals = itertools.accumulate(gains, initial=0.0)
        # Sums of the best gains rise, then fall: the counts that reach the bar are a range.
        reach = [k for k, t in enumerate(totals) if price * budget + t >= _below(found)]
        if reach:
            fewest, most = max(fewest, reach[0]), min(most, reach[-1])
    return groups, range(fewest, max(fewest, most) + 1)


def solve(
    options: Sequence[OptionT], budget: int, cap: int | None, *, reduced: bool = True
) -> list[OptionT]:
    """The most valuable choice: at most one option per point, total cost <= budget.

    Ties go to the cheaper choice, then to fewer points; the same inputs give the same answer.
    ``reduced=False`` skips the reduction (for tests: the answer is the same).
    """
    groups = _groups(options)
    possible = range(len(groups) + 1)  # how many points an optimum can have
    if reduced:
        groups, possible = reduce(groups, budget, cap)
        if cap is not None:
            cap = max(1, min(cap, possible[-1]))
    # No choice costs more than every group's dearest option: a larger budget changes nothing.
    budget = min(budget, sum(max(o.cost for o in group) for group in groups))
    layers = 1 if cap is None else min(cap, len(groups)) + 1
    # table[k][b]: the best value using k groups (any number without a cap) and cost at most b.
    table = [[0.0] * (budget + 1)] + [[-math.inf] * (budget + 1) for _ in range(layers - 1)]
    unmarked = [-1] * (budget + 1)  # the marks of a layer a group leaves as it was (never written)
    history: list[list[list[int]]] = []
    # In layer k, no k groups so far cost more than the k dearest options of theirs (``reach``:
    # every cell beyond repeats the cell there) nor less than the k cheapest (``low``: every cell
    # below is empty). Layer 0 of the uncapped programme stands for any number of groups.
    dearest: list[int] = []
    cheapest: list[int] = []
    reach = [0] * layers
    low = [0] * layers
    for number, group in enumerate(groups):
        bisect.insort(dearest, -max(o.cost for o in group))
        bisect.insort(cheapest, min(o.cost for o in group))
        before = low[:]
        if cap is None:
            reach[0] = min(budget, -sum(dearest))
            counts = range(1)
        else:
            used = min(layers - 1, number + 1)
            dear = itertools.accumulate(dearest[:used])
            cheap = itertools.accumulate(cheapest[:used])
            for k, (most, least) in enumerate(zip(dear, cheap, strict=True), start=1):
                reach[k], low[k] = min(budget, -most), least
            # After this group at most number + 1 groups are used: higher layers stay empty. Nor
            # does a layer matter from which the groups left cannot reach the fewest points an
            # optimum has (its cells, left as they were, stay below any optimum).
            lowest = max(1, possible[0] - (len(groups) - number - 1))
            counts = range(used, lowest - 1, -1)
        grid = table[:]
        marks = [unmarked] * layers
        for k in counts:
            grid[k] = table[k][:]
            marks[k] = unmarked[:]
        for index, o in enumerate(group):
            w, v = o.cost, o.value
            for k in counts:
                prev = table[k - 1] if cap is not None else table[k]
                row, mark = grid[k], marks[k]
                bottom, top = w + (before[k - 1] if cap is not None else 0), reach[k]
                if top < bottom:
                    continue
                cells = range(bottom, top + 1)
                for b, p, r in zip(
                    cells, prev[bottom - w : top - w + 1], row[bottom : top + 1], strict=True
                ):
                    candidate = p + v
                    if candidate > r + _EPSILON:
                        row[b] = candidate
                        mark[b] = index
        for k in counts:
            top = reach[k]
            if top < budget:  # the cells beyond `top` repeat the cell at `top`
                grid[k][top + 1 :] = [grid[k][top]] * (budget - top)
                marks[k][top + 1 :] = [marks[k][top]] * (budget - top)
        table = grid
        history.append(marks)
    # The best value; then the least cost (the first cell of its layer with it); then fewest.
    best = [(max(row), -row.index(max(row)), -k) for k, row in enumerate(table)]
    _value, b, k = max(best)
    b, k = -b, -k
    chosen: list[OptionT] = []
    for group, marks in zip(reversed(groups), reversed(history), strict=True):
        index = marks[k][b]
        if index >= 0:
            chosen.append(group[index])
            b -= group[index].cost
            if cap is not None:
                k -= 1
    return chosen
