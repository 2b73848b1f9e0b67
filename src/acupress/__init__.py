"""acupress: points, routines, safety checks and content packs for self-acupressure.

Importing acupress is cheap: the catalog, the converter and the pack machinery load on first use.
This is health information: acupress informs, it does not diagnose or promise cures.

The public API is the table ``_EXPORTS`` below (name -> the module that defines it): it drives
``__all__`` and the lazy ``__getattr__``; the ``TYPE_CHECKING`` imports say the same to type
checkers, and a test checks that the two agree. Renderers and JSON records are in
``acupress.render``; the errors in ``acupress.errors``; helpers for tests in ``acupress.testing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .__about__ import __version__ as __version__

if TYPE_CHECKING:
    from ._catalog import (
        Catalog as Catalog,
    )
    from ._catalog import (
        Notation as Notation,
    )
    from ._check import (
        check as check,
    )
    from ._compose.candidates import (
        Constraints as Constraints,
    )
    from ._compose.composer import (
        Composition as Composition,
    )
    from ._compose.composer import (
        Exclusion as Exclusion,
    )
    from ._compose.composer import (
        Explanation as Explanation,
    )
    from ._compose.composer import (
        compose as compose,
    )
    from ._convert import (
        get_converter as get_converter,
    )
    from ._default import (
        load as load,
    )
    from ._default import (
        refresh as refresh,
    )
    from ._default import (
        resolve as resolve,
    )
    from ._guide import (
        Cue as Cue,
    )
    from ._guide import (
        CueKind as CueKind,
    )
    from ._guide import (
        timeline as timeline,
    )
    from ._library import (
        Library as Library,
    )
    from ._model.packs import (
        Answer as Answer,
    )
    from ._model.packs import (
        Condition as Condition,
    )
    from ._model.packs import (
        Dosing as Dosing,
    )
    from ._model.packs import (
        Indication as Indication,
    )
    from ._model.packs import (
        Pack as Pack,
    )
    from ._model.packs import (
        PackAlias as PackAlias,
    )
    from ._model.packs import (
        PackPoint as PackPoint,
    )
    from ._model.packs import (
        Position as Position,
    )
    from ._model.packs import (
        Question as Question,
    )
    from ._model.packs import (
        RoutineTemplate as RoutineTemplate,
    )
    from ._model.packs import (
        Score as Score,
    )
    from ._model.packs import (
        Threshold as Threshold,
    )
    from ._model.packs import (
        Urgency as Urgency,
    )
    from ._model.points import (
        Laterality as Laterality,
    )
    from ._model.points import (
        Location as Location,
    )
    from ._model.points import (
        Meridian as Meridian,
    )
    from ._model.points import (
        Point as Point,
    )
    from ._model.points import (
        PointNames as PointNames,
    )
    from ._model.points import (
        Reach as Reach,
    )
    from ._model.points import (
        Region as Region,
    )
    from ._model.references import (
        Reference as Reference,
    )
    from ._model.references import (
        ReferenceKind as ReferenceKind,
    )
    from ._model.routines import (
        Contact as Contact,
    )
    from ._model.routines import (
        Direction as Direction,
    )
    from ._model.routines import (
        Method as Method,
    )
    from ._model.routines import (
        Pressure as Pressure,
    )
    from ._model.routines import (
        Routine as Routine,
    )
    from ._model.routines import (
        Sides as Sides,
    )
    from ._model.routines import (
        Step as Step,
    )
    from ._model.routines import (
        Technique as Technique,
    )
    from ._model.safety import (
        Basis as Basis,
    )
    from ._model.safety import (
        Finding as Finding,
    )
    from ._model.safety import (
        Profile as Profile,
    )
    from ._model.safety import (
        ProfileRegions as ProfileRegions,
    )
    from ._model.safety import (
        Rule as Rule,
    )
    from ._model.safety import (
        SafetyReport as SafetyReport,
    )
    from ._model.safety import (
        Severity as Severity,
    )
    from ._model.safety import (
        Target as Target,
    )
    from ._model.safety import (
        Verdict as Verdict,
    )
    from ._model.safety import (
        When as When,
    )
    from ._packs.discovery import (
        PackInfo as PackInfo,
    )
    from ._packs.discovery import (
        find_packs as find_packs,
    )
    from ._packs.loading import (
        PackStatus as PackStatus,
    )
    from ._resolve.resolver import (
        Alias as Alias,
    )
    from ._resolve.resolver import (
        Match as Match,
    )
    from ._resolve.resolver import (
        Resolution as Resolution,
    )
    from ._resolve.resolver import (
        Resolver as Resolver,
    )
    from ._routines import (
        build_routine as build_routine,
    )
    from ._routines import (
        dump_routine as dump_routine,
    )
    from ._routines import (
        load_profile as load_profile,
    )
    from ._routines import (
        load_routine as load_routine,
    )
    from ._routines import (
        parse_routine as parse_routine,
    )
    from ._safety.ruleset import (
        RuleSet as RuleSet,
    )
    from ._screen import (
        Flag as Flag,
    )
    from ._screen import (
        ScreeningResult as ScreeningResult,
    )
    from ._screen import (
        questions as questions,
    )
    from ._screen import (
        screen as screen,
    )
    from .errors import (
        AcupressError as AcupressError,
    )
    from .errors import (
        ComposeError as ComposeError,
    )
    from .errors import (
        DataError as DataError,
    )
    from .errors import (
        InvalidVersionRange as InvalidVersionRange,
    )
    from .errors import (
        NotFoundError as NotFoundError,
    )
    from .errors import (
        PackError as PackError,
    )
    from .errors import (
        UnknownConditionError as UnknownConditionError,
    )
    from .errors import (
        UnknownMeridianError as UnknownMeridianError,
    )
    from .errors import (
        UnknownNotationError as UnknownNotationError,
    )
    from .errors import (
        UnknownPackError as UnknownPackError,
    )
    from .errors import (
        UnknownPointError as UnknownPointError,
    )
    from .errors import (
        UnknownQuestionError as UnknownQuestionError,
    )
    from .render._html import (
        render_card as render_card,
    )
    from .render._svg import (
        render_map as render_map,
    )

_EXPORTS: dict[str, str] = {
    "Laterality": "._model.points",
    "Location": "._model.points",
    "Meridian": "._model.points",
    "Point": "._model.points",
    "PointNames": "._model.points",
    "Reach": "._model.points",
    "Region": "._model.points",
    "Contact": "._model.routines",
    "Direction": "._model.routines",
    "Method": "._model.routines",
    "Pressure": "._model.routines",
    "Routine": "._model.routines",
    "Sides": "._model.routines",
    "Step": "._model.routines",
    "Technique": "._model.routines",
    "Reference": "._model.references",
    "ReferenceKind": "._model.references",
    "Answer": "._model.packs",
    "Condition": "._model.packs",
    "Dosing": "._model.packs",
    "Indication": "._model.packs",
    "Pack": "._model.packs",
    "PackAlias": "._model.packs",
    "PackPoint": "._model.packs",
    "Position": "._model.packs",
    "Question": "._model.packs",
    "RoutineTemplate": "._model.packs",
    "Score": "._model.packs",
    "Threshold": "._model.packs",
    "Urgency": "._model.packs",
    "Basis": "._model.safety",
    "Finding": "._model.safety",
    "Profile": "._model.safety",
    "ProfileRegions": "._model.safety",
    "Rule": "._model.safety",
    "SafetyReport": "._model.safety",
    "Severity": "._model.safety",
    "Target": "._model.safety",
    "Verdict": "._model.safety",
    "When": "._model.safety",
    "get_converter": "._convert",
    "Catalog": "._catalog",
    "Notation": "._catalog",
    "Alias": "._resolve.resolver",
    "Match": "._resolve.resolver",
    "Resolution": "._resolve.resolver",
    "Resolver": "._resolve.resolver",
    "RuleSet": "._safety.ruleset",
    "PackInfo": "._packs.discovery",
    "find_packs": "._packs.discovery",
    "PackStatus": "._packs.loading",
    "Library": "._library",
    "load": "._default",
    "refresh": "._default",
    "resolve": "._default",
    "check": "._check",
    "Composition": "._compose.composer",
    "Exclusion": "._compose.composer",
    "Explanation": "._compose.composer",
    "compose": "._compose.composer",
    "Flag": "._screen",
    "ScreeningResult": "._screen",
    "questions": "._screen",
    "screen": "._screen",
    "Cue": "._guide",
    "CueKind": "._guide",
    "timeline": "._guide",
    "build_routine": "._routines",
    "dump_routine": "._routines",
    "load_profile": "._routines",
    "load_routine": "._routines",
    "parse_routine": "._routines",
    "render_card": ".render._html",
    "render_map": ".render._svg",
    "AcupressError": ".errors",
    "ComposeError": ".errors",
    "DataError": ".errors",
    "InvalidVersionRange": ".errors",
    "NotFoundError": ".errors",
    "PackError": ".errors",
    "UnknownConditionError": ".errors",
    "UnknownMeridianError": ".errors",
    "UnknownNotationError": ".errors",
    "UnknownPackError": ".errors",
    "UnknownPointError": ".errors",
    "UnknownQuestionError": ".errors",
    "Constraints": "._compose.candidates",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if not TYPE_CHECKING:
    from ._lazy import attach

    __getattr__, __dir__ = attach(__name__, _EXPORTS, globals())
    del attach
