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

The work is linear in the candidates an optimum could use, not in the library: candidates are
screened most valuable first, and a body region's are passed over once ``K`` points each offer
more than its next one could be worth (``_Exit``); a region none of whose candidates can count
is passed over from the start. The solver drops, before its programme, the options a bound shows
no optimum uses (``knapsack.reduce``). Neither changes the routine, and the reasons of the points
passed over are worked out when ``Composition.excluded`` is first read.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs

from .._check import (
    for_conditions,
    profile_for,
    refuse_below_min_age,
    refuse_in_pregnancy,
    validate_profile,
)
from .._default import library_or_default
from .._i18n import keep_language, tr
from .._library import Library
from .._model.packs import Dosing, Position
from .._model.points import Laterality, Point, Reach, Region
from .._model.routines import Contact, Routine, Sides, Step
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
    populations,
    prune,
    way_infeasibility,
)
from .knapsack import solve

if TYPE_CHECKING:
    from .._safety.ruleset import RuleSet

__all__ = ["Composition", "Constraints", "Exclusion", "Explanation", "compose"]

REGION_DECAY = 0.7
EARLY_EXIT = True  # tests turn it off to check that the early exit changes no routine
CHECK_EVERY = 32  # candidates between two looks at whether a region is done
FIRST_BLOCK = 256  # candidates whose findings are asked for first; each next block is twice as long
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


class Exclusion(NamedTuple):
    """A candidate left out, and why.

    ``reason`` is written for the person: for a safety reason it is the rule's own message.
    ``rules`` names the safety rules that left the point out (empty for other reasons), so
    outputs can group the points each rule left out. A light record (a named tuple), as a
    composition over a large library leaves out most of its points.
    """

    point: str
    reason: str
    rules: tuple[str, ...] = ()


Exclusions = tuple[Exclusion, ...] | Callable[[], tuple[Exclusion, ...]]


def _as_tuple(excluded: Exclusions) -> tuple[Exclusion, ...]:
    return excluded if isinstance(excluded, tuple) else excluded()


class _Deferred:
    """Exclusions worked out on first use, then kept; copied, pickled and compared as the tuple."""

    __slots__ = ("_build", "_lock", "_value")

    def __init__(self, build: Callable[[], tuple[Exclusion, ...]]) -> None:
        self._build: Callable[[], tuple[Exclusion, ...]] | None = build
        self._value: tuple[Exclusion, ...] | None = None
        self._lock = threading.Lock()

    def __call__(self) -> tuple[Exclusion, ...]:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    assert self._build is not None
                    self._value = self._build()
                    self._build = None  # let go of the library and the screening
                value = self._value
        return value

    def __reduce__(self) -> tuple[type[tuple[Exclusion, ...]], tuple[tuple[Exclusion, ...]]]:
        return tuple, (self(),)


@attrs.frozen
class Composition:
    """A composed routine with the reason for every choice and the safety report.

    ``excluded`` is every candidate left out, with its reason. ``compose()`` works out the
    reasons when ``excluded`` is first read (over a large library most points are left out,
    and few callers read them); the Composition compares, hashes and pickles as if it held
    the tuple.
    """

    conditions: tuple[str, ...]
    routine: Routine
    explanations: tuple[Explanation, ...]
    _excluded: Exclusions = attrs.field(
        alias="excluded", eq=_as_tuple, repr=lambda e: repr(_as_tuple(e))
    )
    safety: SafetyReport
    budget_seconds: int

    @property
    def excluded(self) -> tuple[Exclusion, ...]:
        """Every candidate left out: those that cannot be used first (safety, dosing,
        constraints), then those that did not fit, each group in the candidates' order."""
        return _as_tuple(self._excluded)

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
    clinician_approved: bool = False

    @property
    def budget(self) -> int:
        """The budget in units of ``UNIT`` seconds."""
        return self.budget_seconds // UNIT


Usable = list[tuple[Dosing, tuple[int, ...]]]  # a candidate's usable dosings, with hold times


