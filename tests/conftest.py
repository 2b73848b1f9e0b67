"""Shared fixtures: the reference data, the libraries the tests use, and the command line.

- ``reference``: the folder of reference files the catalog is tested against (tests/data/).
- ``standard_library``, ``packed_library``, ``sleep_library``, ``back_pain_library``: one Library
  each for the whole run (libraries are immutable). Module-level strategies and parameter lists,
  which run before any fixture, call ``standard()``, ``packed()`` and friends for the same objects.
- ``cli``: runs ``acupress ...`` in-process; ``cli.run(*argv, stdin="")`` gives ``(code, out,
  err)`` and ``cli.json(*argv)`` adds ``--format json`` and gives ``(code, data, err)``.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, settings, strategies as st

import acupress
from acupress._cli.app import main
from acupress.testing import fake_pack  # noqa: F401  (the fixture, for every test module)

settings.register_profile("ci", max_examples=200, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PACKS = ROOT / "packs"
FIRST_PACKS = ("back-pain", "headache", "sleep")
# Every pack folder, so the checks every pack must pass pick new packs up by themselves.
ALL_PACKS = tuple(sorted(p.name for p in PACKS.iterdir() if (p / "pyproject.toml").is_file()))


@pytest.fixture(scope="session")
def reference() -> Path:
    """The reference files the catalog is tested against (tests/data/README.md)."""
    return DATA / "reference"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the test run's pack cache out of the user's own cache folder."""
    os.environ["ACUPRESS_CACHE_DIR"] = str(tmp_path_factory.mktemp("acupress-cache"))


@pytest.fixture(autouse=True, scope="session")
def _english() -> None:
    """Run in English whatever the machine's locale (LANGUAGE comes first for gettext); the
    tests of other languages set their own (tests/test_i18n.py)."""
    os.environ["LANGUAGE"] = "en"


@pytest.fixture(autouse=True, scope="session")
def _plain_output() -> None:
    """The tests expect plain text: a caller's FORCE_COLOR (as some CI services set) or NO_COLOR
    must not change it; the colour tests set these themselves."""
    for name in ("FORCE_COLOR", "NO_COLOR"):
        os.environ.pop(name, None)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own; process caches forgotten before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(folder))
    monkeypatch.delenv("ACUPRESS_NO_CACHE", raising=False)
    acupress.refresh()
    yield folder
    acupress.refresh()


# -- the files shipped in the package (tools/gen_index.py) ------------------------------------


def ship_as(monkeypatch: pytest.MonkeyPatch, name: str, document: object) -> None:
    """Make the shipped data file ``name`` read as ``document`` (bytes as they are, anything
    else as JSON); every other file reads as it is."""
    from acupress import _data

    read = _data.read_bytes

    def fake(wanted: str) -> bytes:
        if wanted != name:
            return read(wanted)
        return document if isinstance(document, bytes) else json.dumps(document).encode()

    monkeypatch.setattr(_data, "read_bytes", fake)


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, attribute: str) -> list[int]:
    """Count the calls of ``owner.attribute`` (a function of a module, or a method of a class):
    the list gets a 1 for each."""
    calls: list[int] = []
    original = getattr(owner, attribute)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, attribute, counted)
    return calls


# -- libraries ---------------------------------------------------------------------------


def _from_folder(folder: Path, *expected: str) -> acupress.Library:
    library = acupress.Library.build([folder], discover=False, strict=True)
    loaded = {pack.id for pack in library.packs}
    assert set(expected) <= loaded, f"{folder}: packs {sorted(set(expected) - loaded)} missing"
    return library


@functools.cache
def standard() -> acupress.Library:
    """The standard catalog alone, no packs."""
    return acupress.Library.standard()


@functools.cache
def packed() -> acupress.Library:
    """The catalog and every pack in packs/ (not the installed ones), loaded strictly."""
    return _from_folder(PACKS, *ALL_PACKS)


@functools.cache
def sleep() -> acupress.Library:
    """The catalog and packs/sleep alone."""
    return _from_folder(PACKS / "sleep", "sleep")


@functools.cache
def back_pain() -> acupress.Library:
    """The catalog and packs/back-pain alone."""
    return _from_folder(PACKS / "back-pain", "back-pain")


@pytest.fixture(scope="session")
def standard_library() -> acupress.Library:
    return standard()


@pytest.fixture(scope="session")
def packed_library() -> acupress.Library:
    return packed()


@pytest.fixture(scope="session")
def sleep_library() -> acupress.Library:
    return sleep()


@pytest.fixture(scope="session")
def back_pain_library() -> acupress.Library:
    return back_pain()


# -- the command line --------------------------------------------------------------------


class Result(NamedTuple):
    """What one command did: its exit status and everything it wrote."""

    code: int
    out: str
    err: str


class Cli:
    """The acupress command line, run in-process."""

    def run(self, *argv: str, stdin: str = "") -> Result:
        """Run ``acupress *argv`` with ``stdin`` as its input.

        sys.stdout and sys.stderr are captured too (argparse prints --help and --version there).
        """
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin))
        return Result(code, out.getvalue(), err.getvalue())

    def json(self, *argv: str, stdin: str = "") -> tuple[int, Any, str]:
        """Run ``acupress *argv --format json``: the status, the parsed output (or None), stderr."""
        code, out, err = self.run(*argv, "--format", "json", stdin=stdin)
        return code, json.loads(out) if out else None, err


CLI = Cli()


@pytest.fixture(scope="session")
def cli() -> Cli:
    """The command line: ``cli.run(*argv, stdin="")`` and ``cli.json(*argv)``."""
    return CLI


# -- the catalog's own spellings, for properties -----------------------------------------------

CATALOG_CODES = tuple(standard().points)
# Every notation the catalog writes its points in (the English meridian notations' codes, the
# names and the older codes), as ``Library.spellings`` takes them.
CATALOG_NOTATIONS = (
    "who",
    "english",
    "pinyin",
    "wade-giles",
    "hanzi",
    "gloss",
    "nickname",
    "legacy-bladder",
    "legacy-extra",
)


@st.composite
def catalog_spellings(draw: st.DrawFn) -> tuple[str, str]:
    """A point code and one way the catalog writes it."""
    code = draw(st.sampled_from(CATALOG_CODES))
    spellings = [s for n in CATALOG_NOTATIONS for s in standard().spellings(code, n)]
    return code, draw(st.sampled_from(spellings or [code]))
