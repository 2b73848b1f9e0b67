"""Finding installed content packs through the ``acupress.packs`` entry point group.

Discovery has two phases, as in flake8's plugin finder: ``find_packs()`` lists entry points without
importing anything; ``read_pack()`` imports one pack's module and reads its ``pack.toml`` when the
pack is actually loaded. The list is cached per process; ``acupress.refresh()`` forgets it.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from .._cache import cached
from .._i18n import tr
from .._state import process_cache
from ..errors import PackError

if TYPE_CHECKING:
    from pathlib import Path

    from importlib_metadata import IDistribution as Distribution

__all__ = [
    "ALLOW_ENV",
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "PACK_FILE",
    "PackInfo",
    "find_packs",
    "installation_stamp",
    "installed_key",
    "pack_paths",
    "pack_source",
    "read_limited",
    "read_pack",
]

ENTRY_POINT_GROUP = "acupress.packs"
DISABLE_ENV = "ACUPRESS_NO_PACKS"
ALLOW_ENV = "ACUPRESS_PACKS"
PACK_FILE = "pack.toml"
_MAX_METADATA_BYTES = 1024 * 1024  # entry_points.txt, METADATA: real ones are a few KB


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


def _dist_text(dist: Distribution, filename: str) -> str | None:
    """One metadata file of ``dist``, or None; never an exception.

    Nothing in one installed distribution, pack or not, may stop discovery: a file on disk is
    read only if it is a regular file of at most ``_MAX_METADATA_BYTES`` (a FIFO would hang), and
    a byte that is not UTF-8 is replaced, so that the rest of the file still counts (a pack
    whose own names hold such a byte then fails alone, by its name).
    """
    folder: Any = getattr(dist, "_path", None)
    if isinstance(folder, os.PathLike):  # a folder on disk: a FIFO here must not hang discovery
        return _folder_text(folder, filename)
    try:
        text: str | None = dist.read_text(filename)
    except UnicodeDecodeError:
        # PathDistribution's folder (a zipfile.Path here): the only way to its bytes.
        try:
            data: bytes = folder.joinpath(filename).read_bytes()[:_MAX_METADATA_BYTES]
        except Exception:
            return None
        return data.decode("utf-8", "replace")
    except Exception:  # a provider's own Distribution may raise anything: not a pack then
        return None
    return text


def _folder_text(folder: str | os.PathLike[str], filename: str) -> str | None:
    """One metadata file of the distribution whose metadata is the folder ``folder``, or None."""
    try:
        raw = read_limited(os.path.join(folder, filename), _MAX_METADATA_BYTES)
    except OSError:  # missing, not a regular file, too large: no such file, for us
        return None
    return raw.decode("utf-8", "replace")


def _name_and_version(dist: Distribution | None) -> tuple[str, str]:
    """A distribution's name and version from the top of its METADATA.

    ``dist.name`` parses the whole file as an e-mail message, which costs milliseconds per pack;
    the two headers we need are always near the top.
    """
    if dist is None:
        return "unknown", "unknown"
    return _headers(_dist_text(dist, "METADATA") or _dist_text(dist, "PKG-INFO") or "")


def _headers(text: str) -> tuple[str, str]:
    """The Name and Version headers at the top of a METADATA text ("unknown" when missing)."""
    name = version = None
    for line in text.splitlines():
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


def _group_entries(text: str) -> list[tuple[str, str]]:
    """The ``name = value`` lines of the ``[acupress.packs]`` section of entry_points.txt."""
    entries: list[tuple[str, str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            inside = line == f"[{ENTRY_POINT_GROUP}]"
            continue
        if inside:
            name, sep, value = line.partition("=")
            if sep and name.strip():
                entries.append((name.strip(), value.strip()))
    return entries


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
    """Every installed pack's entry point, each distribution read on its own.

    This is what ``entry_points(group=...)`` does, less its costs and its one failure mode: a
    distribution's ``entry_points.txt`` is only parsed when it names the group, only a pack's
    METADATA is read, and no file of one distribution (undecodable, unreadable, odd) stops the
    scan of the others.
    """
    folders = _metadata_folders()
    if folders is not None:
        return _collect(
            (functools.partial(_folder_text, folder, "entry_points.txt"), folder)
            for folder in folders
        )
    from importlib_metadata import distributions

    return _collect(
        (functools.partial(_dist_text, dist, "entry_points.txt"), dist) for dist in distributions()
    )


def _path_finders_only() -> bool:
    """Whether importlib-metadata would find distributions only in the folders of sys.path.

    It asks every finder on ``sys.meta_path`` that has ``find_distributions``; the standard one
    (whose method it replaces by its own ``MetadataPathFinder``) and its own read the folders of
    ``sys.path``. Any other (an application's own finder) is only heard through it.
    """
    from importlib.machinery import PathFinder

    backport = sys.modules.get("importlib_metadata")
    own = getattr(backport, "MetadataPathFinder", None)
    for finder in sys.meta_path:
        if getattr(finder, "find_distributions", None) is None or finder is PathFinder:
            continue
        if own is None or not isinstance(finder, own):
            return False
    return True


def _metadata_folders() -> list[str] | None:
    """The metadata folders of every distribution in the folders of ``sys.path``, in the order
    ``importlib_metadata.distributions()`` gives them, or None when it must be asked itself (a
    zip or an unreadable folder on sys.path, an entry that is not text, a finder of its own).

    Its order, kept exactly (the first of two copies of a distribution is the one that counts):
    folder by folder along sys.path; in a folder, the ``*.dist-info`` and ``*.egg-info`` entries
    grouped by their normalised project name, the groups in the order their first entry is
    listed and the entries of a group as listed; then, in a folder named ``*.egg``, its
    ``EGG-INFO``. Reading each folder with ``os.listdir`` is what it does too.
    """
    if not _path_finders_only():
        return None
    found: list[str] = []
    for root in sys.path:
        if not isinstance(root, str):
            return None
        try:
            children = os.listdir(root or ".")
        except OSError:
            if os.path.exists(root or "."):
                return None  # a zip archive, or a folder it may read otherwise: ask it
            continue
        groups: dict[str, list[str]] = {}
        eggs: list[str] = []
        base_is_egg = os.path.basename(root).lower().endswith(".egg")
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                project = low.rpartition(".")[0].partition("-")[0]
                key = re.sub(r"[-_.]+", "-", project).lower().replace("-", "_")
                groups.setdefault(key, []).append(os.path.join(root, child))
            elif base_is_egg and low == "egg-info":
                eggs.append(os.path.join(root, child))
        for members in groups.values():
            found.extend(members)
        found.extend(eggs)
    return found


def _collect(
    dists: Iterable[tuple[Callable[[], str | None], Distribution | str]],
) -> tuple[PackInfo, ...]:
    """The packs of the distributions given as (their entry_points.txt, the distribution or
    its metadata folder), in importlib-metadata's order."""
    found: dict[tuple[str, str], PackInfo] = {}
    seen: set[str] = set()
    marker = f"[{ENTRY_POINT_GROUP}]"
    for entry_points, dist in dists:
        text = entry_points()
        if not text or marker not in text:
            continue
        if isinstance(dist, str):
            meta = _folder_text(dist, "METADATA") or _folder_text(dist, "PKG-INFO") or ""
            dist_name, version = _headers(meta)
        else:
            dist_name, version = _name_and_version(dist)
        normalized = _normalize(dist_name)
        # The same distribution seen twice on sys.path is one pack: keep the first, as import
        # and entry_points() do.
        if normalized in seen and dist_name != "unknown":
            continue
        seen.add(normalized)
        for name, value in _group_entries(text):
            found.setdefault((normalized, name), PackInfo(name, dist_name, version, value))
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


_VALUE = re.compile(r"\s*(?P<module>[\w.]+)\s*(?::\s*(?P<attr>[\w.]+)\s*)?(?:\[.*\]\s*)?")


def read_pack(info: PackInfo) -> tuple[str, str]:
    """Import the pack's module and read its ``pack.toml``: returns (display path, text).

    Whatever goes wrong is a PackError naming the pack: a module that raises anything at import
    (``SystemExit``, ``RecursionError``, ``MemoryError``, any ``BaseException`` but
    ``KeyboardInterrupt``, which is the user's), a file that is not a regular file (a FIFO would
    hang, ``/dev/zero`` never ends), larger than ``MAX_PACK_BYTES``, or not UTF-8.
    """
    from importlib import import_module

    from .document import MAX_PACK_BYTES

    def broken(problem: str) -> PackError:
        return PackError(
            [f"{info.label}: {problem}"],
            pack=info.name,
            distribution=info.distribution,
            version=info.version,
        )

    match = _VALUE.fullmatch(info.value)
    if match is None:
        raise broken(
            tr("entry point {value} is not 'module' or 'module:attribute'", value=repr(info.value))
        )
    module_name, attr = match["module"], match["attr"]
    try:
        module = import_module(module_name)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a broken pack must not stop the others
        raise broken(
            tr("cannot import {module}: {reason}", module=repr(module_name), reason=_cause(exc))
        ) from None
    try:
        file_name = str(getattr(module, attr) if attr else PACK_FILE)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a module's __getattr__ may raise anything
        raise broken(
            tr("cannot read {what}: {reason}", what=module_name + ":" + attr, reason=_cause(exc))
        ) from None
    display = f"{module_name}/{file_name}"
    where = getattr(module, "__file__", None)
    try:
        raw = None
        if isinstance(where, str) and where:
            # A package on disk: read the file directly (importlib.resources is slow to import).
            try:
                raw = read_limited(os.path.join(os.path.dirname(where), file_name), MAX_PACK_BYTES)
            except (FileNotFoundError, NotADirectoryError):  # inside a zip: ask its loader
                raw = None
        if raw is None:
            from importlib import resources

            with resources.files(module).joinpath(file_name).open("rb") as f:
                raw = f.read(MAX_PACK_BYTES + 1)
            if len(raw) > MAX_PACK_BYTES:
                raise _too_large(MAX_PACK_BYTES)
        return display, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise broken(
            f"{display}: " + tr("not UTF-8 text (byte {position})", position=exc.start)
        ) from None
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # OSError, or anything a loader raises
        raise broken(tr("cannot read {what}: {reason}", what=display, reason=_cause(exc))) from None


def pack_source(info: PackInfo) -> str:
    """How messages name an installed pack's file: ``module/pack.toml``."""
    match = _VALUE.fullmatch(info.value)
    return f"{match['module']}/{PACK_FILE}" if match is not None else info.value


def installed_key(info: PackInfo) -> str | None:
    """What keys an installed pack in the cache, found without importing or reading anything.

    The pack's distribution (name, version, entry point) and, for the module's file and the
    ``pack.toml`` beside it, the path where import would find them now and their device, inode,
    size and modification and change times. Installing, upgrading, editing (even in place, in an
    editable install), moving or replacing either file, or changing ``sys.path`` so that another
    copy is found, changes the key. None (import and read, as without a cache) when the module
    is not a plain top-level module or package on disk (a submodule, a zip, a namespace
    package, ``module:attribute``), since then finding the file needs the import.
    """
    match = _VALUE.fullmatch(info.value)
    if match is None or match["attr"] or "." in match["module"]:
        return None
    from importlib.util import find_spec

    try:
        spec = find_spec(match["module"])
    except KeyboardInterrupt:
        raise
    except BaseException:  # a finder may raise anything: import it, as before
        return None
    if spec is None or not spec.has_location or not isinstance(spec.origin, str):
        return None
    parts: list[object] = [info.name, info.distribution, info.version, info.value]
    for path in (spec.origin, os.path.join(os.path.dirname(spec.origin), PACK_FILE)):
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        parts.append([path, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
    import json

    return json.dumps(parts)


def _cause(exc: BaseException) -> str:
    """``SystemExit: 3``: an exception as one line of a message."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    detail = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {detail[0]}" if detail else type(exc).__name__


def _too_large(limit: int) -> OSError:
    return OSError(errno.EFBIG, tr("too large (at most {most} bytes)", most=limit))


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Opened without blocking (a FIFO must not hang the open) and checked with ``fstat`` on the
    open file, so what is read is what was checked; OSError (with a short ``strerror``)
    otherwise.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, tr("not a regular file"))
        if info.st_size > limit:
            raise _too_large(limit)
        chunks = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, left)):
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise _too_large(limit)
    return raw


def pack_paths(path: str | os.PathLike[str]) -> list[Path]:
    """The pack files at ``path``: the file itself, or every ``pack.toml`` below a folder."""
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        return sorted(q for q in p.rglob(PACK_FILE) if "build" not in q.parts)
    return [p]
