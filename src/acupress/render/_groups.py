"""What every output of a checked routine shares: findings and exclusions grouped by rule, and
the advice (the pointer to red-flag screening first, then the general advice)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from .._gate import screening_advice
from .._model.routines import Pressure
from .._model.safety import Basis, Finding, SafetyReport, Severity

if TYPE_CHECKING:
    from .._compose.composer import Exclusion
    from .._library import Library

__all__ = ["ExclusionGroup", "FindingGroup", "advice_lines", "exclusion_groups", "finding_groups"]


class FindingGroup(NamedTuple):
    """One rule's findings: the rule, its message, and every point it applies to."""

    rule: str
    severity: Severity
    pressure_cap: Pressure | None
    message: str
    basis: Basis
    sources: tuple[str, ...]
    points: tuple[str, ...]


class ExclusionGroup(NamedTuple):
    """Points left out for one reason: the rules behind it (none for a reason like time)."""

    reason: str
    rules: tuple[str, ...]
    points: tuple[str, ...]


def finding_groups(findings: Iterable[Finding]) -> tuple[FindingGroup, ...]:
    """Findings grouped by rule, the most severe rules first, points in order of appearance."""
    groups: dict[str, tuple[Finding, dict[str, None]]] = {}
    for f in findings:
        _first, points = groups.setdefault(f.rule, (f, {}))
        points[f.point] = None
    out = [
        FindingGroup(
            f.rule, f.severity, f.pressure_cap, f.message, f.basis, f.sources, tuple(points)
        )
        for f, points in groups.values()
    ]
    return tuple(sorted(out, key=lambda g: -g.severity.rank))


def exclusion_groups(excluded: Iterable[Exclusion]) -> tuple[ExclusionGroup, ...]:
    """Exclusions grouped by their reason: safety reasons (with rules) first."""
    groups: dict[tuple[str, tuple[str, ...]], dict[str, None]] = {}
    for e in excluded:
        groups.setdefault((e.reason, e.rules), {})[e.point] = None
    out = [ExclusionGroup(reason, rules, tuple(p)) for (reason, rules), p in groups.items()]
    return tuple(sorted(out, key=lambda g: not g.rules))


def advice_lines(report: SafetyReport, library: Library) -> tuple[str, ...]:
    """The advice to show with a checked routine: the alerts about the person (a possible clot:
    see a doctor today), the red-flag screening pointer, then the general advice."""
    alerts = tuple(dict.fromkeys(a.message for a in report.alerts))
    return (*alerts, *screening_advice(report, library), *report.advice)
