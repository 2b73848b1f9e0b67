"""References: the sources a pack's claims and the safety rules rest on."""

from __future__ import annotations

import enum

import attrs

from .._i18n import mark, tr
from .base import check_id, non_empty

__all__ = ["Population", "Reference", "ReferenceKind", "Studied"]


class ReferenceKind(enum.Enum):
    """What sort of source a reference is; ``tradition`` marks a claim with no study behind it."""

    TRIAL = "trial"
    REVIEW = "review"
    GUIDELINE = "guideline"
    TRADITION = "tradition"
    ARTICLE = "article"
    BOOK = "book"


class Studied(enum.Enum):
    """What a source cited for an indication studied: who pressed, or whether anyone pressed.

    Only acupressure counts as acupressure evidence: a study of acupuncture (needles) or a survey
    of the points practitioners prescribe shows which points are chosen, not that pressing them
    helps, so the composer weighs it as tradition (``is_acupressure``).

    ``wristband`` is pressure too (a band whose stud presses on the point, worn for hours), so it
    counts as acupressure, and its words say it was bands, not fingers. ``mixed-stimulation`` is
    a review that pooled needles, electrical stimulation and pressure without a result for
    pressure alone: it weighs as tradition; cite the pressure trials it holds on their own.
    """

    SELF_ACUPRESSURE = "self-acupressure"
    PRACTITIONER_ACUPRESSURE = "practitioner-acupressure"
    ACUPRESSURE = "acupressure"
    WRISTBAND = "wristband"
    ACUPUNCTURE = "acupuncture"
    MIXED_STIMULATION = "mixed-stimulation"
    PRESCRIPTION_SURVEY = "prescription-survey"
    TRADITION = "tradition"

    @property
    def is_acupressure(self) -> bool:
        """Whether the source tested pressing points (by the person or by a practitioner)."""
        return self in _ACUPRESSURE

    @property
    def words(self) -> str:
        """What was studied, in plain words."""
        return tr(_STUDIED_WORDS[self])


_ACUPRESSURE = frozenset(
    {
        Studied.SELF_ACUPRESSURE,
        Studied.PRACTITIONER_ACUPRESSURE,
        Studied.ACUPRESSURE,
        Studied.WRISTBAND,
    }
)
_STUDIED_WORDS = {
    Studied.SELF_ACUPRESSURE: mark("self-acupressure"),
    Studied.PRACTITIONER_ACUPRESSURE: mark("acupressure given by a practitioner"),
    Studied.ACUPRESSURE: mark("acupressure, given by practitioners or self-given"),
    Studied.WRISTBAND: mark("acupressure wristbands (a stud pressing on the point), not fingers"),
    Studied.ACUPUNCTURE: mark("acupuncture, not acupressure"),
    Studied.MIXED_STIMULATION: mark(
        "needles, electrical stimulation and pressure pooled, with no result for pressure alone"
    ),
    Studied.PRESCRIPTION_SURVEY: mark(
        "a survey of acupuncture prescriptions, not a test of pressing"
    ),
    Studied.TRADITION: mark("tradition"),
}


class Population(enum.Enum):
    """A group of people a study left out, by its exclusion criteria or by whom it enrolled.

    A study that left a group out is no evidence for a person in that group: for them the composer
    weighs it as tradition and says "not studied in ...".
    """

    PREGNANCY = "pregnancy"
    CHILDREN = "children"
    ANTICOAGULANTS = "anticoagulants"

    @property
    def words(self) -> str:
        """The group in plain words, as in "not studied in pregnancy"."""
        return tr(_POPULATION_WORDS[self])


_POPULATION_WORDS = {
    Population.PREGNANCY: mark("pregnancy"),
    Population.CHILDREN: mark("children (under 18)"),
    Population.ANTICOAGULANTS: mark("people taking blood thinners"),
}


@attrs.frozen
class Reference:
    """A source: a trial, review, guideline, article, book, or ``tradition`` (no study behind it).

    Anything other than tradition or a book must carry at least one of doi, pmid or url.
    ``studied`` says what a source cited for indications studied (None: not stated, as for a
    guideline or a web page), ``excluded`` whom the study left out, and ``note`` what the source is
    cited for and how it was checked.
    """

    id: str = attrs.field(validator=check_id)
    kind: ReferenceKind
    title: str = attrs.field(validator=non_empty)
    authors: tuple[str, ...] = ()
    year: int | None = None
    source: str = ""
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    studied: Studied | None = None
    excluded: tuple[Population, ...] = ()
    note: str = ""

    def __attrs_post_init__(self) -> None:
        studied = self.studied
        tradition = self.kind is ReferenceKind.TRADITION
        if tradition and studied is not None and studied is not Studied.TRADITION:
            raise ValueError(f"a tradition reference cannot have studied {studied.value!r}")
        if self.excluded:
            if studied is None or studied is Studied.TRADITION:
                raise ValueError("excluded names whom a study left out: say what it studied")
            if len(set(self.excluded)) != len(self.excluded):
                raise ValueError("excluded names a group twice")
        if self.kind not in (ReferenceKind.TRADITION, ReferenceKind.BOOK) and not (
            self.doi or self.pmid or self.url
        ):
            raise ValueError(f"a {self.kind.value} reference needs a doi, pmid or url")
        if self.year is not None and not 1000 <= self.year <= 2100:
            raise ValueError(f"year {self.year} is not a plausible year")
        if self.doi is not None and not self.doi.startswith("10."):
            raise ValueError(f"doi {self.doi!r} should start with '10.'")
        if self.pmid is not None and not self.pmid.isdigit():
            raise ValueError(f"pmid {self.pmid!r} should be digits only")

    @property
    def citation(self) -> str:
        """A one-line citation: authors, year, title, source and the best locator."""
        who = f"{self.authors[0]} et al." if len(self.authors) > 2 else " and ".join(self.authors)
        head = " ".join(p for p in (who, f"({self.year})" if self.year else "") if p)
        if head and not self.year:
            head += "."
        title = self.title if self.title[-1] in ".?!" else f"{self.title}."
        parts = [p for p in (head, title, self.source) if p]
        locator = (
            f"doi:{self.doi}" if self.doi else f"PMID {self.pmid}" if self.pmid else self.url or ""
        )
        return " ".join(parts) + (f" {locator}" if locator else "")
