"""JSON Schemas generated from the model, so the two never drift: the pack format, and the
machinery (``json_schema``) that the other schemas (``acupress.schema``) are built with.

A schema is generated from the types (attrs classes and TypedDicts: fields, required keys,
enums, lists, no extra keys) and refined with what the model's validators check that the types
alone cannot say (``Refinements``: patterns, bounds, ``minItems``, rules between fields). The
pack schema also says what the catalog and the core safety rules fix: the catalog's point codes,
the core point groups, and which severities a rule that ``tightens`` a core rule may have.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, get_args, get_origin

import attrs

from .._model.base import EXTRA_GROUPS, ID, MERIDIAN_CODES
from .._model.packs import (
    CONSENSUS,
    MAX_SYNONYM_CHARS,
    MAX_SYNONYMS,
    SCHEMA_VERSION,
    TRADITION,
    Pack,
    Urgency,
)
from .._model.references import ReferenceKind, Studied
from .._model.routines import MAX_STEP_SECONDS, Method, Pressure, Sides
from .._model.safety import Basis, Rule, Severity

__all__ = [
    "DRAFT",
    "ICD10_PATTERN",
    "ID_PATTERN",
    "PACK_CODE_PATTERN",
    "POINT_CODE_PATTERN",
    "SCHEMA_BASE",
    "Refinements",
    "document_schema",
    "implied_refinements",
    "json_schema",
    "pack_schema",
    "schema_id",
    "technique_refinements",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://acupress.dev/schema"
"""Every schema's ``$id`` is ``{SCHEMA_BASE}/{major}/{name}.json``: the major version of the
format changes only when a document valid before may be refused (a key removed or renamed, a
value narrowed); additions keep it."""

ID_PATTERN = f"^{ID.pattern}$"
PACK_CODE_PATTERN = "^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$"
POINT_CODE_PATTERN = (
    f"^(?:(?:{'|'.join(MERIDIAN_CODES)})[1-9][0-9]?|EX-(?:{'|'.join(EXTRA_GROUPS)})[1-9][0-9]?"
    "|[a-z][a-z0-9-]*:[a-z][a-z0-9-]*)$"
)
"""A point code of any kind: WHO (``BL23``), extra (``EX-HN3``), a pack's (``sleep:anmian``)."""
ICD10_PATTERN = r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$"
_ABSENT = {"type": "null"}  # a field the model leaves None: not given, or null in JSON
_RULE_ID_PATTERN = f"^(?:[a-z][a-z0-9-]*:)?{ID.pattern}$"

Refinements = Mapping[tuple[str, str], Mapping[str, Any]]
"""Keyword additions to one field's schema, by (class name, field name); the field ``""`` adds
to the class's own schema (``allOf`` with ``if``/``then`` for rules between fields)."""


def schema_id(name: str, major: int = SCHEMA_VERSION) -> str:
    """The ``$id`` of the schema ``name``."""
    return f"{SCHEMA_BASE}/{major}/{name}.json"


_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
}


def json_schema(type_: Any, defs: dict[str, Any], refine: Refinements) -> dict[str, Any]:
    """The JSON Schema of ``type_``: a ``$ref`` into ``defs`` for attrs classes and TypedDicts
    (added there, refined by ``refine``), inline for everything else.

    ``Annotated[str, SomeEnum]`` is a member's value: the enum's values.
    """
    if type_ in _SCALARS:
        return dict(_SCALARS[type_])
    if type_ is Any:
        return {}
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return {"enum": [m.value for m in type_]}
    if attrs.has(type_) or typing.is_typeddict(type_):
        name = type_.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object_schema(type_, defs, refine)
        return {"$ref": f"#/$defs/{name}"}
    origin = get_origin(type_)
    args = get_args(type_)
    if origin is typing.Annotated:
        base, *meta = args
        for item in meta:
            if isinstance(item, type) and issubclass(item, enum.Enum):
                return {"enum": [m.value for m in item]}
        return json_schema(base, defs, refine)
    if origin in (typing.NotRequired, typing.Required):
        return json_schema(args[0], defs, refine)
    if origin in (typing.Union, types.UnionType):
        options = [json_schema(a, defs, refine) for a in args]
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin in (tuple, list) and args:
        return {"type": "array", "items": json_schema(args[0], defs, refine)}
    if origin in (dict, Mapping) and len(args) == 2:
        values = json_schema(args[1], defs, refine)
        return {"type": "object", "additionalProperties": values} if values else {"type": "object"}
    if type_ is dict:
        return {"type": "object"}
    if origin is typing.Literal:
        return {"enum": list(args)}
    raise TypeError(f"no JSON Schema for {type_!r}")  # pragma: no cover - a new field type


