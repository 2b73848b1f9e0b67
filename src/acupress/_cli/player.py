"""The terminal player of ``acupress guide``: a routine's cues with a countdown and a bar.

It says first how long the session really is (the pressing and the time to find the points and
switch sides, against the minutes asked for), then numbers the steps ("Step 2 of 6") and fills
every cue to the terminal's width, with bold and colour on a terminal that wants them
(``style.colour_enabled``: never with ``NO_COLOR``, never into a pipe). It takes the sleep
function as an argument so it can be tested without waiting.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from typing import TextIO

from .._guide import Cue, CueKind
from .._i18n import ntr, tr
from .._text import strip_controls
from .style import colour_enabled, paint

__all__ = ["play"]

_PRESSING = (CueKind.PRESS, CueKind.BREATHE, CueKind.RELEASE)


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _bar(fraction: float, width: int = 24) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "#" * filled + "-" * (width - filled)


def _fill(text: str, lead: str, width: int) -> str:
    return textwrap.fill(
        text,
        width=max(width, len(lead) + 20),
        initial_indent=lead,
        subsequent_indent=" " * len(lead),
        break_on_hyphens=False,
        break_long_words=False,
    )


def header(
    cues: list[Cue], steps: int, title: str = "", width: int = 88, *, asked: float | None = None
) -> str:
    """What the player says before the first cue: the routine, its steps and its real length,
    and, with ``asked`` (the seconds asked for), how that length stands against it."""
    total = cues[-1].at if cues else 0.0
    pressing = sum(c.seconds for c in cues if c.kind in _PRESSING)
    lines = [title] if title else []
    against = ""
    if asked is not None:
        against = (
            tr(", within the {time} you asked for", time=_clock(asked))
            if total <= asked
            else tr(", more than the {time} you asked for", time=_clock(asked))
        )
    lines.append(
        _fill(
            ntr(
                "{count} step, {total} in all{against}: {pressing} of pressing and {finding} to "
                "find each point and switch sides. Ctrl-C stops.",
                "{count} steps, {total} in all{against}: {pressing} of pressing and {finding} to "
                "find each point and switch sides. Ctrl-C stops.",
                steps,
                total=_clock(total),
                against=against,
                pressing=_clock(pressing),
                finding=_clock(total - pressing),
            ),
            "",
            width,
        )
    )
    return "\n".join(lines)


_STYLE = {CueKind.CAUTION: "caution", CueKind.DONE: "bold", CueKind.FIND: "bold"}


def play(
    cues: list[Cue],
    steps: int,
    out: TextIO,
    *,
    speed: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    tick: float = 0.25,
    title: str = "",
    width: int = 88,
    asked: float | None = None,
    colour: bool | None = None,
) -> int:
    """Play the routine's cues in the terminal with a countdown and a progress bar.

    ``speed`` > 1 runs faster (for trying it out or testing); text is filled to ``width``
    columns; ``asked`` (seconds) is the time asked for, said against the real length first;
    ``colour`` (default: ``colour_enabled(out)``) adds bold and colour. Ctrl-C stops cleanly
    and says how far it got; returns 0 when finished, 130 when stopped.
    """
    if speed <= 0:
        raise ValueError(tr("speed must be positive, got {speed}", speed=speed))
    total = cues[-1].at if cues else 0.0
    live = out.isatty()
    current = cues[0] if cues else None
    on = colour_enabled(out) if colour is None else colour
    head = strip_controls(header(cues, steps, title, width, asked=asked))
    if title and on:
        head = paint(strip_controls(title), "bold", on) + head[len(strip_controls(title)) :]
    out.write(head + "\n")
    started = -1
    try:
        for cue in cues:
            current = cue
            if cue.kind is CueKind.FIND and cue.step != started:
                started = cue.step
                step_line = tr("Step {step} of {steps}", step=cue.step + 1, steps=steps)
                out.write("\n" + paint(step_line, "bold", on) + "\n")
            text = strip_controls(cue.text, single_line=True)
            lead = f"[{_clock(cue.at)}] "
            filled = _fill(text, lead, width)
            body = filled[len(lead) :]
            kind = _STYLE.get(cue.kind)
            out.write(
                "\n" + paint(lead, "dim", on) + (paint(body, kind, on) if kind else body) + "\n"
            )
            out.flush()
            remaining = cue.seconds
            while remaining > 0:
                step = min(tick, remaining)
                sleep(step / speed)
                remaining -= step
                if live:
                    done = (cue.at + cue.seconds - remaining) / total if total else 1.0
                    at_step = (
                        tr("step {step}/{steps}", step=cue.step + 1, steps=steps) + "  "
                        if 0 <= cue.step < steps
                        else ""
                    )
                    left = tr("{time} left", time=_clock(remaining))
                    out.write(f"\r  {at_step}{left}  [{_bar(done)}] {done:4.0%}")
                    out.flush()
            if live and cue.seconds:
                out.write("\n")
        return 0
    except KeyboardInterrupt:
        where = current.step + 1 if current is not None else 0
        at = current.at if current is not None else 0.0
        stopped = tr(
            "Stopped at step {step} of {steps} ({at} of {total}).",
            step=min(where, steps),
            steps=steps,
            at=_clock(at),
            total=_clock(total),
        )
        out.write(f"\n{stopped}\n")
        return 130