class _Screened(NamedTuple):
    """The candidates after safety and constraints, valued, with their cheapest offers."""

    usable: dict[str, tuple[float, int, Usable]]
    offers: list[tuple[int, float, float, str]]  # (cost in units, offer, value, code)
    excluded: dict[str, Exclusion]  # the screened candidates that cannot be used
    # By region number (see _Plan): the position from which none of the region's candidates
    # was screened, as none of them can be in an optimum (len(candidates) when all were).
    unscreened_from: list[int]
    shortest: tuple[int, str] | None  # the cheapest useful step: (seconds, code)
    # Screened candidates no dosing of which the constraints allow: unusable whatever the rules
    # say, so their findings are not asked for; their reasons are made when first wanted.
    unjudged: frozenset[str] = frozenset()


class _Plan(NamedTuple):
    """A library's candidates for some conditions, as the screening walks them."""

    codes: list[str]
    candidates: list[Candidate]
    region: list[int]  # each candidate's region, numbered from 0 in order of appearance
    members: list[list[int]]  # by region number: the positions of its candidates, in order
    region_of: dict[str, int]  # each candidate's region number, by code
    region_codes: list[frozenset[str]]  # by region number: the codes of its candidates
    regions: list[Region]  # by region number: the region
    undosed: frozenset[str]  # the candidates no pack gives a dosing for
    # From each position on: the least cost (budget units) any candidate could have, one side
    # only (from candidate_index) and with bilateral points pressed on both sides.
    least_one: list[int]
    least_both: list[int]
    # Every (contact, position, the point's reach) a candidate's dosing has: a request none of
    # whose dosings could be used, whatever the point, is known impossible from these alone.
    ways: frozenset[tuple[Contact, Position, Reach]]
    # The candidates' positions, in order, by (the shortest first hold of any of their dosings,
    # whether the point is on both sides): what the shortest step could take, looked up by size.
    by_shortest: dict[tuple[int, bool], list[int]]


