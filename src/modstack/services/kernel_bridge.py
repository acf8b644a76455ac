"""Module-owned services: a module's ``services`` package defines ``BaseService``
subclasses; they start with the module (after its dependencies, so after their
services) and stop with it (before them). A reload starts new instances beside the old
ones and swaps them in the same step as the module's routes."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping

from modstack.kernel import Kernel, ModuleRuntime
from modstack.services.base import BaseService
from modstack.services.registry import ServiceRegistry


def module_services(runtime: ModuleRuntime) -> list[type[BaseService]]:
    """The service classes a module's ``services`` package defines (or re-exports from
    its own files), with a ``service_name``."""
    definition = runtime.definition
    folder = definition.path_of("services")
    if definition.package is None or folder is None:
        return []
    if not ((folder / "__init__.py").is_file() or folder.with_suffix(".py").is_file()):
        return []
    package = importlib.import_module(
        f"{definition.package}.{definition.paths.services.replace('/', '.')}"
    )
    return [
        value
        for value in vars(package).values()
        if inspect.isclass(value)
        and issubclass(value, BaseService)
        and value is not BaseService
        and value.service_name
        and value.__module__.startswith(definition.package)
    ]


class ModuleServices:
    """Kernel plugin: keeps ``services`` in step with the modules a kernel runs. A
    module's services start with it; during a reload the new instances start beside
    the old ones and go into service at the swap."""

    step = "services"

    def __init__(self, services: ServiceRegistry) -> None:
        self.services = services
        self._created: dict[ModuleRuntime, dict[str, BaseService]] = {}

    async def start_module(self, runtime: ModuleRuntime) -> None:
        """Build the module's services (in service now, or at the swap when standby)."""
        created: dict[str, BaseService] = {}
        self._created[runtime] = created
        for cls in module_services(runtime):
            self.services.register(cls, module=runtime.code)
            created[cls.service_name] = await self.services.abuild(cls.service_name)
        if not runtime.standby:
            for name, instance in created.items():
                self.services.put(name, instance)

    def swap_modules(
        self, fresh: Mapping[str, ModuleRuntime], replaced: Mapping[str, ModuleRuntime]
    ) -> None:
        """Put the new runtimes' services in place of the old ones'."""
        for runtime in fresh.values():
            for name, instance in self._created.get(runtime, {}).items():
                self.services.put(name, instance)

    async def stop_module(self, runtime: ModuleRuntime) -> None:
        """Retire the services this run of the module built."""
        created = self._created.pop(runtime, {})
        for name, instance in reversed(list(created.items())):
            await self.services.retire(name, instance)


def connect_services(kernel: Kernel, services: ServiceRegistry) -> None:
    """Keep ``services`` in step with the modules ``kernel`` runs (``ModuleServices``
    given to the kernel does the same)."""
    kernel.add_plugin(ModuleServices(services))
