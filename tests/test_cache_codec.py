"""The cache's encoder and decoder, which work a column at a time, agree with the ones before them.

``tests/_cache_reference.py`` keeps the encoder and decoder as they were when they made a call per
value. On random catalogs, packs and rule sets, and on random forgeries of their stored form, the
two must give the same plain data, the same objects, and refuse the same entries: a payload is
either refused by both or read by both into equal objects of the same types.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from acupress import _cache
from acupress._catalog import Catalog, standard_catalog
from acupress._model.packs import Pack
from acupress._model.points import Location, Point, Region
from acupress._model.references import Reference
from acupress._model.routines import Routine
from acupress._model.safety import Rule, When
from acupress._packs.document import read_pack_document
from acupress._safety.rules import CoreSafety, core_safety
from acupress.testing import minimal_pack, pack_documents, references, routines, to_toml

from . import _cache_reference as reference


def _slow(examples: int) -> settings:
    """Up to ``examples`` examples, without a deadline (a catalog takes milliseconds to read)."""
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


class _Text(str):
    """Text that is not exactly ``str``: no entry holds it, and neither decoder takes it."""


# Values JSON can hold and a few it cannot (a tuple, a str subclass): the decoders take any data.
_ODD: list[Any] = [True, False, 0, 1, -1, 2.5, 1e300, "", "x", "LI4", "hand", "alone", "book"]
_ODD += [None, [], ["x"], [1], [None], [[]], {}, {"a": "b"}, {"a": 1}, ("x",), _Text("x")]
_ODD += [_Text("alone"), _Text("hand")]  # a member's value, but not exactly text


# -- values ---------------------------------------------------------------------------------


def _catalogs() -> st.SearchStrategy[Catalog]:
    catalog = standard_catalog()  # drawn from in the test, once the test's cache folder is set
    return st.builds(
        Catalog,
        st.lists(st.sampled_from(catalog.meridians), max_size=4).map(tuple),
        st.lists(st.sampled_from(catalog.points), max_size=12).map(tuple),
        st.lists(st.sampled_from(catalog.notations), max_size=3).map(tuple),
    )


def _packs() -> st.SearchStrategy[Pack]:
    return pack_documents().map(lambda document: read_pack_document(to_toml(document), "p.toml"))


def _whens() -> st.SearchStrategy[When]:
    """Predicates nested through ``any`` (a class that contains itself)."""
    flags = st.none() | st.booleans()
    ages = st.none() | st.integers(0, 120)
    regions = st.lists(st.sampled_from(Region), max_size=2).map(tuple)
    plain = st.builds(
        When, pregnant=flags, postpartum=flags, age_under=ages, injury_at=regions, has=st.just(())
    )
    return st.recursive(
        plain,
        lambda inner: st.builds(
            When, could_be_pregnant=flags, any=st.lists(inner, max_size=3).map(tuple)
        ),
        max_leaves=8,
    )


def _rules() -> st.SearchStrategy[tuple[Rule, ...]]:
    return st.lists(st.sampled_from(core_safety().rules), max_size=6).map(tuple)


# (type, strategy of values of that type): what the cache stores, and the parts it is made of.
# Deferred: the catalog is read when a test first draws, not when the module is collected.
_VALUES: list[tuple[Any, st.SearchStrategy[Any]]] = [
    (Catalog, st.deferred(_catalogs)),
    (tuple[Point, ...], st.deferred(lambda: st.lists(st.sampled_from(standard_catalog().points)))),
    (Pack, _packs()),
    (tuple[Pack | None, ...], st.lists(st.none() | _packs(), max_size=3)),
    (tuple[Rule, ...], _rules()),
    (tuple[When, ...], st.lists(_whens(), max_size=3)),
    (Reference, references()),
    (Routine, routines()),
    (tuple[str, ...], st.lists(st.text(max_size=3), max_size=3)),
    (dict[str, Any], st.dictionaries(st.text(max_size=2), st.integers() | st.text(max_size=2))),
]


@st.composite
def _typed_values(draw: st.DrawFn) -> tuple[Any, Any]:
    hint, values = draw(st.sampled_from(_VALUES))
    value = draw(values)
    if getattr(hint, "__origin__", None) is tuple:
        value = tuple(value)
    return hint, value


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (a tuple is not a list, 1 is not True)."""
    if type(a) is not type(b):
        return False
    if attrs.has(type(a)):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a)))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, enum.Enum):
        return a is b
    return bool(a == b)


