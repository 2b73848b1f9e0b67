"""The composer at scale: its early exit and the solver's reduction change no routine.

``compose()`` passes over the candidates of a region once none of them can be in an optimum, and
the solver drops options no optimum uses before its dynamic programme. Both are exact: each test
here compares the fast path with the same request with the shortcut turned off, on synthetic
libraries shaped like the inputs that used to be slow (a region ruled out, pressure caps and
shortened holds, positions, sides, point limits, several conditions, long budgets).
"""

from __future__ import annotations

import copy
import functools
import itertools
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import (
    ComposeError,
    Composition,
    Constraints,
    Exclusion,
    Position,
    Profile,
    Region,
    Severity,
    Sides,
    compose,
)
from acupress._compose import candidates as C, composer as composer_module, knapsack
from acupress._model.safety import worst
from acupress.testing import synthetic_pack

from .conftest import packed

GOALS = ("synthetic-goal", "synthetic-goal-2", "synthetic-goal-3")


@functools.cache
def library(size: int, seed: int = 1) -> acupress.Library:
    """A synthetic library with three conditions (built once per size and seed)."""
    return acupress.Library.build([synthetic_pack(size, seed=seed, conditions=3)], discover=False)


@contextmanager
def slow(*, early_exit: bool = False, reduced: bool = True) -> Iterator[None]:
    """Compose with the early exit and/or the solver's reduction turned off."""
    with (
        mock.patch.object(composer_module, "EARLY_EXIT", early_exit),
        mock.patch.object(
            composer_module, "solve", functools.partial(knapsack.solve, reduced=reduced)
        ),
    ):
        yield


def outcome(size: int, seed: int, **request: Any) -> Composition | str:
    """The composition for ``request`` on ``library(size, seed)``, or the error's message."""
    try:
        return compose(library=library(size, seed), **request)
    except ComposeError as error:
        return str(error)


profiles = st.builds(
    Profile,
    pregnant=st.just(True),
    pregnancy_weeks=st.none() | st.sampled_from([10, 30]),
    has=st.lists(
        st.sampled_from(["anticoagulants", "osteoporosis", "neuropathy", "knee-replacement"]),
        max_size=2,
        unique=True,
    ).map(tuple),
) | st.builds(
    Profile,
    age=st.none() | st.sampled_from([9, 80]),
    has=st.lists(
        st.sampled_from(["anticoagulants", "dvt", "hip-replacement", "varicose-veins"]),
        max_size=2,
        unique=True,
    ).map(tuple),
    broken_skin=st.lists(st.sampled_from(list(Region)), max_size=3, unique=True).map(tuple),
    recent_fracture=st.lists(st.sampled_from(list(Region)), max_size=1).map(tuple),
)
limits = st.builds(
    Constraints,
    partner=st.booleans(),
    tools=st.sampled_from([(), ("tennis-ball",)]),
    positions=st.lists(st.sampled_from(list(Position)), min_size=1, max_size=3, unique=True).map(
        tuple
    ),
    max_points=st.none() | st.integers(1, 12) | st.just(50),
    sides=st.sampled_from([Sides.BOTH, Sides.LEFT, Sides.RIGHT]),
)
conditions = st.lists(st.sampled_from(GOALS), min_size=1, max_size=3, unique=True).map(tuple)


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from([40, 300, 1500]),
    st.sampled_from([1, 2]),
    conditions,
    st.integers(1, 25),
    profiles,
    limits,
)
def test_the_early_exit_changes_nothing(
    size: int,
    seed: int,
    wanted: tuple[str, ...],
    minutes: int,
    profile: Profile,
    constraints: Constraints,
) -> None:
    same_without_early_exit(size, seed, wanted, minutes, profile, constraints)


