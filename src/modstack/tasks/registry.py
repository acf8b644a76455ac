"""Finding tasks: each module's ``tasks`` package, functions marked with ``@task``, and
Celery's own ``@shared_task`` functions (gated per tenant the same way: they take a
``tenant`` argument)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from modstack.definition import ModuleDefinition
from modstack.errors import DefinitionError, ModuleNotFound
from modstack.registry import Registry

F = TypeVar("F", bound=Callable[..., Any])
_MARK = "__modstack_task__"


def task(name: str | None = None) -> Callable[[F], F]:
    """Mark a function in a module's ``tasks`` package as a background task, named
    ``<code>.<name>`` (default: the function's name)."""

    def mark(function: F) -> F:
        setattr(function, _MARK, name or function.__name__)
        return function

    return mark


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """One task: its full name, the module that owns it, and the function."""

    name: str
    module: str
    function: Callable[..., Any]
    shared: bool = False
    """A Celery ``@shared_task``: it keeps Celery's name and its own call signature
    (``tenant`` among its arguments) so that ``task.delay(..., tenant=...)`` works too."""


def discover_tasks(registry: Registry, codes: list[str] | None = None) -> dict[str, TaskSpec]:
    """Every task of the modules (default: all) that have a ``tasks`` package, by name.

    Raises what a tasks package raises on import, and ValueError for two tasks with one name.
    """
    found: dict[str, TaskSpec] = {}
    for definition in registry:
        if codes is not None and definition.code not in codes:
            continue
        folder = definition.path_of("tasks")
        if definition.package is None or folder is None or not (folder / "__init__.py").is_file():
            continue
        module = importlib.import_module(
            f"{definition.package}.{definition.paths.tasks.replace('/', '.')}"
        )
        specs = [
            *(
                TaskSpec(f"{definition.code}.{short}", definition.code, value)
                for value in vars(module).values()
                if (short := _marked(value)) is not None
            ),
            *(_shared_spec(definition, module, task) for task in shared_tasks(module)),
        ]
        for spec in specs:
            if spec.name in found and found[spec.name].function is not spec.function:
                raise ValueError(f"two tasks are named {spec.name!r} in module {definition.code!r}")
            found[spec.name] = spec
    return found


def _marked(value: Any) -> str | None:
    """The short name ``@task()`` gave ``value``, or None. Celery's proxies are not asked:
    reading any attribute of one makes it look its task up in the current Celery app."""
    if type(value).__module__.startswith("celery"):
        return None
    short = getattr(value, _MARK, None)
    return short if isinstance(short, str) else None


def shared_tasks(module: Any) -> list[Any]:
    """The Celery ``@shared_task`` tasks defined in ``module``. Each is read from a private
    Celery app (shared tasks join every app when it is finalized), so neither the current
    app nor the order of imports matters; Celery is imported only when ``module`` uses it."""
    if not any(type(v).__module__.startswith("celery") for v in vars(module).values()):
        return []
    from celery import Celery

    probe = Celery("modstack-probe", set_as_current=False)
    try:
        probe.finalize()
        return [
            task
            for name, task in sorted(probe.tasks.items())
            if getattr(task.run, "__module__", None) == module.__name__
        ]
    finally:
        probe.close()


def _shared_spec(definition: ModuleDefinition, module: Any, task: Any) -> TaskSpec:
    if "tenant" not in inspect.signature(task.run).parameters:
        raise DefinitionError(
            module=definition.code,
            field="tasks",
            value=task.name,
            reason="a Celery shared task must take a `tenant` argument: modstack runs a "
            "module's task only for tenants with the module on",
            file=getattr(module, "__file__", None),
        )
    return TaskSpec(task.name, definition.code, task.run, shared=True)


def spec_of(tasks: dict[str, TaskSpec], name: str) -> TaskSpec:
    """The task called ``name``. Raises ModuleNotFound-like LookupError naming near names."""
    try:
        return tasks[name]
    except KeyError:
        raise ModuleNotFound(name, known=tasks) from None
