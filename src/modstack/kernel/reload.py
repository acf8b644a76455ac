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

from modstack.definition import ModuleDefinition
from modstack.discovery import reload_definition
from modstack.errors import ModstackError, ModuleTreeError
from modstack.graph import resolve
from modstack.registry import Registry

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


@dataclass
class NewCode:
    """A module's new code, imported beside the old (which stays in ``sys.modules``
    under the saved names until the reload is done or given up)."""

    result: ReloadResult
    registry: Registry | None
    """The registry with the new definition; None when it could not be loaded."""
    old: ModuleDefinition
    saved: dict[str, ModuleType]

    def give_up(self, error: str) -> ReloadResult:
        """Put the old code's modules back; the result carries ``error``."""
        _restore(self.old, self.saved)
        self.result.error = error
        return self.result


def load_new_code(old: ModuleDefinition, registry: Registry) -> NewCode:
    """Import module ``old.code`` afresh and check the tree with it. On failure the old
    code is restored and ``result.error`` says why."""
    result = ReloadResult(old.code, notes=_restart_notes(old))
    saved = _forget_package(old)
    new_code = NewCode(result, None, old, saved)
    try:
        definition = reload_definition(old)
        if definition.code != old.code:
            raise ValueError(
                f"the definition's code changed from {old.code!r} to {definition.code!r}"
            )
        new_code.registry = resolve(definition if d.code == old.code else d for d in registry)
    except (ModstackError, ValueError) as error:
        new_code.give_up(_one_line(error))
    return new_code


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
