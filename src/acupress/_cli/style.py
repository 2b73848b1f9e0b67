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

from .._i18n import tr
from .._model.words import word
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
# The labels, headings and levels the renderers write, in the language they write them: a line
# is styled whole or in its label only, so its words stay together for a reader (or a program)
# looking for "Urgency: emergency".
_LABELS = ("Where", "How", "Why", "Used for", "Also written", "Caution")
_HEADINGS = ("For your safety:", "Left out for your safety:", "Left out:", "Red flags:")
_LOUD = ("emergency", "urgent", "avoid")


class _Patterns:
    """The patterns for the current language."""

    def __init__(self) -> None:
        labels = "|".join(re.escape(tr(label)) for label in _LABELS)
        self.caution = tr("Caution")
        self.label = re.compile(rf"^(\s+)({labels})(:)")
        headings = [tr(h) for h in _HEADINGS]
        not_answered = re.escape(tr("Not answered: {questions}").split("{")[0].rstrip(": "))
        self.heading = re.compile(
            "^(" + "|".join(re.escape(h[:-1]) for h in headings) + "|" + not_answered + ")(:)$"
        )
        urgency = re.escape(tr("Urgency: {urgency}").split(":")[0])
        verdict = re.escape(tr("Verdict: {verdict}").split(":")[0])
        self.level = re.compile(rf"^({urgency}|{verdict})(: )(\S+)$")
        self.loud = frozenset({*_LOUD, *(word(w) for w in _LOUD)})


def _line(line: str, p: _Patterns) -> str:
    if _HEAD.match(line):
        return paint(line, "bold", True)
    if _ALERT.match(line):
        return paint(line, "alarm", True)
    if m := p.label.match(line):
        kind = "caution" if m.group(2) == p.caution else "bold"
        return m.group(1) + paint(m.group(2) + m.group(3), kind, True) + line[m.end() :]
    if p.heading.match(line):
        return paint(line, "bold", True)
    if m := p.level.match(line):
        return paint(line, "alarm" if m.group(3) in p.loud else "bold", True)
    return line


def styled(text: str, on: bool) -> str:
    """``text`` made harmless, then (when ``on``) its step heads, field labels, headings, alerts
    and levels in bold or colour."""
    clean = strip_controls(text)
    if not on:
        return clean
    patterns = _Patterns()
    return "\n".join(_line(line, patterns) for line in clean.split("\n"))
