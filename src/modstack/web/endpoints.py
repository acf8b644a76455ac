"""modstack's own endpoints, for every adapter, in one table: ``/health``,
``/modules/status``, ``/modules/{code}/health``, ``/metrics``, the admin API (under
``<api prefix>/admin/modstack``) and the admin sign-in form.

Each :class:`Endpoint` says who may call it (its ``guard``), what of the body it reads
and how it answers. An adapter registers every endpoint in one loop, builds an
:class:`EndpointRequest` from its request, reads the body :meth:`Endpoint.body_cap`
allows once the guard let the request through, and sends the
:class:`~modstack.web.reply.Reply` of :func:`answer_async` (an async framework) or
:func:`answer_sync` (a WSGI one): the translation is all it does.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from modstack.web import http_refusals
from modstack.web.admin_access import AdminRefusal, AdminRequest
from modstack.web.admin_api import ADMIN_ROUTES, AdminRoute, invalid
from modstack.web.admin_ops import AdminOperations
from modstack.web.auth import Principal
from modstack.web.health import health_document, module_health_document, status_document
from modstack.web.metrics import CONTENT_TYPE
from modstack.web.refusals import Refusal
from modstack.web.reply import Reply
from modstack.web.signin import MAX_FORM_BYTES, FormRequest, SignIn, is_form, parse_form

if TYPE_CHECKING:
    from modstack.web.site import Site

ADMIN = "admin"
"""The guard of an endpoint that always requires the admin credential."""

Answer = Callable[["Site", "EndpointRequest"], "Reply | Awaitable[Reply]"]


@dataclass(frozen=True, slots=True)
class EndpointRequest:
    """What an endpoint reads of a request (each adapter fills it in): the admin
    credential and the client (``admin``), the path's ``{name}`` segments, the query's
    ``(name, value)`` pairs in order (a name may be given more than once),
    the cookies, the app's ``root_path``, and the ``body`` as far as
    :meth:`Endpoint.body_cap` let the adapter read it."""

    admin: AdminRequest
    path_params: Mapping[str, str] = field(default_factory=dict)
    query: tuple[tuple[str, str], ...] = ()
    cookies: Mapping[str, str] = field(default_factory=dict)
    root_path: str = ""
    body: bytes = b""
    content_type: str | None = None
    principal: Principal | None = None
    """Who the endpoint's guard admitted (None for an endpoint without a guard)."""

    def first_values(self) -> dict[str, str]:
        """The query's first value of each name."""
        return dict(reversed(self.query))

    def repeated(self) -> str | None:
        """The first query name given more than once, if any."""
        seen: set[str] = set()
        for name, _ in self.query:
            if name in seen:
                return name
            seen.add(name)
        return None

    def form_request(self) -> FormRequest:
        """The request as the sign-in form reads it (its urlencoded fields parsed)."""
        posted = self.admin.method == "POST"
        form = parse_form(self.body, self.content_type) if posted else {}
        oversized = posted and len(self.body) > MAX_FORM_BYTES
        return FormRequest(self.admin, form, self.first_values(), self.cookies, self.root_path,
                           self.admin.scheme or "http", self.admin.client,
                           oversized)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One of modstack's own routes."""

    method: str
    path: str
    """Relative to the admin API's prefix when :attr:`in_admin_api`, else to the app's
    root; ``{name}`` is a path segment."""
    name: str
    """A unique route name (``health``, the admin operation ...)."""
    summary: str
    answer: Answer
    guard: str | None = None
    """None: public; :data:`ADMIN`: the admin credential; any other word: the admin
    credential unless ``MODSTACK_PUBLIC`` lists that word (``status``, ``metrics`` ...)."""
    body: str = ""
    """What it reads of the body: ``""`` nothing, ``"form"`` an urlencoded form (at most
    :data:`~modstack.web.signin.MAX_FORM_BYTES`), ``"json"`` all of it (the app's body
    limit applies)."""
    blocking: bool = False
    """Whether :attr:`answer` may block on the database (an async adapter runs it in a
    thread)."""
    in_admin_api: bool = False
    in_schema: bool = True
    tag: str = "modstack"
    openapi_extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def path_names(self) -> tuple[str, ...]:
        """The names of the path segments it reads."""
        return tuple(re.findall(r"{(\w+)}", self.path))

    def url(self, admin_api: str) -> str:
        """Its path in an app whose admin API is at ``admin_api``."""
        return admin_api + self.path if self.in_admin_api else self.path

    def body_cap(self, content_type: str | None) -> int | None:
        """How many bytes of the body to read: 0 (none), a cap (read at most that
        many), or None (all of it)."""
        if self.body == "json":
            return None
        if self.body == "form" and is_form(content_type):
            return MAX_FORM_BYTES + 1  # one more: a bigger form is seen as too big
        return 0

    def openapi(self) -> dict[str, Any]:
        """Its OpenAPI operation fields: the path's parameters, and what it adds."""
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in self.path_names
        ]
        return {"parameters": parameters, **self.openapi_extra}


