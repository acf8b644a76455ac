"""What the kernel needs to know of an applied tenant plan to call ``on_enable`` /
``on_disable``: which modules switched, for which tenant. Tenancy's ``Plan`` has this
shape; the kernel does not depend on tenancy (nor on its database)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class SwitchState(Protocol):
    """A module's state for one tenant."""

    @property
    def is_on(self) -> bool:
        """True when the module serves the tenant."""
        ...


class SwitchChange(Protocol):
    """One module's change in a plan."""

    @property
    def code(self) -> str: ...

    @property
    def before(self) -> SwitchState: ...

    @property
    def after(self) -> SwitchState: ...


class TenantPlan(Protocol):
    """An applied plan: the tenant and each module's change."""

    @property
    def tenant(self) -> str: ...

    @property
    def changes(self) -> Sequence[SwitchChange]: ...
