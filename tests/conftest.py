"""Shared fixtures: the reference files in tests/data/reference and a private pack cache."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from acupress.testing import fake_pack  # noqa: F401  (the fixture, for every test module)

settings.register_profile("ci", max_examples=200, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


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
