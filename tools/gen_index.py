"""Build the resolver index of the standard catalog shipped in the package (data/resolver.json).

Run after editing the catalog's data or any module its stamp names (``_INDEX_CODE`` in
src/acupress/_resolve/resolver.py: the resolver, romanize, _text, _catalog, _data and the point
model); tests/test_shipped_index.py fails until then:

    python tools/gen_index.py          # write the file
    python tools/gen_index.py --check  # exit 1 if the file is not current

The first run after install reads this file instead of building the index (it is checked on the
way in, and used only when its stamp is this installation's); later runs read the per-user cache.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ["ACUPRESS_NO_CACHE"] = "1"  # build from the data, never from a cache entry

from acupress._data import _DATA_DIR
from acupress._resolve.resolver import SHIPPED_INDEX, shipped_index_document


def render() -> str:
    """The file's text: compact JSON on one line, in the index's own order."""
    return json.dumps(shipped_index_document(), ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not current")
    args = parser.parse_args()
    path = os.path.join(_DATA_DIR, SHIPPED_INDEX)
    text = render()
    if args.check:
        try:
            with open(path, encoding="utf-8") as f:
                current = f.read()
        except OSError:
            current = ""
        if current != text:
            print(f"{path} is not current: run python tools/gen_index.py", file=sys.stderr)
            return 1
        return 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {path} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
