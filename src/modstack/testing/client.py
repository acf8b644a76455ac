"""``TenantClient``: a test client whose requests name one tenant the way the app's
tenant resolver reads it (a header, a subdomain or a path prefix)."""

from __future__ import annotations

from typing import Any

from modstack.web.tenants import HeaderTenant, PathPrefixTenant, SubdomainTenant


class TenantClient:
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

    def get(self, path: str, **options: Any) -> Any:
        """GET ``path`` as the tenant."""
        return self.request("GET", path, **options)

    def post(self, path: str, **options: Any) -> Any:
        """POST to ``path`` as the tenant."""
        return self.request("POST", path, **options)

    def put(self, path: str, **options: Any) -> Any:
        """PUT to ``path`` as the tenant."""
        return self.request("PUT", path, **options)

    def patch(self, path: str, **options: Any) -> Any:
        """PATCH ``path`` as the tenant."""
        return self.request("PATCH", path, **options)

    def delete(self, path: str, **options: Any) -> Any:
        """DELETE ``path`` as the tenant."""
        return self.request("DELETE", path, **options)

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
