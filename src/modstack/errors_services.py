"""Errors of the service layer: an unknown service, one the caller's module may not use,
an open circuit breaker, a value the cache cannot store."""

from __future__ import annotations

from collections.abc import Iterable

from modstack.errors_base import ModstackError, _near


class ServiceError(ModstackError):
    """The service layer refused or failed a call; subclasses say why."""


class ServiceNotFound(ServiceError, LookupError):  # noqa: N818 - parallel to ModuleNotFound
    """No service is registered under this name."""

    def __init__(self, name: str, *, known: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestions, hint = _near(name, known)
        super().__init__(f"no service {name!r} is registered{hint}")


class ServiceUnavailableError(ServiceError, PermissionError):
    """A module asked for a service of a module it does not require."""

    def __init__(self, *, service: str, owner: str, requester: str) -> None:
        self.service = service
        self.owner = owner
        self.requester = requester
        super().__init__(
            f"module {requester!r} may not use service {service!r}: it belongs to module "
            f"{owner!r}, which {requester!r} does not require (add it to requires)"
        )


class CircuitOpenError(ServiceError, RuntimeError):
    """The circuit breaker of a service operation is open; the call failed fast."""

    def __init__(self, *, service: str, operation: str, retry_in: float) -> None:
        self.service = service
        self.operation = operation
        self.retry_in = retry_in
        super().__init__(
            f"service {service!r} operation {operation!r}: circuit open after repeated "
            f"failures; next probe in {max(retry_in, 0):.1f} s"
        )


class CacheValueError(ServiceError, TypeError):
    """A value the cache cannot store: the Redis cache holds JSON data only."""

    def __init__(self, *, key: str, where: str, found: str) -> None:
        self.key = key
        self.where = where
        self.found = found
        super().__init__(
            f"cache key {key!r}: {where} is a {found}; a cached value may only be None, bool, "
            "int, float, str, list, or dict with str keys (nested); return plain data, "
            "e.g. model.model_dump(mode='json')"
        )
