"""The gate in Django's terms: a request's head and tenant, the refusal's response (JSON
for API clients, ``modstack/error.html`` for a browser), and ``require_module_access``
for the project's own views."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import render_to_string

from modstack.errors import ModuleError
from modstack.web.admin_access import SESSION_COOKIE, AdminRequest
from modstack.web.errors import module_error_refusal, refusal_reply, wants_page
from modstack.web.gate import admits, decide
from modstack.web.refusals import TEMPLATES, Refusal
from modstack.web.reply import Reply, put_cookies
from modstack.web.request import RequestHead

if TYPE_CHECKING:
    from modstack.django.adapter import Modstack

F = TypeVar("F", bound=Callable[..., Any])


class MetaHeaders(Mapping[str, str]):
    """A request's headers read from its WSGI environ, case-insensitively, without
    building ``request.headers`` (what the tenant resolvers look up is one header)."""

    def __init__(self, meta: Mapping[str, Any]) -> None:
        self.meta = meta

    def __getitem__(self, name: str) -> str:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        return str(self.meta[key])

    def __iter__(self) -> Iterator[str]:
        for key in self.meta:
            if key.startswith("HTTP_"):
                yield key[5:].replace("_", "-").lower()
            elif key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                yield key.replace("_", "-").lower()

    def __len__(self) -> int:
        return sum(1 for _ in self)


def request_head(request: HttpRequest) -> RequestHead:
    """The Django request as a ``RequestHead`` (headers looked up case-insensitively)."""
    meta = request.META
    path_info = request.path_info
    return RequestHead(
        request.method or "GET",
        path_info,
        request.path[: len(request.path) - len(path_info)] if path_info else "",
        MetaHeaders(meta),
        str(meta.get("HTTP_HOST") or meta.get("SERVER_NAME", "")),
        str(meta.get("wsgi.url_scheme", "http")),
        str(meta.get("QUERY_STRING", "")),
    )


@functools.cache
def _app_config() -> Any:
    from django.apps import apps

    try:
        return apps.get_app_config("modstack")
    except LookupError as error:
        raise ImproperlyConfigured(
            'add "modstack.django" to INSTALLED_APPS to use modstack.django'
        ) from error


def current() -> Modstack:
    """The project's ``Modstack`` (built by the ``modstack.django`` app's ``ready()``).
    Raises ImproperlyConfigured when ``modstack.django`` is not in ``INSTALLED_APPS``, or
    when its ``ready()`` built no stack (it failed, saying why, or has not run yet)."""
    stack = _app_config().modstack
    if stack is None:
        raise ImproperlyConfigured(
            "modstack.django has no stack yet: Django is not set up, or the app's ready() "
            "failed (its error, printed first, says why)"
        )
    return cast("Modstack", stack)


def tenant_of(request: HttpRequest, stack: Modstack) -> str | None:
    """The request's tenant, kept in ``request.tenant`` (the middleware sets it; a view
    reached without the middleware resolves it here)."""
    if not hasattr(request, "tenant"):
        request.tenant = stack.resolver.resolve(request_head(request))
    return cast("str | None", request.tenant)


def check(stack: Modstack, request: HttpRequest, code: str) -> HttpResponse | None:
    """The refusal's response when ``request`` may not reach module ``code``, else None
    (the common case, an admitted request, in one call: ``admits``; ``decide`` only
    when it does not, for the refusal)."""
    core = stack.core
    runtime = core.kernel.modules.get(code)
    if runtime is None:
        return refuse(request, Refusal.not_found())
    tenant = request.tenant if hasattr(request, "tenant") else tenant_of(request, stack)
    if admits(core.tenancy, runtime, code, tenant):
        return None
    refusal = decide(core, code, tenant, hint=stack.resolver.hint, runtime=runtime)
    return refuse(request, refusal) if refusal is not None else None


def admin_request(request: HttpRequest) -> AdminRequest:
    """What the admin door reads of ``request``."""
    headers = request.headers
    return AdminRequest(request.method or "GET", headers.get("Authorization"),
                        request.COOKIES.get(SESSION_COOKIE), headers.get("Origin"),
                        headers.get("Sec-Fetch-Site"), headers.get("Host") or _server(request),
                        request.META.get("REMOTE_ADDR"), request.scheme)  # fmt: skip


def _server(request: HttpRequest) -> str | None:
    """The host a request without a ``Host`` header reached (WSGI's ``SERVER_NAME`` and
    ``SERVER_PORT``, the port left out when it is the scheme's default), as Django's
    ``get_host`` reads it, without its ``ALLOWED_HOSTS`` check."""
    name = request.META.get("SERVER_NAME")
    if not name:
        return None
    port = str(request.META.get("SERVER_PORT", ""))
    default = "443" if request.scheme == "https" else "80"
    return name if port in ("", default) else f"{name}:{port}"


def refuse(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The answer a refused request gets: JSON, or the error page for a browser
    (:func:`modstack.web.errors.wants_page`: never under an API path)."""
    page = wants_page(request.path_info, request.headers.get("Accept", ""), _api_prefix())
    reply = refusal_reply(refusal, page=page, render=render, access=current().admin_access,
                          admin=lambda: admin_request(request))  # fmt: skip
    return to_response(reply)


def render(name: str, context: dict[str, Any]) -> str:
    """A template rendered by the project's engines (its own template of that name
    first), else by modstack's (its error page)."""
    try:
        return str(render_to_string(name, context))
    except TemplateDoesNotExist as error:
        if error.args and error.args[0] != name:  # the project's own page is broken
            raise
        return str(_fallback().get_template(name).render(Context(context)))


def to_response(reply: Reply) -> HttpResponse:
    """A :class:`~modstack.web.reply.Reply` as a Django response."""
    response = HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
    for name, value in reply.headers.items():
        response[name] = value
    put_cookies(reply, response)
    return response


def _api_prefix() -> str:
    stack = _app_config().modstack
    return stack.conventions.prefix if stack is not None else "/api/v1"


@functools.cache
def _fallback() -> Engine:
    """modstack's own error page, when the project's template engines have none."""
    return Engine(dirs=[str(TEMPLATES)], autoescape=True)


def require_module_access(code: str) -> Callable[[F], F]:
    """A view decorator: the view runs only when the request's tenant has module
    ``code`` enabled and the module is active; otherwise the gate's refusal."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            stack = current()
            stack.start()
            refused = check(stack, request, code)
            return refused if refused is not None else view(request, *args, **kwargs)

        return cast("F", gated)

    return decorate


def answer_module_error(request: HttpRequest, error: ModuleError) -> HttpResponse:
    """A module's uncaught ModuleError answers with ``error.status`` and
    ``error.as_data()`` as the JSON body (the error page for a browser), as in the
    FastAPI and Flask adapters."""
    return refuse(request, module_error_refusal(error))
