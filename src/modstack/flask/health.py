"""``/health`` (public: live and ready, nothing more), ``/modules/status``,
``/modules/<code>/health`` and ``/metrics`` (the admin credential unless
``MODSTACK_PUBLIC`` lists them): the documents of :mod:`modstack.web.health` and
:mod:`modstack.web.metrics`."""

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


def _refusal(detail: str) -> Response | None:
    """The admin credential's refusal, unless ``MODSTACK_PUBLIC`` lists ``detail``."""
    stack = extension()
    return None if stack.settings.is_public(detail) else admin.refusal(stack)


@blueprint.get("/modules/status")
def modules_status() -> Response:
    """Every module's state and health, the core modules' states, the store's."""
    if (refused := _refusal("status")) is not None:
        return refused
    stack = extension()
    reachable = stack.store_probe.refresh()
    return _json(stack.core.call(status_document(stack.core, reachable)))


@blueprint.get("/modules/<code>/health")
def module_health(code: str) -> Response:
    """One module's health check; 503 unless healthy."""
    if (refused := _refusal("module-health")) is not None:
        return refused
    stack = extension()
    status, body = stack.core.call(module_health_document(stack.core, code))
    return _json(body, status)


@blueprint.get("/metrics")
def metrics() -> Response:
    """The services' metrics and each module's requests, in Prometheus text."""
    if (refused := _refusal("metrics")) is not None:
        return refused
    stack = extension()
    text = stack.metrics_page.render() + stack.request_metrics.render()
    return Response(text, mimetype=CONTENT_TYPE.split(";")[0], content_type=CONTENT_TYPE)
