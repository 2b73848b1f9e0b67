"""Bold and colour on a terminal, and none where they are not wanted.

Colour is on when the stream is a terminal (and ``TERM`` is not ``dumb``), off when ``NO_COLOR``
is set to anything but the empty string (https://no-color.org) and on, even into a pipe, when
``FORCE_COLOR`` is set (to anything but ``""`` or ``0``); ``NO_COLOR`` wins over ``FORCE_COLOR``.

Styling is added after the text has been made harmless (``strip_controls``), and only these
fixed SGR sequences are ever written: text from a pack can be made bold by matching a pattern
(a line of its own that starts with ``Caution:``, say) but cannot write an escape of its own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TextIO

from .._text import strip_controls

__all__ = ["SGR", "colour_enabled", "paint", "styled"]

SGR: Mapping[str, str] = {
    "bold": "\x1b[1m",
    "alarm": "\x1b[1;31m",  # bold red: emergencies, avoid
    "caution": "\x1b[1;33m",  # bold yellow
    "dim": "\x1b[2m",
}
RESET = "\x1b[0m"


def colour_enabled(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Whether to write bold and colour to ``stream`` (``env`` defaults to ``os.environ``)."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR", ""):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, kind: str, on: bool) -> str:
    """``text`` in the style ``kind`` (a key of ``SGR``) when ``on``, else as it is."""
    if not on or not text:
        return text
    return f"{SGR[kind]}{text}{RESET}"


_HEAD = re.compile(r"^\d+\. ")
_ALERT = re.compile(r"^! ")
_LABEL = re.compile(r"^(\s+)(Where|How|Why|Used for|Also written|Caution)(:)")
# a line is styled whole or in its label only, so its words stay together for a reader (or a
# program) looking for "Urgency: emergency"
_HEADING = re.compile(
    r"^(For your safety|Left out for your safety|Left out|Red flags|Not answered)(:)$"
)
_LEVEL = re.compile(r"^(Urgency|Verdict)(: )(\S+)$")
_LOUD = frozenset({"emergency", "urgent", "avoid"})


def _line(line: str) -> str:
    if _HEAD.match(line):
        return paint(line, "bold", True)
    if _ALERT.match(line):
        return paint(line, "alarm", True)
    if m := _LABEL.match(line):
        kind = "caution" if m.group(2) == "Caution" else "bold"
        return m.group(1) + paint(m.group(2) + m.group(3), kind, True) + line[m.end() :]
    if _HEADING.match(line):
        return paint(line, "bold", True)
    if m := _LEVEL.match(line):
        return paint(line, "alarm" if m.group(3) in _LOUD else "bold", True)
    return line


def styled(text: str, on: bool) -> str:
    """``text`` made harmless, then (when ``on``) its step heads, field labels, headings, alerts
    and levels in bold or colour."""
    clean = strip_controls(text)
    if not on:
        return clean
    return "\n".join(_line(line) for line in clean.split("\n"))
