"""The gate's decision, for every adapter: may a request by ``tenant`` reach module
``code``? Fail closed: an inactive module, a missing or unknown tenant, a disabled
module and an unreachable store each refuse, with the answer to send."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modstack.errors import StoreUnavailableError, TenantNotFound
from modstack.web.refusals import Refusal

if TYPE_CHECKING:
    from modstack.kernel import ModuleRuntime
    from modstack.stack import Stack

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
