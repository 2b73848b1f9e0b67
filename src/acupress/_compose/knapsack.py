"""The exact solver behind the composer: a multiple-choice knapsack, one dynamic programme.

Options come in groups (one group per point); at most one option of a group is chosen, the total
cost stays within the budget and, when a cap is given, at most ``cap`` groups are used. The
programme's state is (groups used, budget spent); without a cap the first coordinate is dropped,
so the uncapped case costs no extra factor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["Option", "solve"]

_EPSILON = 1e-12  # a value must beat the best so far by more than this to replace it


class Option(Protocol):
    """What the solver needs of an option: its group, cost and value."""

    @property
    def point(self) -> str: ...
    @property
    def cost(self) -> int: ...
    @property
    def value(self) -> float: ...


OptionT = TypeVar("OptionT", bound=Option)


def solve(options: Sequence[OptionT], budget: int, cap: int | None) -> list[OptionT]:
    """The most valuable choice: at most one option per point, total cost <= budget.

    Ties go to the cheaper choice, then to fewer points; the same inputs give the same answer.
    """
    by_point: dict[str, list[OptionT]] = {}
    for o in options:
        by_point.setdefault(o.point, []).append(o)
    groups = list(by_point.values())
    layers = 1 if cap is None else cap + 1
    neg = -math.inf
    # table[k][b]: the best value using k groups (any number without a cap) and cost at most b.
    table = [[0.0] * (budget + 1)] + [[neg] * (budget + 1) for _ in range(layers - 1)]
    history: list[list[list[int]]] = []
    counts = range(1) if cap is None else range(layers - 1, 0, -1)
    for group in groups:
        grid = [row[:] for row in table]
        marks = [[-1] * (budget + 1) for _ in range(layers)]
        for index, o in enumerate(group):
            w, v = o.cost, o.value
            for k in counts:
                prev = table[k - 1] if cap is not None else table[k]
                row, mark = grid[k], marks[k]
                for b in range(budget, w - 1, -1):
                    candidate = prev[b - w] + v
                    if candidate > row[b] + _EPSILON:
                        row[b] = candidate
                        mark[b] = index
        table = grid
        history.append(marks)
    k, b = max(
        ((k, b) for k in range(layers) for b in range(budget + 1)),
        key=lambda kb: (table[kb[0]][kb[1]], -kb[1], -kb[0]),
    )
    chosen: list[OptionT] = []
    for group, marks in zip(reversed(groups), reversed(history), strict=True):
        index = marks[k][b]
        if index >= 0:
            chosen.append(group[index])
            b -= group[index].cost
            if cap is not None:
                k -= 1
    return chosen
