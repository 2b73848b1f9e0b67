"""The one owner of process state: the default library, and forgetting everything cached.

``load()`` builds the default library (the catalog and every installed pack) on first use;
``refresh()`` forgets it and every other process-wide cache; ``library_or_default(lib)`` is the
fallback every service uses when no library is given.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ._library import Library
from ._state import forget, on_forget

if TYPE_CHECKING:
    from ._resolve.resolver import Resolution

__all__ = ["library_or_default", "load", "refresh", "resolve"]

_default: Library | None = None
_default_lock = threading.Lock()


def load() -> Library:
    """The default library of this process (standard catalog and installed packs), cached.

    Broken packs are left out and reported in ``load().statuses``; ``acupress.refresh()``
    forgets the cache after packs are installed or removed.
    """
    global _default
    library = _default
    if library is None:
        with _default_lock:
            if _default is None:
                _default = Library.build()
            library = _default
    return library


def _forget_default() -> None:
    global _default
    with _default_lock:
        _default = None


on_forget(_forget_default)


def library_or_default(library: Library | None) -> Library:
    """``library`` itself, or the default library when it is None."""
    return library if library is not None else load()


def refresh() -> None:
    """Forget every process-wide cache: the default library, the list of installed packs, the
    installation stamp, the standard catalog, the core rules, the body maps and the code stamp.

    Call it after installing or removing packs. Caches keyed only by content are kept: an enum's
    member ranks, the strict converter, and the per-user disk cache (whose entries are keyed by
    the text they were built from and the code that built them).
    """
    forget()


def resolve(text: str, notation: str | None = None) -> Resolution:
    """Resolve ``text`` against the default library: see ``Library.resolve``."""
    return load().resolve(text, notation)
