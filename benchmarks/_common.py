"""Shared by the benchmark scripts: bytecode, and timing paired run by run.

Every ratio the scripts print comes from pairs: the measured thing and its floor (or the typical
request) run one right after the other, A B A B ..., so that load on the machine hits both
alike. A row gives the median time of each and the median, least and greatest of the per-pair
ratios. A ratio from two separate medians would mix two moments of a shared machine.
"""

from __future__ import annotations

import compileall
import gc
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from typing import NamedTuple


def compile_bytecode() -> None:
    """Write acupress's bytecode, as installing a wheel does.

    An editable install in an environment with PYTHONDONTWRITEBYTECODE set would otherwise
    compile every module from source in every measured process, which no installed copy does.
    """
    import acupress

    compileall.compile_dir(os.path.dirname(acupress.__file__), quiet=1)


class Paired(NamedTuple):
    """Times of a measure and of its floor, taken in pairs, and each pair's ratio."""

    ours: list[float]
    floor: list[float]

    @property
    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.ours, self.floor, strict=True)]

    def cells(self) -> str:
        """``median | floor median | ratio (min-max)`` as Markdown table cells."""
        ratios = self.ratios
        return (
            f"{_ms(statistics.median(self.ours))} | {_ms(statistics.median(self.floor))} | "
            f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def paired(
    ours: Callable[[], object],
    floor: Callable[[], object],
    repeat: int,
    *,
    prepare: Callable[[], object] | None = None,
) -> Paired:
    """Time ``floor`` then ``ours``, ``repeat`` times over; ``prepare`` runs before each of the
    two, untimed (an empty cache for a cold run). In-process measures start each pair from a
    collected heap, so a garbage collection left over from one pair does not land in the next."""
    mine, theirs = [], []
    for _ in range(repeat):
        gc.collect()
        if prepare is not None:
            prepare()
        theirs.append(timed(floor))
        if prepare is not None:
            prepare()
        mine.append(timed(ours))
    return Paired(mine, theirs)


def paired_values(ours: Callable[[], float], floor: Callable[[], float], repeat: int) -> Paired:
    """Like ``paired``, for measures that time themselves (seconds measured inside a fresh
    process, say): ``floor`` then ``ours``, ``repeat`` times over, each returning its seconds."""
    mine, theirs = [], []
    for _ in range(repeat):
        theirs.append(floor())
        mine.append(ours())
    return Paired(mine, theirs)


def process(
    argv: list[str], env: Mapping[str, str] | None = None, *, check: bool = True
) -> Callable[[], object]:
    """A fresh process running ``argv`` (which must succeed, unless ``check`` is false), as
    something to time."""
    environment = dict(os.environ if env is None else env)

    def run() -> None:
        subprocess.run(argv, check=check, capture_output=True, env=environment)

    return run


def machine() -> str:
    """One line on where the figures come from: CPU, cores, Python, platform."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [line.split(":", 1)[1].strip() for line in info if "model name" in line]
        if names:
            model = names[0]
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} logical cores; Python {platform.python_version()} "
        f"({sys.implementation.name}); {platform.system()} {platform.release()}"
    )
