"""modstack's own endpoints (:data:`modstack.web.endpoints.ENDPOINTS`: health, status,
metrics, the admin API, the sign-in form) in FastAPI's terms: registered in one loop; a
request becomes an :class:`~modstack.web.endpoints.EndpointRequest` and the
:class:`~modstack.web.reply.Reply` a Starlette response."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from starlette.requests import HTTPConnection
from starlette.responses import Response

from modstack.dashboard import PAGES
from modstack.fastapi.depends import stack_of
from modstack.web.admin_access import SESSION_COOKIE, AdminRequest
from modstack.web.endpoints import ENDPOINTS, Endpoint, EndpointRequest, answer_async
from modstack.web.reply import Reply, put_cookies
from modstack.web.signin import MAX_FORM_BYTES, is_form, parse_form


def add_endpoints(app: FastAPI, admin_api: str) -> None:
    """Add every endpoint, the admin API's under ``admin_api``; a ``GET`` endpoint
    answers ``HEAD`` too (as on Flask and Django)."""
    for endpoint in ENDPOINTS + PAGES:
        path, view = endpoint.url(admin_api), _view(endpoint)
        app.add_api_route(path, view, methods=[endpoint.method], name=endpoint.name,
                          summary=endpoint.summary, tags=[endpoint.tag],
                          include_in_schema=endpoint.in_schema,
                          openapi_extra=endpoint.openapi())  # fmt: skip
        if endpoint.method == "GET":
            app.add_api_route(path, view, methods=["HEAD"], name=f"{endpoint.name}_head",
                              include_in_schema=False)  # fmt: skip


def _view(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    async def view(request: Request) -> Response:
        async def complete() -> EndpointRequest:
            content_type = request.headers.get("content-type")
            body = await read_body(request, endpoint.body_cap(content_type))
            query = tuple(request.query_params.multi_items())
            return EndpointRequest(admin, request.path_params, query, request.cookies,
                                   request.scope.get("root_path", ""), body,
                                   content_type)  # fmt: skip

        admin = admin_request(request)
        return to_response(await answer_async(stack_of(request), endpoint, admin, complete))

    view.__name__ = endpoint.name
    view.__doc__ = endpoint.summary
    return view


async def read_body(request: Request, cap: int | None) -> bytes:
    """The body: none (``cap`` 0), at most ``cap`` bytes, or all of it (None)."""
    if cap is None:
        return await request.body()
    body = b""
    if cap:
        async for chunk in request.stream():
            body += chunk
            if len(body) >= cap:
                break
    return body[:cap]


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form's first value per field (empty when it is too big or not a
    form): no multipart, no file uploads."""
    content_type = request.headers.get("content-type")
    cap = MAX_FORM_BYTES + 1 if is_form(content_type) else 0
    return parse_form(await read_body(request, cap), content_type)


def admin_request(request: HTTPConnection) -> AdminRequest:
    """What the admin door reads of ``request`` (HTTP or WebSocket)."""
    headers = request.headers
    return AdminRequest(str(request.scope.get("method", "GET")), headers.get("authorization"),
                        request.cookies.get(SESSION_COOKIE), headers.get("origin"),
                        headers.get("sec-fetch-site"), headers.get("host"),
                        request.client.host if request.client else None,
                        request.url.scheme)  # fmt: skip


def to_response(reply: Reply) -> Response:
    """A :class:`~modstack.web.reply.Reply` as a Starlette response."""
    response = Response(reply.body, reply.status, dict(reply.headers), reply.content_type)
    put_cookies(reply, response)
    return response
