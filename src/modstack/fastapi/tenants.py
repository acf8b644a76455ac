"""Tenant resolvers: which tenant a request is for, read from its ASGI scope."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Protocol

Scope = MutableMapping[str, Any]


class TenantResolver(Protocol):
    """Finds the tenant of a request, or None. ``hint`` tells a client what to send."""

    hint: str

    def __call__(self, scope: Scope) -> str | None:
        """The tenant of the request in ``scope``, or None when it names none."""


class HeaderTenantResolver:
    """The default: the tenant is the value of a header (``X-Tenant``)."""

    def __init__(self, header: str = "X-Tenant") -> None:
        self.header = header.lower().encode("latin-1")
        self.hint = f"send the tenant in the {header} header"

    def __call__(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == self.header:
                return value.decode("latin-1").strip() or None
        return None


class SubdomainTenantResolver:
    """The tenant is the first label of the host under ``base_domain``:
    ``acme.shop.example`` -> ``acme``."""

    def __init__(self, base_domain: str) -> None:
        self.suffix = "." + base_domain.lower().strip(".")
        self.hint = f"use a host name of the form <tenant>{self.suffix}"

    def __call__(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1").lower().split(":")[0]
                if host.endswith(self.suffix):
                    label = host[: -len(self.suffix)]
                    return label if label and "." not in label else None
                return None
        return None


class PathPrefixTenantResolver:
    """The tenant is the first path segment after ``prefix``: ``/t/acme/api/...`` is
    tenant ``acme``; the rest of the path is routed as ``/api/...``."""

    def __init__(self, prefix: str = "/t") -> None:
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self.hint = f"start the path with {self.prefix}<tenant>/"

    def __call__(self, scope: Scope) -> str | None:
        path: str = scope["path"]
        if not path.startswith(self.prefix):
            return None
        tenant, _, rest = path[len(self.prefix) :].partition("/")
        if not tenant:
            return None
        consumed = self.prefix + tenant
        scope["path"] = "/" + rest
        scope["root_path"] = scope.get("root_path", "") + consumed
        if "raw_path" in scope:
            scope["raw_path"] = scope["path"].encode()
        return tenant
