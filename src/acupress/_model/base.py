"""What every model class shares: ordered enums, code patterns and field validators.

Imports nothing of acupress: the model is the bottom layer above the errors.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import Any

import attrs

from .. import _precompiled
from .._i18n import tr

# Before any class of acupress is made: attrs finds their methods compiled (_precompiled.py).
_precompiled.install()

__all__ = [
    "EXTRA_GROUPS",
    "MERIDIAN_CODES",
    "OrderedEnum",
    "check_code",
    "check_id",
    "check_ids",
    "is_point_code",
    "non_empty",
    "positive",
    "texts",
]


class OrderedEnum(enum.Enum):
    """An enum whose members are ordered as written: ``rank`` is 0 for the first.

    Members of one enum compare with ``<``, ``<=``, ``>`` and ``>=`` by rank; comparing members of
    different enums raises TypeError, as comparing unrelated types does.
    """

    @property
    def rank(self) -> int:
        """The member's position in its enum, from 0."""
        return _ranks(type(self))[self.name]

    def _other_rank(self, other: object) -> int | None:
        return other.rank if isinstance(other, OrderedEnum) and type(other) is type(self) else None

    def __lt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        if rank is None:
            return NotImplemented
        return self.rank < rank

    def __le__(self, other: object) -> bool:
        rank = self._other_rank(other)
        if rank is None:
            return NotImplemented
        return self.rank <= rank

    def __gt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        if rank is None:
            return NotImplemented
        return self.rank > rank

    def __ge__(self, other: object) -> bool:
        rank = self._other_rank(other)
        if rank is None:
            return NotImplemented
        return self.rank >= rank


# Keyed by the enum class alone, whose members never change: no process state to reset.
@functools.cache
def _ranks(cls: type[enum.Enum]) -> dict[str, int]:
    return {member.name: i for i, member in enumerate(cls)}


MERIDIAN_CODES = (
    "LU",
    "LI",
    "ST",
    "SP",
    "HT",
    "SI",
    "BL",
    "KI",
    "PC",
    "TE",
    "GB",
    "LR",
    "GV",
    "CV",
)
EXTRA_GROUPS = ("HN", "CA", "B", "UE", "LE")

_STANDARD_CODE = re.compile("(?:" + "|".join(MERIDIAN_CODES) + ")[1-9][0-9]?")
_EXTRA_CODE = re.compile("EX-(?:" + "|".join(EXTRA_GROUPS) + ")[1-9][0-9]?")
_PACK_CODE = re.compile(r"[a-z][a-z0-9-]*:[a-z][a-z0-9-]*")
ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_point_code(code: str) -> bool:
    """True for a WHO code (``BL23``), extra code (``EX-HN3``) or pack code (``sleep:anmian``)."""
    return bool(
        _STANDARD_CODE.fullmatch(code) or _EXTRA_CODE.fullmatch(code) or _PACK_CODE.fullmatch(code)
    )


def check_code(_inst: Any, attribute: attrs.Attribute[str], value: str) -> None:
    """Validator: a point code of any kind."""
    if not is_point_code(value):
        raise ValueError(
            tr(
                "{field} {value} is not a point code (WHO like 'BL23', extra like 'EX-HN3', or "
                "a pack's own like 'sleep:anmian')",
                field=attribute.name,
                value=repr(value),
            )
        )


def check_id(_inst: Any, attribute: attrs.Attribute[str], value: str) -> None:
    """Validator: an id of lower-case letters, digits and hyphens."""
    if not ID.fullmatch(value):
        raise ValueError(
            tr(
                "{field} {value} must be lower-case letters, digits and hyphens",
                field=attribute.name,
                value=repr(value),
            )
        )


def check_ids(
    _inst: Any, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    """Validator: every item an id of lower-case letters, digits and hyphens."""
    for item in value:
        if not ID.fullmatch(item):
            raise ValueError(
                f"{attribute.name}: "
                + tr("{value} must be lower-case letters, digits and hyphens", value=repr(item))
            )


def non_empty(_inst: Any, attribute: attrs.Attribute[str], value: str) -> None:
    """Validator: text that is not blank."""
    if not value.strip():
        raise ValueError(tr("{field} must not be empty", field=attribute.name))


def positive(_inst: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """Validator: a positive whole number (or None)."""
    if value is not None and value <= 0:
        raise ValueError(
            tr(
                "{field} must be a positive whole number, got {value}",
                field=attribute.name,
                value=value,
            )
        )


def texts(_inst: Any, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    """Validator: no blank text among the items."""
    for item in value:
        if not item.strip():
            raise ValueError(tr("{field} must not contain empty text", field=attribute.name))
