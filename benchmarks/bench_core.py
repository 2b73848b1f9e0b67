"""Benchmarks of the foundation: import cost, first catalog load, resolver throughput.

Run: python benchmarks/bench_core.py [--repeat N]. Prints a Markdown table; figures go into
docs/performance.md. Each cold figure is the median over fresh interpreter processes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from _common import compile_bytecode


def _in_fresh_process(setup: str, measured: str, repeat: int, **env: str) -> float:
    """Median seconds of ``measured`` in a fresh interpreter, after ``setup``.

    The catalog is measured on its own: installed packs are switched off.
    """
    code = (
        f"{setup}\nimport time\nt = time.perf_counter()\n{measured}\nprint(time.perf_counter() - t)"
    )
    command = [sys.executable, "-c", code]
    environment = {**os.environ, "ACUPRESS_NO_PACKS": "1", **env}
    samples = []
    for _ in range(repeat):
        done = subprocess.run(command, check=True, capture_output=True, text=True, env=environment)
        samples.append(float(done.stdout))
    return statistics.median(samples)


def _queries() -> list[str]:
    import acupress

    library = acupress.Library.standard()
    queries = []
    for code, point in library.points.items():
        queries.append(code)
        english = library.spellings(code, "english")
        queries.append(english[0] if english else code.replace("-", " "))
        queries.append(point.names.pinyin)
        queries.append(point.names.hanzi or point.names.pinyin)
        wade = library.spellings(code, "wade-giles")
        queries.append(wade[0] if wade else point.names.pinyin.lower())
    return queries


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    attrs_import = _in_fresh_process("", "import attrs", args.repeat)
    acupress_import = _in_fresh_process("", "import acupress", args.repeat)
    load_after_model = _in_fresh_process(
        "import acupress; acupress.Point", "acupress.load()", args.repeat
    )
    load_uncached = _in_fresh_process(
        "import acupress; acupress.Point", "acupress.load()", args.repeat, ACUPRESS_NO_CACHE="1"
    )
    load_cold = _in_fresh_process("import acupress", "acupress.load()", args.repeat)
    first_resolve = _in_fresh_process(
        "import acupress; acupress.load()", "acupress.resolve('Hoku')", args.repeat
    )

    import acupress

    queries = _queries()
    library = acupress.Library.standard()
    for q in queries:  # warm: the index is built and every query has been seen once
        library.resolve(q)
    rounds = 5
    start = time.perf_counter()
    for _ in range(rounds):
        for q in queries:
            library.resolve(q)
    elapsed = time.perf_counter() - start
    qps = rounds * len(queries) / elapsed

    rows = [
        ("`import attrs` (baseline)", f"{attrs_import * 1e3:.1f} ms", ""),
        (
            "`import acupress`",
            f"{acupress_import * 1e3:.1f} ms",
            f"{acupress_import / attrs_import:.2f}x attrs (target <= 1.3x)",
        ),
        (
            "first `acupress.load()`, model already imported",
            f"{load_after_model * 1e3:.1f} ms",
            "target <= 30 ms",
        ),
        (
            "the same with the cache off (parse the JSON bundle, build 409 points)",
            f"{load_uncached * 1e3:.1f} ms",
            "target <= 30 ms",
        ),
        (
            "first `acupress.load()` right after `import acupress` (imports attrs too)",
            f"{load_cold * 1e3:.1f} ms",
            "",
        ),
        ("first resolve (builds the index)", f"{first_resolve * 1e3:.1f} ms", ""),
        (
            f"warm resolve, {len(queries)} queries (409 points x 5 notations)",
            f"{qps:,.0f} queries/s",
            "target >= 50,000/s",
        ),
    ]
    print("| measure | result | note |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
