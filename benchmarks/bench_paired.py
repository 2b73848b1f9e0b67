"""Start-up and command-line benchmarks, each paired with its floor run by run (A B A B ...).

Run: python benchmarks/bench_paired.py [--repeat N] [--only TEXT] (with the packs installed). Each
measure is a fresh process timed right after its floor, so load on the machine hits both alike;
a row gives the median of each and the median, min and max of the per-pair ratio.

- `import acupress` against `python -c pass`;
- the first `acupress.load().point("LI4")` (catalog and packs, warm cache) against `import attrs`;
- the first `Library.build()` after `import acupress`, against `import acupress` (the difference
  is what the build costs, the imports of attrs and the model included);
- the first `Library.build()` once attrs, the model and the library module are imported (what
  `import acupress` imported at once before its names were made lazy), timed inside the process,
  paired with the same process's `import attrs`;
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


# Timed inside a fresh process: the first Library.build() once the modules that `import acupress`
# used to import at once (attrs, the model, the library) are imported; the floor is the same
# process's `import attrs`, as a measure of the machine's speed at that moment.
_FIRST_BUILD = (
    "import time\n"
    "t0 = time.perf_counter()\n"
    "import attrs\n"
    "t1 = time.perf_counter()\n"
    "import acupress\n"
    "from acupress._library import Library\n"
    "t2 = time.perf_counter()\n"
    "Library.build()\n"
    "t3 = time.perf_counter()\n"
    "print(t1 - t0, t3 - t2)\n"
)


def _first_build(env: dict[str, str], repeat: int) -> Paired:
    """(the build, `import attrs`), each in seconds, from ``repeat`` fresh processes, one a pair."""
    import subprocess

    builds, imports = [], []
    for _ in range(repeat):
        out = subprocess.run(
            [PY, "-c", _FIRST_BUILD], check=True, capture_output=True, text=True, env=env
        ).stdout.split()
        imports.append(float(out[0]))
        builds.append(float(out[1]))
    return Paired(builds, imports)


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument(
        "--only", default="", help="run only the rows whose label contains this text"
    )
    args = parser.parse_args()
    repeat = args.repeat

    exe = shutil.which("acupress")
    cli = [exe] if exe else [PY, "-m", "acupress"]
    with tempfile.TemporaryDirectory() as scratch:
        warm_env = {**os.environ, "ACUPRESS_CACHE_DIR": str(Path(scratch) / "warm")}

        def run(*argv: str, check: bool = True) -> Callable[[], object]:
            return process(list(argv), warm_env, check=check)

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
        load = run(PY, "-c", "import acupress; acupress.load().point('LI4')")
        build = run(PY, "-c", "import acupress; acupress.Library.build()")
        show = run(*cli, "show", "LI4", "--format", "json")
        resolve = run(*cli, "resolve", "Hoku", "--format", "json")
        miss = run(*cli, "resolve", "Hokuu", "--format", "json", check=False)
        version = run(*cli, "--version")
        label = "`acupress compose low-back-pain --minutes 10`"
        rows: list[tuple[str, str, Callable[[], Paired]]] = [
            ("`import acupress`", "`pass`", lambda: paired(imported, nothing, repeat)),
            (
                "first `load().point('LI4')`",
                "`import attrs`",
                lambda: paired(load, only_attrs, repeat),
            ),
            (
                "first `Library.build()` after import",
                "`import acupress`",
                lambda: paired(build, imported, repeat),
            ),
            (
                "first `Library.build()`, its modules imported (in the process)",
                "`import attrs` (in the process)",
                lambda: _first_build(warm_env, repeat),
            ),
            (f"{label}, warm", "deps", lambda: paired(compose, deps, repeat)),
            (f"{label}, warm", "`import attrs`", lambda: paired(compose, only_attrs, repeat)),
            (
                f"{label}, first run",
                "deps",
                lambda: paired(cold, deps, repeat, prepare=cold.prepare),
            ),
            (
                f"{label}, first run",
                "the warm run",
                lambda: paired(cold, compose, repeat, prepare=cold.prepare),
            ),
            (
                "`compose` 2 conditions, 120 min, 50 points, a profile",
                "deps",
                lambda: paired(longest, deps, repeat),
            ),
            ("`acupress show LI4`", "the warm compose", lambda: paired(show, compose, repeat)),
            (
                "`acupress resolve Hoku`",
                "the warm compose",
                lambda: paired(resolve, compose, repeat),
            ),
            (
                "`acupress resolve Hokuu` (suggests)",
                "the warm compose",
                lambda: paired(miss, compose, repeat),
            ),
            ("`acupress --version`", "`pass`", lambda: paired(version, nothing, repeat)),
            ("`acupress --version`", "`import attrs`", lambda: paired(version, only_attrs, repeat)),
        ]
        print(f"Machine: {machine()}\n")
        print("| measure | floor | median | floor median | ratio (min-max) |")
        print("|---|---|---|---|---|")
        notes = []
        for name, floor, measure in rows:
            if args.only not in name:
                continue
            result = measure()
            print(_row(name, floor, result), flush=True)
            if name == "first `Library.build()` after import":
                extra = statistics.median(
                    a - b for a, b in zip(result.ours, result.floor, strict=True)
                )
                notes.append(
                    f"The first `Library.build()` after import costs {extra * 1e3:.1f} ms "
                    "more than `import acupress` (the median of the pairs' differences)."
                )
        for note in notes:
            print(f"\n{note}")


if __name__ == "__main__":
    main()
