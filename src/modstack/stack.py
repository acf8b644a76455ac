"""``build_stack``: modstack's parts wired once, the same way for every adapter and
every command: the module registry, kernel, tenancy, settings, events and their outbox,
tasks and services, over one database.

    stack = build_stack(ModstackSettings(modules="app/modules"))
    async with stack.running():            # an ASGI lifespan, a command, a test
        stack.kernel.runtime("billing")

    stack.run_in_thread()                  # a WSGI app (Flask, Django): no asyncio for you
    stack.call(stack.reload("billing"))    # run a coroutine on the stack's loop and wait
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections.abc import AsyncIterator, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.engine import Engine

from modstack.config import ConfigChanged, ModuleConfigs, SettingsManager
from modstack.definition import ModuleDefinition
from modstack.discovery import discover, scan
from modstack.errors import ModstackError, ModuleNotFound, TenantExistsError
from modstack.events import EventBus, Outbox
from modstack.events.kernel_bridge import EventHandlers
from modstack.graph import resolve
from modstack.kernel import Kernel, ModuleRuntime
from modstack.kernel.reload import ReloadResult
from modstack.migrations import Migrations, module_migrations
from modstack.registry import Registry
from modstack.reloads import ReloadReport, Reloads
from modstack.services import ServiceRegistry, ServiceRuntime
from modstack.services.kernel_bridge import ModuleServices
from modstack.services.redis_throttle import NAMESPACE, RedisThrottle, Throttle
from modstack.settings import ModstackSettings, load_settings
from modstack.stack_thread import StackThread
from modstack.tasks import Tasks
from modstack.tenancy import Plan, TenancyService, connect
from modstack.web.throttle import SignInThrottle

logger = logging.getLogger("modstack")

T = TypeVar("T")


class Stack:
    """Everything modstack runs for one app, complete when built. Run it once, with
    ``running()`` (async) or ``run_in_thread()`` (WSGI)."""

    def __init__(
        self,
        settings: ModstackSettings,
        *,
        kernel: Kernel,
        tenancy: TenancyService,
        settings_manager: SettingsManager,
        events: EventBus,
        outbox: Outbox,
        services: ServiceRegistry,
    ) -> None:
        self.settings = settings
        self.kernel = kernel
        self.tenancy = tenancy
        self.settings_manager = settings_manager
        """Every module's settings (``get_module_config(code, tenant)``), live."""
        self.events = events
        """The event bus modules publish on."""
        self.outbox = outbox
        """Durable events: write with ``record_event`` in your transaction; ``running()``
        delivers them every ``MODSTACK_OUTBOX_INTERVAL`` seconds."""
        self.services = services
        self.serving = False
        """True while ``running()`` is between start and stop."""
        self._thread: StackThread | None = None
        self._pid = os.getpid()  # the process that built the stack (and its pool)
        self._closed = False
        kernel.add_plugin(_RegistryFollower(self))
        self.reloads = Reloads(self)
        """Reloads that reach every worker (``reload_everywhere``)."""
        tenancy.change_listeners.append(self.reloads.heard)

    @cached_property
    def tasks(self) -> Tasks:
        """Every module's tasks (their files are imported on first use)."""
        return Tasks(self.registry, self.tenancy, broker_url=self.settings.tasks_broker_url)

    @cached_property
    def signin_throttle(self) -> Throttle:
        """Failed sign-ins (the admin sign-in form, wrong bearer tokens), see
        :func:`signin_throttle`."""
        return signin_throttle(self.settings)

    @property
    def registry(self) -> Registry:
        """The current module registry (a reload replaces it)."""
        return self.kernel.registry

    @property
    def engine(self) -> Engine:
        """The app's database (``MODSTACK_DATABASE_URL``): modstack's own tables live there,
        and a module may keep its tables there too."""
        return self.tenancy.store.engine

    @asynccontextmanager
    async def running(self, *, background: bool = True) -> AsyncIterator[Stack]:
        """Start the modules, the outbox delivery and (in development, with
        ``MODSTACK_WATCH``) the file watcher; on exit stop them all and close the
        connections. ``background=False`` starts the modules only (what a command that
        inspects them needs)."""
        loop = asyncio.get_running_loop()

        def run_tenant_hooks(plan: Plan) -> None:
            asyncio.run_coroutine_threadsafe(self.kernel.plan_applied(plan), loop)

        self.tenancy.listeners.append(run_tenant_hooks)
        self._create_default_tenant()
        self._warn_pending_migrations()
        stop = asyncio.Event()
        loops: list[asyncio.Task[None]] = []
        try:
            async with self.kernel.running():
                self._report_settings()
                self.serving = True
                if background:
                    loops.append(asyncio.create_task(self._deliver_outbox(stop)))
                    loops.append(asyncio.create_task(self.reloads.serve(stop)))
                if background and self.settings.watch and self.settings.is_development:
                    from modstack.watch import watch_modules

                    loops.append(asyncio.create_task(watch_modules(self, stop)))
                try:
                    yield self
                finally:
                    self.serving = False
                    stop.set()
                    for task in loops:
                        await task
        finally:
            self.tenancy.listeners.remove(run_tenant_hooks)
            self.close()

    def _create_default_tenant(self) -> None:
        """``MODSTACK_DEFAULT_TENANT``: create it on first start (any worker may win)."""
        tenant = self.settings.default_tenant
        if not tenant:
            return
        modules = self.settings.default_modules or list(self.registry.order)
        with suppress(TenantExistsError):
            self.tenancy.create_tenant(tenant, modules=modules, reason="the default tenant")

    def _warn_pending_migrations(self) -> None:
        """At start, one warning per module whose migrations are not all applied (its
        requests would fail on missing tables). A check that fails only says so."""
        if not module_migrations(self.registry):
            return
        migrations = Migrations(self.registry, self.settings.database_url, engine=self.engine)
        try:
            pending = migrations.pending()
        except Exception as error:  # noqa: BLE001 - revision files are user code; a check never stops a start
            logger.warning("could not check the modules' migrations: %s", error)
            return
        for code, revisions in pending.items():
            logger.warning(
                "module %r has %d pending migration%s (%s): its tables may be missing or "
                "out of date; run `modstack db upgrade`",
                code,
                len(revisions),
                "s" if len(revisions) != 1 else "",
                ", ".join(revisions),
            )

    def close(self) -> None:
        """Close the task runner, the services' connections, the notifier and the
        database pool (``running()`` does it on exit; a stack never run needs it).
        Closing twice does nothing."""
        if self._closed:
            return
        self._closed = True
        if "tasks" in vars(self):
            self.tasks.close()
        self.services.runtime.close()
        throttle = vars(self).get("signin_throttle")
        if isinstance(throttle, RedisThrottle):
            throttle.close()
        self.tenancy.close()
        self.tenancy.store.dispose()

    def run_in_thread(self) -> StackThread:
        """Run ``running()`` in a daemon thread with a loop of its own, for WSGI servers,
        and wait until the modules have started. Idempotent in a process; in a forked
        child (a gunicorn worker) the pools inherited from the parent are dropped and the
        child starts a thread of its own. Stopped at interpreter exit."""
        if self._thread is None or not self._thread.alive_here():
            if os.getpid() != self._pid:  # forked: the parent's connections are not ours
                self.tenancy.store.engine.dispose(close=False)
                self._pid = os.getpid()
            self._thread = StackThread(self.running)
            self._thread.start()
        return self._thread

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the stack's loop (started if needed) and wait for it:
        how a WSGI view reaches async module code."""
        return self.run_in_thread().call(coroutine)

    async def reload(self, code: str) -> ReloadResult:
        """Reload module ``code`` (and its active dependents) in this process while the
        app serves; the old code keeps serving if the new code fails. A module folder
        added since the start is discovered, checked with the others and started (no
        tenant has it until it is enabled). Raises ModuleNotFound.
        ``reload_everywhere`` reaches every worker."""
        if code not in self.kernel.modules:
            return await self._add(code)
        return await self.kernel.reload(code)

    def find_new(self, code: str) -> ModuleDefinition | None:
        """Module ``code``'s definition when its folder was added since the start."""
        if code in self.kernel.modules:
            return None
        try:
            found = discover(self.settings.modules)
        except ModstackError:
            return None
        return next((d for d in found if d.code == code), None)

    async def _add(self, code: str) -> ReloadResult:
        definition = self.find_new(code)
        if definition is None:
            raise ModuleNotFound(code, known=self.registry.order)
        result = ReloadResult(code)
        try:
            registry = resolve([*self.registry, definition])
        except ModstackError as error:
            result.error = f"{type(error).__name__}: {error}"
            return result
        runtime = await self.kernel.add(registry, code)
        if not runtime.is_active:
            result.error = f"{code}: {runtime.reason}"
        else:
            result.reloaded = (code,)
            result.notes.append("a new module: enable it for a tenant to serve it")
        return result

    def _follow(self, registry: Registry) -> None:
        """Every part works on the kernel's registry (after a reload or a new module)."""
        self.tenancy.registry = registry
        self.settings_manager.registry = registry
        self.events.registry = registry
        self.services.modules = registry

    async def reload_everywhere(self, code: str) -> ReloadReport:
        """Reload ``code`` in every worker of the app (those sharing its database): each
        reports its outcome; one that fails keeps its old code. Raises ModuleNotFound."""
        return await self.reloads.reload_everywhere(code)

    async def _deliver_outbox(self, stop: asyncio.Event) -> None:
        """Deliver the outbox's pending events (new ones, and retries) until ``stop``."""
        interval = self.settings.outbox_interval
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.outbox.deliver)
            except Exception:  # a database outage must not end the loop
                logger.exception("outbox delivery failed; retrying in %s s", interval)
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)

    def _announce(self, change: ConfigChanged) -> None:
        """``config.changed``: modules react with ``@handles(ConfigChanged)``."""
        if change.tenant is None:
            self.events.broadcast(change)
        else:
            self.events.publish(change, tenant=change.tenant)

    def _report_settings(self) -> None:
        """At boot, every invalid setting of every module in one report (each such module
        is already failed; the others run)."""
        problems = self.settings_manager.validate_settings()
        if problems:
            logger.error(
                "%s invalid setting%s:\n%s",
                len(problems),
                "s" if len(problems) != 1 else "",
                "\n".join(f"  - {problem}" for problem in problems),
            )


