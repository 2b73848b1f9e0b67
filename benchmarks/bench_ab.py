"""Two versions of acupress, paired run by run (A B A B ...): what a change did to each command.

Run: python benchmarks/bench_ab.py BEFORE_SRC [--repeat N], where BEFORE_SRC is the ``src``
folder of the other version (``git archive <commit> src | tar -x -C /tmp/before``). Both run
with this interpreter and the installed packs, each with a warm cache of its own; the other
version is put first on ``PYTHONPATH``. Prints ``after / before`` per command.
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import tempfile

from _common import compile_bytecode, machine, paired, process

COMMANDS = {
    "`acupress compose low-back-pain --minutes 10`, warm": [
        "compose",
        "low-back-pain",
        "--minutes",
        "10",
        "--format",
        "json",
    ],
    "`acupress show LI4`": ["show", "LI4", "--format", "json"],
    "`acupress resolve Hoku`": ["resolve", "Hoku", "--format", "json"],
    "`acupress --version`": ["--version"],
}


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("before", help="the src folder of the version to compare with")
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    compileall.compile_dir(args.before, quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        before_env = {
            **os.environ,
            "PYTHONPATH": os.path.abspath(args.before),
            "ACUPRESS_CACHE_DIR": os.path.join(scratch, "before"),
        }
        after_env = {**os.environ, "ACUPRESS_CACHE_DIR": os.path.join(scratch, "after")}
        print(f"Machine: {machine()}\n")
        print("| command | after | before | after / before (min-max) |\n|---|---|---|---|")
        for label, argv in COMMANDS.items():
            command = [sys.executable, "-m", "acupress", *argv]
            before, after = process(command, before_env), process(command, after_env)
            for _ in range(2):  # fill both caches
                before()
                after()
            print(f"| {label} | {paired(after, before, args.repeat).cells()} |")


if __name__ == "__main__":
    main()
