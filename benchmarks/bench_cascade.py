"""Planning a cascade on a 10,000-module graph (50,000 edges): disabling a module that
most of the graph depends on, and enabling one that depends on most of the graph.
"Cold" is the first plan on a freshly resolved registry (closures not yet cached).

    python benchmarks/bench_cascade.py [--modules 10000] [--edges 50000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial

import modstack
from bench_graph import random_dag
from modstack import ModuleDefinition
from modstack.tenancy import Plan, TenantState, plan_disable, plan_enable


def timed(plan: Callable[[], Plan], sizes: dict[str, int], kind: str) -> float:
    """Milliseconds one planning call takes; records how many changes it planned."""
    start = time.perf_counter()
    sizes[kind] = len(plan().changes)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    graph = random_dag(args.modules, args.edges)
    definitions = [ModuleDefinition(code, requires=sorted(deps)) for code, deps in graph.items()]
    results: dict[str, list[float]] = {
        f"{kind} ({state})": [] for kind in ("disable", "enable") for state in ("cold", "warm")
    }
    sizes: dict[str, int] = {}
    for _ in range(args.rounds):
        registry = modstack.resolve(definitions)
        bottom = max(registry.order, key=lambda c: len(registry.direct_dependents(c)))
        top = registry.order[-1]
        everything = TenantState("t", 1, frozenset(registry.order), frozenset())
        nothing = TenantState("t", 1, frozenset(), frozenset())
        disable = partial(plan_disable, registry, everything, bottom)
        enable = partial(plan_enable, registry, nothing, top)
        for state in ("cold", "warm"):
            results[f"disable ({state})"].append(timed(disable, sizes, "disable"))
            results[f"enable ({state})"].append(timed(enable, sizes, "enable"))
    print(f"plan a cascade on {args.modules} modules / {args.edges} edges, best of {args.rounds}")
    for name, times in results.items():
        fastest, median = min(times), statistics.median(times)
        changes = sizes[name.split()[0]]
        print(f"  {name:<16}{fastest:7.2f} ms  [median {median:.2f}]  {changes} changes")
    print("  target: <= 10 ms")


if __name__ == "__main__":
    main()