def _fields(cls: type) -> list[tuple[str, Any, bool]]:
    """(name, type, required) of each field of an attrs class or a TypedDict."""
    if attrs.has(cls):
        hints = typing.get_type_hints(cls)
        return [(f.name, hints[f.name], f.default is attrs.NOTHING) for f in attrs.fields(cls)]
    # ``__required_keys__`` misses NotRequired written in a string annotation (PEP 563, on
    # Python 3.11): read it from the evaluated hints instead.
    hints = typing.get_type_hints(cls, include_extras=True)
    total = getattr(cls, "__total__", True)
    return [
        (name, hint, total and get_origin(hint) is not typing.NotRequired)
        for name, hint in hints.items()
    ]


def _object_schema(cls: type, defs: dict[str, Any], refine: Refinements) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, hint, needed in _fields(cls):
        prop = json_schema(hint, defs, refine)
        extra = refine.get((cls.__name__, name))
        if extra:
            prop = _merge(prop, extra)
        properties[name] = prop
        if needed:
            required.append(name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split("\n\n")[0].split())
    if required:
        schema["required"] = required
    schema.update(refine.get((cls.__name__, ""), {}))
    return schema


def _merge(prop: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """``extra``'s keywords on ``prop`` (the keywords under ``items`` on each item).

    Bounds and patterns apply to numbers and strings only, so on an optional field they leave
    ``null`` allowed; ``anyOf``, ``enum``, ``const`` and ``$ref`` replace the generated type.
    """
    out = dict(prop)
    for key, value in extra.items():
        if key == "items" and isinstance(out.get("items"), dict):
            out["items"] = _merge(out["items"], value)
        elif key in ("anyOf", "enum", "const", "$ref"):
            out = {k: v for k, v in out.items() if k == "description"}
            out[key] = value
        else:
            out[key] = value
    return out


def _if(condition: Mapping[str, Any], then: Mapping[str, Any]) -> dict[str, Any]:
    return {"if": dict(condition), "then": dict(then)}


def _has(key: str, schema: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``if`` part: ``key`` is given (and matches ``schema``, when given)."""
    return {"required": [key], **({"properties": {key: dict(schema)}} if schema else {})}


def _seconds() -> dict[str, Any]:
    return {"minimum": 1, "maximum": MAX_STEP_SECONDS}


def technique_refinements() -> dict[tuple[str, str], dict[str, Any]]:
    """What ``Technique`` checks: each method's own parameters, and seconds within one step."""
    release, circles = Method.PRESS_RELEASE.value, Method.CIRCLES.value
    # The method is ``hold`` when not given.
    not_release = {"not": _has("method", {"const": release})}
    not_circles = {"not": _has("method", {"const": circles})}
    neither = {"not": _has("method", {"enum": [release, circles]})}
    return {
        ("Technique", "press_seconds"): _seconds(),
        ("Technique", "rest_seconds"): _seconds(),
        ("Technique", "cycles"): {"minimum": 1},
        ("Technique", "breathing"): {"pattern": r"\S"},
        ("Technique", ""): {
            "allOf": [
                _if(
                    _has("method", {"const": release}),
                    {"required": ["press_seconds", "rest_seconds"]},
                ),
                _if(
                    not_release, {"properties": {"press_seconds": _ABSENT, "rest_seconds": _ABSENT}}
                ),
                _if(_has("method", {"const": circles}), {"required": ["direction"]}),
                _if(not_circles, {"properties": {"direction": _ABSENT}}),
                _if(neither, {"properties": {"cycles": _ABSENT}}),
            ]
        },
    }


def _point_codes() -> list[str]:
    from .._catalog import standard_catalog

    return [p.code for p in standard_catalog().points]


def _sides_refinement() -> dict[str, Any]:
    """A catalog point on the midline is pressed at the center, any other on a side or both."""
    from .._catalog import standard_catalog
    from .._model.points import Laterality

    points = standard_catalog().points
    midline = [p.code for p in points if p.location.laterality is Laterality.MIDLINE]
    sided = [p.code for p in points if p.location.laterality is not Laterality.MIDLINE]
    center = {"const": Sides.CENTER.value}
    return {
        "allOf": [
            _if(
                _has("point", {"enum": midline}),
                {"required": ["sides"], "properties": {"sides": center}},
            ),
            _if(_has("point", {"enum": sided}), {"properties": {"sides": {"not": center}}}),
        ]
    }


def _reserved_notations() -> str:
    """A pattern no catalog notation (``who``, ``Wade Giles``...) matches, folded as the policy
    folds them: case, spaces and punctuation ignored."""
    from .._catalog import standard_catalog
    from .._resolve.resolver import NAME_NOTATIONS
    from .._text import normalize

    names = sorted(
        {normalize(n.name) for n in standard_catalog().notations}
        | {normalize(n) for n in NAME_NOTATIONS}
    )
    gap = r"[\W_]*"

    def folded(name: str) -> str:
        return gap.join(f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in name)

    return f"^(?!{gap}(?:{'|'.join(folded(n) for n in names)}){gap}$)"


def _rule_refinements() -> dict[tuple[str, str], dict[str, Any]]:
    """What ``Rule`` and ``Target`` check, and what a pack's rule may say of the core rules."""
    from .._safety.rules import core_safety

    core = core_safety()
    gentle = Severity.GENTLE.value
    caps = [Pressure.LIGHT.value, Pressure.MODERATE.value]
    tightening = []
    for rule in core.rules:
        stricter = [s.value for s in Severity if s.rank >= rule.severity.rank]
        then: dict[str, Any] = {"properties": {"severity": {"enum": stricter}}}
        if rule.severity is Severity.GENTLE and rule.pressure_cap is not None:
            allowed = [p.value for p in Pressure if p.rank <= rule.pressure_cap.rank]
            then = {
                "properties": {"severity": {"enum": stricter}},
                "allOf": [
                    _if(
                        _has("severity", {"const": gentle}),
                        {"properties": {"pressure_cap": {"enum": allowed}}},
                    )
                ],
            }
        tightening.append(_if(_has("tightens", {"const": rule.id}), then))
    targets = ("points", "groups", "regions", "profile_regions")
    person = {"required": ["person"], "properties": {"person": {"const": True}}}
    return {
        ("Rule", "id"): {"pattern": _RULE_ID_PATTERN},
        ("Rule", "message"): {"pattern": r"\S"},
        ("Rule", "sources"): {"items": {"pattern": ID_PATTERN}},
        ("Rule", "pressure_cap"): {"enum": [*caps, None]},
        ("Rule", "max_seconds"): _seconds(),
        ("Rule", "tightens"): {
            "anyOf": [
                {"enum": [r.id for r in core.rules]},
                {"type": "string", "pattern": PACK_CODE_PATTERN},
            ]
        },
        ("Rule", ""): {
            "allOf": [
                _if(_has("severity", {"const": gentle}), {"required": ["pressure_cap"]}),
                _if(
                    {"not": _has("severity", {"const": gentle})},
                    {"properties": {"pressure_cap": _ABSENT, "max_seconds": _ABSENT}},
                ),
                _if(
                    _has("basis", {"const": Basis.EVIDENCE.value}),
                    {"required": ["sources"], "properties": {"sources": {"minItems": 1}}},
                ),
                *tightening,
            ]
        },
        ("Target", "points"): {"items": {"pattern": POINT_CODE_PATTERN}},
        ("Target", "groups"): {"items": {"enum": sorted(core.groups)}},
        ("Target", ""): {
            "anyOf": [
                *({"required": [k], "properties": {k: {"minItems": 1}}} for k in targets[:3]),
                {"required": ["all"], "properties": {"all": {"const": True}}},
                {"required": ["profile_regions"]},
                person,
            ],
            "allOf": [
                _if(
                    person,
                    {
                        "properties": {
                            "all": {"const": False},
                            **{k: {"maxItems": 0} for k in ("points", "groups", "regions")},
                            "profile_regions": _ABSENT,
                            "contacts": {"maxItems": 0},
                            "positions": {"maxItems": 0},
                        }
                    },
                )
            ],
        },
        ("When", "has"): {"items": {"pattern": ID_PATTERN}},
        # Never false: saying more about a person must never switch a pack's rule off.
        **{("When", k): {"const": True} for k in ("pregnant", "could_be_pregnant", "postpartum")},
        ("When", "age_under"): {"minimum": 0},
        ("When", "age_at_least"): {"minimum": 0},
        ("When", "pregnancy_weeks_at_least"): {"minimum": 0},
    }


def implied_refinements(cls: str) -> dict[tuple[str, str], dict[str, Any]]:
    """What ``ProfileFacts`` checks, for the class ``cls`` (the model, or its record)."""
    return {
        **{(cls, k): {"const": True} for k in ("possibly_pregnant", "pregnant", "postpartum")},
        (cls, "lymphoedema"): {"uniqueItems": True},
    }


def _pack_refinements() -> dict[tuple[str, str], dict[str, Any]]:
    known_point = {"$ref": "#/$defs/PointCode"}
    ids = {"items": {"pattern": ID_PATTERN}}
    cites = {"minItems": 1, "items": {"pattern": ID_PATTERN}}
    # A red flag rests on more than tradition: at least one reference is a study or guideline.
    beyond_tradition = {**cites, "contains": {"not": {"const": TRADITION}}}
    urgent = _has("urgency", {"not": {"const": Urgency.NONE.value}})
    locators = [{"required": [k]} for k in ("doi", "pmid", "url")]
    no_locator = [ReferenceKind.TRADITION.value, ReferenceKind.BOOK.value]
    not_a_study = [Studied.TRADITION.value]
    out: dict[tuple[str, str], dict[str, Any]] = {
        ("Pack", "schema"): {"const": SCHEMA_VERSION},
        ("Pack", "id"): {"pattern": ID_PATTERN},
        # The language of the texts, and their translations by language code (docs/i18n.md).
        ("Pack", "language"): {"pattern": "^[a-z]{2,3}$"},
        ("Pack", "translations"): {
            "propertyNames": {"pattern": "^[a-z]{2,3}$"},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "string", "minLength": 1},
            },
        },
        ("Pack", "authors"): {"minItems": 1, "items": {"pattern": r"\S"}},
        **{("Pack", k): {"pattern": r"\S"} for k in ("name", "version", "summary", "license")},
        ("Pack", "acupress"): {"pattern": r"\S"},
        ("Pack", "rules"): {"items": {"$ref": "#/$defs/Rule"}},
        ("Reference", "id"): {"pattern": ID_PATTERN},
        ("Reference", "title"): {"pattern": r"\S"},
        ("Reference", "year"): {"minimum": 1000, "maximum": 2100},
        ("Reference", "doi"): {"pattern": r"^10\."},
        ("Reference", "pmid"): {"pattern": "^[0-9]+$"},
        ("Reference", "excluded"): {"uniqueItems": True},
        ("Reference", ""): {
            "allOf": [
                _if({"not": _has("kind", {"enum": no_locator})}, {"anyOf": locators}),
                _if(
                    _has("kind", {"const": ReferenceKind.TRADITION.value}),
                    {"properties": {"studied": {"enum": [*not_a_study, None]}}},
                ),
                _if(
                    _has("excluded", {"minItems": 1}),
                    {
                        "required": ["studied"],
                        "properties": {
                            "studied": {
                                "enum": [s.value for s in Studied if s.value not in not_a_study]
                            }
                        },
                    },
                ),
            ]
        },
        ("Condition", "id"): {"pattern": ID_PATTERN},
        ("Condition", "name"): {"pattern": r"\S"},
        ("Condition", "description"): {"pattern": r"\S"},
        ("Condition", "icd10"): {"pattern": ICD10_PATTERN},
        ("Condition", "related"): ids,
        ("Condition", "min_age"): {"minimum": 0, "maximum": 130},
        ("Condition", "min_age_source"): {
            "anyOf": [{"const": CONSENSUS}, {"type": "string", "pattern": ID_PATTERN}]
        },
        ("Condition", "synonyms"): {
            "maxItems": MAX_SYNONYMS,
            "items": {"pattern": r"\S", "maxLength": MAX_SYNONYM_CHARS},
        },
        ("Condition", ""): {
            "allOf": [
                _if(_has("min_age", {"type": "integer"}), {"required": ["min_age_source"]}),
                _if(_has("min_age_source", {"type": "string"}), {"required": ["min_age"]}),
                _if(
                    _has("pregnancy", {"const": True}),
                    {"not": _has("not_in_pregnancy", {"const": True})},
                ),
            ]
        },
        ("Indication", "point"): known_point,
        ("Indication", "condition"): {"pattern": ID_PATTERN},
        ("Indication", "why"): {"pattern": r"\S"},
        ("Indication", "references"): cites,
        ("Indication", "priority"): {"minimum": 1, "maximum": 5},
        ("Dosing", "point"): known_point,
        ("Dosing", "min_seconds"): _seconds(),
        ("Dosing", "max_seconds"): _seconds(),
        ("Dosing", "repetitions"): {"minimum": 1},
        ("Dosing", "times_per_day"): {"minimum": 1, "maximum": 12},
        ("Dosing", "references"): {"items": {"pattern": ID_PATTERN}},
        ("RoutineTemplate", "id"): {"pattern": ID_PATTERN},
        ("RoutineTemplate", "name"): {"pattern": r"\S"},
        ("RoutineTemplate", "conditions"): ids,
        ("RoutineTemplate", "steps"): {"minItems": 1},
        ("Step", "point"): known_point,
        ("Step", "seconds"): _seconds(),
        ("Step", ""): _sides_refinement(),
        ("PackAlias", "text"): {"pattern": r"\S"},
        ("PackAlias", "points"): {"minItems": 1, "items": known_point},
        ("PackAlias", "source"): {"pattern": r"\S"},
        ("PackAlias", "notation"): {"pattern": _reserved_notations()},
        ("PackPoint", "code"): {"pattern": PACK_CODE_PATTERN},
        **{("PackPoint", k): {"pattern": r"\S"} for k in ("pinyin", "gloss", "location")},
        ("PackPoint", "cautions"): {"items": {"pattern": r"\S"}},
        ("Question", "id"): {"pattern": ID_PATTERN},
        ("Question", "condition"): {"pattern": ID_PATTERN},
        ("Question", "text"): {"pattern": r"\S"},
        ("Question", "references"): beyond_tradition,
        ("Question", "score"): {"pattern": ID_PATTERN},
        ("Question", ""): {
            "allOf": [
                _if(
                    urgent,
                    {
                        "required": ["advice"],
                        "properties": {"advice": {"pattern": r"\S"}},
                    },
                ),
                _if({"not": urgent}, {"required": ["score"]}),
            ]
        },
        # An answer can only add caution: each fact is true or left out, and one is given.
        ("Question", "implies"): {"$ref": "#/$defs/ProfileFacts"},
        **implied_refinements("ProfileFacts"),
        ("ProfileFacts", ""): {
            "anyOf": [
                *({"required": [k]} for k in ("possibly_pregnant", "pregnant", "postpartum")),
                _has("lymphoedema", {"minItems": 1}),
            ]
        },
        ("Threshold", "at_least"): {"minimum": 1},
        ("Threshold", "advice"): {"pattern": r"\S"},
        ("Score", "id"): {"pattern": ID_PATTERN},
        ("Score", "condition"): {"pattern": ID_PATTERN},
        ("Score", "name"): {"pattern": r"\S"},
        ("Score", "thresholds"): {"minItems": 1},
        ("Score", "references"): beyond_tradition,
    }
    out.update(technique_refinements())
    out.update(_rule_refinements())
    return out