def _outcome(decode: Callable[[Any], Any], data: Any) -> tuple[str, Any]:
    # A fresh copy for each decoder: both use up the lists they are given (the one before
    # rewrote them in place, the one now empties them as it reads them).
    fresh = _copy(data) if _has_odd(data) else json.loads(json.dumps(data))
    try:
        return "ok", decode(fresh)
    except Exception as exc:
        return "refused", type(exc).__name__


def _has_odd(data: Any) -> bool:
    """Whether ``data`` holds a value that a JSON round trip would change (a tuple, a subclass)."""
    if type(data) in (tuple, _Text):
        return True
    if type(data) is list:
        return any(map(_has_odd, data))
    if type(data) is dict:
        return any(map(_has_odd, data.values()))
    return False


def _agree(hint: Any, data: Any) -> tuple[str, Any]:
    new = _outcome(_cache._decoder(hint), data)
    old = _outcome(reference.decoder(hint), data)
    assert new[0] == old[0], (new, old)
    if new[0] == "ok":
        assert _same(new[1], old[1])
    return new


def _copy(data: Any) -> Any:
    """A deep copy of plain data that keeps tuples and subclasses as they are."""
    if type(data) is list:
        return [_copy(v) for v in data]
    if type(data) is dict:
        return {k: _copy(v) for k, v in data.items()}
    return data


# -- the same plain data, the same objects ---------------------------------------------------


@_slow(150)
@given(_typed_values())
def test_both_encoders_give_the_same_plain_data_and_both_decoders_the_same_objects(
    typed: tuple[Any, Any],
) -> None:
    hint, value = typed
    plain = _cache._encoder(hint)(value)
    assert plain == reference.encoder(hint)(value)
    text = json.dumps(plain, allow_nan=False, separators=(",", ":"))
    assert text == json.dumps(
        reference.encoder(hint)(value), allow_nan=False, separators=(",", ":")
    )
    status, back = _agree(hint, json.loads(text))
    assert status == "ok"
    assert back == value  # equal; a constructor may make its tables of other types


@pytest.mark.parametrize("hint", [Catalog, CoreSafety])
def test_the_shipped_catalog_and_rules_agree(hint: Any) -> None:
    value = standard_catalog() if hint is Catalog else core_safety()
    plain = _cache._encoder(hint)(value)
    assert plain == reference.encoder(hint)(value)
    status, back = _agree(hint, plain)
    assert status == "ok"
    assert back == value  # equal; a constructor may make its tables of other types


# -- forgeries: refused by both, or read by both the same ------------------------------------


def _places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if type(data) is list:
        for i, item in enumerate(data):
            yield from _places(item, (*path, i))
    elif type(data) is dict:
        for key, item in data.items():
            yield from _places(item, (*path, key))


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _edit(data: Any, path: tuple[Any, ...], change: Callable[[Any], Any]) -> Any:
    if not path:
        return change(data)
    copy = list(data) if type(data) is list else dict(data)
    copy[path[0]] = _edit(data[path[0]], path[1:], change)
    return copy


@st.composite
def _forgeries(draw: st.DrawFn, plain: Any) -> Any:
    """``plain`` with one to three edits: a value replaced (by an odd one or by another value
    of the payload), an item dropped from a list or added to it, a table's key renamed."""
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(plain))
        path = draw(st.sampled_from(places))
        here = _at(plain, path)
        edits = ["odd", "other"]
        if type(here) is list:
            edits += ["drop", "add"] if here else ["add"]
        if type(here) is dict and here:
            edits.append("rename")
        edit = draw(st.sampled_from(edits))
        if edit == "odd":
            new = draw(st.sampled_from(_ODD))
            plain = _edit(plain, path, lambda _, new=new: new)
        elif edit == "other":
            new = _copy(_at(plain, draw(st.sampled_from(places))))
            plain = _edit(plain, path, lambda _, new=new: new)
        elif edit == "drop":
            i = draw(st.integers(0, len(here) - 1))
            plain = _edit(plain, path, lambda v, i=i: v[:i] + v[i + 1 :])
        elif edit == "add":
            new = draw(st.sampled_from([*_ODD, *map(_copy, here)]))
            plain = _edit(plain, path, lambda v, new=new: [*v, new])
        else:
            key = draw(st.sampled_from(list(here)))
            renamed = {k: f"{k}x" if k == key else k for k in here}
            plain = _edit(plain, path, lambda v, r=renamed: {r[k]: item for k, item in v.items()})
    return plain


@_slow(300)
@given(st.data())
def test_a_forged_payload_is_refused_by_both_or_read_the_same(data: st.DataObject) -> None:
    hint, value = data.draw(_typed_values())
    plain = json.loads(json.dumps(_cache._encoder(hint)(value)))
    _agree(hint, data.draw(_forgeries(plain)))


