"""Benchmarks of compose() over synthetic libraries of 10,000 and 100,000 candidates.

Run: python benchmarks/bench_compose.py [--repeat N] [--sizes 10000,100000]. Prints Markdown:

1. every input shape paired with the typical request (10 minutes, no profile) on the same
   library, run by run: the median of each and the per-pair ratio (median, min-max); a request
   nothing can meet is timed to its error;
2. the cost over candidates x budget, each budget paired with the 10-minute request;
3. the first call on a library (it builds the candidate index) and reading ``excluded``.

The libraries are ``synthetic_pack(n, seed=1, conditions=3)`` plus one point of the least value
alone in its region (the groin), last of all candidates: the shape where an early exit that
waits for every region would wait longest.
"""

from __future__ import annotations

import argparse
import statistics
from typing import Any

import attrs
from _common import machine, paired, timed

import acupress
from acupress import Constraints, Position, Profile, Region, Sides
from acupress.testing import synthetic_pack

GOALS = ("synthetic-goal", "synthetic-goal-2", "synthetic-goal-3")
TYPICAL: dict[str, Any] = {"conditions": "synthetic-goal", "minutes": 10}
SHAPES: dict[str, dict[str, Any]] = {
    "broken skin on the hand (a region ruled out)": {
        "profile": Profile(broken_skin=(Region.HAND,))
    },
    "broken skin everywhere but the foot": {
        "profile": Profile(broken_skin=tuple(r for r in Region if r is not Region.FOOT))
    },
    "30 weeks pregnant (abdomen, points and lying ruled out)": {
        "profile": Profile(pregnant=True, pregnancy_weeks=30)
    },
    "anticoagulants (every point capped, holds shortened, knuckle out)": {
        "profile": Profile(has=("anticoagulants",))
    },
    "lying only": {"constraints": Constraints(positions=(Position.LYING,))},
    "left side only": {"constraints": Constraints(sides=Sides.LEFT)},
    "at most 3 points": {"constraints": Constraints(max_points=3)},
    "at most 20 points": {"constraints": Constraints(max_points=20)},
    "at most 50 points": {"constraints": Constraints(max_points=50)},
    "three conditions": {"conditions": GOALS},
    "lying only, anticoagulants": {
        "profile": Profile(has=("anticoagulants",)),
        "constraints": Constraints(positions=(Position.LYING,)),
    },
    "lying only, 80 years old, anticoagulants": {
        "profile": Profile(age=80, has=("anticoagulants",)),
        "constraints": Constraints(positions=(Position.LYING,)),
    },
    "0.1 minutes: too short (an error)": {"minutes": 0.1},
    "nothing possible: 30 weeks pregnant and lying only (an error)": {
        "profile": Profile(pregnant=True, pregnancy_weeks=30),
        "constraints": Constraints(positions=(Position.LYING,)),
    },
    "nothing possible: broken skin everywhere (an error)": {
        "profile": Profile(broken_skin=tuple(Region))
    },
    "all of it: pregnant, anticoagulants, hand, sitting, left, 8 points, 3 conditions": {
        "conditions": GOALS,
        "profile": Profile(pregnant=True, has=("anticoagulants",), broken_skin=(Region.HAND,)),
        "constraints": Constraints(positions=(Position.SITTING,), sides=Sides.LEFT, max_points=8),
    },
}
MINUTES = (5, 10, 20, 40, 60, 120)


def library(candidates: int) -> acupress.Library:
    lone = synthetic_pack(1, pack_id="zlone", regions=[Region.GROIN])
    lone = attrs.evolve(
        lone,
        indications=tuple(
            attrs.evolve(i, priority=1, references=("tradition",)) for i in lone.indications
        ),
    )
    built = acupress.Library.build(
        [synthetic_pack(candidates, seed=1, conditions=3), lone], discover=False
    )
    built.safety  # noqa: B018 - compile the rules outside the measurement
    return built


def call(lib: acupress.Library, request: dict[str, Any]) -> Any:
    merged = {**TYPICAL, **request}

    def run() -> object:
        try:
            return acupress.compose(library=lib, **merged)
        except acupress.ComposeError as error:  # a request nothing can meet: a shape too
            return error

    return run


def shapes(lib: acupress.Library, repeat: int) -> None:
    typical = call(lib, {})
    typical()  # the candidate index, built once per library and conditions
    call(lib, {"conditions": GOALS})()
    print("| shape | median | typical | ratio (min-max) |\n|---|---|---|---|")
    for name, request in SHAPES.items():
        call(lib, request)()  # a profile in a population group has its own candidate index
        print(f"| {name} | {paired(call(lib, request), typical, repeat).cells()} |")


def budgets(lib: acupress.Library, repeat: int, caps: tuple[int | None, ...]) -> None:
    for cap in caps:
        label = "no limit on points" if cap is None else f"at most {cap} points"
        cells = []
        for minutes in MINUTES:
            request = {"minutes": minutes, "constraints": Constraints(max_points=cap)}
            result = paired(call(lib, request), call(lib, {}), repeat)
            ratios = result.ratios
            cells.append(
                f"{statistics.median(result.ours) * 1e3:.1f} ms ({statistics.median(ratios):.1f}x)"
            )
        print(f"| {label} | " + " | ".join(cells) + " |")


def first_call(candidates: int, repeat: int) -> tuple[float, float, float]:
    """Median seconds of the first compose() on a new library, of a later one, and of reading
    ``excluded`` of a later one."""
    first, later, reading = [], [], []
    for _ in range(repeat):
        lib = library(candidates)
        first.append(timed(call(lib, {})))
        later.append(timed(call(lib, {})))
        comp = call(lib, {})()
        reading.append(timed(lambda comp=comp: comp.excluded))
    return statistics.median(first), statistics.median(later), statistics.median(reading)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Machine: {machine()}\n")
    for size in sizes:
        print(f"### {size:,} candidates: each shape paired with the typical request\n")
        shapes(library(size), args.repeat)
        print()
    print("### Cost over the budget, paired with the 10-minute request (ratio to it)\n")
    print("| candidates | " + " | ".join(f"{m} min" for m in MINUTES) + " |")
    print("|---|" + "---|" * len(MINUTES))
    for size in (1_000, *sizes):
        lib = library(size)
        call(lib, {})()
        print(f"| **{size:,}** |" + " |" * len(MINUTES))
        budgets(lib, max(3, args.repeat // 3), (None, 50))
    print("\n### First call and exclusions\n")
    print("| candidates | first call | later calls | reading `excluded` |\n|---|---|---|---|")
    for size in sizes:
        first, later, reading = first_call(size, 3)
        print(
            f"| {size:,} | {first * 1e3:.0f} ms | {later * 1e3:.1f} ms | {reading * 1e3:.0f} ms |"
        )


if __name__ == "__main__":
    main()
