"""The words for the values of the model's enums, as a person reads them, in the current language.

A value stays what it is in data and JSON (``"thumb"``, ``"sitting"``); ``word()`` gives the word
to show (``"Daumen"``, ``"sitzend"`` in German, the value itself in English).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._i18n import mark, tr

if TYPE_CHECKING:
    from .routines import Step

__all__ = ["WORDS", "step_note", "word"]

WORDS = {
    # i18n: a way of pressing, as a cue names it ("hold, thumb, firm")
    "hold": mark("hold"),
    "circles": mark("circles"),
    "press-release": mark("press-release"),
    "pinch": mark("pinch"),
    "knead": mark("knead"),
    # i18n: what presses the point
    "fingertip": mark("fingertip"),
    "fingers": mark("fingers"),
    "thumb": mark("thumb"),
    "knuckle": mark("knuckle"),
    "palm-heel": mark("palm-heel"),
    "thumb-and-finger": mark("thumb-and-finger"),
    "ball-floor": mark("ball-floor"),
    "ball-wall": mark("ball-wall"),
    # i18n: how hard to press
    "light": mark("light"),
    "moderate": mark("moderate"),
    "firm": mark("firm"),
    # i18n: the direction of circling ("circling clockwise", "circling both")
    "clockwise": mark("clockwise"),
    "counterclockwise": mark("counterclockwise"),
    "both": mark("both"),
    # i18n: the position for a step ("sitting; ...")
    "sitting": mark("sitting"),
    "lying": mark("lying"),
    "standing": mark("standing"),
    # i18n: the kind of a reference ("review: Li 2021 ...")
    "trial": mark("trial"),
    "review": mark("review"),
    "guideline": mark("guideline"),
    "tradition": mark("tradition"),
    "article": mark("article"),
    "book": mark("book"),
    # i18n: the basis of a safety rule
    "evidence": mark("evidence"),
    "consensus": mark("consensus"),
    # i18n: how severe a finding is, and the verdict on a routine
    "info": mark("info"),
    "gentle": mark("gentle"),
    "avoid": mark("avoid"),
    "ok": mark("ok"),
    "caution": mark("caution"),
    # i18n: how soon to see a clinician
    "none": mark("none"),
    "routine": mark("routine"),
    "soon": mark("soon"),
    "urgent": mark("urgent"),
    "emergency": mark("emergency"),
    # i18n: a body region, as a point card names it ("lower-back")
    "head": mark("head"),
    "face": mark("face"),
    "neck": mark("neck"),
    "shoulder": mark("shoulder"),
    "upper-back": mark("upper-back"),
    "lower-back": mark("lower-back"),
    "sacrum": mark("sacrum"),
    "buttock": mark("buttock"),
    "chest": mark("chest"),
    "abdomen": mark("abdomen"),
    "armpit": mark("armpit"),
    "upper-arm": mark("upper-arm"),
    "elbow": mark("elbow"),
    "forearm": mark("forearm"),
    "wrist": mark("wrist"),
    "hand": mark("hand"),
    "groin": mark("groin"),
    "perineum": mark("perineum"),
    "hip": mark("hip"),
    "thigh": mark("thigh"),
    "knee": mark("knee"),
    "lower-leg": mark("lower-leg"),
    "ankle": mark("ankle"),
    "foot": mark("foot"),
    # i18n: who can reach a point: the person alone, with a tool, or a partner
    "alone": mark("alone"),
    "tool": mark("tool"),
    "partner": mark("partner"),
}


def word(value: str) -> str:
    """An enum's value (``"thumb"``) as the word to show in the current language."""
    known = WORDS.get(value)
    return tr(known) if known is not None else value


def step_note(step: Step) -> str:
    """What a step says beside its technique: its position and its note (``sitting; Sit
    forward...``), either alone, or ``""``. The position is a field of the step; it is put into
    words here, when the step is shown, not stored in the note."""
    parts = [word(step.position.value) if step.position else "", step.note or ""]
    return "; ".join(p for p in parts if p)