class _RegistryFollower:
    """Kernel plugin: when the kernel's registry changes, every part follows."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def swap_modules(
        self, fresh: Mapping[str, ModuleRuntime], replaced: Mapping[str, ModuleRuntime]
    ) -> None:
        """Hand the kernel's (new) registry to tenancy, settings, events and services."""
        self.stack._follow(self.stack.kernel.registry)


def signin_throttle(settings: ModstackSettings) -> Throttle:
    """The throttle of failed sign-ins: counted in Redis when ``MODSTACK_REDIS_URL`` is
    set, so every worker of the app shares the counts (an app is its database: two apps on
    one Redis count apart; close it when done); else in this process."""
    local = SignInThrottle(limit=settings.signin_limit, window=settings.signin_window)
    if not settings.redis_url:
        return local
    app = hashlib.sha256(settings.database_url.encode()).hexdigest()[:16]  # one count per app
    return RedisThrottle(settings.redis_url, local, limit=settings.signin_limit,
                         window=settings.signin_window, namespace=f"{NAMESPACE}:{app}")  # fmt: skip


def discover_modules(settings: ModstackSettings, packages: Sequence[str] = ()) -> Registry:
    """The registry of the modules folder ``settings.modules`` and of the class-style
    modules found by scanning ``packages`` (the Flask and Django seeds' ``core.modules``);
    with packages, a modules folder that does not exist is no error. Raises
    ModuleTreeError listing every problem."""
    if not packages:
        return resolve(discover(settings.modules))
    roots = [settings.modules] if Path(settings.modules).is_dir() else []
    return resolve(scan(*roots, packages=packages).raise_for_problems())


