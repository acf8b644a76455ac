"""Path-prefix tenants the WSGI way: ``/t/acme/api/...`` is tenant ``acme`` asking for
``/api/...``.

``TenantPrefix`` wraps ``app.wsgi_app`` and moves a valid ``/t/<tenant>`` segment from
``PATH_INFO`` to ``SCRIPT_NAME``, as any WSGI mount does: Flask routes the rest, and
``url_for`` builds ``/t/<tenant>/...`` links from the script root. The middleware notes
the tenant it moved in the environ; ``MovedPrefixTenant`` (the resolver the extension
puts in place of a ``PathPrefixTenant``) reads it there, never from the path left over,
so ``/t/acme/t/globex/api/...`` is tenant ``acme`` asking for ``/t/globex/api/...``,
which no module route matches. A segment that is not a valid tenant name
(``modstack.naming``) is not a tenant: the path is left alone, and no route matches it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, has_request_context, request

from modstack.web.request import RequestHead
from modstack.web.tenants import DefaultTenant, PathPrefixTenant, TenantResolver

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

MOVED_TENANT = "modstack.prefix_tenant"
"""The environ key where ``TenantPrefix`` notes the tenant it moved to ``SCRIPT_NAME``."""


class TenantPrefix:
    """WSGI middleware: a valid ``<prefix><tenant>`` at the start of ``PATH_INFO`` moves
    to the end of ``SCRIPT_NAME`` (the tenant noted under ``MOVED_TENANT``)."""

    def __init__(self, wsgi_app: WsgiApp, tenants: PathPrefixTenant) -> None:
        self.wsgi_app = wsgi_app
        self.tenants = tenants

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        environ.pop(MOVED_TENANT, None)  # only this middleware names the tenant
        found = self.tenants.split(environ.get("PATH_INFO", ""))
        if found is not None:
            tenant, rest = found
            mounted = environ.get("SCRIPT_NAME", "").rstrip("/")
            environ["SCRIPT_NAME"] = mounted + self.tenants.prefix + tenant
            environ["PATH_INFO"] = rest
            environ[MOVED_TENANT] = tenant
        return self.wsgi_app(environ, start_response)


class MovedPrefixTenant(PathPrefixTenant):
    """``PathPrefixTenant`` in a Flask app: the tenant ``TenantPrefix`` moved out of
    the path of the current request (None outside a request, or when it moved none)."""

    def resolve(self, head: RequestHead) -> str | None:
        """The tenant the request's path started with, now the end of ``root_path``."""
        if not has_request_context():
            return None
        tenant = request.environ.get(MOVED_TENANT)
        if not isinstance(tenant, str) or not head.root_path.endswith(self.prefix + tenant):
            return None
        return tenant


def install(app: Flask, resolver: TenantResolver) -> TenantResolver:
    """The resolver to use in ``app``: when ``resolver`` (or the resolver a
    ``DefaultTenant`` wraps) reads a path prefix, ``app.wsgi_app`` is wrapped in
    ``TenantPrefix`` (once) and the prefix is read where the middleware moved it."""
    if isinstance(resolver, DefaultTenant) and resolver.inner is not None:
        inner = install(app, resolver.inner)
        return resolver if inner is resolver.inner else DefaultTenant(resolver.tenant, inner)
    if not isinstance(resolver, PathPrefixTenant):
        return resolver
    if not isinstance(app.wsgi_app, TenantPrefix):
        app.wsgi_app = TenantPrefix(app.wsgi_app, resolver)  # type: ignore[method-assign]
    return MovedPrefixTenant(resolver.prefix)
