"""What one tenant has enabled, and who is asking to change it."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from modstack.naming import check_actor
from modstack.registry import Registry


class ModuleState(enum.StrEnum):
    """A module's state for one tenant."""

    DISABLED = "disabled"
    ENABLED = "enabled"
    DEPENDENCY = "dependency"
    """Enabled only because an enabled module requires it; disabled again when none does."""

    @property
    def is_on(self) -> bool:
        """True for both enabled states."""
        return self is not ModuleState.DISABLED


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks for a change. Only admins may change internal modules."""

    name: str
    is_admin: bool = False

    def __post_init__(self) -> None:
        check_actor(self.name)  # it is recorded in the audit log: InvalidNameError

    @classmethod
    def of(cls, actor: Actor | str) -> Actor:
        """Accept an :class:`Actor` or a plain name (a non-admin)."""
        return actor if isinstance(actor, Actor) else cls(actor)

    @classmethod
    def admin(cls, name: str) -> Actor:
        """An actor with admin rights."""
        return cls(name, is_admin=True)

    def __str__(self) -> str:
        return self.name


SYSTEM = Actor("system", is_admin=True)


@dataclass(frozen=True, slots=True)
class TenantState:
    """The stored modules of one tenant at one version. Core modules are implicit."""

    tenant: str
    version: int
    explicit: frozenset[str]
    """Enabled because someone asked for them."""
    by_dependency: frozenset[str]
    """Enabled only because an enabled module requires them."""

    stored: frozenset[str] = field(init=False, compare=False, repr=False)
    """Every module stored as enabled, known to the code or not."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "stored", self.explicit | self.by_dependency)

    def state_of(self, code: str, registry: Registry) -> ModuleState:
        """The state of ``code`` for this tenant (core modules are always enabled)."""
        if code in self.explicit or code in registry.core_codes:
            return ModuleState.ENABLED
        if code in self.by_dependency:
            return ModuleState.DEPENDENCY
        return ModuleState.DISABLED

    def enabled(self, registry: Registry) -> frozenset[str]:
        """What the tenant effectively has: stored modules the code knows whose
        requirements are all enabled too, plus every core module."""
        candidates = (self.stored & registry.modules.keys()) | registry.core_codes
        return frozenset(c for c in candidates if registry.dependencies(c) <= candidates)

    def orphans(self, registry: Registry) -> frozenset[str]:
        """Stored modules the code no longer has (a removed folder); kept, reported."""
        return frozenset(self.stored - registry.modules.keys())

    def with_changes(self, changes: Iterable[tuple[str, ModuleState]]) -> TenantState:
        """The state after ``changes``, one version later."""
        explicit, by_dependency = set(self.explicit), set(self.by_dependency)
        for code, after in changes:
            explicit.discard(code)
            by_dependency.discard(code)
            if after is ModuleState.ENABLED:
                explicit.add(code)
            elif after is ModuleState.DEPENDENCY:
                by_dependency.add(code)
        return TenantState(
            self.tenant, self.version + 1, frozenset(explicit), frozenset(by_dependency)
        )
