"""What of an OpenAPI document the public sees, decided over the document itself: the
admin frontend's paths (``<api prefix>/admin/`` and ``/admin/``) and the component
schemas only they use are left out unless the request carries the admin credential or
``MODSTACK_PUBLIC`` lists ``openapi``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modstack.web.conventions import ApiConventions

SCHEMA_REF = "#/components/schemas/"


def admin_paths(conventions: ApiConventions) -> tuple[str, ...]:
    """Where the admin frontend lives: the admin APIs, then the admin pages."""
    return (conventions.frontend_api("admin") + "/", "/admin/")


def public_schema(
    schema: dict[str, Any], conventions: ApiConventions | None = None
) -> dict[str, Any]:
    """``schema`` without the admin frontend's paths, nor the component schemas only
    they use (their names and fields describe the admin API too)."""
    hidden = admin_paths(conventions or ApiConventions())
    paths = schema.get("paths", {})
    kept = {path: item for path, item in paths.items() if not path.startswith(hidden)}
    components = schema.get("components", {})
    schemas: dict[str, Any] = components.get("schemas", {})
    used = referenced(kept, schemas)
    public = {name: body for name, body in schemas.items() if name in used}
    trimmed = {**components, "schemas": public} if schemas else components
    return {**schema, "paths": kept, **({"components": trimmed} if components else {})}


def with_schemas(schema: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with the component schemas of ``extra`` its paths refer to and it
    lacks (bodies an adapter documents by reference, as the admin API's)."""
    components = schema.get("components", {})
    schemas = {**extra, **components.get("schemas", {})}
    used = referenced(schema.get("paths", {}), schemas)
    added = {name: body for name, body in extra.items() if name in used}
    if not added:
        return schema
    merged = {**components, "schemas": {**components.get("schemas", {}), **added}}
    return {**schema, "components": merged}


def with_root_path(
    schema: dict[str, Any], root_path: str, *, enabled: bool = True
) -> dict[str, Any]:
    """The schema naming the request's ``root_path`` (``/t/acme``) as its first server, so
    "Try it out" calls that tenant; per request, never cached."""
    root = root_path.rstrip("/")
    servers: list[dict[str, Any]] = list(schema.get("servers") or [])
    if not root or not enabled or root in {s.get("url") for s in servers}:
        return schema
    return {**schema, "servers": [{"url": root}, *servers]}


def referenced(start: Any, schemas: Mapping[str, Any]) -> set[str]:
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