def pack_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a pack document, for editors and validators.

    It says what one document can say alone: types, required keys, no unknown key, id, code,
    ICD-10, DOI and PMID patterns, bounds (seconds within ``MAX_STEP_SECONDS``), the rules
    between fields, the catalog's point codes, the core point groups, and that a rule which
    tightens a core rule is at least as strict. What needs other documents (a name the catalog
    already gives a point, a reference the pack does not define) only ``acupress validate`` sees.
    """
    refine = _pack_refinements()
    defs: dict[str, Any] = {
        "PointCode": {
            "description": "A catalog point's code, or a code of the pack's own (pack:name).",
            "anyOf": [
                {"enum": _point_codes()},
                {"type": "string", "pattern": PACK_CODE_PATTERN},
            ],
        }
    }
    # A pack keeps its rules as tables until the safety module structures them as ``Rule``s
    # (giving an id without a namespace the pack's): the schema describes them as written.
    json_schema(Rule, defs, refine)
    root = _object_schema(Pack, defs, refine)
    return document_schema("pack", "acupress content pack", root, defs)


def document_schema(
    name: str, title: str, root: Mapping[str, Any], defs: Mapping[str, Any]
) -> dict[str, Any]:
    """The whole schema ``name``: the root object's schema and its ``$defs``, as a deep copy
    (the refinements share their parts: a caller may change what it gets)."""
    import copy

    return copy.deepcopy(
        {
            "$schema": DRAFT,
            "$id": schema_id(name),
            "title": title,
            **root,
            "$defs": dict(sorted(defs.items())),
        }
    )
