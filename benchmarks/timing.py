"""What the micro-benchmarks share: best-of-five ``timeit``."""

from __future__ import annotations

import timeit


def per_call(
    statement: str, namespace: dict[str, object], calls: int, *, unit: float = 1e6
) -> float:
    """The best of five runs of ``calls`` executions, per call (µs by default)."""
    return min(timeit.Timer(statement, globals=namespace).repeat(5, calls)) / calls * unit
