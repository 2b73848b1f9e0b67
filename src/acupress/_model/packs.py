"""The content-pack document: what a pack's TOML may say, as frozen model classes.

A pack is data. Reading one from TOML and checking it against a catalog live in ``_packs``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from .._i18n import DEFAULT_LANGUAGE, check_translations, localized, mark, read_only, tr
from .base import ID, OrderedEnum, check_id, non_empty
from .coerce import enum_tuple
from .points import Laterality, Reach, Region
from .references import Population, Reference, ReferenceKind
from .routines import MAX_STEP_SECONDS, Position, Step, Technique
from .safety import Limb, Profile

__all__ = [
    "CONSENSUS",
    "EVIDENCE_WEIGHT",
    "SCHEMA_VERSION",
    "TRADITION",
    "Answer",
    "Condition",
    "Dosing",
    "Indication",
    "Pack",
    "PackAlias",
    "PackPoint",
    "Position",
    "ProfileFacts",
    "Question",
    "RoutineTemplate",
    "Score",
    "Threshold",
    "Urgency",
    "evidence_weight",
]

SCHEMA_VERSION = 1
TRADITION = "tradition"
CONSENSUS = "consensus"

_PACK_CODE = re.compile(r"([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)")
_ICD10 = re.compile(r"[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?")


def _check_screening_id(_inst: Any, attribute: attrs.Attribute[str], value: str) -> None:
    """Validator: an id, or one a library qualified with its pack (``back-pain:lbp-fever``).

    Pack documents never write the qualified form (the loader refuses it): the library gives it
    to ids that two packs share, so that neither pack's question replaces the other's.
    """
    pack, sep, own = value.rpartition(":")
    if not ID.fullmatch(own) or (sep and not ID.fullmatch(pack)):
        raise ValueError(
            f"{attribute.name} {value!r} must be lower-case letters, digits and hyphens"
        )


MAX_SYNONYMS = 40  # other names of one condition
MAX_SYNONYM_CHARS = 80


@attrs.frozen
class Condition:
    """Something a pack addresses, such as ``low-back-pain``.

    ``related`` names conditions whose red-flag questions also apply (sciatica: low-back-pain).
    ``min_age`` is the youngest age (in years) the guidance the pack follows for this condition
    covers, and ``min_age_source`` where that age comes from: a reference of the pack (NICE NG59
    covers people aged 16 and over) or ``"consensus"`` when no guidance says.
    ``synonyms`` are other names people give the condition ("lumbago", "period pain"): the
    condition is found by them (``Library.condition``, ``find_conditions``), after its id and
    name, so a synonym can never take another condition's id or name.
    ``pregnancy`` says the condition happens only in pregnancy (sickness in early pregnancy):
    composing or checking for it checks for a pregnant person, whatever the profile says.
    ``not_in_pregnancy`` says the condition does not happen in pregnancy (period pain), so that
    what feels like it in a pregnant person may be something else (a miscarriage, an ectopic
    pregnancy) needing a midwife or doctor: composing or checking for it for a ``pregnant``
    profile is refused, clinician approval or not. One pack cannot give both (``Pack`` refuses
    it); when two packs disagree, the library keeps both, and a routine for the condition is then
    refused for everyone (checked as pregnant, refused in pregnancy): a pack can only add refusals.
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=non_empty)
    description: str = attrs.field(validator=non_empty)
    icd10: str | None = None
    related: tuple[str, ...] = ()
    min_age: int | None = None
    min_age_source: str | None = None
    synonyms: tuple[str, ...] = ()
    pregnancy: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    not_in_pregnancy: bool = attrs.field(
        default=False, validator=attrs.validators.instance_of(bool)
    )

    def __attrs_post_init__(self) -> None:
        if len(self.synonyms) > MAX_SYNONYMS:
            raise ValueError(f"synonyms: at most {MAX_SYNONYMS}, got {len(self.synonyms)}")
        folded: set[str] = set()
        for text in self.synonyms:
            if not text.strip() or len(text) > MAX_SYNONYM_CHARS:
                raise ValueError(
                    f"synonyms: {text[:40]!r} must be a name of 1 to {MAX_SYNONYM_CHARS} characters"
                )
            key = " ".join(text.casefold().split())
            if key in folded:
                raise ValueError(f"synonyms: {text!r} is given twice")
            folded.add(key)
        if self.icd10 is not None and not _ICD10.fullmatch(self.icd10):
            raise ValueError(f"icd10 {self.icd10!r} is not an ICD-10 code like 'M54.5'")
        if self.min_age is not None and not 0 <= self.min_age <= 130:
            raise ValueError(f"min_age must be from 0 to 130 years, got {self.min_age}")
        if (self.min_age is None) != (self.min_age_source is None):
            raise ValueError(
                "min_age and min_age_source go together: give the age and where it comes from "
                f'(a reference id or "{CONSENSUS}")'
            )


