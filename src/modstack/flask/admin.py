"""The admin credential and the admin API under ``/api/v1/admin/modstack/``, decided in
``modstack.web`` (:mod:`modstack.web.admin_access`, :mod:`modstack.web.admin_ops`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, g, jsonify, request

from modstack.flask.gate import extension
from modstack.web.admin_access import SESSION_COOKIE, AdminRequest, Refusal
from modstack.web.admin_ops import AdminOperations, Answer

if TYPE_CHECKING:
    from modstack.flask.extension import Modstack

PREFIX = "/api/v1/admin/modstack"


def refusal(stack: Modstack) -> Response | None:
    """The 401/403/503 answer when the request lacks the admin credential, else None
    (the principal is kept in ``g.principal``)."""
    access = stack.admin_access
    decision = access.check(
        AdminRequest(
            method=request.method,
            authorization=request.headers.get("Authorization"),
            session_cookie=request.cookies.get(SESSION_COOKIE),
            origin=request.headers.get("Origin"),
            fetch_site=request.headers.get("Sec-Fetch-Site"),
            host=request.headers.get("Host"),
        )
    )
    if isinstance(decision, Refusal):
        response = jsonify({"code": decision.code, "detail": decision.detail})
        response.status_code = decision.status
        return response
    g.principal = decision
    return None


blueprint = Blueprint("modstack_admin", __name__, url_prefix=PREFIX)


@blueprint.before_request
def _require_admin() -> Response | None:
    return refusal(extension())


def _ops() -> AdminOperations:
    return AdminOperations(extension().core)


def _send(answer: Answer) -> Response:
    response = jsonify(answer.body)
    response.status_code = answer.status
    return response


@blueprint.get("/modules")
def list_modules() -> Response:
    """Every module with tier, version, state and health."""
    return _send(extension().core.call(_ops().list_modules()))


@blueprint.post("/modules/<code>/reload")
def reload_module(code: str) -> Response:
    """Reload a module in every worker; each worker's outcome under ``workers``."""
    return _send(extension().core.call(_ops().reload_module(code)))


@blueprint.get("/services")
def list_services() -> Response:
    """Every service: version, owning module, breakers, health."""
    return _send(_ops().list_services())


@blueprint.get("/settings")
def list_settings() -> Response:
    """Every module's effective settings and their sources (secrets masked)."""
    return _send(_ops().list_settings(request.args.get("tenant")))


@blueprint.get("/tenants")
def list_tenants() -> Response:
    """Every tenant."""
    return _send(_ops().list_tenants())


@blueprint.get("/tenants/<tenant>/modules")
def tenant_modules(tenant: str) -> Response:
    """One tenant's modules and their states."""
    return _send(_ops().tenant_modules(tenant))


@blueprint.post("/tenants/<tenant>/modules/<code>/<action>")
def change_module(tenant: str, code: str, action: str) -> Response:
    """Plan (``dry_run=true``) or apply enabling or disabling ``code`` for ``tenant``."""
    dry_run = request.args.get("dry_run", "false").lower() == "true"
    reason = request.args.get("reason", "")
    return _send(_ops().change_module(tenant, code, action, dry_run=dry_run, reason=reason))


@blueprint.get("/audit")
def audit() -> Response:
    """Audit records, newest first."""
    limit = min(max(request.args.get("limit", 50, type=int) or 50, 1), 1000)
    return _send(_ops().audit(request.args.get("tenant"), limit))
