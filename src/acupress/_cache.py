"""A per-user cache of parsed packs and rules, so that loading stays fast.

Parsing and structuring a pack costs tens of milliseconds (TOML, then cattrs); reading it back
from the cache costs about one. An entry is keyed by a hash of the pack's text and of the code
that reads it, so an edited pack or a changed acupress never reads a stale entry. Only packs that
parsed without problems are cached; checks against the catalog and other packs run every time.

The cache lives in ``$ACUPRESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/acupress``, else
``~/.cache/acupress``. ``ACUPRESS_NO_CACHE=1`` turns it off. Any failure to read or write it is
ignored: the cache can only make loading faster, never change what is loaded.
"""

from __future__ import annotations

import os
import pickle
import stat
import zlib
from collections.abc import Callable
from typing import TypeVar

from ._state import process_cache

__all__ = ["cache_dir", "cached"]

T = TypeVar("T")

CACHE_ENV = "ACUPRESS_CACHE_DIR"
NO_CACHE_ENV = "ACUPRESS_NO_CACHE"


def cache_dir() -> str | None:
    """Where the cache is, or None when it is turned off."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "acupress")


@process_cache
def _code_stamp() -> str:
    """Size and time of every Python module of acupress: any edit to the code changes it."""
    here = os.path.dirname(__file__)
    stamp = []
    for folder, dirs, files in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and d != "data")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                    stamp.append(f"{os.path.relpath(path, here)}:{info.st_size}:{info.st_mtime_ns}")
                except OSError:
                    stamp.append(name)
    return "|".join(stamp)


def _name(kind: str, text: str, version: str) -> str:
    """The entry's file name: a quick checksum; the entry itself proves it is the right one."""
    crc = zlib.crc32(f"{kind}|{version}|{_code_stamp()}|".encode())
    crc = zlib.crc32(text.encode("utf-8"), crc)
    return f"{crc:08x}-{len(text)}.{kind}"


def _private(folder: str) -> bool:
    """Only a folder that this user owns and nobody else can write to is trusted.

    Entries are pickles: reading one runs code, so a cache others could write to is never read.
    """
    try:
        info = os.stat(folder)
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cached(kind: str, text: str, version: str, build: Callable[[], T], type_: type[T]) -> T:
    """The object ``build()`` makes from ``text``, from the cache when it is there.

    ``build`` may raise; nothing is cached then. A cached object of another type is ignored.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = os.path.join(folder, _name(kind, text, version))
    stamp = (kind, version, _code_stamp(), text)
    try:
        if _private(folder):
            with open(path, "rb") as f:
                entry = pickle.load(f)
            # The checksum only finds the file; the stored inputs must match exactly.
            if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp:
                value = entry[1]
                if isinstance(value, type_):
                    return value
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
    ):
        pass
    value = build()
    try:
        import tempfile

        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _private(folder):
            return value
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((stamp, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
