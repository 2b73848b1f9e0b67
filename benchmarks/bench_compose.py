"""Benchmarks of the composer.

Run: python benchmarks/bench_compose.py (with the three packs installed). Prints Markdown tables:
1. `acupress compose low-back-pain --minutes 10` end to end, against
   `python -c "import attrs, cattrs, importlib_metadata, tomllib"` measured in the same run;
2. compose() over a synthetic library of 10,000 candidates (first call and warm);
3. the cost curve over candidates x budget.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

from _common import compile_bytecode


def _wall(command: list[str], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _compose_times(candidates: int, minutes: int, repeat: int) -> tuple[float, float]:
    import acupress
    from acupress.testing import synthetic_pack

    library = acupress.Library.build([synthetic_pack(candidates, seed=1)], discover=False)
    library.safety  # noqa: B018 - compile the rules outside the measurement
    start = time.perf_counter()
    acupress.compose("synthetic-goal", minutes=minutes, library=library)
    first = time.perf_counter() - start
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        acupress.compose("synthetic-goal", minutes=minutes, library=library)
        samples.append(time.perf_counter() - start)
    return first, statistics.median(samples)


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()

    exe = shutil.which("acupress") or sys.executable
    command = [exe] if exe != sys.executable else [sys.executable, "-m", "acupress"]
    command += ["compose", "low-back-pain", "--minutes", "10", "--format", "json"]
    subprocess.run(command, check=True, capture_output=True)  # warm the pack cache
    baseline = _wall(
        [sys.executable, "-c", "import attrs, cattrs, importlib_metadata, tomllib"], args.repeat
    )
    end_to_end = _wall(command, args.repeat)
    print("| measure | wall time |\n|---|---|")
    print(
        f'| `python -c "import attrs, cattrs, importlib_metadata, tomllib"` | '
        f"{baseline * 1e3:.0f} ms |"
    )
    print(
        f"| `acupress compose low-back-pain --minutes 10` | {end_to_end * 1e3:.0f} ms "
        f"({end_to_end / baseline:.2f}x) |"
    )

    first, warm = _compose_times(10_000, 10, args.repeat)
    print("\n| compose(), 10,000 candidates, 10 minutes | time |\n|---|---|")
    print(f"| first call (builds the candidate index) | {first * 1e3:.1f} ms |")
    print(f"| later calls | {warm * 1e3:.1f} ms |")

    print("\n| candidates | 5 min | 10 min | 20 min | 40 min |\n|---|---|---|---|---|")
    for candidates in (1_000, 2_500, 5_000, 10_000, 20_000):
        row = [
            f"{_compose_times(candidates, m, max(3, args.repeat // 3))[1] * 1e3:.1f} ms"
            for m in (5, 10, 20, 40)
        ]
        print(f"| {candidates:,} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
