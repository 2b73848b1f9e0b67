"""The exceptions acupress raises: one base class, and one subclass per kind of problem.

Every message is written for a person: what went wrong and where, one problem a line. Every
error keeps its fields and its message through pickling (for process pools and task queues).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from ._i18n import mark, tr

__all__ = [
    "AcupressError",
    "ComposeError",
    "DataError",
    "InvalidVersionRange",
    "NotCheckedError",
    "NotFoundError",
    "PackError",
    "UnknownConditionError",
    "UnknownMeridianError",
    "UnknownNotationError",
    "UnknownPackError",
    "UnknownPointError",
    "UnknownQuestionError",
    "UnknownSchemaError",
]


def _rebuild(cls: type[Exception], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Exception:
    """Unpickle an error from its constructor's arguments."""
    return cls(*args, **kwargs)


class AcupressError(Exception):
    """The base of every error acupress raises on purpose."""


class DataError(AcupressError, ValueError):
    """A document (catalog, pack, routine, profile or answers) does not fit its schema.

    ``problems`` holds one line per problem, each ``file: $.path: what is wrong``.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("\n".join(self.problems) or tr("invalid data"))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), (self.problems,), {}))


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

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {"pack": self.pack, "distribution": self.distribution, "version": self.version}
        return (_rebuild, (type(self), (self.problems,), fields))


class NotFoundError(AcupressError, LookupError):
    """Nothing of this kind matches the text; ``suggestions`` lists the closest names.

    Subclasses name the kind: a point, condition, meridian, pack or screening question.
    """

    kind: ClassVar[str] = "item"
    # The sentence, per kind: each language words "no point" and "no condition" its own way.
    template: ClassVar[str] = mark("no item matches {query}")

    def __init__(self, query: str, suggestions: Sequence[str] = (), *, detail: str = "") -> None:
        self.query = query
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        self.detail = detail
        hint = f" ({detail})" if detail else ""
        if self.suggestions:
            hint += tr("; did you mean {names}?", names=", ".join(self.suggestions))
        # A subclass names its kind; one without a sentence of its own is worded from the kind.
        own = "template" in type(self).__dict__
        text = (
            tr(self.template, query=repr(query))
            if own
            else tr("no {kind} matches {query}", kind=self.kind, query=repr(query))
        )
        super().__init__(text + hint)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        args = (self.query, self.suggestions)
        return (_rebuild, (type(self), args, {"detail": self.detail}))


class UnknownPointError(NotFoundError):
    """No point matches the text."""

    kind = "point"
    template = mark("no point matches {query}")


class UnknownConditionError(NotFoundError):
    """No condition of the installed packs matches the text."""

    kind = "condition"
    template = mark("no condition matches {query}")


class UnknownMeridianError(NotFoundError):
    """No meridian matches the text."""

    kind = "meridian"
    template = mark("no meridian matches {query}")


class UnknownPackError(NotFoundError):
    """No loaded pack has this id."""

    kind = "pack"
    template = mark("no pack matches {query}")


class UnknownQuestionError(NotFoundError, KeyError):
    """An answer names a question the condition does not have."""

    kind = "question"
    template = mark("no question matches {query}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownSchemaError(NotFoundError):
    """``acupress.schema(name)`` has no schema of this name (``SCHEMAS`` lists them)."""

    kind = "schema"
    template = mark("no schema matches {query}")


class ComposeError(AcupressError, ValueError):
    """The request cannot be met: the message says why and what would work."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, {}))


class UnknownNotationError(AcupressError, ValueError):
    """The notation named is not one acupress knows."""


class InvalidVersionRange(AcupressError, ValueError):
    """A version or version range that cannot be read."""


class NotCheckedError(AcupressError, ValueError):
    """A routine was to be shown or played that is not the safe routine for its person.

    Renderers and the guide take only the results of ``check()`` or ``compose()`` and check the
    routine again for the profile it was checked for; a result edited or built by hand so that
    its routine holds a step the check would remove or press harder raises this.
    """