def same_without_early_exit(
    size: int,
    seed: int,
    wanted: tuple[str, ...],
    minutes: float,
    profile: Profile,
    constraints: Constraints,
) -> None:
    """The request gives the same outcome with every shortcut as a screening of every candidate:
    the routine, its explanations and report, every exclusion in order, or the same message."""
    request: dict[str, Any] = {
        "conditions": wanted,
        "minutes": minutes,
        "profile": profile,
        "constraints": constraints,
    }
    fast = outcome(size, seed, **request)
    with slow(early_exit=False):
        full = outcome(size, seed, **request)
    assert fast == full
    if isinstance(fast, Composition):
        assert isinstance(full, Composition)
        assert fast.excluded == full.excluded


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([20, 120]), st.integers(0, 3), conditions, st.integers(1, 12), profiles, limits
)
def test_both_shortcuts_off_give_the_same_routine(
    size: int,
    seed: int,
    wanted: tuple[str, ...],
    minutes: int,
    profile: Profile,
    constraints: Constraints,
) -> None:
    request: dict[str, Any] = {
        "conditions": wanted,
        "minutes": minutes,
        "profile": profile,
        "constraints": constraints,
    }
    fast = outcome(size, seed, **request)
    with slow(early_exit=False, reduced=False):
        assert outcome(size, seed, **request) == fast


