"""acupress: points, routines, safety checks and content packs for self-acupressure.

Importing acupress is cheap: the catalog, the converter and the pack machinery load on first use.
This is health information: acupress informs, it does not diagnose or promise cures.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._compose import Composition, Constraints, Exclusion, Explanation, compose
    from ._convert import get_converter
    from ._discovery import PackInfo, find_packs, refresh
    from ._guide import Cue, CueKind
    from ._html import render_card
    from ._library import Library, PackStatus, load, resolve
    from ._maps import render_map
    from ._model import (
        Contact,
        Direction,
        Laterality,
        Location,
        Meridian,
        Method,
        Point,
        PointNames,
        Pressure,
        Reach,
        Reference,
        ReferenceKind,
        Region,
        Routine,
        Sides,
        Step,
        Technique,
    )
    from ._pack import (
        Answer,
        Condition,
        Dosing,
        Indication,
        Pack,
        PackAlias,
        PackPoint,
        Position,
        Question,
        RoutineTemplate,
        Score,
        Threshold,
        Urgency,
    )
    from ._resolve import Alias, Match, Resolution
    from ._routines import build_routine, dump_routine, load_profile, load_routine
    from ._safety import Basis, Finding, Profile, Rule, SafetyReport, Severity, Verdict, check
    from ._screen import Flag, ScreeningResult, questions, screen
    from .errors import (
        AcupressError,
        ComposeError,
        DataError,
        PackError,
        UnknownNotationError,
        UnknownPointError,
        UnknownQuestionError,
    )

__all__ = [
    "AcupressError",
    "Alias",
    "Answer",
    "Basis",
    "ComposeError",
    "Composition",
    "Condition",
    "Constraints",
    "Contact",
    "Cue",
    "CueKind",
    "DataError",
    "Direction",
    "Dosing",
    "Exclusion",
    "Explanation",
    "Finding",
    "Flag",
    "Indication",
    "Laterality",
    "Library",
    "Location",
    "Match",
    "Meridian",
    "Method",
    "Pack",
    "PackAlias",
    "PackError",
    "PackInfo",
    "PackPoint",
    "PackStatus",
    "Point",
    "PointNames",
    "Position",
    "Pressure",
    "Profile",
    "Question",
    "Reach",
    "Reference",
    "ReferenceKind",
    "Region",
    "Resolution",
    "Routine",
    "RoutineTemplate",
    "Rule",
    "SafetyReport",
    "Score",
    "ScreeningResult",
    "Severity",
    "Sides",
    "Step",
    "Technique",
    "Threshold",
    "UnknownNotationError",
    "UnknownPointError",
    "UnknownQuestionError",
    "Urgency",
    "Verdict",
    "__version__",
    "build_routine",
    "check",
    "compose",
    "dump_routine",
    "find_packs",
    "get_converter",
    "load",
    "load_profile",
    "load_routine",
    "questions",
    "refresh",
    "render_card",
    "render_map",
    "resolve",
    "screen",
]

# Every public name is imported on first access, so `import acupress` costs almost nothing and an
# application pays only for what it uses (the model needs attrs; loading needs json; packs need
# importlib-metadata; strict structuring needs cattrs).
_LAZY = {
    "get_converter": "._convert",
    "Library": "._library",
    "load": "._library",
    "resolve": "._library",
    **dict.fromkeys(
        ("Composition", "Constraints", "Exclusion", "Explanation", "compose"),
        "._compose",
    ),
    **dict.fromkeys(
        ("Basis", "Finding", "Profile", "Rule", "SafetyReport", "Severity", "Verdict", "check"),
        "._safety",
    ),
    **dict.fromkeys(("Flag", "ScreeningResult", "questions", "screen"), "._screen"),
    **dict.fromkeys(
        ("build_routine", "dump_routine", "load_profile", "load_routine"), "._routines"
    ),
    **dict.fromkeys(("Cue", "CueKind"), "._guide"),
    "render_card": "._html",
    "render_map": "._maps",
    "Alias": "._resolve",
    "PackInfo": "._discovery",
    "find_packs": "._discovery",
    "refresh": "._discovery",
    "PackStatus": "._library",
    **dict.fromkeys(
        (
            "Condition",
            "Dosing",
            "Indication",
            "Pack",
            "PackAlias",
            "PackPoint",
            "Position",
            "Question",
            "RoutineTemplate",
            "Answer",
            "Score",
            "Threshold",
            "Urgency",
        ),
        "._pack",
    ),
    "Match": "._resolve",
    "Resolution": "._resolve",
    **dict.fromkeys(
        (
            "AcupressError",
            "ComposeError",
            "DataError",
            "PackError",
            "UnknownNotationError",
            "UnknownPointError",
            "UnknownQuestionError",
        ),
        ".errors",
    ),
    **dict.fromkeys(
        (
            "Contact",
            "Direction",
            "Laterality",
            "Location",
            "Meridian",
            "Method",
            "Point",
            "PointNames",
            "Pressure",
            "Reach",
            "Reference",
            "ReferenceKind",
            "Region",
            "Routine",
            "Sides",
            "Step",
            "Technique",
        ),
        "._model",
    ),
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from ._version import acupress_version

        return acupress_version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'acupress' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
