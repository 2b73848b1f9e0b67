"""JSON-ready records of every result: plain dicts of text, numbers, lists and booleans.

These are what ``acupress ... --format json`` prints, and what an application can send as JSON
as it is. Each record function takes a public result object and returns a new dict, typed by a
``TypedDict`` of this module (``CompositionRecord``, ``ReportRecord``...): ``mypy --strict``
knows every key. ``acupress.schema(name)`` gives the JSON Schema of each, generated from these
types. Every record that holds a routine passes the result through the safety gate first.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs

from .._default import library_or_default
from .._gate import advice_lines, checked_report
from .._model.packs import ProfileFacts
from .._model.routines import Technique
from .._model.safety import Profile
from ._groups import exclusion_groups, finding_groups

if TYPE_CHECKING:
    # Annotations only: a record needs its object's attributes, not the modules that made it
    # (importing the resolver or the screening service would slow every command down).
    from .._compose.composer import Composition
    from .._conditions import ConditionMatch
    from .._guide import Cue
    from .._library import Library
    from .._model.packs import Condition
    from .._model.points import Point
    from .._model.safety import Finding, SafetyReport
    from .._packs.loading import PackStatus
    from .._resolve.resolver import Resolution
    from .._screen import ScreeningResult
    from ._record_types import (
        CompositionRecord,
        CompositionStepRecord,
        ConditionMatchRecord,
        ConditionRecord,
        CueRecord,
        FindingRecord,
        ImpliedRecord,
        PackStatusRecord,
        PointRecord,
        ProfileRecord,
        ReportRecord,
        ResolutionRecord,
        RoutineRecord,
        RoutineStepRecord,
        RuleGroupRecord,
        ScreeningRecord,
        TechniqueRecord,
    )

__all__ = [
    "composition_record",
    "condition_match_record",
    "condition_record",
    "cue_record",
    "finding_record",
    "implied_record",
    "pack_status_record",
    "point_record",
    "profile_record",
    "report_record",
    "resolution_record",
    "routine_record",
    "screening_record",
    "technique_record",
]

SPELLING_NOTATIONS = (
    "who",
    "english",
    "pinyin",
    "wade-giles",
    "hanzi",
    "legacy-bladder",
    "legacy-extra",
)


def point_record(point: Point, library: Library, *, spellings: bool = False) -> PointRecord:
    """A point as a JSON-ready dict: code, meridian, names, location, region, reach, cautions."""
    names = point.names
    record: PointRecord = {
        "code": point.code,
        "meridian": point.meridian,
        "meridian_name": library.meridians[point.meridian].name
        if point.meridian in library.meridians
        else point.meridian,
        "number": point.number,
        "pinyin": names.pinyin,
        "tones": names.tones,
        "hanzi": names.hanzi,
        "simplified": names.simplified,
        "gloss": names.gloss,
        "nicknames": list(names.nicknames),
        "location": point.location.text,
        "region": point.region.value,
        "laterality": point.location.laterality.value,
        "reach": point.reach.value,
        "cautions": list(point.cautions),
    }
    if point.legacy_codes:
        record["legacy_codes"] = list(point.legacy_codes)
    indications = library.indications(point=point.code)
    if indications:
        record["indications"] = [
            {
                "condition": ind.condition,
                "pack": pack.id,
                "why": ind.why,
                "priority": ind.priority,
                "references": list(ind.references),
            }
            for pack, ind in indications
        ]
    aliases = [a for a in library.aliases if a.point == point.code]
    if aliases:
        record["aliases"] = [
            {"text": a.text, "notation": a.notation, "source": a.source} for a in aliases
        ]
    if spellings:
        record["spellings"] = {
            n: list(s) for n in SPELLING_NOTATIONS if (s := library.spellings(point.code, n))
        }
    return record


def resolution_record(resolution: Resolution) -> ResolutionRecord:
    """A resolution as ``{"query", "matches": [{"code", "notation", "why"}], "ambiguous"}``."""
    return {
        "query": resolution.query,
        "matches": [
            {"code": m.code, "notation": m.notation, "why": m.why} for m in resolution.matches
        ],
        "ambiguous": resolution.ambiguous,
    }


def composition_record(comp: Composition, library: Library | None = None) -> CompositionRecord:
    """A composition: conditions, times, steps, what was left out (grouped by reason), safety.

    ``safety`` holds the verdict, the findings (one per point and rule, and grouped by rule), the
    conditions to screen for red flags, the advice and the profile; ``excluded`` one entry per
    point. The composition passes the safety gate first (``NotCheckedError`` if edited).
    """
    lib = library_or_default(library)
    report = checked_report(comp, lib)
    steps: list[CompositionStepRecord] = []
    for step in comp.routine.steps:
        exp = comp.explanation(step.point)
        record: CompositionStepRecord = {
            "point": step.point,
            "technique": technique_record(step.technique),
            "seconds": step.seconds,
            "sides": step.sides.value,
            "why": list(exp.why),
            "evidence": exp.evidence,
            "note": step.note,
        }
        if step.position is not None:
            record["position"] = step.position.value
        steps.append(record)
    return {
        "conditions": list(comp.conditions),
        "budget_seconds": comp.budget_seconds,
        "total_seconds": comp.total_seconds,
        "steps": steps,
        "excluded": [
            {"point": e.point, "reason": e.reason, "rules": list(e.rules)} for e in comp.excluded
        ],
        "excluded_groups": [
            {"reason": g.reason, "rules": list(g.rules), "points": list(g.points)}
            for g in exclusion_groups(comp.excluded)
        ],
        "safety": _safety_record(report, lib),
    }


def _rule_group(group: Any) -> RuleGroupRecord:
    record: RuleGroupRecord = {
        "rule": group.rule,
        "severity": group.severity.value,
        "message": group.message,
        "points": list(group.points),
        "basis": group.basis.value,
        "sources": list(group.sources),
    }
    if group.pressure_cap:
        record["pressure_cap"] = group.pressure_cap.value
    return record


def _safety_record(report: SafetyReport, library: Library) -> ReportRecord:
    return {
        "verdict": report.verdict.value,
        "findings": [finding_record(f) for f in report.findings],
        "by_rule": [_rule_group(g) for g in finding_groups(report.findings)],
        "removed": list(report.removed),
        "alerts": [finding_record(a) for a in report.alerts],
        "screening": list(report.screening),
        "advice": list(advice_lines(report, library)),
        "profile": profile_record(report.profile),
    }


def technique_record(technique: Technique) -> TechniqueRecord:
    """A technique as plain data, leaving out parameters it does not use."""
    record: dict[str, Any] = {}
    for field in attrs.fields(Technique):
        value = getattr(technique, field.name)
        if value is not None:
            record[field.name] = value.value if isinstance(value, enum.Enum) else value
    return record  # type: ignore[return-value]  # the fields of Technique, as TechniqueRecord says


def finding_record(f: Finding) -> FindingRecord:
    """A safety finding: point, severity, rule, message, sources, basis and any pressure cap."""
    record: FindingRecord = {
        "point": f.point,
        "severity": f.severity.value,
        "rule": f.rule,
        "message": f.message,
        "sources": list(f.sources),
        "basis": f.basis.value,
    }
    if f.pressure_cap is not None:
        record["pressure_cap"] = f.pressure_cap.value
    return record


def report_record(report: SafetyReport, library: Library | None = None) -> ReportRecord:
    """A safety report: verdict, findings (also grouped by rule), the points removed, the
    conditions to screen for red flags, the advice and the profile it was checked for.

    The report passes the safety gate first (``NotCheckedError`` if it was edited)."""
    lib = library_or_default(library)
    return _safety_record(checked_report(report, lib), lib)


def profile_record(profile: Profile) -> ProfileRecord:
    """A person's profile as plain data, every field given: ``parse_profile`` reads it back."""
    return {
        "pregnant": profile.pregnant,
        "pregnancy_weeks": profile.pregnancy_weeks,
        "postpartum": profile.postpartum,
        "age": profile.age,
        "has": list(profile.has),
        "broken_skin": [r.value for r in profile.broken_skin],
        "recent_surgery": [r.value for r in profile.recent_surgery],
        "recent_fracture": [r.value for r in profile.recent_fracture],
        "cancer_sites": [r.value for r in profile.cancer_sites],
        "ate_recently": profile.ate_recently,
        "lymphoedema": [limb.value for limb in profile.lymphoedema],
        "possibly_pregnant": profile.possibly_pregnant,
    }


