"""The gate in Flask's terms: a request's head and tenant, the refusal's response
(JSON for API clients, ``modstack/error.html`` for a browser), and
``require_module_access`` for the app's own views."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import Response, current_app, g, render_template, request

from modstack.errors import ModuleError
from modstack.web.admin_access import SESSION_COOKIE, AdminRequest
from modstack.web.errors import module_error_refusal, refusal_reply, wants_page
from modstack.web.gate import decide
from modstack.web.refusals import Refusal
from modstack.web.reply import Reply, put_cookies
from modstack.web.request import RequestHead

if TYPE_CHECKING:
    from modstack.flask.extension import Modstack

F = TypeVar("F", bound=Callable[..., Any])


def request_head() -> RequestHead:
    """The current Flask request as a ``RequestHead`` (read from the WSGI environ, whose
    headers are looked up case-insensitively)."""
    current = request._get_current_object()  # type: ignore[attr-defined]
    environ = current.environ
    return RequestHead(
        current.method,
        current.path,
        current.root_path,
        current.headers,
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        environ.get("wsgi.url_scheme", "http"),
        environ.get("QUERY_STRING", ""),
    )


def extension() -> Modstack:
    """The current app's ``Modstack`` (``app.extensions["modstack"]``)."""
    return cast("Modstack", current_app.extensions["modstack"])


def tenant_of_request(stack: Modstack) -> str | None:
    """The request's tenant (kept in ``g.tenant``)."""
    if "tenant" not in g:
        g.tenant = stack.resolver.resolve(request_head())
    return cast("str | None", g.tenant)


SWAPS_FOLLOWED = 3
"""How many reloads a refused check follows (the run in service changed meanwhile)."""


def admin_request() -> AdminRequest:
    """What the admin door reads of the current request."""
    headers = request.headers
    return AdminRequest(request.method, headers.get("Authorization"),
                        request.cookies.get(SESSION_COOKIE), headers.get("Origin"),
                        headers.get("Sec-Fetch-Site"), headers.get("Host"),
                        request.remote_addr, request.scheme)  # fmt: skip


def check(stack: Modstack, code: str, tenant: str | None) -> Response | None:
    """The refusal's response when a request by ``tenant`` may not reach module
    ``code``, else None."""
    refusal = _decision(stack, code, tenant, SWAPS_FOLLOWED)
    return refuse(refusal) if refusal is not None else None


def _decision(stack: Modstack, code: str, tenant: str | None, swaps: int) -> Refusal | None:
    """The gate's decision for the run of ``code`` in service. A reload that swapped the
    module while the gate looked (the old run already stopping) is followed, up to
    ``swaps`` times: the run now in service decides."""
    in_service = stack.core.kernel.modules
    runtime = in_service.get(code)
    if runtime is None:
        return Refusal.not_found()
    refusal = decide(stack.core, code, tenant, hint=stack.resolver.hint, runtime=runtime)
    if refusal is not None and swaps and in_service.get(code) is not runtime:
        return _decision(stack, code, tenant, swaps - 1)
    return refusal


def refuse(refusal: Refusal) -> Response:
    """The answer a refused request gets: JSON, or the error page for a browser."""
    stack = extension()
    page = wants_page(request.path, request.headers.get("Accept", ""), stack.conventions.prefix)
    reply = refusal_reply(refusal, page=page, render=render, access=stack.admin_access,
                          admin=admin_request)  # fmt: skip
    return to_response(reply)


def render(name: str, context: dict[str, Any]) -> str:
    """A template rendered by Flask (the app's templates first, then the modules')."""
    return render_template(name, **context)


def to_response(reply: Reply) -> Response:
    """A :class:`~modstack.web.reply.Reply` as a Flask response."""
    response = Response(
        reply.body, reply.status, dict(reply.headers), content_type=reply.content_type
    )
    put_cookies(reply, response)
    return response


def require_module_access(code: str) -> Callable[[F], F]:
    """A view decorator: the view runs only when the request's tenant has module
    ``code`` enabled and the module is active; otherwise the gate's refusal."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def gated(*args: Any, **kwargs: Any) -> Any:
            stack = extension()
            refused = check(stack, code, tenant_of_request(stack))
            return refused if refused is not None else view(*args, **kwargs)

        return cast("F", gated)

    return decorate


def answer_module_error(error: ModuleError) -> Response:
    """Error handler: a module's uncaught ModuleError answers with ``error.status`` and
    ``error.as_data()`` as the JSON body (the error page, showing its detail, for a
    browser), as in the FastAPI adapter."""
    return refuse(module_error_refusal(error))
