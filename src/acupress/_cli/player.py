"""The terminal player of ``acupress guide``: a routine's cues with a countdown and a bar.

It takes the sleep function as an argument so it can be tested without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from .._guide import Cue
from .._text import strip_controls

__all__ = ["play"]


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _bar(fraction: float, width: int = 24) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "#" * filled + "-" * (width - filled)


def play(
    cues: list[Cue],
    steps: int,
    out: TextIO,
    *,
    speed: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    tick: float = 0.25,
) -> int:
    """Play the routine's cues in the terminal with a countdown and a progress bar.

    ``speed`` > 1 runs faster (for trying it out or testing). Ctrl-C stops cleanly and says how far
    it got; returns 0 when finished, 130 when stopped.
    """
    if speed <= 0:
        raise ValueError(f"speed must be positive, got {speed}")
    total = cues[-1].at if cues else 0.0
    live = out.isatty()
    current = cues[0] if cues else None
    try:
        for cue in cues:
            current = cue
            out.write(f"\n[{_clock(cue.at)}] {strip_controls(cue.text, single_line=True)}\n")
            out.flush()
            remaining = cue.seconds
            while remaining > 0:
                step = min(tick, remaining)
                sleep(step / speed)
                remaining -= step
                if live:
                    done = (cue.at + cue.seconds - remaining) / total if total else 1.0
                    out.write(f"\r  {_clock(remaining)} left  [{_bar(done)}] {done:4.0%}")
                    out.flush()
            if live and cue.seconds:
                out.write("\n")
        return 0
    except KeyboardInterrupt:
        where = current.step + 1 if current is not None else 0
        at = current.at if current is not None else 0.0
        out.write(
            f"\nStopped at step {min(where, steps)} of {steps} ({_clock(at)} of {_clock(total)}).\n"
        )
        return 130
