"""Start-up benchmarks paired against their floor, run by run (A B A B ...).

Run: python benchmarks/bench_paired.py (with the three packs installed). Each measure is a fresh
process timed alternately with its floor, so load on the machine hits both alike; the table shows
the median wall time of each and the median, min and max of the per-pair ratio.

- `import acupress` against `python -c pass`;
- the first `acupress.load().point("LI4")` (catalog and packs, warm cache) against `import attrs`;
- `acupress compose low-back-pain --minutes 10` against the dependency floor
  `python -c "import attrs, cattrs, importlib_metadata, tomllib"` and against `import attrs`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

from _common import compile_bytecode

FLOOR_DEPS = [sys.executable, "-c", "import attrs, cattrs, importlib_metadata, tomllib"]
FLOOR_ATTRS = [sys.executable, "-c", "import attrs"]
FLOOR_PASS = [sys.executable, "-c", "pass"]


def _once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def paired(command: list[str], floor: list[str], repeat: int) -> tuple[float, float, list[float]]:
    """Median of the command, median of the floor, and every per-pair ratio."""
    ours, theirs, ratios = [], [], []
    for _ in range(repeat):
        a = _once(floor)
        b = _once(command)
        theirs.append(a)
        ours.append(b)
        ratios.append(b / a)
    return statistics.median(ours), statistics.median(theirs), ratios


def _row(label: str, floor_label: str, result: tuple[float, float, list[float]]) -> str:
    ours, theirs, ratios = result
    return (
        f"| {label} | {ours * 1e3:.1f} ms | {floor_label} {theirs * 1e3:.1f} ms | "
        f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f}) |"
    )


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    exe = shutil.which("acupress")
    cli = [exe] if exe else [sys.executable, "-m", "acupress"]
    compose = [*cli, "compose", "low-back-pain", "--minutes", "10", "--format", "json"]
    subprocess.run(compose, check=True, capture_output=True)  # warm the caches
    load = [sys.executable, "-c", "import acupress; acupress.load().point('LI4')"]
    imp = [sys.executable, "-c", "import acupress"]

    print("| measure | median | floor | ratio (min-max) |\n|---|---|---|---|")
    print(_row("`import acupress`", "`pass`", paired(imp, FLOOR_PASS, args.repeat)))
    print(
        _row(
            "first `load().point('LI4')`", "`import attrs`", paired(load, FLOOR_ATTRS, args.repeat)
        )
    )
    print(_row("`acupress compose ...` warm", "deps", paired(compose, FLOOR_DEPS, args.repeat)))
    print(
        _row(
            "`acupress compose ...` warm",
            "`import attrs`",
            paired(compose, FLOOR_ATTRS, args.repeat),
        )
    )


if __name__ == "__main__":
    main()
