"""The admin credential and the admin API under ``/api/v1/admin/modstack/``, decided in
``modstack.web`` (:mod:`modstack.web.admin_access`, :mod:`modstack.web.admin_ops`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from modstack.django.gate import current
from modstack.web.admin_access import SESSION_COOKIE, AdminRequest, Refusal
from modstack.web.admin_ops import AdminOperations, Answer

if TYPE_CHECKING:
    from modstack.django.adapter import Modstack

PREFIX = "api/v1/admin/modstack/"


def refusal(stack: Modstack, request: HttpRequest) -> HttpResponse | None:
    """The 401/403/503 answer when the request lacks the admin credential, else None
    (the principal is kept in ``request.principal``)."""
    decision = stack.admin_access.check(
        AdminRequest(
            method=request.method or "GET",
            authorization=request.headers.get("Authorization"),
            session_cookie=request.COOKIES.get(SESSION_COOKIE),
            origin=request.headers.get("Origin"),
            fetch_site=request.headers.get("Sec-Fetch-Site"),
            host=request.headers.get("Host"),
        )
    )
    if isinstance(decision, Refusal):
        body = {"code": decision.code, "detail": decision.detail}
        return JsonResponse(body, status=decision.status)
    request.principal = decision
    return None


View = Callable[..., HttpResponse]


def admin_view(view: Callable[..., Answer]) -> View:
    """An admin API view: the credential first (CSRF is the credential's business: a
    bearer token, or a session cookie checked against the request's origin)."""

    @csrf_exempt
    @functools.wraps(view)
    def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        stack = current()
        stack.start()
        refused = refusal(stack, request)
        if refused is not None:
            return refused
        answer = view(stack, request, *args, **kwargs)
        return JsonResponse(answer.body, status=answer.status, safe=False)

    wrapped: View = answered
    return wrapped


def _ops(stack: Modstack) -> AdminOperations:
    return AdminOperations(stack.core)


@require_GET
@admin_view
def list_modules(stack: Modstack, request: HttpRequest) -> Answer:
    """Every module with tier, version, state and health."""
    return stack.core.call(_ops(stack).list_modules())


@require_POST
@admin_view
def reload_module(stack: Modstack, request: HttpRequest, code: str) -> Answer:
    """Reload a module in every worker; each worker's outcome under ``workers``."""
    return stack.core.call(_ops(stack).reload_module(code))


@require_GET
@admin_view
def list_services(stack: Modstack, request: HttpRequest) -> Answer:
    """Every service: version, owning module, breakers, health."""
    return _ops(stack).list_services()


@require_GET
@admin_view
def list_settings(stack: Modstack, request: HttpRequest) -> Answer:
    """Every module's effective settings and their sources (secrets masked)."""
    return _ops(stack).list_settings(request.GET.get("tenant"))


@require_GET
@admin_view
def list_tenants(stack: Modstack, request: HttpRequest) -> Answer:
    """Every tenant."""
    return _ops(stack).list_tenants()


@require_GET
@admin_view
def tenant_modules(stack: Modstack, request: HttpRequest, tenant: str) -> Answer:
    """One tenant's modules and their states."""
    return _ops(stack).tenant_modules(tenant)


@require_POST
@admin_view
def change_module(
    stack: Modstack, request: HttpRequest, tenant: str, code: str, action: str
) -> Answer:
    """Plan (``dry_run=true``) or apply enabling or disabling ``code`` for ``tenant``."""
    dry_run = request.GET.get("dry_run", "false").lower() == "true"
    reason = request.GET.get("reason", "")
    return _ops(stack).change_module(tenant, code, action, dry_run=dry_run, reason=reason)


@require_GET
@admin_view
def audit(stack: Modstack, request: HttpRequest) -> Answer:
    """Audit records, newest first."""
    try:
        limit = int(request.GET.get("limit", "50"))
    except ValueError:
        limit = 50
    return _ops(stack).audit(request.GET.get("tenant"), min(max(limit, 1), 1000))