def screening_record(result: ScreeningResult) -> ScreeningRecord:
    """A screening result: conditions, status, urgency, flags with advice and sources, advice,
    answered and unanswered ids.

    ``urgency`` is None when no question was answered (status "not screened"): "none" would read
    as "screened and clear".
    """
    from .._screen import ScreeningStatus  # loaded already: a result exists

    not_screened = result.status is ScreeningStatus.NOT_SCREENED
    return {
        "condition": result.condition,
        "conditions": list(result.conditions),
        "status": result.status.value,
        "urgency": None if not_screened else result.urgency.value,
        "summary": result.summary,
        "flags": [
            {
                "id": f.question,
                "text": f.text,
                "urgency": f.urgency.value,
                "advice": f.advice,
                "sources": list(f.sources),
            }
            for f in result.flags
        ],
        "advice": list(result.advice),
        "answered": list(result.answered),
        "unanswered": list(result.unanswered),
        "implies": implied_record(result.implies),
        "implied_advice": list(result.implied_advice),
    }


def implied_record(facts: ProfileFacts) -> ImpliedRecord:
    """The facts a screening implies, under the profile's keys: only those said."""
    record: ImpliedRecord = {}
    if facts.possibly_pregnant:
        record["possibly_pregnant"] = True
    if facts.pregnant:
        record["pregnant"] = True
    if facts.postpartum:
        record["postpartum"] = True
    if facts.lymphoedema:
        record["lymphoedema"] = [limb.value for limb in facts.lymphoedema]
    return record