def admission(site: Site, endpoint: Endpoint, admin: AdminRequest) -> Principal | Reply | None:
    """Who the request (``admin``: its credential and client) calls ``endpoint`` as, when
    its guard admits it; the 401/403/429/503 answer when the guard refuses; None for an
    endpoint without a guard."""
    if not _guarded(site, endpoint):
        return None
    return _admitted(site.admin_access.check(admin))


async def admission_async(
    site: Site, endpoint: Endpoint, admin: AdminRequest
) -> Principal | Reply | None:
    """:func:`admission`, for an event loop (the credential checked in a thread when that
    may wait on Redis)."""
    if not _guarded(site, endpoint):
        return None
    return _admitted(await site.admin_access.check_async(admin))


def _guarded(site: Site, endpoint: Endpoint) -> bool:
    guard = endpoint.guard
    return guard is not None and (guard == ADMIN or not site.settings.is_public(guard))


def _admitted(decision: Principal | AdminRefusal) -> Principal | Reply:
    if isinstance(decision, AdminRefusal):
        return Reply.error(decision.status, decision.code, decision.detail, decision.headers)
    return decision


async def answer_async(
    site: Site,
    endpoint: Endpoint,
    admin: AdminRequest,
    complete: Callable[[], Awaitable[EndpointRequest]],
) -> Reply:
    """``endpoint``'s answer, on the event loop (blocking work in a thread): the guard
    first (``admin``), then ``complete()`` reads the rest of the request, body included:
    a refused request's body is never read. The answer sees who the guard admitted in
    :attr:`EndpointRequest.principal`."""
    admitted = await admission_async(site, endpoint, admin)
    if isinstance(admitted, Reply):
        return admitted
    request = replace(await complete(), principal=admitted)
    if endpoint.blocking:
        found = await asyncio.to_thread(endpoint.answer, site, request)
    else:
        found = endpoint.answer(site, request)
    return await found if inspect.isawaitable(found) else found


def answer_sync(
    site: Site,
    endpoint: Endpoint,
    admin: AdminRequest,
    complete: Callable[[], EndpointRequest],
) -> Reply:
    """``endpoint``'s answer in a WSGI worker thread (async work on the stack's loop):
    the guard first, then ``complete()`` reads the rest of the request."""
    admitted = admission(site, endpoint, admin)
    if isinstance(admitted, Reply):
        return admitted
    found = endpoint.answer(site, replace(complete(), principal=admitted))
    if inspect.isawaitable(found):
        return site.core.call(_awaited(found))
    return found


async def _awaited(found: Awaitable[Reply]) -> Reply:
    return await found


def for_method(endpoints: Mapping[str, Endpoint], method: str) -> Endpoint | None:
    """The endpoint of one path (by method) answering ``method``: ``HEAD`` is answered
    as ``GET`` (without the body)."""
    found = endpoints.get(method)
    if found is None and method == "HEAD":
        return endpoints.get("GET")
    return found


def method_not_allowed(endpoints: Mapping[str, Endpoint]) -> Refusal:
    """405 naming the methods a path answers (``HEAD`` with ``GET``: every adapter
    answers it on modstack's own endpoints); see
    :func:`modstack.web.http_refusals.method_not_allowed`."""
    allowed = set(endpoints) | ({"HEAD"} if "GET" in endpoints else set())
    return http_refusals.method_not_allowed(allowed)


