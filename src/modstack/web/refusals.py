"""Why a request does not reach a module's handler, as data: the API answer (a JSON
body) and the words of the HTML page a browser gets instead."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"
"""modstack's own templates (``modstack/error.html``), last in every app's loader chain so
an app's template of the same name wins."""


@dataclass(frozen=True)
class Refusal:
    """One answer of the gate: ``status`` and ``body`` (the JSON API clients get), and a
    ``title`` and ``message`` fit for the public (an HTML page shows no failure reasons)."""

    status: int
    body: dict[str, Any]
    title: str
    message: str
    headers: Mapping[str, str] = field(default_factory=dict)
    """Headers the answer carries (``Retry-After`` on a 503 for the store)."""

    @property
    def code(self) -> str:
        """The machine-readable reason (``module_disabled`` ...)."""
        return str(self.body["code"])

    @classmethod
    def module_unavailable(cls, code: str, state: str, reason: str | None) -> Refusal:
        """503: the module is failed, blocked or stopped in this process."""
        body = {"code": "module_unavailable", "module": code, "state": state, "reason": reason}
        return cls(
            503,
            body,
            "Temporarily unavailable",
            "This part of the site is not available right now. Please try again later.",
        )

    @classmethod
    def tenant_required(cls, hint: str) -> Refusal:
        """400: the request names no tenant."""
        body = {"code": "tenant_required", "detail": f"this route belongs to a tenant: {hint}"}
        return cls(400, body, "Which site?", f"This address belongs to a tenant: {hint}.")

    @classmethod
    def tenant_not_found(cls, tenant: str) -> Refusal:
        """404: no such tenant."""
        body = {"code": "tenant_not_found", "tenant": tenant, "detail": f"no tenant {tenant!r}"}
        return cls(404, body, "Not found", f"There is no site named {tenant!r}.")

    @classmethod
    def module_disabled(cls, code: str, tenant: str) -> Refusal:
        """403: the module is off for this tenant."""
        body = {
            "code": "module_disabled",
            "module": code,
            "tenant": tenant,
            "detail": f"module {code!r} is not enabled for tenant {tenant!r}",
        }
        return cls(403, body, "Not available here", "This feature is not enabled for this site.")

    @classmethod
    def store_unavailable(cls) -> Refusal:
        """503: the tenancy store could not be reached to load this tenant."""
        body = {"code": "store_unavailable", "detail": "the tenancy database is unavailable"}
        return cls(
            503,
            body,
            "Temporarily unavailable",
            "The site is not available right now. Please try again later.",
            {"Retry-After": "5"},
        )

    @classmethod
    def not_found(cls, detail: str = "Not Found") -> Refusal:
        """404: no page at this address (the HTML side of a routing 404)."""
        return cls(
            404,
            {"code": "not_found", "detail": detail},
            "Page not found",
            "There is no page at this address.",
        )


def public_body(body: dict[str, Any], *, operator: bool) -> dict[str, Any]:
    """``body`` without why a module failed unless an operator asks (DESIGN §9: failure
    details are for signed-in operators, never the public)."""
    if operator or "reason" not in body:
        return body
    return {key: value for key, value in body.items() if key != "reason"}


HTML_TYPES = ("text/html", "application/xhtml+xml")


def prefers_html(accept: str) -> bool:
    """True when an ``Accept`` header ranks HTML above JSON, as a browser's navigation
    does (``text/html,...,*/*;q=0.8``); ``*/*`` alone (curl, fetch) is not a preference."""
    html = json = 0.0
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        quality = _quality(params)
        if media in HTML_TYPES:
            html = max(html, quality)
        elif media == "application/json":
            json = max(json, quality)
    return html > 0 and html > json


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0
