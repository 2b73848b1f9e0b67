"""The objects shipped in the package in the cache's stored form (data/catalog-objects.json,
data/rules-objects.json) are current, and trusted only when they are exactly this installation's.

Every run reads the standard catalog's 1,227 objects and the core safety rules from these files
(each object through its constructor) instead of building them from the data and storing them
in the per-user cache; these tests show each file is what building gives, that it is used, and
that a stale, foreign or broken file is never used: the objects are built from the data then,
and are the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import acupress
from acupress import _catalog, _data
from acupress._cache import from_plain, to_plain
from acupress._catalog import SHIPPED_CATALOG, Catalog, shipped_catalog_document, standard_catalog
from acupress._safety import rules as rules_module
from acupress._safety.rules import SHIPPED_RULES, CoreSafety, core_safety, shipped_rules_document

from .conftest import count_calls, ship_as


class Shipped(NamedTuple):
    """One shipped file: what reads it, what builds its objects without it, and its cache kind."""

    name: str
    type_: type
    module: Any  # where the builder and the code stamp's module list live
    builder: str
    code: str
    get: Callable[[], Any]
    document: Callable[[], dict[str, Any]]
    kind: str

    def build(self) -> Any:
        return getattr(self.module, self.builder)()

    def read(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(_data.read_bytes(self.name))
        return document


CATALOG = Shipped(
    SHIPPED_CATALOG,
    Catalog,
    _catalog,
    "load_catalog",
    "_CATALOG_CODE",
    standard_catalog,
    shipped_catalog_document,
    "catalog",
)
RULES = Shipped(
    SHIPPED_RULES,
    CoreSafety,
    rules_module,
    "_read_core_safety",
    "_RULES_CODE",
    core_safety,
    shipped_rules_document,
    "rules",
)
BOTH = pytest.mark.parametrize("shipped", [CATALOG, RULES], ids=["catalog", "rules"])


@BOTH
def test_the_file_is_what_building_gives(cache: Path, shipped: Shipped) -> None:
    document = shipped.read()
    assert document == shipped.document()
    assert from_plain(document["value"], shipped.type_) == shipped.build()


@BOTH
def test_every_run_reads_the_file_builds_nothing_and_stores_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch, shipped: Shipped
) -> None:
    calls = count_calls(monkeypatch, shipped.module, shipped.builder)
    first = shipped.get()
    acupress.refresh()
    assert shipped.get() == first
    assert calls == []
    assert not list(cache.glob(f"{shipped.kind}-*"))


def test_what_is_read_is_the_whole_catalog_and_every_rule(cache: Path) -> None:
    catalog = standard_catalog()
    assert len(catalog.points) == 409
    assert {p.code: p for p in catalog.points}["LI4"].names.pinyin == "Hegu"
    assert len(core_safety().rules) > 20


@BOTH
@pytest.mark.parametrize("part", ["data", "code"])
def test_a_stale_stamp_is_never_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch, shipped: Shipped, part: str
) -> None:
    built = shipped.build()
    document = shipped.read()
    # The very same objects under a stamp that is not this installation's: still not trusted.
    document["stamp"] = {**document["stamp"], part: 12345}
    ship_as(monkeypatch, shipped.name, document)
    calls = count_calls(monkeypatch, shipped.module, shipped.builder)
    assert shipped.get() == built
    assert calls == [1]
    # Built once, then kept in the per-user cache: the next process reads it from there.
    assert list(cache.glob(f"{shipped.kind}-*"))
    acupress.refresh()
    assert shipped.get() == built
    assert calls == [1]


@BOTH
def test_code_that_cannot_be_read_trusts_no_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch, shipped: Shipped
) -> None:
    monkeypatch.setattr(shipped.module, shipped.code, ("no-such-module.py",))
    calls = count_calls(monkeypatch, shipped.module, shipped.builder)
    shipped.get()
    assert calls == [1]


def _fields(cls: type) -> list[str]:
    return [a.name for a in cls.__attrs_attrs__]  # type: ignore[attr-defined]


def _li4(document: dict[str, Any]) -> Any:
    """The stored form of LI4 in a catalog document (a list of its fields' values)."""
    points = document["value"][_fields(Catalog).index("points")]
    (found,) = [p for p in points if p[0] == "LI4"]
    return found


def _first_rule(document: dict[str, Any]) -> Any:
    return document["value"][_fields(CoreSafety).index("rules")][0]


def _set(place: Callable[[dict[str, Any]], Any], index: int, value: object) -> Any:
    def edit(document: dict[str, Any]) -> None:
        place(document)[index] = value

    return edit


_RULE = _fields(acupress.Rule)
# Documents no file may be read as: each edit of a real document, or bytes as they are.
BROKEN: list[tuple[Shipped, str, Any]] = [
    *[(s, "empty", b"") for s in (CATALOG, RULES)],
    *[(s, "not JSON", b"\xff\xfe not json") for s in (CATALOG, RULES)],
    *[(s, "a list", b"[]") for s in (CATALOG, RULES)],
    *[(s, "stamp only", lambda d: d.pop("value")) for s in (CATALOG, RULES)],
    *[(s, "no value", lambda d: d.update(value=None)) for s in (CATALOG, RULES)],
    (CATALOG, "catalog is a list of nothing", lambda d: d.update(value=[])),
    (CATALOG, "a code the point model refuses", _set(_li4, 0, "LI 4")),
    (CATALOG, "a number that is a boolean", _set(_li4, 2, True)),
    (CATALOG, "a field too many", lambda d: _li4(d).append("extra")),
    (CATALOG, "a field missing", lambda d: _li4(d).pop()),
    (CATALOG, "a region that does not exist", lambda d: _li4(d)[4].__setitem__(1, "the moon")),
    (RULES, "a severity that does not exist", _set(_first_rule, _RULE.index("severity"), "x")),
    (RULES, "a rule without its message", _set(_first_rule, _RULE.index("message"), "")),
]


@pytest.mark.parametrize(
    ("shipped", "broken"),
    [(s, edit) for s, _why, edit in BROKEN],
    ids=[f"{s.kind}: {why}" for s, why, _edit in BROKEN],
)
def test_a_broken_file_is_never_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch, shipped: Shipped, broken: Any
) -> None:
    built = shipped.build()
    if isinstance(broken, bytes):
        document: object = broken
    else:
        document = shipped.read()
        broken(document)
    ship_as(monkeypatch, shipped.name, document)
    calls = count_calls(monkeypatch, shipped.module, shipped.builder)
    assert shipped.get() == built
    assert calls == [1]
    # Built, then kept in the per-user cache for the next process.
    assert list(cache.glob(f"{shipped.kind}-*"))


@BOTH
def test_the_stored_form_goes_round(shipped: Shipped) -> None:
    built = shipped.build()
    plain = json.loads(json.dumps(to_plain(built, shipped.type_)))
    assert from_plain(plain, shipped.type_) == built
