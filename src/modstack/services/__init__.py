"""The service layer: services per module with retry, circuit breaker, cache, fallback,
health and metrics — shared across workers through Redis when configured.

    class GatewayService(BaseService):
        service_name = "payment_gateway"
        def charge(self, amount: int) -> str: ...

    services.get_service("payment_gateway").call("charge", amount=42)
"""

from modstack.services.base import SERVICE_CONFIGS, BaseService, NonRetryableError
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
from modstack.services.registry import ServiceManager, ServiceRegistry
from modstack.services.runtime import ServiceRuntime

__all__ = [
    "SERVICE_CONFIGS",
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
