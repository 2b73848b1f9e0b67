"""How the command line's process collects garbage: rarely while a command starts, not at exit.

A command builds a few tens of thousands of objects in its first tens of milliseconds (the model's
classes, the catalog, the packs), nearly all of which live until the process ends. With Python's
default threshold (a collection of the youngest generation every 700 new container objects, and
of the older ones after that), the collector walks them again and again while they are made, and
once more at exit, where it frees nothing the operating system would not: about 13 ms of an
80 ms ``acupress compose``. So the console script (``run()``), and only it:

- raises the youngest generation's threshold to ``START_THRESHOLD`` for a command that ends by
  itself (the collector still runs, so a command that makes cyclic garbage without end is still
  bounded);
- freezes what is left when the command is done (``gc.freeze``): the interpreter's last
  collection at exit then has nothing to walk;
- gives a command that serves for a long time (``acupress mcp``, the guide's countdown) Python's
  own thresholds back before it starts serving.

A program that imports acupress is never touched: its collector is its own.
"""

from __future__ import annotations

import gc

__all__ = ["START_THRESHOLD", "at_exit", "for_a_long_command", "for_a_short_command"]

START_THRESHOLD = 50_000
_DEFAULT = gc.get_threshold()


def for_a_short_command() -> None:
    """Few collections while the command starts (the older generations' thresholds kept)."""
    gc.set_threshold(START_THRESHOLD, *_DEFAULT[1:])


def for_a_long_command() -> None:
    """Python's own thresholds, for a command that serves until it is stopped."""
    gc.set_threshold(*_DEFAULT)


def at_exit() -> None:
    """Nothing left for the collector to walk at exit: the process is about to end."""
    gc.freeze()
