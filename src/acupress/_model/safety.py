"""Safety as data: a person's profile, contraindication rules, findings and reports.

Rules only ever add findings, and findings only combine by taking the stricter one, so nothing a
pack adds can weaken what the core (or another pack) says. Rules are applied in ``_safety``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import attrs

from .._i18n import mark, tr
from .base import ID, OrderedEnum, check_ids
from .coerce import boolean, enum_tuple, id_tuple, whole_number
from .points import Region
from .routines import Contact, Position, Pressure, Routine

__all__ = [
    "GENERAL_ADVICE_FALLBACK",
    "KNOWN_CONDITIONS",
    "Basis",
    "Finding",
    "Limb",
    "Profile",
    "ProfileRegions",
    "Rule",
    "SafetyReport",
    "Severity",
    "Target",
    "Verdict",
    "When",
    "lowest_cap",
    "shortest_hold",
    "worst",
]

KNOWN_CONDITIONS: Mapping[str, str] = MappingProxyType(
    {
        "dvt": mark("a known deep vein thrombosis (clot in a leg vein)"),
        "suspected-dvt": mark("a possible clot: one calf swollen, painful, warm or red"),
        "recent-immobility": mark("long bed rest, a cast, or a long journey recently"),
        "anticoagulants": mark(
            "blood-thinning medicine (warfarin, apixaban, rivaroxaban, heparin ...)"
        ),
        "antiplatelets": mark("taking antiplatelet medicine (aspirin, clopidogrel ...)"),
        "bleeding-disorder": mark("a bleeding disorder such as haemophilia"),
        "low-platelets": mark("a low platelet count"),
        "varicose-veins": mark("varicose veins"),
        "osteoporosis": mark("osteoporosis (fragile bones)"),
        "spinal-fracture": mark("a spinal fracture, now or in the past"),
        "neuropathy": mark("peripheral neuropathy (reduced feeling in hands or feet)"),
        "diabetes-reduced-sensation": mark("diabetes with reduced feeling in the feet"),
        "peripheral-arterial-disease": mark(
            "peripheral arterial disease (poor circulation in the legs)"
        ),
        "hip-replacement": mark("an artificial hip"),
        "knee-replacement": mark("an artificial knee"),
        "pacemaker": mark("a pacemaker"),
        "icd": mark("an implanted defibrillator (ICD)"),
        "port": mark("an implanted port or central line"),
        "frail": mark("frailty (weakness, fragile skin or bones)"),
        "falls": mark("a fall in the last year, or trouble getting up from the floor"),
        "previous-dvt": mark("a clot in a leg vein in the past"),
        "active-cancer": mark(
            "cancer being treated now, in the last six months, or palliative care"
        ),
        "long-travel": mark("a journey of more than three hours in the last few days"),
        "leg-cast": mark("a leg in plaster, or a leg that cannot move"),
        "spinal-surgery": mark("surgery on the spine, until the surgeon says pressure is safe"),
        "spinal-metastasis": mark("cancer that has spread to the spine"),
        "bone-metastasis": mark("cancer that has spread to the bones of the spine or pelvis"),
        "intoxicated": mark("alcohol or drugs now"),
        "sedated": mark(
            "sleeping tablets, strong painkillers or another sedating medicine now, "
            "or just after an anaesthetic"
        ),
    }
)
"""Profile condition ids the core rules use, with what each means (read-only; in English,
shown in the current language with ``acupress._i18n.tr``).

Packs' rules may use others: ``Library.profile_conditions`` lists every id a library knows.
"""

GENERAL_ADVICE_FALLBACK = (
    "Stop if you feel sharp pain, dizziness or numbness.",
    "Self-acupressure is not a substitute for care by a clinician.",
)


class Severity(OrderedEnum):
    """How serious a finding is, ordered: info < gentle < avoid."""

    INFO = "info"
    GENTLE = "gentle"
    AVOID = "avoid"


class Basis(enum.Enum):
    """What a rule rests on: studies, expert consensus, or tradition."""

    EVIDENCE = "evidence"
    CONSENSUS = "consensus"
    TRADITION = "tradition"


class Verdict(enum.Enum):
    """The overall result of a check."""

    OK = "ok"
    CAUTION = "caution"
    AVOID = "avoid"


class ProfileRegions(enum.Enum):
    """Which of the profile's lists of body regions a rule applies to."""

    SKIN = "skin"
    INJURY = "injury"
    CANCER = "cancer"
    LYMPHOEDEMA = "lymphoedema"


