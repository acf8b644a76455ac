"""``TenantClient``: a test client whose requests name one tenant the way the app's
tenant resolver reads it (a header, a subdomain or a path prefix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from modstack.web.tenants import HeaderTenant, PathPrefixTenant, SubdomainTenant

R = TypeVar("R")


class Verbs(Generic[R]):
    """``get``, ``post``, ``put``, ``patch`` and ``delete`` over a client's ``request``."""

    request: Callable[..., R]
    """Send one request: ``request(method, url, **options)`` (each client its own)."""

    def get(self, url: str, **options: Any) -> R:
        """GET ``url``."""
        return self.request("GET", url, **options)

    def post(self, url: str, **options: Any) -> R:
        """POST to ``url``."""
        return self.request("POST", url, **options)

    def put(self, url: str, **options: Any) -> R:
        """PUT to ``url``."""
        return self.request("PUT", url, **options)

    def patch(self, url: str, **options: Any) -> R:
        """PATCH ``url``."""
        return self.request("PATCH", url, **options)

    def delete(self, url: str, **options: Any) -> R:
        """DELETE ``url``."""
        return self.request("DELETE", url, **options)


class TenantClient(Verbs[Any]):
    """Send requests as ``tenant``: ``client.get("/api/v1/storefront/billing/invoices")``.

    Every method of the wrapped client (``get``, ``post``, ``put``, ``patch``,
    ``delete``, ``request``, and ``websocket_connect`` on FastAPI) is available; paths
    are relative to the app's root, as they are for a request without a tenant. The
    client is FastAPI's ``TestClient`` or, for a Flask app, a ``FlaskTestClient``: on
    both, a response has ``status_code``, ``text`` and ``json()``.
    """

    def __init__(
        self,
        client: Any,
        resolver: object,
        tenant: str,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.client = client
        self.tenant = tenant
        self._resolver = resolver
        self._headers = dict(headers or {})

    def with_headers(self, headers: dict[str, str]) -> TenantClient:
        """The same tenant, with ``headers`` on every request (e.g. the admin API's
        ``modstack_admin_headers``)."""
        merged = {**self._headers, **headers}
        return TenantClient(self.client, self._resolver, self.tenant, headers=merged)

    def request(self, method: str, path: str, **options: Any) -> Any:
        """Send one request as the tenant; returns the client's response."""
        url, options = self._address(path, options)
        return self.client.request(method, url, **options)

    def websocket_connect(self, path: str, **options: Any) -> Any:
        """Open a WebSocket to ``path`` as the tenant."""
        url, options = self._address(path, options)
        return self.client.websocket_connect(url, **options)

    def _address(self, path: str, options: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        resolver = self._resolver
        headers = {**self._headers, **dict(options.pop("headers", None) or {})}
        if isinstance(resolver, PathPrefixTenant):
            url = f"{resolver.prefix}{self.tenant}/{path.lstrip('/')}"
            return url, {**options, "headers": headers}
        if isinstance(resolver, SubdomainTenant):
            headers["host"] = f"{self.tenant}{resolver.suffix}"
        elif isinstance(resolver, HeaderTenant):
            headers[resolver.name] = self.tenant
        else:
            raise TypeError(
                f"TenantClient cannot name a tenant for {type(resolver).__name__}; "
                "send what your resolver reads with modstack_client instead"
            )
        return path, {**options, "headers": headers}
