"""The cache's encoder and decoder as they were before they worked a column at a time (at 530c914).

Kept verbatim (only the helpers they share with the cache are imported), so that
tests/test_cache_codec.py can check that the faster ones give the same plain data, the same
objects, and refuse the same entries.
"""

from __future__ import annotations

import enum
import functools
import operator
import typing
from collections.abc import Callable, Mapping
from typing import Any

from acupress._cache import _SCALARS, _bad, _init_fields, _parts, _plain, _Unsupported

__all__ = ["decoder", "encoder"]


@functools.cache
def _encoder(hint: Any) -> Callable[[Any], Any]:
    """A function from a value of type ``hint`` to plain data; _Unsupported if it does not fit."""
    kind, inner = _parts(hint)
    if kind == "any":
        return _plain
    if kind == "scalar":

        def scalar(value: Any) -> Any:
            if type(value) is not inner:
                raise _Unsupported(f"expected {inner.__name__}, got {type(value).__name__}")
            return value

        return scalar
    if kind == "enum":

        def member(value: Any) -> Any:
            if type(value) is not inner:
                raise _Unsupported(f"expected {inner.__name__}")
            return value.value

        return member
    if kind == "optional":
        enc = _encoder(inner)
        return lambda value: None if value is None else enc(value)
    if kind in ("tuple", "list"):
        enc = _encoder(inner)
        container = tuple if kind == "tuple" else list

        def sequence(value: Any) -> Any:
            if type(value) is not container:
                raise _Unsupported(f"expected a {container.__name__}")
            return [enc(v) for v in value]

        return sequence
    if kind == "mapping":
        enc = _encoder(inner)

        def mapping(value: Any) -> Any:
            if not isinstance(value, Mapping) or not all(type(k) is str for k in value):
                raise _Unsupported("expected a table with text keys")
            return {k: enc(v) for k, v in value.items()}

        return mapping

    def instance(value: Any) -> Any:
        if type(value) is not hint:
            raise _Unsupported(f"expected {hint.__name__}, got {type(value).__name__}")
        return [_encoder(h)(getattr(value, name)) for name, h in _init_fields(inner)]

    return instance


@functools.cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function from plain data back to a value of type ``hint``; raises if it does not fit.

    Every value is checked to be exactly of its type (``true`` is not an integer, a list is not
    text), and an attrs instance, stored as the list of its constructor's arguments, is built by
    calling the constructor, so its validators run.
    """
    kind, inner = _parts(hint)
    if kind == "any":
        return lambda value: value
    if kind == "scalar":

        def scalar(value: Any) -> Any:
            if type(value) is not inner:
                _bad()
            return value

        return scalar
    if kind == "enum":
        members = _members(inner)
        return lambda value: members[(type(value), value)]
    if kind == "optional":
        dec = _decoder(inner)
        return lambda value: None if value is None else dec(value)
    if kind == "tuple" and inner in _SCALARS:

        def scalars(value: Any) -> Any:
            if type(value) is not list:
                _bad()
            for item in value:
                if type(item) is not inner:
                    _bad()
            return tuple(value)

        return scalars
    if kind in ("tuple", "list"):
        dec = _decoder(inner)
        container = tuple if kind == "tuple" else list

        def sequence(value: Any) -> Any:
            if type(value) is not list:
                _bad()
            return container([dec(v) for v in value])

        return sequence
    if kind == "mapping":
        dec = _decoder(inner)

        def mapping(value: Any) -> Any:
            if type(value) is not dict:
                _bad()
            return {k: dec(v) for k, v in value.items()}

        return mapping
    plan: list[_Plan] = []  # made on first use: a class may contain itself

    def instance(value: Any) -> Any:
        if not plan:
            plan.append(_plan(inner))
        size, exact, pick, optional, members, texts, converted = plan[0]
        if type(value) is not list or len(value) != size:
            _bad()
        # The same checks as each field's own decoder, without a call per field: the plain
        # fields (text, numbers, flags) are checked at once by their exact types (true is not an
        # integer), the optional ones, the enums and the tuples of text one by one here, and the
        # rest by their own decoders. The list is rewritten in place: it is the entry's, just
        # parsed, and nobody else's.
        if exact and tuple(map(type, pick(value))) != exact:
            _bad()
        for i, type_ in optional:
            item = value[i]
            if item is not None and type(item) is not type_:
                _bad()
        for i, table in members:
            item = value[i]
            value[i] = table[(type(item), item)]
        for i, only in texts:
            item = value[i]
            if type(item) is not list or (item and set(map(type, item)) != only):
                _bad()
            value[i] = tuple(item)
        for i, dec in converted:
            value[i] = dec(value[i])
        return inner(*value)

    return instance


class _Plan(typing.NamedTuple):
    """How to decode one attrs class: its constructor's arguments, by kind."""

    size: int
    exact: tuple[type, ...]  # the types of the plain fields, in order ...
    pick: Callable[[list[Any]], tuple[Any, ...]]  # ... and those fields, picked off a list
    optional: tuple[tuple[int, type], ...]  # plain fields that may be None
    members: tuple[tuple[int, Mapping[tuple[type, Any], Any]], ...]  # enums: value to member
    texts: tuple[tuple[int, frozenset[type]], ...]  # tuples of plain values: {their type}
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # every other field, its decoder


def _members(cls: type[enum.Enum]) -> dict[tuple[type, Any], Any]:
    """An enum's members by their value, and its type (``1`` is not ``True``)."""
    return {(type(m.value), m.value): m for m in cls}


def _plan(cls: type) -> _Plan:
    fields = _init_fields(cls)
    exact: list[tuple[int, type]] = []
    optional: list[tuple[int, type]] = []
    members: list[tuple[int, Mapping[tuple[type, Any], Any]]] = []
    texts: list[tuple[int, frozenset[type]]] = []
    converted: list[tuple[int, Callable[[Any], Any]]] = []
    for i, (_, hint) in enumerate(fields):
        kind, inner = _parts(hint)
        if kind == "scalar" and inner is not type(None):
            exact.append((i, inner))
        elif kind == "optional" and inner in _SCALARS:
            optional.append((i, inner))
        elif kind == "enum":
            members.append((i, _members(inner)))
        elif kind == "tuple" and inner in _SCALARS:
            texts.append((i, frozenset([inner])))
        elif kind != "any":
            converted.append((i, _decoder(hint)))
    if len(exact) == 1:  # itemgetter of one place gives the item, of two a tuple
        exact.append(exact[0])
    return _Plan(
        len(fields),
        tuple(t for _, t in exact),
        operator.itemgetter(*[i for i, _ in exact]) if exact else tuple,
        tuple(optional),
        tuple(members),
        tuple(texts),
        tuple(converted),
    )


encoder = _encoder
decoder = _decoder
