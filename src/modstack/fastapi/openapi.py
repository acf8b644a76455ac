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
SCHEMA_REF = "#/components/schemas/"


def public_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` without the admin frontend's paths, nor the component schemas only
    they use (their names and fields describe the admin API too)."""
    paths = schema.get("paths", {})
    kept = {path: item for path, item in paths.items() if not path.startswith(ADMIN_PATHS)}
    components = schema.get("components", {})
    schemas: dict[str, Any] = components.get("schemas", {})
    used = _referenced(kept, schemas)
    public = {name: body for name, body in schemas.items() if name in used}
    trimmed = {**components, "schemas": public} if schemas else components
    return {**schema, "paths": kept, **({"components": trimmed} if components else {})}


def _referenced(start: Any, schemas: dict[str, Any]) -> set[str]:
    """The component schemas ``start`` refers to, directly or through other schemas."""
    found: set[str] = set()
    pending = [start]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
                name = ref[len(SCHEMA_REF) :]
                if name not in found and name in schemas:
                    found.add(name)
                    pending.append(schemas[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def guard_openapi(app: FastAPI) -> None:
    """Serve ``app.openapi_url`` through :func:`public_schema` for anyone who is not an
    admin (replaces FastAPI's own route)."""
    url = app.openapi_url
    if not url:
        return
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) != url]

    async def openapi(request: Request) -> JSONResponse:
        schema = _with_root_path(app, app.openapi(), request.scope.get("root_path", ""))
        stack: Modstack = request.app.state.modstack
        if stack.settings.is_public("openapi"):
            return JSONResponse(schema)
        if isinstance(admin_decision(request), Refusal):
            return JSONResponse(public_schema(schema))
        return JSONResponse(schema)

    app.add_route(url, openapi, include_in_schema=False)


def _with_root_path(app: FastAPI, schema: dict[str, Any], root_path: str) -> dict[str, Any]:
    """The schema naming the request's ``root_path`` (``/t/acme``) as its first server, as
    FastAPI's own route does, so "Try it out" calls that tenant; per request, never cached."""
    root = root_path.rstrip("/")
    servers: list[dict[str, Any]] = list(schema.get("servers") or [])
    if not root or not app.root_path_in_servers or root in {s.get("url") for s in servers}:
        return schema
    return {**schema, "servers": [{"url": root}, *servers]}
