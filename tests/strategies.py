"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

Graph = dict[str, set[str]]  # code -> codes it requires


@st.composite
def dags(draw: st.DrawFn, max_size: int = 25) -> Graph:
    """A random acyclic graph whose code names are unrelated to its topology; keys are
    in an order where each module comes after everything it requires."""
    size = draw(st.integers(min_value=1, max_value=max_size))
    names = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True),
            min_size=size,
            max_size=size,
            unique=True,
        )
    )
    graph: Graph = {name: set() for name in names}
    for later in range(1, size):
        earlier = draw(st.sets(st.integers(min_value=0, max_value=later - 1), max_size=4))
        graph[names[later]] = {names[i] for i in earlier}
    return graph


def reachable(graph: Graph, start: str) -> set[str]:
    """Every code ``start`` requires, transitively."""
    seen: set[str] = set()
    pending = list(graph[start])
    while pending:
        code = pending.pop()
        if code not in seen:
            seen.add(code)
            pending.extend(graph[code])
    return seen
