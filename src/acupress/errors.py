"""The exceptions acupress raises: one base class, and one subclass per kind of problem.

Every message is written for a person: what went wrong and where, one problem a line.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AcupressError",
    "ComposeError",
    "DataError",
    "PackError",
    "UnknownNotationError",
    "UnknownPointError",
    "UnknownQuestionError",
]


class AcupressError(Exception):
    """The base of every error acupress raises on purpose."""


class DataError(AcupressError, ValueError):
    """A document (catalog, pack, routine or profile) does not fit its schema.

    ``problems`` holds one line per problem, each ``file: $.path: what is wrong``.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("\n".join(self.problems) or "invalid data")


class PackError(DataError):
    """A content pack could not be loaded; the message names the pack, its distribution and why."""

    def __init__(
        self,
        problems: Sequence[str],
        *,
        pack: str = "",
        distribution: str | None = None,
        version: str | None = None,
    ) -> None:
        self.pack = pack
        self.distribution = distribution
        self.version = version
        super().__init__(problems)


class UnknownPointError(AcupressError, LookupError):
    """Nothing in the library matches the text; ``suggestions`` lists the closest codes."""

    def __init__(
        self, query: str, suggestions: Sequence[str] = (), *, what: str = "point", detail: str = ""
    ) -> None:
        self.query = query
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        self.what = what
        hint = f" ({detail})" if detail else ""
        if self.suggestions:
            hint += f"; did you mean {', '.join(self.suggestions)}?"
        super().__init__(f"no {what} matches {query!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class ComposeError(AcupressError, ValueError):
    """The request cannot be met: the message says why and what would work."""


class UnknownNotationError(AcupressError, ValueError):
    """The notation named is not one acupress knows."""


class UnknownQuestionError(AcupressError, KeyError):
    """An answer names a question the condition does not have."""

    def __str__(self) -> str:
        return str(self.args[0])
