"""`import acupress` stays cheap: heavy modules load on first use, never at import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_english_needs_no_gettext(tmp_path: Path) -> None:
    # The messages are written in English: no catalog is searched for, gettext is not imported.
    code = (
        "import os\nos.environ['LANGUAGE'] = 'en_GB:de'\nimport acupress\n"
        "acupress.compose('low-back-pain', minutes=10)\n"
        "assert acupress.current_language() == 'en'"
    )
    env = {**os.environ, "ACUPRESS_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the second run with the cache warm
        out = subprocess.run(
            [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
    assert "gettext" not in out.split()


def test_public_names_resolve() -> None:
    import acupress

    for name in acupress.__all__:
        assert getattr(acupress, name) is not None
    assert sorted(acupress.__all__) == acupress.__all__


def test_unknown_attribute_is_an_attribute_error() -> None:
    import acupress

    with pytest.raises(AttributeError, match="no_such_thing"):
        acupress.no_such_thing  # type: ignore[attr-defined]  # noqa: B018


def _command_modules(tmp_path: Path, *argv: str, runs: int = 2) -> set[str]:
    """The modules a command line loads, on its last of ``runs`` runs (the cache warm by then)."""
    code = (
        "import sys\nfrom acupress._cli.app import main\nimport io\n"
        f"code = main({list(argv)!r}, stdout=io.StringIO(), stderr=io.StringIO())\n"
        "assert code == 0, code\nprint('\\n'.join(sys.modules))"
    )
    env = {**os.environ, "ACUPRESS_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ACUPRESS_NO_CACHE", None)
    out = ""
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        ).stdout
    return set(out.split())


# What a command given no file has no use for: paths and addresses, archives, difflib, and shutil
# (the terminal's width is found without it; it brings fnmatch and the compression modules).
_NO_FILE = {"pathlib", "urllib", "urllib.parse", "ipaddress", "zipfile", "difflib", "shutil"}
_FIRST_RUN_ONLY = {"cattrs", "tomllib", "importlib_metadata", "packaging.specifiers"}


def test_version_imports_neither_attrs_nor_the_parser(tmp_path: Path) -> None:
    loaded = _command_modules(tmp_path, "--version", runs=1)
    assert not {"attrs", "attr", "argparse", "shutil", "json", *_NO_FILE} & loaded


@pytest.mark.parametrize(
    "argv",
    [
        ("compose", "low-back-pain", "--minutes", "10", "--format", "json"),
        ("compose", "low-back-pain", "--minutes", "10", "--format", "text"),
        ("show", "LI4", "--format", "json"),
        ("resolve", "Hoku", "--format", "json"),
    ],
)
def test_a_warm_command_given_no_file_imports_only_what_it_needs(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    loaded = _command_modules(tmp_path, *argv)
    assert not (_NO_FILE | _FIRST_RUN_ONLY) & loaded, (_NO_FILE | _FIRST_RUN_ONLY) & loaded
    if argv[0] != "compose":  # nothing is composed: neither the composer nor the checker
        assert not {"acupress._compose.composer", "acupress._compose.knapsack"} & loaded


@pytest.mark.parametrize("columns", [None, "100", "0", "-3", "wide", "", "41"])
def test_the_terminal_width_is_the_one_shutil_gives(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    import shutil

    from acupress._cli.output import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    for fallback in (88, 80):
        assert terminal_columns(fallback) == shutil.get_terminal_size((fallback, 24)).columns