SHAPES: dict[str, dict[str, Any]] = {
    "broken skin on the hand": {"profile": Profile(broken_skin=(Region.HAND,))},
    "broken skin everywhere but the foot": {
        "profile": Profile(broken_skin=tuple(r for r in Region if r is not Region.FOOT))
    },
    "30 weeks pregnant": {"profile": Profile(pregnant=True, pregnancy_weeks=30)},
    "anticoagulants": {"profile": Profile(has=("anticoagulants",))},
    "lying only": {"constraints": Constraints(positions=(Position.LYING,))},
    "left side only": {"constraints": Constraints(sides=Sides.LEFT)},
    "at most 3 points": {"constraints": Constraints(max_points=3)},
    "at most 50 points": {"constraints": Constraints(max_points=50)},
    "three conditions": {"conditions": GOALS},
    "60 minutes": {"minutes": 60},
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_early_exit_fires_and_changes_nothing_on_a_large_library(shape: str) -> None:
    request: dict[str, Any] = {"conditions": "synthetic-goal", "minutes": 10, **SHAPES[shape]}
    lib = library(4000)
    checked = composer_module._request(
        lib,
        request["conditions"],
        request["minutes"],
        request.get("profile"),
        request.get("constraints"),
    )
    screened = composer_module._screen(lib, checked)
    total = len(composer_module._plan(lib, checked).codes)
    assert min(screened.unscreened_from) < total, "the early exit never fired"
    assert len(screened.usable) + len(screened.excluded) < total / 2
    fast = outcome(4000, 1, **request)
    with slow(early_exit=False):
        assert outcome(4000, 1, **request) == fast


def test_points_passed_over_keep_their_safety_reason() -> None:
    skin = Profile(broken_skin=(Region.HAND,))
    comp = compose("synthetic-goal", minutes=10, profile=skin, library=library(4000))
    lib = library(4000)
    hand = {code for code, p in lib.points.items() if p.region is Region.HAND}
    assert hand
    by_point = {e.point: e for e in comp.excluded}
    candidates, _least, _regions = C.candidate_index(lib, ("synthetic-goal",))
    # Every candidate left out is there once, and every hand point for the broken skin.
    assert len(comp.excluded) == len(by_point) == len(candidates) - len(comp.routine.steps)
    assert {e.point for e in comp.excluded if e.rules == ("skin-at-region",)} == hand & set(
        candidates
    )
    unfit = [e for e in comp.excluded if not e.rules and e.reason.startswith("did not fit")]
    assert unfit
    assert all(e.point not in hand for e in unfit)


def test_composition_reads_compares_pickles_and_copies_its_exclusions() -> None:
    comp = compose("synthetic-goal", minutes=5, library=library(300))
    again = compose("synthetic-goal", minutes=5, library=library(300))
    assert comp == again
    assert hash(comp) == hash(again)
    assert isinstance(comp.excluded, tuple)
    assert all(isinstance(e, Exclusion) for e in comp.excluded)
    assert comp.excluded is comp.excluded  # worked out once
    for other in (pickle.loads(pickle.dumps(comp)), copy.deepcopy(comp), attrs.evolve(comp)):
        assert other == comp
        assert other.excluded == comp.excluded
    given_tuple = Composition(
        conditions=comp.conditions,
        routine=comp.routine,
        explanations=comp.explanations,
        excluded=tuple(comp.excluded),
        safety=comp.safety,
        budget_seconds=comp.budget_seconds,
    )
    assert given_tuple == comp
    assert repr(given_tuple) == repr(comp)
    assert "Exclusion(point=" in repr(comp)
    assert attrs.evolve(comp, excluded=()).excluded == ()
    first = comp.excluded[0]
    assert (first.point, first.reason, first.rules) == tuple(first)


# -- the solver's reduction ---------------------------------------------------------------


@attrs.frozen
class Offer:
    point: str
    cost: int
    value: float


@st.composite
def option_sets(draw: st.DrawFn, groups: int = 14) -> tuple[list[Offer], int, int | None]:
    """Options with many exact ties (values from a few round numbers), in any order."""
    values = st.sampled_from([0.75, 1.0, 1.5, 2.0, 2.25, 3.0, 7.5]) | st.floats(0.1, 10)
    options = [
        Offer(f"P{group:02d}", draw(st.integers(1, 15)), draw(values))
        for group in range(draw(st.integers(1, groups)))
        for _ in range(draw(st.integers(1, 3)))
    ]
    options = draw(st.permutations(options))
    return options, draw(st.integers(0, 90)), draw(st.none() | st.integers(1, 12))


@settings(max_examples=400, deadline=None)
@given(option_sets())
def test_the_reduction_changes_no_choice(case: tuple[list[Offer], int, int | None]) -> None:
    options, budget, cap = case
    assert knapsack.solve(options, budget, cap) == knapsack.solve(
        options, budget, cap, reduced=False
    )


@settings(max_examples=200, deadline=None)
@given(option_sets(groups=6))
def test_the_reduction_keeps_every_optimum(case: tuple[list[Offer], int, int | None]) -> None:
    options, budget, cap = case
    groups, possible = knapsack.reduce(knapsack._groups(options), budget, cap)
    kept = {id(o) for group in groups for o in group}
    best = _brute_force_value(options, budget, cap)
    by_point: dict[str, list[Offer | None]] = {}
    for o in options:
        by_point.setdefault(o.point, [None]).append(o)
    for combo in itertools.product(*by_point.values()):
        picked = [o for o in combo if o is not None]
        fits = sum(o.cost for o in picked) <= budget and (cap is None or len(picked) <= cap)
        if fits and sum(o.value for o in picked) >= best - 1e-9:
            assert all(id(o) in kept for o in picked), "an optimum lost an option"
            assert len(picked) in possible


def _brute_force_value(options: list[Offer], budget: int, cap: int | None) -> float:
    by_point: dict[str, list[Offer | None]] = {}
    for o in options:
        by_point.setdefault(o.point, [None]).append(o)
    best = 0.0
    for combo in itertools.product(*by_point.values()):
        picked = [o for o in combo if o is not None]
        if sum(o.cost for o in picked) <= budget and (cap is None or len(picked) <= cap):
            best = max(best, sum(o.value for o in picked))
    return best


@pytest.mark.parametrize(("minutes", "cap"), [(10, None), (10, 20), (30, 50), (60, None)])
def test_the_reduction_changes_nothing_on_the_composers_own_options(
    minutes: int, cap: int | None
) -> None:
    lib = library(3000)
    request = composer_module._request(
        lib, "synthetic-goal", minutes, None, Constraints(max_points=cap)
    )
    screened = composer_module._screen(lib, request)
    with mock.patch.object(
        composer_module, "solve", functools.partial(knapsack.solve, reduced=False)
    ):
        full = composer_module._choose(request, screened)
    assert composer_module._choose(request, screened) == full


# -- what the early exit relies on --------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(profiles, st.sampled_from(["packed", "synthetic"]))
def test_blocked_points_are_those_the_findings_say_to_avoid_or_no_pack_doses(
    profile: Profile, which: str
) -> None:
    lib = packed() if which == "packed" else library(300)
    # Every condition but period pain: with sickness in pregnancy among them, the request is
    # for a pregnant person, and period pain is refused then (test_not_in_pregnancy). Its points
    # (SP6, LR3, LI4) are other conditions' candidates too.
    every = [c for c, found in lib.conditions.items() if not found.not_in_pregnancy]
    wanted = GOALS if which == "synthetic" else tuple(sorted(every))
    request = composer_module._request(lib, wanted, 10, profile, None, clinician_approved=True)
    plan = composer_module._plan(lib, request)
    dead, blocked = composer_module._blocked(lib.safety, profile, plan)
    found = lib.safety.evaluate_all(plan.codes, profile)
    avoided = {code for code, f in found.items() if worst(f) is Severity.AVOID}
    in_dead = {plan.codes[j] for r in dead for j in plan.members[r]}
    assert in_dead | blocked == avoided | plan.undosed
    assert in_dead <= avoided  # a region is dead only when a rule covers it whole
    for rule in lib.safety.rules:
        covered, only = lib.safety.coverage(rule, profile)
        whole = {code for code, p in lib.points.items() if p.region in covered}
        targets = set(lib.safety.targets(rule, profile, list(lib.points)))
        assert whole <= targets
        if only:
            assert targets == whole


@settings(max_examples=60, deadline=None)
@given(profiles, st.integers(0, 2**32 - 1))
def test_rule_targets_and_technique_rules_do_not_depend_on_how_codes_are_given(
    profile: Profile, seed: int
) -> None:
    lib = library(300)
    rules = lib.safety
    codes = sorted(lib.points)
    some = codes[seed % 7 :: 3]
    for rule in rules.rules:
        assert set(rules.targets(rule, profile, set(some))) == set(
            rules.targets(rule, profile, list(some))
        )
    everywhere = rules.technique_rules(profile)
    assert rules.technique_rules(profile, some) == {
        code: found for code, found in everywhere.items() if code in set(some)
    }


@functools.cache
def short_holds() -> acupress.Library:
    """A synthetic library, two regions only, whose own rule holds every point at most 10 s for
    a frail person: shorter than any of its dosings, so a step costs less than its dosing says
    and a routine holds more points than the dosings alone allow."""
    rule = {
        "id": "synthetic-short-holds",
        "applies": {"all": True},
        "when": {"has": ["frail"]},
        "severity": "gentle",
        "pressure_cap": "light",
        "max_seconds": 10,
        "message": "Hold each point for a few seconds only.",
        "basis": "tradition",
        "sources": [],
    }
    pack = synthetic_pack(3000, seed=5, regions=[Region.HAND, Region.FOOT])
    pack = attrs.evolve(pack, rules=(rule,))
    return acupress.Library.build([pack], discover=False)


@pytest.mark.parametrize("minutes", [1, 3, 10])
def test_a_rule_that_shortens_holds_below_the_dosing_changes_nothing(minutes: int) -> None:
    request: dict[str, Any] = {
        "conditions": "synthetic-goal",
        "minutes": minutes,
        "profile": Profile(has=("frail",)),
        "constraints": Constraints(sides=Sides.LEFT),
        "library": short_holds(),
    }
    fast = compose(**request)
    assert {s.seconds for s in fast.routine.steps} == {10}
    with slow(early_exit=False):
        assert compose(**request) == fast


@functools.cache
def one_region(laterality: str) -> acupress.Library:
    """2,000 points on the hand, all bilateral or all not, each held 15 s: the optimum takes as
    many as fit, in order, so an early exit that stops too soon shows."""
    pack = synthetic_pack(2000, seed=9, regions=[Region.HAND])
    wanted = acupress.Laterality(laterality)
    points = tuple(attrs.evolve(p, laterality=wanted) for p in pack.points)
    dosing = tuple(attrs.evolve(d, min_seconds=15, max_seconds=15) for d in pack.dosing)
    pack = attrs.evolve(pack, points=points, dosing=dosing)
    return acupress.Library.build([pack], discover=False)


@pytest.mark.parametrize("laterality", ["bilateral", "midline"])
@pytest.mark.parametrize("sides", [Sides.BOTH, Sides.LEFT])
@pytest.mark.parametrize(("minutes", "cap"), [(1, None), (5, None), (20, None), (20, 7)])
def test_the_early_exit_in_one_region(
    laterality: str, sides: Sides, minutes: int, cap: int | None
) -> None:
    request: dict[str, Any] = {
        "conditions": "synthetic-goal",
        "minutes": minutes,
        "constraints": Constraints(sides=sides, max_points=cap),
        "library": one_region(laterality),
    }
    fast = compose(**request)
    with slow(early_exit=False):
        assert compose(**request) == fast


NOTHING_POSSIBLE = [
    {
        "profile": Profile(pregnant=True, pregnancy_weeks=30),
        "constraints": Constraints(positions=(Position.LYING,)),
    },
    {"profile": Profile(broken_skin=tuple(Region))},
]


@pytest.mark.parametrize("request_", NOTHING_POSSIBLE)
@pytest.mark.parametrize("size", [40, 3000])
def test_an_impossible_request_gives_the_reasons_a_full_screening_gives(
    request_: dict[str, Any], size: int
) -> None:
    """When no candidate can be used, the message names the first six left out, in order, as
    a screening of every candidate names them (without screening every candidate twice)."""
    lib = library(size)
    fast = outcome(size, 1, conditions=GOALS, minutes=10, **request_)
    assert isinstance(fast, str)
    assert fast.startswith("no point for synthetic-goal, synthetic-goal-2, synthetic-goal-3")
    with slow(early_exit=False):
        assert outcome(size, 1, conditions=GOALS, minutes=10, **request_) == fast
    request = composer_module._request(
        lib, GOALS, 10, request_.get("profile"), request_.get("constraints"), False
    )
    every = composer_module._screen(lib, request, early_exit=False)
    expected = list(every.excluded.values())[:6]
    screened = composer_module._screen(lib, request, early_exit=True)
    assert composer_module._first_exclusions(lib, request, screened, 6) == expected
    assert "; ".join(f"{e.point}: {e.reason}" for e in expected) in fast


@settings(max_examples=60, deadline=None)
@given(limits)
def test_the_reasons_put_into_words_once_are_the_reasons_of_each_dosing(
    constraints: Constraints,
) -> None:
    lib = library(300)
    reasons = composer_module._Reasons(constraints)
    candidates, _floors, _regions = C.candidate_index(lib, GOALS)
    for cand in candidates.values():
        for dosing, _durations in cand.dosings:
            assert reasons.infeasible(dosing, cand.point) == C.infeasibility(
                dosing, cand.point, constraints
            )


class _Counted(tuple):  # type: ignore[type-arg]
    """A pack's list that counts how often it is walked."""

    walks = 0

    def __iter__(self) -> Iterator[Any]:
        type(self).walks += 1
        return super().__iter__()


def test_a_later_composition_walks_no_pack_s_dosing_list() -> None:
    """Every step's dosing is found through a table made once per library, not by a walk over
    every pack's dosing (which made a 10-minute routine at 100,000 candidates cost 150 ms, not
    5 ms)."""
    lib = acupress.Library.build([synthetic_pack(3000, seed=3, conditions=3)], discover=False)
    compose("synthetic-goal", minutes=10, library=lib)  # the candidate index and the table
    for pack in lib.packs:
        object.__setattr__(pack, "dosing", _Counted(pack.dosing))
    _Counted.walks = 0
    for minutes in (5, 20, 60):
        comp = compose("synthetic-goal", minutes=minutes, library=lib)
        assert comp.routine.steps
    assert _Counted.walks == 0
    assert lib.dosing(comp.routine.steps[0].point)
    assert _Counted.walks == 0
    assert len(lib.dosing()) == sum(len(p.dosing) for p in lib.packs)  # every entry, walked


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([40, 300]), st.sampled_from([1, 2]), conditions, profiles, limits)
def test_knowing_nothing_is_usable_without_judging_is_never_wrong(
    size: int, seed: int, wanted: tuple[str, ...], profile: Profile, constraints: Constraints
) -> None:
    """The shortcut that calls a request impossible from the ways of pressing alone only says
    so when a screening of every candidate finds none usable."""
    lib = library(size, seed)
    request = composer_module._request(lib, wanted, 10, profile, constraints, False)
    plan = composer_module._plan(lib, request)
    if composer_module._none_usable(plan, lib.safety, request):
        assert not composer_module._screen(lib, request, early_exit=False).usable