@attrs.frozen
class Indication:
    """Why a point is used for a condition, on what basis, and how much it matters (1 to 5).

    ``references`` lists reference ids of the pack, or ``"tradition"`` for a claim with no study.
    """

    point: str
    condition: str
    why: str = attrs.field(validator=non_empty)
    references: tuple[str, ...] = attrs.field()
    priority: int = 3

    @references.validator
    def _check_references(
        self, _a: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if not value:
            raise ValueError('references must name at least one reference id, or "tradition"')

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.priority <= 5:
            raise ValueError(f"priority must be from 1 to 5, got {self.priority}")


@attrs.frozen
class Dosing:
    """How to press one point: a technique, a range of seconds per side, and how often.

    ``min_seconds`` is the shortest useful time per side; ``max_seconds`` the most a pack advises.
    """

    point: str
    technique: Technique
    min_seconds: int
    max_seconds: int
    position: Position = Position.SITTING
    repetitions: int = 1
    times_per_day: int | None = None
    references: tuple[str, ...] = (TRADITION,)
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.min_seconds <= 0:
            raise ValueError(f"min_seconds must be positive, got {self.min_seconds}")
        if self.max_seconds < self.min_seconds:
            raise ValueError(
                f"max_seconds ({self.max_seconds}) is less than min_seconds ({self.min_seconds})"
            )
        if self.max_seconds > MAX_STEP_SECONDS:
            raise ValueError(
                f"max_seconds {self.max_seconds} is over the {MAX_STEP_SECONDS} s "
                f"({MAX_STEP_SECONDS // 60} minutes) one step may last on one point"
            )
        if self.repetitions < 1:
            raise ValueError(f"repetitions must be at least 1, got {self.repetitions}")
        if self.times_per_day is not None and not 1 <= self.times_per_day <= 12:
            raise ValueError(f"times_per_day must be from 1 to 12, got {self.times_per_day}")
        natural = self.technique.natural_seconds
        if natural is not None and not self.min_seconds <= natural <= self.max_seconds:
            raise ValueError(
                f"the technique itself takes {natural} s, outside {self.min_seconds}-"
                f"{self.max_seconds} s"
            )


@attrs.frozen
class RoutineTemplate:
    """A ready-made routine a pack offers: ordered steps for some conditions."""

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=non_empty)
    conditions: tuple[str, ...]
    steps: tuple[Step, ...]
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.steps:
            raise ValueError("a routine needs at least one step")


@attrs.frozen
class PackAlias:
    """A name a pack adds for one or more points, with where the name comes from."""

    text: str = attrs.field(validator=non_empty)
    points: tuple[str, ...]
    source: str = attrs.field(validator=non_empty)
    notation: str = "alias"

    def __attrs_post_init__(self) -> None:
        if not self.points:
            raise ValueError("an alias must name at least one point")


@attrs.frozen
class PackPoint:
    """A point the catalog does not have, under the pack's own namespace (``sleep:anmian``)."""

    code: str = attrs.field()
    pinyin: str = attrs.field(validator=non_empty)
    gloss: str = attrs.field(validator=non_empty)
    location: str = attrs.field(validator=non_empty)
    region: Region
    laterality: Laterality
    reach: Reach
    references: tuple[str, ...]
    tones: str = ""
    hanzi: str = ""
    simplified: str = ""
    nicknames: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()

    @code.validator
    def _check_code(self, _a: attrs.Attribute[str], value: str) -> None:
        if not _PACK_CODE.fullmatch(value):
            raise ValueError(f"code {value!r} must be namespaced like 'sleep:anmian'")


class Urgency(OrderedEnum):
    """How soon to see a clinician, from no need to an emergency; ordered."""

    NONE = "none"
    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"
    EMERGENCY = "emergency"


class Answer(enum.Enum):
    """An answer to a yes/no screening question."""

    YES = "yes"
    NO = "no"


