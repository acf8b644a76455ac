"""Plans: the exact change set an enable or disable makes, and why — computed purely.

The planner never touches a store; the store applies a plan in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from modstack.definition import Tier
from modstack.errors import CoreModuleError, NotAllowedError
from modstack.registry import Registry
from modstack.tenancy.state import Actor, ModuleState, TenantState

Action = Literal["enable", "disable", "create"]

_SIGN = {ModuleState.DISABLED: "-", ModuleState.ENABLED: "+", ModuleState.DEPENDENCY: "+"}


class Change(NamedTuple):
    """One module's move from one state to another, and the reason for it."""

    code: str
    before: ModuleState
    after: ModuleState
    why: str


@dataclass(frozen=True, slots=True)
class Plan:
    """What enabling or disabling ``code`` for ``tenant`` changes, computed against the
    tenant's state at ``base_version``. Empty when nothing would change."""

    tenant: str
    action: Action
    code: str
    base_version: int
    changes: tuple[Change, ...]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def is_empty(self) -> bool:
        """True when applying the plan would change nothing."""
        return not self.changes

    @property
    def codes(self) -> tuple[str, ...]:
        """The modules this plan changes, in the order it changes them."""
        return tuple(change.code for change in self.changes)

    @property
    def is_cascade(self) -> bool:
        """True when the plan changes more than the module asked for."""
        return any(change.code != self.code for change in self.changes)

    def as_data(self, *, applied: bool) -> dict[str, Any]:
        """The plan as JSON-ready data; ``applied`` says whether it was applied."""
        return {
            "id": self.id,
            "tenant": self.tenant,
            "action": self.action,
            "code": self.code,
            "base_version": self.base_version,
            "applied": applied,
            "changes": [
                {"code": c.code, "before": c.before.value, "after": c.after.value, "why": c.why}
                for c in self.changes
            ],
        }

    def describe(self) -> str:
        """A readable account of the plan, one line per change."""
        head = f"{self.action} {self.code!r} for tenant {self.tenant!r}"
        if self.is_empty:
            return f"{head}: nothing to change"
        width = max(len(c.code) for c in self.changes)
        moves = [f"{c.before} -> {c.after}" for c in self.changes]
        room = max(map(len, moves))
        lines = [f"{head}: {len(self.changes)} change{'s' if len(self.changes) != 1 else ''}"]
        for c, move in zip(self.changes, moves, strict=True):
            lines.append(f"  {_SIGN[c.after]} {c.code:<{width}}  {move:<{room}}  ({c.why})")
        return "\n".join(lines)


def plan_enable(registry: Registry, state: TenantState, code: str) -> Plan:
    """Enable ``code`` and, transitively, everything it requires.

    Raises ModuleNotFound for an unknown code.
    """
    registry.get(code)
    changes: list[Change] = []
    current = state.state_of(code, registry)
    if current is not ModuleState.ENABLED:
        why = "requested" if current is ModuleState.DISABLED else "requested; was only a dependency"
        changes.append(Change(code, current, ModuleState.ENABLED, why))
    on = state.stored | registry.core_codes
    missing = registry.dependencies(code) - on
    wanted = missing | {code}
    for dependency in missing:
        requirer = next((c for c in registry.direct_dependents(dependency) if c in wanted), code)
        changes.append(
            Change(
                dependency, ModuleState.DISABLED, ModuleState.DEPENDENCY, f"required by {requirer}"
            )
        )
    ordered = _in_order(registry, changes, dependencies_first=True)
    return Plan(state.tenant, "enable", code, state.version, ordered)


def plan_disable(
    registry: Registry, state: TenantState, code: str, *, auto_disable_dependencies: bool = True
) -> Plan:
    """Disable ``code`` and, transitively, every enabled module that requires it; then,
    unless told not to, the modules that were enabled only as dependencies and that
    nothing enabled requires any more.

    Raises ModuleNotFound for an unknown code, CoreModuleError for a core module.
    """
    definition = registry.get(code)
    if definition.tier is Tier.CORE:
        raise CoreModuleError(tenant=state.tenant, module=code)
    before = state.state_of(code, registry)
    if not before.is_on:
        return Plan(state.tenant, "disable", code, state.version, ())
    removed = {code}
    changes = [Change(code, before, ModuleState.DISABLED, "requested")]
    requires, explicit, off = registry.requires, state.explicit, ModuleState.DISABLED
    for dependent in registry.in_load_order(registry.dependents(code) & state.stored):
        # Load order puts every dependency before its dependents: one is already in removed.
        blocker = next(c for c in requires(dependent) if c in removed)
        was = ModuleState.ENABLED if dependent in explicit else ModuleState.DEPENDENCY
        changes.append(Change(dependent, was, off, f"requires {blocker}, which is being disabled"))
        removed.add(dependent)
    if auto_disable_dependencies:
        changes += _unneeded(registry, state, removed)
    ordered = _in_order(registry, changes, dependencies_first=False)
    return Plan(state.tenant, "disable", code, state.version, ordered)


def plan_create(registry: Registry, tenant: str, modules: tuple[str, ...]) -> Plan:
    """Start a new tenant with ``modules`` (and what they require) enabled."""
    state = TenantState(tenant, 0, frozenset(), frozenset())
    changes: dict[str, Change] = {}
    for code in modules:
        plan = plan_enable(
            registry, state.with_changes((c.code, c.after) for c in changes.values()), code
        )
        for change in plan.changes:
            first = changes.get(change.code, change)
            changes[change.code] = Change(change.code, first.before, change.after, change.why)
    ordered = _in_order(registry, list(changes.values()), dependencies_first=True)
    return Plan(tenant, "create", ",".join(modules), 0, ordered)


def check_allowed(registry: Registry, plan: Plan, actor: Actor) -> None:
    """Refuse a plan that touches an internal module unless ``actor`` is an admin, or that
    would disable a core module. Raises NotAllowedError or CoreModuleError."""
    for change in plan.changes:
        tier = registry.get(change.code).tier
        if tier is Tier.CORE and change.after is ModuleState.DISABLED:
            raise CoreModuleError(tenant=plan.tenant, module=change.code, because=change.why)
        if tier is Tier.INTERNAL and not actor.is_admin:
            raise NotAllowedError(
                tenant=plan.tenant,
                module=change.code,
                actor=actor.name,
                reason=f"it is internal and only admins may change it ({change.why})",
            )


def _unneeded(registry: Registry, state: TenantState, removed: set[str]) -> list[Change]:
    """Dependency-only modules that no remaining enabled module needs any more."""
    candidates = {c for c in state.by_dependency if c in registry} - removed
    if not candidates:
        return []
    explicit = state.explicit
    needed: dict[str, bool] = {}
    changes = []
    for code in reversed(registry.in_load_order(candidates)):  # dependents come first
        users = registry.direct_dependents(code)
        needed[code] = any(
            (u in explicit and u not in removed) or needed.get(u, False) for u in users
        )
        if not needed[code]:
            gone = [u for u in users if u in removed]
            why = (
                f"only needed by {gone[0]}, which is being disabled" if gone else "nothing needs it"
            )
            changes.append(Change(code, ModuleState.DEPENDENCY, ModuleState.DISABLED, why))
    return changes


def _in_order(
    registry: Registry, changes: list[Change], *, dependencies_first: bool
) -> tuple[Change, ...]:
    position = registry.position
    return tuple(sorted(changes, key=lambda c: position(c.code), reverse=not dependencies_first))
