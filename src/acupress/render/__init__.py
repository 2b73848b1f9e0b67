"""acupress.render: every renderer and every JSON-ready record, for applications and the CLI.

- Records (plain dicts, ready for ``json.dumps``): ``composition_record``, ``report_record``,
  ``screening_record``, ``routine_record``, ``profile_record``, ``point_record``,
  ``resolution_record``, ``pack_status_record``, ``condition_record``,
  ``condition_match_record``, ``finding_record``, ``technique_record``, ``cue_record``,
  ``implied_record`` (what a screening implies for the profile); each
  returns a ``TypedDict`` (``CompositionRecord``, ``ReportRecord``...) whose JSON Schema
  ``acupress.schema(name)`` gives. Records of a routine pass the safety gate first.
- Text for a terminal: ``composition_text``, ``point_text``, ``report_text``, ``finding_text``,
  ``screening_text``, ``technique_text``, ``wrap``; Markdown: ``composition_markdown``.
- Pictures and documents: ``render_map`` (SVG body maps, with ``views`` and ``views_for``),
  ``render_close_up`` (one point's close-up with its landmark and a line marked in cun, with
  ``measured_points``), ``render_card`` (the self-contained HTML routine card).

Like ``acupress`` itself, the names load on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._closeup import (
        measured_points as measured_points,
        render_close_up as render_close_up,
    )
    from ._format import (
        technique_text as technique_text,
    )
    from ._html import (
        render_card as render_card,
    )
    from ._markdown import (
        composition_markdown as composition_markdown,
    )
    from ._record_types import (
        AliasRecord as AliasRecord,
        CompositionRecord as CompositionRecord,
        CompositionStepRecord as CompositionStepRecord,
        ConditionMatchRecord as ConditionMatchRecord,
        ConditionRecord as ConditionRecord,
        CueRecord as CueRecord,
        ExclusionGroupRecord as ExclusionGroupRecord,
        ExclusionRecord as ExclusionRecord,
        FindingRecord as FindingRecord,
        FlagRecord as FlagRecord,
        ImpliedRecord as ImpliedRecord,
        IndicationRecord as IndicationRecord,
        MatchRecord as MatchRecord,
        PackStatusRecord as PackStatusRecord,
        PointRecord as PointRecord,
        ProfileRecord as ProfileRecord,
        ReportRecord as ReportRecord,
        ResolutionRecord as ResolutionRecord,
        RoutineRecord as RoutineRecord,
        RoutineStepRecord as RoutineStepRecord,
        RuleGroupRecord as RuleGroupRecord,
        ScreeningRecord as ScreeningRecord,
        TechniqueRecord as TechniqueRecord,
    )
    from ._records import (
        composition_record as composition_record,
        condition_match_record as condition_match_record,
        condition_record as condition_record,
        cue_record as cue_record,
        finding_record as finding_record,
        implied_record as implied_record,
        pack_status_record as pack_status_record,
        point_record as point_record,
        profile_record as profile_record,
        report_record as report_record,
        resolution_record as resolution_record,
        routine_record as routine_record,
        screening_record as screening_record,
        technique_record as technique_record,
    )
    from ._svg import (
        Landmark as Landmark,
        MapView as MapView,
        render_map as render_map,
        views as views,
        views_for as views_for,
    )
    from ._text import (
        composition_text as composition_text,
        finding_text as finding_text,
        point_text as point_text,
        report_text as report_text,
        screening_text as screening_text,
        wrap as wrap,
    )

_EXPORTS: dict[str, str] = {
    "measured_points": "._closeup",
    "render_close_up": "._closeup",
    "technique_text": "._format",
    "render_card": "._html",
    "composition_markdown": "._markdown",
    "AliasRecord": "._record_types",
    "CompositionRecord": "._record_types",
    "CompositionStepRecord": "._record_types",
    "ConditionMatchRecord": "._record_types",
    "ConditionRecord": "._record_types",
    "CueRecord": "._record_types",
    "ExclusionGroupRecord": "._record_types",
    "ExclusionRecord": "._record_types",
    "FindingRecord": "._record_types",
    "FlagRecord": "._record_types",
    "ImpliedRecord": "._record_types",
    "IndicationRecord": "._record_types",
    "MatchRecord": "._record_types",
    "PackStatusRecord": "._record_types",
    "PointRecord": "._record_types",
    "ProfileRecord": "._record_types",
    "ReportRecord": "._record_types",
    "ResolutionRecord": "._record_types",
    "RoutineRecord": "._record_types",
    "RoutineStepRecord": "._record_types",
    "RuleGroupRecord": "._record_types",
    "ScreeningRecord": "._record_types",
    "TechniqueRecord": "._record_types",
    "composition_record": "._records",
    "condition_match_record": "._records",
    "condition_record": "._records",
    "cue_record": "._records",
    "finding_record": "._records",
    "implied_record": "._records",
    "pack_status_record": "._records",
    "point_record": "._records",
    "profile_record": "._records",
    "report_record": "._records",
    "resolution_record": "._records",
    "routine_record": "._records",
    "screening_record": "._records",
    "technique_record": "._records",
    "Landmark": "._svg",
    "MapView": "._svg",
    "render_map": "._svg",
    "views": "._svg",
    "views_for": "._svg",
    "composition_text": "._text",
    "finding_text": "._text",
    "point_text": "._text",
    "report_text": "._text",
    "screening_text": "._text",
    "wrap": "._text",
}

__all__ = sorted(_EXPORTS)

if not TYPE_CHECKING:
    from .._lazy import attach

    __getattr__, __dir__ = attach(__name__, _EXPORTS, globals())
    del attach