class Limb(enum.Enum):
    """A limb, for conditions that affect one (lymphoedema): its regions are ``Limb.regions``."""

    LEFT_ARM = "left-arm"
    RIGHT_ARM = "right-arm"
    LEFT_LEG = "left-leg"
    RIGHT_LEG = "right-leg"

    @property
    def regions(self) -> frozenset[Region]:
        """The body regions of the limb and its root (armpit or groin, shoulder or hip).

        Regions have no side, so a rule on one arm covers the points of both arms: acupress
        leaves a bilateral point out on both sides rather than guess which side a step is on.
        """
        return _ARM if self in (Limb.LEFT_ARM, Limb.RIGHT_ARM) else _LEG


_ARM = frozenset(
    {
        Region.SHOULDER,
        Region.ARMPIT,
        Region.UPPER_ARM,
        Region.ELBOW,
        Region.FOREARM,
        Region.WRIST,
        Region.HAND,
    }
)
_LEG = frozenset(
    {
        Region.GROIN,
        Region.HIP,
        Region.THIGH,
        Region.KNEE,
        Region.LOWER_LEG,
        Region.ANKLE,
        Region.FOOT,
    }
)


def _condition_ids(value: Sequence[str]) -> tuple[str, ...]:
    return id_tuple(value, "has", "condition id")


def _broken_skin(value: Sequence[Region | str]) -> tuple[Region, ...]:
    return enum_tuple(value, Region, "broken_skin", "region")


def _recent_surgery(value: Sequence[Region | str]) -> tuple[Region, ...]:
    return enum_tuple(value, Region, "recent_surgery", "region")


def _recent_fracture(value: Sequence[Region | str]) -> tuple[Region, ...]:
    return enum_tuple(value, Region, "recent_fracture", "region")


def _cancer_sites(value: Sequence[Region | str]) -> tuple[Region, ...]:
    return enum_tuple(value, Region, "cancer_sites", "region")


def _lymphoedema(value: Sequence[Limb | str]) -> tuple[Limb, ...]:
    return enum_tuple(value, Limb, "lymphoedema", "limb")


@attrs.frozen
class Profile:
    """What acupress needs to know about a person to keep a routine safe for them.

    ``has`` holds condition ids (see ``KNOWN_CONDITIONS``; packs may define others, and
    ``Library.profile_conditions`` lists every id a library knows: ``check()`` and ``compose()``
    refuse any other). The region lists say where skin is broken, infected, bruised, burnt or
    rashy (``broken_skin``), where there was recent surgery or a fracture, and where there is
    cancer or radiotherapy.

    ``possibly_pregnant`` is for a person who could be pregnant but does not know (a late period,
    no test yet): the rules that leave points out "in pregnancy" as a precaution (the traditional
    points, the lower abdomen and belly) hold for them too, while the rules about late pregnancy
    (lying on the back from 28 weeks) need ``pregnant``. ``could_be_pregnant`` is either.

    Regions may be given as ``Region`` members or their values (``"hand"``), lists as lists or
    tuples; they are stored as tuples, so a profile is hashable. Anything else raises TypeError or
    ValueError naming the field: ``"false"`` is not a boolean, ``30.0`` is not an age.
    """

    pregnant: bool = attrs.field(default=False, validator=boolean)
    pregnancy_weeks: int | None = attrs.field(default=None, validator=whole_number)
    postpartum: bool = attrs.field(default=False, validator=boolean)
    age: int | None = attrs.field(default=None, validator=whole_number)
    has: tuple[str, ...] = attrs.field(default=(), converter=_condition_ids)
    broken_skin: tuple[Region, ...] = attrs.field(default=(), converter=_broken_skin)
    recent_surgery: tuple[Region, ...] = attrs.field(default=(), converter=_recent_surgery)
    recent_fracture: tuple[Region, ...] = attrs.field(default=(), converter=_recent_fracture)
    cancer_sites: tuple[Region, ...] = attrs.field(default=(), converter=_cancer_sites)
    ate_recently: bool = attrs.field(default=False, validator=boolean)
    lymphoedema: tuple[Limb, ...] = attrs.field(default=(), converter=_lymphoedema)
    possibly_pregnant: bool = attrs.field(default=False, validator=boolean)

    def __attrs_post_init__(self) -> None:
        if self.pregnancy_weeks is not None:
            if not 0 <= self.pregnancy_weeks <= 45:
                raise ValueError(
                    "pregnancy_weeks: "
                    + tr("must be from 0 to 45, got {value}", value=self.pregnancy_weeks)
                )
            if not self.pregnant:
                raise ValueError("pregnancy_weeks: " + tr("given, but pregnant is false"))
        if self.age is not None and not 0 <= self.age <= 130:
            raise ValueError("age: " + tr("must be from 0 to 130, got {value}", value=self.age))

    @property
    def could_be_pregnant(self) -> bool:
        """Whether the person is pregnant or could be (``pregnant`` or ``possibly_pregnant``)."""
        return self.pregnant or self.possibly_pregnant

    @property
    def trimester(self) -> int | None:
        """1, 2 or 3 when pregnancy weeks are known; None otherwise."""
        if self.pregnancy_weeks is None:
            return None
        return 1 if self.pregnancy_weeks < 14 else 2 if self.pregnancy_weeks < 28 else 3

    def regions(self, which: ProfileRegions) -> frozenset[Region]:
        """The body regions of one of the profile's region lists."""
        if which is ProfileRegions.SKIN:
            return frozenset(self.broken_skin)
        if which is ProfileRegions.INJURY:
            return frozenset(self.recent_surgery) | frozenset(self.recent_fracture)
        if which is ProfileRegions.LYMPHOEDEMA:
            return frozenset(r for limb in self.lymphoedema for r in limb.regions)
        return frozenset(self.cancer_sites)


