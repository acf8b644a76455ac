"""modstack's own endpoints (:data:`modstack.web.endpoints.ENDPOINTS`: health, status,
metrics, the admin API, the sign-in form) in Flask's terms: one blueprint, its rules
added in one loop; a request becomes an :class:`~modstack.web.endpoints.EndpointRequest`
and the :class:`~modstack.web.reply.Reply` a Flask response."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, request

from modstack.flask.gate import admin_request, extension, to_response
from modstack.web.endpoints import ENDPOINTS, Endpoint, EndpointRequest, answer_sync


def blueprint(admin_api: str) -> Blueprint:
    """Every endpoint, the admin API's under ``admin_api``, in a blueprint."""
    found = Blueprint("modstack", __name__)
    for endpoint in ENDPOINTS:
        rule = endpoint.url(admin_api).replace("{", "<").replace("}", ">")
        found.add_url_rule(rule, endpoint.name, _view(endpoint), methods=[endpoint.method])
    return found


def _view(endpoint: Endpoint) -> Callable[..., Response]:
    def view(**path: str) -> Response:
        def complete() -> EndpointRequest:
            cap = endpoint.body_cap(request.content_type)
            if cap is None:
                body = request.get_data(cache=False)
            else:  # read here, never by Flask's form parser
                body = request.stream.read(cap) if cap else b""
            return EndpointRequest(admin, path, request.args, request.cookies,
                                   request.root_path, body, request.content_type)  # fmt: skip

        admin = admin_request()
        return to_response(answer_sync(extension(), endpoint, admin, complete))

    view.__doc__ = endpoint.summary
    return view
