"""Small timing helpers: interleaved repeats, medians, child-process runs with peak RSS."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    seconds: float  #: median wall time
    peak_rss_mb: float | None = None  #: peak resident memory of a child process


def interleaved(funcs: dict[str, Callable[[], object]], repeat: int = 5) -> dict[str, Sample]:
    """Median wall time of each function, running them in turn so drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {name: Sample(statistics.median(values)) for name, values in times.items()}


def run_child(argv: list[str], cwd: str | None = None, env: dict[str, str] | None = None) -> Sample:
    """Wall time and peak RSS of one child process (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env={**os.environ, **(env or {})}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far (KiB); report it when this child raised it
    return Sample(seconds, peak / 1024 if peak > before else None)


def median_child(argv: list[str], repeat: int = 3, **kwargs) -> Sample:
    samples = [run_child(argv, **kwargs) for _ in range(repeat)]
    rss = [s.peak_rss_mb for s in samples if s.peak_rss_mb is not None]
    return Sample(statistics.median(s.seconds for s in samples), max(rss) if rss else None)
