"""References: the sources a pack's claims and the safety rules rest on."""

from __future__ import annotations

import enum

import attrs

from .base import check_id, non_empty

__all__ = ["Reference", "ReferenceKind"]


class ReferenceKind(enum.Enum):
    """What sort of source a reference is; ``tradition`` marks a claim with no study behind it."""

    TRIAL = "trial"
    REVIEW = "review"
    GUIDELINE = "guideline"
    TRADITION = "tradition"
    ARTICLE = "article"
    BOOK = "book"


@attrs.frozen
class Reference:
    """A source: a trial, review, guideline, article, book, or ``tradition`` (no study behind it).

    Anything other than tradition or a book must carry at least one of doi, pmid or url.
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

    def __attrs_post_init__(self) -> None:
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