def _plan(library: Library, request: _Request) -> _Plan:
    """The candidates for the request's conditions (valued for the person's groups, see
    ``populations``) in order, by region; cached per library."""
    conditions, groups = request.conditions, populations(request.profile)

    def build() -> _Plan:
        candidates, least, _regions = candidate_index(library, conditions, groups)
        numbers: dict[Region, int] = {}
        region: list[int] = []
        members: list[list[int]] = []
        for position, cand in enumerate(candidates.values()):
            number = numbers.setdefault(cand.point.location.region, len(members))
            if number == len(members):
                members.append([])
            members[number].append(position)
            region.append(number)
        both = [
            min(
                (-(-t[0] * (2 if c.point.location.laterality is BILATERAL else 1) // UNIT))
                for _d, t in c.dosings
            )
            if c.dosings
            else 1 << 30
            for c in candidates.values()
        ]
        for i in range(len(both) - 2, -1, -1):
            both[i] = min(both[i], both[i + 1])
        by_shortest: dict[tuple[int, bool], list[int]] = {}
        for position, cand in enumerate(candidates.values()):
            if cand.dosings:
                first = min(times[0] for _d, times in cand.dosings)
                bilateral = cand.point.location.laterality is BILATERAL
                by_shortest.setdefault((first, bilateral), []).append(position)
        codes = list(candidates)
        return _Plan(
            codes,
            list(candidates.values()),
            region,
            members,
            dict(zip(codes, region, strict=True)),
            [frozenset(codes[j] for j in mine) for mine in members],
            list(numbers),
            frozenset(code for code, c in candidates.items() if not c.dosings),
            least,
            both,
            frozenset(
                (d.technique.contact, d.position, c.point.reach)
                for c in candidates.values()
                for d, _times in c.dosings
            ),
            by_shortest,
        )

    return library.memo(("compose-plan", conditions, groups), build)


def _shortest_hold(rules: RuleSet) -> int | None:
    """The shortest hold any rule allows (a rule that shortens holds can make a step cheaper
    than its dosing), or None."""
    return min((r.max_seconds for r in rules.rules if r.max_seconds is not None), default=None)


def _shortest_step(library: Library, request: _Request) -> tuple[int, str] | None:
    """The shortest useful step of all candidates, (seconds, code): of the shortest, the first
    in the candidates' order, as a screening of every candidate finds it, but judging only the
    candidates whose step could be that short.

    A candidate's step takes at least its shortest first hold (or the shortest hold any rule
    allows, if less), twice for a point on both sides pressed on both: the candidates are judged
    by that least, smallest first, each size in the candidates' order, until no candidate left
    could take as little as the shortest found."""
    plan = _plan(library, request)
    rules, profile = library.safety, request.profile
    both = request.constraints.sides is Sides.BOTH
    hold = _shortest_hold(rules)
    least: dict[int, list[int]] = {}
    for (first, bilateral), positions in plan.by_shortest.items():
        seconds = first if hold is None else min(first, hold)
        least.setdefault(seconds * (2 if both and bilateral else 1), []).extend(positions)
    reasons_of = _Reasons(request.constraints)
    best: tuple[int, int] | None = None  # (seconds, position)
    for bound in sorted(least):
        if best is not None and bound > best[0]:
            break
        positions = sorted(least[bound])
        codes = [plan.codes[j] for j in positions]
        unsafe = rules.evaluate_all(codes, profile)
        by_contact = rules.technique_rules(profile, codes)
        for j, code in zip(positions, codes, strict=True):
            cand = plan.candidates[j]
            verdict = _judge(reasons_of, code, cand, unsafe.get(code, ()), by_contact)
            if not isinstance(verdict, list):
                continue
            count = 2 if both and cand.point.location.laterality is BILATERAL else 1
            seconds = min(t[0] * count for _d, t in verdict)
            if best is None or (seconds, j) < best:
                best = (seconds, j)
            if seconds == bound:
                break  # no later candidate of this size can come first
    return None if best is None else (best[0], plan.codes[best[1]])


def _none_usable(plan: _Plan, rules: RuleSet, request: _Request) -> bool:
    """True only when no candidate can be used, as seen without judging one: every way of
    pressing any candidate has (contact, position or reach) is impossible for the constraints or
    avoided by a rule on every point for this person. False says nothing (the screening finds
    out): point rules only ever leave more out, so this can never call a usable point unusable.
    """
    profile = request.profile
    everywhere = [
        r
        for r in rules.rules
        if r.severity is Severity.AVOID
        and r.applies.narrowed
        and r.applies.all
        and r.when.matches(profile)
    ]
    reasons_of = _Reasons(request.constraints)
    for way in plan.ways:
        contact, position, reach = way
        if reasons_of.infeasible_way(contact, position, reach) is None and not any(
            r.applies.narrows(contact, position) for r in everywhere
        ):
            return False
    return True


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
        raise ComposeError(tr("name at least one condition (see 'acupress conditions')"))
    # Named any way the library takes ("Low back pain"), stored and reported by id.
    wanted = tuple(dict.fromkeys(library.condition(c).id for c in given))
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not math.isfinite(minutes)
    ):
        raise ComposeError(
            tr("the time budget must be a number of minutes, got {value}", value=repr(minutes))
        )
    if minutes <= 0:
        raise ComposeError(
            tr(
                "the time budget must be more than 0 minutes, got {value}",
                value=format(minutes, "g"),
            )
        )
    if minutes > MAX_MINUTES:
        raise ComposeError(
            tr(
                "the time budget must be at most {most} minutes, got {value}",
                most=MAX_MINUTES,
                value=format(minutes, "g"),
            )
        )
    person = profile or Profile()
    validate_profile(person, library)
    person = profile_for(person, wanted, library)  # sickness in pregnancy: checked as pregnant
    refuse_in_pregnancy(person, wanted, library)  # period pain in pregnancy: not period pain
    refuse_below_min_age(person, wanted, library, clinician_approved)
    return _Request(
        wanted,
        minutes,
        round(minutes * 60),
        person,
        constraints or Constraints(),
        clinician_approved,
    )


def _avoid(code: str, findings: Sequence[Finding]) -> Exclusion:
    """The exclusion of a point some rules say to avoid, in the rules' own words."""
    avoid = [f for f in findings if f.severity is Severity.AVOID]
    reason = " ".join(dict.fromkeys(f.message for f in avoid))
    return Exclusion(code, reason, tuple(dict.fromkeys(f.rule for f in avoid)))


class _Reasons:
    """The words of the reasons one screening gives, each put into words once: a large library
    leaves thousands of points out for the same few reasons (a position not allowed, no partner),
    and a message in the current language costs a look at the environment each time."""

    __slots__ = ("_constraints", "_infeasible", "_technique", "no_dosing")

    def __init__(self, constraints: Constraints) -> None:
        self._constraints = constraints
        self._infeasible: dict[tuple[Contact, Position, Reach], str | None] = {}
        self._technique: dict[str, str] = {}
        self.no_dosing = tr("no pack gives a dosing for it")

    def infeasible(self, dosing: Dosing, point: Point) -> str | None:
        """``infeasibility(dosing, point, constraints)``: it depends on the dosing's contact and
        position and the point's reach only."""
        return self.infeasible_way(dosing.technique.contact, dosing.position, point.reach)

    def infeasible_way(self, contact: Contact, position: Position, reach: Reach) -> str | None:
        """The same for a way of pressing (contact, position, reach) rather than a dosing."""
        key = (contact, position, reach)
        try:
            return self._infeasible[key]
        except KeyError:
            found = self._infeasible[key] = way_infeasibility(
                contact, position, reach, self._constraints
            )
            return found

    def technique(self, reason: str) -> str:
        """Why a point's only techniques cannot be used, in a sentence."""
        said = self._technique.get(reason)
        if said is None:
            said = self._technique[reason] = tr("its technique {reason}", reason=reason)
        return said


def _usable_dosings(
    reasons_of: _Reasons, code: str, cand: Candidate, by_contact: Mapping[str, Sequence[Rule]]
) -> tuple[Usable, list[tuple[str, tuple[str, ...]]]]:
    """The dosings of a candidate the person can use, and why each other one cannot be."""
    usable = []
    reasons: list[tuple[str, tuple[str, ...]]] = []
    for dosing, durations in cand.dosings:
        need = reasons_of.infeasible(dosing, cand.point)
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


def _judge(
    reasons_of: _Reasons,
    code: str,
    cand: Candidate,
    findings: Sequence[Finding],
    by_contact: Mapping[str, Sequence[Rule]],
) -> Usable | Exclusion:
    """A candidate's usable dosings, with the hold times allowed, or why it cannot be used."""
    if worst(findings) is Severity.AVOID:
        return _avoid(code, findings)
    if not cand.dosings:
        return Exclusion(code, reasons_of.no_dosing)
    usable, reasons = _usable_dosings(reasons_of, code, cand, by_contact)
    hold = shortest_hold(findings)
    if hold is not None:  # a rule shortens the holds: only times within it are offered
        usable = [(d, tuple(t for t in times if t <= hold) or (hold,)) for d, times in usable]
    if usable:
        return usable
    # A safety reason matters most to the person; then the others, in a stable order.
    reason, rule_ids = min(set(reasons), key=lambda r: (not r[1], r))
    if rule_ids:
        return Exclusion(code, reason, rule_ids)
    return Exclusion(code, reasons_of.technique(reason))


def _blocked(rules: RuleSet, profile: Profile, plan: _Plan) -> tuple[set[int], set[str]]:
    """The regions none of whose candidates can count, and the candidates elsewhere that cannot:
    a rule on the point itself (whatever the technique) says to avoid them, or no pack doses
    them.

    The screening still judges each point it screens by its own findings; this only tells it
    in advance which points cannot count, so that a region left with none of them stops
    holding the early exit back. Regions a rule covers whole are found without looking at
    their points one by one.
    """
    avoid = [
        r for r in rules.rules if r.severity is Severity.AVOID and rules.applies(r, profile, None)
    ]
    coverage = [rules.coverage(r, profile) for r in avoid]
    covered = frozenset().union(*(regions for regions, _only in coverage))
    dead = {n for n, region in enumerate(plan.regions) if region in covered}
    # A rule that covers whole regions only leaves nothing out elsewhere.
    partial = [r for r, (_regions, only) in zip(avoid, coverage, strict=True) if not only]
    blocked: set[str] = set()
    for n, codes in enumerate(plan.region_codes):
        if n not in dead:
            blocked.update(codes & plan.undosed)
            for rule in partial:
                blocked.update(rules.targets(rule, profile, codes))
    return dead, blocked


def _keep(top: list[float], offer: float, size: int) -> None:
    """Keep ``offer`` in ``top``, the ``size`` best offers in ascending order."""
    if len(top) < size:
        bisect.insort(top, offer)
    elif offer > top[0]:
        del top[0]
        bisect.insort(top, offer)


class _Exit:
    """The early exit of one screening: which regions are still screened, and why not others.

    Candidates come most valuable first. A region's candidates stop being screened once none of
    them can be in an optimum: when ``size`` other points (``size`` being the most points any
    routine can hold) each offer more than the region's next candidate could be worth (its base
    value, decayed by the region's rank so far) for no more than the least any candidate from
    here on could cost. A region with no candidate left that could count (each is blocked: a rule
    on the point says to avoid it, or no pack doses it) is done too.
    """

    __slots__ = (
        "_blocked",
        "_floor",
        "_floors",
        "_hold_floor",
        "_live",
        "_pending",
        "_plan",
        "_pointer",
        "_size",
        "_top",
        "open",
        "unscreened_from",
    )

    def __init__(
        self,
        plan: _Plan,
        floors: list[int],
        hold_floor: int,
        size: int,
        blocked: tuple[set[int], set[str]],
    ) -> None:
        regions = len(plan.members)
        self._plan = plan
        self._floors = floors
        self._hold_floor = hold_floor
        self._floor = min(floors[0], hold_floor)
        self._size = size
        dead, self._blocked = blocked
        # By region: the candidates left that could count.
        self._live = [0 if r in dead else len(mine) for r, mine in enumerate(plan.members)]
        for code in self._blocked:
            self._live[plan.region_of[code]] -= 1
        self._pointer = [0] * regions
        self._top: list[float] = []  # the `size` best offers costing at most `_floor`, ascending
        self._pending: dict[int, list[float]] = {}  # the offers costing more, by cost
        # By region: the position from which its candidates are not screened (from the start
        # for a region none of whose candidates can count).
        self.unscreened_from = [0 if not live else len(plan.codes) for live in self._live]
        self.open = [r for r in range(regions) if self._live[r]]

    def screened(self, code: str, region: int) -> None:
        """Count a candidate as screened (whether or not it could be used)."""
        if code not in self._blocked:
            self._live[region] -= 1

    def offer(self, cost: int, offer: float) -> None:
        """Take a screened candidate's cheapest offer into account."""
        if cost <= self._floor:
            _keep(self._top, offer, self._size)
        else:
            self._pending.setdefault(cost, []).append(offer)

    def check(self, index: int, rank: list[int]) -> None:
        """Close the regions none of whose candidates from ``index`` on can be in an optimum."""
        least = min(self._floors[index], self._hold_floor)
        if least > self._floor:
            for cost in [c for c in self._pending if c <= least]:
                for offer in self._pending.pop(cost):
                    _keep(self._top, offer, self._size)
            self._floor = least
        if len(self._top) < self._size:
            return
        kth = self._top[0]
        plan, blocked, pointer = self._plan, self._blocked, self._pointer
        still = []
        for r in self.open:
            if self._live[r]:
                mine, p = plan.members[r], pointer[r]
                while mine[p] < index or plan.codes[mine[p]] in blocked:
                    p += 1
                pointer[r] = p
                if plan.candidates[mine[p]].base * REGION_DECAY ** rank[r] >= kth:
                    still.append(r)
                    continue
            self.unscreened_from[r] = index
        self.open = still

    @property
    def sparse(self) -> bool:
        """Whether few regions are still screened (then the walk jumps to their candidates)."""
        return len(self.open) * 4 < len(self._plan.members)

    def next_position(self, index: int) -> int:
        """The first position from ``index`` on of a candidate still screened."""
        members = self._plan.members
        return min(
            (
                mine[p]
                for r in self.open
                if (p := bisect.bisect_left(mine := members[r], index)) < len(mine)
            ),
            default=len(self._plan.codes),
        )

    def block(self, start: int, end: int) -> list[int]:
        """The positions still screened from ``start`` to ``end``."""
        members = self._plan.members
        if self.sparse:
            found: list[int] = []
            for r in self.open:
                mine = members[r]
                lo, hi = bisect.bisect_left(mine, start), bisect.bisect_left(mine, end)
                found.extend(mine[lo:hi])
            return found
        region, unscreened = self._plan.region, self.unscreened_from
        return [j for j in range(start, end) if j < unscreened[region[j]]]


def _screen(library: Library, request: _Request, *, early_exit: bool = True) -> _Screened:
    """Phases 2 and 3: screen the candidates (safety, dosing, constraints) and value them.

    With ``early_exit``, regions whose candidates cannot be in an optimum are passed over (see
    ``_Exit``). Findings are asked for in growing blocks, only for candidates still screened.
    """
    plan = _plan(library, request)
    codes, cands, regions = plan.codes, plan.candidates, plan.region
    total = len(codes)
    rules = library.safety
    profile = request.profile
    sides_both = request.constraints.sides is Sides.BOTH
    floors = plan.least_both if sides_both else plan.least_one
    # A rule that shortens holds can make a step cheaper than its dosing: never below this.
    hold = _shortest_hold(rules)
    hold_floor = max(1, -(-hold // UNIT)) if hold is not None else 1 << 30
    most_possible = request.budget // max(1, min(floors[0], hold_floor)) if total else 0
    if request.constraints.max_points is not None:
        most_possible = min(most_possible, request.constraints.max_points)
    if early_exit and _none_usable(plan, rules, request):
        # Nothing to screen: the first reasons are judged from the start (_first_exclusions).
        return _Screened({}, [], {}, [0] * len(plan.members), None)
    if early_exit and total and most_possible == 0:
        # No step of any candidate fits the budget: the request is too short (or impossible),
        # and only the shortest step is wanted, for the message. (A step that fits the seconds
        # but not the budget's units is screened as before.)
        least_step = _shortest_step(library, request)
        if least_step is None or least_step[0] > request.budget_seconds:
            return _Screened({}, [], {}, [0] * len(plan.members), least_step)
    early: _Exit | None = None
    if early_exit and most_possible > 0:
        early = _Exit(plan, floors, hold_floor, most_possible, _blocked(rules, profile, plan))
    unscreened_from = early.unscreened_from if early is not None else [total] * len(plan.members)

    reasons_of = _Reasons(request.constraints)

    def doomed(cand: Candidate) -> bool:
        """No dosing of it the constraints allow (with the early exit only, so that a
        screening without it stays the plain reference)."""
        return early is not None and all(
            reasons_of.infeasible(d, cand.point) is not None for d, _times in cand.dosings
        )

    excluded: dict[str, Exclusion] = {}
    unjudged: set[str] = set()
    usable_by_code: dict[str, tuple[float, int, Usable]] = {}
    offers: list[tuple[int, float, float, str]] = []
    shortest: tuple[int, str] | None = None
    rank = [0] * len(plan.members)
    unsafe: dict[str, tuple[Finding, ...]] = {}
    by_contact: dict[str, list[Rule]] = {}
    asked: set[str] = set()  # the codes whose findings were asked for
    known, block = 0, FIRST_BLOCK
    index = since = 0
    while index < total:
        if index >= known:  # the findings for the next block of candidates still screened
            known, block = min(total, index + block), block * 2
            positions = early.block(index, known) if early is not None else range(index, known)
            wanted = [codes[j] for j in positions if not doomed(cands[j])]
            unsafe.update(rules.evaluate_all(wanted, profile))
            by_contact.update(rules.technique_rules(profile, wanted))
            asked.update(wanted)
        if early is not None and since >= CHECK_EVERY and len(offers) >= most_possible:
            since = 0
            early.check(index, rank)
            if not early.open:
                break
        r = regions[index]
        if index >= unscreened_from[r]:
            index += 1
            if early is not None and early.sparse:
                index = early.next_position(index)
            continue
        since += 1
        code, cand = codes[index], cands[index]
        index += 1
        if early is not None:
            early.screened(code, r)
        if doomed(cand):  # unusable whatever the rules say: its reason is made when wanted
            unjudged.add(code)
            continue
        if code not in asked:  # never judge a point without its findings (the blocks ask ahead)
            unsafe.update(rules.evaluate_all((code,), profile))
            by_contact.update(rules.technique_rules(profile, (code,)))
            asked.add(code)
        verdict = _judge(reasons_of, code, cand, unsafe.get(code, ()), by_contact)
        if not isinstance(verdict, list):
            excluded[code] = verdict
            continue
        value = cand.base * REGION_DECAY ** rank[r]
        rank[r] += 1
        count = 2 if sides_both and cand.point.location.laterality is BILATERAL else 1
        usable_by_code[code] = (value, count, verdict)
        seconds, offer = min((t[0] * count, hold_share(d, t[0]) * value) for d, t in verdict)
        if shortest is None or seconds < shortest[0]:
            shortest = (seconds, code)
        cost = -(-seconds // UNIT)
        offers.append((cost, offer, value, code))
        if early is not None:
            early.offer(cost, offer)
    return _Screened(
        usable_by_code, offers, excluded, unscreened_from, shortest, frozenset(unjudged)
    )


def _exclusions(
    library: Library, request: _Request, screened: _Screened, chosen: set[str], why: str
) -> tuple[Exclusion, ...]:
    """Every candidate left out, and why: those that cannot be used, then those that did not
    fit (``why``), each in the candidates' order. The candidates the screening passed over are
    judged here, as they would have been there."""
    plan = _plan(library, request)
    unscreened_from, unjudged = screened.unscreened_from, screened.unjudged
    late = [
        c
        for j, c in enumerate(plan.codes)
        if j >= unscreened_from[plan.region[j]] or c in unjudged
    ]
    unsafe = library.safety.evaluate_all(late, request.profile)
    by_contact = library.safety.technique_rules(request.profile, late)
    reasons_of = _Reasons(request.constraints)
    unusable: list[Exclusion] = []
    unfit: list[Exclusion] = []
    for j, code in enumerate(plan.codes):
        if j >= unscreened_from[plan.region[j]] or code in unjudged:
            verdict = _judge(reasons_of, code, plan.candidates[j], unsafe.get(code, ()), by_contact)
            if isinstance(verdict, list):
                unfit.append(Exclusion(code, why))
            else:
                unusable.append(verdict)
        elif code in screened.excluded:
            unusable.append(screened.excluded[code])
        elif code not in chosen:
            unfit.append(Exclusion(code, why))
    return (*unusable, *unfit)


def _first_exclusions(
    library: Library, request: _Request, screened: _Screened, count: int
) -> list[Exclusion]:
    """The first ``count`` candidates left out, in the candidates' order, for a screening that
    found none usable: those it judged, and those it passed over (regions no candidate of which
    could count) judged now, one at a time, until there are enough. The same reasons, in the same
    order, as a screening of every candidate gives, without one."""
    plan = _plan(library, request)
    rules, profile = library.safety, request.profile
    reasons_of = _Reasons(request.constraints)
    found: list[Exclusion] = []
    for j, code in enumerate(plan.codes):
        if len(found) >= count:
            break
        if j < screened.unscreened_from[plan.region[j]] and code not in screened.unjudged:
            found.append(screened.excluded[code])
            continue
        findings = rules.evaluate_all((code,), profile).get(code, ())
        by_contact = rules.technique_rules(profile, (code,))
        verdict = _judge(reasons_of, code, plan.candidates[j], findings, by_contact)
        if not isinstance(verdict, list):
            found.append(verdict)
    return found


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


def _dosing_note(library: Library, dosing: Dosing) -> str | None:
    """A dosing's note, in the current language where its pack translates it."""
    for pack, known in library.dosing(dosing.point):
        if known is dosing:
            return pack.dosing_note(dosing)
    return dosing.note


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
    why = tr("did not fit the time budget alongside more valuable points")
    if constraints.max_points is not None and len(chosen) >= constraints.max_points:
        why = tr("the routine is limited to {count} points", count=constraints.max_points)
    # Worked out later, in the language of now.
    excluded = _Deferred(
        keep_language(lambda: _exclusions(library, request, screened, chosen_codes, why))
    )

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
        note = _dosing_note(library, o.dosing)
        steps.append(
            Step(
                point=o.point,
                technique=technique,
                seconds=o.seconds,
                sides=sides,
                note=note or None,  # the position is its own field, said when shown
                position=o.dosing.position,
            )
        )
        whys = tuple(
            f"{ind.condition}: {p.text(f'indications.{ind.point}.{ind.condition}.why', ind.why)[0]}"
            for p, ind in cand.indications
        )
        evidence = "; ".join(
            dict.fromkeys(evidence_label(p, i, groups) for p, i in cand.indications)
        )
        explanations.append(
            Explanation(o.point, whys, evidence, round(o.value, 4), o.dosing.position)
        )
    wanted = request.conditions
    names = ", ".join(library.condition_text(c)[0] for c in wanted)
    routine = Routine(
        name=tr(
            "{conditions}: {minutes} minutes",
            conditions=names,
            minutes=request.budget_seconds // 60,
        ),
        steps=tuple(steps),
        conditions=wanted,
        description=tr("Composed by acupress for this person's profile and constraints."),
    )
    report = for_conditions(
        rules.check(routine, profile),
        wanted,
        library,
        clinician_approved=request.clinician_approved,
    )
    # Every candidate was checked above, so the check removes nothing; keep the two in step anyway.
    kept = {step.point for step in report.routine.steps}
    return Composition(
        conditions=wanted,
        routine=report.routine,
        explanations=tuple(e for e in explanations if e.point in kept),
        excluded=excluded,
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
    clinician has allowed it; the core rules for children then apply. For a pregnant person and
    a condition that does not happen in pregnancy (``Condition.not_in_pregnancy``: period pain)
    it refuses with one ComposeError whatever ``clinician_approved`` says; for one who could be
    pregnant, the routine's advice says to do a pregnancy test first.
    """
    lib = library_or_default(library)
    request = _request(lib, conditions, minutes, profile, constraints, clinician_approved)
    stop = [a for a in lib.safety.alerts(request.profile) if a.severity is Severity.AVOID]
    if stop:
        raise ComposeError(" ".join(dict.fromkeys(a.message for a in stop)))
    screened = _screen(lib, request, early_exit=EARLY_EXIT)
    if screened.shortest is None:  # no candidate can be used
        first = _first_exclusions(lib, request, screened, 6)
        listed = "; ".join(f"{e.point}: {e.reason}" for e in first)
        raise ComposeError(
            tr(
                "no point for {conditions} can be used: {reasons}",
                conditions=", ".join(request.conditions),
                reasons=listed,
            )
        )
    seconds, code = screened.shortest
    if seconds > request.budget_seconds:
        # Name the shortest step of all, among the candidates the early exit passed over too
        # (a screening that stopped at once, as no step could fit, found that one already).
        if not screened.usable:
            every: tuple[int, str] | None = screened.shortest
        elif EARLY_EXIT:
            every = _shortest_step(lib, request)
        else:
            every = _screen(lib, request, early_exit=False).shortest
        assert every is not None
        seconds, code = every
        raise ComposeError(
            tr(
                "{minutes} minutes is too short: the shortest useful step ({point}) takes "
                "{seconds} s; allow at least {least} minutes",
                minutes=format(request.minutes, "g"),
                point=code,
                seconds=seconds,
                least=format(math.ceil(seconds / 60 * 10) / 10, "g"),
            )
        )
    return _assemble(lib, request, screened, _choose(request, screened))
