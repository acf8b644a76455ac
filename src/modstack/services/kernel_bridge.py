"""Module-owned services: a module's ``services`` package defines ``BaseService``
subclasses; they start with the module (after its dependencies, so after their
services) and stop with it (before them)."""

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
    """Start each module's services as it starts, stop them as it stops."""

    async def start(runtime: ModuleRuntime) -> None:
        names = []
        for cls in module_services(runtime):
            services.register(cls, module=runtime.code)
            await services.acreate_service(cls.service_name)
            names.append(cls.service_name)
        runtime.extras["services"] = names

    async def stop(runtime: ModuleRuntime) -> None:
        for name in reversed(runtime.extras.get("services", ())):
            await services.remove(name)

    kernel.starters.append(("services", start))
    kernel.stoppers.append(stop)
