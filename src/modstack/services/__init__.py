"""The service layer: services per module with retry, circuit breaker, cache, fallback,
health and metrics — shared across workers through Redis when configured.

    class GatewayService(BaseService):
        service_name = "payment_gateway"
        def charge(self, amount: int) -> str: ...

    services.get("payment_gateway").call("charge", amount=42)

The Django seed's names (``get_service``, ``ServiceManager``, ``SERVICE_CONFIGS`` ...) are
facades: ``modstack.services.seed_names`` and ``modstack.services.seed_globals``.
"""

from modstack.services.base import SERVICE_SETTINGS, BaseService, NonRetryableError
from modstack.services.breaker import (
    Admission,
    BreakerPolicy,
    BreakerState,
    BreakerStore,
    FallbackBreakerStore,
    MemoryBreakerStore,
    StoreFallbacks,
)
from modstack.services.cache import MemoryCache, RedisCache, SingleFlight
from modstack.services.kernel_bridge import connect_services, module_services
from modstack.services.metrics import PrometheusCollector, ServiceMetrics
from modstack.services.registry import ServiceRegistry
from modstack.services.runtime import ServiceRuntime
from modstack.services.seed_globals import SERVICE_CONFIGS, ServiceManager

__all__ = [
    "SERVICE_CONFIGS",
    "SERVICE_SETTINGS",
    "Admission",
    "BaseService",
    "BreakerPolicy",
    "BreakerState",
    "BreakerStore",
    "FallbackBreakerStore",
    "MemoryBreakerStore",
    "MemoryCache",
    "NonRetryableError",
    "PrometheusCollector",
    "RedisCache",
    "ServiceManager",
    "ServiceMetrics",
    "ServiceRegistry",
    "ServiceRuntime",
    "SingleFlight",
    "StoreFallbacks",
    "connect_services",
    "module_services",
]
