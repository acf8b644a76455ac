"""The Django seed's names on ``BaseService`` (``retry_operation``, ``get_cached``,
``set_cached``, ``get_health_status``) and on ``ServiceRegistry`` (``create_service``,
``get_service``, ``get_service_info``, ``get_service_health_summary``), apart from the
core's own vocabulary. The core classes inherit them, so code written for the seed keeps
working; ``modstack.services.seed_globals`` holds the seed's module-level names
(``ServiceManager``, ``SERVICE_CONFIGS``). See ``modstack.seed_names`` for the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from modstack.services.cache import MISSING

if TYPE_CHECKING:
    from modstack.services.runtime import ServiceRuntime

ServiceT = TypeVar("ServiceT")


class BaseServiceSeedNames:
    """The Django seed's helpers on ``BaseService``."""

    if TYPE_CHECKING:
        name: str
        runtime: ServiceRuntime
        cache_timeout: ClassVar[float]

        def cache_key(self, key: str) -> str: ...

        def retrying(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

        def health_status(self) -> dict[str, Any]: ...

    def retry_operation(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Django seed name for :meth:`retrying`: ``fn`` with the retry policy only."""
        return self.retrying(fn, *args, **kwargs)

    def get_cached(self, key: str) -> Any:
        """A cached value, or None (Django seed; see :meth:`cached`)."""
        value = self.runtime.cache.backend.get(self.cache_key(key))
        return None if value is MISSING else value

    def set_cached(self, key: str, value: Any, timeout: float | None = None) -> None:
        """Cache ``value`` for ``timeout`` seconds, default ``cache_timeout`` (Django seed)."""
        self.runtime.cache.backend.set(self.cache_key(key), value, timeout or self.cache_timeout)

    def get_health_status(self) -> dict[str, Any]:
        """Django seed name for :meth:`health_status`."""
        return self.health_status()


class ServiceRegistrySeedNames(Generic[ServiceT]):
    """The Django seed's names on ``ServiceRegistry`` (``ServiceT``: its services' base)."""

    if TYPE_CHECKING:

        def start(self, name: str) -> ServiceT: ...

        def get(self, name: str, *, requester: str | None = None) -> ServiceT: ...

        def info(self) -> dict[str, dict[str, Any]]: ...

        def health(self) -> dict[str, Any]: ...

    def create_service(self, name: str) -> ServiceT:
        """Django seed name for :meth:`start`."""
        return self.start(name)

    def get_service(self, name: str, *, requester: str | None = None) -> ServiceT:
        """Django seed name for :meth:`get`."""
        return self.get(name, requester=requester)

    def get_service_info(self) -> dict[str, dict[str, Any]]:
        """Django seed name for :meth:`info`."""
        return self.info()

    def get_service_health_summary(self) -> dict[str, Any]:
        """Django seed name for :meth:`health`."""
        return self.health()
