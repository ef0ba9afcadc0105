"""Benchmarks (``make bench``): numbers to report, never assertions.

Every comparison runs both sides in the same process tree, interleaved, and
reports the median of several runs and the ratio, because absolute seconds on
a shared machine are noisy.
"""
