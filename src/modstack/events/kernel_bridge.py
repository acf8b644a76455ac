"""Wires an ``EventBus`` to a ``Kernel``: a module's handlers are subscribed while it is
active, dropped when it stops, and swapped in one step when it is reloaded."""

from __future__ import annotations

from modstack.events.bus import EventBus
from modstack.events.declare import declared_handlers
from modstack.kernel import Kernel, Lifecycle, ModuleRuntime


def connect_events(kernel: Kernel, bus: EventBus) -> None:
    """Keep ``bus`` in step with the modules ``kernel`` runs."""

    def load(runtime: ModuleRuntime) -> None:
        runtime.extras["handlers"] = list(declared_handlers(runtime.definition))

    def changed(runtime: ModuleRuntime) -> None:
        in_service = kernel.modules.get(runtime.code) is runtime
        if runtime.state is Lifecycle.ACTIVE and in_service:
            bus.subscribe_all(runtime.code, runtime.extras.get("handlers", ()), owner=runtime)
        elif runtime.state is not Lifecycle.ACTIVE:
            bus.unsubscribe(runtime)

    def swap(fresh: dict[str, ModuleRuntime], replaced: dict[str, ModuleRuntime]) -> None:
        for code, runtime in fresh.items():
            handlers = runtime.extras.get("handlers", ())
            bus.replace(
                remove_owner=replaced[code],
                add=[(key, handler, code, runtime) for key, handler in handlers],
            )

    kernel.starters.append(("events", load))
    kernel.listeners.append(changed)
    kernel.swappers.append(swap)
