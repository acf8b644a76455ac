"""Properties of the tenancy cascade over random graphs and random operations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import modstack
from modstack import ModuleDefinition
from modstack.errors import CoreModuleError
from modstack.registry import Registry
from modstack.tenancy import ModuleState, Plan, TenantState, plan_create, plan_disable, plan_enable
from tests.strategies import Graph, dags


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Registry, list[tuple[str, str]], tuple[str, ...], bool]:
    """A registry (with a downward-closed core), operations on it, defaults, and the flag."""
    graph: Graph = draw(dags(max_size=15))
    core: set[str] = set()
    definitions = []
    for code, requires in graph.items():  # requirements come first
        tier = "optional"
        if requires <= core and draw(st.integers(0, 4)) == 0:
            tier = "core"
            core.add(code)
        elif draw(st.integers(0, 6)) == 0:
            tier = "internal"
        definitions.append(ModuleDefinition(code, tier=tier, requires=sorted(requires)))
    registry = modstack.resolve(definitions)
    codes = st.sampled_from(sorted(graph))
    operations = draw(
        st.lists(st.tuples(st.sampled_from(["enable", "disable"]), codes), max_size=30)
    )
    defaults = tuple(draw(st.sets(codes, max_size=3)))
    return registry, operations, defaults, draw(st.booleans())


def apply(state: TenantState, plan: Plan, registry: Registry) -> TenantState:
    for change in plan.changes:
        assert change.before is state.state_of(change.code, registry)  # the plan saw this state
        assert change.before is not change.after  # nothing listed that does not change
    return state.with_changes((c.code, c.after) for c in plan.changes)


def check_invariants(state: TenantState, registry: Registry, *, tidy: bool) -> None:
    on = state.stored | registry.core_codes
    for code in on:
        assert registry.dependencies(code) <= on, f"{code} lacks a requirement"
    assert state.stored.isdisjoint(registry.core_codes)  # core is implicit, never stored
    assert state.enabled(registry) == on
    if tidy:
        needed = registry.dependency_closure(state.explicit | registry.core_codes)
        assert state.by_dependency <= needed, "a dependency-only module that nothing needs"


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_every_sequence_of_plans_keeps_the_invariants(
    world: tuple[Registry, list[tuple[str, str]], tuple[str, ...], bool],
) -> None:
    registry, operations, defaults, tidy = world
    state = apply(
        TenantState("t", 0, frozenset(), frozenset()),
        plan_create(registry, "t", defaults),
        registry,
    )
    check_invariants(state, registry, tidy=True)
    for action, code in operations:
        if action == "enable":
            plan = plan_enable(registry, state, code)
            state = apply(state, plan, registry)
            assert {code} | registry.dependencies(code) <= state.enabled(registry)
        else:
            try:
                plan = plan_disable(registry, state, code, auto_disable_dependencies=tidy)
            except CoreModuleError:
                assert code in registry.core_codes
                continue
            state = apply(state, plan, registry)
            gone = {code} | registry.dependents(code)
            assert gone.isdisjoint(state.enabled(registry))
            assert {c.code for c in plan.changes} >= gone & (
                state.stored | {c.code for c in plan.changes}
            )
        check_invariants(state, registry, tidy=tidy)


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_disabling_then_re_enabling_restores_what_was_asked_for(
    world: tuple[Registry, list[tuple[str, str]], tuple[str, ...], bool],
) -> None:
    registry, _, defaults, _ = world
    state = apply(
        TenantState("t", 0, frozenset(), frozenset()),
        plan_create(registry, "t", defaults),
        registry,
    )
    for code in sorted(state.explicit):
        off = apply(state, plan_disable(registry, state, code), registry)
        back = apply(off, plan_enable(registry, off, code), registry)
        assert code in back.explicit
        assert registry.dependencies(code) <= back.enabled(registry)
        assert back.state_of(code, registry) is ModuleState.ENABLED
