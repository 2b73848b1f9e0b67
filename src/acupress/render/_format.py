"""Formatting shared by every renderer: times, sides, techniques in words, escaping."""

from __future__ import annotations

from .._model.routines import Step

__all__ = ["clock", "md_escape", "sides_words", "technique_text"]


_CONTACT_WORDS = {
    "ball-floor": "a tennis ball between you and the floor",
    "ball-wall": "a tennis ball between you and a wall",
    "palm-heel": "the heel of the palm",
    "thumb-and-finger": "thumb and index finger",
}


def technique_text(step: Step) -> str:
    """``hold with the thumb, moderate pressure`` and the like."""
    t = step.technique
    contact = _CONTACT_WORDS.get(t.contact.value, f"the {t.contact.value.replace('-', ' ')}")
    text = f"{t.method.value} with {contact}, {t.pressure.value} pressure"
    if t.direction is not None:
        text += f", circling {t.direction.value}"
        if t.cycles:
            text += (
                f" ({t.cycles} times each way)"
                if t.direction.value == "both"
                else f" ({t.cycles} times)"
            )
    if t.press_seconds and t.rest_seconds:
        text += f" (press {t.press_seconds} s, rest {t.rest_seconds} s"
        text += f", {t.cycles} times)" if t.cycles else ")"
    if t.breathing:
        text += f"; {t.breathing}"
    return text


def sides_words(step: Step) -> str:
    """``each side``, ``left side``, ``right side``, or nothing for a midline point."""
    return {"both": "each side", "center": "", "left": "left side", "right": "right side"}[
        step.sides.value
    ]


def clock(seconds: int) -> str:
    """``m:ss``."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def md_escape(text: str) -> str:
    """Escape Markdown and HTML-significant characters in text that comes from packs."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out
