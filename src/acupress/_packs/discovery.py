"""Finding installed content packs through the ``acupress.packs`` entry point group.

Discovery has two phases, as in flake8's plugin finder: ``find_packs()`` lists entry points without
importing anything; ``read_pack()`` imports one pack's module and reads its ``pack.toml`` when the
pack is actually loaded. The list is cached per process; ``acupress.refresh()`` forgets it.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING

import attrs

from .._cache import cached
from .._state import process_cache
from ..errors import PackError

if TYPE_CHECKING:
    from pathlib import Path

    from importlib_metadata import Distribution

__all__ = [
    "ALLOW_ENV",
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "PACK_FILE",
    "PackInfo",
    "find_packs",
    "installation_stamp",
    "pack_paths",
    "read_pack",
]

ENTRY_POINT_GROUP = "acupress.packs"
DISABLE_ENV = "ACUPRESS_NO_PACKS"
ALLOW_ENV = "ACUPRESS_PACKS"
PACK_FILE = "pack.toml"


@attrs.frozen
class PackInfo:
    """An installed pack as its entry point declares it: found, not yet imported or read."""

    name: str
    distribution: str
    version: str
    value: str

    @property
    def label(self) -> str:
        """``back-pain (acupress-pack-back-pain 1.0.0)``: how messages name the pack."""
        return f"{self.name} ({self.distribution} {self.version})"


def _name_and_version(dist: Distribution | None) -> tuple[str, str]:
    """A distribution's name and version from the top of its METADATA.

    ``dist.name`` parses the whole file as an e-mail message, which costs milliseconds per pack;
    the two headers we need are always near the top.
    """
    if dist is None:
        return "unknown", "unknown"
    name = version = None
    for line in (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        if key == "Name" and name is None:
            name = value.strip()
        elif key == "Version" and version is None:
            version = value.strip()
        if name and version:
            break
    return name or "unknown", version or "unknown"


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@process_cache
def installation_stamp() -> str:
    """What is installed where, cheaply: every sys.path folder's distributions and the size and
    time of their entry_points.txt. It changes whenever a distribution is installed, removed,
    upgraded, or has its entry points edited, so it keys the discovery cache. A zip or egg
    archive on sys.path counts by its own size and time."""
    parts = []
    for entry in sys.path:
        folder = entry or os.getcwd()
        try:
            with os.scandir(folder) as it:
                names = sorted(
                    e.name
                    for e in it
                    if e.name.endswith((".dist-info", ".egg-info"))
                    or (e.name == "EGG-INFO" and folder.endswith(".egg"))
                )
        except OSError:
            # A zip or egg archive on sys.path: its size and time stand for what is inside.
            try:
                info = os.stat(folder)
                parts.append(f"{folder} {info.st_size} {info.st_mtime_ns}")
            except OSError:
                pass
            continue
        parts.append(folder)
        for name in names:
            try:
                info = os.stat(os.path.join(folder, name, "entry_points.txt"))
                parts.append(f"{name} {info.st_size} {info.st_mtime_ns}")
            except OSError:
                parts.append(name)
    return "\n".join(parts)


@process_cache
def _entry_points() -> tuple[PackInfo, ...]:
    # Scanning every installed distribution costs tens of milliseconds (and importing
    # importlib-metadata); the result only changes when the installation does.
    return cached("discovery", installation_stamp(), "", _scan, tuple[PackInfo, ...])


def _scan() -> tuple[PackInfo, ...]:
    from importlib_metadata import entry_points

    found: dict[tuple[str, str], PackInfo] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist_name, version = _name_and_version(ep.dist)
        key = (_normalize(dist_name), ep.name)
        # The same distribution seen twice on sys.path is one pack: keep the first, as import does.
        found.setdefault(key, PackInfo(ep.name, dist_name, version, ep.value))
    return tuple(sorted(found.values(), key=lambda p: (p.name, _normalize(p.distribution))))


def find_packs(*, honour_environment: bool = True) -> tuple[PackInfo, ...]:
    """The installed packs, sorted by name, without importing any of them.

    With ``honour_environment`` (the default), ``ACUPRESS_NO_PACKS=1`` turns discovery off and
    ``ACUPRESS_PACKS=a,b`` keeps only the packs named.
    """
    if honour_environment and os.environ.get(DISABLE_ENV, "").strip() not in ("", "0"):
        return ()
    packs = _entry_points()
    allowed = os.environ.get(ALLOW_ENV, "").strip() if honour_environment else ""
    if allowed:
        names = {n.strip() for n in allowed.split(",") if n.strip()}
        packs = tuple(p for p in packs if p.name in names)
    return packs


def read_pack(info: PackInfo) -> tuple[str, str]:
    """Import the pack's module and read its ``pack.toml``: returns (display path, text)."""
    from importlib import import_module

    def broken(problem: str) -> PackError:
        return PackError(
            [f"{info.label}: {problem}"],
            pack=info.name,
            distribution=info.distribution,
            version=info.version,
        )

    module_name, _, attr = info.value.partition(":")
    try:
        module = import_module(module_name.strip())
    except Exception as exc:  # a broken pack must not stop the others
        raise broken(f"cannot import {module_name!r}: {type(exc).__name__}: {exc}") from None
    file_name = str(getattr(module, attr.strip(), PACK_FILE) if attr else PACK_FILE)
    display = f"{module_name}/{file_name}"
    try:
        where = getattr(module, "__file__", None)
        if (
            where
        ):  # a package on disk: read the file directly (importlib.resources is slow to import)
            with open(os.path.join(os.path.dirname(where), file_name), encoding="utf-8") as f:
                return display, f.read()
    except (OSError, UnicodeDecodeError):
        pass
    from importlib import resources

    try:
        text = resources.files(module).joinpath(file_name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, TypeError) as exc:
        raise broken(f"cannot read {display}: {exc}") from None
    return display, text


def pack_paths(path: str | os.PathLike[str]) -> list[Path]:
    """The pack files at ``path``: the file itself, or every ``pack.toml`` below a folder."""
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        return sorted(q for q in p.rglob(PACK_FILE) if "build" not in q.parts)
    return [p]
