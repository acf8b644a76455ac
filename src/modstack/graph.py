"""The rules of the dependency graph (DESIGN §3), and the load order they allow.

:func:`resolve` is pure: definitions in, an immutable :class:`Registry` out, or one
ModuleTreeError that lists every broken rule.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence

from modstack.definition import ModuleDefinition, Tier
from modstack.errors import (
    DependencyCycleError,
    DuplicateModuleError,
    GraphError,
    ModuleTreeError,
    TierViolationError,
    UnknownDependencyError,
    VersionConflictError,
)
from modstack.registry import Registry


def resolve(definitions: Iterable[ModuleDefinition]) -> Registry:
    """Check every graph rule and return the registry in deterministic load order.

    Raises ModuleTreeError holding every DuplicateModuleError, UnknownDependencyError,
    TierViolationError, VersionConflictError and DependencyCycleError found.
    """
    registry, problems = _build(definitions)
    if problems:
        raise ModuleTreeError(problems)
    assert registry is not None  # no problems means the order is complete
    return registry


def check(definitions: Iterable[ModuleDefinition]) -> list[GraphError]:
    """Return every broken graph rule, in a stable order; an empty list means valid."""
    return _build(definitions)[1]


def has_circular_dependencies(definitions: Iterable[ModuleDefinition]) -> bool:
    """Tell whether any modules require each other in a loop (the Flask seed's name)."""
    return any(isinstance(p, DependencyCycleError) for p in check(definitions))


def _build(definitions: Iterable[ModuleDefinition]) -> tuple[Registry | None, list[GraphError]]:
    problems: list[GraphError] = []
    by_code = _index(definitions, problems)
    hard: dict[str, tuple[str, ...]] = {}
    after: dict[str, tuple[str, ...]] = {}
    unblocks: dict[str, list[str]] = {code: [] for code in by_code}
    for code, definition in by_code.items():
        hard[code], after[code] = _edges(definition, by_code, problems)
        for dependency in after[code]:
            unblocks[dependency].append(code)
    order = _topological_order(after, unblocks)
    if len(order) < len(after):
        problems.extend(_cycles(after, set(after).difference(order), by_code))
    if problems:
        problems.sort(key=lambda problem: problem.module)
        return None, problems
    if hard is not after and any(hard[code] != after[code] for code in hard):
        unblocks = {code: [] for code in by_code}
        for code, requires in hard.items():
            for dependency in requires:
                unblocks[dependency].append(code)
    return Registry(by_code, order=order, requires=hard, edges=after, dependents=unblocks), problems


def _index(
    definitions: Iterable[ModuleDefinition], problems: list[GraphError]
) -> dict[str, ModuleDefinition]:
    by_code: dict[str, ModuleDefinition] = {}
    duplicates: dict[str, list[ModuleDefinition]] = {}
    for definition in definitions:
        first = by_code.setdefault(definition.code, definition)
        if first is not definition:
            duplicates.setdefault(definition.code, [first]).append(definition)
    for code in sorted(duplicates):
        problems.append(
            DuplicateModuleError(module=code, files=[d.source for d in duplicates[code]])
        )
    return by_code


def _edges(
    definition: ModuleDefinition,
    by_code: Mapping[str, ModuleDefinition],
    problems: list[GraphError],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codes ``definition`` requires, and those it must load after (hard + present soft)."""
    is_core = definition.tier is Tier.CORE
    codes = definition.requires_codes
    if is_core or definition._has_ranges or not all(map(by_code.__contains__, codes)):
        codes = _checked_requires(definition, by_code, problems, is_core=is_core)
    if not definition.optional_requires:
        return codes, codes
    after = list(codes)
    for requirement in definition.optional_requires:
        found = by_code.get(requirement.code)
        if found is None:
            continue  # soft: ignored when absent
        if not requirement.is_satisfied_by(found.parsed_version):
            problems.append(_conflict(definition, "optional_requires", str(requirement), found))
        after.append(requirement.code)
    return codes, tuple(after)


def _checked_requires(
    definition: ModuleDefinition,
    by_code: Mapping[str, ModuleDefinition],
    problems: list[GraphError],
    *,
    is_core: bool,
) -> tuple[str, ...]:
    """The slow path: tier rule, version ranges, and unknown codes reported."""
    hard: list[str] = []
    for requirement in definition.requires:
        found = by_code.get(requirement.code)
        if found is None:
            problems.append(
                UnknownDependencyError(
                    module=definition.code,
                    dependency=requirement.code,
                    file=definition.source,
                    known=by_code,
                )
            )
            continue
        if is_core and found.tier is not Tier.CORE:
            problems.append(
                TierViolationError(
                    module=definition.code,
                    dependency=found.code,
                    dependency_tier=found.tier.value,
                    file=definition.source,
                )
            )
        if not requirement.is_satisfied_by(found.parsed_version):
            problems.append(_conflict(definition, "requires", str(requirement), found))
        hard.append(requirement.code)
    return tuple(hard)


def _conflict(
    definition: ModuleDefinition, field: str, requirement: str, found: ModuleDefinition
) -> VersionConflictError:
    return VersionConflictError(
        module=definition.code,
        field=field,
        requirement=requirement,
        found_version=found.version,
        file=definition.source,
        found_file=found.source,
    )


def _topological_order(
    after: Mapping[str, Sequence[str]], unblocks: Mapping[str, Sequence[str]]
) -> tuple[str, ...]:
    """Kahn's algorithm with a min-heap: dependencies first, ties broken by code."""
    waiting = {code: len(codes) for code, codes in after.items()}
    ready = [code for code, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    push, pop, place = heapq.heappush, heapq.heappop, order.append
    while ready:
        code = pop(ready)
        place(code)
        for dependent in unblocks[code]:
            left = waiting[dependent] - 1
            waiting[dependent] = left
            if left == 0:
                push(ready, dependent)
    return tuple(order)


def _cycles(
    edges: Mapping[str, Sequence[str]], stuck: set[str], by_code: Mapping[str, ModuleDefinition]
) -> list[DependencyCycleError]:
    """One real cycle per strongly connected group among the modules left unordered."""
    errors: list[DependencyCycleError] = []
    for component in _strong_components(edges, stuck):
        start = min(component)
        path = _shortest_loop(start, edges, component)
        errors.append(
            DependencyCycleError(path=path, files=[by_code[code].source for code in path])
        )
    return sorted(errors, key=lambda e: e.path)


def _strong_components(edges: Mapping[str, Sequence[str]], nodes: set[str]) -> list[set[str]]:
    """Tarjan's algorithm, iterative; returns components that contain a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(d for d in edges[root] if d in nodes)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(d for d in edges[child] if d in nodes))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def _shortest_loop(start: str, edges: Mapping[str, Sequence[str]], within: set[str]) -> list[str]:
    """The shortest path ``start -> ... -> start`` inside one strong component."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for dependency in sorted(edges[node]):
                if dependency not in within:
                    continue
                if dependency == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if dependency not in came_from:
                    came_from[dependency] = node
                    following.append(dependency)
        frontier = following
    raise AssertionError(f"{start!r} is in a strong component but on no loop")  # unreachable
