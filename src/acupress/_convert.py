"""The one cattrs converter of acupress: strict, and with errors a person can act on.

cattrs coerces by default ("false" becomes True, 5.9 becomes 5, "abc" becomes ('a', 'b', 'c')).
Packs are written by hand, so every such slip must be an error that names the file and the path.
"""

from __future__ import annotations

import enum
import functools
import re
import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

import attrs

from ._i18n import tr
from .errors import DataError

if TYPE_CHECKING:
    import cattrs
else:

    class _Cattrs:
        """The cattrs module, as public annotations name it, imported only when looked into
        (``get_type_hints(get_converter)``): clean data is structured without it."""

        def __getattr__(self, name: str) -> Any:
            import cattrs

            return getattr(cattrs, name)

    cattrs = _Cattrs()

__all__ = ["get_converter", "structure", "unstructure"]

T = TypeVar("T")


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 40 else f'"{value[:37]}..."'
    if isinstance(value, Mapping):
        return tr("a table")
    if isinstance(value, list | tuple):
        return tr("a list")
    return repr(value)


def _strict_str(value: object, _type: type) -> str:
    if not isinstance(value, str):
        raise TypeError(tr("expected text, got {value}", value=_describe(value)))
    return value


def _strict_int(value: object, _type: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(tr("expected an integer, got {value}", value=_describe(value)))
    return value


def _strict_float(value: object, _type: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(tr("expected a number, got {value}", value=_describe(value)))
    return float(value)


def _strict_bool(value: object, _type: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(tr("expected true or false, got {value}", value=_describe(value)))
    return value


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _close(value: object, choices: list[str]) -> str:
    """The choices close to ``value``, as ``"a or b"``; empty when none is."""
    import difflib

    if not isinstance(value, str):
        return ""
    return " or ".join(difflib.get_close_matches(value, choices, n=3, cutoff=0.6))


@functools.cache
def _members(type_: type[enum.Enum]) -> dict[object, enum.Enum]:
    """The members of ``type_`` by value, the first member of a value first (as iterating)."""
    found: dict[object, enum.Enum] = {}
    for member in type_:
        found.setdefault(member.value, member)
    return found


def _structure_enum(value: object, type_: type[enum.Enum]) -> enum.Enum:
    try:
        member = _members(type_).get(value)
    except TypeError:  # unhashable (a list, a table): equal to no member's value
        member = None
    if member is not None:
        return member
    allowed = [str(m.value) for m in type_]
    close = _close(value, allowed)
    hint = tr("; did you mean {names}?", names=close) if close else ""
    raise ValueError(
        tr(
            "expected one of {choices}; got {value}",
            choices=", ".join(allowed),
            value=_describe(value),
        )
        + hint
    )


def _is_sequence(type_: Any) -> bool:
    args = get_args(type_)
    if get_origin(type_) is tuple:
        return len(args) == 2 and args[1] is ...
    return get_origin(type_) is list


def _sequence_factory(type_: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    import cattrs.cols

    if get_origin(type_) is tuple:
        inner = cattrs.cols.homogenous_tuple_structure_factory(type_, converter)
    else:
        inner = cattrs.cols.list_structure_factory(type_, converter)

    def structure_sequence(value: Any, _type: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise TypeError(tr("expected a list, got {value}", value=_describe(value)))
        return inner(value, _type)

    return structure_sequence


def _mapping_factory(type_: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    import cattrs.cols

    inner = cattrs.cols.mapping_structure_factory(type_, converter)

    def structure_mapping(value: Any, _type: Any) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(tr("expected a table, got {value}", value=_describe(value)))
        return inner(value, _type)

    return structure_mapping


def _is_mapping(type_: Any) -> bool:
    return get_origin(type_) in (dict, Mapping) or type_ in (dict,)


def _attrs_factory(type_: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    import cattrs.gen

    inner = cattrs.gen.make_dict_structure_fn(type_, converter)

    def structure_attrs(value: Any, _type: Any) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(tr("expected a table, got {value}", value=_describe(value)))
        return inner(value, _type)

    return structure_attrs


def get_converter(converter: cattrs.Converter | None = None) -> cattrs.Converter:
    """Configure ``converter`` (or a new one) with acupress's strict hooks and return it.

    Pass your own converter to reuse acupress's hooks in an application; the converter must
    have been made with ``forbid_extra_keys=True`` for unknown keys to be rejected.
    """
    import cattrs

    conv = converter if converter is not None else cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook_func(_is_enum, _structure_enum)
    conv.register_unstructure_hook_func(_is_enum, lambda member: member.value)
    conv.register_structure_hook_factory(_is_sequence, _sequence_factory)
    conv.register_structure_hook_factory(_is_mapping, _mapping_factory)
    conv.register_structure_hook_factory(attrs.has, _attrs_factory)
    return conv


@functools.cache
def _default_converter() -> cattrs.Converter:
    return get_converter()


def _format(exc: BaseException, _type: type | None) -> str:
    from cattrs.errors import ForbiddenExtraKeysError

    if isinstance(exc, ForbiddenExtraKeysError):
        fields = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        keys = sorted(exc.extra_fields)
        # A class that refuses other keys for a reason says it (ProfileFacts: only caution).
        hint = getattr(exc.cl, "unknown_key_hint", None)
        why = f" ({tr(hint)})" if isinstance(hint, str) else ""
        if len(keys) == 1:
            close = _close(keys[0], fields)
            return (
                tr("unknown key {key}", key=keys[0])
                + (tr("; did you mean {names}?", names=close) if close else "")
                + why
            )
        named = [(k, _close(k, fields)) for k in keys]
        listed = ", ".join(
            tr("{key} (did you mean {name}?)", key=k, name=c) if c else k for k, c in named
        )
        return tr("unknown keys {keys}", keys=listed) + why
    if isinstance(exc, KeyError):
        return tr("required key is missing")
    return str(exc) or type(exc).__name__


# A model validator's message that starts with the field it is about: "seconds: 10 s is ...".
_FIELD_FIRST = re.compile(r"([a-z_][a-z0-9_]*(?:\[[0-9]+\])*): (.*)", re.DOTALL)


def error_lines(exc: BaseException, source: str, path: str = "$") -> list[str]:
    """One line per problem in a cattrs error: ``source: $.path: problem``.

    A class's own validator reports at the class's path; when its message starts with the field
    (``seconds: ...``), the field joins the path (``$.steps[0].seconds: ...``).
    """
    import cattrs

    lines = []
    for line in cattrs.transform_error(exc, path, _format):
        message, _, where = line.rpartition(" @ ")
        field = _FIELD_FIRST.fullmatch(message)
        if field is not None:
            where, message = f"{where}.{field[1]}", field[2]
        lines.append(f"{source}: {where}: {message}" if source else f"{where}: {message}")
    return lines


# -- the direct path -------------------------------------------------------------------------
#
# Importing cattrs and generating its hooks for the ~20 classes of a pack costs more than reading
# the pack. Data that structures cleanly needs neither: ``_direct(type_)`` is a plain function
# that does what the converter above does for the types the model uses (the same strict leaf
# hooks, the same containers, every key checked, each object built by its constructor), and is
# None for any other type. It never reports a problem itself: at the first thing it does not
# like (any exception) ``structure`` hands the same data to the converter, so that every error
# is the converter's, word for word. tests/test_cold_load.py compares the two on good and on
# broken data.

_Hook = Callable[[Any], Any]
_LEAVES: dict[Any, Callable[[Any, Any], Any]] = {
    str: _strict_str,
    int: _strict_int,
    float: _strict_float,
    bool: _strict_bool,
}
_direct_hooks: dict[Any, _Hook | None] = {}


def _identity(value: Any) -> Any:
    return value


def _direct(type_: Any) -> _Hook | None:
    """A function structuring data into ``type_`` as the converter would, or None (not known)."""
    try:
        return _direct_hooks[type_]
    except KeyError:
        pass
    except TypeError:  # an unhashable annotation: leave it to cattrs
        return None
    # A class may contain itself (a When of Whens): while its hook is made, the class stands for
    # the hook to come, which refuses (so the converter is asked) if none could be made.
    made: list[_Hook | None] = [None]

    def later(value: Any) -> Any:
        hook = made[0]
        if hook is None:
            raise TypeError
        return hook(value)

    _direct_hooks[type_] = later
    made[0] = hook = _make_direct(type_)
    _direct_hooks[type_] = hook
    return hook


def _make_direct(type_: Any) -> _Hook | None:
    leaf = _LEAVES.get(type_)
    if leaf is not None:
        return lambda value: leaf(value, type_)
    if type_ is Any:
        return _identity
    if isinstance(type_, type) and issubclass(type_, (str, bytes, int, float)):
        return None  # a subclass of a leaf: cattrs dispatches it by class first (a str enum)
    if _is_enum(type_):
        return lambda value: _structure_enum(value, type_)
    origin, args = get_origin(type_), get_args(type_)
    if origin in (Union, types.UnionType):
        others = [a for a in args if a is not type(None)]
        if len(args) != 2 or len(others) != 1:
            return None
        return _optional(_direct(others[0]))
    if _is_sequence(type_) and len(args) >= 1:
        return _sequence(_direct(args[0]), tuple if origin is tuple else list)
    if _is_mapping(type_) and len(args) == 2:
        return _mapping(_direct(args[0]), _direct(args[1]))
    if isinstance(type_, type) and attrs.has(type_):
        return _attrs_class(type_)
    return None


def _optional(inner: _Hook | None) -> _Hook | None:
    if inner is None:
        return None

    def optional(value: Any) -> Any:
        return None if value is None else inner(value)

    return optional


def _sequence(inner: _Hook | None, kind: type) -> _Hook | None:
    if inner is None:
        return None

    def sequence(value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise TypeError
        return kind([inner(item) for item in value])

    return sequence


def _mapping(keys: _Hook | None, values: _Hook | None) -> _Hook | None:
    if keys is None or values is None:
        return None

    def mapping(value: Any) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError
        return {keys(k): values(v) for k, v in value.items()}

    return mapping


def _attrs_class(cls: type) -> _Hook | None:
    try:
        attrs.resolve_types(cls)
    except Exception:  # an annotation that cannot be resolved: cattrs says what is wrong
        return None
    plan: list[tuple[str, _Hook, bool]] = []
    for field in attrs.fields(cls):
        if not field.init or field.alias != field.name or field.type is None:
            return None
        hook = _direct(field.type)
        if hook is None:
            return None
        plan.append((field.name, hook, field.default is attrs.NOTHING))
    allowed = frozenset(name for name, _, _ in plan)

    def structure_class(value: Any) -> Any:
        if not isinstance(value, Mapping) or not allowed.issuperset(value):
            raise TypeError
        arguments = {}
        for name, hook, required in plan:
            if name in value:
                arguments[name] = hook(value[name])
            elif required:
                raise KeyError(name)
        return cls(**arguments)

    return structure_class


def structure(data: Any, type_: type[T], *, source: str = "", path: str = "$") -> T:
    """Structure ``data`` into ``type_`` strictly; DataError names ``source`` and the paths."""
    direct = _direct(type_)
    if direct is not None:
        try:
            return direct(data)  # type: ignore[no-any-return]
        except Exception:  # the converter below says what is wrong, in its words
            pass
    import cattrs

    try:
        return _default_converter().structure(data, type_)
    except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
        raise DataError(error_lines(exc, source, path)) from None


def unstructure(obj: Any) -> Any:
    """Turn a model object into plain data (dicts, lists, strings, numbers)."""
    return _default_converter().unstructure(obj)
