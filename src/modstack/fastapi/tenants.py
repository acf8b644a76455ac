"""Tenant resolvers: which tenant a request is for, read from its ASGI scope (the
decisions are ``modstack.web.tenants``'; these read the scope without copying it). The
resolvers Flask and Django take (``modstack.web.tenants``) work here too
(:func:`scope_resolver`)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Protocol

from starlette._utils import get_route_path

from modstack.web.request import RequestHead
from modstack.web.tenants import DefaultTenant, HeaderTenant, PathPrefixTenant, SubdomainTenant
from modstack.web.tenants import TenantResolver as HeadResolver

Scope = MutableMapping[str, Any]


class TenantResolver(Protocol):
    """Finds the tenant of a request, or None. ``hint`` tells a client what to send."""

    hint: str

    def __call__(self, scope: Scope) -> str | None:
        """The tenant of the request in ``scope``, or None when it names none."""


class HeaderTenantResolver(HeaderTenant):
    """The default: the tenant is the value of a header (``X-Tenant``)."""

    def __init__(self, header: str = "X-Tenant") -> None:
        super().__init__(header)
        self.header = self.name.encode("latin-1")

    def __call__(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == self.header:
                return value.decode("latin-1").strip() or None
        return None


class SubdomainTenantResolver(SubdomainTenant):
    """The tenant is the first label of the host under ``base_domain``:
    ``acme.shop.example`` -> ``acme``."""

    def __call__(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == b"host":
                return self.tenant_of_host(value.decode("latin-1").lower().split(":")[0])
        return None


class PathPrefixTenantResolver(PathPrefixTenant):
    """The tenant is the first path segment after ``prefix``: ``/t/acme/api/...`` is
    tenant ``acme``; the rest of the path, exactly, is routed (``/api/...``).

    The prefix is read from the path the router routes (after the server's
    ``root_path``) and moved into ``root_path``, so links built from ``root_path`` keep
    the tenant. Only the first segment names the tenant: ``/t/acme/t/globex/api/...`` is
    tenant ``acme`` asking for ``/t/globex/api/...``, which no module route matches.
    """

    def __call__(self, scope: Scope) -> str | None:
        root: str = scope.get("root_path", "")
        found = self.split(get_route_path(scope))
        if found is None:
            return None
        tenant, rest = found
        new_root = root + self.prefix + tenant
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


class DefaultTenantResolver(DefaultTenant):
    """``inner``'s tenant, else ``tenant`` (``MODSTACK_DEFAULT_TENANT``): a single-tenant
    app's routes work for requests that name no tenant."""

    def __init__(self, tenant: str, inner: TenantResolver) -> None:
        super().__init__(tenant, inner if isinstance(inner, HeadResolver) else None)
        self.scope_resolver = inner
        self.hint = inner.hint

    def __call__(self, scope: Scope) -> str | None:
        return self.scope_resolver(scope) or self.tenant


class HeadTenantResolver:
    """A resolver of ``modstack.web.tenants`` (``resolve(head)``) over the ASGI scope."""

    def __init__(self, inner: HeadResolver) -> None:
        self.inner = inner
        self.hint = inner.hint

    def __call__(self, scope: Scope) -> str | None:
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        head = RequestHead(str(scope.get("method", "GET")), get_route_path(scope),
                           scope.get("root_path", ""), headers, scheme=scope.get("scheme", "http"),
                           query=scope.get("query_string", b"").decode("latin-1"))  # fmt: skip
        return self.inner.resolve(head)


def scope_resolver(given: TenantResolver | HeadResolver) -> TenantResolver:
    """``given`` as a resolver of the ASGI scope: a scope resolver as it is; a path prefix
    or default tenant of ``modstack.web.tenants`` as its ASGI twin (the prefix moves into
    ``root_path``); any other ``resolve(head)`` resolver read over the scope."""
    if callable(given):
        return given
    if isinstance(given, PathPrefixTenant):
        return PathPrefixTenantResolver(given.prefix)
    if isinstance(given, DefaultTenant):
        inner = scope_resolver(given.inner) if given.inner is not None else None
        return DefaultTenantResolver(given.tenant, inner or _NoTenant(given.hint))
    return HeadTenantResolver(given)


class _NoTenant:
    """Names no tenant (the inner resolver of a default tenant alone)."""

    def __init__(self, hint: str) -> None:
        self.hint = hint

    def __call__(self, scope: Scope) -> str | None:
        return None
