"""The clinical test tables (tests/data/clinical_cases*.toml), run on every change.

Each case is a named profile, the conditions to compose for and what every routine composed for
that person must respect (at 5 and 15 minutes, with and without a tennis ball), plus the points
``check()`` must leave out. Every case cites a core rule id or a reference that the data holds,
so an expectation cannot drift away from its source.
"""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path
from typing import Any

import pytest

import acupress
from acupress import ComposeError, Constraints, Pressure, Profile, Severity
from acupress._safety.rules import core_safety

from .conftest import packed

# The core table and one per pack (clinical_cases_<pack>.toml), whose cases may also cite the
# references of the packs.
TABLES = sorted((Path(__file__).parent / "data").glob("clinical_cases*.toml"))
CASES: list[dict[str, Any]] = [
    case for table in TABLES for case in tomllib.loads(table.read_text(encoding="utf-8"))["case"]
]
MINUTES = (5, 15)
TOOLS: tuple[tuple[str, ...], ...] = ((), ("tennis-ball",))
KNOWN_KEYS = {
    "name", "profile", "conditions", "never_points", "never_regions", "never_contacts",
    "never_lying", "max_pressure", "max_pressure_at", "max_seconds", "alert", "refuse",
    "check_avoid", "sources", "clinician_approved",
}  # fmt: skip


def _composed(case: dict[str, Any]) -> list[tuple[str, acupress.Composition | ComposeError]]:
    library = packed()
    profile = Profile(**case["profile"])
    out: list[tuple[str, acupress.Composition | ComposeError]] = []
    for condition, minutes, tools in itertools.product(case["conditions"], MINUTES, TOOLS):
        label = f"{condition}, {minutes} min, tools {list(tools)}"
        try:
            comp = acupress.compose(
                condition,
                minutes=minutes,
                profile=profile,
                constraints=Constraints(tools=tools),
                library=library,
                clinician_approved=case.get("clinician_approved", False),
            )
        except ComposeError as exc:
            out.append((label, exc))
        else:
            out.append((label, comp))
    return out


def test_the_table_is_well_formed() -> None:
    rules = {r.id for r in core_safety().rules}
    refs = {r.id for r in core_safety().references}
    refs |= {r.id for pack in packed().packs for r in pack.references}
    assert len(TABLES) >= 1
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert set(case) <= KNOWN_KEYS, case["name"]
        assert case["sources"], case["name"]
        assert set(case["sources"]) <= rules | refs, case["name"]
        assert set(case["conditions"]) <= set(packed().conditions), case["name"]
        Profile(**case["profile"])  # a valid profile


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_clinical_case(case: dict[str, Any]) -> None:
    library = packed()
    points = library.points
    never_points = set(case.get("never_points", ()))
    never_regions = {acupress.Region(r) for r in case.get("never_regions", ())}
    never_contacts = {acupress.Contact(c) for c in case.get("never_contacts", ())}
    most = Pressure(case["max_pressure"]) if "max_pressure" in case else None
    at = case.get("max_pressure_at")
    results = _composed(case)
    if "refuse" not in case:  # a case whose every request fails would check nothing
        assert any(not isinstance(r, ComposeError) for _l, r in results), case["name"]
    for label, result in results:
        if "refuse" in case:
            assert isinstance(result, ComposeError), label
            assert case["refuse"] in str(result), label
            continue
        if isinstance(result, ComposeError):
            continue  # nothing fits (too short, or everything excluded): nothing to press
        for step in result.routine.steps:
            where = f"{case['name']}: {label}: {step.point}"
            assert step.point not in never_points, where
            assert points[step.point].region not in never_regions, where
            assert step.technique.contact not in never_contacts, where
            if case.get("never_lying"):
                assert not step.lying, where
            if most is not None:
                assert step.technique.pressure.rank <= most.rank, where
            if at is not None and step.point in at["points"]:
                assert step.technique.pressure.rank <= Pressure(at["pressure"]).rank, where
            if "max_seconds" in case:
                assert step.seconds <= case["max_seconds"], where
        if "alert" in case:
            assert any(case["alert"] in a.message for a in result.safety.alerts), label
    if case.get("check_avoid"):
        report = acupress.check(case["check_avoid"], Profile(**case["profile"]), library=library)
        assert set(report.removed) == set(case["check_avoid"]), case["name"]
        assert report.routine.steps == ()
        assert {f.severity for f in report.findings} >= {Severity.AVOID}
