"""What the authoring commands show: the safety rules with the points each covers, and the
packs' ready-made routines (``acupress rules``, ``acupress routines``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._i18n import tr
from .._model.words import word
from .output import Usage

if TYPE_CHECKING:
    from .._library import Library
    from .._model.packs import Pack, RoutineTemplate
    from .._model.safety import Rule

__all__ = ["find_template", "routine_record", "rule_record", "rule_records"]


def _pack_of(rule: Rule, library: Library) -> str:
    prefix, sep, _ = rule.id.partition(":")
    return prefix if sep and prefix in {p.id for p in library.packs} else "core"


def rule_record(rule: Rule, library: Library) -> dict[str, Any]:
    """One rule as JSON-ready data: whose it is, how severe, what it covers, why."""
    from .._model.safety import Profile

    target = rule.applies
    covers: dict[str, Any]
    if target.person:
        covers = {"kind": "person", "points": []}
    elif target.all:
        covers = {"kind": "all", "points": []}
    elif target.profile_regions is not None:
        covers = {"kind": "profile-regions", "which": target.profile_regions.value, "points": []}
    else:
        codes = library.safety.targets(rule, Profile(), set(library.points))
        covers = {"kind": "points", "points": sorted(codes)}
    return {
        "id": rule.id,
        "pack": _pack_of(rule, library),
        "severity": rule.severity.value,
        "pressure_cap": rule.pressure_cap.value if rule.pressure_cap is not None else None,
        "tightens": rule.tightens,
        "basis": rule.basis.value,
        "message": rule.message,
        "covers": covers,
        "groups": list(target.groups),
        "regions": [r.value for r in target.regions],
        "contacts": [c.value for c in target.contacts],
        "positions": [p.value for p in target.positions],
        "sources": list(library.safety.citations(rule)),
    }


def rule_records(library: Library, pack: str | None, point: str | None) -> list[dict[str, Any]]:
    """The rules of the library (core first), of one pack (or ``core``), covering one point.

    A rule that covers every point, or the regions the person's profile names, is listed for
    any point: whether it applies depends on the person.
    """
    from .._model.coerce import suggest

    if pack is not None:
        known = ["core", *(p.id for p in library.packs)]
        if pack not in known:
            hint = suggest(pack, known) or tr("; known: {ids}", ids=", ".join(known))
            raise Usage("--pack: " + tr("no pack {pack}", pack=repr(pack)) + hint)
    code = library.resolve(point).code if point is not None else None
    records = []
    for rule in library.safety.rules:
        record = rule_record(rule, library)
        if pack is not None and record["pack"] != pack:
            continue
        if code is not None:
            kind = record["covers"]["kind"]
            if kind == "person" or (kind == "points" and code not in record["covers"]["points"]):
                continue
        records.append(record)
    return records


def covers_text(record: dict[str, Any]) -> str:
    """What a rule record covers, in words."""
    covers = record["covers"]
    kind = covers["kind"]
    if kind == "person":
        text = tr("the person (said with every routine)")
    elif kind == "all":
        text = tr("every point")
    elif kind == "profile-regions":
        text = tr(
            "every point in the regions the profile lists under {field}", field=covers["which"]
        )
    else:
        text = ", ".join(covers["points"]) or tr("no point of this library")
    narrowed = [word(v) for v in (*record["contacts"], *record["positions"])]
    if not narrowed:
        return text
    return tr("{points} (only with {techniques})", points=text, techniques=", ".join(narrowed))


def routine_record(pack: Pack, template: RoutineTemplate) -> dict[str, Any]:
    """A pack's ready-made routine, named: its id, pack, name, conditions, description and
    length as written. Not its steps: a routine reaches a person only checked for them
    (``acupress guide --routine ID`` with the profile options, or ``check(template, profile)``).
    """
    return {
        "id": template.id,
        "pack": pack.id,
        "name": template.name,
        "conditions": list(template.conditions),
        "description": template.description,
        "seconds": sum(s.total_seconds for s in template.steps),
    }


def find_template(text: str, library: Library) -> tuple[Pack, RoutineTemplate]:
    """The ready-made routine ``text`` names: its id, or ``PACK:ID`` when two packs share it."""
    from .._model.coerce import suggest

    templates = library.routines()
    found = [(p, t) for p, t in templates if text in (t.id, f"{p.id}:{t.id}")]
    if len(found) == 1:
        return found[0]
    if found:
        names = " or ".join(f"{p.id}:{t.id}" for p, t in found)
        raise Usage(
            tr(
                "--routine {routine} is a routine of several packs: write {names}",
                routine=repr(text),
                names=names,
            )
        )
    ids = [t.id for _, t in templates]
    hint = suggest(text, ids) or (
        tr("; known: {ids}", ids=", ".join(ids))
        if ids
        else tr("; no installed pack offers a routine")
    )
    raise Usage(
        "--routine: "
        + tr("no ready-made routine {routine}", routine=repr(text))
        + hint
        + tr(" (see 'acupress routines')")
    )
