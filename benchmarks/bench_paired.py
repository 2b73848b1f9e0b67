"""Start-up and command-line benchmarks, each paired with its floor run by run (A B A B ...).

Run: python benchmarks/bench_paired.py [--repeat N] (with the three packs installed). Each
measure is a fresh process timed right after its floor, so load on the machine hits both alike;
a row gives the median of each and the median, min and max of the per-pair ratio.

- `import acupress` against `python -c pass`;
- the first `acupress.load().point("LI4")` (catalog and packs, warm cache) against `import attrs`;
- the first `Library.build()` after `import acupress`, against `import acupress` (the difference
  is what the build costs);
- `acupress compose low-back-pain --minutes 10` against the dependency floor
  `python -c "import attrs, cattrs, importlib_metadata, tomllib"` and against `import attrs`;
- the same command's first run after install (an empty cache, a fresh `ACUPRESS_CACHE_DIR` for
  each run) against the floor and against the warm run;
- the longest request the command line takes (120 minutes, 50 points, a profile);
- `acupress show LI4`, `acupress resolve Hoku` and an unknown spelling (`resolve Hokuu`, which
  makes suggestions) against the warm compose;
- `acupress --version` against `python -c pass` (and against `import attrs`: it imports none).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _common import Paired, compile_bytecode, machine, paired, process

PY = sys.executable


class ColdRun:
    """A command run with a cache folder no run has used: the first run after install."""

    def __init__(self, argv: list[str], under: Path) -> None:
        self._argv = argv
        self._under = under
        self._env: dict[str, str] = dict(os.environ)

    def prepare(self) -> None:
        self._env = {**os.environ, "ACUPRESS_CACHE_DIR": tempfile.mkdtemp(dir=self._under)}

    def __call__(self) -> None:
        process(self._argv, self._env)()


def _row(label: str, floor: str, result: Paired) -> str:
    return f"| {label} | {floor} | {result.cells()} |"


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    repeat = args.repeat

    exe = shutil.which("acupress")
    cli = [exe] if exe else [PY, "-m", "acupress"]
    with tempfile.TemporaryDirectory() as scratch:
        warm_env = {**os.environ, "ACUPRESS_CACHE_DIR": str(Path(scratch) / "warm")}

        def run(*argv: str) -> Callable[[], object]:
            return process(list(argv), warm_env)

        compose = run(*cli, "compose", "low-back-pain", "--minutes", "10", "--format", "json")
        longest = run(
            *cli,
            "compose",
            "low-back-pain",
            "sciatica",
            "--minutes",
            "120",
            "--max-points",
            "50",
            "--has",
            "anticoagulants",
            "--broken-skin",
            "hand",
            "--format",
            "json",
        )
        compose()  # fill the warm cache
        deps = run(PY, "-c", "import attrs, cattrs, importlib_metadata, tomllib")
        only_attrs = run(PY, "-c", "import attrs")
        nothing = run(PY, "-c", "pass")
        imported = run(PY, "-c", "import acupress")
        cold = ColdRun(
            [*cli, "compose", "low-back-pain", "--minutes", "10", "--format", "json"],
            Path(scratch),
        )

        print(f"Machine: {machine()}\n")
        print("| measure | floor | median | floor median | ratio (min-max) |")
        print("|---|---|---|---|---|")
        print(_row("`import acupress`", "`pass`", paired(imported, nothing, repeat)))
        load = run(PY, "-c", "import acupress; acupress.load().point('LI4')")
        print(
            _row("first `load().point('LI4')`", "`import attrs`", paired(load, only_attrs, repeat))
        )
        build = run(PY, "-c", "import acupress; acupress.Library.build()")
        built = paired(build, imported, repeat)
        extra = statistics.median(a - b for a, b in zip(built.ours, built.floor, strict=True))
        print(_row("first `Library.build()` after import", "`import acupress`", built))
        label = "`acupress compose low-back-pain --minutes 10`"
        print(_row(f"{label}, warm", "deps", paired(compose, deps, repeat)))
        print(_row(f"{label}, warm", "`import attrs`", paired(compose, only_attrs, repeat)))
        print(_row(f"{label}, first run", "deps", paired(cold, deps, repeat, prepare=cold.prepare)))
        print(
            _row(
                f"{label}, first run",
                "the warm run",
                paired(cold, compose, repeat, prepare=cold.prepare),
            )
        )
        print(
            _row(
                "`compose` 2 conditions, 120 min, 50 points, a profile",
                "deps",
                paired(longest, deps, repeat),
            )
        )
        show = run(*cli, "show", "LI4", "--format", "json")
        resolve = run(*cli, "resolve", "Hoku", "--format", "json")
        print(_row("`acupress show LI4`", "the warm compose", paired(show, compose, repeat)))
        print(_row("`acupress resolve Hoku`", "the warm compose", paired(resolve, compose, repeat)))
        miss = process([*cli, "resolve", "Hokuu", "--format", "json"], warm_env, check=False)
        print(
            _row(
                "`acupress resolve Hokuu` (suggests)",
                "the warm compose",
                paired(miss, compose, repeat),
            )
        )
        version = run(*cli, "--version")
        print(_row("`acupress --version`", "`pass`", paired(version, nothing, repeat)))
        print(_row("`acupress --version`", "`import attrs`", paired(version, only_attrs, repeat)))
        print(
            f"\nThe first `Library.build()` after import costs {extra * 1e3:.1f} ms "
            "(the median of the pairs' differences)."
        )


if __name__ == "__main__":
    main()
