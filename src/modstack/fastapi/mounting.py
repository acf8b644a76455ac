"""What a module folder contributes to the app, found by convention (the Wizamart seed):

routes/api/{admin,vendor,storefront}.py  (router)  ->  /api/v1/<frontend>/<code>/...
routes/pages/<frontend>.py               (router)  ->  /<frontend>/...
static/                                            ->  /static/modules/<code>/
"""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.routing import BaseRoute

from modstack.definition import ModuleDefinition
from modstack.fastapi.admin import require_admin, require_admin_page
from modstack.fastapi.gate import require_module_access
from modstack.fastapi.stack import Modstack
from modstack.kernel import ModuleRuntime

FRONTENDS = ("admin", "vendor", "storefront")
PUBLIC_PAGES = "public"


def frontends_of(definition: ModuleDefinition) -> tuple[str, ...]:
    """Where a module may be mounted: internal modules only under ``admin``."""
    return ("admin",) if definition.is_internal else FRONTENDS


def api_files(definition: ModuleDefinition) -> dict[str, Path]:
    """The module's API route files by frontend."""
    folder = definition.path_of("routes")
    if folder is None:
        return {}
    found = {f: folder / "api" / f"{f}.py" for f in frontends_of(definition)}
    return {frontend: file for frontend, file in found.items() if file.is_file()}


def page_files(definition: ModuleDefinition) -> dict[str, Path]:
    """The module's page route files by frontend (``public`` pages mount at the root)."""
    folder = definition.path_of("routes")
    if folder is None or not (folder / "pages").is_dir():
        return {}
    allowed = {*frontends_of(definition), *([] if definition.is_internal else [PUBLIC_PAGES])}
    files = sorted((folder / "pages").glob("*.py"))
    return {file.stem: file for file in files if file.stem in allowed}


def register_api_owners(stack: Modstack) -> None:
    """Index every module's API prefixes, so the gate answers for a module even when its
    routes never loaded (503 rather than 404)."""
    for definition in stack.registry:
        for frontend in api_files(definition):
            stack.api_owners[(frontend, definition.code)] = definition.code


def mount_module(app: FastAPI, runtime: ModuleRuntime) -> None:
    """Import a starting module's routers and mount them with its static files; the
    routes added are kept in ``runtime.extras["routes"]`` so a reload can swap them.
    Raises what the route files raise, or TypeError when one exports no router."""
    before = {id(route) for route in app.router.routes}
    try:
        _mount(app, runtime)
    finally:
        runtime.extras["routes"] = [r for r in app.router.routes if id(r) not in before]


def unmount(app: FastAPI, runtimes: list[ModuleRuntime]) -> None:
    """Remove the routes of ``runtimes`` in one assignment: a request already routed
    finishes where it is, the next one no longer sees them."""
    gone = {id(route) for runtime in runtimes for route in runtime.extras.get("routes", ())}
    if gone:
        app.router.routes = [route for route in app.router.routes if id(route) not in gone]
        app.openapi_schema = None


def _mount(app: FastAPI, runtime: ModuleRuntime) -> None:
    definition = runtime.definition
    code = definition.code
    api: dict[str, list[BaseRoute]] = runtime.extras.setdefault("api", {})
    for frontend in api_files(definition):
        router = _router(definition, f"api.{frontend}", frontend)
        before = len(app.router.routes)
        guard = [Depends(require_admin)] if frontend == "admin" else []
        app.include_router(
            router, prefix=f"/api/v1/{frontend}/{code}", tags=[code], dependencies=guard
        )
        api[frontend] = app.router.routes[before:]  # what ModuleDispatch routes to
    for frontend in page_files(definition):
        router = _router(definition, f"pages.{frontend}", frontend)
        prefix = "" if frontend == PUBLIC_PAGES else f"/{frontend}"
        app.include_router(
            router,
            prefix=prefix,
            dependencies=[
                *([Depends(require_admin_page)] if frontend == "admin" else []),
                Depends(require_module_access(code)),
            ],
            include_in_schema=False,
        )
    static = definition.path_of("static")
    if static is not None and static.is_dir() and not _mounted(app, f"{code}_static"):
        app.mount(f"/static/modules/{code}", StaticFiles(directory=static), name=f"{code}_static")


def _router(definition: ModuleDefinition, relative: str, frontend: str) -> APIRouter:
    routes_package = definition.paths.routes.replace("/", ".")
    module = importlib.import_module(f"{definition.package}.{routes_package}.{relative}")
    router = getattr(module, "router", None) or getattr(module, f"{frontend}_router", None)
    if not isinstance(router, APIRouter):
        raise TypeError(
            f"{module.__file__} must export `router = APIRouter()` "
            f"(or `{frontend}_router`); found {type(router).__name__}"
        )
    return router


def _mounted(app: FastAPI, name: str) -> bool:
    return any(getattr(route, "name", None) == name for route in app.router.routes)
