"""Small timing helpers: interleaved repeats, medians, child processes with their own peak RSS."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    seconds: float  #: median wall time
    peak_rss_mb: float | None = None  #: peak resident memory of the child process


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
    """Wall time and peak RSS of one child process, which must succeed. Its stderr goes to a file,
    not a pipe: a child that warns more than a pipe holds would wait for ever for a reader.

    A child told where to load the code from (``PYTHONPATH`` in *env*) runs, unless *cwd* says
    otherwise, in a folder of its own: ``python -m`` puts the working folder first on
    ``sys.path``, so a child started in the repository imported this tree's ``ext`` whatever
    ``PYTHONPATH`` said, and "before" measured "after"."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryDirectory() as neutral:
        if cwd is None and env and "PYTHONPATH" in env:
            cwd = neutral
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            stderr = errors.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(argv[:4])} failed ({process.returncode}): {stderr[-2000:]}")
    return Sample(seconds, usage.ru_maxrss / 1024)


def median_child(
    argv: list[str], repeat: int = 3, before: Callable[[], None] | None = None, **kwargs
) -> Sample:
    """Median time (and largest RSS) of *repeat* runs; *before* runs untimed before each one."""
    samples = []
    for _ in range(repeat):
        if before:
            before()
        samples.append(run_child(argv, **kwargs))
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_rss_mb or 0 for s in samples))
