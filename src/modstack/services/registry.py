"""``ServiceRegistry``: services by name, owned by modules, reloaded without a restart.
The Django seed's names for it live in ``modstack.services.seed_names``."""

from __future__ import annotations

import asyncio
import inspect
import time
from typing import Any

from modstack.errors import ServiceNotFound, ServiceUnavailableError
from modstack.registry import Registry
from modstack.services.base import BaseService
from modstack.services.runtime import ServiceRuntime
from modstack.services.seed_names import ServiceRegistrySeedNames


class ServiceRegistry(ServiceRegistrySeedNames[BaseService]):
    """Services by name. A service owned by a module is available to that module and to
    the modules that require it, or require it optionally (pass ``requester=``); an
    optional user checks ``service.module_enabled(tenant, owner)`` per tenant."""

    def __init__(
        self, runtime: ServiceRuntime | None = None, *, modules: Registry | None = None
    ) -> None:
        self.runtime = runtime or ServiceRuntime()
        self.runtime.lookup = self.get
        self.modules = modules
        self._classes: dict[str, type[BaseService]] = {}
        self._instances: dict[str, BaseService] = {}
        self._owners: dict[str, str | None] = {}

    # -- services by name ---------------------------------------------------------------

    def register(self, service_class: type[BaseService], *, module: str | None = None) -> None:
        """Make ``service_class`` known under its ``service_name``."""
        name = service_class.service_name or service_class.__name__
        self._classes[name] = service_class
        self._owners[name] = module

    def start(self, name: str) -> BaseService:
        """Instantiate and initialise a registered service; it replaces any previous one.
        Raises ServiceNotFound, RuntimeError when ``initialize()`` returns False."""
        service = self._build(name)
        _run(service.initialize(), name, "initialize")
        self._instances[name] = service
        return service

    def get(self, name: str, *, requester: str | None = None) -> BaseService:
        """The running service ``name``. Raises ServiceNotFound, and
        ServiceUnavailableError when ``requester`` does not require the owning module."""
        try:
            service = self._instances[name]
        except KeyError:
            raise ServiceNotFound(name, known=self._instances) from None
        owner = self._owners.get(name)
        if requester is not None and owner is not None and not self._may_use(requester, owner):
            raise ServiceUnavailableError(service=name, owner=owner, requester=requester)
        return service

    def _may_use(self, requester: str, owner: str) -> bool:
        return (
            requester == owner
            or self.modules is None
            or owner in self.modules.dependencies(requester)
            or owner in self.modules.load_after(requester)
        )

    def info(self) -> dict[str, dict[str, Any]]:
        """Every service: version, owning module, class, breaker states."""
        return {
            name: {"version": s.version, "module": self._owners.get(name),
                   "class": f"{type(s).__module__}.{type(s).__qualname__}",
                   "breakers": s.health_status()["breakers"]}
            for name, s in sorted(self._instances.items())
        }  # fmt: skip

    def health(self) -> dict[str, Any]:
        """Every service's health, and the overall status (the worst of them)."""
        services = {name: s.health_status() for name, s in sorted(self._instances.items())}
        for name, service in self._instances.items():
            own = _run_check(service)
            if own is not True:
                services[name]["status"] = "unhealthy"
                services[name]["check"] = own
        order = ["healthy", "degraded", "unhealthy"]
        worst = max((s["status"] for s in services.values()), key=order.index, default="healthy")
        return {"status": worst, "services": services}

    def names(self) -> list[str]:
        """Running services, by name."""
        return sorted(self._instances)

    # -- reload and removal --------------------------------------------------------------

    async def reload(self, name: str, *, drain_timeout: float = 30.0) -> BaseService:
        """Initialise a new instance, put it in place, then clean the old one up once
        the calls in flight on it have finished (or after ``drain_timeout``).
        Raises ServiceNotFound; when the new instance fails to start the old one stays."""
        old = self.get(name)
        fresh = self._build(name, service_class=_reloaded_class(type(old)))
        await _arun(fresh.initialize(), name, "initialize")
        self._instances[name] = fresh
        deadline = time.monotonic() + drain_timeout
        while old.in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        await _arun(old.cleanup(), name, "cleanup")
        return fresh

    async def remove(self, name: str) -> None:
        """Clean a service up and forget it."""
        service = self._instances.pop(name, None)
        if service is not None:
            await _arun(service.cleanup(), name, "cleanup")

    async def abuild(self, name: str) -> BaseService:
        """A new, initialised instance of ``name`` that is not yet in service."""
        service = self._build(name)
        await _arun(service.initialize(), name, "initialize")
        return service

    def put(self, name: str, instance: BaseService) -> None:
        """Put ``instance`` in service under ``name`` (replacing any other)."""
        self._instances[name] = instance

    async def retire(self, name: str, instance: BaseService) -> None:
        """Clean ``instance`` up; forget ``name`` only if ``instance`` is still the one in
        service (after a reload, the new instance stays)."""
        if self._instances.get(name) is instance:
            del self._instances[name]
        await _arun(instance.cleanup(), name, "cleanup")

    def _build(self, name: str, *, service_class: type[BaseService] | None = None) -> BaseService:
        try:
            cls = service_class or self._classes[name]
        except KeyError:
            raise ServiceNotFound(name, known=self._classes) from None
        return cls(runtime=self.runtime)


def _reloaded_class(cls: type[BaseService]) -> type[BaseService]:
    """The class as its module now defines it (the module may have been re-imported)."""
    import importlib
    import sys

    module = sys.modules.get(cls.__module__) or importlib.import_module(cls.__module__)
    current = getattr(module, cls.__name__, cls)
    return current if isinstance(current, type) and issubclass(current, BaseService) else cls


def _run(outcome: Any, name: str, step: str) -> None:
    if inspect.isawaitable(outcome):
        raise TypeError(f"service {name!r}: {step}() is async; use the async registry methods")
    if outcome is False:
        raise RuntimeError(f"service {name!r}: {step}() returned False")


async def _arun(outcome: Any, name: str, step: str) -> None:
    if inspect.isawaitable(outcome):
        outcome = await outcome
    if outcome is False:
        raise RuntimeError(f"service {name!r}: {step}() returned False")


def _run_check(service: BaseService) -> Any:
    try:
        result = service.health_check()
    except Exception as error:  # noqa: BLE001 - a failing check is a report
        return f"{type(error).__name__}: {error}"
    if inspect.isawaitable(result):
        close = getattr(result, "close", None)
        if close is not None:
            close()
        return True  # async checks run through the kernel's concurrent health instead
    if isinstance(result, dict):
        return True if result.get("status", "healthy") in ("healthy", "ok") else result
    return True if result else "health_check() returned False"
