"""``ModuleTables``: the kernel plugin behind the module routes of an adapter that keeps
one table of routes per run of a module (Flask's blueprints in a private app, Django's
URL resolvers). A starting run's table is built and put in service in one assignment; a
reload's standby run waits until the swap puts every fresh table in service at once; a
failed reload's run is forgotten and the old table keeps serving; a stopped run's table
leaves service. The adapter says how a table is built and what follows a change."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Generic, TypeVar

from modstack.kernel import ModuleRuntime

T = TypeVar("T")


class ModuleTables(ABC, Generic[T]):
    """Kernel plugin: each module run's table (``build``), and the tables in service."""

    step = "routes"

    def __init__(self) -> None:
        self.serving: dict[str, T] = {}
        """The table in service for each module code (replaced whole on a change)."""
        self.built: dict[ModuleRuntime, T] = {}
        """The table of each run that has one (in service or standing by)."""

    @abstractmethod
    def build(self, runtime: ModuleRuntime) -> T:
        """The table of ``runtime``'s routes. Raises what the route files raise."""

    def changed(self) -> None:
        """Called after :attr:`serving` changed (a router cache to clear ...)."""

    def start_module(self, runtime: ModuleRuntime) -> None:
        """Build the run's table; in service unless the run is a reload's standby.
        Raises what :meth:`build` raises."""
        table = self.build(runtime)
        self.built[runtime] = table
        if not runtime.standby:
            self.serving = {**self.serving, runtime.code: table}
            self.changed()

    def swap_modules(
        self, fresh: Mapping[str, ModuleRuntime], replaced: Mapping[str, ModuleRuntime]
    ) -> None:
        """Put the fresh runs' tables in service in one assignment."""
        swapped = {code: self.built[r] for code, r in fresh.items() if r in self.built}
        self.serving = {**self.serving, **swapped}
        self.changed()
        for runtime in replaced.values():
            self.built.pop(runtime, None)

    def stop_module(self, runtime: ModuleRuntime) -> None:
        """Take the run's table out of service."""
        table = self.built.pop(runtime, None)
        if table is not None and self.serving.get(runtime.code) is table:
            self.serving = {c: t for c, t in self.serving.items() if c != runtime.code}
            self.changed()

    def discard_module(self, runtime: ModuleRuntime) -> None:
        """Forget the table of a run a failed reload threw away."""
        self.built.pop(runtime, None)
