"""Formatting shared by every renderer: times, sides, techniques in words, escaping."""

from __future__ import annotations

from .._model.routines import Step
from .._text import strip_controls

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


# Characters that start Markdown (or GFM) markup anywhere in a line: escaped wherever they are.
_MD_ALWAYS = frozenset("\\`*_[]<>|#~&$^{}@=+")


def md_escape(text: str) -> str:
    """Text that comes from packs, as Markdown that shows exactly that text and nothing else.

    Control characters go (as on the terminal), and every line break and run of spaces becomes
    one space, so the text cannot end a table row or list item and start a block of its own. A
    backslash goes before every character that can start markup (``*``, ``_``, ``[``, ``<``,
    ``|``, ``&`` and the like), before a leading ``-`` or ``12)``, and before what GFM and
    linkify turn into links: a ``.`` inside a word or after a digit (``www.``, ``example.com``,
    ``1.``), a ``:`` not followed by a space (``http:``), ``//`` and every ``@``.
    """
    flat = " ".join(strip_controls(text, single_line=True).split())
    out: list[str] = []
    last = len(flat) - 1
    for i, ch in enumerate(flat):
        after = flat[i + 1] if i < last else " "
        if (
            ch in _MD_ALWAYS
            or (ch == "." and (not after.isspace() or flat[i - 1 : i].isdigit()))
            or (ch == ":" and not after.isspace())
            or (ch == "/" and after == "/")
            or (ch == "-" and i == 0)
            or (ch == ")" and flat[:i].isdigit())
        ):
            out.append("\\")
        out.append(ch)
    return "".join(out)
