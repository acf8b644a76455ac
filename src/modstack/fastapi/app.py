"""``create_app`` builds a FastAPI app from a modules folder; ``attach`` adds modstack to
an app you already have. Either way the lifespan starts the modules and stops them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from modstack.fastapi.dispatch import ModuleDispatch
from modstack.fastapi.docs import NO_CDN_DOCS, serve_docs
from modstack.fastapi.endpoints import add_endpoints
from modstack.fastapi.gate import GateMiddleware, ModuleRefused, answer_refusal
from modstack.fastapi.mounting import ModuleRoutes
from modstack.fastapi.openapi import guard_openapi
from modstack.fastapi.responses import answer_errors
from modstack.fastapi.stack import Modstack
from modstack.fastapi.tenants import (
    DefaultTenantResolver,
    HeaderTenantResolver,
    TenantResolver,
    scope_resolver,
)
from modstack.settings import ModstackSettings, load_settings
from modstack.stack import build_stack
from modstack.web.tenants import TenantResolver as HeadResolver


def create_app(
    modules: str | Path | None = None,
    *,
    settings: ModstackSettings | None = None,
    tenant_resolver: TenantResolver | HeadResolver | None = None,
    templates: str | Path | None = None,
    **fastapi_options: Any,
) -> FastAPI:
    """A FastAPI app running every module under ``modules`` (default: the settings'
    ``MODSTACK_MODULES``, then ``app/modules``).

    Raises ModuleTreeError listing every problem of an invalid tree, and
    StoreUnavailableError when the tenancy database cannot be reached.
    """
    app = FastAPI(**{"title": "modstack app", **fastapi_options, **NO_CDN_DOCS})
    serve_docs(app, fastapi_options)  # Swagger UI and ReDoc from local files, not a CDN
    attach(
        app,
        modules=modules,
        settings=settings,
        tenant_resolver=tenant_resolver,
        templates=templates,
    )
    return app


def attach(
    app: FastAPI,
    *,
    modules: str | Path | None = None,
    settings: ModstackSettings | None = None,
    tenant_resolver: TenantResolver | HeadResolver | None = None,
    templates: str | Path | None = None,
) -> Modstack:
    """Add modstack to an existing app: the gate, module routes (mounted at startup),
    health endpoints and the admin API, a request body limit (unless the app has one)
    and HTML error pages for browsers. Your own lifespan still runs, inside ours."""
    settings = settings or load_settings()
    if app.max_body_size is None:
        # The app-wide limit only (one counter per request); a route's own
        # `max_body_size` still raises or lowers it.
        app.max_body_size = settings.max_body_size
    if modules is not None:
        settings = settings.model_copy(update={"modules": str(modules)})
    routes = ModuleRoutes(app)
    core = build_stack(settings, plugins=[routes], app=app)
    _ = core.tasks  # the modules' task files load with the app, as they always did
    stack = Modstack(
        core,
        resolver=_resolver(tenant_resolver, settings),
        routes=routes,
        templates_dir=templates,
    )
    core.kernel.add_plugin(stack)  # views follow the modules' states
    app.state.modstack = stack
    answer_errors(app)  # a browser's 404 page, ModuleError, database outages
    app.add_middleware(GateMiddleware, stack=stack)
    app.add_exception_handler(ModuleRefused, answer_refusal)
    app.router.routes.insert(0, ModuleDispatch(stack))
    add_endpoints(app, stack.conventions.admin_api)
    guard_openapi(app)
    _wrap_lifespan(app, stack)
    return stack


def _resolver(
    given: TenantResolver | HeadResolver | None, settings: ModstackSettings
) -> TenantResolver:
    resolver = scope_resolver(given) if given is not None else HeaderTenantResolver()
    if settings.default_tenant:
        return DefaultTenantResolver(settings.default_tenant, resolver)
    return resolver


def _wrap_lifespan(app: FastAPI, stack: Modstack) -> None:
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[Any]:
        async with stack.core.running():
            stack.refresh_views()
            async with inner(application) as state:
                yield state

    app.router.lifespan_context = lifespan
