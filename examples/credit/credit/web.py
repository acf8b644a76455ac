"""What the modules' Flask routes share: who is asking (tenant, actor), reading a JSON
body, and answering a refused request. Imported by routes only (they need Flask).

The tenant is ``flask.g.tenant`` and the actor ``flask.g.actor``; the Flask adapter sets
them for each request (from its tenant resolver and its sign-in) before a module's view
runs. A request without a tenant is refused: nothing is read or written for nobody.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request

from credit.errors import CreditError


class NoTenantError(CreditError):
    """The request names no tenant."""

    status = 404


def current_tenant() -> str:
    """The request's tenant; NoTenantError when the adapter resolved none."""
    tenant = g.get("tenant")
    if not isinstance(tenant, str) or not tenant:
        raise NoTenantError("no tenant for this request")
    return tenant


def current_actor() -> str:
    """Who is asking, for the audit trail (``anonymous`` without a sign-in)."""
    actor = g.get("actor")
    return actor if isinstance(actor, str) and actor else "anonymous"


def json_body() -> dict[str, Any]:
    """The request's JSON object; CreditError when the body is not one."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise CreditError("send a JSON object (Content-Type: application/json)", field="body")
    return body


def whole_number(value: object, field: str) -> int:
    """``value`` as an int id; CreditError naming ``field`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise CreditError(f"{field} must be a whole number, not {value!r}", field=field)
    return value


def idempotency_key() -> str | None:
    """The ``Idempotency-Key`` header, when sent."""
    return request.headers.get("Idempotency-Key")


def answer_refusals(app: Flask) -> None:
    """Answer a CreditError as JSON (API) or a page (HTML) with its status; once per app."""
    if app.extensions.get("credit.refusals"):
        return
    app.extensions["credit.refusals"] = True

    @app.errorhandler(CreditError)
    def refused(error: CreditError) -> tuple[Response | str, int]:
        if request.accept_mimetypes.accept_html and not request.is_json:
            return render_template("credit/refused.html", error=error), error.status
        return jsonify(error.as_data()), error.status
