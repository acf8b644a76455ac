"""``/health`` (public), ``/modules/status`` and ``/modules/<code>/health`` (the admin
credential unless ``MODSTACK_PUBLIC`` lists them), and ``/metrics``: the documents of
:mod:`modstack.web.health` and :mod:`modstack.web.metrics`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from modstack.flask import admin
from modstack.flask.gate import extension
from modstack.web.health import health_document, module_health_document, status_document
from modstack.web.metrics import CONTENT_TYPE

blueprint = Blueprint("modstack_health", __name__)


def _json(body: dict[str, Any], status: int = 200) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


@blueprint.get("/health")
def health() -> Response:
    """Liveness and readiness; no details."""
    stack = extension()
    status, body = health_document(stack.core, stack.store_probe.refresh())
    return _json(body, status)


@blueprint.get("/modules/status")
def modules_status() -> Response:
    """Every module's state and health, the core modules' states, the store's."""
    stack = extension()
    if not stack.settings.is_public("status"):
        refused = admin.refusal(stack)
        if refused is not None:
            return refused
    reachable = stack.store_probe.refresh()
    return _json(stack.core.call(status_document(stack.core, reachable)))


@blueprint.get("/modules/<code>/health")
def module_health(code: str) -> Response:
    """One module's health check; 503 unless healthy."""
    stack = extension()
    if not stack.settings.is_public("module-health"):
        refused = admin.refusal(stack)
        if refused is not None:
            return refused
    status, body = stack.core.call(module_health_document(stack.core, code))
    return _json(body, status)


@blueprint.get("/metrics")
def metrics() -> Response:
    """The services' metrics and each module's requests, in Prometheus text."""
    stack = extension()
    text = stack.metrics_page.render() + stack.request_metrics.render()
    return Response(text, mimetype=CONTENT_TYPE.split(";")[0], content_type=CONTENT_TYPE)
