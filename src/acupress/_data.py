"""The package data: reading acupress's own data files, fast.

The catalog is TOML inside the package, read on first use only. A compiled JSON copy of it
(``data/catalog.json``, rebuilt by ``python -m acupress._data``) makes that first use fast; the
reader checks it against the TOML and ignores it when stale.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Mapping
from typing import Any

from ._model.base import MERIDIAN_CODES
from ._state import process_cache
from .errors import DataError

__all__ = [
    "DATA_FILES",
    "code_checksum",
    "compile_bundle",
    "read_bytes",
    "read_data",
    "read_text",
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


def code_checksum(modules: tuple[str, ...]) -> int | None:
    """A checksum of the source of acupress's ``modules`` (``"_model/points.py"``, ...), for the
    stamp of a file built from them and shipped in the package; None when a module's source
    cannot be read (installed in a zip, say): then no such file is trusted."""
    package = os.path.dirname(os.path.abspath(__file__))
    crc = 0
    try:
        for name in modules:
            with open(os.path.join(package, *name.split("/")), "rb") as f:
                crc = zlib.crc32(f.read(), crc)
    except OSError:
        return None
    return crc


def shipped_value(name: str, stamp: Mapping[str, Any] | None) -> Any:
    """The ``value`` of the document ``data/name`` built with the package (``tools/gen_index.py``)
    when its ``stamp`` is ``stamp``, the stamp of this installation's data and code; None when
    the stamp cannot be made (None), differs, or the file is missing or not such a document. The
    caller checks the value itself (it decodes it, every object through its constructor)."""
    if stamp is None:
        return None
    try:
        document = json.loads(read_bytes(name))
    except (OSError, ValueError):
        return None
    if type(document) is not dict or document.get("stamp") != stamp:
        return None
    return document.get("value")


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
