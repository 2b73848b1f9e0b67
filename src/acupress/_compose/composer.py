"""The routine composer: the most valuable safe routine for some conditions within a time budget.

The value of a point is what the packs state: the sum, over the requested conditions, of each
indication's priority times the strength of its evidence (1 tradition, 2 trial, 3 review or
guideline). A source that studied acupuncture or surveyed prescriptions rather than pressing counts
as tradition, and so does a study that left out a group the person belongs to (pregnancy, children,
people taking blood thinners): see ``evidence_weight``. Many points of one body region give
diminishing returns: the r-th most valuable candidate of a region (r = 0, 1, ...) counts
``REGION_DECAY ** r`` of its value. A longer hold within a pack's dosing range is worth a little
more, from ``SHORT_HOLD_VALUE`` of the value at the shortest useful time up to all of it at the
longest advised.

Choosing which points and how long is a multiple-choice knapsack over the budget in 5-second
units, solved exactly by dynamic programming; options that cannot be in any optimum are pruned
first (an option is dropped only when ``K`` other points each offer at least its value for at most
its time, ``K`` being the most points any routine can hold). Same inputs, same routine.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import attrs

from .._check import screening_for, validate_profile
from .._default import library_or_default
from .._library import Library
from .._model.packs import Dosing, Position
from .._model.points import Laterality, Region
from .._model.routines import Routine, Sides, Step
from .._model.safety import (
    Finding,
    Profile,
    Rule,
    SafetyReport,
    Severity,
    lowest_cap,
    shortest_hold,
    worst,
)
from ..errors import ComposeError
from .candidates import (
    MAX_MINUTES,
    POSITION_ORDER,
    UNIT,
    Candidate,
    Constraints,
    Option,
    candidate_index,
    dominated,
    evidence_label,
    hold_share,
    infeasibility,
    populations,
    prune,
)
from .knapsack import solve

__all__ = ["Composition", "Constraints", "Exclusion", "Explanation", "compose"]

REGION_DECAY = 0.7
BILATERAL = Laterality.BILATERAL
REGION_ORDER = {region: i for i, region in enumerate(Region)}


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
    """A candidate left out, and why.

    ``reason`` is written for the person: for a safety reason it is the rule's own message.
    ``rules`` names the safety rules that left the point out (empty for other reasons), so
    outputs can group the points each rule left out.
    """

    point: str
    reason: str
    rules: tuple[str, ...] = ()


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


class _Request(NamedTuple):
    """A compose request, checked: the conditions, the budget, and for whom."""

    conditions: tuple[str, ...]
    minutes: float
    budget_seconds: int
    profile: Profile
    constraints: Constraints

    @property
    def budget(self) -> int:
        """The budget in units of ``UNIT`` seconds."""
        return self.budget_seconds // UNIT


class _Screened(NamedTuple):
    """The candidates after safety and constraints, valued, with their cheapest offers."""

    usable: dict[str, tuple[float, int, list[tuple[Dosing, tuple[int, ...]]]]]
    offers: list[tuple[int, float, float, str]]  # (cost in units, offer, value, code)
    excluded: list[Exclusion]
    skipped: list[str]  # candidates past the early exit: none of them can be in an optimum
    shortest: tuple[int, str] | None  # the cheapest useful step: (seconds, code)


def _request(
    library: Library,
    conditions: str | Iterable[str],
    minutes: float,
    profile: Profile | None,
    constraints: Constraints | None,
    clinician_approved: bool = False,
) -> _Request:
    """Phase 1: check the request; ComposeError or UnknownConditionError with what would work."""
    given = (conditions,) if isinstance(conditions, str) else tuple(conditions)
    if not given:
        raise ComposeError("name at least one condition (see 'acupress conditions')")
    # Named any way the library takes ("Low back pain"), stored and reported by id.
    wanted = tuple(dict.fromkeys(library.condition(c).id for c in given))
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not math.isfinite(minutes)
    ):
        raise ComposeError(f"the time budget must be a number of minutes, got {minutes!r}")
    if minutes <= 0:
        raise ComposeError(f"the time budget must be more than 0 minutes, got {minutes:g}")
    if minutes > MAX_MINUTES:
        raise ComposeError(
            f"the time budget must be at most {MAX_MINUTES} minutes, got {minutes:g}"
        )
    person = profile or Profile()
    validate_profile(person, library)
    if person.age is not None and not clinician_approved:
        for cid in wanted:
            youngest = library.condition(cid).min_age
            if youngest is not None and person.age < youngest:
                name = library.condition(cid).name
                raise ComposeError(
                    f"the guidance acupress follows for {name} is for people aged {youngest} "
                    f"and over, so it composes no routine for someone aged {person.age}: ask a "
                    "doctor. A clinician who has seen the child may allow one "
                    "(clinician_approved=True, or --clinician-approved); the rules for children "
                    "then apply (light pressure, short holds, nothing near the eyes, no ball)."
                )
    return _Request(wanted, minutes, round(minutes * 60), person, constraints or Constraints())


def _avoid(code: str, findings: Sequence[Finding]) -> Exclusion:
    """The exclusion of a point some rules say to avoid, in the rules' own words."""
    avoid = [f for f in findings if f.severity is Severity.AVOID]
    reason = " ".join(dict.fromkeys(f.message for f in avoid))
    return Exclusion(code, reason, tuple(dict.fromkeys(f.rule for f in avoid)))


