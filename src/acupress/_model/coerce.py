"""What the classes people build by hand accept: enum values as text, lists as tuples, nothing else.

``Profile`` and ``Constraints`` are made in code (and from command-line options and files) more
than from packs, so their converters take an enum's value (``"hand"``) as well as the member
(``Region.HAND``) and a list as well as a tuple, and refuse everything else with a message that
names the field and says what is allowed. Booleans must be booleans and whole numbers must be
ints: ``"false"`` is not false, ``True`` is not 1 and ``5.9`` is not 5.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from .._i18n import tr
from .base import ID

__all__ = [
    "boolean",
    "enum_member",
    "enum_tuple",
    "id_tuple",
    "items",
    "suggest",
    "text_tuple",
    "whole_number",
]

E = TypeVar("E", bound=enum.Enum)


def suggest(value: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'hand'?"`` for the choices close to ``value``, or ``""`` when none is."""
    import difflib

    close = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return tr("; did you mean {names}?", names=tr(" or ").join(repr(c) for c in close))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def items(value: object, field: str, what: str) -> tuple[object, ...]:
    """``value`` as a tuple when it is a list or a tuple; TypeError naming ``field`` otherwise.

    Text is refused too, though it is a sequence: ``"hand"`` would become ``('h', 'a', ...)``.
    """
    if isinstance(value, tuple):
        return value
    if isinstance(value, list):
        return tuple(value)
    hint = tr(" (write [{value}] for one)", value=repr(value)) if isinstance(value, str) else ""
    raise TypeError(
        f"{field}: "
        + tr("expected a list or tuple of {what}, got {value}", what=what, value=_shown(value))
        + hint
    )


def enum_member(value: object, kind: type[E], field: str, what: str) -> E:
    """The member of ``kind`` that ``value`` is, or whose value it is; else an error naming
    ``field`` that lists the allowed values and suggests the closest."""
    if isinstance(value, kind):
        return value
    allowed = [str(m.value) for m in kind]
    if not isinstance(value, str):
        raise TypeError(
            f"{field}: "
            + tr(
                "expected a {what} ({choices}), got {value}",
                what=what,
                choices=", ".join(allowed),
                value=_shown(value),
            )
        )
    try:
        return kind(value)
    except ValueError:
        pass
    hint = suggest(value, allowed) or ";"
    raise ValueError(
        f"{field}: "
        + tr("unknown {what} {value}", what=what, value=repr(value))
        + hint
        + tr(" choose from {choices}", choices=", ".join(allowed))
    )


def enum_tuple(value: object, kind: type[E], field: str, what: str) -> tuple[E, ...]:
    """A tuple of members of ``kind`` from a list or tuple of members or their values."""
    return tuple(enum_member(v, kind, field, what) for v in items(value, field, f"{what}s"))


def text_tuple(value: object, field: str, what: str) -> tuple[str, ...]:
    """A tuple of texts from a list or tuple of texts."""
    found: list[str] = []
    for item in items(value, field, f"{what}s"):
        if not isinstance(item, str):
            raise TypeError(
                f"{field}: "
                + tr("expected a {what} (text), got {value}", what=what, value=_shown(item))
            )
        found.append(item)
    return tuple(found)


def id_tuple(value: object, field: str, what: str) -> tuple[str, ...]:
    """A tuple of ids (lower-case letters, digits and hyphens) from a list or tuple of texts."""
    found = text_tuple(value, field, what)
    for item in found:
        if not ID.fullmatch(item):
            fixed = "-".join(item.strip().lower().replace("_", " ").split())
            hint = tr("; did you mean {names}?", names=repr(fixed)) if ID.fullmatch(fixed) else ""
            raise ValueError(
                f"{field}: "
                + tr(
                    "{what} {value} must be lower-case letters, digits and hyphens",
                    what=what,
                    value=repr(item),
                )
                + hint
            )
    return found


def boolean(_inst: Any, attribute: attrs.Attribute[bool], value: object) -> None:
    """Validator: True or False, nothing that merely looks like one (``"false"``, ``0``)."""
    if not isinstance(value, bool):
        raise TypeError(
            f"{attribute.name}: " + tr("expected True or False, got {value}", value=_shown(value))
        )


def whole_number(_inst: Any, attribute: attrs.Attribute[int | None], value: object) -> None:
    """Validator: an int (or None); not a bool, not a float, not text."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(
            f"{attribute.name}: " + tr("expected a whole number, got {value}", value=_shown(value))
        )
