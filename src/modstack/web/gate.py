"""The gate's decision, for every adapter: may a request by ``tenant`` reach module
``code``? Fail closed: an inactive module, a missing or unknown tenant, a disabled
module and an unreachable store each refuse, with the answer to send."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modstack.errors import ModstackError, StoreUnavailableError, TenantNotFound
from modstack.kernel import Lifecycle
from modstack.web.refusals import Refusal

if TYPE_CHECKING:
    from modstack.kernel import ModuleRuntime
    from modstack.stack import Stack
    from modstack.tenancy import TenancyService

ACTIVE = Lifecycle.ACTIVE

NO_TENANT_HINT = "name the tenant of the request"


def decide(
    stack: Stack,
    code: str,
    tenant: str | None,
    *,
    hint: str = NO_TENANT_HINT,
    runtime: ModuleRuntime | None = None,
) -> Refusal | None:
    """Why the request may not reach module ``code`` (the run ``runtime``, default the
    one in service); None when it may. ``hint`` tells a client how to name a tenant.
    Raises KeyError for a code the stack has no module for."""
    runtime = runtime or stack.kernel.modules[code]
    if not runtime.is_active:
        return Refusal.module_unavailable(runtime.code, runtime.state.value, runtime.reason)
    if tenant is None:
        return Refusal.tenant_required(hint)
    try:
        if stack.tenancy.is_enabled(tenant, runtime.code):
            return None
    except TenantNotFound:
        return Refusal.tenant_not_found(tenant)
    except StoreUnavailableError:
        return Refusal.store_unavailable()
    return Refusal.module_disabled(runtime.code, tenant)


def admits(tenancy: TenancyService, runtime: ModuleRuntime, code: str, tenant: str | None) -> bool:
    """The common case of :func:`decide` in one call, for an adapter's hot path: True
    only when ``decide`` would admit the request (the run is active, a tenant is named
    and has module ``code`` enabled). False means "ask ``decide``", which gives the
    refusal (or admits, when the state changed in between)."""
    if runtime.state is not ACTIVE or tenant is None:
        return False
    try:
        return tenancy.is_enabled(tenant, code)
    except ModstackError:
        return False
