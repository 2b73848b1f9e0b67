"""Write the pictures of docs/pictures.md (docs/pictures/): python tools/gen_pictures.py.

They are drawn by acupress from the catalog and the first-party packs in packs/, so a change to
the maps, the drawing code or the packs shows here; tests/test_maps.py checks they are current.
"""

from __future__ import annotations

from pathlib import Path

import acupress
from acupress.render import render_card, render_close_up, render_map
from acupress.render._svg import card_figures

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "pictures"
BACK = ["BL23", "BL52", "BL28", "BL53", "BL40", "BL39", "GB30"]
HAND = ["LI4", "LI3", "LI5", "TE3", "SI3", "EX-UE9"]


def pictures() -> dict[str, str]:
    """Each file's name and its text."""
    library = acupress.Library.build([ROOT / "packs"], discover=False, strict=True)
    comp = acupress.compose("low-back-pain", minutes=10, library=library)
    codes = [step.point for step in comp.routine.steps]
    figures = {view: svg for view, _codes, svg in card_figures(codes, library)}
    return {
        "map-back.svg": render_map(BACK, view="back", library=library, numbered=False),
        "map-hand.svg": render_map(HAND, view="hand-back", library=library, numbered=False),
        "close-up-sp6.svg": render_close_up("SP6", library=library),
        "close-up-bl23.svg": render_close_up("BL23", library=library),
        "card-back.svg": figures["back"],
        "card.html": render_card(comp, library=library),
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, text in pictures().items():
        (OUT / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