@attrs.frozen
class When:
    """A predicate over a profile: every key given must hold; ``any`` holds if one alternative does.

    An empty When always holds.
    """

    pregnant: bool | None = None
    could_be_pregnant: bool | None = None
    postpartum: bool | None = None
    has: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
    age_under: int | None = None
    age_at_least: int | None = None
    ate_recently: bool | None = None
    pregnancy_weeks_at_least: int | None = None
    injury_at: tuple[Region, ...] = ()
    cancer_at: tuple[Region, ...] = ()
    recent_surgery: bool | None = None
    any: tuple[When, ...] = ()

    def matches(self, profile: Profile) -> bool:
        """Whether the profile satisfies this predicate.

        ``could_be_pregnant`` holds for a person who is pregnant or possibly pregnant (the safe
        reading of "in pregnancy" for precautions that matter from the first weeks);
        ``pregnancy_weeks_at_least`` holds for a pregnancy of at least that many weeks, and for a
        pregnancy whose weeks are not known (the safe reading). ``injury_at`` and ``cancer_at``
        hold when the profile names recent surgery or a fracture (or cancer) at one of the
        regions; ``recent_surgery`` when it names recent surgery anywhere.
        """
        if self.pregnant is not None and profile.pregnant != self.pregnant:
            return False
        if (
            self.could_be_pregnant is not None
            and profile.could_be_pregnant != self.could_be_pregnant
        ):
            return False
        if self.pregnancy_weeks_at_least is not None and not (
            profile.pregnant
            and (
                profile.pregnancy_weeks is None
                or profile.pregnancy_weeks >= self.pregnancy_weeks_at_least
            )
        ):
            return False
        if self.injury_at and not profile.regions(ProfileRegions.INJURY) & set(self.injury_at):
            return False
        if self.cancer_at and not profile.regions(ProfileRegions.CANCER) & set(self.cancer_at):
            return False
        if self.recent_surgery is not None and bool(profile.recent_surgery) != self.recent_surgery:
            return False
        if self.postpartum is not None and profile.postpartum != self.postpartum:
            return False
        if self.ate_recently is not None and profile.ate_recently != self.ate_recently:
            return False
        if self.has and not set(self.has) & set(profile.has):
            return False
        if self.age_under is not None and (profile.age is None or profile.age >= self.age_under):
            return False
        if self.age_at_least is not None and (
            profile.age is None or profile.age < self.age_at_least
        ):
            return False
        return not self.any or any(alt.matches(profile) for alt in self.any)

    def mentions(self) -> frozenset[str]:
        """Every condition id this predicate looks at."""
        out = set(self.has)
        for alt in self.any:
            out |= alt.mentions()
        return frozenset(out)


@attrs.frozen
class Target:
    """What a rule applies to: points, named groups, regions, every point, the profile's regions,
    or the person.

    ``contacts`` narrows a rule to techniques using those contacts (for example a ball), and
    ``positions`` to steps done in those positions (a step on a floor ball is lying). A rule on
    the ``person`` is about them, not a point: it is said with every routine (an alert), and an
    avoid rule on the person leaves no step at all.
    """

    points: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    regions: tuple[Region, ...] = ()
    all: bool = False
    profile_regions: ProfileRegions | None = None
    contacts: tuple[Contact, ...] = ()
    positions: tuple[Position, ...] = ()
    person: bool = False

    def __attrs_post_init__(self) -> None:
        if not (
            self.points
            or self.groups
            or self.regions
            or self.all
            or self.profile_regions
            or self.person
        ):
            raise ValueError(
                tr("applies must name points, groups, regions, all, profile_regions or person")
            )
        if self.person and (
            self.points or self.groups or self.regions or self.all or self.profile_regions
        ):
            raise ValueError(tr("a rule on the person names no points, groups or regions"))
        if self.person and (self.contacts or self.positions):
            raise ValueError(tr("a rule on the person cannot be narrowed to contacts or positions"))

    def narrows(self, contact: Contact | None, position: Position | None) -> bool:
        """Whether a technique with ``contact``, done in ``position``, passes this target's
        contact and position narrowing (a floor ball counts as lying; unknown passes nothing)."""
        if self.contacts and contact not in self.contacts:
            return False
        if self.positions:
            lying = position is Position.LYING or contact is Contact.BALL_FLOOR
            if not (lying and Position.LYING in self.positions) and (
                position is None or position not in self.positions
            ):
                return False
        return True

    @property
    def narrowed(self) -> bool:
        """Whether the target is narrowed to some contacts or positions."""
        return bool(self.contacts or self.positions)


