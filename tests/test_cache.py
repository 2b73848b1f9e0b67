"""The per-user cache of parsed packs: faster, never different, never trusting others' files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import acupress
from acupress import _cache

from .conftest import ROOT

SLEEP = ROOT / "packs" / "sleep"


def _build() -> acupress.Library:
    return acupress.Library.build([SLEEP], discover=False, strict=True)


def test_cache_gives_the_same_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(tmp_path / "cache"))
    first = _build()
    entries = list((tmp_path / "cache").glob("*.pack"))
    assert len(entries) == 1
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0
    assert _build().packs == first.packs
    monkeypatch.setenv("ACUPRESS_NO_CACHE", "1")
    assert _build().packs == first.packs


def test_a_cache_others_can_write_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o777)
    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(folder))
    library = _build()
    assert library.packs[0].id == "sleep"
    assert not list(folder.glob("*.pack"))  # nothing written, nothing read


def test_a_corrupt_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(tmp_path / "cache"))
    good = _build()
    entries = list((tmp_path / "cache").glob("*.pack"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    assert _build().packs == good.packs
    assert _cache.cache_dir() == str(tmp_path / "cache")


def test_discovery_cache_notices_changed_entry_points(fake_pack: Any, tmp_path: Path) -> None:
    from acupress import find_packs
    from acupress.testing import minimal_pack, to_toml

    module = fake_pack(to_toml(minimal_pack(id="one")), name="one")
    assert "one" in [p.name for p in find_packs()]
    # Edit the installed entry points in place, as a hand edit or a reinstall would.
    dist_info = next(module.parent.glob("*.dist-info"))
    (dist_info / "entry_points.txt").write_text(
        f"[acupress.packs]\none = {module.name}\nanother = {module.name}\n", encoding="utf-8"
    )
    acupress.refresh()
    assert {"one", "another"} <= {p.name for p in find_packs()}
