"""The one registry of process-wide state, so that ``acupress.refresh()`` forgets all of it.

Every cache whose answer depends on the outside world (what is installed, the files on disk, the
default library) is made with ``process_cache`` or registered with ``on_forget``; ``forget()``
clears them all. Caches keyed only by their arguments' content (an enum's member ranks, the
strict converter, the romanisation tables) are plain ``functools.cache`` and need no clearing.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["forget", "on_forget", "process_cache"]

T = TypeVar("T")

_forgetters: list[Callable[[], None]] = []
_lock = threading.Lock()


def on_forget(clear: Callable[[], None]) -> None:
    """Call ``clear`` whenever process state is forgotten."""
    with _lock:
        _forgetters.append(clear)


def process_cache(func: Callable[[], T]) -> Callable[[], T]:
    """Cache a function of no arguments for the process, until ``forget()``."""
    cached = functools.cache(func)
    on_forget(cached.cache_clear)
    return cached


def forget() -> None:
    """Forget every piece of process state registered here."""
    with _lock:
        forgetters = list(_forgetters)
    for clear in forgetters:
        clear()
