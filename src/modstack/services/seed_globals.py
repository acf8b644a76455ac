"""The Django seed's module-level service names: ``SERVICE_CONFIGS`` and the class of its
``service_manager`` (``ServiceManager``), over the core's ``SERVICE_SETTINGS`` and
``ServiceRegistry``. Import them from ``modstack.services``."""

from __future__ import annotations

import inspect
from typing import Any

from modstack.services.base import SERVICE_SETTINGS, BaseService
from modstack.services.registry import ServiceRegistry

SERVICE_CONFIGS: dict[str, dict[str, Any]] = SERVICE_SETTINGS
"""The Django seed's name for ``SERVICE_SETTINGS`` (the same dict)."""


class ServiceManager:
    """The Django seed's ``service_manager``: ``ServiceManager(stack.services)``."""

    def __init__(self, registry: ServiceRegistry) -> None:
        self.registry = registry

    def call_service_with_fallback(
        self, primary: str, operation: str, *, fallback_service: str | None = None, **kwargs: Any
    ) -> Any:
        """Call ``primary.operation(**kwargs)``; if it fails (breaker open included) and
        a fallback is named, call the fallback's operation instead. An async operation
        returns an awaitable."""
        service = self.registry.get(primary)
        if inspect.iscoroutinefunction(getattr(service, operation)):
            return self._acall(service, operation, fallback_service, kwargs)
        try:
            return service.call(operation, **kwargs)
        except Exception:
            if fallback_service is None:
                raise
            self.registry.runtime.metrics.of(service.name, operation).fallbacks += 1
            return self.registry.get(fallback_service).call(operation, **kwargs)

    async def _acall(
        self, service: BaseService, operation: str, fallback: str | None, kwargs: Any
    ) -> Any:
        try:
            return await service.call(operation, **kwargs)
        except Exception:
            if fallback is None:
                raise
            self.registry.runtime.metrics.of(service.name, operation).fallbacks += 1
            return await self.registry.get(fallback).call(operation, **kwargs)

    def get_service_health_summary(self) -> dict[str, Any]:
        """The registry's health summary (the seed's name on the manager)."""
        return self.registry.health()
