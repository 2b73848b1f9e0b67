"""Write the JSON Schemas (``acupress.schema(name)``) to docs/schema/<major>/<name>.json.

Run after changing the model, the records or the schemas; a test checks the files are current.
"""

from __future__ import annotations

import json
from pathlib import Path

import acupress

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schema"


def main() -> None:
    for name in acupress.SCHEMAS:
        schema = acupress.schema(name)
        major = schema["$id"].rsplit("/", 2)[1]
        path = DOCS / major / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(DOCS.parent.parent)}")


if __name__ == "__main__":
    main()
