"""Benchmarks of pack discovery and loading.

Run: python benchmarks/bench_packs.py (with the three packs installed). Prints Markdown tables:
1. discovering and loading the three first packs (cold cache and warm cache);
2. listing 200 synthetic installed packs without loading them, against entry_points() alone;
3. loading N synthetic packs of growing total size, to show the cost grows linearly.
Each figure is the median over fresh interpreter processes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import compile_bytecode

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


def _pack_text(name: str, indications: int) -> str:
    from acupress.testing import to_toml

    points = ["LI4", "BL23", "GB20", "KI1", "PC6", "ST36", "SP6", "HT7", "LR3", "GV20"]
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
                "point": points[i % len(points)],
                "condition": f"{name}-c",
                "why": f"Synthetic indication number {i}.",
                "references": ["tradition"],
                "priority": 1 + i % 5,
            }
            for i in range(indications)
        ],
    }
    return to_toml(doc)


def _install(site: Path, count: int, indications: int) -> int:
    from acupress.testing import install_fake_pack

    size = 0
    for i in range(count):
        text = _pack_text(f"synth{i:03d}", indications)
        size += len(text.encode())
        install_fake_pack(site, text, name=f"synth{i:03d}")
    return size


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    base_env = dict(os.environ)

    with tempfile.TemporaryDirectory() as cache:
        env = {**base_env, "ACUPRESS_CACHE_DIR": cache}
        cold = _median(_timed("import shutil, os\nacupress.Library.build()"), 1, env)
        warm = _median(_timed("acupress.Library.build()"), args.repeat, env)
    no_cache = _median(
        _timed("acupress.Library.build()"), args.repeat, {**base_env, "ACUPRESS_NO_CACHE": "1"}
    )
    print("| three first packs | discover + load |\n|---|---|")
    print(f"| first load, empty cache | {cold * 1e3:.1f} ms |")
    print(f"| later loads (cache warm) | {warm * 1e3:.1f} ms |")
    print(f"| cache turned off | {no_cache * 1e3:.1f} ms |")

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        _install(site, 200, 5)
        env = {**base_env, "PYTHONPATH": f"{site}{os.pathsep}{base_env.get('PYTHONPATH', '')}"}
        find = _timed("from acupress import find_packs\nfind_packs()")
        listing = _median(find, args.repeat, {**env, "ACUPRESS_NO_CACHE": "1"})
        listing_cached = _median(find, args.repeat, env)
        raw = _median(
            _timed("importlib_metadata.entry_points(group='acupress.packs')"), args.repeat, env
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
            total = _install(site, count, size_each)
            env = {
                **base_env,
                "ACUPRESS_NO_CACHE": "1",
                "PYTHONPATH": f"{site}{os.pathsep}{base_env.get('PYTHONPATH', '')}",
            }
            took = _median(_timed("acupress.Library.build()"), max(3, args.repeat // 3), env)
        print(
            f"| {count} x {size_each} | {total / 1024:.0f} KB | {took * 1e3:.0f} ms | "
            f"{took * 1e3 / (total / 1024):.2f} ms |"
        )


if __name__ == "__main__":
    main()