@pytest.fixture(scope="module")
def stored() -> list[tuple[Any, Any]]:
    """The three big entries a warm command reads, as plain data."""
    packs = tuple(read_pack_document(to_toml(minimal_pack(id=f"p{i}")), "p.toml") for i in range(2))
    cases: list[tuple[Any, Any]] = [
        (Catalog, standard_catalog()),
        (CoreSafety, core_safety()),
        (tuple[Pack | None, ...], (*packs, None)),
    ]
    return [(hint, _cache._encoder(hint)(value)) for hint, value in cases]


@_slow(200)
@given(st.data())
def test_a_forged_catalog_or_rule_set_is_refused_by_both_or_read_the_same(
    stored: list[tuple[Any, Any]], data: st.DataObject
) -> None:
    hint, plain = data.draw(st.sampled_from(stored))
    _agree(hint, data.draw(_forgeries(plain)))


# -- objects that are not what their class says: not storable by either ----------------------


def _objects(value: Any) -> Iterator[Any]:
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from _objects(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _objects(item)


@_slow(200)
@given(st.data())
def test_an_object_with_a_value_of_another_type_is_refused_by_both_encoders(
    data: st.DataObject,
) -> None:
    hint, value = data.draw(_typed_values())
    # Objects of their own, never the shared catalog's: one of them is changed behind its
    # constructor's back, as a caller's bug could.
    value = reference.decoder(hint)(json.loads(json.dumps(reference.encoder(hint)(value))))
    objects = list(_objects(value))
    if objects:
        target = data.draw(st.sampled_from(objects))
        field = data.draw(st.sampled_from([f.name for f in attrs.fields(type(target)) if f.init]))
        odd = data.draw(st.sampled_from([*_ODD, Region.HAND, (Region.HAND,), ("x", 1), object()]))
        object.__setattr__(target, field, odd)

    def encoded(encoder: Callable[[Any], Any]) -> tuple[str, Any]:
        try:
            return "ok", encoder(value)
        except _cache._Unsupported:
            return "refused", None

    new, old = encoded(_cache._encoder(hint)), encoded(reference.encoder(hint))
    assert new == old


# -- what each check refuses, one by one -----------------------------------------------------


def _point() -> list[Any]:
    """LI4's stored form."""
    point = next(p for p in standard_catalog().points if p.code == "LI4")
    return list(json.loads(json.dumps(_cache._encoder(Point)(point))))


def _point_with(i: int, value: Any) -> Callable[[], list[Any]]:
    def made() -> list[Any]:
        data = _point()
        data[i] = value
        return data

    return made


@pytest.mark.parametrize(
    ("hint", "make"),
    [
        (Point, _point_with(2, True)),  # true is not a number
        (Point, _point_with(2, 4.0)),  # nor is 4.0 an integer
        (Point, _point_with(0, _Text("LI4"))),  # text of another type
        (Point, _point_with(5, "ALONE")),  # a member's name is not its value
        (Point, _point_with(5, ["alone"])),  # a list is not a member
        (Point, _point_with(5, _Text("alone"))),  # nor is text of another type
        (Point, _point_with(6, ("x",))),  # a tuple is not a list
        (Point, _point_with(6, ["x", 1])),
        (Point, lambda: _point()[:-1]),  # a field missing
        (Point, lambda: [*_point(), []]),  # one too many
        (Location, lambda: ["on the hand", "hand", "both"]),  # not a laterality
        (tuple[Point, ...], lambda: [_point(), _point_with(3, None)()]),  # the second: no names
        (tuple[str | None, ...], lambda: [None, "x", 1]),
        (dict[str, int], lambda: {"a": 1, "b": True}),
        (dict[str, int], lambda: [["a", 1]]),
        (float, lambda: 1),
    ],
)
def test_each_check_refuses_what_it_refused_before(hint: Any, make: Callable[[], Any]) -> None:
    with pytest.raises((ValueError, TypeError, KeyError)):
        _cache._decoder(hint)(make())
    with pytest.raises((ValueError, TypeError, KeyError)):
        reference.decoder(hint)(make())


def test_the_point_the_checks_start_from_is_read_by_both() -> None:
    assert _same(_cache._decoder(Point)(_point()), reference.decoder(Point)(_point()))


def test_a_validator_still_refuses_a_value_of_the_right_type() -> None:
    # Well typed, but not a point code: only the constructor can tell.
    data = _point_with(0, "not a code")
    with pytest.raises(ValueError, match="not a code"):
        _cache._decoder(Point)(data())
    with pytest.raises(ValueError, match="not a code"):
        reference.decoder(Point)(data())