def _usable_dosings(
    request: _Request, code: str, cand: Candidate, by_contact: Mapping[str, Sequence[Rule]]
) -> tuple[list[tuple[Dosing, tuple[int, ...]]], list[tuple[str, tuple[str, ...]]]]:
    """The dosings of a candidate the person can use, and why each other one cannot be."""
    usable = []
    reasons: list[tuple[str, tuple[str, ...]]] = []
    for dosing, durations in cand.dosings:
        need = infeasibility(dosing, cand.point, request.constraints)
        banned: tuple[Rule, ...] = ()
        if need is None and code in by_contact:
            contact = dosing.technique.contact
            banned = tuple(
                r
                for r in by_contact[code]
                if r.severity is Severity.AVOID and r.applies.narrows(contact, dosing.position)
            )
            if banned:
                need = " ".join(dict.fromkeys(r.message for r in banned))
        if need is None:
            usable.append((dosing, durations))
        else:
            reasons.append((need, tuple(r.id for r in banned)))
    return usable, reasons


def _screen(library: Library, request: _Request) -> _Screened:
    """Phases 2 and 3: screen every candidate (safety, dosing, constraints) and value it."""
    groups = populations(request.profile)
    candidates, least_cost, all_regions = candidate_index(library, request.conditions, groups)
    unsafe = library.safety.evaluate_all(candidates, request.profile)
    by_contact = library.safety.technique_rules(request.profile)
    budget = request.budget
    excluded: list[Exclusion] = []
    usable_by_code: dict[str, tuple[float, int, list[tuple[Dosing, tuple[int, ...]]]]] = {}
    offers: list[tuple[int, float, float, str]] = []
    region_rank: dict[int, int] = {}  # keyed by id(region): enum hashing is slow in a hot loop
    shortest: tuple[int, str] | None = None
    sides_both = request.constraints.sides is Sides.BOTH
    # The most points any routine can hold bounds how many better offers make a candidate useless.
    limit = request.constraints.max_points
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
        findings = unsafe.get(code, ())
        if worst(findings) is Severity.AVOID:
            excluded.append(_avoid(code, findings))
            continue
        if not cand.dosings:
            excluded.append(Exclusion(code, "no pack gives a dosing for it"))
            continue
        usable, reasons = _usable_dosings(request, code, cand, by_contact)
        hold = shortest_hold(findings)
        if hold is not None:  # a rule shortens the holds: only times within it are offered
            usable = [(d, tuple(t for t in times if t <= hold) or (hold,)) for d, times in usable]
        if not usable:
            # A safety reason matters most to the person; then the others, in a stable order.
            reason, rule_ids = min(set(reasons), key=lambda r: (not r[1], r))
            if rule_ids:
                excluded.append(Exclusion(code, reason, rule_ids))
            else:
                excluded.append(Exclusion(code, f"its technique {reason}"))
            continue
        region_key = id(cand.point.location.region)
        rank = region_rank.get(region_key, 0)
        region_rank[region_key] = rank + 1
        value = cand.base * REGION_DECAY**rank
        count = 2 if sides_both and cand.point.location.laterality is BILATERAL else 1
        usable_by_code[code] = (value, count, usable)
        cheapest = min((t[0] * count, hold_share(d, t[0]) * value) for d, t in usable)
        if shortest is None or cheapest[0] < shortest[0]:
            shortest = (cheapest[0], code)
        offers.append((-(-cheapest[0] // UNIT), cheapest[1], value, code))
    return _Screened(usable_by_code, offers, excluded, skipped, shortest)


def _choose(request: _Request, screened: _Screened) -> list[Option]:
    """Phase 4: prune what no optimum needs, then solve the knapsack exactly."""
    budget = request.budget
    offers = screened.offers
    min_cost = min(cost for cost, _offer, _reach, _code in offers)
    most = budget // min_cost if min_cost else len(offers)
    if request.constraints.max_points is not None:
        most = min(most, request.constraints.max_points)
    dropped = dominated(offers, most)
    options: list[Option] = []
    for i, (_cost, _offer, _reach, code) in enumerate(offers):
        if i in dropped:
            continue
        value, count, usable = screened.usable[code]
        for dosing, durations in usable:
            for seconds in durations:
                cost = -(-seconds * count // UNIT)
                options.append(
                    Option(code, cost, value * hold_share(dosing, seconds), seconds, dosing)
                )
    return solve(prune(options, most), budget, request.constraints.max_points)


def _assemble(
    library: Library, request: _Request, screened: _Screened, chosen: list[Option]
) -> Composition:
    """Phase 5: order the steps, cap their pressure, explain them, and check the routine."""
    groups = populations(request.profile)
    candidates, _least, _regions = candidate_index(library, request.conditions, groups)
    rules = library.safety
    profile = request.profile
    constraints = request.constraints
    chosen_codes = {o.point for o in chosen}
    why = "did not fit the time budget alongside more valuable points"
    if constraints.max_points is not None and len(chosen) >= constraints.max_points:
        why = f"the routine is limited to {constraints.max_points} points"
    left_out = [c for c in screened.usable if c not in chosen_codes] + screened.skipped
    excluded = [*screened.excluded, *(Exclusion(code, why) for code in left_out)]

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
        cap = lowest_cap(
            rules.evaluate(o.point, profile, o.dosing.technique.contact, None, o.dosing.position)
        )
        technique = o.dosing.technique.with_pressure_cap(cap)
        sides = (
            constraints.sides if cand.point.bilateral else Sides.of(cand.point.location.laterality)
        )
        note = o.dosing.note
        steps.append(
            Step(
                point=o.point,
                technique=technique,
                seconds=o.seconds,
                sides=sides,
                note=f"{o.dosing.position.value}" + (f"; {note}" if note else ""),
                position=o.dosing.position,
            )
        )
        whys = tuple(f"{ind.condition}: {ind.why}" for _pack, ind in cand.indications)
        evidence = "; ".join(
            dict.fromkeys(evidence_label(p, i, groups) for p, i in cand.indications)
        )
        explanations.append(
            Explanation(o.point, whys, evidence, round(o.value, 4), o.dosing.position)
        )
    wanted = request.conditions
    names = ", ".join(library.conditions[c].name for c in wanted)
    routine = Routine(
        name=f"{names}: {request.budget_seconds // 60} minutes",
        steps=tuple(steps),
        conditions=wanted,
        description="Composed by acupress for this person's profile and constraints.",
    )
    report = attrs.evolve(rules.check(routine, profile), screening=screening_for(wanted, library))
    # Every candidate was checked above, so the check removes nothing; keep the two in step anyway.
    kept = {step.point for step in report.routine.steps}
    return Composition(
        conditions=wanted,
        routine=report.routine,
        explanations=tuple(e for e in explanations if e.point in kept),
        excluded=tuple(excluded),
        safety=report,
        budget_seconds=request.budget_seconds,
    )


def compose(
    conditions: str | Iterable[str],
    *,
    minutes: float,
    profile: Profile | None = None,
    constraints: Constraints | None = None,
    library: Library | None = None,
    clinician_approved: bool = False,
) -> Composition:
    """The most valuable routine for ``conditions`` within ``minutes``, safe for ``profile``.

    Raises ComposeError for a budget that is not a positive number up to ``MAX_MINUTES`` (120) or
    is below the shortest useful step, and when every candidate is unsafe or impossible;
    UnknownConditionError for an unknown condition, with suggestions; DataError for a profile
    condition the library does not know (see ``validate_profile``).

    Below the youngest age a condition's guidance covers (``Condition.min_age``: 16 for back pain,
    12 for headache) it refuses with one ComposeError, unless ``clinician_approved`` says a
    clinician has allowed it; the core rules for children then apply.
    """
    lib = library_or_default(library)
    request = _request(lib, conditions, minutes, profile, constraints, clinician_approved)
    stop = [a for a in lib.safety.alerts(request.profile) if a.severity is Severity.AVOID]
    if stop:
        raise ComposeError(" ".join(dict.fromkeys(a.message for a in stop)))
    screened = _screen(lib, request)
    if not screened.usable:
        listed = "; ".join(f"{e.point}: {e.reason}" for e in screened.excluded[:6])
        raise ComposeError(f"no point for {', '.join(request.conditions)} can be used: {listed}")
    assert screened.shortest is not None
    seconds, code = screened.shortest
    if seconds > request.budget_seconds:
        raise ComposeError(
            f"{request.minutes:g} minutes is too short: the shortest useful step ({code}) takes "
            f"{seconds} s; allow at least {math.ceil(seconds / 60 * 10) / 10:g} minutes"
        )
    return _assemble(lib, request, screened, _choose(request, screened))
