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
from pathlib import Path
from typing import Any

import pytest

import acupress
from acupress import _catalog, _data
from acupress._cache import from_plain, to_plain
from acupress._catalog import (
    SHIPPED_CATALOG,
    Catalog,
    load_catalog,
    shipped_catalog_document,
    standard_catalog,
)
from acupress._safety import rules as rules_module
from acupress._safety.rules import SHIPPED_RULES, CoreSafety, core_safety, shipped_rules_document


def _li4(catalog: Catalog) -> Any:
    return {p.code: p for p in catalog.points}["LI4"]


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    build = _catalog.load_catalog

    def counted() -> Catalog:
        calls.append(1)
        return build()

    monkeypatch.setattr(_catalog, "load_catalog", counted)
    return calls


def _shipped_as(monkeypatch: pytest.MonkeyPatch, document: object) -> None:
    """Make the shipped file read as ``document`` (bytes as they are, anything else as JSON)."""
    read = _data.read_bytes

    def fake(name: str) -> bytes:
        if name != SHIPPED_CATALOG:
            return read(name)
        if isinstance(document, bytes):
            return document
        return json.dumps(document).encode()

    monkeypatch.setattr(_data, "read_bytes", fake)


def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_data.read_bytes(SHIPPED_CATALOG))
    return document


def test_the_file_is_the_built_catalog(cache: Path) -> None:
    document = _document()
    assert document == shipped_catalog_document()
    assert from_plain(document["value"], Catalog) == load_catalog()


def test_every_run_reads_the_file_builds_nothing_and_stores_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_builds(monkeypatch)
    catalog = standard_catalog()
    assert _li4(catalog).names.pinyin == "Hegu"
    assert len(catalog.points) == 409
    acupress.refresh()
    assert standard_catalog() == catalog
    assert calls == []
    assert not list(cache.glob("catalog-*"))


@pytest.mark.parametrize("part", ["data", "code"])
def test_a_stale_stamp_is_never_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    document = _document()
    # The very same objects under a stamp that is not this installation's: still not trusted.
    document["stamp"] = {**document["stamp"], part: 12345}
    _shipped_as(monkeypatch, document)
    calls = _count_builds(monkeypatch)
    assert standard_catalog() == load_catalog()
    assert calls == [1]
    # Built once, then kept in the per-user cache: the next process reads it from there.
    assert list(cache.glob("catalog-*"))
    acupress.refresh()
    standard_catalog()
    assert calls == [1]


def test_code_that_cannot_be_read_trusts_no_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_catalog, "_CATALOG_CODE", ("no-such-module.py",))
    calls = _count_builds(monkeypatch)
    standard_catalog()
    assert calls == [1]


def _point(document: dict[str, Any], code: str) -> Any:
    """The stored form of the point ``code`` in a document (a list of its fields' values)."""
    fields = [a.name for a in Catalog.__attrs_attrs__]
    points = document["value"][fields.index("points")]
    (found,) = [p for p in points if p[0] == code]
    return found


def _broken(kind: str) -> object:
    document = _document()
    if kind == "stamp only":
        return {"stamp": document["stamp"]}
    if kind == "catalog is a list of nothing":
        return {**document, "value": []}
    li4 = _point(document, "LI4")
    if kind == "a code the point model refuses":
        li4[0] = "LI 4"
    elif kind == "a number that is a boolean":
        li4[2] = True
    elif kind == "a field too many":
        li4.append("extra")
    elif kind == "a field missing":
        li4.pop()
    elif kind == "a region that does not exist":
        location = li4[4]
        location[1] = "the moon"
    return document


@pytest.mark.parametrize(
    "broken",
    [
        b"",
        b"\xff\xfe not json",
        b"[]",
        "stamp only",
        "catalog is a list of nothing",
        "a code the point model refuses",
        "a number that is a boolean",
        "a field too many",
        "a field missing",
        "a region that does not exist",
    ],
)
def test_a_broken_file_is_never_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch, broken: bytes | str
) -> None:
    _shipped_as(monkeypatch, broken if isinstance(broken, bytes) else _broken(broken))
    calls = _count_builds(monkeypatch)
    catalog = standard_catalog()
    assert calls == [1]
    assert catalog == load_catalog()
    assert _li4(catalog).number == 4


def test_the_stored_form_goes_round() -> None:
    catalog = load_catalog()
    assert from_plain(json.loads(json.dumps(to_plain(catalog, Catalog))), Catalog) == catalog


# -- the core safety rules (data/rules-objects.json) ------------------------------------------


def _count_rule_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    build = rules_module._read_core_safety

    def counted() -> CoreSafety:
        calls.append(1)
        return build()

    monkeypatch.setattr(rules_module, "_read_core_safety", counted)
    return calls


def _rules_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_data.read_bytes(SHIPPED_RULES))
    return document


def _rules_shipped_as(monkeypatch: pytest.MonkeyPatch, document: object) -> None:
    read = _data.read_bytes

    def fake(name: str) -> bytes:
        if name != SHIPPED_RULES:
            return read(name)
        return document if isinstance(document, bytes) else json.dumps(document).encode()

    monkeypatch.setattr(_data, "read_bytes", fake)


def test_the_rules_file_is_the_built_rules(cache: Path) -> None:
    document = _rules_document()
    assert document == shipped_rules_document()
    assert from_plain(document["value"], CoreSafety) == rules_module._read_core_safety()


def test_every_run_reads_the_rules_file_and_stores_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_rule_builds(monkeypatch)
    rules = core_safety()
    assert len(rules.rules) > 20
    acupress.refresh()
    assert core_safety() == rules
    assert calls == []
    assert not list(cache.glob("rules-*"))


def _broken_rules(kind: str) -> object:
    document = _rules_document()
    if kind == "a stale stamp":
        document["stamp"] = {**document["stamp"], "data": 1}
    elif kind == "no rules":
        document["value"] = None
    else:
        fields = [a.name for a in CoreSafety.__attrs_attrs__]
        first_rule = document["value"][fields.index("rules")][0]
        rule_fields = [a.name for a in acupress.Rule.__attrs_attrs__]
        if kind == "a severity that does not exist":
            first_rule[rule_fields.index("severity")] = "harmless"
        elif kind == "a rule without its message":
            first_rule[rule_fields.index("message")] = ""
    return document


@pytest.mark.parametrize(
    "broken",
    [
        b"not json",
        "a stale stamp",
        "no rules",
        "a severity that does not exist",
        "a rule without its message",
    ],
)
def test_a_broken_rules_file_is_never_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch, broken: bytes | str
) -> None:
    _rules_shipped_as(monkeypatch, broken if isinstance(broken, bytes) else _broken_rules(broken))
    calls = _count_rule_builds(monkeypatch)
    rules = core_safety()
    assert calls == [1]
    assert rules == rules_module._read_core_safety()
    # Built, then kept in the per-user cache for the next process.
    assert list(cache.glob("rules-*"))