def build_stack(
    settings: ModstackSettings | None = None,
    *,
    plugins: Sequence[object] = (),
    app: object = None,
    registry: Registry | None = None,
    packages: Sequence[str] = (),
    migrate: bool = True,
    module_configs: ModuleConfigs | Mapping[str, Any] | None = None,
) -> Stack:
    """The parts of modstack for ``settings`` (default: the ``MODSTACK_*`` environment),
    wired: ``plugins`` (see ``modstack.kernel.plugins``) join the kernel after the
    services and event handlers; ``app`` is what hooks see as ``context.app``;
    ``registry`` skips discovery, else the modules are those of ``settings.modules``
    and of ``packages`` (default: ``settings.package``), see :func:`discover_modules`;
    ``module_configs`` are module settings given in code (``{"billing": {"timeout": 5}}``,
    the Django seed's ``MODULE_CONFIGS``), above the environment and below values set at
    run time, see :class:`~modstack.config.ModuleConfigs`.

    Raises InvalidSettingsError for invalid ``MODSTACK_*`` values (without ``settings``),
    ModuleTreeError listing every problem of an invalid tree, ModuleConfigsError
    listing every problem of ``module_configs``, and StoreUnavailableError when the
    database cannot be reached."""
    settings = settings or load_settings()
    registry = registry or discover_modules(settings, packages or settings.package_names)
    given = ModuleConfigs.of(module_configs)
    explicit = given.checked(registry)
    tenancy = connect(
        registry,
        database=settings.database_url,
        redis_url=settings.redis_url or "",
        default_modules=settings.default_modules,
        staleness=settings.staleness,
        migrate=migrate,
    )
    manager = SettingsManager(
        registry,
        tenancy.store,
        explicit=explicit,
        explicit_origin=given.origin,
        notifier=tenancy.notifier,
        staleness=settings.staleness,
    )
    tenancy.change_listeners.append(manager.heard)
    events = EventBus(registry, enabled_for=tenancy.enabled_modules)
    services = ServiceRegistry(
        ServiceRuntime(redis_url=settings.redis_url, enabled=tenancy.is_enabled), modules=registry
    )
    kernel = Kernel(
        registry,
        app=app,
        health_timeout=settings.health_timeout,
        config_loader=lambda definition: manager.get_module_config(definition.code),
        plugins=[ModuleServices(services), EventHandlers(events), *plugins],
    )
    stack = Stack(
        settings,
        kernel=kernel,
        tenancy=tenancy,
        settings_manager=manager,
        events=events,
        outbox=Outbox(events, tenancy.store, lease=settings.outbox_lease),
        services=services,
    )
    manager.listeners.append(stack._announce)
    return stack