def _only_true(_inst: Any, attribute: attrs.Attribute[bool | None], value: object) -> None:
    """Validator: None (nothing said) or True; False would take caution away, so it is refused."""
    if value is None or value is True:
        return
    if value is False:
        raise ValueError(
            f"{attribute.name}: "
            + tr(
                "only true can be given: an answer may add caution, never take it away "
                "(leave {field} out instead)",
                field=attribute.name,
            )
        )
    raise TypeError(
        f"{attribute.name}: " + tr("expected true, got {value}", value=repr(value)[:60])
    )


def _implied_limbs(value: object) -> tuple[Limb, ...]:
    limbs = enum_tuple(value, Limb, "lymphoedema", "limb")
    if len(set(limbs)) != len(limbs):
        raise ValueError("lymphoedema: " + tr("a limb is given twice"))
    return limbs


@attrs.frozen
class ProfileFacts:
    """What a flagging screening answer says about the person, as facts of their ``Profile``.

    Only facts that can make the safety check more careful can be said, never less: ``True``
    for ``possibly_pregnant``, ``pregnant`` or ``postpartum`` (None says nothing; False is
    refused), and the limbs with lymphoedema or at risk of it (``lymphoedema``, added to the
    profile's). A pack gives them as a question's ``implies``; a ``ScreeningResult`` holds those
    of its flagged answers, and ``apply`` (or ``acupress.apply_screening``) puts them in a
    profile. Nothing else can be said (no age, no clinician approval): a pack can only add caution.
    """

    # Said after "unknown key ..." when a pack names any other fact (see _convert).
    unknown_key_hint: ClassVar[str] = mark(
        "an answer may imply only possibly_pregnant, pregnant, postpartum or lymphoedema, "
        "the facts that can only make the safety check more careful"
    )

    possibly_pregnant: bool | None = attrs.field(default=None, validator=_only_true)
    pregnant: bool | None = attrs.field(default=None, validator=_only_true)
    postpartum: bool | None = attrs.field(default=None, validator=_only_true)
    lymphoedema: tuple[Limb, ...] = attrs.field(default=(), converter=_implied_limbs)

    def __bool__(self) -> bool:
        """Whether any fact is said."""
        return bool(self.possibly_pregnant or self.pregnant or self.postpartum or self.lymphoedema)

    def union(self, other: ProfileFacts) -> ProfileFacts:
        """The facts of both: each True stays True, and the limbs of both (first seen first)."""
        return ProfileFacts(
            possibly_pregnant=self.possibly_pregnant or other.possibly_pregnant or None,
            pregnant=self.pregnant or other.pregnant or None,
            postpartum=self.postpartum or other.postpartum or None,
            lymphoedema=tuple(dict.fromkeys((*self.lymphoedema, *other.lymphoedema))),
        )

    def apply(self, profile: Profile) -> Profile:
        """``profile`` with these facts added: at least as careful, never less.

        A True fact sets the profile's field to True (a True there stays True); the limbs are
        added to the profile's ``lymphoedema``. Everything else is kept as it is.
        """
        return attrs.evolve(
            profile,
            possibly_pregnant=profile.possibly_pregnant or bool(self.possibly_pregnant),
            pregnant=profile.pregnant or bool(self.pregnant),
            postpartum=profile.postpartum or bool(self.postpartum),
            lymphoedema=tuple(dict.fromkeys((*profile.lymphoedema, *self.lymphoedema))),
        )


@attrs.frozen
class Question:
    """A red-flag question for a condition: the answer that raises the flag, how urgent, what to do.

    A question may instead (or also) count towards a ``score`` such as STOP-Bang. ``implies``
    says what a flagging answer means for the person's profile ("could you be pregnant?":
    ``possibly_pregnant``), facts that can only make the check more careful (``ProfileFacts``);
    the screening result carries them to the routine.
    """

    id: str = attrs.field(validator=_check_screening_id)
    condition: str = attrs.field(validator=check_id)
    text: str = attrs.field(validator=non_empty)
    references: tuple[str, ...] = attrs.field()
    urgency: Urgency = Urgency.NONE
    advice: str = ""
    flag_on: Answer = Answer.YES
    score: str | None = None
    implies: ProfileFacts | None = None

    @references.validator
    def _check_references(
        self, _a: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if not value:
            raise ValueError("a screening question must cite at least one reference")

    def __attrs_post_init__(self) -> None:
        if self.urgency is not Urgency.NONE and not self.advice.strip():
            raise ValueError(f"a question with urgency {self.urgency.value!r} needs advice")
        if self.urgency is Urgency.NONE and self.score is None:
            raise ValueError("a question needs an urgency, a score to count towards, or both")
        if self.implies is not None and not self.implies:
            raise ValueError(
                "implies: "
                + tr(
                    "says nothing: name a fact (possibly_pregnant, pregnant, postpartum or "
                    "lymphoedema) or leave implies out"
                )
            )


@attrs.frozen
class Threshold:
    """A score at or above ``at_least`` raises ``urgency`` with ``advice``."""

    at_least: int
    urgency: Urgency
    advice: str = attrs.field(validator=non_empty)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.at_least, bool) or not isinstance(self.at_least, int):
            raise ValueError(f"at_least must be a whole number, got {self.at_least!r}")
        if self.at_least < 1:  # 0 would raise the flag with nothing answered
            raise ValueError(f"at_least must be 1 or more, got {self.at_least}")


