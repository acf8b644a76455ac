"""``/openapi.json`` without the admin frontend's routes, unless the request carries
the admin credential (or ``MODSTACK_PUBLIC`` lists ``openapi``): the policy is
:mod:`modstack.web.openapi`'s."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from modstack.fastapi.admin import admin_decision
from modstack.fastapi.depends import stack_of
from modstack.web.admin_access import AdminRefusal
from modstack.web.admin_api import ADMIN_SCHEMAS
from modstack.web.openapi import public_schema, with_root_path, with_schemas


def guard_openapi(app: FastAPI) -> None:
    """Serve ``app.openapi_url`` through :func:`~modstack.web.openapi.public_schema` for
    anyone who is not an admin (replaces FastAPI's own route)."""
    url = app.openapi_url
    if not url:
        return
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) != url]

    async def openapi(request: Request) -> JSONResponse:
        schema = with_schemas(app.openapi(), ADMIN_SCHEMAS)
        root = request.scope.get("root_path", "")
        schema = with_root_path(schema, root, enabled=app.root_path_in_servers)
        stack = stack_of(request)
        if stack.settings.is_public("openapi") or not isinstance(
            await admin_decision(request), AdminRefusal
        ):
            return JSONResponse(schema)
        return JSONResponse(public_schema(schema, stack.conventions))

    app.add_route(url, openapi, include_in_schema=False)
