"""Tenant resolvers: which tenant a request is for, read from its ASGI scope."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Protocol

from starlette._utils import get_route_path

from modstack.naming import is_valid_tenant

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
    tenant ``acme``; the rest of the path, exactly, is routed (``/api/...``).

    The prefix is read from the path the router routes (after the server's
    ``root_path``) and moved into ``root_path``, so links built from ``root_path`` keep
    the tenant. Only the first segment names the tenant: ``/t/acme/t/globex/api/...`` is
    tenant ``acme`` asking for ``/t/globex/api/...``, which no module route matches.
    """

    def __init__(self, prefix: str = "/t") -> None:
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self.hint = f"start the path with {self.prefix}<tenant>/"

    def __call__(self, scope: Scope) -> str | None:
        root: str = scope.get("root_path", "")
        path = get_route_path(scope)
        if not path.startswith(self.prefix):
            return None
        tenant, _, rest = path[len(self.prefix) :].partition("/")
        if not is_valid_tenant(tenant):
            # No tenant can have this name, and the segment must never reach root_path,
            # from which links and pages are built (a quote there is markup): route the
            # path as it came, which no module route matches.
            return None
        new_root = root + self.prefix + tenant
        rest = "/" + rest
        scope["root_path"] = new_root
        # The router routes `path` minus `root_path` when `path` starts with it, else
        # `path` as it is. ASGI's form (`path` includes `root_path`) always routes `rest`;
        # the short form (`path` is `rest`) is kept for an app at the server's root, but
        # not when `rest` itself starts with the new root_path (a repeated prefix), where
        # the router would take the prefix off a second time.
        if root or rest == new_root or rest.startswith(new_root + "/"):
            scope["path"] = new_root + rest
        else:
            scope["path"] = rest
        if "raw_path" in scope:
            scope["raw_path"] = scope["path"].encode()
        return tenant
