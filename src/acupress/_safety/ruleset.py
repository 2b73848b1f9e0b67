"""A rule set: safety rules compiled against a library's points, ready to evaluate.

One function, ``RuleSet.targets``, decides which points a rule covers for a profile; every query
(one point, many points, contact-specific rules, a whole routine) goes through it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from types import MappingProxyType

import attrs

from .._i18n import DEFAULT_LANGUAGE, localized, read_only, tr
from .._model.coerce import suggest
from .._model.points import Point, Region
from .._model.routines import Contact, Position, Pressure, Routine, Step
from .._model.safety import (
    GENERAL_ADVICE_FALLBACK,
    KNOWN_CONDITIONS,
    Finding,
    Profile,
    Rule,
    SafetyReport,
    Severity,
    Verdict,
    lowest_cap,
    shortest_hold,
    worst,
)
from ..errors import DataError

__all__ = ["RuleSet"]


class RuleSet:
    """Rules compiled against a library: which points each applies to, ready to evaluate.

    A RuleSet never changes after it is built (its tables are read-only views), so it is safe to
    share between threads and cannot be switched off by assigning to it.
    """

    __slots__ = (
        "_advice",
        "_citations",
        "_codes",
        "_groups",
        "_languages",
        "_mentioned",
        "_points",
        "_pressure_advice",
        "_regions",
        "_rules",
        "_translations",
    )

    def __init__(
        self,
        rules: Sequence[Rule],
        groups: Mapping[str, tuple[str, ...]],
        points: Mapping[str, Point],
        citations: Mapping[str, tuple[str, ...]],
        advice: Sequence[str],
        pressure_advice: Mapping[str, str] | None = None,
        *,
        translations: Mapping[str, Mapping[str, str]] | None = None,
        languages: Mapping[str, str] | None = None,
    ) -> None:
        """``pressure_advice`` holds the advice line on pressure for each firmest pressure a
        routine asks for (``firm``, ``moderate``, ``light``) and one for a routine the rules
        capped (``capped``); without it, the advice is ``advice`` as given.

        ``translations`` (language -> key -> text) and ``languages`` (key -> the language the
        text is written in, English when not given) use the keys ``advice.N``,
        ``pressure_advice.KIND`` and ``rules.ID.message``: findings and advice are given in the
        current language where a translation exists (see ``text``)."""
        self._translations = read_only(translations or {})
        self._languages: Mapping[str, str] = MappingProxyType(dict(languages or {}))
        self._rules = tuple(rules)
        self._pressure_advice: Mapping[str, str] = MappingProxyType(dict(pressure_advice or {}))
        self._groups: Mapping[str, tuple[str, ...]] = MappingProxyType(
            {name: tuple(codes) for name, codes in groups.items()}
        )
        self._advice = tuple(advice) or GENERAL_ADVICE_FALLBACK
        self._citations: Mapping[str, tuple[str, ...]] = MappingProxyType(dict(citations))
        self._points = points
        by_region: dict[Region, set[str]] = {}
        for code, point in points.items():
            by_region.setdefault(point.region, set()).add(code)
        self._regions: Mapping[Region, frozenset[str]] = MappingProxyType(
            {region: frozenset(found) for region, found in by_region.items()}
        )
        codes: dict[str, frozenset[str] | None] = {}
        for rule in self._rules:
            target = rule.applies
            if target.person:
                codes[rule.id] = frozenset()  # about the person: see alerts()
                continue
            if target.all or target.profile_regions is not None:
                codes[rule.id] = None  # decided per profile, see targets()
                continue
            found = set(target.points)
            for group in target.groups:
                found.update(self._groups.get(group, ()))
            for region in target.regions:
                found.update(self._regions.get(region, ()))
            codes[rule.id] = frozenset(found)
        self._codes: Mapping[str, frozenset[str] | None] = MappingProxyType(codes)
        mentioned: set[str] = set()
        for rule in self._rules:
            mentioned |= rule.when.mentions()
        self._mentioned = frozenset(mentioned)

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, name):
            raise AttributeError(f"a RuleSet cannot be changed (tried to set {name!r})")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a RuleSet cannot be changed (tried to delete {name!r})")

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule: the core rules first, then each pack's, in load order."""
        return self._rules

    @property
    def groups(self) -> Mapping[str, tuple[str, ...]]:
        """The named point groups rules may target (``pregnancy-traditional``, ...)."""
        return self._groups

    @property
    def advice(self) -> tuple[str, ...]:
        """The general advice given with every routine (in the current language where the core
        safety data translates it)."""
        return tuple(self.text(f"advice.{i}", a)[0] for i, a in enumerate(self._advice))

    def citations(self, rule: Rule) -> tuple[str, ...]:
        """The one-line citations of a rule's sources (as resolved in the rule's own pack)."""
        return self._citations.get(rule.id, rule.sources)

    def conditions(self) -> frozenset[str]:
        """Every profile condition id some rule looks at."""
        return self._mentioned

    def targets(self, rule: Rule, profile: Profile, among: Collection[str]) -> Iterable[str]:
        """The codes among ``among`` that ``rule`` covers for this person.

        This is the one place that decides what a rule applies to: its points, groups and regions,
        every point, or the regions named in the profile. It does not look at ``rule.when`` or at
        the contact (see ``applies``).
        """
        codes = self._codes[rule.id]
        if codes is not None:
            return codes.intersection(among)
        which = rule.applies.profile_regions
        if which is None:
            return among
        regions = profile.regions(which)
        if not regions:
            return ()
        if isinstance(among, set | frozenset):  # by region, as sets: never a code at a time
            return set().union(*(self._regions.get(r, frozenset()) & among for r in regions))
        points = self._points
        return [c for c in among if (p := points.get(c)) is not None and p.region in regions]

    def coverage(self, rule: Rule, profile: Profile) -> tuple[frozenset[Region], bool]:
        """The body regions all of whose points ``rule`` covers for this person, and whether it
        covers no other point (``targets`` gives the points): every region, its own regions, or
        the profile's. For callers that look at many points by region; like ``targets`` it does
        not look at ``rule.when`` or the contact."""
        target = rule.applies
        if target.person:
            return frozenset(), True
        if target.all:
            return frozenset(self._regions), True
        if target.profile_regions is not None:
            return profile.regions(target.profile_regions), True
        return frozenset(target.regions), not (target.points or target.groups)

    @staticmethod
    def applies(
        rule: Rule, profile: Profile, contact: Contact | None, position: Position | None = None
    ) -> bool:
        """Whether ``rule`` holds for this person pressing with ``contact`` in ``position``."""
        return rule.applies.narrows(contact, position) and rule.when.matches(profile)

    def evaluate(
        self,
        code: str,
        profile: Profile,
        contact: Contact | None = None,
        step: int | None = None,
        position: Position | None = None,
    ) -> tuple[Finding, ...]:
        """Every finding for pressing ``code`` (with ``contact``, in ``position``) for this
        person."""
        return tuple(
            self._finding(rule, code, step)
            for rule in self._rules
            if self.applies(rule, profile, contact, position)
            and any(self.targets(rule, profile, (code,)))
        )

    def alerts(self, profile: Profile) -> tuple[Finding, ...]:
        """The findings about the person rather than a point: said with every routine."""
        return tuple(
            self._finding(rule, "", None)
            for rule in self._rules
            if rule.applies.person and rule.when.matches(profile)
        )

    def evaluate_all(
        self, codes: Iterable[str], profile: Profile
    ) -> dict[str, tuple[Finding, ...]]:
        """Findings for many points at once (contact-free rules only), keyed by code.

        Only rules whose ``when`` holds for the profile are looked at, so a long list of points
        costs little more than a dictionary lookup each. Codes without findings are left out.
        """
        wanted = set(codes)
        found: dict[str, list[Finding]] = {}
        for rule in self._rules:
            if rule.applies.narrowed or not rule.when.matches(profile):
                continue
            targets = sorted(self.targets(rule, profile, wanted))
            if not targets:
                continue
            # The rule's words and sources once, for all its points (a rule on every point
            # gives a finding for each).
            words = self._words(rule)
            for code in targets:
                found.setdefault(code, []).append(self._finding(rule, code, None, words))
        return {code: tuple(items) for code, items in found.items()}

    def technique_rules(
        self, profile: Profile, among: Collection[str] | None = None
    ) -> dict[str, list[Rule]]:
        """Rules that hold for this profile but only for some contacts (a ball...) or positions
        (lying...), by point: for every point, or only for the codes ``among``."""
        found: dict[str, list[Rule]] = {}
        codes = self._points.keys() if among is None else among
        for rule in self._rules:
            if not rule.applies.narrowed or not rule.when.matches(profile):
                continue
            for code in self.targets(rule, profile, codes):
                found.setdefault(code, []).append(rule)
        return found

    def _words(self, rule: Rule) -> tuple[str, tuple[str, ...]]:
        """A rule's message in the current language, and its sources."""
        return self.text(f"rules.{rule.id}.message", rule.message)[0], self.citations(rule)

    def _finding(
        self,
        rule: Rule,
        code: str,
        step: int | None,
        words: tuple[str, tuple[str, ...]] | None = None,
    ) -> Finding:
        message, sources = words if words is not None else self._words(rule)
        return Finding(
            point=code,
            severity=rule.severity,
            rule=rule.id,
            message=message,
            basis=rule.basis,
            sources=sources,
            pressure_cap=rule.pressure_cap,
            step=step,
            max_seconds=rule.max_seconds,
        )

    def check(self, routine: Routine, profile: Profile) -> SafetyReport:
        """Check every step; see ``acupress.check``.

        A profile condition id that neither the core nor any rule here knows is a DataError (a
        typo such as ``anticoagulant`` would otherwise check nothing), as in ``check()``.
        """
        unknown = [
            f"$.has[{i}]: "
            + tr("unknown condition {condition}", condition=repr(c))
            + suggest(c, {*KNOWN_CONDITIONS, *self._mentioned})
            for i, c in enumerate(profile.has)
            if c not in KNOWN_CONDITIONS and c not in self._mentioned
        ]
        if unknown:
            raise DataError(unknown)
        alerts = self.alerts(profile)
        stop = [a for a in alerts if a.severity is Severity.AVOID]
        findings: list[Finding] = []
        safe_steps: list[Step] = []
        removed: list[str] = []
        capped = False
        for index, step in enumerate(routine.steps):
            if stop:  # an avoid rule on the person: no step at all
                findings.extend(attrs.evolve(a, point=step.point, step=index) for a in stop)
                removed.append(step.point)
                continue
            found = self.evaluate(step.point, profile, step.technique.contact, index, step.position)
            findings.extend(found)
            if worst(found) is Severity.AVOID:
                removed.append(step.point)
                continue
            safe = _capped(step, lowest_cap(found), shortest_hold(found))
            capped = capped or safe.technique is not step.technique
            safe_steps.append(safe)
        verdict = Verdict.OK
        every = [*alerts, *findings]
        if any(f.severity is Severity.AVOID for f in every):
            verdict = Verdict.AVOID
        elif any(f.severity is Severity.GENTLE for f in every):
            verdict = Verdict.CAUTION
        return SafetyReport(
            verdict=verdict,
            findings=tuple(findings),
            routine=attrs.evolve(routine, steps=tuple(safe_steps)),
            advice=self.advice_for(safe_steps, capped),
            profile=profile,
            removed=tuple(removed),
            alerts=alerts,
        )

    def advice_for(self, steps: Sequence[Step], capped: bool) -> tuple[str, ...]:
        """The general advice, its line on pressure fitted to the firmest of ``steps``."""
        advice = tuple(self.text(f"advice.{i}", a)[0] for i, a in enumerate(self._advice))
        lines = {
            k: self.text(f"pressure_advice.{k}", v)[0] for k, v in self._pressure_advice.items()
        }
        firmest = max((s.technique.pressure for s in steps), key=lambda p: p.rank, default=None)
        if firmest is None or not advice or firmest.value not in lines:
            return advice
        pressure = [lines[firmest.value]]
        if capped and "capped" in lines:
            pressure.append(lines["capped"])
        return (advice[0], *pressure, *advice[1:])

    def text(self, key: str, text: str) -> tuple[str, str]:
        """A rule's message or a line of advice (``text``, under ``key``: ``rules.ID.message``,
        ``advice.N``, ``pressure_advice.KIND``) in the current language where it is translated,
        and the language of what is returned: a renderer marks text in another language."""
        return localized(text, key, self._translations, self._languages.get(key, DEFAULT_LANGUAGE))


def _capped(step: Step, cap: Pressure | None, hold: int | None) -> Step:
    """The step with its pressure lowered to ``cap`` and its hold shortened to ``hold``."""
    technique = step.technique.with_pressure_cap(cap)
    seconds = step.seconds
    if hold is not None and seconds > hold:
        seconds = hold
        natural = technique.natural_seconds
        if natural is not None and natural > hold:
            technique = attrs.evolve(technique, cycles=None)  # the count no longer fits
    if technique is step.technique and seconds == step.seconds:
        return step
    return attrs.evolve(step, technique=technique, seconds=seconds)
