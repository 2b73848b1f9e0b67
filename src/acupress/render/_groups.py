"""What every output of a checked routine shares: findings and exclusions grouped by rule (the
advice said with it is ``_gate.advice_lines``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from .._model.routines import Pressure
from .._model.safety import Basis, Finding, Severity

if TYPE_CHECKING:
    from .._compose.composer import Exclusion

__all__ = ["ExclusionGroup", "FindingGroup", "exclusion_groups", "finding_groups"]


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
