"""Error answers, decided without a framework: whether a request gets the HTML error
page (``modstack/error.html``) or JSON, what the page shows, what a module's uncaught
``ModuleError`` and a database outage answer, and how much of a failure the public sees
(DESIGN §9: failure reasons are for operators)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError

from modstack.db.database import is_connection_lost
from modstack.errors import ModuleError, StoreUnavailableError
from modstack.web.admin_access import AdminAccess, AdminRequest
from modstack.web.auth import Principal
from modstack.web.refusals import Refusal, prefers_html, public_body
from modstack.web.reply import PAGE_HEADERS, Reply

Render = Callable[[str, dict[str, Any]], str]
"""An adapter's template renderer: (template name, context) -> the page (the app's own
template of that name first)."""

ERROR_TEMPLATE = "modstack/error.html"
"""The error page a browser gets; an app overrides it with its own template of this name."""
API_PATHS = "/api/"
"""Paths under it (and under ``MODSTACK_API_PREFIX``) always answer JSON."""


def wants_page(path: str, accept: str, api_prefix: str = "/api/v1") -> bool:
    """True for a request that wants a page: ``Accept`` prefers HTML, and ``path`` (the
    path the app routes) is not an API path (API clients always get JSON)."""
    if path.startswith((API_PATHS, api_prefix.rstrip("/") + "/")):
        return False
    return prefers_html(accept)


def page_context(refusal: Refusal) -> dict[str, Any]:
    """What ``modstack/error.html`` renders: ``{"error": {status, code, title, message}}``
    (the public words only, never the JSON body's reasons)."""
    error = {"status": refusal.status, "code": refusal.code, "title": refusal.title,
             "message": refusal.message}  # fmt: skip
    return {"error": error}


def module_error_refusal(error: ModuleError) -> Refusal:
    """A module's uncaught ``ModuleError``: its status and ``as_data()`` as the JSON
    body; the page shows its detail."""
    return Refusal(error.status, error.as_data(), "Sorry", error.detail)


logger = logging.getLogger("modstack")

OUTAGES: tuple[type[Exception], ...] = (StoreUnavailableError, OperationalError, InterfaceError)
"""The exception classes an adapter checks for a database outage (:func:`is_store_outage`)."""


def log_outage(method: str, path: str, error: BaseException) -> None:
    """One warning line for a request that met a database outage (no traceback: it is
    no bug, and the driver's message may hold the database's address)."""
    first_line = (str(error).strip().splitlines() or [""])[0]
    logger.warning("%s %s: the database is unavailable (%s: %s)", method, path,
                   type(error).__name__, first_line)  # fmt: skip


def is_store_outage(error: BaseException) -> bool:
    """True when ``error`` says the database cannot be reached (rather than that a
    statement was wrong): a disconnect SQLAlchemy detected, or a failure to connect."""
    return isinstance(error, StoreUnavailableError) or is_connection_lost(error)


def database_unavailable() -> Refusal:
    """503 ``store_unavailable``: the database could not be reached for this request."""
    body = {"code": "store_unavailable", "detail": "the database is unavailable; try again shortly"}
    return Refusal(
        503,
        body,
        "Temporarily unavailable",
        "The site is not available right now. Please try again later.",
        {"Retry-After": "5"},
    )


def json_body(refusal: Refusal, access: AdminAccess, request: AdminRequest) -> dict[str, Any]:
    """``refusal``'s JSON body for this request: why a module failed only for an
    operator (a request carrying the admin credential)."""
    if "reason" not in refusal.body:
        return refusal.body
    operator = isinstance(access.check(request), Principal)
    return public_body(refusal.body, operator=operator)


def page_reply(refusal: Refusal, render: Render) -> Reply | None:
    """``modstack/error.html`` rendered for ``refusal``; None (and a log line with the
    traceback) when the template itself fails, so the client gets another answer."""
    try:
        page = render(ERROR_TEMPLATE, page_context(refusal))
    except Exception:
        logger.exception("the error page %s failed to render", ERROR_TEMPLATE)
        return None
    return Reply(refusal.status, page, headers={**PAGE_HEADERS, **refusal.headers})


def refusal_reply(
    refusal: Refusal,
    *,
    page: bool,
    render: Render,
    access: AdminAccess,
    admin: Callable[[], AdminRequest],
) -> Reply:
    """The answer a refused request gets: the error page when it wants one (``page``:
    see :func:`wants_page`), else (or when the page fails) the JSON body, with the
    failure's reasons only for an operator (``admin()``: the request's credential)."""
    found = page_reply(refusal, render) if page else None
    if found is not None:
        return found
    return Reply.json(refusal.status, json_body(refusal, access, admin()), refusal.headers)


def outage_reply(method: str, path: str, error: BaseException) -> Reply:
    """503 ``store_unavailable`` for a request that met a database outage (logged in
    one line, see :func:`log_outage`)."""
    log_outage(method, path, error)
    refusal = database_unavailable()
    return Reply.json(refusal.status, refusal.body, refusal.headers)
