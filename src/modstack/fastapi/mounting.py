"""What a module folder contributes to the app, found by convention (the Wizamart seed):

routes/api/{admin,vendor,storefront}.py  (router)  ->  /api/v1/<frontend>/<code>/...
routes/pages/<frontend>.py               (router)  ->  /<frontend>/...
static/                                            ->  /static/modules/<code>/

Every router is mounted behind the gate (:class:`~modstack.fastapi.gate.GatedRoutes`).
A router declared with ``prefix="/<code>"`` (the seed's ``APIRouter(prefix="/billing")``)
already carries the module's segment, so it is mounted under ``/api/v1/<frontend>``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import _IncludedRouter
from fastapi.staticfiles import StaticFiles
from starlette.routing import BaseRoute, Mount
from starlette.types import Receive, Scope, Send

from modstack.definition import ModuleDefinition
from modstack.fastapi import responses
from modstack.fastapi.admin import require_admin, require_admin_page
from modstack.fastapi.gate import GatedRoutes
from modstack.fastapi.stack import Modstack
from modstack.kernel import ModuleRuntime
from modstack.web.conventions import (
    PUBLIC_PAGES,
    STATIC_PREFIX,
    admin_path_outside_admin_file,
    api_files,
    page_files,
)
from modstack.web.refusals import Refusal


class ModuleRoutes:
    """Kernel plugin: mounts a starting module's routers, gated, with its static files;
    a reload swaps the old run's routes for the new one's in one assignment."""

    step = "routes"

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._mounted: dict[ModuleRuntime, list[BaseRoute]] = {}
        self.api_nodes: dict[ModuleRuntime, dict[str, BaseRoute]] = {}
        """Each mounted run's gated API router per frontend (what the dispatch routes to)."""

    def start_module(self, runtime: ModuleRuntime) -> None:
        """Import the module's routers and mount them. Raises what the route files
        raise, or TypeError when one exports no router or a route the gate cannot guard."""
        before = {id(route) for route in self.app.router.routes}
        try:
            self.api_nodes[runtime] = _mount(self.app, runtime)
        finally:
            self._mounted[runtime] = [
                r
                for r in self.app.router.routes
                if id(r) not in before and not isinstance(r, ModuleStatic)
            ]

    def swap_modules(
        self, fresh: Mapping[str, ModuleRuntime], replaced: Mapping[str, ModuleRuntime]
    ) -> None:
        """Remove the replaced runs' routes (the fresh ones are mounted already)."""
        self.unmount(list(replaced.values()))

    def discard_module(self, runtime: ModuleRuntime) -> None:
        """Remove the routes of a run a failed reload threw away."""
        self.unmount([runtime])

    def api_node(self, runtime: ModuleRuntime, frontend: str) -> BaseRoute | None:
        """The gated router serving ``runtime``'s API for ``frontend``, if mounted."""
        return self.api_nodes.get(runtime, {}).get(frontend)

    def unmount(self, runtimes: list[ModuleRuntime]) -> None:
        """Remove the routes of ``runtimes`` in one assignment: a request already routed
        finishes where it is, the next one no longer sees them."""
        gone = {id(route) for runtime in runtimes for route in self._mounted.pop(runtime, ())}
        for runtime in runtimes:
            self.api_nodes.pop(runtime, None)
        if gone:
            routes = self.app.router.routes
            self.app.router.routes = [route for route in routes if id(route) not in gone]
            self.app.openapi_schema = None


def _mount(app: FastAPI, runtime: ModuleRuntime) -> dict[str, BaseRoute]:
    definition = runtime.definition
    code = definition.code
    mounted: dict[str, BaseRoute] = {}
    for frontend, file in api_files(definition).items():
        router = _router(definition, f"api.{frontend}", frontend)
        # The seed's `APIRouter(prefix="/billing")` names the module itself: not twice.
        api = app.state.modstack.conventions
        own = router.prefix == f"/{code}"
        prefix = api.frontend_api(frontend) if own else api.module_api(frontend, code)
        guard = [Depends(require_admin)] if frontend == "admin" else []
        mounted[frontend] = _include_gated(  # what ModuleDispatch routes to
            app, runtime, router, file, prefix=prefix, tags=[code], dependencies=guard
        )
    for frontend, file in page_files(definition).items():
        router = _router(definition, f"pages.{frontend}", frontend)
        prefix = "" if frontend == PUBLIC_PAGES else f"/{frontend}"
        paths = [prefix + getattr(route, "path", "") for route in router.routes]
        admin_path_outside_admin_file(file, frontend, paths)
        guard = [Depends(require_admin_page)] if frontend == "admin" else []
        _include_gated(
            app, runtime, router, file, prefix=prefix, include_in_schema=False, dependencies=guard
        )
    static = definition.path_of("static")
    if static is not None and static.is_dir() and not _mounted(app, f"{code}_static"):
        app.router.routes.append(ModuleStatic(app.state.modstack, code, static))
    return mounted


def _include_gated(
    app: FastAPI, runtime: ModuleRuntime, router: APIRouter, file: Path, **options: Any
) -> GatedRoutes:
    """``app.include_router(router, **options)``, behind the gate. Raises TypeError, with
    nothing of ``router`` mounted, when the gate could not guard it."""
    if any(True for _ in router._iter_low_priority_routes()):
        # FastAPI serves `router.frontend(...)` outside the router's node: ungateable.
        raise TypeError(
            f"module {runtime.code!r}: {file}: `router.frontend(...)` is not supported in "
            "module routes; put the files in the module's static/ folder"
        )
    app.include_router(router, **options)
    node = app.router.routes.pop()
    if type(node) is not _IncludedRouter:  # a FastAPI that mounts differently: fail closed
        raise TypeError(f"cannot gate a {type(node).__name__}: modstack needs included routers")
    gated = GatedRoutes(node, app.state.modstack, runtime)
    app.router.routes.append(gated)
    return gated


class ModuleStatic(Mount):
    """``/static/modules/<code>/``: the module's static files while it is active (its
    assets carry no tenant, so only the module's state is checked); 503 otherwise. It
    outlives reloads: the code's current run decides."""

    def __init__(self, stack: Modstack, code: str, directory: Path) -> None:
        files = StaticFiles(directory=directory)
        super().__init__(f"{STATIC_PREFIX}/{code}", files, name=f"{code}_static")
        self.stack = stack
        self.code = code

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        runtime = self.stack.kernel.modules[self.code]
        if not runtime.is_active:
            refused = Refusal.module_unavailable(self.code, runtime.state.value, runtime.reason)
            await responses.refuse(self.stack, scope, receive, send, refused)
            return
        await super().handle(scope, receive, send)


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
