"""Tenant resolvers over a ``RequestHead``: which tenant a request is for. Adapters call
``resolve(head)``; a single-tenant app sets ``MODSTACK_DEFAULT_TENANT`` (``DefaultTenant``)
so requests that name no tenant are that tenant's."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from modstack.naming import is_valid_tenant
from modstack.web.request import RequestHead


@runtime_checkable
class TenantResolver(Protocol):
    """Finds the tenant of a request, or None. ``hint`` tells a client what to send."""

    hint: str

    def resolve(self, head: RequestHead) -> str | None:
        """The tenant ``head`` names, or None."""
        ...


class HeaderTenant:
    """The tenant is the value of a header (default ``X-Tenant``)."""

    def __init__(self, header: str = "X-Tenant") -> None:
        self.name = header.lower()
        self.hint = f"send the tenant in the {header} header"

    def resolve(self, head: RequestHead) -> str | None:
        """The header's value, stripped; None when absent or blank."""
        return head.headers.get(self.name, "").strip() or None


class SubdomainTenant:
    """The tenant is the first label of the host under ``base_domain``:
    ``acme.shop.example`` -> ``acme``."""

    def __init__(self, base_domain: str) -> None:
        self.suffix = "." + base_domain.lower().strip(".")
        self.hint = f"use a host name of the form <tenant>{self.suffix}"

    def tenant_of_host(self, host: str) -> str | None:
        """The tenant of ``host`` (lower-case, no port), or None."""
        if not host.endswith(self.suffix):
            return None
        label = host[: -len(self.suffix)]
        return label if label and "." not in label else None

    def resolve(self, head: RequestHead) -> str | None:
        """The first label of the host under the base domain, or None."""
        return self.tenant_of_host(head.hostname)


class PathPrefixTenant:
    """The tenant is the first path segment after ``prefix``: ``/t/acme/api/...`` is
    tenant ``acme`` asking for ``/api/...``. Only the first segment names the tenant.
    An adapter moves ``prefix + tenant`` into the root path (``split``), so links built
    from the root path keep the tenant."""

    def __init__(self, prefix: str = "/t") -> None:
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self.hint = f"start the path with {self.prefix}<tenant>/"

    def split(self, path: str) -> tuple[str, str] | None:
        """``(tenant, rest)`` for a path under the prefix (``rest`` starts with ``/``),
        or None."""
        if not path.startswith(self.prefix):
            return None
        tenant, _, rest = path[len(self.prefix) :].partition("/")
        # A segment no tenant can be named is no tenant: it must never reach root_path,
        # from which links and pages are built (a quote there would be markup).
        return (tenant, "/" + rest) if is_valid_tenant(tenant) else None

    def resolve(self, head: RequestHead) -> str | None:
        """The tenant segment of the path, or None."""
        found = self.split(head.path)
        return found[0] if found else None


class DefaultTenant:
    """``inner``'s tenant, else ``tenant``: a single-tenant app's routes work for
    requests that name no tenant (``MODSTACK_DEFAULT_TENANT=main``)."""

    def __init__(self, tenant: str, inner: TenantResolver | None = None) -> None:
        self.tenant = tenant
        self.inner = inner
        self.hint = inner.hint if inner is not None else f"the default tenant is {tenant!r}"

    def resolve(self, head: RequestHead) -> str | None:
        """The tenant the request names, else the default."""
        named = self.inner.resolve(head) if self.inner is not None else None
        return named or self.tenant


def resolver_for(given: TenantResolver | None, default_tenant: str | None = None) -> TenantResolver:
    """An app's resolver: ``given`` (default :class:`HeaderTenant`), falling back to
    ``default_tenant`` (``MODSTACK_DEFAULT_TENANT``) when set."""
    resolver = given or HeaderTenant()
    return DefaultTenant(default_tenant, resolver) if default_tenant else resolver
