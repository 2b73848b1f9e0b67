"""Build the files shipped in the package that save every run work: the catalog's resolver
index (data/resolver.json), and the catalog's objects and the core safety rules in the cache's
stored form (data/catalog-objects.json, data/rules-objects.json).

Run after editing the catalog's data or data/safety.toml, or any module their stamps name
(``_INDEX_CODE`` in src/acupress/_resolve/resolver.py, ``_CATALOG_CODE`` in
src/acupress/_catalog.py, ``_RULES_CODE`` in src/acupress/_safety/rules.py);
tests/test_shipped_index.py fails until then:

    python tools/gen_index.py          # write the files
    python tools/gen_index.py --check  # exit 1 if a file is not current

Every run reads these files instead of building the index, the catalog's 1,227 objects and the
rules (each is checked on the way in, and used only when its stamp is this installation's);
without them the per-user cache keeps what was built.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ["ACUPRESS_NO_CACHE"] = "1"  # build from the data, never from a cache entry

from acupress._catalog import SHIPPED_CATALOG, shipped_catalog_document
from acupress._data import _DATA_DIR
from acupress._resolve.resolver import SHIPPED_INDEX, shipped_index_document
from acupress._safety.rules import SHIPPED_RULES, shipped_rules_document


def render(document: object) -> str:
    """A file's text: compact JSON on one line, in the document's own order."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is not current")
    args = parser.parse_args()
    stale = 0
    for name, document in (
        (SHIPPED_INDEX, shipped_index_document()),
        (SHIPPED_CATALOG, shipped_catalog_document()),
        (SHIPPED_RULES, shipped_rules_document()),
    ):
        path = os.path.join(_DATA_DIR, name)
        text = render(document)
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    current = f.read()
            except OSError:
                current = ""
            if current != text:
                print(f"{path} is not current: run python tools/gen_index.py", file=sys.stderr)
                stale = 1
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {path} ({len(text)} bytes)")
    return stale


if __name__ == "__main__":
    sys.exit(main())
