"""``/openapi.json`` without the admin frontend's routes, unless the request carries
the admin credential (or ``MODSTACK_PUBLIC`` lists ``openapi``)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from modstack.fastapi.admin import admin_decision
from modstack.fastapi.stack import Modstack
from modstack.web.admin_access import Refusal

ADMIN_PATHS = ("/api/v1/admin/", "/admin/")
"""Where the admin frontend lives: left out of the public schema."""


def public_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` without the admin frontend's paths."""
    paths = schema.get("paths", {})
    kept = {path: item for path, item in paths.items() if not path.startswith(ADMIN_PATHS)}
    return {**schema, "paths": kept}


def guard_openapi(app: FastAPI) -> None:
    """Serve ``app.openapi_url`` through :func:`public_schema` for anyone who is not an
    admin (replaces FastAPI's own route)."""
    url = app.openapi_url
    if not url:
        return
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) != url]

    async def openapi(request: Request) -> JSONResponse:
        schema = app.openapi()
        stack: Modstack = request.app.state.modstack
        if stack.settings.is_public("openapi"):
            return JSONResponse(schema)
        if isinstance(admin_decision(request), Refusal):
            return JSONResponse(public_schema(schema))
        return JSONResponse(schema)

    app.add_route(url, openapi, include_in_schema=False)
