"""``Kernel``: boots modules in load order, stops them in reverse, isolates failures."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from modstack.definition import ModuleDefinition
from modstack.errors import ModuleNotFound
from modstack.kernel.hooks import call_hook, resolve_hook
from modstack.kernel.lifecycle import Lifecycle
from modstack.kernel.module_config import load_module_config
from modstack.kernel.plugins import Plugins, step_of
from modstack.kernel.reload import ReloadResult, load_new_code
from modstack.kernel.runtime import ModuleRuntime
from modstack.kernel.seed_names import KernelSeedNames
from modstack.kernel.tenant_plans import TenantPlan
from modstack.registry import Registry

logger = logging.getLogger("modstack.kernel")


@dataclass(frozen=True)
class ModuleContext:
    """What a hook may ask for: its module, the kernel, and the host application."""

    runtime: ModuleRuntime
    kernel: Kernel

    @property
    def code(self) -> str:
        """The module's code."""
        return self.runtime.code

    @property
    def config(self) -> Any:
        """The module's settings object, or None."""
        return self.runtime.config

    @property
    def app(self) -> Any:
        """The web application the kernel runs in, if any."""
        return self.kernel.app


class Kernel(KernelSeedNames):
    """Runs the modules of one registry. One module failing never stops the others:
    it becomes ``failed`` (error kept), what requires it becomes ``blocked``."""

    def __init__(
        self,
        registry: Registry,
        *,
        app: Any = None,
        health_timeout: float = 5.0,
        config_loader: Callable[[ModuleDefinition], Any] | None = None,
        plugins: Iterable[object] = (),
    ) -> None:
        self.registry = registry
        self.config_loader = config_loader or load_module_config
        """Loads a module's settings (the configuration manager's, in an app)."""
        self.app = app
        self.health_timeout = health_timeout
        self.modules: dict[str, ModuleRuntime] = {d.code: ModuleRuntime(d) for d in registry}
        self.plugins = Plugins(plugins)
        """What plugs into the module lifecycle: routes, services, event handlers."""
        self._reloading = asyncio.Lock()

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self, codes: Iterable[str] | None = None) -> None:
        """Start modules (default: all) in load order."""
        for code in self.registry.in_load_order(self.registry.order if codes is None else codes):
            await self._start(self.modules[code])

    async def stop(self, codes: Iterable[str] | None = None) -> None:
        """Stop running modules (default: all) in reverse load order."""
        for code in reversed(
            self.registry.in_load_order(self.registry.order if codes is None else codes)
        ):
            await self._stop(self.modules[code])

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Kernel]:
        """Start everything on entry and stop everything on exit (a lifespan)."""
        await self.start()
        try:
            yield self
        finally:
            await self.stop()

    async def reload(self, code: str) -> ReloadResult:
        """Reload ``code`` and its active dependents without stopping service: the new
        runtimes start beside the old ones (``standby``), then in one step with no
        ``await`` the plugins swap them in; only then do the old ones stop. On any
        failure the old code keeps serving and the result carries the error. Raises
        ModuleNotFound."""
        async with self._reloading:
            new_code = load_new_code(self.runtime(code).definition, self.registry)
            registry = new_code.registry
            if registry is None:
                return new_code.result
            active = {c for c, runtime in self.modules.items() if runtime.is_active}
            affected = [code, *registry.in_load_order(registry.dependents(code) & active)]
            fresh: dict[str, ModuleRuntime] = {}
            for each in affected:
                definition = registry.get(each) if each == code else self.modules[each].definition
                fresh[each] = runtime = ModuleRuntime(definition, standby=True)
                await self._start(runtime)
                if not runtime.is_active:
                    await self._abandon(fresh)
                    return new_code.give_up(f"{each}: {runtime.reason}")
            replaced = {each: self.modules[each] for each in affected}
            self._swap(registry, fresh, replaced)  # routes and runtimes change together
            for each in reversed(affected):
                await self._stop(replaced[each])
            new_code.result.reloaded = tuple(affected)
            return new_code.result

    async def add(self, registry: Registry, code: str) -> ModuleRuntime:
        """Run module ``code``, new in ``registry`` (a folder added while the app runs):
        ``registry`` replaces the kernel's, then the module starts. Raises ValueError
        when ``code`` runs already or ``registry`` does not hold every running module."""
        if code in self.modules:
            raise ValueError(f"module {code!r} runs already; reload it instead")
        missing = set(self.modules) - set(registry.order)
        if missing:
            raise ValueError(f"the new registry drops running modules: {sorted(missing)}")
        runtime = ModuleRuntime(registry.get(code))
        self._swap(registry, {}, {})
        self.modules[code] = runtime
        await self._start(runtime)
        return runtime

    def add_plugin(self, plugin: object) -> None:
        """Plug ``plugin`` in (before the kernel starts). Raises TypeError naming a
        plugin that plays no role of ``modstack.kernel.plugins``."""
        self.plugins.add(plugin)

    def _swap(self, registry: Registry, fresh: dict[str, ModuleRuntime],
              replaced: dict[str, ModuleRuntime]) -> None:  # fmt: skip
        """Put ``fresh`` runtimes in place of ``replaced`` ones, in one step."""
        for runtime in fresh.values():
            runtime.standby = False
        self.registry = registry  # swappers see the registry the new runtimes belong to
        for swapper in self.plugins.swappers:
            swapper.swap_modules(fresh, replaced)
        self.modules.update(fresh)

    async def _abandon(self, fresh: dict[str, ModuleRuntime]) -> None:
        """Stop and forget the runtimes of a failed reload (they never went into service)."""
        for runtime in reversed(list(fresh.values())):
            if runtime.state is Lifecycle.ACTIVE:
                await self._stop(runtime)
            for discarder in self.plugins.discarders:
                discarder.discard_module(runtime)

    async def _start(self, runtime: ModuleRuntime) -> None:
        if runtime.state is Lifecycle.ACTIVE:
            return
        missing = [c for c in runtime.definition.requires_codes if not self.modules[c].is_active]
        if missing:
            first = self.modules[missing[0]]
            self._move(
                runtime,
                Lifecycle.BLOCKED,
                reason=f"requires {first.code}, which is {first.state.value}",
            )
            return
        self._move(runtime, Lifecycle.STARTING)
        definition = runtime.definition
        step = "import"
        try:
            if definition.package is not None:
                importlib.import_module(definition.package)
            step = "settings"
            runtime.config = self.config_loader(definition)
            for starter in self.plugins.starters:
                step = step_of(starter)
                outcome = starter.start_module(runtime)
                if inspect.isawaitable(outcome):
                    await outcome
            step = "on_startup"
            if definition.implementation is not None:
                runtime.instance = definition.implementation()
                initialize = getattr(runtime.instance, "initialize", None)
                if initialize is not None and await call_hook(initialize, self.app) is False:
                    raise RuntimeError("initialize() returned False")
            if definition.on_startup is not None:
                await call_hook(
                    resolve_hook(definition, definition.on_startup), self.context(runtime)
                )
        except Exception as error:
            # The module's own code failed: the traceback (its file and line) goes to the
            # log; answers say only that the module is unavailable.
            logger.error(
                "module %r failed during %s: %s", runtime.code, step, error, exc_info=error
            )
            await self._teardown(runtime)
            runtime.fail(error, during=step)
            self._notify(runtime)
            return
        self._move(runtime, Lifecycle.ACTIVE)

    async def _stop(self, runtime: ModuleRuntime) -> None:
        if runtime.state is not Lifecycle.ACTIVE:
            if runtime.state in (Lifecycle.FAILED, Lifecycle.BLOCKED):
                self._move(runtime, Lifecycle.STOPPED)
            return
        self._move(runtime, Lifecycle.STOPPING)
        definition = runtime.definition
        try:
            for stopper in reversed(self.plugins.stoppers):
                outcome = stopper.stop_module(runtime)
                if inspect.isawaitable(outcome):
                    await outcome
            if definition.on_shutdown is not None:
                await call_hook(
                    resolve_hook(definition, definition.on_shutdown), self.context(runtime)
                )
            cleanup = getattr(runtime.instance, "cleanup", None)
            if cleanup is not None:
                await call_hook(cleanup)
        except Exception as error:  # noqa: BLE001 - shutdown goes on for the others
            logger.error("module %r failed to stop cleanly: %s", runtime.code, error)
            runtime.fail(error, during="on_shutdown")
            self._notify(runtime)
            return
        self._move(runtime, Lifecycle.STOPPED)

    async def _teardown(self, runtime: ModuleRuntime) -> None:
        """Undo what the starters did for a module that failed to start."""
        for stopper in reversed(self.plugins.stoppers):
            try:
                outcome = stopper.stop_module(runtime)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:
                logger.exception("cleaning up module %r after its failed start", runtime.code)

    def _move(
        self, runtime: ModuleRuntime, target: Lifecycle, *, reason: str | None = None
    ) -> None:
        runtime.move(target, reason=reason)
        self._notify(runtime)

    def _notify(self, runtime: ModuleRuntime) -> None:
        for listener in list(self.plugins.listeners):
            listener.module_state_changed(runtime)

    def context(self, runtime: ModuleRuntime) -> ModuleContext:
        """The context object hooks receive."""
        return ModuleContext(runtime, self)

    # -- tenants ------------------------------------------------------------------------

    async def plan_applied(self, plan: TenantPlan) -> None:
        """Call ``on_enable(tenant)`` / ``on_disable(tenant)`` of every active module the
        plan switched. A failing hook is logged; the plan stays applied."""
        for change in plan.changes:
            runtime = self.modules.get(change.code)
            if runtime is None or not runtime.is_active:
                continue
            name = "on_enable" if change.after.is_on else "on_disable"
            if change.before.is_on == change.after.is_on:
                continue  # dependency -> enabled: it was on already
            ref = getattr(runtime.definition, name)
            if ref is None:
                continue
            try:
                await call_hook(
                    resolve_hook(runtime.definition, ref), plan.tenant, self.context(runtime)
                )
            except Exception:
                logger.exception(
                    "%s of module %r for tenant %r failed", name, change.code, plan.tenant
                )

    # -- health -------------------------------------------------------------------------

    async def health(self, code: str) -> dict[str, Any]:
        """Run one module's health check (with the kernel's timeout) and report."""
        runtime = self.runtime(code)
        report: dict[str, Any] = {"module": code, "state": runtime.state.value}
        if not runtime.is_active:
            return {**report, "status": runtime.state.value, "reason": runtime.reason}
        try:
            check = self._health_check(runtime)
        except Exception as error:  # noqa: BLE001 - a reference that does not import
            reason = f"health_check cannot be loaded: {type(error).__name__}: {error}"
            return {**report, "status": "unhealthy", "reason": reason}
        if check is None:
            return {**report, "status": "healthy"}
        started = time.perf_counter()
        try:
            result = await asyncio.wait_for(
                call_hook(check, self.context(runtime)), self.health_timeout
            )
        except TimeoutError:
            return {
                **report,
                "status": "unhealthy",
                "reason": f"health check timed out after {self.health_timeout} s",
            }
        except Exception as error:  # noqa: BLE001
            return {**report, "status": "unhealthy", "reason": f"{type(error).__name__}: {error}"}
        report["duration_ms"] = round((time.perf_counter() - started) * 1000, 2)
        return {**report, **_as_health(result)}

    async def health_all(self) -> dict[str, dict[str, Any]]:
        """Every module's health, checked concurrently."""
        codes = list(self.registry.order)
        reports = await asyncio.gather(*(self.health(code) for code in codes))
        return dict(zip(codes, reports, strict=True))

    def _health_check(self, runtime: ModuleRuntime) -> Callable[..., Any] | None:
        if runtime.definition.health_check is not None:
            return resolve_hook(runtime.definition, runtime.definition.health_check)
        return getattr(runtime.instance, "health_check", None)

    # -- modules ------------------------------------------------------------------------

    def runtime(self, code: str) -> ModuleRuntime:
        """The runtime of ``code``. Raises ModuleNotFound."""
        try:
            return self.modules[code]
        except KeyError:
            raise ModuleNotFound(code, known=self.modules) from None

    def is_active(self, code: str) -> bool:
        """True when ``code`` is active."""
        runtime = self.modules.get(code)
        return runtime is not None and runtime.is_active

    def status(self) -> dict[str, Any]:
        """Every module's state, and counts per state."""
        counts: dict[str, int] = {}
        for runtime in self.modules.values():
            counts[runtime.state.value] = counts.get(runtime.state.value, 0) + 1
        return {
            "modules": {code: self.modules[code].summary() for code in self.registry.order},
            "counts": counts,
        }


def _as_health(result: Any) -> dict[str, Any]:
    if isinstance(result, dict):
        status = str(result.get("status", "healthy"))
        return {**result, "status": status}
    if isinstance(result, bool):
        return {"status": "healthy" if result else "unhealthy"}
    if result is None:
        return {"status": "healthy"}
    return {"status": str(result)}
