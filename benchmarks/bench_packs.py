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
- the first load (empty cache), once, for scale;
- the packs installed here (the project's seven): the first ``Library.build()`` of a fresh
  process with the model imported and the cache warm, against ``python -c "import attrs"``, each
  timed inside its own fresh interpreter, in pairs (``--installed``, or alone with
  ``--installed-only``).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import Paired, compile_bytecode, machine, paired, paired_values, timed

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


SETUP = (
    "import acupress, acupress._library, acupress._packs.loading, acupress._packs.discovery, "
    "acupress._cache, importlib_metadata\nacupress.Library.standard()\n"
)


def _median(code: str, repeat: int, env: dict[str, str]) -> float:
    samples = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        )
        samples.append(float(out.stdout.split()[-1]))
    return statistics.median(samples)


def _timed(body: str) -> str:
    return f"{SETUP}import time\nt = time.perf_counter()\n{body}\nprint(time.perf_counter() - t)"


def _sized_install(site: Path, count: int, indications: int) -> int:
    from acupress.testing import install_fake_pack

    size = 0
    for i in range(count):
        text = _pack_text(f"synth{i:03d}", indications)
        size += len(text.encode())
        install_fake_pack(site, text, name=f"synth{i:03d}")
    return size


def earlier_tables(repeat: int) -> None:
    """The three first packs, and loads growing with the packs' total size (fresh processes,
    medians, unpaired: the tables under "Packs" in docs/performance.md)."""
    base_env = {k: v for k, v in os.environ.items() if k != "ACUPRESS_CACHE_DIR"}

    with tempfile.TemporaryDirectory() as cache:
        env = {**base_env, "ACUPRESS_CACHE_DIR": cache}
        cold = _median(_timed("import shutil, os\nacupress.Library.build()"), 1, env)
        warm = _median(_timed("acupress.Library.build()"), repeat, env)
    no_cache = _median(
        _timed("acupress.Library.build()"), repeat, {**base_env, "ACUPRESS_NO_CACHE": "1"}
    )
    print("| three first packs | discover + load |\n|---|---|")
    print(f"| first load, empty cache | {cold * 1e3:.1f} ms |")
    print(f"| later loads (cache warm) | {warm * 1e3:.1f} ms |")
    print(f"| cache turned off | {no_cache * 1e3:.1f} ms |")

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        _sized_install(site, 200, 5)
        env = {**base_env, "PYTHONPATH": f"{site}{os.pathsep}{base_env.get('PYTHONPATH', '')}"}
        find = _timed("from acupress import find_packs\nfind_packs()")
        listing = _median(find, repeat, {**env, "ACUPRESS_NO_CACHE": "1"})
        listing_cached = _median(find, repeat, env)
        raw = _median(
            _timed("importlib_metadata.entry_points(group='acupress.packs')"), repeat, env
        )
    print("\n| 200 installed packs | time |\n|---|---|")
    print(f"| `entry_points(group=...)` alone | {raw * 1e3:.1f} ms |")
    print(
        f"| `find_packs()` (names, distributions, versions; nothing imported), cache off | "
        f"{listing * 1e3:.1f} ms ({listing / raw:.2f}x) |"
    )
    print(
        f"| `find_packs()` with the discovery cache warm | "
        f"{listing_cached * 1e3:.1f} ms ({listing_cached / raw:.2f}x) |"
    )

    print(
        "\n| packs x indications each | total TOML | load, no cache | per KB |\n|---|---|---|---|"
    )
    for count, size_each in ((50, 20), (100, 20), (200, 20), (200, 40), (200, 80)):
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp)
            total = _sized_install(site, count, size_each)
            env = {
                **base_env,
                "ACUPRESS_NO_CACHE": "1",
                "PYTHONPATH": f"{site}{os.pathsep}{base_env.get('PYTHONPATH', '')}",
            }
            took = _median(_timed("acupress.Library.build()"), max(3, repeat // 3), env)
        print(
            f"| {count} x {size_each} | {total / 1024:.0f} KB | {took * 1e3:.0f} ms | "
            f"{took * 1e3 / (total / 1024):.2f} ms |"
        )


# What a command imports before it builds its library: the model, the loader, the checks.
INSTALLED_SETUP = (
    "import acupress, acupress._library, acupress._packs.loading, acupress._packs.policy, "
    "acupress._safety.rules, acupress._model.packs, acupress._model.routines"
)


def _in_fresh_process(setup: str, measured: str, env: dict[str, str]) -> Callable[[], float]:
    """Seconds ``measured`` takes in a fresh interpreter after ``setup`` (untimed)."""
    code = (
        f"{setup}\nimport time\nt = time.perf_counter()\n{measured}\nprint(time.perf_counter() - t)"
    )

    def run() -> float:
        done = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        )
        return float(done.stdout.split()[-1])

    return run


def installed_table(repeat: int) -> None:
    """The first warm ``Library.build()`` of the packs installed here, in fresh processes."""
    with tempfile.TemporaryDirectory() as cache:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("ACUPRESS_NO_CACHE", "ACUPRESS_NO_PACKS", "ACUPRESS_PACKS")
        }
        env["ACUPRESS_CACHE_DIR"] = cache
        build = _in_fresh_process(INSTALLED_SETUP, "library = acupress.Library.build()", env)
        for _ in range(3):  # the first load, the one that keeps the checks' verdict, one more
            build()
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                f"{INSTALLED_SETUP}\nprint(len(acupress.Library.build().packs))",
            ],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        result = paired_values(build, _in_fresh_process("", "import attrs", env), repeat)
    print("| measure | ours | floor: `import attrs` | ratio, median (min-max) | target |")
    print("|---|---|---|---|---|")
    print(
        f"| {done.stdout.strip()} installed packs: first `Library.build()` of a process, model "
        f"imported, cache warm | {result.cells()} | <= 15 ms |"
    )


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sizes", default="200,600,1000")
    parser.add_argument(
        "--earlier", action="store_true", help="also print the earlier, unpaired tables"
    )
    parser.add_argument(
        "--installed", action="store_true", help="also time the packs installed here"
    )
    parser.add_argument(
        "--installed-only", action="store_true", help="time only the packs installed here"
    )
    args = parser.parse_args()
    if args.installed or args.installed_only:
        print(f"Machine: {machine()}\n")
        installed_table(args.repeat)
        print()
        if args.installed_only:
            return
    if args.earlier:
        earlier_tables(max(3, args.repeat // 2))
        print()
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
