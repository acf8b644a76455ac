"""Properties of resolution over random graphs (hypothesis)."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

import modstack
from modstack import DependencyCycleError, ModuleDefinition, ModuleTreeError
from tests.strategies import Graph, dags, reachable


def definitions(graph: Graph) -> list[ModuleDefinition]:
    return [ModuleDefinition(code, requires=sorted(graph[code])) for code in graph]


@given(dags(), st.randoms(use_true_random=False))
def test_load_order_respects_every_edge_and_ignores_input_order(
    graph: Graph, shuffler: random.Random
) -> None:
    registry = modstack.resolve(definitions(graph))
    position = {code: i for i, code in enumerate(registry.order)}
    assert sorted(registry.order) == sorted(graph)
    for code, requires in graph.items():
        for dependency in requires:
            assert position[dependency] < position[code]
    shuffled = definitions(graph)
    shuffler.shuffle(shuffled)
    assert modstack.resolve(shuffled).order == registry.order


@given(dags())
def test_ties_are_broken_by_code(graph: Graph) -> None:
    order = modstack.resolve(definitions(graph)).order
    placed: set[str] = set()
    for code in order:
        ready = [c for c in graph if c not in placed and graph[c] <= placed]
        assert code == min(ready)
        placed.add(code)


@given(dags())
def test_closures_match_reachability(graph: Graph) -> None:
    registry = modstack.resolve(definitions(graph))
    for code in graph:
        assert registry.dependencies(code) == reachable(graph, code)
        assert registry.dependents(code) == {
            other for other in graph if code in reachable(graph, other)
        }


@settings(max_examples=200)
@given(dags(), st.data())
def test_an_edge_that_closes_a_cycle_yields_a_real_cycle(graph: Graph, data: st.DataObject) -> None:
    candidates = sorted((a, b) for b in graph for a in reachable(graph, b))
    if not candidates:
        return  # no edge can close a cycle in a graph without paths
    # a is required (transitively) by b; making a require b closes a loop.
    a, b = data.draw(st.sampled_from(candidates))
    graph[a] = graph[a] | {b}
    try:
        modstack.resolve(definitions(graph))
    except ModuleTreeError as error:
        cycles = [p for p in error.problems if isinstance(p, DependencyCycleError)]
    else:
        raise AssertionError("a cycle was accepted")
    assert cycles
    for cycle in cycles:
        path = cycle.path
        assert path[0] == path[-1]
        assert len(set(path[:-1])) == len(path) - 1
        for code, required in itertools.pairwise(path):
            assert required in graph[code]
    assert any({a, b} <= set(c.path) for c in cycles)
