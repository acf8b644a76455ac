"""What a class-style module's ``initialize(app_manager)`` receives in a Django project
(the Django seed's modules take no argument; they get the same through
``modstack.django.current()``)."""

from __future__ import annotations

from typing import Any

from modstack.stack import Stack


class ModuleManager:
    """The seed's module manager over the running kernel."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def get_module(self, name: str) -> Any:
        """The initialised instance of class-style module ``name`` (else its runtime)."""
        runtime = self.stack.kernel.get_module(name)
        return runtime.instance if runtime.instance is not None else runtime

    def get_module_status(self) -> dict[str, Any]:
        """Every module's state."""
        return self.stack.kernel.get_module_status()

    def is_module_loaded(self, name: str) -> bool:
        """True when module ``name`` is active."""
        return self.stack.kernel.is_module_loaded(name)


class AppManager:
    """``module_manager``, ``outbox``, ``services`` and ``engine`` of the stack."""

    def bind(self, stack: Stack) -> None:
        """Complete the manager once the stack is built."""
        self.module_manager = ModuleManager(stack)
        self.outbox = stack.outbox
        self.services = stack.services
        self.engine = stack.engine
