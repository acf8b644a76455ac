"""modstack's own endpoints (:data:`modstack.web.endpoints.ENDPOINTS`: health, status,
metrics, the admin API, the sign-in form) in Flask's terms: three blueprints, their rules
added in one loop; a request becomes an :class:`~modstack.web.endpoints.EndpointRequest`
and the :class:`~modstack.web.reply.Reply` a Flask response."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, request

from modstack.dashboard import PAGES
from modstack.flask.gate import admin_request, extension, to_response
from modstack.web.endpoints import (
    ADMIN_API,
    OPERATIONS,
    SIGNIN_FORMS,
    Endpoint,
    EndpointRequest,
    answer_sync,
)


def blueprints(admin_api: str) -> list[Blueprint]:
    """Every endpoint, in four blueprints: ``modstack_health`` (health, status,
    metrics), ``modstack_admin`` (the admin API, under ``admin_api``),
    ``modstack_signin`` (the sign-in forms) and ``modstack_dashboard``. Flask answers
    ``HEAD`` for a ``GET``; an ``OPTIONS`` is no method of theirs (405)."""
    found = []
    for name, endpoints in (("modstack_health", OPERATIONS), ("modstack_admin", ADMIN_API),
                            ("modstack_signin", SIGNIN_FORMS),
                            ("modstack_dashboard", PAGES)):  # fmt: skip
        blueprint = Blueprint(name, __name__)
        for endpoint in endpoints:
            rule = endpoint.url(admin_api).replace("{", "<").replace("}", ">")
            blueprint.add_url_rule(rule, endpoint.name, _view(endpoint),
                                   methods=[endpoint.method],
                                   provide_automatic_options=False)  # fmt: skip
        found.append(blueprint)
    return found


def _view(endpoint: Endpoint) -> Callable[..., Response]:
    def view(**path: str) -> Response:
        def complete() -> EndpointRequest:
            cap = endpoint.body_cap(request.content_type)
            if cap is None:
                body = request.get_data(cache=False)
            else:  # read here, never by Flask's form parser
                body = request.stream.read(cap) if cap else b""
            query = tuple(request.args.items(multi=True))
            return EndpointRequest(admin, path, query, request.cookies, request.root_path,
                                   body, request.content_type)  # fmt: skip

        admin = admin_request()
        return to_response(answer_sync(extension(), endpoint, admin, complete))

    view.__doc__ = endpoint.summary
    return view
