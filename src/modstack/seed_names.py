"""The seeds' names for modstack's core classes, in one place: the Wizamart seed's
``MODULES`` and ``is_module_enabled(db, tenant, code)``, the Flask seed's
``get_module_load_order`` and ``get_module_health``
(``modstack.tenancy.seed_names`` has ``TenancyService``'s). The core classes inherit them, so
code written for the seeds keeps working, and the core's own files speak one vocabulary
(``code`` for a module's id)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from modstack.parts import Tier

if TYPE_CHECKING:
    from modstack.definition import ModuleDefinition


class RegistrySeedNames:
    """The seeds' names on ``Registry``."""

    __slots__ = ()

    if TYPE_CHECKING:
        order: tuple[str, ...]
        _requires: Mapping[str, tuple[str, ...]]

        @property
        def modules(self) -> Mapping[str, ModuleDefinition]: ...

        @property
        def core_codes(self) -> frozenset[str]: ...

        def get(self, code: str) -> ModuleDefinition: ...

        def by_tier(self, tier: Tier | str) -> tuple[ModuleDefinition, ...]: ...

    @property
    def MODULES(self) -> dict[str, ModuleDefinition]:  # noqa: N802 - Wizamart seed name
        """Every module by code (Wizamart seed)."""
        return dict(self.modules)

    @property
    def CORE_MODULES(self) -> dict[str, ModuleDefinition]:  # noqa: N802
        """Core modules by code (Wizamart seed)."""
        return {d.code: d for d in self.by_tier(Tier.CORE)}

    @property
    def OPTIONAL_MODULES(self) -> dict[str, ModuleDefinition]:  # noqa: N802
        """Optional modules by code (Wizamart seed)."""
        return {d.code: d for d in self.by_tier(Tier.OPTIONAL)}

    @property
    def INTERNAL_MODULES(self) -> dict[str, ModuleDefinition]:  # noqa: N802
        """Internal modules by code (Wizamart seed)."""
        return {d.code: d for d in self.by_tier(Tier.INTERNAL)}

    def get_module(self, code: str) -> ModuleDefinition:
        """Wizamart seed name for :meth:`get`."""
        return self.get(code)

    def get_module_tier(self, code: str) -> str:
        """The tier of ``code`` as a string (Wizamart seed)."""
        return self.get(code).tier.value

    def get_core_module_codes(self) -> set[str]:
        """Wizamart seed name for :attr:`core_codes`."""
        return set(self.core_codes)

    def get_module_load_order(self) -> list[str]:
        """Flask seed name for :attr:`order`."""
        return list(self.order)

    def has_circular_dependencies(self) -> bool:
        """Flask seed name; always False, because a registry only exists for a valid graph."""
        return False

    def get_dependency_graph(self) -> dict[str, list[str]]:
        """Each code with the codes it requires directly (Flask seed)."""
        return {code: list(self._requires[code]) for code in self.order}


class KernelSeedNames:
    """The Flask seed's names on ``Kernel``."""

    if TYPE_CHECKING:

        async def health(self, code: str) -> dict[str, Any]: ...

    async def get_module_health(self, code: str) -> dict[str, Any]:
        """Flask seed name for :meth:`health`."""
        return await self.health(code)
