"""The JSON records' types (TypedDicts), with their annotations evaluated when defined.

They live apart from ``_records`` (whose functions build the records) so that this module can do
without postponed annotations: a TypedDict (or NamedTuple) whose annotations are text turns each
into a ``typing.ForwardRef``, compiling it, about 10 µs a field, and these records have 150
fields, paid by every command that writes a record. Here each annotation is the type itself, so
a record must be defined after the records it holds.
"""

from typing import Annotated, NotRequired, TypedDict

from .._model.packs import Urgency
from .._model.points import Laterality, Reach, Region
from .._model.routines import Contact, Direction, Method, Position, Pressure, Sides
from .._model.safety import Basis, Limb, Severity, Verdict

__all__ = [
    "AliasRecord",
    "CompositionRecord",
    "CompositionStepRecord",
    "ConditionMatchRecord",
    "ConditionRecord",
    "CueRecord",
    "ExclusionGroupRecord",
    "ExclusionRecord",
    "FindingRecord",
    "FlagRecord",
    "ImpliedRecord",
    "IndicationRecord",
    "MatchRecord",
    "PackStatusRecord",
    "PointRecord",
    "ProfileRecord",
    "ReportRecord",
    "ResolutionRecord",
    "RoutineRecord",
    "RoutineStepRecord",
    "RuleGroupRecord",
    "ScreeningRecord",
    "TechniqueRecord",
]

# The record types. ``Annotated[str, SomeEnum]`` is a member's value: the JSON Schemas
# (``acupress.schema``) list the enum's values for it; type checkers see a str.


class TechniqueRecord(TypedDict):
    """How to press: method, contact and pressure always; a method's own parameters if used."""

    method: Annotated[str, Method]
    contact: Annotated[str, Contact]
    pressure: Annotated[str, Pressure]
    press_seconds: NotRequired[int]
    rest_seconds: NotRequired[int]
    cycles: NotRequired[int]
    direction: NotRequired[Annotated[str, Direction]]
    breathing: NotRequired[str]


class FindingRecord(TypedDict):
    """One safety rule applied to one point (``point`` is empty for an alert on the person)."""

    point: str
    severity: Annotated[str, Severity]
    rule: str
    message: str
    sources: list[str]
    basis: Annotated[str, Basis]
    pressure_cap: NotRequired[Annotated[str, Pressure]]


class RuleGroupRecord(TypedDict):
    """The findings of one rule, with every point it covers."""

    rule: str
    severity: Annotated[str, Severity]
    message: str
    points: list[str]
    basis: Annotated[str, Basis]
    sources: list[str]
    pressure_cap: NotRequired[Annotated[str, Pressure]]


class ProfileRecord(TypedDict):
    """A person's profile, in the shape ``parse_profile`` reads (every field given)."""

    pregnant: bool
    pregnancy_weeks: int | None
    postpartum: bool
    age: int | None
    has: list[str]
    broken_skin: list[Annotated[str, Region]]
    recent_surgery: list[Annotated[str, Region]]
    recent_fracture: list[Annotated[str, Region]]
    cancer_sites: list[Annotated[str, Region]]
    ate_recently: bool
    lymphoedema: list[Annotated[str, Limb]]
    possibly_pregnant: bool


class ReportRecord(TypedDict):
    """A safety report: the verdict, the findings (each, and by rule), the points removed, the
    alerts, the conditions to screen, the advice, and the profile it was checked for."""

    verdict: Annotated[str, Verdict]
    findings: list[FindingRecord]
    by_rule: list[RuleGroupRecord]
    removed: list[str]
    alerts: list[FindingRecord]
    screening: list[str]
    advice: list[str]
    profile: ProfileRecord


class CompositionStepRecord(TypedDict):
    """One step of a composed routine, with why it was chosen and the evidence."""

    point: str
    technique: TechniqueRecord
    seconds: int
    sides: Annotated[str, Sides]
    position: NotRequired[Annotated[str, Position]]
    why: list[str]
    evidence: str
    note: str | None


class ExclusionRecord(TypedDict):
    """A candidate point left out, why (in the person's words), and the rules behind it."""

    point: str
    reason: str
    rules: list[str]


class ExclusionGroupRecord(TypedDict):
    """The points left out for one reason."""

    reason: str
    rules: list[str]
    points: list[str]