@pytest.mark.parametrize("request_", NOTHING_POSSIBLE)
def test_the_impossible_shapes_are_known_without_judging(request_: dict[str, Any]) -> None:
    lib = library(3000)
    request = composer_module._request(
        lib, GOALS, 10, request_.get("profile"), request_.get("constraints"), False
    )
    plan = composer_module._plan(lib, request)
    if request_["profile"].broken_skin:
        # Every region ruled out by a rule on the regions: the early exit's dead regions.
        screened = composer_module._screen(lib, request)
        assert not screened.excluded
        assert not screened.usable
    else:
        assert composer_module._none_usable(plan, lib.safety, request)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([40, 300, 1500]), st.sampled_from([1, 2]), conditions, profiles, limits)
def test_the_shortest_step_is_the_one_a_screening_of_every_candidate_finds(
    size: int, seed: int, wanted: tuple[str, ...], profile: Profile, constraints: Constraints
) -> None:
    lib = library(size, seed)
    request = composer_module._request(lib, wanted, 10, profile, constraints, False)
    every = composer_module._screen(lib, request, early_exit=False).shortest
    assert composer_module._shortest_step(lib, request) == every


@pytest.mark.parametrize(
    "request_",
    [
        {"minutes": 0.1},
        {"minutes": 0.1, "profile": Profile(has=("anticoagulants",))},
        {"minutes": 0.1, "constraints": Constraints(sides=Sides.LEFT, partner=True)},
    ],
)
def test_a_budget_too_short_names_the_step_a_full_screening_names(
    request_: dict[str, Any],
) -> None:
    fast = outcome(3000, 1, conditions=GOALS, **request_)
    assert isinstance(fast, str)
    assert "is too short: the shortest useful step" in fast
    with slow(early_exit=False):
        assert outcome(3000, 1, conditions=GOALS, **request_) == fast


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from([40, 300]),
    st.sampled_from([1, 2]),
    conditions,
    st.sampled_from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.5]),
    profiles,
    limits,
)
def test_short_budgets_give_what_a_screening_of_every_candidate_gives(
    size: int,
    seed: int,
    wanted: tuple[str, ...],
    minutes: float,
    profile: Profile,
    constraints: Constraints,
) -> None:
    """Budgets near the shortest step (too short, or just enough, or between two units): the
    shortcuts for a budget no step fits change no routine and no message."""
    same_without_early_exit(size, seed, wanted, minutes, profile, constraints)
