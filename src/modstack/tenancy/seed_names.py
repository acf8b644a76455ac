"""The Wizamart seed's names on ``TenancyService`` (``is_module_enabled(db, tenant,
code)`` ...), apart from the service's own vocabulary; see ``modstack.seed_names``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from modstack.tenancy.state import SYSTEM, Actor

if TYPE_CHECKING:
    from modstack.definition import ModuleDefinition
    from modstack.registry import Registry
    from modstack.tenancy.plan import Plan


class TenancySeedNames:
    """The Wizamart seed's names on ``TenancyService`` (its leading ``db`` argument is
    accepted and ignored)."""

    if TYPE_CHECKING:
        registry: Registry

        def is_enabled(self, tenant: str, code: str) -> bool: ...

        def enabled_modules(self, tenant: str) -> frozenset[str]: ...

        def enable(
            self, tenant: str, code: str, *, actor: Actor | str, reason: str = ""
        ) -> Plan: ...

        def disable(
            self, tenant: str, code: str, *, actor: Actor | str, reason: str = ""
        ) -> Plan: ...

    def is_module_enabled(self, *args: Any) -> bool:
        """``is_module_enabled([db,] tenant, code)``: :meth:`is_enabled`."""
        tenant, code = args[-2:]
        return self.is_enabled(str(tenant), code)

    def get_platform_modules(self, *args: Any) -> list[ModuleDefinition]:
        """``get_platform_modules([db,] tenant)``: enabled definitions in load order."""
        enabled = self.enabled_modules(str(args[-1]))
        return [d for d in self.registry if d.code in enabled]

    def enable_module(self, *args: Any, user_id: object = None, reason: str = "") -> Plan:
        """``enable_module([db,] tenant, code, user_id=...)``: :meth:`enable`."""
        tenant, code = args[-2:]
        return self.enable(str(tenant), code, actor=_seed_actor(user_id), reason=reason)

    def disable_module(self, *args: Any, user_id: object = None, reason: str = "") -> Plan:
        """``disable_module([db,] tenant, code, user_id=...)``: :meth:`disable`."""
        tenant, code = args[-2:]
        return self.disable(str(tenant), code, actor=_seed_actor(user_id), reason=reason)


def _seed_actor(user_id: object) -> Actor:
    return SYSTEM if user_id is None else Actor(str(user_id))
