"""The Flask seed's names on ``Kernel`` (``get_module_health``, ``get_module``,
``is_module_loaded``, ``get_module_status``), apart from the kernel's own vocabulary; see
``modstack.seed_names`` for the other facades."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modstack.kernel.runtime import ModuleRuntime


class KernelSeedNames:
    """The Flask seed's names on ``Kernel``."""

    if TYPE_CHECKING:

        async def health(self, code: str) -> dict[str, Any]: ...

        def runtime(self, code: str) -> ModuleRuntime: ...

        def is_active(self, code: str) -> bool: ...

        def status(self) -> dict[str, Any]: ...

    async def get_module_health(self, code: str) -> dict[str, Any]:
        """Flask seed name for :meth:`health`."""
        return await self.health(code)

    def get_module(self, code: str) -> ModuleRuntime:
        """Flask seed name for :meth:`runtime`."""
        return self.runtime(code)

    def is_module_loaded(self, code: str) -> bool:
        """Flask seed name for :meth:`is_active`."""
        return self.is_active(code)

    def get_module_status(self) -> dict[str, Any]:
        """Flask seed name for :meth:`status`."""
        return self.status()
