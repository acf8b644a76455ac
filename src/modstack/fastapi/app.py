"""``create_app`` builds a FastAPI app from a modules folder; ``attach`` adds modstack to
an app you already have. Either way the lifespan starts the modules and stops them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from modstack.config import ConfigChanged, SettingsManager
from modstack.discovery import discover
from modstack.errors import ModuleError
from modstack.events import EventBus, Outbox, connect_events
from modstack.fastapi import admin, health, metrics, responses, signin
from modstack.fastapi.dispatch import ModuleDispatch
from modstack.fastapi.docs import NO_CDN_DOCS, serve_docs
from modstack.fastapi.gate import GateMiddleware, ModuleRefused, answer_refusal
from modstack.fastapi.module_errors import answer_module_error
from modstack.fastapi.mounting import mount_module, register_api_owners, unmount
from modstack.fastapi.openapi import guard_openapi
from modstack.fastapi.outages import answer_outages
from modstack.fastapi.stack import Modstack
from modstack.fastapi.tenants import HeaderTenantResolver, TenantResolver
from modstack.fastapi.watch import watch_modules
from modstack.graph import resolve
from modstack.kernel import Kernel, ModuleRuntime
from modstack.services import ServiceRegistry, ServiceRuntime, connect_services
from modstack.settings import ModstackSettings
from modstack.tasks import Tasks
from modstack.tenancy import Plan, connect

logger = logging.getLogger("modstack")


def create_app(
    modules: str | Path | None = None,
    *,
    settings: ModstackSettings | None = None,
    tenant_resolver: TenantResolver | None = None,
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
    tenant_resolver: TenantResolver | None = None,
    templates: str | Path | None = None,
) -> Modstack:
    """Add modstack to an existing app: the gate, module routes (mounted at startup),
    health endpoints and the admin API, a request body limit (unless the app has one)
    and HTML error pages for browsers. Your own lifespan still runs, inside ours."""
    settings = settings or ModstackSettings()
    if app.max_body_size is None:
        # The app-wide limit only (one counter per request); a route's own
        # `max_body_size` still raises or lowers it.
        app.max_body_size = settings.max_body_size
    if modules is not None:
        settings = settings.model_copy(update={"modules": str(modules)})
    registry = resolve(discover(settings.modules))
    tenancy = connect(
        registry,
        database=settings.database_url,
        redis_url=settings.redis_url or "",
        default_modules=settings.default_modules,
        staleness=settings.staleness,
    )
    settings_manager = SettingsManager(registry, tenancy.store, notifier=tenancy.notifier,
                                       staleness=settings.staleness)  # fmt: skip
    tenancy.change_listeners.append(settings_manager.heard)
    kernel = Kernel(
        registry,
        app=app,
        health_timeout=settings.health_timeout,
        config_loader=lambda definition: settings_manager.get_module_config(definition.code),
    )
    stack = Modstack(
        registry,
        kernel=kernel,
        tenancy=tenancy,
        resolver=tenant_resolver or HeaderTenantResolver(),
        settings=settings,
        templates_dir=templates,
    )
    stack.events = EventBus(registry, enabled_for=tenancy.enabled_modules)
    stack.outbox = Outbox(stack.events, tenancy.store, lease=settings.outbox_lease)
    stack.tasks = Tasks(registry, tenancy, broker_url=settings.tasks_broker_url)
    stack.services = ServiceRegistry(ServiceRuntime(redis_url=settings.redis_url), modules=registry)
    stack.services.runtime.enabled = tenancy.is_enabled
    connect_services(kernel, stack.services)
    connect_events(kernel, stack.events)
    stack.settings_manager = settings_manager
    settings_manager.listeners.append(lambda change: _announce(stack, change))
    app.state.modstack = stack
    register_api_owners(stack)
    kernel.starters.append(("routes", lambda runtime: mount_module(app, runtime)))
    kernel.swappers.append(lambda fresh, replaced: unmount(app, list(replaced.values())))
    kernel.discarders.append(lambda runtime: unmount(app, [runtime]))
    kernel.listeners.append(lambda runtime: _refresh_on_change(stack, runtime))
    if 404 not in app.exception_handlers:  # a browser gets modstack/error.html
        app.add_exception_handler(404, responses.answer_not_found)
    app.add_middleware(GateMiddleware, stack=stack)
    app.add_exception_handler(ModuleRefused, answer_refusal)
    app.add_exception_handler(ModuleError, answer_module_error)
    answer_outages(app)
    app.router.routes.insert(0, ModuleDispatch(stack))
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(admin.router)
    app.include_router(signin.router)
    guard_openapi(app)
    _wrap_lifespan(app, stack)
    return stack


def _wrap_lifespan(app: FastAPI, stack: Modstack) -> None:
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[Any]:
        loop = asyncio.get_running_loop()

        def run_tenant_hooks(plan: Plan) -> None:
            asyncio.run_coroutine_threadsafe(stack.kernel.plan_applied(plan), loop)

        stack.tenancy.listeners.append(run_tenant_hooks)
        stop_watching = asyncio.Event()
        watcher: asyncio.Task[None] | None = None
        delivery: asyncio.Task[None] | None = None
        try:
            async with stack.kernel.running():
                _report_settings(stack)
                stack.refresh_views()
                stack.serving = True
                if stack.settings.watch and stack.settings.is_development:
                    watcher = asyncio.create_task(watch_modules(stack, stop_watching))
                delivery = asyncio.create_task(_deliver_outbox(stack, stop_watching))
                async with inner(application) as state:
                    yield state
                stack.serving = False
                stop_watching.set()
                for background in (watcher, delivery):
                    if background is not None:
                        await background
        finally:
            stack.tenancy.listeners.remove(run_tenant_hooks)
            if stack.tasks is not None:
                stack.tasks.close()
            stack.services.runtime.close()
            stack.tenancy.close()
            stack.tenancy.store.dispose()

    app.router.lifespan_context = lifespan


async def _deliver_outbox(stack: Modstack, stop: asyncio.Event) -> None:
    """Deliver the outbox's pending events (new ones, and retries) until ``stop``."""
    assert stack.outbox is not None
    interval = stack.settings.outbox_interval
    while not stop.is_set():
        try:
            await asyncio.to_thread(stack.outbox.deliver)
        except Exception:  # a database outage must not end the loop
            logger.exception("outbox delivery failed; retrying in %s s", interval)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)


def _refresh_on_change(stack: Modstack, runtime: ModuleRuntime) -> None:
    # While serving, a module that stops or fails must leave the templates and catalogue;
    # during startup and shutdown the lifespan rebuilds them once instead.
    if stack.serving and not runtime.is_active:
        stack.refresh_views()


def _announce(stack: Modstack, change: ConfigChanged) -> None:
    """``config.changed``: modules react with ``@handles(ConfigChanged)``."""
    assert stack.events is not None
    if change.tenant is None:
        stack.events.broadcast(change)
    else:
        stack.events.publish(change, tenant=change.tenant)


def _report_settings(stack: Modstack) -> None:
    """At boot, every invalid setting of every module in one report (each such module
    is already failed; the others run)."""
    problems = stack.settings_manager.validate_settings()
    if problems:
        logger.error(
            "%s invalid setting%s:\n%s",
            len(problems),
            "s" if len(problems) != 1 else "",
            "\n".join(f"  - {problem}" for problem in problems),
        )
