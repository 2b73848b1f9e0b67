"""Benchmark of the cache's encoder and decoder: what a command spends reading and writing entries.

Run: python benchmarks/bench_cache.py [--repeat N]. Prints a Markdown table; figures go into
docs/performance.md. Each run is a fresh interpreter running ``acupress compose low-back-pain
--minutes 10`` in-process, with ``_cache._decode_verified`` (a warm cache) or
``_cache._encode_digested`` (an empty one) timed per entry kind, and ``_cache.from_plain`` for the
catalog and rules shipped in the package, whole and the part spent in the decoder or encoder
itself (the rest is reading the JSON text and checking its SHA-256 or stamp). After the command,
the encode runs also time ``to_plain`` of the catalog and the core rules (what
``tools/gen_index.py`` stores). Every run is paired with one in which the cache uses the encoder
and decoder before they worked a column at a time (``tests/_cache_reference.py``), A B A B ...,
so that load on the machine hits both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from _common import Paired, compile_bytecode, machine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Entries and shipped objects under 0.1 ms (discovery, version ranges, ...) are left out.
_SMALL = 1e-4

# Run in the measured process: argv[1] is "decode" or "encode", argv[2] "new" or "reference".
_MEASURED = """
import contextlib, io, json, sys, time
sys.path.insert(0, ROOT)
from acupress import _cache
mode, codec = sys.argv[1], sys.argv[2]
if codec == "reference":
    from tests import _cache_reference
    _cache._decoder, _cache._encoder = _cache_reference.decoder, _cache_reference.encoder
part = _cache._decoder if mode == "decode" else _cache._encoder
spent = {}
inner = [0.0]

def timed_part(hint):
    function = part(hint)
    def run(value):
        start = time.perf_counter()
        try:
            return function(value)
        finally:
            inner[0] += time.perf_counter() - start
    return run

def wrap(original):
    def run(value, kind, key, hint):
        inner[0] = 0.0
        start = time.perf_counter()
        try:
            return original(value, kind, key, hint)
        finally:
            whole = time.perf_counter() - start
            spent[kind] = (whole, inner[0])
    return run

def by_type(original, suffix):
    def run(value, type_):
        inner[0] = 0.0
        start = time.perf_counter()
        try:
            return original(value, type_)
        finally:
            whole = time.perf_counter() - start
            spent[f"{type_.__name__} ({suffix})"] = (whole, inner[0])
    return run

if mode == "decode":
    _cache._decode_verified = wrap(_cache._decode_verified)
    _cache.from_plain = by_type(_cache.from_plain, "shipped")
    _cache._decoder = timed_part
else:
    _cache._encode_digested = wrap(_cache._encode_digested)
    _cache._encoder = timed_part
from acupress._cli import app
with contextlib.redirect_stdout(io.StringIO()):
    app.main(["compose", "low-back-pain", "--minutes", "10"])
if mode == "encode":
    from acupress._catalog import Catalog, standard_catalog
    from acupress._safety.rules import CoreSafety, core_safety
    to_plain = by_type(_cache.to_plain, "to_plain")
    to_plain(standard_catalog(), Catalog)
    to_plain(core_safety(), CoreSafety)
print(json.dumps(spent))
""".replace("ROOT", repr(ROOT))

_COMPOSE = ["compose", "low-back-pain", "--minutes", "10"]


def _run(mode: str, codec: str, folder: str) -> dict[str, tuple[float, float]]:
    env = {**os.environ, "ACUPRESS_CACHE_DIR": folder}
    command = [sys.executable, "-c", _MEASURED, mode, codec]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return {k: tuple(v) for k, v in json.loads(done.stdout.splitlines()[-1]).items()}


def main() -> None:
    compile_bytecode()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as scratch:
        warm = os.path.join(scratch, "warm")
        subprocess.run(
            [sys.executable, "-m", "acupress", *_COMPOSE],
            check=True,
            capture_output=True,
            env={**os.environ, "ACUPRESS_CACHE_DIR": warm},
        )
        times: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
        for _ in range(repeat):
            for codec in ("reference", "new"):
                for kind, spent in _run("decode", codec, warm).items():
                    times.setdefault(("decode", codec, kind), []).append(spent)
                cold = os.path.join(scratch, "cold")
                for kind, spent in _run("encode", codec, cold).items():
                    times.setdefault(("encode", codec, kind), []).append(spent)
                shutil.rmtree(cold)
    print(machine())
    print()
    print("| entry | measure | before | after | after / before (min-max) |")
    print("|---|---|---|---|---|")
    for mode in ("decode", "encode"):
        whole = "`_decode_verified`" if mode == "decode" else "`_encode_digested`"
        part = "`_decoder(hint)(...)`" if mode == "decode" else "`_encoder(hint)(...)`"
        kinds = sorted(k for m, c, k in times if m == mode and c == "new")
        for kind in kinds:
            old, new = times[(mode, "reference", kind)], times[(mode, "new", kind)]
            if len(old) != len(new) or statistics.median(t[0] for t in old) < _SMALL:
                continue
            labels = ((whole, 0), (part, 1))
            if kind.endswith(")"):
                labels = ((f"`{kind.split('(')[1][:-1]}`".replace("shipped", "from_plain"), 0),)
            for label, i in labels:
                pairs = Paired([t[i] for t in new], [t[i] for t in old])
                ratios = pairs.ratios
                print(
                    f"| {kind} | {label} | {statistics.median(pairs.floor) * 1e3:.2f} ms | "
                    f"{statistics.median(pairs.ours) * 1e3:.2f} ms | "
                    f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) |"
                )


if __name__ == "__main__":
    main()
