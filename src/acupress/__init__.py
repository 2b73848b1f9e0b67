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
        Notation as Notation,
    )
    from ._check import (
        check as check,
        validate_profile as validate_profile,
    )
    from ._compose.candidates import (
        MAX_MINUTES as MAX_MINUTES,
        MAX_POINTS as MAX_POINTS,
        Constraints as Constraints,
    )
    from ._compose.composer import (
        Composition as Composition,
        Exclusion as Exclusion,
        Explanation as Explanation,
        compose as compose,
    )
    from ._conditions import (
        ConditionMatch as ConditionMatch,
        find_conditions as find_conditions,
    )
    from ._convert import (
        get_converter as get_converter,
    )
    from ._default import (
        load as load,
        refresh as refresh,
        resolve as resolve,
    )
    from ._guide import (
        Cue as Cue,
        CueKind as CueKind,
        timeline as timeline,
    )
    from ._i18n import (
        current_language as current_language,
        set_language as set_language,
        use_language as use_language,
    )
    from ._library import (
        Library as Library,
    )
    from ._model.packs import (
        Answer as Answer,
        Condition as Condition,
        Dosing as Dosing,
        Indication as Indication,
        Pack as Pack,
        PackAlias as PackAlias,
        PackPoint as PackPoint,
        ProfileFacts as ProfileFacts,
        Question as Question,
        RoutineTemplate as RoutineTemplate,
        Score as Score,
        Threshold as Threshold,
        Urgency as Urgency,
    )
    from ._model.points import (
        Laterality as Laterality,
        Location as Location,
        Meridian as Meridian,
        Point as Point,
        PointNames as PointNames,
        Reach as Reach,
        Region as Region,
    )
    from ._model.references import (
        Population as Population,
        Reference as Reference,
        ReferenceKind as ReferenceKind,
        Studied as Studied,
    )
    from ._model.routines import (
        KNOWN_TOOLS as KNOWN_TOOLS,
        MAX_STEP_SECONDS as MAX_STEP_SECONDS,
        Contact as Contact,
        Direction as Direction,
        Method as Method,
        Position as Position,
        Pressure as Pressure,
        Routine as Routine,
        Sides as Sides,
        Step as Step,
        Technique as Technique,
    )
    from ._model.safety import (
        KNOWN_CONDITIONS as KNOWN_CONDITIONS,
        Basis as Basis,
        Finding as Finding,
        Limb as Limb,
        Profile as Profile,
        ProfileRegions as ProfileRegions,
        Rule as Rule,
        SafetyReport as SafetyReport,
        Severity as Severity,
        Target as Target,
        Verdict as Verdict,
        When as When,
    )
    from ._packs.discovery import (
        PackInfo as PackInfo,
        find_packs as find_packs,
    )
    from ._packs.loading import (
        PackStatus as PackStatus,
    )
    from ._resolve.resolver import (
        Alias as Alias,
        Match as Match,
        Resolution as Resolution,
        Resolver as Resolver,
    )
    from ._routines import (
        build_routine as build_routine,
        dump_profile as dump_profile,
        dump_routine as dump_routine,
        load_profile as load_profile,
        load_routine as load_routine,
        parse_profile as parse_profile,
        parse_routine as parse_routine,
    )
    from ._safety.ruleset import (
        RuleSet as RuleSet,
    )
    from ._schema import (
        SCHEMAS as SCHEMAS,
        schema as schema,
    )
    from ._screen import (
        Flag as Flag,
        ScreeningResult as ScreeningResult,
        ScreeningStatus as ScreeningStatus,
        apply_screening as apply_screening,
        questions as questions,
        screen as screen,
    )
    from .errors import (
        AcupressError as AcupressError,
        ComposeError as ComposeError,
        DataError as DataError,
        InvalidVersionRange as InvalidVersionRange,
        NotCheckedError as NotCheckedError,
        NotFoundError as NotFoundError,
        PackError as PackError,
        UnknownConditionError as UnknownConditionError,
        UnknownMeridianError as UnknownMeridianError,
        UnknownNotationError as UnknownNotationError,
        UnknownPackError as UnknownPackError,
        UnknownPointError as UnknownPointError,
        UnknownQuestionError as UnknownQuestionError,
        UnknownSchemaError as UnknownSchemaError,
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
    "KNOWN_TOOLS": "._model.routines",
    "MAX_STEP_SECONDS": "._model.routines",
    "Reference": "._model.references",
    "ReferenceKind": "._model.references",
    "Studied": "._model.references",
    "Population": "._model.references",
    "Answer": "._model.packs",
    "Condition": "._model.packs",
    "Dosing": "._model.packs",
    "Indication": "._model.packs",
    "Pack": "._model.packs",
    "PackAlias": "._model.packs",
    "PackPoint": "._model.packs",
    "Position": "._model.routines",
    "ProfileFacts": "._model.packs",
    "Question": "._model.packs",
    "RoutineTemplate": "._model.packs",
    "Score": "._model.packs",
    "Threshold": "._model.packs",
    "Urgency": "._model.packs",
    "Basis": "._model.safety",
    "Finding": "._model.safety",
    "Limb": "._model.safety",
    "Profile": "._model.safety",
    "ProfileRegions": "._model.safety",
    "Rule": "._model.safety",
    "SafetyReport": "._model.safety",
    "Severity": "._model.safety",
    "Target": "._model.safety",
    "Verdict": "._model.safety",
    "When": "._model.safety",
    "KNOWN_CONDITIONS": "._model.safety",
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
    "current_language": "._i18n",
    "set_language": "._i18n",
    "use_language": "._i18n",
    "load": "._default",
    "refresh": "._default",
    "resolve": "._default",
    "check": "._check",
    "validate_profile": "._check",
    "Composition": "._compose.composer",
    "Exclusion": "._compose.composer",
    "Explanation": "._compose.composer",
    "compose": "._compose.composer",
    "ConditionMatch": "._conditions",
    "find_conditions": "._conditions",
    "Flag": "._screen",
    "ScreeningResult": "._screen",
    "ScreeningStatus": "._screen",
    "apply_screening": "._screen",
    "questions": "._screen",
    "screen": "._screen",
    "Cue": "._guide",
    "CueKind": "._guide",
    "timeline": "._guide",
    "build_routine": "._routines",
    "dump_profile": "._routines",
    "dump_routine": "._routines",
    "load_profile": "._routines",
    "load_routine": "._routines",
    "parse_profile": "._routines",
    "parse_routine": "._routines",
    "render_card": ".render._html",
    "render_map": ".render._svg",
    "AcupressError": ".errors",
    "ComposeError": ".errors",
    "DataError": ".errors",
    "InvalidVersionRange": ".errors",
    "NotCheckedError": ".errors",
    "NotFoundError": ".errors",
    "PackError": ".errors",
    "UnknownConditionError": ".errors",
    "UnknownMeridianError": ".errors",
    "UnknownNotationError": ".errors",
    "UnknownPackError": ".errors",
    "UnknownPointError": ".errors",
    "UnknownQuestionError": ".errors",
    "UnknownSchemaError": ".errors",
    "SCHEMAS": "._schema",
    "schema": "._schema",
    "Constraints": "._compose.candidates",
    "MAX_MINUTES": "._compose.candidates",
    "MAX_POINTS": "._compose.candidates",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if not TYPE_CHECKING:
    from ._lazy import attach

    __getattr__, __dir__ = attach(__name__, _EXPORTS, globals())
    del attach
