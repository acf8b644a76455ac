"""Finding tasks: each module's ``tasks`` package, functions marked with ``@task``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from modstack.errors import ModuleNotFound
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
        for value in vars(module).values():
            short = getattr(value, _MARK, None)
            if short is None:
                continue
            name = f"{definition.code}.{short}"
            if name in found and found[name].function is not value:
                raise ValueError(f"two tasks are named {name!r} in module {definition.code!r}")
            found[name] = TaskSpec(name, definition.code, value)
    return found


def spec_of(tasks: dict[str, TaskSpec], name: str) -> TaskSpec:
    """The task called ``name``. Raises ModuleNotFound-like LookupError naming near names."""
    try:
        return tasks[name]
    except KeyError:
        raise ModuleNotFound(name, known=tasks) from None
