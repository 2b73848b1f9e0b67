"""Benchmarks of pack discovery and loading at scale, each paired with its floor run by run.

Run: python benchmarks/bench_packs.py [--repeat N] [--sizes 200,1000]. For each N, N synthetic
packs are installed (a module with its pack.toml and a dist-info folder each) in a temporary
folder put first on sys.path, and a fresh per-user cache folder is used. Measured in this
process, each measure right after its floor (A B A B ..., see ``_common.paired``), every
process-wide cache forgotten before each run (``acupress.refresh()``), as a new process would
start:

- discovery: ``find_packs()`` (names, distributions, versions; nothing imported), with the
  discovery cache warm and with the cache turned off, against
  ``importlib_metadata.entry_points(group="acupress.packs")`` alone;
- a warm load: ``Library.build()`` with every pack in the cache, against the same floor, with
  the cost of each pack added from one N to the next (a linear load costs the same at every
  step), and whether any pack
  module was imported or any pack.toml read during the warm runs;
- the first load (empty cache), once, for scale.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import Paired, compile_bytecode, machine, paired, timed

POINTS = ["LI4", "BL23", "GB20", "KI1", "PC6", "ST36", "SP6", "HT7", "LR3", "GV20"]


def _pack_text(name: str, indications: int) -> str:
    from acupress.testing import to_toml

    doc = {
        "schema": 1,
        "id": name,
        "name": name,
        "version": "1.0.0",
        "summary": "Synthetic.",
        "license": "CC0-1.0",
        "authors": ["bench"],
        "acupress": ">=0",
        "conditions": [{"id": f"{name}-c", "name": "C", "description": "Synthetic condition."}],
        "indications": [
            {
                "point": POINTS[i % len(POINTS)],
                "condition": f"{name}-c",
                "why": f"Synthetic indication number {i}.",
                "references": ["tradition"],
                "priority": 1 + i % 5,
            }
            for i in range(indications)
        ],
    }
    return to_toml(doc)


def _install(site: Path, count: int, indications: int = 5) -> None:
    from acupress.testing import install_fake_pack

    for i in range(count):
        name = f"synth{i:04d}"
        install_fake_pack(site, _pack_text(name, indications), name=name)


def _row(label: str, pair: Paired, per: int | None = None) -> str:
    extra = f" | {statistics.median(pair.ours) * 1e3 / per:.3f} ms" if per else " | "
    return f"| {label} | {pair.cells()}{extra} |"


def _fake_modules() -> int:
    return sum(1 for m in sys.modules if m.startswith("acupress_fake_synth"))


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sizes", default="200,600,1000")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]

    import importlib

    import importlib_metadata

    import acupress
    from acupress import find_packs
    from acupress._packs import loading

    os.environ.pop("ACUPRESS_NO_PACKS", None)
    os.environ.pop("ACUPRESS_PACKS", None)

    def floor() -> object:
        return importlib_metadata.entry_points(group="acupress.packs")

    def fresh() -> None:
        acupress.refresh()

    reads: list[str] = []
    real_read_pack = loading.read_pack

    def counting_read_pack(info: Any) -> tuple[str, str]:
        reads.append(info.name)
        return real_read_pack(info)

    print(f"Machine: {machine()}\n")
    print(
        "| measure | ours | floor: `entry_points(group=...)` | ratio, median (min-max) "
        "| per pack |\n|---|---|---|---|---|"
    )
    notes = []
    per_pack: dict[int, float] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            site.mkdir()
            _install(site, n)
            os.environ["ACUPRESS_CACHE_DIR"] = str(Path(tmp) / "cache")
            sys.path.insert(0, str(site))
            importlib.invalidate_caches()
            try:
                fresh()
                cold = timed(acupress.Library.build)
                fresh()
                assert len(find_packs()) >= n
                listing = paired(find_packs, floor, args.repeat, prepare=fresh)
                os.environ["ACUPRESS_NO_CACHE"] = "1"
                uncached = paired(find_packs, floor, args.repeat, prepare=fresh)
                del os.environ["ACUPRESS_NO_CACHE"]
                # Forget the modules the cold load imported: a new process starts without them.
                for name in [m for m in sys.modules if m.startswith("acupress_fake_synth")]:
                    del sys.modules[name]
                loading.read_pack = counting_read_pack  # type: ignore[assignment]
                try:
                    warm = paired(acupress.Library.build, floor, args.repeat, prepare=fresh)
                finally:
                    loading.read_pack = real_read_pack  # type: ignore[assignment]
                loaded = len(acupress.Library.build().packs)
                imported = _fake_modules()
            finally:
                sys.path.remove(str(site))
                del os.environ["ACUPRESS_CACHE_DIR"]
                for name in [m for m in sys.modules if m.startswith("acupress_fake_synth")]:
                    del sys.modules[name]
                fresh()
        per_pack[n] = statistics.median(warm.ours) / n
        print(_row(f"{n} packs: `find_packs()`, discovery cache warm", listing))
        print(_row(f"{n} packs: `find_packs()`, cache off", uncached))
        print(_row(f"{n} packs: warm `Library.build()`", warm, per=n))
        notes.append(
            f"{n} packs: first load (empty cache) {cold * 1e3:.0f} ms; warm loads loaded "
            f"{loaded} packs, imported {imported} pack modules and read {len(reads)} pack files"
        )
        reads.clear()
    print()
    for note in notes:
        print(f"- {note}")
    counts = sorted(per_pack)
    for small, large in itertools.pairwise(counts):
        extra = (per_pack[large] * large - per_pack[small] * small) / (large - small)
        print(
            f"- warm load, each pack from {small} to {large}: {extra * 1e3:.3f} ms "
            f"(the same from one step to the next is linear)"
        )


if __name__ == "__main__":
    main()
