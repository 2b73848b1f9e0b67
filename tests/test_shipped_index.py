"""The resolver index shipped in the package (data/resolver.json) is current, and trusted only
when it is exactly this installation's.

The first run after install reads the catalog's index from the shipped file instead of building
it; these tests show the file is what building gives, that it is used, and that a stale, foreign
or broken file is never used: the index is built then, and resolution is unchanged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import acupress
from acupress import _data
from acupress._resolve import resolver as resolver_module
from acupress._resolve.resolver import (
    SHIPPED_INDEX,
    Resolver,
    catalog_resolver,
    index_stamp,
    shipped_index,
    shipped_index_document,
)

from .conftest import ROOT, count_calls, ship_as


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    return count_calls(monkeypatch, Resolver, "_build_index")


def _shipped_as(monkeypatch: pytest.MonkeyPatch, document: object) -> None:
    ship_as(monkeypatch, SHIPPED_INDEX, document)


def test_the_file_is_current() -> None:
    """What tools/gen_index.py would write is what the package holds."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_index.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_file_is_the_built_index(cache: Path) -> None:
    document = json.loads(_data.read_bytes(SHIPPED_INDEX))
    assert document == shipped_index_document()
    assert document["stamp"] == index_stamp()
    assert shipped_index() == document["value"]


def test_first_run_reads_the_file_and_builds_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_builds(monkeypatch)
    resolver = catalog_resolver()
    assert resolver.resolve("Hoku").code == "LI4"
    assert resolver.resolve("Shenshu").code == "BL23"
    assert calls == []
    # ... and copies nothing into the per-user cache: the runs after read the file again.
    assert not list(cache.glob("resolver-*"))
    acupress.refresh()
    assert catalog_resolver().resolve("Hoku").code == "LI4"
    assert calls == []


@pytest.mark.parametrize("part", ["catalog", "code", "unicode"])
def test_a_stale_stamp_is_never_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    stamp = index_stamp()
    assert stamp is not None
    document = json.loads(_data.read_bytes(SHIPPED_INDEX))
    # The very same index under a stamp that is not this installation's: still not trusted.
    document["stamp"] = {**stamp, part: "something else"}
    _shipped_as(monkeypatch, document)
    assert shipped_index() is None
    calls = _count_builds(monkeypatch)
    assert catalog_resolver().resolve("Hoku").code == "LI4"
    assert calls == [1]
    # Built once, then kept in the per-user cache: the next process reads it from there.
    assert list(cache.glob("resolver-*"))
    acupress.refresh()
    assert catalog_resolver().resolve("Hoku").code == "LI4"
    assert calls == [1]


def test_code_that_cannot_be_read_trusts_no_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resolver_module, "_INDEX_CODE", ("_resolve/no-such-module.py",))
    assert index_stamp() is None
    assert shipped_index() is None


@pytest.mark.parametrize(
    "broken",
    [
        b"",
        b"\xff\xfe not json",
        b"[]",
        "stamp only",
        "index is a list",
        "a code not in the catalog",
        "a notation that does not exist",
    ],
)
def test_a_broken_file_is_never_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch, broken: bytes | str
) -> None:
    stamp = index_stamp()
    document: object = broken
    if broken == "stamp only":
        document = {"stamp": stamp}
    elif broken == "index is a list":
        document = {"stamp": stamp, "value": []}
    elif broken == "a code not in the catalog":
        names = {"hoku": ["XX99", "nickname", "?"]}
        document = {"stamp": stamp, "value": {"names": names, "tones": {}}}
    elif broken == "a notation that does not exist":
        names = {"hoku": ["BL23", "made-up", "?"]}
        document = {"stamp": stamp, "value": {"names": names, "tones": {}}}
    _shipped_as(monkeypatch, document)
    calls = _count_builds(monkeypatch)
    assert catalog_resolver().resolve("Hoku").code == "LI4"
    assert calls == [1]
    # What was stored for the next runs is the built index, not the broken file.
    acupress.refresh()
    again = _count_builds(monkeypatch)
    assert catalog_resolver().resolve("Hoku").code == "LI4"
    assert again == []
    assert calls == [1]
