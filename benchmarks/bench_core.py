"""Benchmarks of the foundation: import cost, first catalog load, the resolver.

Run: python benchmarks/bench_core.py [--repeat N]. Prints a Markdown table; figures go into
docs/performance.md. Each measure is timed inside a fresh interpreter, right after its floor
in another fresh interpreter (A B A B ..., ``_common.paired_values``), so that load on the
machine hits both alike: a row gives the median of each and the median, min and max of the
per-pair ratio. The catalog is measured on its own (installed packs switched off).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

from _common import Paired, compile_bytecode, machine, paired_values


def _fresh(setup: str, measured: str, **env: str) -> Callable[[], float]:
    """Seconds ``measured`` takes in a fresh interpreter, after ``setup`` (untimed)."""
    code = (
        f"{setup}\nimport time\nt = time.perf_counter()\n{measured}\nprint(time.perf_counter() - t)"
    )
    command = [sys.executable, "-c", code]
    environment = {**os.environ, "ACUPRESS_NO_PACKS": "1", **env}

    def run() -> float:
        done = subprocess.run(command, check=True, capture_output=True, text=True, env=environment)
        return float(done.stdout)

    return run


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


def _row(label: str, floor: str, result: Paired, note: str = "") -> str:
    return f"| {label} | {floor} | {result.cells()} | {note} |"


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    n = args.repeat
    cache = tempfile.mkdtemp()
    warm = {"ACUPRESS_CACHE_DIR": cache}
    _fresh("import acupress", "acupress.load().resolve('Hoku')", **warm)()  # fill the cache

    attrs_import = _fresh("", "import attrs")
    model = "import acupress; acupress.Point"
    print(f"Machine: {machine()}\n")
    print("| measure | floor | median | floor median | ratio (min-max) | note |")
    print("|---|---|---|---|---|---|")
    rows = [
        (
            "`import acupress`",
            "`import attrs`",
            _fresh("", "import acupress"),
            attrs_import,
            "target <= 1.3x",
        ),
        (
            "first `acupress.load()`, model imported",
            "`import attrs`",
            _fresh(model, "acupress.load()", **warm),
            attrs_import,
            "target <= 30 ms",
        ),
        (
            "the same, cache off (JSON bundle, 409 points)",
            "`import attrs`",
            _fresh(model, "acupress.load()", ACUPRESS_NO_CACHE="1"),
            attrs_import,
            "target <= 30 ms",
        ),
        (
            "first `acupress.load()` after `import acupress`",
            "`import attrs`",
            _fresh("import acupress", "acupress.load()", **warm),
            attrs_import,
            "imports attrs too",
        ),
        (
            "first resolve of a name, index in the cache",
            "`import attrs`",
            _fresh("import acupress; acupress.load()", "acupress.resolve('Hoku')", **warm),
            attrs_import,
            "",
        ),
        (
            "first resolve of a name, cache off (index built)",
            "`import attrs`",
            _fresh(
                "import acupress; acupress.load()",
                "acupress.resolve('Hoku')",
                ACUPRESS_NO_CACHE="1",
            ),
            attrs_import,
            "",
        ),
        (
            "first resolve of a code (`BL-23`), no index",
            "`import attrs`",
            _fresh("import acupress; acupress.load()", "acupress.resolve('BL-23')", **warm),
            attrs_import,
            "",
        ),
    ]
    for label, floor, ours, base, note in rows:
        print(_row(label, floor, paired_values(ours, base, n), note))

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
    qps = rounds * len(queries) / (time.perf_counter() - start)
    typos = [q[1:] + "x" for q in queries[2::5] if len(q) > 4]
    start = time.perf_counter()
    for q in typos:
        library.resolver.suggest(q.lower())
    per_miss = (time.perf_counter() - start) / len(typos)
    print(
        f"\nWarm resolve, {len(queries)} queries (409 points x 5 notations): {qps:,.0f} queries/s "
        "(target >= 50,000/s).\n"
        f"Suggestions for {len(typos)} misspelt names: {per_miss * 1e3:.2f} ms each."
    )


if __name__ == "__main__":
    main()
