"""Timing shared by the benchmarks: best of a few rounds, per call."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["per_call_seconds"]


def per_call_seconds(fn: Callable[[], object], n: int, rounds: int = 3) -> float:
    """Seconds per call of ``fn``: the best of ``rounds`` runs of ``n`` calls (the least disturbed)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best
