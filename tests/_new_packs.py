"""What every new pack (issue 16) must pass, for its own test module to call with its id.

The checks the first three packs pass (in test_packs, test_packs_clinical and test_schemas, which
are parametrized over those three), and the distribution standard of issue 16: version 1.0.0,
CC-BY-4.0, ``acupress>=0.1,<1``, a README and a typed package.
"""

from __future__ import annotations

import tomllib

import acupress

from . import test_packs as generic, test_packs_clinical as clinical, test_schemas as schemas
from .conftest import PACKS, packed


def check_new_pack(pack_id: str, standard_library: acupress.Library) -> None:
    """Every check of a shipped pack, for ``pack_id``; an AssertionError names what failed."""
    generic.test_first_packs_validate(pack_id)
    generic.test_first_packs_are_distributions(pack_id)
    generic.test_first_packs_make_no_forbidden_claims(pack_id)
    generic.test_every_claim_is_referenced_or_tradition(standard_library, pack_id)
    clinical.test_every_reference_says_what_it_is_cited_for_and_has_a_locator(pack_id)
    clinical.test_every_reference_is_cited(pack_id)
    clinical.test_every_indication_says_what_was_studied(pack_id)
    clinical.test_no_indication_offers_a_point_for_chest_symptoms(pack_id)
    schemas.test_every_shipped_pack_validates(pack_id)
    pack = next(p for p in packed().packs if p.id == pack_id)
    folder = PACKS / pack_id
    meta = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["version"] == pack.version == "1.0.0"
    assert meta["license"] == pack.license == "CC-BY-4.0"
    assert meta["dependencies"] == ["acupress>=0.1,<1"]
    assert (folder / "README.md").is_file()
    assert next((folder / "src").glob("*/py.typed")).is_file()