@attrs.frozen
class Score:
    """A questionnaire score (such as STOP-Bang): one point per flagged answer, with thresholds."""

    id: str = attrs.field(validator=_check_screening_id)
    condition: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=non_empty)
    thresholds: tuple[Threshold, ...]
    references: tuple[str, ...]

    def __attrs_post_init__(self) -> None:
        if not self.thresholds:
            raise ValueError("a score needs at least one threshold")
        if not self.references:
            raise ValueError("a score must cite at least one reference")


@attrs.frozen
class Pack:
    """One content pack, as written: metadata, references, conditions and what it says of points.

    Safety rules (``rules``) are kept as plain tables here and validated by the safety module.
    ``language`` is the language the pack's texts are written in (``"en"`` unless it says);
    ``translations`` may give them in other languages, ``{"de": {"conditions.sciatica.name":
    "Ischias"}}``, under the keys ``translatable()`` lists (see docs/i18n.md).
    """

    schema: int
    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=non_empty)
    version: str = attrs.field(validator=non_empty)
    summary: str = attrs.field(validator=non_empty)
    license: str = attrs.field(validator=non_empty)
    authors: tuple[str, ...] = attrs.field()
    acupress: str = attrs.field(validator=non_empty)
    references: tuple[Reference, ...] = ()
    conditions: tuple[Condition, ...] = ()
    points: tuple[PackPoint, ...] = ()
    indications: tuple[Indication, ...] = ()
    dosing: tuple[Dosing, ...] = ()
    routines: tuple[RoutineTemplate, ...] = ()
    aliases: tuple[PackAlias, ...] = ()
    screening: tuple[Question, ...] = ()
    scores: tuple[Score, ...] = ()
    rules: tuple[Mapping[str, Any], ...] = ()
    language: str = DEFAULT_LANGUAGE
    translations: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, converter=read_only)

    @authors.validator
    def _check_authors(self, _a: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        if not value:
            raise ValueError(tr("authors must name at least one author"))
        if any(not isinstance(a, str) or not a.strip() for a in value):
            raise ValueError(tr("authors: an author's name must not be empty"))

    def __attrs_post_init__(self) -> None:
        if self.schema != SCHEMA_VERSION:
            raise ValueError(
                f"schema {self.schema} is not supported; "
                f"this acupress reads schema {SCHEMA_VERSION}"
            )
        problems = check_translations(self.translations, self.language, self.translatable())
        if problems:
            raise ValueError("; ".join(problems))
        ref_ids = {r.id for r in self.references}
        for i, condition in enumerate(self.conditions):
            source = condition.min_age_source
            if source is not None and source != CONSENSUS and source not in ref_ids:
                raise ValueError(
                    f"conditions[{i}].min_age_source: {source!r} is neither a reference of this "
                    f'pack nor "{CONSENSUS}"'
                )
            if condition.pregnancy and condition.not_in_pregnancy:
                # Kept out of Condition itself: the library's merge of two packs that disagree
                # holds both (refused for everyone), but one pack saying both is a mistake.
                raise ValueError(
                    f"conditions[{i}].not_in_pregnancy: a condition cannot be one that happens "
                    "only in pregnancy (pregnancy = true) and one that does not happen in "
                    "pregnancy; give one of them"
                )

    def translatable(self) -> frozenset[str]:
        """The keys ``translations`` may give a text for: ``name``, ``summary``, and
        ``SECTION.ID.FIELD`` for the pack's conditions (name, description), screening questions
        (text, advice), scores (name, and ``thresholds.N.advice``), routines (name, description,
        and ``steps.N.note``), indications (``indications.POINT.CONDITION.why``), dosing notes
        (``dosing.POINT.N.note``, N counting the point's dosings from 0) and rules (message), by
        the ids the pack gives them."""
        keys = {"name", "summary"}
        for c in self.conditions:
            keys.update((f"conditions.{c.id}.name", f"conditions.{c.id}.description"))
        # By the ids the pack writes: a library qualifies a shared one ("back-pain:lbp-fever").
        own = f"{self.id}:"
        for q in self.screening:
            qid = q.id.removeprefix(own)
            keys.update((f"screening.{qid}.text", f"screening.{qid}.advice"))
        for s in self.scores:
            sid = s.id.removeprefix(own)
            keys.add(f"scores.{sid}.name")
            keys.update(f"scores.{sid}.thresholds.{i}.advice" for i in range(len(s.thresholds)))
        for r in self.routines:
            keys.update((f"routines.{r.id}.name", f"routines.{r.id}.description"))
            keys.update(f"routines.{r.id}.steps.{i}.note" for i, s in enumerate(r.steps) if s.note)
        keys.update(f"indications.{i.point}.{i.condition}.why" for i in self.indications)
        for point, n in self._dosing_numbers():
            keys.add(f"dosing.{point}.{n}.note")
        for rule in self.rules:
            rule_id = rule.get("id") if isinstance(rule, Mapping) else None
            if isinstance(rule_id, str):
                keys.add(f"rules.{rule_id.removeprefix(self.id + ':')}.message")
        return frozenset(keys)

    def _dosing_numbers(self) -> list[tuple[str, int]]:
        """Each dosing's point and its number among that point's dosings (0, 1, ...)."""
        seen: dict[str, int] = {}
        out = []
        for d in self.dosing:
            n = seen.get(d.point, 0)
            seen[d.point] = n + 1
            out.append((d.point, n))
        return out

    def dosing_note(self, dosing: Dosing) -> str | None:
        """The note of one of the pack's dosings, in the current language where translated."""
        if dosing.note is None:
            return None
        for d, (point, n) in zip(self.dosing, self._dosing_numbers(), strict=True):
            if d is dosing:
                return self.text(f"dosing.{point}.{n}.note", dosing.note)[0]
        return dosing.note

    def routine_text(self, template: RoutineTemplate) -> RoutineTemplate:
        """One of the pack's ready-made routines with its name, description and step notes in
        the current language where translated (the steps themselves as written)."""
        base = f"routines.{template.id}"
        steps = tuple(
            attrs.evolve(s, note=self.text(f"{base}.steps.{i}.note", s.note)[0]) if s.note else s
            for i, s in enumerate(template.steps)
        )
        return attrs.evolve(
            template,
            name=self.text(f"{base}.name", template.name)[0],
            description=self.text(f"{base}.description", template.description)[0]
            if template.description
            else "",
            steps=steps,
        )

    def text(self, key: str, text: str) -> tuple[str, str]:
        """One of the pack's texts (``text``, found under ``key``: see ``translatable``) in the
        current language where the pack translates it, and the language it is in."""
        return localized(text, key, self.translations, self.language)

    def reference(self, ref_id: str) -> Reference | None:
        """The pack's reference with this id, or None (``tradition`` is not a stored reference)."""
        for ref in self.references:
            if ref.id == ref_id:
                return ref
        return None


EVIDENCE_WEIGHT = {
    ReferenceKind.TRADITION: 1,
    ReferenceKind.ARTICLE: 1,
    ReferenceKind.BOOK: 1,
    ReferenceKind.TRIAL: 2,
    ReferenceKind.GUIDELINE: 3,
    ReferenceKind.REVIEW: 3,
}


def evidence_weight(ref: Reference | None, groups: frozenset[Population] = frozenset()) -> int:
    """How much one reference behind an indication weighs, for a person in ``groups``.

    ``None`` (the word "tradition") weighs as tradition; so does a source that did not study
    acupressure (acupuncture, a survey of prescriptions) and a study that left out a group the
    person belongs to. Otherwise the weight of its kind (``EVIDENCE_WEIGHT``); a source that does
    not say what it studied keeps the weight of its kind.
    """
    tradition = EVIDENCE_WEIGHT[ReferenceKind.TRADITION]
    if ref is None:
        return tradition
    if ref.studied is not None and not ref.studied.is_acupressure:
        return tradition
    if groups.intersection(ref.excluded):
        return tradition
    return EVIDENCE_WEIGHT[ref.kind]
