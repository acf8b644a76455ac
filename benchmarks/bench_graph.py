"""Resolving a random graph of 10,000 modules and 50,000 edges (validate + order + index)
vs. ``graphlib.TopologicalSorter.static_order()`` and a plain Kahn's algorithm over dicts,
on the same graph, in the same process.

    python benchmarks/bench_graph.py [--modules 10000] [--edges 50000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import graphlib
import random
import statistics
import time
from collections.abc import Callable

import modstack
from modstack import ModuleDefinition


def random_dag(modules: int, edges: int, seed: int = 7) -> dict[str, set[str]]:
    """A DAG whose code names are shuffled relative to its topology."""
    rng = random.Random(seed)
    codes = [f"m{i:05d}" for i in range(modules)]
    rng.shuffle(codes)
    graph: dict[str, set[str]] = {code: set() for code in codes}
    added = 0
    while added < edges:
        a, b = rng.randrange(1, modules), rng.randrange(modules)
        if b < a and codes[b] not in graph[codes[a]]:
            graph[codes[a]].add(codes[b])
            added += 1
    return graph


def plain_kahn(graph: dict[str, set[str]]) -> list[str]:
    waiting = {code: len(deps) for code, deps in graph.items()}
    unblocks: dict[str, list[str]] = {code: [] for code in graph}
    for code, deps in graph.items():
        for dep in deps:
            unblocks[dep].append(code)
    ready = [code for code, n in waiting.items() if n == 0]
    order = []
    while ready:
        code = ready.pop()
        order.append(code)
        for dependent in unblocks[code]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                ready.append(dependent)
    return order


def best(run: Callable[[], object], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    graph = random_dag(args.modules, args.edges)
    definitions = [ModuleDefinition(code, requires=sorted(deps)) for code, deps in graph.items()]
    registry = modstack.resolve(definitions)
    assert len(registry.order) == args.modules

    results = {
        "graphlib.static_order": best(
            lambda: list(graphlib.TopologicalSorter(graph).static_order()), args.rounds
        ),
        "plain Kahn (dicts)": best(lambda: plain_kahn(graph), args.rounds),
        "modstack.resolve": best(lambda: modstack.resolve(definitions), args.rounds),
    }
    floor = results["graphlib.static_order"][0]
    print(f"resolve {args.modules} modules / {args.edges} edges, best of {args.rounds} (median)")
    for name, (fastest, median) in results.items():
        ratio = fastest / floor
        print(f"  {name:<24}{fastest * 1000:8.1f} ms  [{median * 1000:.1f}]  {ratio:.2f}x graphlib")
    print("  target: modstack.resolve <= 1.00x graphlib")


if __name__ == "__main__":
    main()