class CompositionRecord(TypedDict):
    """A composition: conditions, time budget and total, steps, what was left out, safety."""

    conditions: list[str]
    budget_seconds: int
    total_seconds: int
    steps: list[CompositionStepRecord]
    excluded: list[ExclusionRecord]
    excluded_groups: list[ExclusionGroupRecord]
    safety: ReportRecord


class RoutineStepRecord(TypedDict):
    """One step of a routine, as routine files write it."""

    point: str
    technique: TechniqueRecord
    seconds: int
    sides: Annotated[str, Sides]
    position: NotRequired[Annotated[str, Position]]
    note: NotRequired[str]


class RoutineRecord(TypedDict):
    """A checked routine in the shape routine files use, with its advice and conditions to
    screen (``load_routine`` and ``parse_routine`` read it and ignore those two)."""

    name: str
    description: str
    conditions: list[str]
    steps: list[RoutineStepRecord]
    advice: list[str]
    screening: list[str]


class FlagRecord(TypedDict):
    """A red flag raised: the question's id and text, how urgent, what to do, the sources."""

    id: str
    text: str
    urgency: Annotated[str, Urgency]
    advice: str
    sources: list[str]


class ImpliedRecord(TypedDict):
    """What flagged answers say about the person: only the facts said, under the profile's keys,
    so that they can be merged into a profile (``parse_profile`` reads them as they are)."""

    possibly_pregnant: NotRequired[bool]
    pregnant: NotRequired[bool]
    postpartum: NotRequired[bool]
    lymphoedema: NotRequired[list[Annotated[str, Limb]]]


class ScreeningRecord(TypedDict):
    """A screening result. ``urgency`` is None when nothing was answered ("not screened").

    ``implies`` holds what the flagged answers say about the person (``{}`` when nothing), and
    ``implied_advice`` says it in sentences: compose and check with a profile that has them.
    """

    condition: str
    conditions: list[str]
    status: str  # a ScreeningStatus value
    urgency: Annotated[str, Urgency] | None
    summary: str
    flags: list[FlagRecord]
    advice: list[str]
    answered: list[str]
    unanswered: list[str]
    implies: ImpliedRecord
    implied_advice: list[str]


class IndicationRecord(TypedDict):
    """What a pack says a point is used for, how much it matters, and on what basis."""

    condition: str
    pack: str
    why: str
    priority: int
    references: list[str]


class AliasRecord(TypedDict):
    """A name a pack gives a point, in its notation, with where it comes from."""

    text: str
    notation: str
    source: str


class PointRecord(TypedDict):
    """A point: code, meridian, names, location, region, laterality, reach and cautions."""

    code: str
    meridian: str
    meridian_name: str
    number: int
    pinyin: str
    tones: str
    hanzi: str
    simplified: str
    gloss: str
    nicknames: list[str]
    location: str
    region: Annotated[str, Region]
    laterality: Annotated[str, Laterality]
    reach: Annotated[str, Reach]
    cautions: list[str]
    legacy_codes: NotRequired[list[str]]
    indications: NotRequired[list[IndicationRecord]]
    aliases: NotRequired[list[AliasRecord]]
    spellings: NotRequired[dict[str, list[str]]]


class MatchRecord(TypedDict):
    """One reading of a point name: the code, the notation it was read in, and why."""

    code: str
    notation: str
    why: str


class ResolutionRecord(TypedDict):
    """Every reading of a query, best first, and whether it is ambiguous."""

    query: str
    matches: list[MatchRecord]
    ambiguous: bool


class PackStatusRecord(TypedDict):
    """How loading one pack went."""

    name: str
    version: str | None
    distribution: str | None
    status: str  # "ok" or "error"
    error: str | None


class ConditionRecord(TypedDict):
    """A condition: its id, name and the pack that defines it."""

    id: str
    name: str
    pack: str


class ConditionMatchRecord(TypedDict):
    """A condition a complaint points to (never a diagnosis): how strongly, and why."""

    id: str
    name: str
    pack: str
    score: float
    words: list[str]
    why: list[str]


class CueRecord(TypedDict):
    """One cue of a guided session."""

    at: float
    seconds: float
    kind: str  # a CueKind value
    step: int
    text: str
    side: Annotated[str, Sides] | None
