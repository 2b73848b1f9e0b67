"""The package data: reading acupress's own data files, fast.

The catalog is TOML inside the package, read on first use only. A compiled JSON copy of it
(``data/catalog.json``, rebuilt by ``python -m acupress._data``) makes that first use fast; the
reader checks it against the TOML and ignores it when stale.
"""

from __future__ import annotations

import functools
import json
import os
import zlib
from collections.abc import Mapping
from typing import Any, TypeVar

from ._model.base import MERIDIAN_CODES
from ._state import process_cache
from .errors import DataError

T = TypeVar("T")

__all__ = [
    "DATA_FILES",
    "code_checksum",
    "compile_bundle",
    "read_bytes",
    "read_data",
    "read_text",
    "shipped_document",
    "shipped_object",
    "shipped_stamp",
    "shipped_value",
    "sources_checksum",
]

POINT_FILES = (*MERIDIAN_CODES, "EX")
DATA_FILES = (
    "meridians.toml",
    "notations.toml",
    "legacy_bladder.toml",
    "safety.toml",
    "maps.toml",
    *(f"points/{name}.toml" for name in POINT_FILES),
)
BUNDLE = "catalog.json"
_DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


def read_bytes(name: str) -> bytes:
    """The bytes of the data file ``name`` (``points/LU.toml``)."""
    try:
        with open(os.path.join(_DATA_DIR, *name.split("/")), "rb") as f:
            return f.read()
    except OSError:
        # Not on a plain file system (a zip, say): ask the import system instead.
        from importlib import resources

        return resources.files("acupress").joinpath("data").joinpath(name).read_bytes()


@process_cache
def sources_checksum() -> int:
    """A checksum of every TOML data file, to tell whether the compiled bundle is current.

    Read once per process (until ``acupress.refresh()``), as the catalog built from the files is:
    every cache entry keyed by it (the catalog, the resolver's index, the pack verdict) then
    names the very data the process's catalog was read from.
    """
    crc = 0
    for name in DATA_FILES:
        crc = zlib.crc32(read_bytes(name), crc)
    return crc


@functools.cache  # the package's own source files, which a process never sees change
def _source_crc(name: str) -> int | None:
    try:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), *name.split("/"))
        with open(path, "rb") as f:
            return zlib.crc32(f.read())
    except OSError:
        return None


def code_checksum(modules: tuple[str, ...]) -> int | None:
    """A checksum of the source of acupress's ``modules`` (``"_model/points.py"``, ...), for the
    stamp of a file built from them and shipped in the package; None when a module's source
    cannot be read (installed in a zip, say): then no such file is trusted. Each file is read
    once per process, however many stamps name it."""
    crcs = [_source_crc(name) for name in modules]
    if None in crcs:
        return None
    return zlib.crc32(" ".join(map(str, crcs)).encode())


def shipped_stamp(modules: tuple[str, ...], **data: object) -> dict[str, object] | None:
    """The stamp of a file shipped in the package: what it was built from (``data``: checksums
    of data files, a Unicode version) and ``code``, the checksum of the ``modules`` that build
    it; None when their source cannot be read."""
    crc = code_checksum(modules)
    return None if crc is None else {**data, "code": crc}


def shipped_value(name: str, stamp: Mapping[str, Any] | None) -> Any:
    """The ``value`` of the document ``data/name`` built with the package (``tools/gen_index.py``)
    when its ``stamp`` is ``stamp``, the stamp of this installation's data and code; None when
    the stamp cannot be made (None), differs, or the file is missing or not such a document. The
    caller checks the value itself."""
    if stamp is None:
        return None
    try:
        document = json.loads(read_bytes(name))
    except (OSError, ValueError):
        return None
    if type(document) is not dict or document.get("stamp") != stamp:
        return None
    return document.get("value")


def shipped_object(name: str, stamp: Mapping[str, Any] | None, type_: type[T]) -> T | None:
    """The object of type ``type_`` stored in the shipped document ``data/name`` (as
    ``shipped_document`` writes it), every object built through its constructor; None when the
    document is stale, missing or not exactly one (the caller then builds it from the data)."""
    value = shipped_value(name, stamp)
    if value is None:
        return None
    from ._cache import from_plain

    try:
        return from_plain(value, type_)
    except Exception:  # not exactly such an object: as without the file
        return None


def shipped_document(stamp: Mapping[str, Any] | None, value: object, type_: Any) -> dict[str, Any]:
    """The document ``tools/gen_index.py`` writes for ``value``: its stamp, and the value in the
    cache's stored form for ``type_``."""
    from ._cache import to_plain

    return {"stamp": stamp, "value": to_plain(value, type_)}


def _parse(name: str) -> Any:
    import tomllib

    display = f"acupress/data/{name}"
    try:
        return tomllib.loads(read_bytes(name).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:  # TOMLDecodeError is a ValueError
        raise DataError([f"{display}: invalid TOML: {exc}"]) from None


def compile_bundle() -> dict[str, Any]:
    """Parse every TOML data file into one JSON-ready bundle, stamped with the sources' checksum."""
    return {"checksum": sources_checksum(), "files": {name: _parse(name) for name in DATA_FILES}}


@process_cache
def _bundle() -> Mapping[str, Any]:
    # Parsing the TOML costs about 35 ms; the compiled JSON about 2 ms. The TOML stays the
    # source of truth: a bundle whose checksum does not match the TOML files is ignored.
    try:
        bundle = json.loads(read_bytes(BUNDLE))
    except (OSError, ValueError):
        return {}
    if not isinstance(bundle, dict) or bundle.get("checksum") != sources_checksum():
        return {}
    files = bundle.get("files")
    return files if isinstance(files, dict) else {}


def read_data(name: str, *, bundled: bool = True) -> tuple[str, Any]:
    """The display path and parsed content of the data file ``name`` (``points/LU.toml``).

    From the compiled bundle when it is current; with ``bundled=False`` the file itself is
    parsed, for a small file read alone (parsing its TOML costs less than the whole bundle).
    """
    display = f"acupress/data/{name}"
    found = _bundle().get(name) if bundled else None
    return display, found if found is not None else _parse(name)


def read_text(name: str) -> str:
    """The text of the data file ``name``."""
    return read_bytes(name).decode("utf-8")


if __name__ == "__main__":
    # Regenerate the compiled bundle after editing any TOML file in acupress/data.
    with open(os.path.join(_DATA_DIR, BUNDLE), "w", encoding="utf-8") as out:
        json.dump(compile_bundle(), out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")