def by_path(endpoints: tuple[Endpoint, ...]) -> dict[str, dict[str, Endpoint]]:
    """The endpoints grouped by path, then method (for a router that maps a path to
    one view)."""
    grouped: dict[str, dict[str, Endpoint]] = {}
    for endpoint in endpoints:
        grouped.setdefault(endpoint.path, {})[endpoint.method] = endpoint
    return grouped


# -- the answers -------------------------------------------------------------------------


def _health(site: Site, request: EndpointRequest) -> Reply | Awaitable[Reply]:
    cached = site.store_probe.cached()  # the common case: answered within the second
    if cached is None:
        return _health_probed(site)
    status, body = health_document(site.core, cached)
    return Reply.json(status, body)


async def _health_probed(site: Site) -> Reply:
    status, body = health_document(site.core, await store_reachable(site))
    return Reply.json(status, body)


async def _status(site: Site, request: EndpointRequest) -> Reply:
    reachable = await store_reachable(site)
    return Reply.json(200, await status_document(site.core, reachable))


async def _module_health(site: Site, request: EndpointRequest) -> Reply:
    status, body = await module_health_document(site.core, request.path_params["code"])
    return Reply.json(status, body)


def _metrics(site: Site, request: EndpointRequest) -> Reply:
    return Reply(200, site.metrics_text().decode(), CONTENT_TYPE)


async def store_reachable(site: Site) -> bool:
    """Whether the database answered a probe in the last second (probing in a thread
    when the last answer is older)."""
    cached = site.store_probe.cached()
    return cached if cached is not None else await asyncio.to_thread(site.store_probe.refresh)


def _admin_answer(route: AdminRoute) -> Answer:
    def answer(site: Site, request: EndpointRequest) -> Reply | Awaitable[Reply]:
        repeated = request.repeated()
        if repeated is not None:  # which one counts would differ between frameworks
            refused = invalid(repeated, "is given more than once")
            return Reply.json(refused.status, refused.body)
        operations = AdminOperations(site.core)
        query = request.first_values()
        return route.reply(operations, request.path_params, query, request.body)

    return answer


def _signin_answer(name: str) -> Answer:
    def answer(site: Site, request: EndpointRequest) -> Reply:
        return SignIn(site.admin_access).answer(name, request.form_request())

    return answer


OPERATIONS: tuple[Endpoint, ...] = (
    Endpoint("GET", "/health", "health",
             "Liveness and readiness: 503 while a core module is not active or the "
             "database cannot be reached. No details.", _health),
    Endpoint("GET", "/modules/status", "modules_status",
             "Every module's state and health, the core modules' states, the store's.",
             _status, guard="status"),
    Endpoint("GET", "/modules/{code}/health", "module_health",
             "One module's health check; 503 unless healthy.", _module_health,
             guard="module-health"),
    Endpoint("GET", "/metrics", "metrics",
             "The services' metrics and each module's requests, in Prometheus text.",
             _metrics, guard="metrics", in_schema=False),
)  # fmt: skip
"""The operational endpoints: health (public), status, module health and metrics (the
admin credential unless ``MODSTACK_PUBLIC`` lists them)."""


def _admin_endpoint(route: AdminRoute) -> Endpoint:
    openapi = {key: value for key, value in route.openapi().items() if key != "summary"}
    return Endpoint(
        route.method,
        route.path,
        route.operation,
        route.summary,
        _admin_answer(route),
        guard=ADMIN,
        body="json" if route.body_schema else "",
        blocking=not route.is_async,
        in_admin_api=True,
        tag="modstack admin",
        openapi_extra=openapi,
    )


def _form_endpoint(method: str, path: str, name: str) -> Endpoint:
    body = "form" if method == "POST" else ""
    return Endpoint(
        method, path, f"signin_{name}", name, _signin_answer(name), body=body, in_schema=False,
        blocking=True,  # the throttle may ask Redis
    )  # fmt: skip


ADMIN_API = tuple(_admin_endpoint(route) for route in ADMIN_ROUTES)
"""The admin API (:data:`~modstack.web.admin_api.ADMIN_ROUTES`), behind the credential."""

SIGNIN_FORMS = tuple(_form_endpoint(*route) for route in SignIn.ROUTES)
"""The sign-in and sign-out forms (they check their own CSRF token)."""

ENDPOINTS: tuple[Endpoint, ...] = OPERATIONS + ADMIN_API + SIGNIN_FORMS
"""Every endpoint of modstack's own."""
