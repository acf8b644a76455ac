"""Wires an ``EventBus`` to a ``Kernel``: a module's handlers are subscribed while it is
active, dropped when it stops, and swapped in one step when it is reloaded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from modstack.events.bus import EventBus
from modstack.events.declare import declared_handlers
from modstack.kernel import Kernel, Lifecycle, ModuleRuntime


class EventHandlers:
    """Kernel plugin: keeps ``bus`` in step with the modules a kernel runs."""

    step = "events"

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self._handlers: dict[ModuleRuntime, list[tuple[str, Callable[..., Any]]]] = {}

    def start_module(self, runtime: ModuleRuntime) -> None:
        """Collect the module's declared handlers (subscribed once it is in service)."""
        self._handlers[runtime] = list(declared_handlers(runtime.definition))

    def module_state_changed(self, runtime: ModuleRuntime) -> None:
        """Subscribe an active module in service; drop one that is no longer active."""
        if runtime.state is Lifecycle.ACTIVE and not runtime.standby:
            self.bus.subscribe_all(runtime.code, self._handlers.get(runtime, ()), owner=runtime)
        elif runtime.state is not Lifecycle.ACTIVE:
            self.bus.unsubscribe(runtime)

    def swap_modules(
        self, fresh: Mapping[str, ModuleRuntime], replaced: Mapping[str, ModuleRuntime]
    ) -> None:
        """Replace the old runtimes' handlers by the new ones' in one step."""
        for code, runtime in fresh.items():
            self.bus.replace(
                remove_owner=replaced[code],
                add=[(key, handler, code, runtime) for key, handler in self._handlers[runtime]],
            )
            self._handlers.pop(replaced[code], None)

    def discard_module(self, runtime: ModuleRuntime) -> None:
        """Forget a runtime a failed reload threw away."""
        self._handlers.pop(runtime, None)


def connect_events(kernel: Kernel, bus: EventBus) -> None:
    """Keep ``bus`` in step with the modules ``kernel`` runs (``EventHandlers(bus)``
    given to the kernel does the same)."""
    kernel.add_plugin(EventHandlers(bus))