def pack_status_record(status: PackStatus) -> PackStatusRecord:
    """How loading one pack went: name, version, distribution, status and any error."""
    return {
        "name": status.name,
        "version": status.version,
        "distribution": status.distribution,
        "status": status.status,
        "error": status.error,
    }


def condition_record(condition: Condition, library: Library) -> ConditionRecord:
    """A condition: id, name and the pack that defines it."""
    return {
        "id": condition.id,
        "name": condition.name,
        "pack": library.condition_pack(condition.id),
    }


def condition_match_record(match: ConditionMatch) -> ConditionMatchRecord:
    """A condition ``find_conditions`` found for a complaint: id, name, pack, score and why."""
    return {
        "id": match.id,
        "name": match.condition.name,
        "pack": match.pack,
        "score": match.score,
        "words": list(match.words),
        "why": list(match.why),
    }


def routine_record(
    checked: SafetyReport | Composition, library: Library | None = None
) -> RoutineRecord:
    """The safe routine of a checked result as plain data, in the shape routine files use
    (``load_routine`` reads it), with the advice and the conditions to screen.

    Only a checked result is taken, and it passes the safety gate first: a bare ``Routine`` is
    a TypeError, an edited result a ``NotCheckedError``."""
    lib = library_or_default(library)
    report = checked_report(checked, lib)
    routine = report.routine
    steps: list[RoutineStepRecord] = []
    for s in routine.steps:
        step: RoutineStepRecord = {
            "point": s.point,
            "technique": technique_record(s.technique),
            "seconds": s.seconds,
            "sides": s.sides.value,
        }
        if s.position is not None:
            step["position"] = s.position.value
        if s.note is not None:
            step["note"] = s.note
        steps.append(step)
    return {
        "name": routine.name,
        "description": routine.description,
        "conditions": list(routine.conditions),
        "steps": steps,
        "advice": list(advice_lines(report, lib)),
        "screening": list(report.screening),
    }


def cue_record(cue: Cue) -> CueRecord:
    """One cue of a guided session: start, length, kind, step, text and side."""
    return {
        "at": cue.at,
        "seconds": cue.seconds,
        "kind": cue.kind.value,
        "step": cue.step,
        "text": cue.text,
        "side": cue.side.value if cue.side is not None else None,
    }