@attrs.frozen
class Rule:
    """A contraindication or caution: what it applies to, when, how severe, and on what basis."""

    id: str
    applies: Target
    severity: Severity
    message: str
    basis: Basis
    sources: tuple[str, ...]
    when: When = attrs.Factory(When)
    pressure_cap: Pressure | None = None
    tightens: str | None = None
    max_seconds: int | None = None

    def __attrs_post_init__(self) -> None:
        if not ID.fullmatch(self.id.split(":")[-1]):
            raise ValueError(
                tr(
                    "rule id {rule} must be lower-case letters, digits and hyphens",
                    rule=repr(self.id),
                )
            )
        if not self.message.strip():
            raise ValueError(tr("message must not be empty"))
        if self.severity is Severity.GENTLE and self.pressure_cap is None:
            raise ValueError(tr("a gentle rule needs a pressure_cap (light or moderate)"))
        if self.severity is not Severity.GENTLE and self.pressure_cap is not None:
            raise ValueError(
                tr(
                    "pressure_cap belongs to gentle rules, not {severity}",
                    severity=self.severity.value,
                )
            )
        if self.pressure_cap is Pressure.FIRM:
            raise ValueError(tr("pressure_cap firm caps nothing: use light or moderate"))
        if not self.sources and self.basis is Basis.EVIDENCE:
            raise ValueError(tr("a rule with basis evidence must cite its sources"))
        if self.max_seconds is not None:
            if self.severity is not Severity.GENTLE:
                raise ValueError(tr("max_seconds belongs to gentle rules"))
            if isinstance(self.max_seconds, bool) or not 1 <= self.max_seconds <= 600:
                raise ValueError(
                    tr(
                        "max_seconds must be from 1 to 600, got {value}",
                        value=repr(self.max_seconds),
                    )
                )


@attrs.frozen
class Finding:
    """One rule applied to one step: which point, how severe, why, and the sources."""

    point: str
    severity: Severity
    rule: str
    message: str
    basis: Basis
    sources: tuple[str, ...]
    pressure_cap: Pressure | None = None
    step: int | None = None
    max_seconds: int | None = None


@attrs.frozen
class SafetyReport:
    """The result of a check: findings per step, a verdict, a safe routine and general advice.

    ``profile`` is the person the routine was checked for: renderers and the guide check the
    routine again for it, so a report whose routine is not safe for its own profile is refused.
    ``screening`` names the conditions whose red-flag questions the person should answer first.
    ``alerts`` are findings about the person rather than a point (``point`` is empty): say them
    before anything else, whatever the routine.
    ``clinician_approved`` records that the check was told a clinician allowed the routine
    (``check(..., clinician_approved=True)``): the gate lets a routine for a condition whose
    guidance is for older people (``Condition.min_age``) through for a younger person only when
    the report says so, as ``check()`` does.
    """

    verdict: Verdict
    findings: tuple[Finding, ...]
    routine: Routine
    advice: tuple[str, ...]
    profile: Profile
    removed: tuple[str, ...] = ()
    screening: tuple[str, ...] = ()
    alerts: tuple[Finding, ...] = ()
    clinician_approved: bool = attrs.field(
        default=False, validator=attrs.validators.instance_of(bool)
    )

    def for_point(self, code: str) -> tuple[Finding, ...]:
        """The findings about one point."""
        return tuple(f for f in self.findings if f.point == code)


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The most severe severity among findings, or None when there are none."""
    ranks = [f.severity for f in findings]
    return max(ranks, key=lambda s: s.rank) if ranks else None


def shortest_hold(findings: Iterable[Finding]) -> int | None:
    """The shortest ``max_seconds`` among findings, or None when nothing limits the hold."""
    holds = [f.max_seconds for f in findings if f.max_seconds is not None]
    return min(holds) if holds else None


def lowest_cap(findings: Iterable[Finding]) -> Pressure | None:
    """The lowest pressure cap among gentle findings, or None when nothing caps pressure."""
    caps = [f.pressure_cap for f in findings if f.pressure_cap is not None]
    return min(caps, key=lambda p: p.rank) if caps else None
