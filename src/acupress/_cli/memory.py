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
  own thresholds back before it starts serving;
- ends the process without the interpreter's teardown (:func:`leave`): the exit handlers run and
  the streams are flushed, as at any exit, but the modules and objects are not freed one by one
  at the end, which the operating system does at once (about 2 ms of a command).

A program that imports acupress is never touched: its collector is its own.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import NoReturn

__all__ = ["START_THRESHOLD", "at_exit", "for_a_long_command", "for_a_short_command", "leave"]

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


def leave(code: int) -> NoReturn:
    """End the process with ``code``: the exit handlers run (``atexit``), stdout and stderr are
    flushed, then ``os._exit``, so that the interpreter does not free every module and object
    before the process ends.

    Exits as Python does (``sys.exit``) wherever that could differ: when it is not called from
    the main thread, when a thread that is not a daemon still runs (Python waits for it), when
    ``threading`` holds exit callbacks of its own (``concurrent.futures`` joins its workers
    there), and on an interpreter without ``atexit._run_exitfuncs``.
    """
    threading = sys.modules.get("threading")
    if threading is not None:
        main_thread = threading.main_thread()
        if (
            threading.current_thread() is not main_thread
            or getattr(threading, "_threading_atexits", None)
            or any(
                t is not main_thread and not t.daemon and t.is_alive()
                for t in threading.enumerate()
            )
        ):
            sys.exit(code)
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if not callable(run_exit_handlers):
        sys.exit(code)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    os._exit(code)
