"""Formatting shared by every renderer: times, sides, techniques in words, escaping."""

from __future__ import annotations

from .._i18n import mark, tr
from .._model.routines import Step
from .._model.words import word
from .._text import strip_controls

__all__ = ["clock", "md_escape", "sides_words", "technique_text"]


_CONTACT_WORDS = {
    # i18n: what presses, after "with" ("hold with the thumb")
    "fingertip": mark("the fingertip"),
    "fingers": mark("the fingers"),
    "thumb": mark("the thumb"),
    "knuckle": mark("the knuckle"),
    "ball-floor": mark("a tennis ball between you and the floor"),
    "ball-wall": mark("a tennis ball between you and a wall"),
    "palm-heel": mark("the heel of the palm"),
    "thumb-and-finger": mark("thumb and index finger"),
}
_SIDES_WORDS = {
    "both": mark("each side"),
    "left": mark("left side"),
    "right": mark("right side"),
}


def technique_text(step: Step) -> str:
    """``hold with the thumb, moderate pressure`` and the like."""
    t = step.technique
    known = _CONTACT_WORDS.get(t.contact.value)
    contact = tr(known) if known else f"the {t.contact.value.replace('-', ' ')}"
    text = tr(
        "{method} with {contact}, {pressure} pressure",
        method=word(t.method.value),
        contact=contact,
        pressure=word(t.pressure.value),
    )
    if t.direction is not None:
        text += tr(", circling {direction}", direction=word(t.direction.value))
        if t.cycles:
            text += (
                tr(" ({count} times each way)", count=t.cycles)
                if t.direction.value == "both"
                else tr(" ({count} times)", count=t.cycles)
            )
    if t.press_seconds and t.rest_seconds:
        text += tr(" (press {press} s, rest {rest} s", press=t.press_seconds, rest=t.rest_seconds)
        text += tr(", {count} times)", count=t.cycles) if t.cycles else ")"
    if t.breathing:
        text += f"; {t.breathing}"
    return text


def sides_words(step: Step) -> str:
    """``each side``, ``left side``, ``right side``, or nothing for a midline point."""
    words = _SIDES_WORDS.get(step.sides.value)
    return tr(words) if words else ""


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
