"""`import acupress` stays cheap: heavy modules load on first use, never at import."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "ACUPRESS_NO_PACKS": "1"},  # reading packs needs TOML and cattrs
    ).stdout
    return set(out.split())


def test_import_loads_no_heavy_module() -> None:
    loaded = _modules_after("import acupress")
    heavy = {"cattrs", "tomllib", "importlib_metadata", "json", "attrs", "acupress._catalog"}
    assert not heavy & loaded, heavy & loaded


def test_load_does_not_need_cattrs_or_toml() -> None:
    loaded = _modules_after("import acupress\nacupress.load().point('LI4')")
    assert "cattrs" not in loaded
    assert "tomllib" not in loaded
    assert "acupress._packs.loading" not in loaded  # no packs: no loading pipeline


def test_public_names_resolve() -> None:
    import acupress

    for name in acupress.__all__:
        assert getattr(acupress, name) is not None
    assert sorted(acupress.__all__) == acupress.__all__


def test_unknown_attribute_is_an_attribute_error() -> None:
    import acupress

    with pytest.raises(AttributeError, match="no_such_thing"):
        acupress.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
