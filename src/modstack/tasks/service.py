"""``Tasks``: enqueue a module's task for a tenant; refused (and recorded) when the module
is off for that tenant, checked when enqueued and again when run."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from modstack.errors import TaskRefusedError
from modstack.registry import Registry
from modstack.tasks.registry import TaskSpec, discover_tasks, spec_of
from modstack.tasks.runners import CeleryRunner, InProcessRunner, Runner, TaskHandle
from modstack.tenancy import TenancyService


class Tasks:
    """Every module's tasks, run in process (default) or by Celery workers when
    ``broker_url`` is set."""

    def __init__(
        self,
        registry: Registry,
        tenancy: TenancyService,
        *,
        broker_url: str | None = None,
        workers: int = 4,
    ) -> None:
        self.tenancy = tenancy
        self.specs: dict[str, TaskSpec] = discover_tasks(registry)
        self.runner: Runner = (
            CeleryRunner(
                self.execute,
                broker_url=broker_url,
                names=list(self.specs),
                shared=[name for name, spec in self.specs.items() if spec.shared],
            )
            if broker_url
            else InProcessRunner(self.execute, workers=workers)
        )

    def enqueue(
        self, name: str, *args: Any, tenant: str, countdown: float = 0, **kwargs: Any
    ) -> TaskHandle:
        """Queue task ``name`` (``<code>.<task>``) for ``tenant``.

        Raises TaskRefusedError (and records it) when the task's module is not enabled
        for the tenant, ModuleNotFound for an unknown task, TenantNotFound.
        """
        self._check(spec_of(self.specs, name), tenant, stage="enqueue")
        return self.runner.submit(name, tenant, args, kwargs, countdown=countdown)

    def execute(self, name: str, tenant: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Run one task where it was delivered, after checking its module is still enabled
        for its tenant (raises TaskRefusedError and records it otherwise)."""
        spec = spec_of(self.specs, name)
        self._check(spec, tenant, stage="run")
        if "tenant" in inspect.signature(spec.function).parameters:
            kwargs = {**kwargs, "tenant": tenant}
        result = spec.function(*args, **kwargs)
        if inspect.isawaitable(result):
            return asyncio.run(_awaited(result))
        return result

    def _check(self, spec: TaskSpec, tenant: str, *, stage: str) -> None:
        if self.tenancy.is_enabled(tenant, spec.module):
            return
        self.tenancy.store.record_refusal(
            task=spec.name, module=spec.module, tenant=tenant, stage=stage
        )
        raise TaskRefusedError(task=spec.name, module=spec.module, tenant=tenant, stage=stage)

    def close(self) -> None:
        """Stop the runner."""
        self.runner.close()


async def _awaited(value: Any) -> Any:
    return await value
