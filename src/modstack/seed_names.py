"""The seeds' names for modstack's core classes: here the Wizamart seed's ``MODULES`` ...
and the Flask seed's ``get_module_load_order`` ... on ``Registry``. The core classes inherit
them, so code written for the seeds keeps working, and the core's own files speak one
vocabulary (``code`` for a module's id).

The other facades: ``modstack.kernel.seed_names`` (``Kernel``),
``modstack.tenancy.seed_names`` (``TenancyService``),
``modstack.services.seed_names`` (``BaseService``, ``ServiceRegistry``),
``modstack.services.seed_globals`` (``ServiceManager``, ``SERVICE_CONFIGS``),
``modstack.config.seed_names`` (``SettingsManager``) and ``modstack.compat`` (the seeds'
class-based module declarations)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

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
