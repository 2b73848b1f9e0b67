"""What every new pack (issue 16) must pass, for its own test module to call with its id.

The checks every shipped pack passes run over every folder in packs/ (test_packs,
test_packs_clinical, test_schemas); this adds the distribution standard of issue 16: version
1.x (1.0.0 at first, bumped as the pack changes), CC-BY-4.0, ``acupress>=0.1,<1``, a README
and a typed package.
"""

from __future__ import annotations

import tomllib

from .conftest import PACKS, packed


def check_new_pack(pack_id: str) -> None:
    """The distribution standard, for ``pack_id``; an AssertionError names what failed."""
    pack = next(p for p in packed().packs if p.id == pack_id)
    folder = PACKS / pack_id
    meta = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["version"] == pack.version
    assert pack.version.startswith("1."), pack.version  # 1.0.0 at first, then minor bumps
    assert meta["license"] == pack.license == "CC-BY-4.0"
    assert meta["dependencies"] == ["acupress>=0.1,<1"]
    assert (folder / "README.md").is_file()
    assert next((folder / "src").glob("*/py.typed")).is_file()
