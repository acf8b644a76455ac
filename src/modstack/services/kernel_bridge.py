"""Module-owned services: a module's ``services`` package defines ``BaseService``
subclasses; they start with the module (after its dependencies, so after their
services) and stop with it (before them). A reload starts new instances beside the old
ones and swaps them in the same step as the module's routes."""

from __future__ import annotations

import importlib
import inspect

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


def connect_services(kernel: Kernel, services: ServiceRegistry) -> None:
    """Keep ``services`` in step with the modules ``kernel`` runs."""

    async def start(runtime: ModuleRuntime) -> None:
        created: dict[str, BaseService] = {}
        reloading = (
            kernel.modules.get(runtime.code) not in (runtime, None)
            and kernel.modules[runtime.code].is_active
        )
        for cls in module_services(runtime):
            services.register(cls, module=runtime.code)
            created[cls.service_name] = await services.abuild(cls.service_name)
        runtime.extras["services"] = created
        if not reloading:  # a reload puts them in place at the swap
            for name, instance in created.items():
                services.put(name, instance)

    def swap(fresh: dict[str, ModuleRuntime], replaced: dict[str, ModuleRuntime]) -> None:
        for runtime in fresh.values():
            for name, instance in runtime.extras.get("services", {}).items():
                services.put(name, instance)

    async def stop(runtime: ModuleRuntime) -> None:
        for name, instance in reversed(list(runtime.extras.get("services", {}).items())):
            await services.retire(name, instance)

    kernel.starters.append(("services", start))
    kernel.swappers.append(swap)
    kernel.stoppers.append(stop)
