"""Hot reload of one module and its active dependents.

The new code is imported, validated and started beside the old one; then, in one step
with no ``await`` in between, the routes and runtimes are swapped; only then is the old
code stopped. Requests never meet a stopped module, and a request in flight finishes on
the code it started on. If anything about the new code fails, the old code keeps serving.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from modstack.definition import ModuleDefinition
from modstack.discovery import reload_definition
from modstack.errors import ModstackError, ModuleTreeError
from modstack.graph import resolve
from modstack.kernel.lifecycle import Lifecycle
from modstack.kernel.runtime import ModuleRuntime

if TYPE_CHECKING:
    from modstack.kernel.kernel import Kernel

KEPT_PARTS = ("models", "migrations", "tasks")
"""Parts reload leaves alone: SQLAlchemy models, Alembic revisions and task registrations
are process-wide; changing them needs a restart."""


@dataclass
class ReloadResult:
    """What a reload did: the modules restarted, or the error that kept the old code."""

    code: str
    reloaded: tuple[str, ...] = ()
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the new code is serving."""
        return self.error is None

    def as_data(self) -> dict[str, object]:
        """The result as JSON-ready data."""
        return {"module": self.code, "ok": self.ok, "reloaded": list(self.reloaded),
                "error": self.error, "notes": self.notes}  # fmt: skip


async def reload_module(kernel: Kernel, code: str) -> ReloadResult:
    """Reload ``code`` and its active dependents (see the module docstring)."""
    old = kernel.get_module(code)
    result = ReloadResult(code, notes=_restart_notes(old.definition))
    saved = _forget_package(old.definition)
    try:
        definition = reload_definition(old.definition)
        if definition.code != code:
            raise ValueError(f"the definition's code changed from {code!r} to {definition.code!r}")
        registry = resolve(definition if d.code == code else d for d in kernel.registry)
    except (ModstackError, ValueError) as error:
        _restore(old.definition, saved)
        result.error = _one_line(error)
        return result
    affected = [code, *registry.in_load_order(registry.dependents(code) & _active(kernel))]
    fresh: dict[str, ModuleRuntime] = {}
    for each in affected:
        runtime = ModuleRuntime(
            registry.get(each) if each == code else kernel.modules[each].definition,
            standby=True,
        )
        await kernel.start_runtime(runtime)
        fresh[each] = runtime
        if not runtime.is_active:
            await _abandon(kernel, fresh)
            _restore(old.definition, saved)
            result.error = f"{each}: {runtime.reason}"
            return result
    replaced = {each: kernel.modules[each] for each in affected}
    kernel.swap(registry, fresh, replaced)  # one step: routes and runtimes change together
    for each in reversed(affected):
        await kernel.stop_runtime(replaced[each])
    result.reloaded = tuple(affected)
    return result


def _active(kernel: Kernel) -> set[str]:
    return {code for code, runtime in kernel.modules.items() if runtime.is_active}


async def _abandon(kernel: Kernel, fresh: dict[str, ModuleRuntime]) -> None:
    for runtime in reversed(list(fresh.values())):
        if runtime.state is Lifecycle.ACTIVE:
            await kernel.stop_runtime(runtime)
        kernel.discard(runtime)


def _package_modules(definition: ModuleDefinition) -> dict[str, ModuleType]:
    package = definition.package
    if package is None:
        return {}
    kept = tuple(f"{package}.{part}" for part in KEPT_PARTS)
    return {
        name: module
        for name, module in list(sys.modules.items())
        if (name == package or name.startswith(package + "."))
        and not any(name == k or name.startswith(k + ".") for k in kept)
    }


def _forget_package(definition: ModuleDefinition) -> dict[str, ModuleType]:
    saved = _package_modules(definition)
    for name in saved:
        del sys.modules[name]
    importlib.invalidate_caches()
    return saved


def _restore(definition: ModuleDefinition, saved: dict[str, ModuleType]) -> None:
    for name in _package_modules(definition):
        del sys.modules[name]
    sys.modules.update(saved)


def _restart_notes(definition: ModuleDefinition) -> list[str]:
    notes = []
    for part in KEPT_PARTS:
        path = definition.path_of(part)
        if path is not None and path.exists():
            notes.append(f"{part}/ is not reloaded: restart the process to pick up changes there")
    return notes


def _one_line(error: BaseException) -> str:
    if isinstance(error, ModuleTreeError):
        return "; ".join(str(p) for p in error.problems)
    return f"{type(error).__name__}: {error}"
