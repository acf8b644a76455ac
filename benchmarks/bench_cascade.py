"""Planning a cascade on a 10,000-module graph (50,000 edges): disabling a module that
most of the graph depends on, and enabling one that depends on most of the graph.

    python benchmarks/bench_cascade.py [--modules 10000] [--edges 50000]
"""

from __future__ import annotations

import argparse
import statistics
import time

import modstack
from bench_graph import random_dag
from modstack import ModuleDefinition
from modstack.tenancy import TenantState, plan_disable, plan_enable


def timed(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    graph = random_dag(args.modules, args.edges)
    definitions = [ModuleDefinition(code, requires=sorted(deps)) for code, deps in graph.items()]
    results: dict[str, list[float]] = {"disable (cold)": [], "disable (warm)": [],
                                       "enable (cold)": [], "enable (warm)": []}  # fmt: skip
    sizes = {}
    for _ in range(args.rounds):
        registry = modstack.resolve(definitions)  # fresh: closures not yet cached
        bottom = max(registry.order, key=lambda c: len(registry.direct_dependents(c)))
        top = registry.order[-1]
        everything = TenantState("t", 1, frozenset(registry.order), frozenset())
        nothing = TenantState("t", 1, frozenset(), frozenset())
        for temperature in ("cold", "warm"):
            results[f"disable ({temperature})"].append(
                timed(
                    lambda: sizes.__setitem__(
                        "disable", len(plan_disable(registry, everything, bottom).changes)
                    )
                )
            )
            results[f"enable ({temperature})"].append(
                timed(
                    lambda: sizes.__setitem__(
                        "enable", len(plan_enable(registry, nothing, top).changes)
                    )
                )
            )
    print(
        f"plan a cascade on {args.modules} modules / {args.edges} edges, best of {args.rounds} (median)"
    )
    for name, times in results.items():
        kind = name.split()[0]
        print(
            f"  {name:<16}{min(times):7.2f} ms  [{statistics.median(times):.2f}]  {sizes[kind]} changes"
        )
    print("  target: <= 10 ms")


if __name__ == "__main__":
    main()
