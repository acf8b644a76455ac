"""What may plug into a ``Kernel``: objects playing one or more of these roles, given at
construction (``Kernel(registry, plugins=[...])``) or added before the kernel starts.

    class Routes:
        step = "routes"                       # how a failure here is reported
        def start_module(self, runtime): ...  # mount the module's routes
        def stop_module(self, runtime): ...   # unmount them

A plugin keeps what it sets up for a run of a module in its own hands (a dict keyed by
the runtime); the kernel tells it everything it needs: a runtime started during a reload
is ``standby`` until ``swap_modules`` puts it in service.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from modstack.kernel.runtime import ModuleRuntime


@runtime_checkable
class ModuleStarter(Protocol):
    """Runs while a module starts, after its settings are loaded and before its
    ``on_startup``; raising fails the module (reported as the plugin's ``step``)."""

    def start_module(self, runtime: ModuleRuntime) -> Awaitable[None] | None: ...


@runtime_checkable
class ModuleStopper(Protocol):
    """Runs while a module stops, before its ``on_shutdown``, and after a failed start:
    what ``start_module`` set up is torn down here (in reverse plugin order)."""

    def stop_module(self, runtime: ModuleRuntime) -> Awaitable[None] | None: ...


@runtime_checkable
class ModuleSwapper(Protocol):
    """A reload puts ``fresh`` runtimes in service in place of ``replaced`` ones (same
    codes), in one step with no ``await``: swap routes, services and handlers here."""

    def swap_modules(
        self, fresh: Mapping[str, ModuleRuntime], replaced: Mapping[str, ModuleRuntime]
    ) -> None: ...


@runtime_checkable
class ModuleDiscarder(Protocol):
    """A runtime a failed reload throws away (it never went into service)."""

    def discard_module(self, runtime: ModuleRuntime) -> None: ...


@runtime_checkable
class StateListener(Protocol):
    """Called after every state change of every runtime."""

    def module_state_changed(self, runtime: ModuleRuntime) -> None: ...


ROLES: tuple[type, ...] = (
    ModuleStarter,
    ModuleStopper,
    ModuleSwapper,
    ModuleDiscarder,
    StateListener,
)


def step_of(plugin: object) -> str:
    """How a failure in ``plugin`` is reported: its ``step`` attribute, else its class."""
    step = getattr(plugin, "step", None)
    return step if isinstance(step, str) else type(plugin).__name__


class Plugins:
    """A kernel's plugins sorted by role (checked when added)."""

    def __init__(self, plugins: Iterable[object] = ()) -> None:
        self.starters: list[ModuleStarter] = []
        self.stoppers: list[ModuleStopper] = []
        self.swappers: list[ModuleSwapper] = []
        self.discarders: list[ModuleDiscarder] = []
        self.listeners: list[StateListener] = []
        for plugin in plugins:
            self.add(plugin)

    def add(self, plugin: object) -> None:
        """Add ``plugin`` to every role it plays. Raises TypeError naming a plugin that
        plays none."""
        roles = [role for role in ROLES if isinstance(plugin, role)]
        if not roles:
            names = ", ".join(f"{r.__name__}.{_method(r)}" for r in ROLES)
            raise TypeError(f"kernel plugin {plugin!r} plays no role: give it one of {names}")
        if isinstance(plugin, ModuleStarter):
            self.starters.append(plugin)
        if isinstance(plugin, ModuleStopper):
            self.stoppers.append(plugin)
        if isinstance(plugin, ModuleSwapper):
            self.swappers.append(plugin)
        if isinstance(plugin, ModuleDiscarder):
            self.discarders.append(plugin)
        if isinstance(plugin, StateListener):
            self.listeners.append(plugin)


def _method(role: type) -> str:
    return next(name for name in vars(role) if not name.startswith("_"))
