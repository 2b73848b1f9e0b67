"""The JSON Schemas of acupress's documents and records: ``acupress.schema(name)``.

Each is generated (draft 2020-12) from the model: the pack format from the pack classes, the
profile and routine formats from ``Profile`` and ``Routine`` (what ``parse_profile`` and
``parse_routine`` read), and the results from the record types of ``acupress.render``
(``CompositionRecord``, ``ReportRecord``, ``ScreeningRecord``), refined with what the
validators check. Every ``$id`` is ``https://acupress.dev/schema/<major>/<name>.json``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ._model.safety import Profile
from ._packs.schema import (
    ID_PATTERN,
    POINT_CODE_PATTERN,
    document_schema,
    implied_refinements,
    json_schema,
    pack_schema,
    technique_refinements,
)
from .errors import UnknownSchemaError

__all__ = ["SCHEMAS", "schema"]

SCHEMAS: Mapping[str, str] = MappingProxyType(
    {
        "pack": "a content pack (pack.toml)",
        "profile": "a person's profile, as parse_profile and load_profile read it",
        "routine": "a routine file, as parse_routine and load_routine read it and routine_record "
        "writes it",
        "composition": "the record of compose(): composition_record",
        "check": "the record of check(): report_record",
        "screening": "the record of screen(): screening_record",
    }
)
"""The schemas ``schema()`` gives, by name, with what each describes."""

_SECONDS = {"minimum": 1, "maximum": 600}


def _profile_refinements(cls: str) -> dict[tuple[str, str], dict[str, Any]]:
    """What ``Profile`` checks, for the class ``cls`` (the model, or its record)."""
    return {
        (cls, "has"): {"items": {"pattern": ID_PATTERN}},
        (cls, "age"): {"minimum": 0, "maximum": 130},
        (cls, "pregnancy_weeks"): {"minimum": 0, "maximum": 45},
        (cls, ""): {
            "allOf": [
                {
                    "if": {
                        "required": ["pregnancy_weeks"],
                        "properties": {"pregnancy_weeks": {"type": "integer"}},
                    },
                    "then": {"required": ["pregnant"], "properties": {"pregnant": {"const": True}}},
                }
            ]
        },
    }


def _step_refinements(cls: str, point: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(cls, "point"): point, (cls, "seconds"): _SECONDS}


def _document(name: str, title: str, type_: Any, refine: dict[Any, Any]) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    ref = json_schema(type_, defs, refine)
    root = defs.pop(ref["$ref"].rsplit("/", 1)[1])
    return document_schema(name, title, root, defs)


def _profile() -> dict[str, Any]:
    return _document("profile", "acupress profile", Profile, _profile_refinements("Profile"))


def _routine() -> dict[str, Any]:
    from ._model.routines import Routine

    refine: dict[Any, Any] = {
        ("Routine", "name"): {"pattern": r"\S"},
        # A routine file may name a point any way the resolver reads (Hoku, LI 4).
        **_step_refinements("Step", {"pattern": r"\S"}),
        **technique_refinements(),
    }
    out = _document("routine", "acupress routine", Routine, refine)
    # Written with a checked routine (dump_routine, routine_record), ignored on reading.
    for key, what in (
        ("advice", "what to say with the routine; ignored on reading"),
        ("screening", "the conditions to screen for red flags; ignored on reading"),
    ):
        out["properties"][key] = {"type": "array", "items": {"type": "string"}, "description": what}
    return out


def _record_refinements() -> dict[tuple[str, str], dict[str, Any]]:
    # A finding about the person (an alert) has no point: its point is empty.
    code_or_person = {"anyOf": [{"const": ""}, {"type": "string", "pattern": POINT_CODE_PATTERN}]}
    return {
        **_profile_refinements("ProfileRecord"),
        **implied_refinements("ImpliedRecord"),
        **_step_refinements("CompositionStepRecord", {"pattern": POINT_CODE_PATTERN}),
        ("FindingRecord", "point"): code_or_person,
        ("TechniqueRecord", "press_seconds"): _SECONDS,
        ("TechniqueRecord", "rest_seconds"): _SECONDS,
        ("TechniqueRecord", "cycles"): {"minimum": 1},
        ("ExclusionRecord", "point"): {"pattern": POINT_CODE_PATTERN},
        ("CompositionRecord", "budget_seconds"): {"minimum": 0},
        ("CompositionRecord", "total_seconds"): {"minimum": 0},
        ("ReportRecord", "screening"): {"items": {"pattern": ID_PATTERN}},
    }


def _record(name: str, title: str, type_: Any) -> dict[str, Any]:
    refine: dict[Any, Any] = _record_refinements()
    if name == "screening":
        from ._screen import ScreeningStatus

        refine[("ScreeningRecord", "status")] = {"enum": [s.value for s in ScreeningStatus]}
    return _document(name, title, type_, refine)


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) named ``name``: one of ``SCHEMAS``.

    ``pack``, ``profile`` and ``routine`` describe documents acupress reads; ``composition``,
    ``check`` and ``screening`` the records of ``compose()``, ``check()`` and ``screen()``
    (``acupress.render.composition_record``, ``report_record``, ``screening_record``). Each call
    returns a new dict. An unknown name raises ``NotFoundError`` with the names to choose from.
    """
    from .render._record_types import CompositionRecord, ReportRecord, ScreeningRecord

    if name == "pack":
        return pack_schema()
    if name == "profile":
        return _profile()
    if name == "routine":
        return _routine()
    if name == "composition":
        return _record(name, "acupress composition record", CompositionRecord)
    if name == "check":
        return _record(name, "acupress check report record", ReportRecord)
    if name == "screening":
        return _record(name, "acupress screening record", ScreeningRecord)
    close = difflib.get_close_matches(name, list(SCHEMAS), n=1)
    raise UnknownSchemaError(name, close, detail=f"choose from {', '.join(SCHEMAS)}")
